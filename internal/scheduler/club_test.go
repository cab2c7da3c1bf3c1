package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func TestClubSchedules(t *testing.T) {
	t.Parallel()
	c := store.Club{
		ID: "telegram:-100", TZ: "Europe/London",
		Runs:         []store.ClubRun{{Day: "sat", At: "08:00"}, {Day: "sat", At: "00:15"}, {Day: "wed", At: "18:30"}},
		StrengthDays: []string{"tue", "fri"}, StrengthAt: "07:00",
	}
	got := map[string]string{}
	for _, sc := range schedulesFor(c) {
		got[sc.key] = sc.spec
	}
	want := map[string]string{
		"telegram:-100|warmup|sat 08:00": "CRON_TZ=Europe/London 30 7 * * 6",
		"telegram:-100|warmup|sat 00:15": "CRON_TZ=Europe/London 45 23 * * 5", // Friday night
		"telegram:-100|warmup|wed 18:30": "CRON_TZ=Europe/London 0 18 * * 3",
		"telegram:-100|strength":         "CRON_TZ=Europe/London 0 7 * * 2,5",
	}
	if len(got) != len(want) {
		t.Errorf("schedules = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: spec %q, want %q", k, got[k], v)
		}
	}
	c.WarmupMinutes = 45
	if s := schedulesFor(c)[0].spec; s != "CRON_TZ=Europe/London 15 7 * * 6" {
		t.Errorf("45-minute warm-up spec = %q", s)
	}
	c.Off = true
	if s := schedulesFor(c); len(s) != 0 {
		t.Errorf("a club that is off has schedules %v", s)
	}
}

// TestClubSpecsAcrossDST checks, through robfig/cron's own Schedule.Next,
// that a club's warm-up post stays at its local time across DST.
func TestClubSpecsAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		zone, day, at, after, want string
	}{
		// Saturday 08:00 runs → 07:30 posts, before and after each change.
		{"Europe/London", "sat", "08:00", "2026-03-27T00:00:00Z", "2026-03-28T07:30:00Z"},
		{"Europe/London", "sat", "08:00", "2026-03-29T00:00:00Z", "2026-04-04T06:30:00Z"},
		{"America/New_York", "sat", "08:00", "2026-10-30T00:00:00Z", "2026-10-31T11:30:00Z"},
		{"America/New_York", "sat", "08:00", "2026-11-01T00:00:00Z", "2026-11-07T12:30:00Z"},
		{"Australia/Sydney", "sat", "08:00", "2026-04-01T00:00:00Z", "2026-04-03T20:30:00Z"},
		{"Australia/Sydney", "sat", "08:00", "2026-04-06T00:00:00Z", "2026-04-10T21:30:00Z"},
		{"Australia/Sydney", "sun", "06:00", "2026-10-01T00:00:00Z", "2026-10-03T18:30:00Z"},
	}
	for _, c := range cases {
		club := store.Club{ID: "console:club", TZ: c.zone, Runs: []store.ClubRun{{Day: c.day, At: c.at}}}
		spec := schedulesFor(club)[0].spec
		sched, err := cron.ParseStandard(spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if got := sched.Next(utc(c.after)); !got.Equal(utc(c.want)) {
			t.Errorf("%s after %s: %s, want %s", spec, c.after, got.UTC().Format(time.RFC3339), c.want)
		}
	}
}

// TestClubPostOnce: cron fires twice when clocks go back, and every replica
// fires: one post between them.
func TestClubPostOnce(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-10-25T00:30:00Z")) // 01:30 BST, Sunday
	st := openEmbedded(t, clk)
	ctx := context.Background()
	// A run at 02:00 warms up at 01:30, a wall time that happens twice.
	if _, err := st.UpdateClub(ctx, "telegram:-5", func(c *store.Club) error {
		c.TZ = "Europe/London"
		c.Runs = []store.ClubRun{{Day: "sun", At: "02:00"}}
		c.Channel = "telegram:-5"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	a := newHarness(t, clk, st, nil)
	b := newHarness(t, clk, st, nil)
	b.snd = a.snd
	b.s.d.Sender = a.snd
	sc := schedulesFor(mustClub(t, st, "telegram:-5"))[0]
	a.s.fireClub(ctx, "telegram:-5", sc)
	b.s.fireClub(ctx, "telegram:-5", sc) // another replica, same instant
	clk.Set(utc("2026-10-25T01:30:00Z")) // 01:30 GMT: cron fires again
	a.s.fireClub(ctx, "telegram:-5", sc)
	posts := a.snd.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	if posts[0].to != "telegram:-5" || !contains(posts[0].text, "Club run at 02:00, in 30 minutes") || !contains(posts[0].text, "Warm-up") {
		t.Errorf("post = %+v", posts[0])
	}
	// A week later it posts again.
	clk.Set(utc("2026-11-01T01:30:00Z"))
	a.s.fireClub(ctx, "telegram:-5", sc)
	if n := len(a.snd.Posts()); n != 2 {
		t.Errorf("next week: %d posts, want 2", n)
	}
	// A schedule removed on another replica since the last reload: no post.
	if _, err := st.UpdateClub(ctx, "telegram:-5", func(c *store.Club) error { c.Runs = nil; return nil }); err != nil {
		t.Fatal(err)
	}
	clk.Set(utc("2026-11-08T01:30:00Z"))
	a.s.fireClub(ctx, "telegram:-5", sc)
	if n := len(a.snd.Posts()); n != 2 {
		t.Errorf("post for a removed run: %d posts", n)
	}
}

func TestClubStrengthPostGoesToChannel(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-03T07:00:00Z")) // Tuesday
	st := openEmbedded(t, clk)
	ctx := context.Background()
	if _, err := st.UpdateClub(ctx, "discord:1", func(c *store.Club) error {
		c.StrengthDays, c.StrengthAt = []string{"tue"}, "07:00"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, clk, st, nil, platforms.Discord)
	sc := schedulesFor(mustClub(t, st, "discord:1"))[0]
	h.s.fireClub(ctx, "discord:1", sc)
	if _, err := st.UpdateClub(ctx, "discord:1", func(c *store.Club) error { c.Channel = "discord:77"; return nil }); err != nil {
		t.Fatal(err)
	}
	clk.Set(utc("2026-03-10T07:00:00Z"))
	h.s.fireClub(ctx, "discord:1", sc)
	posts := h.snd.Posts()
	if len(posts) != 2 || posts[0].to != "discord:1" || posts[1].to != "discord:77" || !contains(posts[1].text, "Strength") {
		t.Errorf("posts = %+v", posts)
	}
}

// TestClubReload: entries follow the store, including changes made by
// another replica, and only for clubs on platforms this process serves.
func TestClubReload(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	set := func(id string, fn func(*store.Club)) {
		if _, err := st.UpdateClub(ctx, ids.ClubID(id), func(c *store.Club) error { fn(c); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	set("console:club", func(c *store.Club) { c.Runs = []store.ClubRun{{Day: "sat", At: "08:00"}} })
	set("telegram:-9", func(c *store.Club) { c.Runs = []store.ClubRun{{Day: "sun", At: "09:00"}} })
	a := newHarness(t, clk, st, nil, platforms.Console)
	b := newHarness(t, clk, st, nil, platforms.Console)
	if err := a.s.ReloadClubs(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.s.ReloadClubs(ctx); err != nil {
		t.Fatal(err)
	}
	if got := a.s.clubSpecs(); len(got) != 1 || got["console:club|warmup|sat 08:00"] == "" {
		t.Fatalf("entries = %v, want the console club's one run", got)
	}
	// Replica a changes the club; b sees it on its next reload.
	set("console:club", func(c *store.Club) {
		c.TZ = "Europe/London"
		c.Runs = append(c.Runs, store.ClubRun{Day: "wed", At: "18:00"})
	})
	if err := a.s.ClubChanged(ctx, "console:club"); err != nil {
		t.Fatal(err)
	}
	if n := len(a.s.clubSpecs()); n != 2 {
		t.Errorf("a has %d entries after ClubChanged, want 2", n)
	}
	if n := len(b.s.clubSpecs()); n != 1 {
		t.Errorf("b changed before reloading: %d entries", n)
	}
	if err := b.s.ReloadClubs(ctx); err != nil {
		t.Fatal(err)
	}
	if got := b.s.clubSpecs(); len(got) != 2 || got["console:club|warmup|sat 08:00"] != "CRON_TZ=Europe/London 30 7 * * 6" {
		t.Errorf("b after reload = %v", got)
	}
	set("console:club", func(c *store.Club) { c.Off = true })
	if err := b.s.ReloadClubs(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(b.s.clubSpecs()); n != 0 {
		t.Errorf("club off: %d entries", n)
	}
	// A deleted club: ClubChanged drops its entries, without an error.
	set("console:club", func(c *store.Club) { c.Off = false })
	if err := a.s.ClubChanged(ctx, "console:club"); err != nil || len(a.s.clubSpecs()) != 2 {
		t.Fatalf("club back on: %v, %v", err, a.s.clubSpecs())
	}
	if err := st.DeleteClub(ctx, "console:club", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.s.ClubChanged(ctx, "console:club"); err != nil {
		t.Errorf("ClubChanged for a deleted club: %v", err)
	}
	if n := len(a.s.clubSpecs()); n != 0 {
		t.Errorf("a deleted club keeps %d entries", n)
	}
}

// TestClubZoneMovesMembers: members without their own zone follow the
// club's, so /club tz re-plans their reminders.
func TestClubZoneMovesMembers(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	h := newHarness(t, clk, st, nil)
	if _, err := st.UpdateClub(ctx, "telegram:-1", func(c *store.Club) error {
		c.Members = []ids.MemberID{"telegram:40", "telegram:41"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h.member(t, "telegram:40", func(m *store.Member) { m.RemindAt = "07:00"; m.Clubs = []ids.ClubID{"telegram:-1"} })
	h.member(t, "telegram:41", func(m *store.Member) {
		m.RemindAt = "07:00"
		m.TZ = "UTC"
		m.Clubs = []ids.ClubID{"telegram:-1"}
	})
	if _, err := st.UpdateClub(ctx, "telegram:-1", func(c *store.Club) error { c.TZ = "America/New_York"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := h.s.ClubChanged(ctx, "telegram:-1"); err != nil {
		t.Fatal(err)
	}
	if at, _ := when(t, st, tg, "remind|telegram:40"); !at.Equal(utc("2026-03-02T12:00:00Z")) {
		t.Errorf("club-zoned member at %s, want 07:00 EST = 12:00Z", at)
	}
	if at, _ := when(t, st, tg, "remind|telegram:41"); !at.Equal(utc("2026-03-02T07:00:00Z")) {
		t.Errorf("member with own zone moved to %s", at)
	}
}

func mustClub(t testing.TB, st Store, id string) store.Club {
	t.Helper()
	c, err := st.Club(context.Background(), ids.ClubID(id))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
