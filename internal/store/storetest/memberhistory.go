package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// MemberHistoryReader is the combined read both stores offer: what Member,
// Runs and Pains return, in one round trip.
type MemberHistoryReader interface {
	MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error)
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
	seedHistory(t, s, m)
	for _, w := range historyWindows {
		got, runs, pains, err := mh.MemberWithHistory(ctx(t), m, w.from, w.to, w.since)
		must(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("MemberWithHistory member = %+v, want Member's %+v", got, want)
		}
		checkHistory(t, s, m, w, "MemberWithHistory", runs, pains)
	}
	if _, _, _, err := mh.MemberWithHistory(ctx(t), m, "2026-13-01", "", time.Time{}); err == nil {
		t.Error("MemberWithHistory with a bad date: no error")
	}
}

// MemberCadencesReader is the combined read both stores offer for
// /cadence: what Member and Cadences return, in one round trip.
type MemberCadencesReader interface {
	MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error)
}

func testMemberWithCadences(t *testing.T, s store.Store) {
	mc, ok := s.(MemberCadencesReader)
	if !ok {
		t.Fatalf("%T has no MemberWithCadences", s)
	}
	const m = "telegram:1"
	must(t, s.AddCadence(ctx(t), m, store.Cadence{At: Epoch, SPM: 160}))
	if _, _, err := mc.MemberWithCadences(ctx(t), m, 5); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("records but no document: err = %v, want ErrNotFound", err)
	}
	_, err := s.UpdateMember(ctx(t), "telegram:2", func(mb *store.Member) error { mb.Name = "Bo"; return nil })
	must(t, err)
	got, cs, err := mc.MemberWithCadences(ctx(t), "telegram:2", 5)
	must(t, err)
	if got.Name != "Bo" || cs == nil || len(cs) != 0 {
		t.Fatalf("no records: %+v, %v; want Bo and an empty list", got, cs)
	}
	_, err = s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; return nil })
	must(t, err)
	for i, spm := range []int{162, 158, 171, 166} {
		must(t, s.AddCadence(ctx(t), m, store.Cadence{At: Epoch.Add(time.Duration(i+1) * time.Hour), SPM: spm}))
	}
	want, err := s.Member(ctx(t), m)
	must(t, err)
	for _, n := range []int{1, 3, 5, 20, 0, -1} {
		got, cs, err := mc.MemberWithCadences(ctx(t), m, n)
		must(t, err)
		plain, err := s.Cadences(ctx(t), m, n)
		must(t, err)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(cs, plain) {
			t.Errorf("n=%d: %+v %+v; want Member's %+v and Cadences' %+v", n, got, cs, want, plain)
		}
	}
}
