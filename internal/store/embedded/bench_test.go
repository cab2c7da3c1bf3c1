package embedded_test

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// BenchmarkMemberYearBytes stores a member-year (a daily run, a weekly
// report, as BenchmarkMemberYearMemory does on Redis) and reports the key
// and value bytes it takes in the bbolt file (pages hold these plus a small
// per-page overhead).
func BenchmarkMemberYearBytes(b *testing.B) {
	dir := b.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	const id = "telegram:1"
	start := time.Date(2025, 1, 1, 7, 0, 0, 0, time.UTC)
	for b.Loop() {
		for d := range 365 {
			day := start.AddDate(0, 0, d)
			r := store.Run{Date: day.Format(time.DateOnly), Meters: 5000 + int64(d%7)*1000, Seconds: 1800 + d%600,
				Cadence: 170, Notes: "easy", Logged: day.Add(time.Hour)}
			if _, err := s.AddRun(ctx, id, r); err != nil {
				b.Fatal(err)
			}
			if d%7 == 0 {
				p := store.Pain{At: day.Add(2 * time.Hour), Score: 2 + d%3, Where: "left knee", Notes: "sore on stairs", Level: "green", Source: "checkin"}
				if _, err := s.AddPain(ctx, id, p); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		if err := s.Forget(ctx, id); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	// One more year to measure.
	for d := range 365 {
		day := start.AddDate(0, 0, d)
		if _, err := s.AddRun(ctx, id, store.Run{Date: day.Format(time.DateOnly), Meters: 5000 + int64(d%7)*1000, Seconds: 1800 + d%600, Cadence: 170, Notes: "easy", Logged: day.Add(time.Hour)}); err != nil {
			b.Fatal(err)
		}
		if d%7 == 0 {
			if _, err := s.AddPain(ctx, id, store.Pain{At: day.Add(2 * time.Hour), Score: 2 + d%3, Where: "left knee", Notes: "sore on stairs", Level: "green", Source: "checkin"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	s.Close()
	db, err := bolt.Open(filepath.Join(dir, embedded.FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var total int
	var walk func(bk *bolt.Bucket)
	walk = func(bk *bolt.Bucket) {
		_ = bk.ForEach(func(k, v []byte) error {
			total += len(k) + len(v)
			if v == nil {
				walk(bk.Bucket(k))
			}
			return nil
		})
	}
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, bk *bolt.Bucket) error { walk(bk); return nil })
	})
	b.ReportMetric(float64(total), "bytes/member-year")
}
