package commands

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// ckEnv is a router wired to a real scheduler over one embedded store,
// as cmd/bot wires them, on the router tests' fake clock.
type ckEnv struct {
	*harness
	sched *scheduler.Scheduler
}

const (
	ckClub  = "telegram:-100555"
	ckAdmin = "telegram:71"
	ckRuby  = "telegram:72"
)

func newCkEnv(t *testing.T) *ckEnv {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	e := &ckEnv{}
	e.sched = scheduler.New(scheduler.Deps{
		Store: st, Sender: platforms.Senders{}, Platforms: []string{platforms.Telegram},
		Clock: func() time.Time { return e.clock.Now() }, Log: slog.New(slog.DiscardHandler),
	})
	e.harness = newHarnessOn(t, st, func(d *Deps) { d.Schedule = e.sched })
	return e
}

// group sends line from member in the club's group chat.
func (e *ckEnv) group(member, line string, admin bool) platforms.Response {
	e.t.Helper()
	m := msg(member, line)
	m.DM, m.ClubID, m.ChatID, m.Admin = false, ckClub, ckClub, admin
	e.clock.Add(3 * time.Second)
	return e.r.Handle(context.Background(), m)
}

func (e *ckEnv) club() store.Club {
	e.t.Helper()
	c, err := e.st.Club(context.Background(), ckClub)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestClubCommandsSetTheClubWeek(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t) // Wednesday 25 Nov 2026, 12:00 UTC
	got := e.group(ckAdmin, "/club tz europe/london", true).Text
	mustContain(t, got, "Club time zone: Europe/London", "Club runs: none yet")
	got = e.group(ckAdmin, "/club runs sat 08:00", true).Text
	mustContain(t, got, "Club run added: sat 08:00", "warm-up post 30 min before", "Next warm-up post: Sat 28 Nov 07:30", "Posts go to: the club's chat")
	got = e.group(ckAdmin, "/club runs wed 18:30 sun 09:00", true).Text
	mustContain(t, got, "Club runs: wed 18:30, sat 08:00, sun 09:00", "Next warm-up post: Wed 25 Nov 18:00")
	got = e.group(ckAdmin, "/club strength tue,fri 07:00", true).Text
	mustContain(t, got, "Strength-day posts: tue,fri at 07:00")
	got = e.group(ckAdmin, "/club warmup 20", true).Text
	mustContain(t, got, "warm-up post 20 min before", "Next warm-up post: Wed 25 Nov 18:10")
	c := e.club()
	if c.TZ != "Europe/London" || len(c.Runs) != 3 || c.WarmupMinutes != 20 || c.Channel != ckClub || c.StrengthAt != "07:00" {
		t.Errorf("club = %+v", c)
	}
	got = e.group(ckAdmin, "/club runs remove sun 09:00", true).Text
	mustContain(t, got, "Removed the club run sun 09:00", "Club runs: wed 18:30, sat 08:00;")
	got = e.group(ckAdmin, "/club runs remove mon 06:00", true).Text
	mustContain(t, got, "There's no club run on mon 06:00")
	mustContain(t, e.group(ckAdmin, "/club off", true).Text, "Club posts paused", "Posts are paused")
	if !e.club().Off {
		t.Error("/club off did not store Off")
	}
	mustContain(t, e.group(ckAdmin, "/club on", true).Text, "Posts are on.")
	mustContain(t, e.group(ckAdmin, "/club runs clear", true).Text, "Club runs cleared", "Club runs: none yet")
	mustContain(t, e.group(ckAdmin, "/club strength off", true).Text, "Strength-day posts: off")

	// Input errors say how to do it.
	mustContain(t, e.group(ckAdmin, "/club runs someday 8", true).Text, "/club runs sat 08:00")
	mustContain(t, e.group(ckAdmin, "/club tz Mars/Olympus", true).Text, "I don't know the time zone")
	mustContain(t, e.group(ckAdmin, "/club warmup 500", true).Text, "5 to 120")
	mustContain(t, e.group(ckAdmin, "/club dance", true).Text, "I don't know /club dance", "Usage: /club")
}

func TestClubChangesAreForAdmins(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	e.group(ckAdmin, "/club runs sat 08:00", true)
	for _, line := range []string{"/club runs sun 09:00", "/club tz UTC", "/club off", "/club channel", "/club runs clear"} {
		mustContain(t, e.group(ckRuby, line, false).Text, "Only club admins can change")
	}
	if c := e.club(); len(c.Runs) != 1 || c.Off {
		t.Errorf("a non-admin changed the club: %+v", c)
	}
	// Everyone can look.
	mustContain(t, e.group(ckRuby, "/club", false).Text, "Club runs: sat 08:00")
	mustContain(t, e.group(ckRuby, "/club show", false).Text, "Club runs: sat 08:00")
	// The table says so too: the command is open, its mutating subs are not.
	c, _ := e.r.Lookup("club")
	if c.Admin {
		t.Error("/club is admin-only as a whole; /club show should be open")
	}
	for _, s := range c.Subs {
		if (s.Name == "show" || s.Name == "leave") == s.Admin {
			t.Errorf("sub %s: Admin = %v", s.Name, s.Admin)
		}
	}
}

func TestClubInPrivateChat(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	// Not in any club yet.
	mustContain(t, e.sayText(ckAdmin, "/club show"), "I don't know your club yet")
	// Seen in one club: a DM acts on it.
	e.group(ckAdmin, "/club runs sat 08:00", true)
	dm := msg(ckAdmin, "/club runs sun 09:00")
	dm.Admin = true
	e.clock.Add(3 * time.Second)
	mustContain(t, e.r.Handle(context.Background(), dm).Text, "Club run added: sun 09:00")
	if c := e.club(); len(c.Runs) != 2 || c.Channel != ckClub {
		t.Errorf("club after a DM change = %+v (posts must stay in the group)", c)
	}
	// A private chat is no place for the club's posts.
	ch := msg(ckAdmin, "/club channel")
	ch.Admin = true
	mustContain(t, e.r.Handle(context.Background(), ch).Text, "Run /club channel in the group")
	// In two clubs: which one?
	two := msg(ckAdmin, "/club tz UTC")
	two.DM, two.ClubID, two.ChatID = false, "telegram:-100666", "telegram:-100666"
	e.r.Handle(context.Background(), two)
	mustContain(t, e.sayText(ckAdmin, "/club show"), "You're in 2 clubs")
}

func TestClubChannelAndDiscord(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	m := msg("discord:5", "/club channel")
	m.DM, m.ClubID, m.ChatID, m.Admin = false, "discord:900", "discord:77", true
	mustContain(t, e.r.Handle(context.Background(), m).Text, "Club posts will go to this chat", "Posts go to: this chat")
	c, err := e.st.Club(context.Background(), "discord:900")
	if err != nil || c.Channel != "discord:77" {
		t.Errorf("channel = %q, %v", c.Channel, err)
	}
}

// TestClubZoneReplansMembers: a member without a zone of their own gets
// reminders in the club's zone, re-planned when /club tz changes it.
func TestClubZoneReplansMembers(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t) // 12:00 UTC
	e.group(ckRuby, "/settings remind 19:00", false)
	at, err := e.st.When(context.Background(), platforms.Telegram, "remind|"+ckRuby)
	if err != nil || !at.Equal(time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)) {
		t.Fatalf("reminder at %s, %v; want 19:00 UTC (the club's zone is UTC until set)", at, err)
	}
	e.group(ckAdmin, "/club tz America/New_York", true)
	at, err = e.st.When(context.Background(), platforms.Telegram, "remind|"+ckRuby)
	if err != nil || !at.Equal(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after /club tz: reminder at %s, %v; want 19:00 EST = 00:00Z", at, err)
	}
}

func TestClubRunsLimit(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	line := "/club runs"
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		line += " " + d + " 06:00 " + d + " 18:00"
	}
	mustContain(t, e.group(ckAdmin, line, true).Text, "Club run added")
	mustContain(t, e.group(ckAdmin, "/club runs sat 12:00", true).Text, "more than 14 club runs")
	if c := e.club(); len(c.Runs) != 14 {
		t.Errorf("%d runs stored", len(c.Runs))
	}
	if _, err := e.st.Club(context.Background(), "telegram:-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unrelated club exists: %v", err)
	}
}

func TestClubStandings(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	mustContain(t, e.group(ckRuby, "/club show", false).Text, "Challenge standings: off (/club standings sun 18:00)")
	got := e.group(ckAdmin, "/club standings sun 18:00", true).Text
	mustContain(t, got, "Challenge standings will be posted every sun at 18:00", "Challenge standings: sun at 18:00")
	if c := e.club(); c.StandingsDay != "sun" || c.StandingsAt != "18:00" || c.Channel != ckClub {
		t.Errorf("club = %+v", c)
	}
	// Long day names and a one-digit hour read as well.
	mustContain(t, e.group(ckAdmin, "/club standings Friday 7:30", true).Text, "every fri at 07:30")

	// Admins only; the schedule stays as it was.
	mustContain(t, e.group(ckRuby, "/club standings mon 06:00", false).Text, "Only club admins can change")
	mustContain(t, e.group(ckRuby, "/club standings off", false).Text, "Only club admins can change")
	if c := e.club(); c.StandingsDay != "fri" || c.StandingsAt != "07:30" {
		t.Errorf("a non-admin changed the standings: %+v", c)
	}

	// Bad input says how to do it and changes nothing.
	for line, want := range map[string]string{
		"/club standings":                 "/club standings sun 18:00",
		"/club standings sun":             "/club standings sun 18:00",
		"/club standings sun,mon 18:00":   "one day, then a 24-hour time",
		"/club standings someday 18:00":   "one day, then a 24-hour time",
		"/club standings sun 25:00":       "one day, then a 24-hour time",
		"/club standings sun 18:00 extra": "/club standings sun 18:00",
	} {
		mustContain(t, e.group(ckAdmin, line, true).Text, want)
	}
	if c := e.club(); c.StandingsDay != "fri" || c.StandingsAt != "07:30" {
		t.Errorf("bad input changed the standings: %+v", c)
	}

	mustContain(t, e.group(ckAdmin, "/club standings off", true).Text, "Weekly standings posts off", "Challenge standings: off")
	if c := e.club(); c.StandingsDay != "" || c.StandingsAt != "" {
		t.Errorf("after off: %+v", c)
	}
	// The command table offers it to admins only (Discord registers from it).
	c, _ := e.r.Lookup("club")
	found := false
	for _, s := range c.Subs {
		if s.Name == "standings" {
			found = s.Admin
		}
	}
	if !found {
		t.Error("no admin-only standings sub in the /club table")
	}
}

func TestSettingsShowTheNextReminderInTheMemberZone(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t) // Wednesday 25 Nov 2026, 12:00 UTC
	const me = "telegram:73"
	got := e.sayText(me, "/settings tz Asia/Tokyo remind 07:00")
	mustContain(t, got, "next one Thu 26 Nov 07:00 (Asia/Tokyo)")
	// Showing the settings reads the queue; it reports the same time.
	mustContain(t, e.sayText(me, "/settings"), "daily at 07:00 Asia/Tokyo; next one Thu 26 Nov 07:00 (Asia/Tokyo)")
	mustContain(t, e.sayText(me, "/settings remind off"), "Reminders: off")
	if strings.Contains(e.sayText(me, "/settings"), "next one") {
		t.Error("a next reminder is shown after /settings remind off")
	}
}
