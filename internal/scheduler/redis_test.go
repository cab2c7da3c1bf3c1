package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

func openRedis(t testing.TB, url, prefix string, clk *fakeClock) *redisstore.Store {
	return openRedisLog(t, url, prefix, clk, slog.New(slog.DiscardHandler))
}

func openRedisLog(t testing.TB, url, prefix string, clk *fakeClock, log *slog.Logger) *redisstore.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := redisstore.Open(ctx, redisstore.Config{URL: url, Prefix: prefix, Now: clk.Now, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestTwoReplicasOneRedis: two schedulers, each with its own connection to
// one real Redis, poll concurrently; every member gets exactly one
// reminder between them.
func TestTwoReplicasOneRedis(t *testing.T) {
	t.Parallel()
	url, prefix := redistest.Start(t), redistest.Prefix(t)
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	a := newHarness(t, clk, openRedis(t, url, prefix, clk), func(d *Deps) { d.Workers, d.Batch = 4, 7 })
	b := newHarness(t, clk, openRedis(t, url, prefix, clk), func(d *Deps) { d.Workers, d.Batch = 4, 7 })
	const n = 400
	for i := range n {
		a.member(t, fmt.Sprintf("telegram:%d", 500+i), func(m *store.Member) { m.RemindAt = "07:00" })
	}
	clk.Set(utc("2026-03-02T07:00:30Z"))
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, h := range []*harness{a, b} {
		wg.Go(func() {
			for range 200 {
				h.s.Poll(ctx)
			}
		})
	}
	wg.Wait()
	count := map[string]int{}
	for _, h := range []*harness{a, b} {
		for _, d := range h.snd.DMs() {
			count[d.to]++
		}
	}
	if len(count) != n {
		t.Errorf("%d members reached, want %d", len(count), n)
	}
	for id, c := range count {
		if c != 1 {
			t.Errorf("%s got %d reminders", id, c)
		}
	}
	na, nb := len(a.snd.DMs()), len(b.snd.DMs())
	if na == 0 || nb == 0 {
		t.Errorf("one replica did all the work (a %d, b %d): the claims did not interleave", na, nb)
	}
	t.Logf("replica a sent %d, replica b sent %d", na, nb)
}

// TestCrashAfterClaimRedis: a replica claims from Redis and dies; once its
// lease runs out the other replica sends the reminder, once.
func TestCrashAfterClaimRedis(t *testing.T) {
	t.Parallel()
	url, prefix := redistest.Start(t), redistest.Prefix(t)
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openRedis(t, url, prefix, clk)
	h := newHarness(t, clk, st, nil)
	h.member(t, "telegram:77", func(m *store.Member) { m.RemindAt = "07:00" })
	clk.Set(utc("2026-03-02T07:00:00Z"))
	ctx := context.Background()
	if dues, err := st.Claim(ctx, tg, clk.Now(), 2*time.Minute, 10); err != nil || len(dues) != 1 {
		t.Fatalf("claim = %v, %v", dues, err)
	}
	h.s.Poll(ctx)
	if n := len(h.snd.DMs()); n != 0 {
		t.Fatalf("sent %d under the dead claimer's lease", n)
	}
	clk.Advance(2*time.Minute + time.Second)
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	if n := len(h.snd.DMs()); n != 1 {
		t.Fatalf("sent %d after the lease, want 1", n)
	}
}
