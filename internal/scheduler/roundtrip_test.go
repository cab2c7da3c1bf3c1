package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// reminderBudget is what one due reminder may cost on Redis once claimed
// from the queue: read with its sending claim, composed, sent, recorded
// and re-planned. The queue claim is one round trip per poll, shared by
// the batch it takes (up to 500 jobs); counted whole for a batch of one,
// as here, a send is within issue 13's "at most 3".
const (
	reminderBudget = 2
	issue13Budget  = 3
)

// TestReminderRoundTrips holds one due reminder (a member with one due
// job, as each member of a batch is) to its Redis round trips: the queue
// claim, the read with the sending claim (compose and send cost none),
// then record and re-plan. Run with -v for each round trip.
func TestReminderRoundTrips(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		setup   func(*store.Member)
		at      string // when the poll runs
		record  string // the mark the send leaves
		nextJob string // queued after it ("": none)
		nextAt  string
	}{
		{"reminder, yesterday's run prompt", func(m *store.Member) { m.RemindAt = "07:00"; m.TZ = "Europe/London" }, "2026-03-04T07:00:10Z",
			"remind|2026-03-04", "remind|telegram:7", "2026-03-05T07:00:00Z"},
		{"reminder carrying a check-in", func(m *store.Member) {
			m.RemindAt = "07:00"
			m.TZ = "Europe/London"
			m.LastPain, m.LastPainLvl = utc("2026-03-03T18:00:00Z"), "amber"
		}, "2026-03-04T07:00:10Z", "checkin|2026-03-04", "remind|telegram:7", "2026-03-05T07:00:00Z"},
		{"lone check-in", func(m *store.Member) {
			m.TZ = "Europe/London"
			m.LastPain, m.LastPainLvl = utc("2026-03-03T18:00:00Z"), "amber"
		}, "2026-03-04T08:00:10Z", "checkin|2026-03-04", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock(utc("2026-03-02T19:00:00Z"))
			st := openRedis(t, redistest.Start(t), redistest.Prefix(t), clk)
			h := newHarness(t, clk, st, nil)
			// Warm-up: another member's reminder and check-in a day
			// earlier load the scripts, as on a running server.
			h.member(t, "telegram:6", func(m *store.Member) {
				m.RemindAt, m.LastPain, m.LastPainLvl = "07:00", utc("2026-03-02T18:00:00Z"), "amber"
			})
			clk.Set(utc("2026-03-03T07:00:10Z"))
			if n := h.s.Poll(context.Background()); n != 1 {
				t.Fatalf("warm-up claimed %d jobs, want 1", n)
			}
			h.member(t, "telegram:6", func(m *store.Member) { m.RemindAt, m.LastPain = "", time.Time{} })
			clk.Set(utc("2026-03-03T19:00:00Z"))
			const id = "telegram:7"
			h.member(t, id, c.setup)
			if _, err := st.AddRun(context.Background(), id, store.Run{Date: "2026-03-03", Meters: 5000}); err != nil {
				t.Fatal(err)
			}
			clk.Set(utc(c.at))
			hook := &redistest.RoundTrips{}
			if testing.Verbose() {
				hook.Trace = func(s string) { t.Logf("  %s", s) }
			}
			st.Client().AddHook(hook)
			if n := h.s.Poll(context.Background()); n != 1 {
				t.Fatalf("claimed %d jobs, want 1", n)
			}
			if dms := h.dmsTo(id); len(dms) != 1 {
				t.Fatalf("%d DMs sent, want 1", len(dms))
			}
			total := hook.N.Load()
			got := total - 1 // the poll's claim
			t.Logf("%s: claim + %d round trips (budget claim + %d)", c.name, got, reminderBudget)
			if got > reminderBudget {
				t.Errorf("%s took %d round trips after its claim, over its budget of %d", c.name, got, reminderBudget)
			}
			if total > issue13Budget {
				t.Errorf("%s took %d round trips with its claim, over issue 13's %d", c.name, total, issue13Budget)
			}
			// What the send left behind: its record, and the next job.
			if ok, err := st.Marked(context.Background(), id, c.record); err != nil || !ok {
				t.Errorf("record %s: %v, %v", c.record, ok, err)
			}
			next, queued := when(t, st, "telegram", c.nextJob)
			if c.nextJob != "" && (!queued || !next.Equal(utc(c.nextAt))) {
				t.Errorf("next %s queued %v at %v, want %s", c.nextJob, queued, next, c.nextAt)
			}
			if _, queued := when(t, st, "telegram", "checkin|"+id); queued {
				t.Error("the check-in is still queued after it was sent")
			}
		})
	}
}
