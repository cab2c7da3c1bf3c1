package training

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/workout"
)

// act is a watch activity starting at 07:00 UTC on day d of Nov 2026.
func act(d int, meters float64, minutes int, sport workout.Sport, cadence int) workout.Activity {
	return workout.Activity{
		Start: time.Date(2026, 11, d, 7, 0, 0, 0, time.UTC), Meters: meters, Moving: time.Duration(minutes) * time.Minute,
		Sport: sport, Label: "ride", Cadence: cadence,
	}
}

func (e *chalEnv) cadences(t *testing.T) []store.Cadence {
	t.Helper()
	cs, err := e.st.Cadences(e.ctx, ann, 10)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestJudgeActivity(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    workout.Activity
		want Verdict
	}{
		{act(24, 5000, 30, workout.Run, 0), Loggable},
		{act(24, 20000, 40, workout.Ride, 0), NotARun},
		{act(25, 5000, 30, workout.Run, 0), Loggable}, // 07:00 today, before now (10:00)
		{workout.Activity{Start: t0.Add(FutureSlack - time.Minute), Meters: 5000, Sport: workout.Run}, Loggable},
		{workout.Activity{Start: t0.Add(FutureSlack + time.Minute), Meters: 5000, Sport: workout.Run}, Future},
		{act(24, MaxRunMeters+1, 3000, workout.Run, 0), TooFar},
	} {
		if got := NewActivity(c.a).Judge(t0); got != c.want {
			t.Errorf("Judge(%v %s %.0f m) = %d, want %d", c.a.Start, c.a.Sport, c.a.Meters, got, c.want)
		}
	}
}

// One watch activity: logged on its own date with its cadence kept; sent
// again, recognised; a typed run that day named.
func TestLogActivity(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 24, store.Run{Meters: 5000}) // typed: r1
		fr, err := e.s.LogActivity(e.ctx, e.m, act(24, 8000, 45, workout.Run, 172), time.UTC, t0)
		if err != nil {
			t.Fatal(err)
		}
		run := fr.Recorded.Run
		if fr.Verdict != Loggable || fr.Dup != nil || run.ID != "r2" || run.Date != "2026-11-24" || run.Seconds != 2700 || run.Start.IsZero() ||
			len(run.Boards) != 1 || fr.Cadence != 172 {
			t.Errorf("logged %+v (cadence %d); want r2 on 24 Nov, 45 min, its start kept, on the board, cadence 172", run, fr.Cadence)
		}
		if len(fr.Typed) != 1 || fr.Typed[0].ID != "r1" {
			t.Errorf("typed runs that day: %+v, want r1", fr.Typed)
		}
		if cs := e.cadences(t); len(cs) != 1 || cs[0].SPM != 172 {
			t.Errorf("cadence records: %+v", cs)
		}
		// The same activity again, as another format a few seconds off.
		again := act(24, 8040, 45, workout.Run, 172)
		again.Start = again.Start.Add(20 * time.Second)
		fr, err = e.s.LogActivity(e.ctx, e.m, again, time.UTC, t0)
		if err != nil || fr.Dup == nil || fr.Dup.ID != "r2" {
			t.Errorf("the activity again: dup %v, %v; want r2", fr.Dup, err)
		}
		// Refused: nothing read, nothing saved.
		fr, err = e.s.LogActivity(e.ctx, e.m, act(23, 30000, 60, workout.Ride, 0), time.UTC, t0)
		if err != nil || fr.Verdict != NotARun {
			t.Errorf("a ride: verdict %d, %v", fr.Verdict, err)
		}
		if runs := e.runs(t); len(runs) != 2 {
			t.Errorf("%d runs stored, want 2", len(runs))
		}
	})
}

// A zip: runs logged oldest first, the rest counted by why, each board
// credited once with its total, the latest cadence kept.
func TestImportRuns(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		e.log(t, 24, store.Run{Meters: 3000}) // typed: r1, on the board
		first, err := e.s.LogActivity(e.ctx, e.m, act(23, 6000, 33, workout.Run, 0), time.UTC, t0)
		if err != nil {
			t.Fatal(err)
		}
		e.m, _, _ = e.ch.Credit(e.ctx, e.m, first.Recorded.Run.Boards, 6000, 33*60)
		acts := []workout.Activity{
			act(25, 5000, 27, workout.Run, 170),
			act(20, 10000, 55, workout.Run, 168), // before the challenge: no board
			act(24, 7000, 40, workout.Run, 0),    // a day with a typed run
			act(22, 40000, 80, workout.Ride, 0),
			act(23, 6000, 33, workout.Run, 0), // already logged
			{Start: t0.Add(time.Hour), Meters: 5000, Sport: workout.Run},
			act(21, MaxRunMeters+1000, 3000, workout.Run, 0),
		}
		im, err := e.s.ImportRuns(e.ctx, e.m, acts, t0)
		if err != nil {
			t.Fatal(err)
		}
		if im.Logged != 3 || im.Dup != 1 || im.Future != 1 || im.TooFar != 1 || im.Skipped[workout.Ride] != 1 || im.TypedDays != 1 {
			t.Errorf("tally %+v; want 3 logged, 1 each of dup, future, too far, ride, typed day", im)
		}
		if !im.First.Equal(day(2026, 11, 20)) || im.SaveErr != nil || im.CreditErr != nil {
			t.Errorf("first %v, save %v, credit %v; want 20 Nov, no errors", im.First, im.SaveErr, im.CreditErr)
		}
		if im.Cadence.SPM != 170 {
			t.Errorf("cadence kept: %+v, want the latest run's 170", im.Cadence)
		}
		if cs := e.cadences(t); len(cs) != 1 || cs[0].SPM != 170 {
			t.Errorf("cadence records: %+v, want one: 170", cs)
		}
		if len(im.Credits) != 1 || im.Credits[0].Board != e.board || im.Credits[0].Meters != 12000 || len(im.Credits[0].Credits) != 1 {
			t.Errorf("credits %+v; want one board credited 12 km", im.Credits)
		}
		if got := e.score(t); got != 3000+6000+12000 {
			t.Errorf("board: %d m, want 21000", got)
		}
		runs := e.runs(t)
		if len(runs) != 5 || runs[0].Date != "2026-11-20" || len(runs[0].Boards) != 0 {
			t.Errorf("stored runs: %+v", runs)
		}
		// The same zip again logs nothing new.
		im, err = e.s.ImportRuns(e.ctx, im.Member, acts, t0)
		if err != nil || im.Logged != 0 || im.Dup != 4 || len(im.Credits) != 0 {
			t.Errorf("the zip again: %+v, %v; want 4 already logged, nothing credited", im, err)
		}
	})
}

// Storage lost part way: what was logged stays, the error says why the
// rest is not; lost before any run, the import is the error.
func TestImportRunsStorageLost(t *testing.T) {
	t.Parallel()
	withChallenge(t, func(t *testing.T, e *chalEnv) {
		failing := New(e.st, &failAfter{Boards: e.ch, n: 1}, nil, slog.New(slog.DiscardHandler))
		acts := []workout.Activity{act(24, 5000, 27, workout.Run, 0), act(25, 6000, 33, workout.Run, 0)}
		im, err := failing.ImportRuns(e.ctx, e.m, acts, t0)
		if err != nil || im.Logged != 1 || im.SaveErr == nil {
			t.Errorf("lost after one run: %+v, %v; want 1 logged and SaveErr", im, err)
		}
		if _, err := New(e.st, &failAfter{Boards: e.ch}, nil, slog.New(slog.DiscardHandler)).ImportRuns(e.ctx, e.m, acts[1:], t0); err == nil {
			t.Error("lost before any run: no error")
		}
		if runs := e.runs(t); len(runs) != 1 {
			t.Errorf("%d runs stored, want 1", len(runs))
		}
	})
}

// failAfter is the challenge service finding boards n times, then failing.
type failAfter struct {
	Boards
	n int
}

func (f *failAfter) RunBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error) {
	if f.n == 0 {
		return nil, errors.New("redis down")
	}
	f.n--
	return f.Boards.RunBoards(ctx, m, run)
}
