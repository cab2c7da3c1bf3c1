package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// RunsAndPainsReader is the combined read both stores offer: what Runs and
// Pains return, in one round trip.
type RunsAndPainsReader interface {
	RunsAndPains(ctx context.Context, memberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
}

func testRunsAndPains(t *testing.T, s store.Store) {
	rp, ok := s.(RunsAndPainsReader)
	if !ok {
		t.Fatalf("%T has no RunsAndPains", s)
	}
	const m = "telegram:1"
	// Empty member: both empty, no error.
	runs, pains, err := rp.RunsAndPains(ctx(t), m, "", "", time.Time{})
	must(t, err)
	if len(runs) != 0 || len(pains) != 0 {
		t.Fatalf("empty member: %d runs, %d pains", len(runs), len(pains))
	}
	// Runs and pains across months, added out of order.
	for _, d := range []int{40, -35, 0, 3, -1, 70} {
		addRun(t, s, m, day(d), int64(1000+d))
	}
	for _, mins := range []int{60 * 24 * 40, -60 * 24 * 35, 0, 60 * 24 * 3, -60, 60 * 24 * 70} {
		_, err := s.AddPain(ctx(t), m, store.Pain{At: Epoch.Add(time.Duration(mins) * time.Minute), Score: 3, Where: "knee",
			Level: "amber", Flags: []string{"swelling"}, Source: "report"})
		must(t, err)
	}
	addRun(t, s, "telegram:2", day(0), 5000) // another member's records stay out
	for _, c := range []struct {
		from, to string
		since    time.Time
	}{
		{"", "", time.Time{}},
		{day(-1), "", Epoch},
		{day(0), day(40), Epoch.Add(-time.Hour)},
		{day(-35), day(3), Epoch.Add(24 * time.Hour)},
		{day(100), "", Epoch.Add(24 * 100 * time.Hour)},
	} {
		runs, pains, err := rp.RunsAndPains(ctx(t), m, c.from, c.to, c.since)
		must(t, err)
		wantRuns, err := s.Runs(ctx(t), m, c.from, c.to)
		must(t, err)
		wantPains, err := s.Pains(ctx(t), m, c.since)
		must(t, err)
		if len(runs) != len(wantRuns) || len(runs) > 0 && !reflect.DeepEqual(runs, wantRuns) {
			t.Errorf("RunsAndPains(%q, %q) runs = %+v, want Runs' %+v", c.from, c.to, runs, wantRuns)
		}
		if len(pains) != len(wantPains) || len(pains) > 0 && !reflect.DeepEqual(pains, wantPains) {
			t.Errorf("RunsAndPains(since %v) pains = %+v, want Pains' %+v", c.since, pains, wantPains)
		}
	}
	if runs, pains, _ := rp.RunsAndPains(ctx(t), m, "", "", time.Time{}); len(runs) != 6 || len(pains) != 6 {
		t.Errorf("all: %d runs, %d pains, want 6 and 6", len(runs), len(pains))
	}
	if _, _, err := rp.RunsAndPains(ctx(t), m, "2026-13-01", "", time.Time{}); err == nil {
		t.Error("RunsAndPains with a bad date: no error")
	}
}
