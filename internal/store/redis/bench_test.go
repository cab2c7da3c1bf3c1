package redisstore_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// benchStore opens a store on a private redis-server (AOF on, appendfsync
// everysec: the shipped compose file's "always" adds an fsync per write).
func benchStore(b *testing.B) *redisstore.Store {
	b.Helper()
	srv := redistest.StartServer(b)
	s, err := redisstore.Open(b.Context(), redisstore.Config{URL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// memberYear stores a year of one member's life: a daily run and a weekly
// pain report, through the store as the bot would.
func memberYear(ctx context.Context, s store.Store, id string) error {
	start := time.Date(2025, 1, 1, 7, 0, 0, 0, time.UTC)
	if _, err := s.UpdateMember(ctx, ids.MemberID(id), func(m *store.Member) error {
		m.Name, m.TZ, m.RemindAt = "Runner", "Europe/London", "07:00"
		m.Clubs, m.Boards = []ids.ClubID{"telegram:-1001234567890"}, []string{"telegram:-1001234567890/c1"}
		return nil
	}); err != nil {
		return err
	}
	for d := range 365 {
		day := start.AddDate(0, 0, d)
		r := store.Run{Date: day.Format(time.DateOnly), Meters: 5000 + int64(d%7)*1000, Seconds: 1800 + d%600,
			Cadence: 170, Notes: "easy", Logged: day.Add(time.Hour)}
		if _, err := s.AddRun(ctx, ids.MemberID(id), r); err != nil {
			return err
		}
		if d%7 == 0 {
			p := store.Pain{At: day.Add(2 * time.Hour), Score: 2 + d%3, Where: "left knee", Notes: "sore on stairs",
				Level: "green", Source: "checkin"}
			if _, err := s.AddPain(ctx, ids.MemberID(id), p); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkMemberYearMemory writes a member-year per iteration and reports
// the Redis memory one member-year takes (MEMORY USAGE summed over the
// member's keys, SAMPLES 0 = exact).
func BenchmarkMemberYearMemory(b *testing.B) {
	s := benchStore(b)
	ctx := b.Context()
	n := 0
	var last string
	for b.Loop() {
		last = fmt.Sprintf("telegram:%d", 100000000+n)
		n++
		if err := memberYear(ctx, s, last); err != nil {
			b.Fatal(err)
		}
	}
	var total int64
	var keys, sizes []string
	iter := s.Client().Scan(ctx, 0, s.Prefix()+"{"+last+"}:*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		b.Fatal(err)
	}
	for _, k := range keys {
		u, err := s.Client().MemoryUsage(ctx, k, 0).Result()
		if err != nil {
			b.Fatal(err)
		}
		total += u
		sizes = append(sizes, fmt.Sprintf("%s=%d", strings.TrimPrefix(k, s.Prefix()+"{"+last+"}:"), u))
	}
	b.ReportMetric(float64(total), "bytes/member-year")
	b.ReportMetric(float64(len(keys)), "keys/member")
	b.Logf("member-year: %d keys, %d bytes (%s)", len(keys), total, strings.Join(sizes, " "))
}

// BenchmarkRoundTrip compares the store's commands with a bare go-redis
// PING at the same concurrency in one run: ns/op of AddRun or UpdateMember
// over ns/op of Ping is what the store adds to Redis's own round trip.
func BenchmarkRoundTrip(b *testing.B) {
	s := benchStore(b)
	var gid atomic.Int64
	member := func() string { return fmt.Sprintf("telegram:%d", gid.Add(1)) }
	b.Run("Ping", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := s.Client().Ping(b.Context()).Err(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("AddRun", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			id := member()
			for pb.Next() {
				if _, err := s.AddRun(b.Context(), ids.MemberID(id), store.Run{Date: "2026-03-01", Meters: 5000}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("UpdateMember", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			id := member()
			for pb.Next() {
				_, err := s.UpdateMember(b.Context(), ids.MemberID(id), func(m *store.Member) error { m.Seen = time.Now(); return nil })
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	// Every goroutine on one member: the optimistic retry under contention.
	b.Run("UpdateMemberContended", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, err := s.UpdateMember(b.Context(), "telegram:hot", func(m *store.Member) error { m.Seen = time.Now(); return nil })
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("Runs5Weeks", func(b *testing.B) {
		id := member()
		for d := range 35 {
			if _, err := s.AddRun(b.Context(), ids.MemberID(id), store.Run{Date: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly), Meters: 5000}); err != nil {
				b.Fatal(err)
			}
		}
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Runs(b.Context(), ids.MemberID(id), "2026-02-01", "2026-03-07"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("Claim", func(b *testing.B) {
		now := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Claim(b.Context(), "telegram", now, time.Minute, 10); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
