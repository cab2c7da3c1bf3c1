package commands

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// roundTrips runs each line as one member on Redis and returns how many
// round trips each took in steady state: after a warm-up that loads the
// scripts and a first pass that does the once-a-month work. With sched,
// a real scheduler re-plans the member's reminders as in production
// (settings given as setup lines first).
func roundTrips(t *testing.T, lines []string, sched bool, setup ...string) map[string]int64 {
	t.Helper()
	st, err := redisstore.Open(context.Background(), redisstore.Config{URL: redistest.Start(t), Prefix: redistest.Prefix(t),
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	hook := &redistest.RoundTrips{}
	st.Client().AddHook(hook)
	clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	deps := Deps{Store: st, Clock: clock.Now, Log: slog.New(slog.DiscardHandler)}
	if sched {
		deps.Zones = member.NewZones(st)
		deps.Schedule = scheduler.New(scheduler.Deps{Store: st, Zones: deps.Zones, Clock: clock.Now,
			Platforms: []string{platforms.Console}, Log: deps.Log})
	}
	r := New(deps)
	say := func(member, line string) {
		clock.Add(time.Minute) // each command a moment later: a /pain is a new report time
		cmd, args, _ := Parse(line, "")
		resp := r.Handle(context.Background(), platforms.Message{Platform: platforms.Console, MemberID: platforms.MemberID(member), Command: cmd, Args: args, DM: true})
		if resp.Text == "" && resp.File == nil {
			t.Fatalf("%s: empty reply", line)
		}
	}
	for _, l := range lines { // warm-up: scripts loaded, member created
		say("console:warm", l)
	}
	say("console:m", "/help")
	for _, l := range setup {
		say("console:warm", l)
		say("console:m", l)
	}
	for _, l := range lines { // once-a-month work (retention, the baseline question) out of the way
		say("console:m", l)
	}
	out := map[string]int64{}
	for _, l := range lines {
		if testing.Verbose() {
			hook.Trace = func(c string) { t.Logf("  %s: %s", l, c) }
		}
		before := hook.N.Load()
		say("console:m", l)
		out[strings.Fields(l)[0]] = hook.N.Load() - before
	}
	return out
}

// TestRoundTripBudgets holds each command to its Redis round trips (issue
// 13: a command reads a member in one round trip and writes in one, boards
// pipelined). Log them for the README's figures.
func TestRoundTripBudgets(t *testing.T) {
	t.Parallel()
	got := roundTrips(t, []string{"/run 5k", "/pain 3 knee", "/week", "/cadence 170", "/help"}, false)
	budget := map[string]int64{"/run": 2, "/pain": 2, "/week": 1, "/cadence": 2, "/help": 1}
	for cmd, n := range got {
		t.Logf("%s: %d round trips (budget %d)", cmd, n, budget[cmd])
		if n > budget[cmd] {
			t.Errorf("%s took %d round trips, over its budget of %d", cmd, n, budget[cmd])
		}
	}
}

// TestRoundTripBudgetsWithReminders counts the re-plan of reminders a
// command triggers (a /pain moves the next-morning check-in), with a real
// scheduler, for a member with a daily reminder and for one without.
func TestRoundTripBudgetsWithReminders(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		setup  []string
		budget map[string]int64
	}{
		{"reminder at 18:00", []string{"/settings remind 18:00"}, map[string]int64{"/pain": 4, "/run": 2}},
		{"no reminder", nil, map[string]int64{"/pain": 4, "/run": 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := roundTrips(t, []string{"/run 5k", "/pain 3 knee"}, true, c.setup...)
			for cmd, n := range got {
				t.Logf("%s: %d round trips (budget %d)", cmd, n, c.budget[cmd])
				if n > c.budget[cmd] {
					t.Errorf("%s took %d round trips, over its budget of %d", cmd, n, c.budget[cmd])
				}
			}
		})
	}
}
