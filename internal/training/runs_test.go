package training

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// Undo and edit move a run on the boards of the real challenge service, on
// both stores.

const testClub = "telegram:-100777"

type chalEnv struct {
	ctx   context.Context
	st    fullStore
	ch    *challenge.Service
	s     *Service
	board string
	m     store.Member
}

// withChallenge runs scenario with Ann in a 50 km challenge of testClub
// that runs from Mon 23 Nov to 31 Dec 2026.
func withChallenge(t *testing.T, scenario func(t *testing.T, e *chalEnv)) {
	t.Helper()
	now := func() time.Time { return t0 }
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st, ok := b.Open(t, now).(fullStore)
			if !ok {
				t.Fatal("the store lacks the one-round-trip reads and the atomic pain write")
			}
			ctx := context.Background()
			log := slog.New(slog.DiscardHandler)
			cs := challenge.New(st, log, now)
			made, err := cs.Create(ctx, testClub, store.Challenge{Name: "Club Fifty", GoalM: 50_000, GoalUnit: "km", Start: "2026-11-23", End: "2026-12-31"}, "2026-11-25")
			if err != nil {
				t.Fatal(err)
			}
			m, err := st.UpdateMember(ctx, ann, func(m *store.Member) error { m.Name = "Ann"; return nil })
			if err != nil {
				t.Fatal(err)
			}
			cl, err := cs.Club(ctx, testClub)
			if err != nil {
				t.Fatal(err)
			}
			j, err := cs.Join(ctx, testClub, cl.Challenges[0], m, "2026-11-25")
			if err != nil {
				t.Fatal(err)
			}
			e := &chalEnv{ctx: ctx, st: st, ch: cs, s: New(st, cs, nil, log), board: challenge.BoardName(testClub, made.ID), m: j.Member}
			scenario(t, e)
		})
	}
}

// log records a run on day (of Nov 2026) and credits its boards, as /run does.
func (e *chalEnv) log(t *testing.T, d int, run store.Run) store.Run {
	t.Helper()
	rec, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: run, Day: day(2026, 11, d), Loc: time.UTC, Now: t0, Typed: true})
	if err != nil {
		t.Fatal(err)
	}
	if e.m, _, err = e.ch.Credit(e.ctx, e.m, rec.Run.Boards, rec.Run.Meters, int64(rec.Run.Seconds)); err != nil {
		t.Fatal(err)
	}
	return rec.Run
}

func (e *chalEnv) score(t *testing.T) int64 {
	t.Helper()
	sc, err := e.st.BoardScore(e.ctx, e.board, ann)
	if errors.Is(err, store.ErrNotFound) {
		return -1
	}
	if err != nil {
		t.Fatal(err)
	}
	return sc.Value
}

func (e *chalEnv) runs(t *testing.T) []store.Run {
	t.Helper()
	runs, err := e.st.Runs(e.ctx, ann, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

func TestUndoRunTakesItOffTheBoards(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 24, store.Run{Meters: 5000})
		e.log(t, 25, store.Run{Meters: 8000, Seconds: 2700})
		if got := e.score(t); got != 13000 {
			t.Fatalf("board after two runs: %d m, want 13000", got)
		}
		un, err := e.s.UndoRun(e.ctx, e.m, "")
		if err != nil {
			t.Fatal(err)
		}
		if un.Run.ID != "r2" || un.Run.Meters != 8000 || un.Boards != 1 || un.Err != nil {
			t.Errorf("undo = run %s %d m, %d boards, err %v; want r2, 8000 m, 1 board", un.Run.ID, un.Run.Meters, un.Boards, un.Err)
		}
		if got := e.score(t); got != 5000 {
			t.Errorf("board after the undo: %d m, want 5000", got)
		}
		// By id; an unknown id removes nothing.
		if _, err := e.s.UndoRun(e.ctx, un.Member, "r9"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("undo of r9: %v, want ErrNotFound", err)
		}
		if un, err = e.s.UndoRun(e.ctx, un.Member, "R1"); err != nil || un.Run.ID != "r1" {
			t.Fatalf("undo R1: %+v, %v", un.Run, err)
		}
		if got := e.score(t); got != 0 {
			t.Errorf("board after undoing both: %d m, want 0", got)
		}
		if len(e.runs(t)) != 0 {
			t.Errorf("runs left: %+v", e.runs(t))
		}
		if _, err := e.s.UndoRun(e.ctx, un.Member, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("undo with no runs: %v, want ErrNotFound", err)
		}
	})
}

// A run that counts on no board (before the challenge) is removed with no
// board touched.
func TestUndoRunOffNoBoard(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 25, store.Run{Meters: 5000})
		e.log(t, 20, store.Run{Meters: 3000}) // before the challenge starts
		un, err := e.s.UndoRun(e.ctx, e.m, "r2")
		if err != nil {
			t.Fatal(err)
		}
		if un.Boards != 0 || un.Err != nil {
			t.Errorf("undo of a run on no board: %d boards, err %v", un.Boards, un.Err)
		}
		if got := e.score(t); got != 5000 {
			t.Errorf("board: %d m, want 5000 (untouched)", got)
		}
	})
}

func TestEditRunMovesItOnTheBoards(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 25, store.Run{Meters: 5000, Seconds: 1500, Notes: "easy"})
		ed, err := e.s.EditRun(e.ctx, e.m, "r1", RunFix{Meters: 8000, Seconds: 2700})
		if err != nil {
			t.Fatal(err)
		}
		if ed.Old.Meters != 5000 || ed.Run.Meters != 8000 || ed.Run.Seconds != 2700 || ed.Run.Notes != "easy" || ed.Run.Date != "2026-11-25" {
			t.Errorf("edit: old %+v, new %+v; want 5 km → 8 km 45:00, notes and date kept", ed.Old, ed.Run)
		}
		if ed.Boards != 2 || ed.Err != nil {
			t.Errorf("edit touched %d boards (err %v), want 2: debited and credited", ed.Boards, ed.Err)
		}
		if got := e.score(t); got != 8000 {
			t.Errorf("board after the edit: %d m, want 8000", got)
		}
		if runs := e.runs(t); len(runs) != 1 || len(runs[0].Boards) != 1 || runs[0].Boards[0] != e.board {
			t.Errorf("stored run after the edit: %+v; want it on the board", runs)
		}
		// Moved before the challenge: off the board, on none.
		ed, err = e.s.EditRun(e.ctx, ed.Member, "r1", RunFix{Date: "2026-11-20", Notes: "", NotesGiven: true})
		if err != nil {
			t.Fatal(err)
		}
		if ed.Boards != 1 || ed.Run.Notes != "" || ed.Run.Date != "2026-11-20" {
			t.Errorf("edit to before the challenge: %d boards, run %+v", ed.Boards, ed.Run)
		}
		if got := e.score(t); got != 0 {
			t.Errorf("board after moving the run out: %d m, want 0", got)
		}
		if runs := e.runs(t); len(runs[0].Boards) != 0 {
			t.Errorf("the moved run still names boards: %v", runs[0].Boards)
		}
	})
}

// An edit that makes no run, or names no run, changes nothing.
func TestEditRunRefusals(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 25, store.Run{Meters: 5000, Seconds: 1500})
		_, err := e.s.EditRun(e.ctx, e.m, "r1", RunFix{Meters: 50_000})
		var pe *PaceError
		if !errors.As(err, &pe) || pe.Meters != 50_000 || pe.Seconds != 1500 {
			t.Errorf("50 km in 25 min: %v, want a PaceError", err)
		}
		if _, err := e.s.EditRun(e.ctx, e.m, "r7", RunFix{Meters: 6000}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("edit of r7: %v, want ErrNotFound", err)
		}
		if runs := e.runs(t); len(runs) != 1 || runs[0].Meters != 5000 || len(runs[0].Boards) != 1 {
			t.Errorf("runs after refused edits: %+v", runs)
		}
		if got := e.score(t); got != 5000 {
			t.Errorf("board after refused edits: %d m, want 5000", got)
		}
	})
}

// failingCredit is the challenge service with crediting down.
type failingCredit struct{ *challenge.Service }

func (failingCredit) Credit(_ context.Context, m store.Member, _ []string, _, _ int64) (store.Member, []challenge.Credit, error) {
	return m, nil, errors.New("redis down")
}

// A board failure never loses the undo or the edit: the run's change is
// stored and the failure reported beside it.
func TestBoardFailureKeepsTheRunChange(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 24, store.Run{Meters: 5000})
		e.log(t, 25, store.Run{Meters: 6000})
		s := New(e.st, failingCredit{e.ch}, nil, slog.New(slog.DiscardHandler))
		ed, err := s.EditRun(e.ctx, e.m, "r1", RunFix{Meters: 7000})
		if err != nil || ed.Err == nil || ed.Boards != 0 || ed.Run.Meters != 7000 {
			t.Errorf("edit with boards down: %+v, %v; want the run edited and the board failure reported", ed, err)
		}
		un, err := s.UndoRun(e.ctx, e.m, "r2")
		if err != nil || un.Err == nil || un.Boards != 0 {
			t.Errorf("undo with boards down: %+v, %v; want the run removed and the board failure reported", un, err)
		}
		if runs := e.runs(t); len(runs) != 1 || runs[0].ID != "r1" || runs[0].Meters != 7000 {
			t.Errorf("runs: %+v; want r1 edited to 7 km, r2 gone", runs)
		}
	})
}

// The spike check under challenge lines: the run credited against the
// month before it, whether or not it is stored yet.
func TestSpiked(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for _, d := range []int{10, 13, 17, 20, 24} {
			if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 5000}, Day: day(2026, 11, d), Loc: time.UTC, Now: t0}); err != nil {
				t.Fatal(err)
			}
		}
		if e.s.Spiked(e.ctx, ann, 5000, time.UTC, t0) {
			t.Error("a usual 5 km run counted as a spike")
		}
		if !e.s.Spiked(e.ctx, ann, 15000, time.UTC, t0) {
			t.Error("a 15 km run after 5 km runs, not stored yet, is no spike")
		}
		if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 15000}, Day: day(2026, 11, 25), Loc: time.UTC, Now: t0}); err != nil {
			t.Fatal(err)
		}
		if !e.s.Spiked(e.ctx, ann, 15000, time.UTC, t0) {
			t.Error("the stored 15 km run is no spike")
		}
	})
}
