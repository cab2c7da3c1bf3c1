package scheduler

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// A send's read takes the sending claim with it, so the one-round-trip
// path must not fall back quietly either.
var (
	_ forSendStore = (*embedded.Store)(nil)
	_ forSendStore = (*redisstore.Store)(nil)
)

// TestLegacySendingMarkHoldsSend: during a rolling deploy a replica of the
// previous version may be sending today's reminder under its sending mark
// keyed by the local date; this version sends nothing until that mark has
// expired (by then the record is written, or the send failed and the
// reminder goes now), and then exactly once.
func TestLegacySendingMarkHoldsSend(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"embedded", "redis"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			clk := newClock(utc("2026-03-01T12:00:00Z")) // 23:00 in Sydney
			var st Store
			if backend == "redis" {
				st = openRedis(t, redistest.Start(t), redistest.Prefix(t), clk)
			} else {
				st = openEmbedded(t, clk)
			}
			h := newHarness(t, clk, st, nil)
			ctx := context.Background()
			const id = "telegram:61"
			h.member(t, id, func(m *store.Member) { m.TZ, m.RemindAt = "Australia/Sydney", "07:00" })
			// 07:00 in Sydney (UTC+11) is 20:00 UTC the day before.
			clk.Set(utc("2026-03-01T20:00:00Z"))
			if _, err := st.Mark(ctx, id, "sending|2026-03-02", time.Minute); err != nil {
				t.Fatal(err)
			}
			h.s.Poll(ctx)
			if n := len(h.dmsTo(id)); n != 0 {
				t.Fatalf("sent %d under the old replica's sending mark", n)
			}
			want := clk.Now().Add(h.s.sendingTTL())
			if at, ok := when(t, st, tg, jobID(kindRemind, id)); !ok || !at.Equal(want) {
				t.Errorf("held-back reminder queued at %v (%v), want %v", at, ok, want)
			}
			for range 10 {
				clk.Advance(30 * time.Second)
				h.s.Poll(ctx)
			}
			if n := len(h.dmsTo(id)); n != 1 {
				t.Errorf("%d reminders once the old mark expired, want 1", n)
			}
		})
	}
}

// slowRead is a store whose first read for a send returns long after it
// took the sending claim (a stalled process, say).
type slowRead struct {
	*embedded.Store
	clk   *fakeClock
	delay time.Duration
	once  sync.Once
}

func (s *slowRead) MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error) {
	r, err := s.Store.MemberForSend(ctx, id, from, to, since, claim, ttl)
	s.once.Do(func() { s.clk.Advance(s.delay) })
	return r, err
}

// TestSendingClaimTooOldIsNotUsed: the claim taken with the read must
// outlast the send and its record; a send that would start more than
// claimSlack after it does not go, and the job comes back when the claim
// has expired and goes then, once.
func TestSendingClaimTooOldIsNotUsed(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := &slowRead{Store: openEmbedded(t, clk), clk: clk, delay: claimSlack + time.Second}
	h := newHarness(t, clk, st, nil)
	ctx := context.Background()
	const id = "telegram:62"
	h.member(t, id, func(m *store.Member) { m.TZ, m.RemindAt = "UTC", "07:00" })
	clk.Set(utc("2026-03-02T07:00:00Z"))
	claimAt := clk.Now()
	h.s.Poll(ctx)
	if n := len(h.dmsTo(id)); n != 0 {
		t.Fatalf("sent %d on a claim taken %v before", n, st.delay)
	}
	want := claimAt.Add(h.s.sendingTTL())
	if at, ok := when(t, st, tg, jobID(kindRemind, id)); !ok || !at.Equal(want) {
		t.Fatalf("reminder queued at %v (%v), want %v (when its claim has expired)", at, ok, want)
	}
	clk.Set(want)
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	if n := len(h.dmsTo(id)); n != 1 {
		t.Errorf("%d reminders after the claim expired, want 1", n)
	}
}
