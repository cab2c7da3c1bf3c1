package scheduler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// gateSender holds its first DM until the test opens the gate, and tells
// the test when it is waiting; err, when set, is what that DM returns.
// Later DMs go straight through.
type gateSender struct {
	*recorder
	once    sync.Once
	entered chan struct{}
	open    chan struct{}
	err     error
}

func (g *gateSender) DM(ctx context.Context, id platforms.MemberID, text string, b []platforms.Button) error {
	first := false
	g.once.Do(func() { first = true })
	if first {
		g.entered <- struct{}{}
		<-g.open
		if g.err != nil {
			return g.err
		}
	}
	return g.recorder.DM(ctx, id, text, b)
}

// TestMovedReminderWhileSendingRedis: replica A is mid-send when the
// member moves their reminder to later today; the moved job falls due and
// replica B claims it before A records its mark. B must not send a second
// DM, and when A's send fails nothing is lost: the reminder still goes,
// once.
func TestMovedReminderWhileSendingRedis(t *testing.T) {
	t.Parallel()
	for _, aFails := range []bool{false, true} {
		name := "a sends"
		if aFails {
			name = "a fails transiently"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			url, prefix := redistest.Start(t), redistest.Prefix(t)
			clk := newClock(utc("2026-03-02T06:00:00Z"))
			gate := &gateSender{recorder: &recorder{now: clk.Now}, entered: make(chan struct{}), open: make(chan struct{})}
			if aFails {
				gate.err = errors.New("telegram: 502 bad gateway")
			}
			// A slow platform: A's send may take 10 minutes.
			slow := func(d *Deps) { d.SendTimeout, d.Lease = 10*time.Minute, 15*time.Minute }
			a := newHarness(t, clk, openRedis(t, url, prefix, clk), func(d *Deps) { slow(d); d.Sender = gate })
			b := newHarness(t, clk, openRedis(t, url, prefix, clk), slow)
			const id = "telegram:4242"
			a.member(t, id, func(m *store.Member) { m.RemindAt = "07:00" })
			clk.Set(utc("2026-03-02T07:00:00Z"))
			ctx := context.Background()
			var wg sync.WaitGroup
			wg.Go(func() { a.s.Poll(ctx) })
			<-gate.entered // A holds the claim and is sending

			// /settings remind 07:05, then 07:05 comes while A still sends.
			clk.Set(utc("2026-03-02T07:01:00Z"))
			m, err := b.st.UpdateMember(ctx, id, func(m *store.Member) error { m.RemindAt = "07:05"; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.s.Replan(ctx, m); err != nil {
				t.Fatal(err)
			}
			clk.Set(utc("2026-03-02T07:05:00Z"))
			b.s.Poll(ctx)
			close(gate.open)
			wg.Wait()

			// Let both replicas run on for a while: the day settles.
			for range 60 {
				clk.Advance(30 * time.Second)
				a.s.Poll(ctx)
				b.s.Poll(ctx)
			}
			got := len(a.dmsTo(id)) + len(gate.recorder.DMs()) + len(b.dmsTo(id))
			if got != 1 {
				t.Errorf("member got %d reminders on 2026-03-02 (a %d, b %d), want 1", got, len(gate.recorder.DMs()), len(b.dmsTo(id)))
			}
			if at, ok := when(t, b.st, tg, jobID(kindRemind, id)); !ok || !at.Equal(utc("2026-03-03T07:05:00Z")) {
				t.Errorf("next reminder at %v (queued %v), want 2026-03-03 07:05 UTC", at, ok)
			}
		})
	}
}
