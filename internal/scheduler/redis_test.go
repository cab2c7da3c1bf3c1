package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
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

// TestChallengePostsTwoReplicasOneRedis: two replicas on one real Redis
// fire the club's standings and daily challenge entries at the same
// instant, several times over: one standings post, one results post, one
// nudge per member between them.
func TestChallengePostsTwoReplicasOneRedis(t *testing.T) {
	t.Parallel()
	url, prefix := redistest.Start(t), redistest.Prefix(t)
	clk := newClock(utc("2026-03-01T17:00:00Z")) // Sunday 18:00 in Berlin
	const club = "telegram:-42"
	stub := &stubChallenges{standings: "📊 This week's standings",
		results: []FinalResult{{ChallengeID: "c0", Key: "chal-final|" + club + "/c0", Text: "🏆 Final results"}}}
	for i := range 50 {
		stub.nudges = append(stub.nudges, Nudge{MemberID: ids.MemberID(fmt.Sprintf("telegram:%d", 900+i)), Key: "chal-nudge|c1", TTL: time.Hour, Text: "👋"})
	}
	var hs []*harness
	for range 2 {
		hs = append(hs, newHarness(t, clk, openRedis(t, url, prefix, clk), func(d *Deps) { d.Challenges = stub }))
	}
	hs[1].snd = hs[0].snd
	hs[1].s.d.Sender = hs[0].snd
	ctx := context.Background()
	if _, err := hs[0].st.UpdateClub(ctx, club, func(c *store.Club) error {
		c.TZ, c.StandingsDay, c.StandingsAt = "Europe/Berlin", "sun", "18:00"
		c.Challenges = []store.Challenge{{ID: "c0"}, {ID: "c1"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, n := range stub.nudges {
		hs[0].member(t, string(n.MemberID), func(*store.Member) {})
	}
	fireAll := func(kind string) {
		t.Helper()
		var wg sync.WaitGroup
		for _, h := range hs {
			for _, sc := range h.s.schedules(mustClub(t, h.st, club)) {
				if sc.kind != kind {
					continue
				}
				for range 3 {
					wg.Go(func() { h.s.fireClub(ctx, club, sc) })
				}
			}
		}
		wg.Wait()
	}
	fireAll(kindStandings)
	clk.Set(utc("2026-03-02T08:00:00Z")) // Monday 09:00 in Berlin
	fireAll(kindChallenges)

	posts := hs[0].snd.Posts()
	if len(posts) != 2 || posts[0].text != "📊 This week's standings" || posts[1].text != "🏆 Final results" {
		t.Errorf("posts = %+v, want the standings and the results once each", posts)
	}
	count := map[string]int{}
	for _, d := range hs[0].snd.DMs() {
		count[d.to]++
	}
	if len(count) != len(stub.nudges) {
		t.Errorf("%d members nudged, want %d", len(count), len(stub.nudges))
	}
	for id, n := range count {
		if n != 1 {
			t.Errorf("%s nudged %d times", id, n)
		}
	}
}
