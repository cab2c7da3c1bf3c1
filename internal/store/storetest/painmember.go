package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// PainMemberWriter is the atomic write both stores offer for /pain: a
// report and the member update it causes, both or neither, in one round
// trip.
type PainMemberWriter interface {
	AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error)
}

func painWriter(t *testing.T, s store.Store) PainMemberWriter {
	t.Helper()
	pw, ok := s.(PainMemberWriter)
	if !ok {
		t.Fatalf("%T has no AddPainWithMember", s)
	}
	return pw
}

// lastPain records a report in the member the way /pain does: when and
// how bad, and its id (here in Boards, a list every member has).
func lastPain(m *store.Member, p store.Pain) error {
	m.LastPain, m.LastPainLvl = p.At, p.Level
	m.Boards = append(m.Boards, p.ID)
	return nil
}

// testAddPainWithMember: the report gets the next id, fn sees it as
// stored, and what comes back is what Pains and Member then read.
func testAddPainWithMember(t *testing.T, s store.Store) {
	pw := painWriter(t, s)
	const m = "telegram:1"
	// A first contact: the member is created with the report.
	at := Epoch.Add(9 * time.Hour)
	p, got, err := pw.AddPainWithMember(ctx(t), m, store.Pain{At: at, Score: 4, Where: "knee", Level: "amber", Source: "report"}, lastPain)
	must(t, err)
	if p.ID != "p1" || !p.At.Equal(at) || p.Score != 4 || p.Where != "knee" {
		t.Fatalf("first report = %+v, want p1 at %v", p, at)
	}
	if got.ID != m || got.Created.IsZero() || !got.LastPain.Equal(at) || got.LastPainLvl != "amber" || !slices.Equal(got.Boards, []string{"p1"}) {
		t.Fatalf("member after the first report = %+v", got)
	}
	stored, err := s.Member(ctx(t), m)
	must(t, err)
	if !reflect.DeepEqual(stored, got) {
		t.Fatalf("returned member %+v, stored %+v", got, stored)
	}
	// An existing member, with a report added the plain way in between:
	// the next id follows it, and the member's other fields stay.
	_, err = s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; return nil })
	must(t, err)
	plain, err := s.AddPain(ctx(t), m, store.Pain{At: at.Add(time.Hour), Score: 1, Where: "shin", Level: "green"})
	must(t, err)
	p3, got, err := pw.AddPainWithMember(ctx(t), m, store.Pain{At: at.Add(2 * time.Hour), Score: 7, Where: "calf", Level: "red", Flags: []string{"severe"}}, lastPain)
	must(t, err)
	if plain.ID != "p2" || p3.ID != "p3" {
		t.Fatalf("ids %s then %s, want p2 then p3", plain.ID, p3.ID)
	}
	if got.Name != "Ann" || got.LastPainLvl != "red" || !slices.Equal(got.Boards, []string{"p1", "p3"}) {
		t.Fatalf("member after the third report = %+v", got)
	}
	pains, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(pains) != 3 || !reflect.DeepEqual(pains[2], p3) {
		t.Fatalf("pains = %+v, want the third as returned: %+v", pains, p3)
	}
	// A zero At is the store's now.
	p4, _, err := pw.AddPainWithMember(ctx(t), m, store.Pain{Score: 2, Where: "hip", Level: "green"}, lastPain)
	must(t, err)
	if p4.At.IsZero() || p4.ID != "p4" {
		t.Fatalf("report without a time = %+v", p4)
	}
}

// testAddPainWithMemberAtomic: when fn fails, neither the report nor the
// member change is stored, and fn's error comes back.
func testAddPainWithMemberAtomic(t *testing.T, s store.Store) {
	pw := painWriter(t, s)
	const m = "telegram:1"
	boom := errors.New("boom")
	// No member yet: none is created.
	if _, _, err := pw.AddPainWithMember(ctx(t), m, store.Pain{At: Epoch, Score: 3, Where: "knee", Level: "green"}, func(*store.Member, store.Pain) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("fn failing on a new member: err = %v, want boom", err)
	}
	wantNotFound(t, mustErr(s.Member(ctx(t), m)), "member after a failed first report")
	// An existing member: unchanged, and no report.
	before, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; return nil })
	must(t, err)
	_, _, err = pw.AddPainWithMember(ctx(t), m, store.Pain{At: Epoch, Score: 3, Where: "knee", Level: "green"}, func(mb *store.Member, _ store.Pain) error {
		mb.Name = "changed"
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("fn failing: err = %v, want boom", err)
	}
	after, err := s.Member(ctx(t), m)
	must(t, err)
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("member after a failed report = %+v, want unchanged %+v", after, before)
	}
	pains, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(pains) != 0 {
		t.Fatalf("a failed report was stored: %+v", pains)
	}
	// The next report is stored, under an id no other report has.
	p, got, err := pw.AddPainWithMember(ctx(t), m, store.Pain{At: Epoch, Score: 3, Where: "knee", Level: "green"}, lastPain)
	must(t, err)
	if p.ID == "" || !slices.Equal(got.Boards, []string{p.ID}) {
		t.Fatalf("report after a failed one: %+v, member %+v", p, got)
	}
}

// testAddPainWithMemberConcurrent: reports made at once, beside plain
// member updates and reports, each get their own id, every one is stored,
// and the member lost none of the changes.
func testAddPainWithMemberConcurrent(t *testing.T, s store.Store) {
	pw := painWriter(t, s)
	const m = "telegram:1"
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, 3*writers*each)
	painIDs := make(chan string, 2*writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				p, _, err := pw.AddPainWithMember(ctx(t), m, store.Pain{At: Epoch.Add(time.Duration(w*each+i) * time.Minute), Score: 2, Where: "knee", Level: "green"}, lastPain)
				errs <- err
				painIDs <- p.ID
			}
		})
		wg.Go(func() {
			for i := range each {
				_, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error {
					mb.Clubs = append(mb.Clubs, ids.ClubID(fmt.Sprintf("telegram:-%d", w*each+i)))
					return nil
				})
				errs <- err
			}
		})
		wg.Go(func() {
			for i := range each {
				p, err := s.AddPain(ctx(t), m, store.Pain{At: Epoch.Add(time.Duration(w*each+i) * time.Second), Score: 1, Where: "shin", Level: "green"})
				errs <- err
				painIDs <- p.ID
			}
		})
	}
	wg.Wait()
	close(errs)
	close(painIDs)
	for err := range errs {
		must(t, err)
	}
	seen := map[string]bool{}
	for id := range painIDs {
		if id == "" || seen[id] {
			t.Fatalf("id %q handed out twice or empty", id)
		}
		seen[id] = true
	}
	pains, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(pains) != 2*writers*each {
		t.Fatalf("%d reports stored, want %d", len(pains), 2*writers*each)
	}
	for _, p := range pains {
		if !seen[p.ID] {
			t.Errorf("stored report %s was not handed out", p.ID)
		}
	}
	got, err := s.Member(ctx(t), m)
	must(t, err)
	if len(got.Boards) != writers*each || len(got.Clubs) != writers*each {
		t.Fatalf("member kept %d report ids and %d clubs, want %d each: lost updates", len(got.Boards), len(got.Clubs), writers*each)
	}
	for _, id := range got.Boards {
		i := slices.IndexFunc(pains, func(p store.Pain) bool { return p.ID == id })
		if i < 0 || pains[i].Where != "knee" {
			t.Errorf("member names report %s, which is not a stored AddPainWithMember report", id)
		}
	}
}

// testAddPainWithMemberOnce: the same command's report made again (a
// redelivery) is stored once and answers the first id and member.
func testAddPainWithMemberOnce(t *testing.T, s store.Store) {
	pw := painWriter(t, s)
	const m = "telegram:1"
	op := func() context.Context { return store.WithOp(ctx(t), "telegram:u7") }
	p1, m1, err := pw.AddPainWithMember(op(), m, store.Pain{At: Epoch, Score: 5, Where: "knee", Level: "amber"}, lastPain)
	must(t, err)
	p2, m2, err := pw.AddPainWithMember(op(), m, store.Pain{At: Epoch, Score: 5, Where: "knee", Level: "amber"}, lastPain)
	must(t, err)
	if p1.ID != p2.ID || !reflect.DeepEqual(m1, m2) {
		t.Fatalf("a repeated report answered %s %+v, first %s %+v", p2.ID, m2, p1.ID, m1)
	}
	pains, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(pains) != 1 || len(m2.Boards) != 1 {
		t.Fatalf("a repeated report was applied twice: %d reports, member %+v", len(pains), m2)
	}
}

func mustErr[T any](_ T, err error) error { return err }
