package scheduler_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

type delivery struct{ to, text string }

// outbox is a Sender that keeps what it was given.
type outbox struct {
	mu         sync.Mutex
	dms, posts []delivery
}

func (o *outbox) DM(_ context.Context, member platforms.MemberID, text string, _ []platforms.Button) error {
	id := string(member)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dms = append(o.dms, delivery{id, platforms.Render(text, nil)}) // as an adapter shows it
	return nil
}

func (o *outbox) Post(_ context.Context, chat platforms.ChatID, text string) error {
	channel := string(chat)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.posts = append(o.posts, delivery{channel, platforms.Render(text, nil)})
	return nil
}

func (o *outbox) sent() (dms, posts []delivery) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]delivery(nil), o.dms...), append([]delivery(nil), o.posts...)
}

const (
	club  = "telegram:-100900"
	admin = "telegram:1" // runs
	ruby  = "telegram:2" // joins, then goes quiet
	paula = "telegram:3" // joins, pauses for an injury
)

// world is the bot as cmd/bot wires it, on one embedded store and a fake
// clock, with two scheduler replicas.
type world struct {
	t        *testing.T
	clk      *clock
	st       *embedded.Store
	r        *commands.Router
	out      *outbox
	replicas [2]*scheduler.Scheduler
}

func newWorld(t *testing.T, start time.Time) *world {
	t.Helper()
	w := &world{t: t, clk: &clock{t: start}, out: &outbox{}}
	st, err := embedded.Open(t.TempDir(), embedded.WithClock(w.clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	w.st = st
	log := slog.New(slog.DiscardHandler)
	// One challenge service for the schedulers and the router, built
	// first, as cmd/bot does.
	chal := challenge.New(st, log, w.clk.Now)
	for i := range w.replicas {
		w.replicas[i] = scheduler.New(scheduler.Deps{
			Store: st, Sender: w.out, Platforms: []string{platforms.Telegram}, Clock: w.clk.Now, Log: log,
			Challenges: chal,
		})
	}
	w.r = commands.New(commands.Deps{Store: st, Clock: w.clk.Now, Log: log, Schedule: w.replicas[0], Challenges: chal})
	return w
}

// say sends line from member, in the club's group or privately.
func (w *world) say(member, line string, group bool) string {
	w.t.Helper()
	cmd, args, ok := commands.Parse(line, "")
	if !ok {
		w.t.Fatalf("not a command: %s", line)
	}
	m := platforms.Message{Platform: platforms.Telegram, MemberID: platforms.MemberID(member), DisplayName: "M" + member[len(member)-1:], DM: true, Command: cmd, Args: args}
	if group {
		m.DM, m.ClubID, m.ChatID, m.Admin = false, club, club, member == admin
	}
	return w.r.Handle(context.Background(), m).Text
}

// fire runs the club's entry on every replica, twice on the first (cron
// fires twice when clocks go back), after both reloaded the club.
func (w *world) fire(kind string) {
	w.t.Helper()
	ctx := context.Background()
	for _, s := range w.replicas {
		if err := s.ReloadClubs(ctx); err != nil {
			w.t.Fatal(err)
		}
	}
	for _, s := range []*scheduler.Scheduler{w.replicas[0], w.replicas[1], w.replicas[0]} {
		if !s.FireClubEntry(ctx, club+"|"+kind) {
			w.t.Fatalf("no %s entry; entries %v", kind, s.ClubSpecs())
		}
	}
}

// next is the entry's next fire time after now, from robfig/cron's own
// reading of its spec.
func (w *world) next(kind string) time.Time {
	w.t.Helper()
	if err := w.replicas[0].ReloadClubs(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	spec := w.replicas[0].ClubSpecs()[club+"|"+kind]
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		w.t.Fatalf("%s entry %q: %v", kind, spec, err)
	}
	return sched.Next(w.clk.Now())
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestChallengePostsThroughTheRouter follows a club challenge from the
// first /club standings to its final results: standings once a week at
// the club's chosen local time, however many replicas fire; one nudge to
// the member who went quiet, none to the one resting an injury; the final
// results once, the morning after the last day.
func TestChallengePostsThroughTheRouter(t *testing.T) {
	t.Parallel()
	w := newWorld(t, at("2026-11-25T12:00:00Z")) // Wednesday, 13:00 in Berlin
	for _, line := range []string{
		"/club tz Europe/Berlin",
		"/club standings sun 18:00",
		`/challenge new "Winter 50" 50km today 2026-12-06`,
	} {
		if got := w.say(admin, line, true); strings.Contains(got, "try again") {
			t.Fatalf("%s: %s", line, got)
		}
	}
	for _, m := range []string{admin, ruby, paula} {
		if got := w.say(m, `/challenge join`, true); !strings.Contains(got, "Winter 50") {
			t.Fatalf("%s join: %s", m, got)
		}
	}
	w.say(paula, "/challenge pause", true)
	w.say(admin, "/run 5k", false)

	// Sunday 18:00 in Berlin is 17:00Z.
	if got := w.next("standings"); !got.Equal(at("2026-11-29T17:00:00Z")) {
		t.Fatalf("standings due %s, want Sunday 18:00 CET", got)
	}
	w.clk.Set(at("2026-11-29T17:00:00Z"))
	w.fire("standings")
	_, posts := w.out.sent()
	if len(posts) != 1 || posts[0].to != club || !strings.Contains(posts[0].text, "This week's standings") || !strings.Contains(posts[0].text, "Winter 50") {
		t.Fatalf("standings posts = %+v, want one in the club's chat", posts)
	}

	// The daily run is at 09:00 club time. On 1 December the quiet week
	// still includes the day everyone joined: no nudge.
	if got := w.next("challenges"); !got.Equal(at("2026-11-30T08:00:00Z")) {
		t.Fatalf("daily challenge run due %s, want 09:00 CET", got)
	}
	w.clk.Set(at("2026-12-01T07:00:00Z"))
	w.say(admin, "/run 3k", false)
	w.clk.Set(at("2026-12-01T08:00:00Z"))
	w.fire("challenges")
	if dms, _ := w.out.sent(); len(dms) != 0 {
		t.Fatalf("nudged before a full quiet week: %+v", dms)
	}
	// 2 December: Ruby has logged nothing for 7 days; Paula neither, but
	// she is resting. One nudge, to Ruby.
	w.clk.Set(at("2026-12-02T08:00:00Z"))
	w.fire("challenges")
	dms, _ := w.out.sent()
	if len(dms) != 1 || dms[0].to != ruby || !strings.Contains(dms[0].text, "Winter 50") || !strings.Contains(dms[0].text, "/challenge pause") {
		t.Fatalf("nudges = %+v, want one friendly DM to %s", dms, ruby)
	}
	// Only one per challenge, however long she stays quiet.
	w.clk.Set(at("2026-12-03T08:00:00Z"))
	w.fire("challenges")
	if dms, _ := w.out.sent(); len(dms) != 1 {
		t.Fatalf("nudged again: %+v", dms)
	}

	// The last Sunday is the challenge's last day: standings again.
	w.clk.Set(at("2026-12-06T17:00:00Z"))
	w.fire("standings")
	// The morning after: the final results, once.
	w.clk.Set(at("2026-12-07T08:00:00Z"))
	w.fire("challenges")
	_, posts = w.out.sent()
	if len(posts) != 3 || !strings.Contains(posts[1].text, "standings") || !strings.Contains(posts[2].text, "Final results: Winter 50") || posts[2].to != club {
		t.Fatalf("posts = %+v, want 3: two standings and the final results", posts)
	}
	c, err := w.st.Club(context.Background(), club)
	if err != nil || len(c.Challenges) != 1 || !c.Challenges[0].Finished {
		t.Fatalf("challenge after its results = %+v, %v; want finished", c.Challenges, err)
	}
	// Nothing is left to run daily, and with no challenge running the
	// weekly standings stay quiet.
	if err := w.replicas[1].ReloadClubs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.replicas[1].ClubSpecs()[club+"|challenges"]; ok {
		t.Error("a daily challenge entry stays after every challenge finished")
	}
	w.clk.Set(at("2026-12-13T17:00:00Z"))
	w.fire("standings")
	if dms, posts := w.out.sent(); len(posts) != 3 || len(dms) != 1 {
		t.Errorf("after the challenge: %d posts, %d DMs; want 3 and 1", len(posts), len(dms))
	}
}
