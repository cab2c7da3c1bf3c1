package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// opResults is what one run of opSequence got back.
type opResults struct {
	Run     store.Run
	Pain    store.Pain
	Score   int64
	Fresh   bool
	Deleted store.Run
	Amended store.Pain
}

// opSequence makes every kind of write that is not idempotent by itself,
// as one command would, under ctx.
func opSequence(t *testing.T, s store.Store, ctx context.Context, member, board string) opResults {
	t.Helper()
	var o opResults
	var err error
	o.Run, err = s.AddRun(ctx, ids.MemberID(member), store.Run{Date: "2026-03-02", Meters: 5000})
	must(t, err)
	o.Pain, err = s.AddPain(ctx, ids.MemberID(member), store.Pain{Score: 3, Where: "knee", Level: "green", Notes: "sore"})
	must(t, err)
	must(t, s.AddCadence(ctx, ids.MemberID(member), store.Cadence{SPM: 170}))
	must(t, s.AddBalance(ctx, ids.MemberID(member), store.Balance{Seconds: 30}))
	must(t, s.Keep(ctx, ids.MemberID(member), store.Kept{Text: "kept"}))
	o.Score, err = s.BoardAdd(ctx, board, ids.MemberID(member), 5000)
	must(t, err)
	o.Fresh, err = s.Mark(ctx, member, "nudge", time.Hour)
	must(t, err)
	o.Deleted, err = s.DeleteRun(ctx, ids.MemberID(member), "")
	must(t, err)
	o.Amended, err = s.AmendPain(ctx, ids.MemberID(member), o.Pain.ID, time.Time{}, func(p *store.Pain) error {
		p.Notes += ", better"
		return nil
	})
	must(t, err)
	return o
}

// testOpsApplyOnce: the same command's writes made again (a redelivery, a
// retry after a timeout) are applied once and answer what they answered
// the first time; another command's are applied anew, and so is the same
// command's once store.OpTTL has passed.
func testOpsApplyOnce(t *testing.T, s store.Store) {
	const member, board = "telegram:1", "challenge:telegram:-1/c1"
	kept := addRun(t, s, member, "2026-03-01", 1000) // not the last run: an undo repeated would take it
	first := opSequence(t, s, store.WithOp(ctx(t), "telegram:u100"), member, board)
	again := opSequence(t, s, store.WithOp(ctx(t), "telegram:u100"), member, board)
	if !reflect.DeepEqual(first, again) {
		t.Fatalf("the same op answered differently:\nfirst %+v\nagain %+v", first, again)
	}
	if first.Deleted.ID != first.Run.ID || !first.Fresh || first.Score != 5000 || first.Amended.Notes != "sore, better" {
		t.Fatalf("first run of the op: %+v", first)
	}
	e, err := s.Export(ctx(t), member)
	must(t, err)
	if len(e.Runs) != 1 || e.Runs[0].ID != kept.ID {
		t.Errorf("runs after the op twice = %+v, want only %s", e.Runs, kept.ID)
	}
	if len(e.Pains) != 1 || e.Pains[0].Notes != "sore, better" {
		t.Errorf("pains after the op twice = %+v", e.Pains)
	}
	if len(e.Cadences) != 1 || len(e.Balances) != 1 || len(e.Kept) != 1 {
		t.Errorf("records after the op twice: %d cadences, %d balances, %d kept; want 1 each",
			len(e.Cadences), len(e.Balances), len(e.Kept))
	}
	sc, err := s.BoardScore(ctx(t), board, member)
	must(t, err)
	if sc.Value != 5000 {
		t.Errorf("board score after the op twice = %d, want 5000", sc.Value)
	}

	// Another command is another op.
	other, err := s.AddRun(store.WithOp(ctx(t), "telegram:u101"), member, store.Run{Date: "2026-03-02", Meters: 5000})
	must(t, err)
	if other.ID == first.Run.ID || other.ID == kept.ID {
		t.Errorf("another op got id %s again", other.ID)
	}
	if v, err := s.BoardAdd(store.WithOp(ctx(t), "telegram:u101"), board, member, 1); err != nil || v != 5001 {
		t.Errorf("another op's board add = %d, %v; want 5001", v, err)
	}
	// A write without an op is never taken for a repeat.
	a, err := s.AddRun(ctx(t), member, store.Run{Date: "2026-03-02", Meters: 1})
	must(t, err)
	b, err := s.AddRun(ctx(t), member, store.Run{Date: "2026-03-02", Meters: 1})
	must(t, err)
	if a.ID == b.ID {
		t.Errorf("two writes without an op got one id %s", a.ID)
	}

	// An op is remembered for store.OpTTL, not for ever.
	ClockFor(t).Advance(store.OpTTL + time.Minute)
	late, err := s.AddRun(store.WithOp(ctx(t), "telegram:u100"), member, store.Run{Date: "2026-03-02", Meters: 5000})
	must(t, err)
	if late.ID == first.Run.ID {
		t.Errorf("op still remembered after %v: id %s again", store.OpTTL+time.Minute, late.ID)
	}
}

// testOpsForgotten: Forget removes what ops recorded about the member (an
// undo's result holds the run), so the same op afterwards writes anew.
func testOpsForgotten(t *testing.T, s store.Store) {
	const member = "telegram:1"
	op := store.WithOp(ctx(t), "telegram:u7")
	r, err := s.AddRun(op, member, store.Run{Date: "2026-03-02", Meters: 5000, Notes: "private"})
	must(t, err)
	must(t, s.Forget(ctx(t), member))
	again, err := s.AddRun(store.WithOp(ctx(t), "telegram:u7"), member, store.Run{Date: "2026-03-02", Meters: 4000})
	must(t, err)
	runs, err := s.Runs(ctx(t), member, "", "")
	must(t, err)
	if len(runs) != 1 || runs[0].Meters != 4000 {
		t.Errorf("after Forget the same op stored %+v (first id %s, again %s); want the new run alone", runs, r.ID, again.ID)
	}
}
