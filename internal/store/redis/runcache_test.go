package redisstore

import (
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
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
