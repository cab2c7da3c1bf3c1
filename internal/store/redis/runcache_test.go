package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

func TestRunCacheDecodesLikeDecodeRunAndHandsOutCopies(t *testing.T) {
	t.Parallel()
	doc, err := runDoc(store.Run{Date: "2026-11-25", Meters: 8219, Seconds: 2700, Notes: "tempo", Logged: time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC), Boards: []string{"chal:a/c1"}})
	if err != nil {
		t.Fatal(err)
	}
	raw := "12|" + string(doc)
	want, err := decodeRun(raw)
	if err != nil {
		t.Fatal(err)
	}
	var c runCache
	for i := range 3 {
		got, err := c.decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != want.ID || got.Meters != want.Meters || got.Date != want.Date || got.Notes != want.Notes || !got.Logged.Equal(want.Logged) || len(got.Boards) != 1 || got.Boards[0] != "chal:a/c1" {
			t.Fatalf("call %d: got %+v, want %+v", i, got, want)
		}
		got.Boards[0] = "changed by a caller"
	}
	if _, err := c.decode("not a run"); err == nil {
		t.Error("a malformed entry decoded")
	}
	if len(c.m) != 1 {
		t.Errorf("cache holds %d entries, want 1 (errors are not cached)", len(c.m))
	}
}

// TestForgetDropsCachedRuns: a forgotten member's decoded runs (with their
// notes) do not stay in the process's run cache.
func TestForgetDropsCachedRuns(t *testing.T) {
	t.Parallel()
	s := openInternal(t)
	ctx := context.Background()
	const id = "telegram:4242"
	if _, err := s.AddRun(ctx, id, store.Run{Date: "2026-03-01", Meters: 5000, Notes: "knee felt odd"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Runs(ctx, id, "", ""); err != nil {
		t.Fatal(err)
	}
	raws, err := s.rdb.ZRange(ctx, s.mkeys(id).runs, 0, -1).Result()
	if err != nil || len(raws) != 1 || !s.runs.cached(raws[0]) {
		t.Fatalf("run not cached before Forget: %v, %v", raws, err)
	}
	if err := s.Forget(ctx, id); err != nil {
		t.Fatal(err)
	}
	if s.runs.cached(raws[0]) {
		t.Error("forgotten member's run still in the run cache")
	}
}

func openInternal(t *testing.T) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, Config{URL: redistest.Start(t), Prefix: redistest.Prefix(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
