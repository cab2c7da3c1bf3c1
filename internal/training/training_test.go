package training

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The service's tests run on both store backends without the router: they
// check what is stored and what the checks say, not how a reply reads.

// Wednesday 25 Nov 2026, 10:00 UTC.
var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

const ann = "telegram:1"

type fullStore interface {
	store.Store
	AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error)
	RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
}

// boards puts every run with a distance on one board.
type boards struct{ err error }

func (b boards) RunBoards(_ context.Context, _ store.Member, run store.Run) ([]string, error) {
	if b.err != nil {
		return nil, b.err
	}
	if run.Meters > 0 {
		return []string{"chal:telegram:-1/c1"}, nil
	}
	return nil, nil
}

// The load-model tests credit nothing; runs_test.go uses the challenge
// service itself.
func (boards) UndoBoards(_ context.Context, _ store.Member, run store.Run) ([]string, error) {
	return run.Boards, nil
}

func (boards) Credit(_ context.Context, m store.Member, _ []string, _, _ int64) (store.Member, []challenge.Credit, error) {
	return m, nil, nil
}

type env struct {
	ctx     context.Context
	st      fullStore
	s       *Service
	replans []store.Member
	m       store.Member
}

func onEveryStore(t *testing.T, scenario func(t *testing.T, e *env)) {
	t.Helper()
	now := func() time.Time { return t0 }
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st, ok := b.Open(t, now).(fullStore)
			if !ok {
				t.Fatal("the store lacks the one-round-trip reads and the atomic pain write")
			}
			e := &env{ctx: context.Background(), st: st}
			e.s = New(st, boards{}, func(_ context.Context, m store.Member) { e.replans = append(e.replans, m) }, slog.New(slog.DiscardHandler))
			m, err := st.UpdateMember(e.ctx, ann, func(m *store.Member) error { m.Name = "Ann"; return nil })
			if err != nil {
				t.Fatal(err)
			}
			e.m = m
			scenario(t, e)
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestRecordRunStoresAndChecks(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		// Last week 20 km over four runs, then a 15 km long run today.
		for _, d := range []int{16, 17, 19, 21} {
			if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 5000}, Day: day(2026, 11, d), Loc: time.UTC, Now: t0, Typed: true}); err != nil {
				t.Fatal(err)
			}
		}
		rec, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 15000, Seconds: 5400, Notes: "long"}, Day: day(2026, 11, 25), Loc: time.UTC, Now: t0, Typed: true})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Run.ID != "r5" || rec.Run.Date != "2026-11-25" || !rec.Run.Logged.Equal(t0) || len(rec.Run.Boards) != 1 {
			t.Errorf("stored run = %+v; want r5 dated today, logged now, on one board", rec.Run)
		}
		if len(rec.Before) != 4 {
			t.Errorf("history before the run: %d runs, want 4", len(rec.Before))
		}
		ck := rec.Checks
		if !ck.WeekStart.Equal(day(2026, 11, 23)) || !ck.Current || ck.Week.Runs != 1 || ck.Week.Meters != 15000 {
			t.Errorf("week = %v %+v current=%v; want this week (Mon 23 Nov), one 15 km run", ck.WeekStart, ck.Week, ck.Current)
		}
		// A 15 km run after a longest of 5 km is a spike: the same verdict
		// the coach gives over the same history.
		hist := CoachRuns(rec.Before, time.UTC)
		want := coach.CheckRun(append(hist, coach.Run{Date: day(2026, 11, 25), Meters: 15000, Seconds: 5400}), coach.Run{Date: day(2026, 11, 25), Meters: 15000, Seconds: 5400}, coach.Baseline{})
		if ck.Spike.Text(coach.KM) != want.Text(coach.KM) || ck.Spike.Text(coach.KM) == "" {
			t.Errorf("spike check %q, want the coach's %q", ck.Spike.Text(coach.KM), want.Text(coach.KM))
		}
		runs, err := e.st.Runs(e.ctx, ann, "", "")
		if err != nil || len(runs) != 5 || runs[4].Notes != "long" {
			t.Errorf("stored runs: %+v, %v", runs, err)
		}
	})
}

// A run on a past week is checked as of that week's end, not today.
func TestRecordRunPastWeek(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		rec, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Seconds: 1800}, Day: day(2026, 11, 20), Loc: time.UTC, Now: t0, Typed: true})
		if err != nil {
			t.Fatal(err)
		}
		ck := rec.Checks
		if ck.Current || !ck.WeekStart.Equal(day(2026, 11, 16)) || ck.Week.TimeOnly != 1800 {
			t.Errorf("checks = %+v; want last week, 30 min by time only", ck)
		}
		if len(rec.Run.Boards) != 0 {
			t.Errorf("a time-only run went on a distance board: %v", rec.Run.Boards)
		}
	})
}

// Typed runs stop at the daily cap (nothing saved); a watch file's runs
// are capped by their import instead; a board failure saves nothing.
func TestRunCapAndBoardFailure(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for i := 0; i < MaxRunsPerDay; i++ {
			if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 1000}, Day: day(2026, 11, 25), Loc: time.UTC, Now: t0, Typed: true}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 1000}, Day: day(2026, 11, 25), Loc: time.UTC, Now: t0, Typed: true})
		var ce *CapError
		if !errors.As(err, &ce) || ce.N != MaxRunsPerDay || ce.What != "runs" {
			t.Fatalf("run past the cap: %v; want a CapError", err)
		}
		if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 1000, Start: t0.Add(-time.Hour)}, Day: day(2026, 11, 25), Loc: time.UTC, Now: t0}); err != nil {
			t.Errorf("an imported run was refused by the typed cap: %v", err)
		}
		// A day later the cap window has passed.
		if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 1000}, Day: day(2026, 11, 26), Loc: time.UTC, Now: t0.Add(CapWindow), Typed: true}); err != nil {
			t.Errorf("a run after the cap window: %v", err)
		}
		failing := New(e.st, boards{err: errors.New("redis down")}, nil, slog.New(slog.DiscardHandler))
		if _, err := failing.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 1000}, Day: day(2026, 11, 26), Loc: time.UTC, Now: t0.Add(CapWindow)}); err == nil {
			t.Error("a run whose boards could not be found was recorded")
		}
		runs, _ := e.st.Runs(e.ctx, ann, "", "")
		if len(runs) != MaxRunsPerDay+2 {
			t.Errorf("%d runs stored, want %d", len(runs), MaxRunsPerDay+2)
		}
	})
}

// A pain report and its change to the member go in together, and the
// re-plan event fires only when what reminders are planned from moved.
func TestRecordPainReplansOnChange(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		rep, err := coach.ParsePain("4 left knee")
		if err != nil {
			t.Fatal(err)
		}
		a := coach.Triage(rep)
		p := PainRecord(rep, a, t0, "telegram:-1")
		if p.Where != "left knee" || p.Score != 4 || p.Level != "amber" || p.Source != "report" || p.Club != "telegram:-1" || !p.At.Equal(t0) {
			t.Errorf("PainRecord = %+v", p)
		}
		stored, m, err := e.s.RecordPain(e.ctx, ann, t0, p, func(m *store.Member, p store.Pain) error {
			m.LastPain, m.LastPainLvl = p.At, p.Level
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if stored.ID != "p1" || m.LastPainLvl != "amber" || len(e.replans) != 1 || e.replans[0].LastPainLvl != "amber" {
			t.Errorf("report %q, member level %q, replans %d; want p1, amber, one re-plan", stored.ID, m.LastPainLvl, len(e.replans))
		}
		// A change reminders don't depend on: no re-plan.
		if _, _, err := e.s.RecordPain(e.ctx, ann, t0, p, func(m *store.Member, _ store.Pain) error { m.BaselineAsked = true; return nil }); err != nil {
			t.Fatal(err)
		}
		if len(e.replans) != 1 {
			t.Errorf("%d re-plans after a change plans don't read, want 1", len(e.replans))
		}
	})
}

func TestPainCap(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		noop := func(*store.Member, store.Pain) error { return nil }
		for i := 0; i < MaxPainsPerDay; i++ {
			if _, _, err := e.s.RecordPain(e.ctx, ann, t0, store.Pain{At: t0, Score: 2, Where: "knee", Level: "green"}, noop); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := e.s.RecordPain(e.ctx, ann, t0, store.Pain{At: t0, Score: 2, Where: "knee", Level: "green"}, noop)
		var ce *CapError
		if !errors.As(err, &ce) || ce.What != "pain reports" {
			t.Fatalf("report past the cap: %v", err)
		}
		if ps, _ := e.st.Pains(e.ctx, ann, time.Time{}); len(ps) != MaxPainsPerDay {
			t.Errorf("%d reports stored, want %d", len(ps), MaxPainsPerDay)
		}
	})
}

// The weekly summary buckets pain reports by the member's weeks; the
// worst is the highest level, then the highest score.
func TestWeekSummary(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for _, d := range []int{3, 24, 25} {
			if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 8000}, Day: day(2026, 11, d), Loc: time.UTC, Now: t0}); err != nil {
				t.Fatal(err)
			}
		}
		noop := func(*store.Member, store.Pain) error { return nil }
		for _, p := range []store.Pain{
			{At: t0.Add(-time.Hour), Score: 5, Level: "amber", Where: "shin"},
			{At: t0.Add(-2 * time.Hour), Score: 4, Level: "red", Where: "knee"},
			{At: t0.AddDate(0, 0, -8), Score: 2, Level: "green", Where: "calf"},
			{At: t0.AddDate(0, 0, -60), Score: 9, Level: "red", Where: "hip"}, // before the weeks shown
		} {
			if _, _, err := e.s.SavePain(e.ctx, ann, p, noop); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := e.s.Week(e.ctx, e.m, time.UTC, t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Weeks) != SummaryWeeks || !sum.Weeks[4].Start.Equal(day(2026, 11, 23)) || sum.Weeks[4].Runs != 2 || sum.Weeks[1].Runs != 1 {
			t.Fatalf("weeks = %+v", sum.Weeks)
		}
		if got := sum.Pains[4]; got != (PainWeek{N: 2, Worst: 4, Level: "red"}) {
			t.Errorf("this week's pain = %+v; want 2 reports, worst the red 4/10", got)
		}
		if got := sum.Pains[3]; got != (PainWeek{N: 1, Worst: 2, Level: "green"}) {
			t.Errorf("last week's pain = %+v", got)
		}
		if got := sum.Pains[0]; got != (PainWeek{Worst: -1}) {
			t.Errorf("a week without reports = %+v", got)
		}
		if sum.Runs != 3 {
			t.Errorf("runs in the load history = %d, want 3", sum.Runs)
		}
	})
}

// TestLastWeeks: a chart's history starts on the Monday n-1 weeks before
// this week's, in the member's zone, for runs and pain reports alike.
func TestLastWeeks(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		// Monday 2 Nov is the first day of 4 weeks up to Wed 25 Nov.
		for _, d := range []time.Time{day(2026, 11, 1), day(2026, 11, 2), day(2026, 11, 25)} {
			if _, err := e.s.RecordRun(e.ctx, NewRun{Member: e.m, Run: store.Run{Meters: 5000}, Day: d, Loc: time.UTC, Now: t0}); err != nil {
				t.Fatal(err)
			}
		}
		noop := func(*store.Member, store.Pain) error { return nil }
		for _, at := range []time.Time{day(2026, 11, 1).Add(23 * time.Hour), day(2026, 11, 2).Add(time.Hour)} {
			if _, _, err := e.s.SavePain(e.ctx, ann, store.Pain{At: at, Score: 3, Level: "green", Where: "knee"}, noop); err != nil {
				t.Fatal(err)
			}
		}
		runs, pains, err := e.s.LastWeeks(e.ctx, ann, time.UTC, t0, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 2 || runs[0].Date != "2026-11-02" || runs[1].Date != "2026-11-25" {
			t.Errorf("runs = %+v, want 2 Nov and 25 Nov", runs)
		}
		if len(pains) != 1 || !pains[0].At.Equal(day(2026, 11, 2).Add(time.Hour)) {
			t.Errorf("pains = %+v, want the one on 2 Nov", pains)
		}
		// In Tokyo (UTC+9) Sunday 23:00 UTC is already Monday 2 Nov.
		tokyo, err := time.LoadLocation("Asia/Tokyo")
		if err != nil {
			t.Fatal(err)
		}
		if _, pains, err := e.s.LastWeeks(e.ctx, ann, tokyo, t0, 4); err != nil || len(pains) != 2 {
			t.Errorf("pains in Tokyo = %+v, %v; want both", pains, err)
		}
	})
}
