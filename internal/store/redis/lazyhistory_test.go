package redisstore_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

// TestMemberWithLazyHistory: the member and the history decoded on demand
// are what MemberWithHistory returns, for windows inside and across months
// with runs logged out of date order; each call of a decoder gives a slice
// of its own; a missing member is ErrNotFound as with MemberWithHistory.
func TestMemberWithLazyHistory(t *testing.T) {
	t.Parallel()
	s := open(t, redistest.Start(t))
	ctx := t.Context()
	const m = "telegram:7"
	if _, _, _, err := s.MemberWithLazyHistory(ctx, m, "", "", time.Time{}); err == nil || err.Error() != mustErr(s.MemberWithHistory(ctx, m, "", "", time.Time{})).Error() {
		t.Errorf("missing member: %v", err)
	}
	if _, err := s.UpdateMember(ctx, m, func(mb *store.Member) error { mb.Name = "Ann"; return nil }); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	for _, d := range []int{3, -30, 12, 0, 3, -2, 40, 11} {
		if _, err := s.AddRun(ctx, m, store.Run{Date: base.AddDate(0, 0, d).Format("2006-01-02"), Meters: int64(5000 + d), Boards: []string{"b"}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []int{-40, -3, 0, 5, 16} {
		if _, err := s.AddPain(ctx, m, store.Pain{At: base.AddDate(0, 0, d), Score: 3, Where: "knee", Level: "amber", Flags: []string{"x"}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []struct {
		from, to string
		since    time.Time
	}{
		{"", "", time.Time{}},
		{"2026-10-18", "", base.AddDate(0, 0, -3)},
		{"2026-09-01", "2026-10-31", base.AddDate(0, 0, 1)},
		{"2026-12-01", "", base.AddDate(0, 0, 30)},
	} {
		wantM, wantRuns, wantPains, err := s.MemberWithHistory(ctx, m, w.from, w.to, w.since)
		if err != nil {
			t.Fatal(err)
		}
		gotM, runs, pains, err := s.MemberWithLazyHistory(ctx, m, w.from, w.to, w.since)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotM, wantM) {
			t.Errorf("%+v: member %+v, want %+v", w, gotM, wantM)
		}
		for range 2 {
			gotRuns, err := runs()
			if err != nil || !reflect.DeepEqual(gotRuns, wantRuns) {
				t.Errorf("%+v: runs %+v, %v; want %+v", w, gotRuns, err, wantRuns)
			}
			gotPains, err := pains()
			if err != nil || !reflect.DeepEqual(gotPains, wantPains) {
				t.Errorf("%+v: pains %+v, %v; want %+v", w, gotPains, err, wantPains)
			}
			// Spoil this call's slices: the next call must not see it.
			for i := range gotRuns {
				gotRuns[i].Meters, gotRuns[i].Boards[0] = -1, "spoilt"
			}
			for i := range gotPains {
				gotPains[i].Score, gotPains[i].Flags[0] = -1, "spoilt"
			}
		}
	}
	if _, _, _, err := s.MemberWithLazyHistory(ctx, m, "2026-13-01", "", time.Time{}); err == nil {
		t.Error("a bad date: no error")
	}
}

func mustErr(_ store.Member, _ []store.Run, _ []store.Pain, err error) error { return err }

// TestMemberWithHistoryMulti: the member's history is read with plain
// commands in one MULTI when the window's months are all among those it
// reads, and through the script when a record is dated further ahead
// (then one more round trip); either way it is what Member, Runs and
// Pains read.
func TestMemberWithHistoryMulti(t *testing.T) {
	t.Parallel()
	s := open(t, redistest.Start(t))
	hook := &redistest.RoundTrips{}
	s.Client().AddHook(hook)
	ctx := t.Context()
	const m = "telegram:8"
	if _, err := s.UpdateMember(ctx, m, func(mb *store.Member) error { mb.Name = "Bo"; return nil }); err != nil {
		t.Fatal(err)
	}
	now := storetest.ClockFor(t).Now().UTC()
	day := func(n int) time.Time { return now.AddDate(0, 0, n) }
	for _, d := range []int{-70, -40, -3, 0, 1} {
		if _, err := s.AddRun(ctx, m, store.Run{Date: day(d).Format("2006-01-02"), Meters: 5000}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddPain(ctx, m, store.Pain{At: day(d), Score: 2, Where: "shin", Level: "green"}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what, from string, since time.Time, wantTrips int64) {
		t.Helper()
		// Once first: a connection's set-up and loading the script don't
		// count.
		if _, _, _, err := s.MemberWithHistory(ctx, m, from, "", since); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		before := hook.N.Load()
		got, runs, pains, err := s.MemberWithHistory(ctx, m, from, "", since)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n := hook.N.Load() - before; n != wantTrips {
			t.Errorf("%s: %d round trips, want %d", what, n, wantTrips)
		}
		wantM, _ := s.Member(ctx, m)
		wantRuns, _ := s.Runs(ctx, m, from, "")
		wantPains, _ := s.Pains(ctx, m, since)
		if !reflect.DeepEqual(got, wantM) || !reflect.DeepEqual(runs, wantRuns) || !reflect.DeepEqual(pains, wantPains) {
			t.Errorf("%s: %+v %+v %+v; want %+v %+v %+v", what, got, runs, pains, wantM, wantRuns, wantPains)
		}
	}
	check("window of recent months", day(-65).Format("2006-01-02"), day(-37), 1)
	check("window starting today", day(0).Format("2006-01-02"), day(0), 1)
	check("empty hashes' window ahead", day(400).Format("2006-01-02"), day(400), 1)
	// Records dated well ahead of the months the MULTI reads.
	if _, err := s.AddRun(ctx, m, store.Run{Date: day(300).Format("2006-01-02"), Meters: 7000}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPain(ctx, m, store.Pain{At: day(300), Score: 3, Where: "hip", Level: "amber"}); err != nil {
		t.Fatal(err)
	}
	check("a run and a report well ahead", day(-65).Format("2006-01-02"), day(-37), 2)
	if err := s.Forget(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.MemberWithHistory(ctx, m, day(-65).Format("2006-01-02"), "", day(-37)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("forgotten member: %v", err)
	}
}
