package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// MemberHistoryReader is the combined read both stores offer: what Member,
// Runs and Pains return, in one round trip.
type MemberHistoryReader interface {
	MemberWithHistory(ctx context.Context, id, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error)
}

func testMemberWithHistory(t *testing.T, s store.Store) {
	mh, ok := s.(MemberHistoryReader)
	if !ok {
		t.Fatalf("%T has no MemberWithHistory", s)
	}
	const m = "telegram:1"
	// Unknown member: Member's ErrNotFound, even with records stored.
	if _, _, _, err := mh.MemberWithHistory(ctx(t), m, "", "", time.Time{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown member: err = %v, want ErrNotFound", err)
	}
	addRun(t, s, "telegram:3", day(0), 1000)
	if _, _, _, err := mh.MemberWithHistory(ctx(t), "telegram:3", "", "", time.Time{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("runs but no document: err = %v, want ErrNotFound", err)
	}
	_, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; mb.Units = "mi"; return nil })
	must(t, err)
	// A member with no records: the member, empty history.
	got, runs, pains, err := mh.MemberWithHistory(ctx(t), m, "", "", time.Time{})
	must(t, err)
	want, err := s.Member(ctx(t), m)
	must(t, err)
	if !reflect.DeepEqual(got, want) || len(runs) != 0 || len(pains) != 0 {
		t.Fatalf("no records: %+v, %d runs, %d pains; want %+v and none", got, len(runs), len(pains), want)
	}
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
		got, runs, pains, err := mh.MemberWithHistory(ctx(t), m, c.from, c.to, c.since)
		must(t, err)
		wantRuns, err := s.Runs(ctx(t), m, c.from, c.to)
		must(t, err)
		wantPains, err := s.Pains(ctx(t), m, c.since)
		must(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("MemberWithHistory member = %+v, want Member's %+v", got, want)
		}
		if len(runs) != len(wantRuns) || len(runs) > 0 && !reflect.DeepEqual(runs, wantRuns) {
			t.Errorf("MemberWithHistory(%q, %q) runs = %+v, want Runs' %+v", c.from, c.to, runs, wantRuns)
		}
		if len(pains) != len(wantPains) || len(pains) > 0 && !reflect.DeepEqual(pains, wantPains) {
			t.Errorf("MemberWithHistory(since %v) pains = %+v, want Pains' %+v", c.since, pains, wantPains)
		}
	}
	if _, _, _, err := mh.MemberWithHistory(ctx(t), m, "2026-13-01", "", time.Time{}); err == nil {
		t.Error("MemberWithHistory with a bad date: no error")
	}
}
