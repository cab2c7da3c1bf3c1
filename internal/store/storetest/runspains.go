package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// RunsAndPainsReader is the combined read both stores offer: what Runs and
// Pains return, in one round trip.
type RunsAndPainsReader interface {
	RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
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
	seedHistory(t, s, m)
	for _, w := range historyWindows {
		runs, pains, err := rp.RunsAndPains(ctx(t), m, w.from, w.to, w.since)
		must(t, err)
		checkHistory(t, s, m, w, "RunsAndPains", runs, pains)
	}
	if runs, pains, _ := rp.RunsAndPains(ctx(t), m, "", "", time.Time{}); len(runs) != 6 || len(pains) != 6 {
		t.Errorf("all: %d runs, %d pains, want 6 and 6", len(runs), len(pains))
	}
	if _, _, err := rp.RunsAndPains(ctx(t), m, "2026-13-01", "", time.Time{}); err == nil {
		t.Error("RunsAndPains with a bad date: no error")
	}
}

// seedHistory gives m six runs and six pain reports across months, added
// out of order, and another member a run that must stay out of m's reads.
func seedHistory(t *testing.T, s store.Store, m string) {
	t.Helper()
	for _, d := range []int{40, -35, 0, 3, -1, 70} {
		addRun(t, s, m, day(d), int64(1000+d))
	}
	for _, mins := range []int{60 * 24 * 40, -60 * 24 * 35, 0, 60 * 24 * 3, -60, 60 * 24 * 70} {
		_, err := s.AddPain(ctx(t), ids.MemberID(m), store.Pain{At: Epoch.Add(time.Duration(mins) * time.Minute), Score: 3, Where: "knee",
			Level: "amber", Flags: []string{"swelling"}, Source: "report"})
		must(t, err)
	}
	addRun(t, s, "telegram:2", day(0), 5000)
}

// historyWindow is one read of a combined-read test: runs from..to, pain
// reports since.
type historyWindow struct {
	from, to string
	since    time.Time
}

var historyWindows = []historyWindow{
	{"", "", time.Time{}},
	{day(-1), "", Epoch},
	{day(0), day(40), Epoch.Add(-time.Hour)},
	{day(-35), day(3), Epoch.Add(24 * time.Hour)},
	{day(100), "", Epoch.Add(24 * 100 * time.Hour)},
}

// checkHistory compares a combined read's runs and pains over w with what
// Runs and Pains return on their own.
func checkHistory(t *testing.T, s store.Store, m string, w historyWindow, what string, runs []store.Run, pains []store.Pain) {
	t.Helper()
	wantRuns, err := s.Runs(ctx(t), ids.MemberID(m), w.from, w.to)
	must(t, err)
	wantPains, err := s.Pains(ctx(t), ids.MemberID(m), w.since)
	must(t, err)
	if len(runs) != len(wantRuns) || len(runs) > 0 && !reflect.DeepEqual(runs, wantRuns) {
		t.Errorf("%s(%q, %q) runs = %+v, want Runs' %+v", what, w.from, w.to, runs, wantRuns)
	}
	if len(pains) != len(wantPains) || len(pains) > 0 && !reflect.DeepEqual(pains, wantPains) {
		t.Errorf("%s(since %v) pains = %+v, want Pains' %+v", what, w.since, pains, wantPains)
	}
}
