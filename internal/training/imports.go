package training

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/workout"
)

// Watch files: a file's own date is trusted (any past date), so history
// makes the load checks better; only runs are logged, and an activity sent
// again is recognised.
const (
	// MaxImport caps the runs one file or zip logs; typed runs' daily cap
	// does not apply to imports, this one does.
	MaxImport = 1000
	// FutureSlack forgives a watch clock a little ahead of ours.
	FutureSlack = 10 * time.Minute
)

// Verdict is whether a watch activity may be logged as a run.
type Verdict int

const (
	Loggable Verdict = iota
	NotARun          // a ride, walk, swim or other sport
	Future           // dated after now (and the slack)
	TooFar           // longer than MaxRunMeters
)

// Activity is a watch activity as the training rules see it.
type Activity struct {
	workout.Activity
	Day    time.Time // local midnight of its start
	Date   string    // Day as YYYY-MM-DD
	Meters int64
}

// NewActivity reads a decoded activity.
func NewActivity(a workout.Activity) Activity {
	y, m, d := a.Start.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, a.Start.Location())
	return Activity{Activity: a, Day: day, Date: day.Format(DateFmt), Meters: int64(a.Meters + 0.5)}
}

// Judge says whether the activity may be logged as of now.
func (a Activity) Judge(now time.Time) Verdict {
	switch {
	case a.Sport != workout.Run:
		return NotARun
	case a.Start.After(now.Add(FutureSlack)):
		return Future
	case a.Meters > MaxRunMeters:
		return TooFar
	}
	return Loggable
}

// cadence is the activity's cadence worth keeping for /cadence (0: none).
func (a Activity) cadence() int {
	if a.Cadence > 0 && coach.ValidCadence(a.Cadence) {
		return a.Cadence
	}
	return 0
}

// SameActivity reports whether a stored run is this activity again: the
// same start within a minute and the same distance within 1%.
func SameActivity(run store.Run, start time.Time, meters int64) bool {
	if run.Start.IsZero() {
		return false
	}
	d := run.Start.Sub(start)
	if d < -time.Minute || d > time.Minute {
		return false
	}
	diff := run.Meters - meters
	if diff < 0 {
		diff = -diff
	}
	return float64(diff) <= 0.01*float64(max(run.Meters, meters))
}

// FileRun is what logging one watch activity did.
type FileRun struct {
	Activity Activity
	Verdict  Verdict     // not Loggable: refused, nothing read or saved
	Dup      *store.Run  // already logged as this run: nothing saved
	Typed    []store.Run // runs typed on the same day (one may be a double)
	Recorded Recorded    // the run as logged, with its checks
	Cadence  int         // the cadence saved for /cadence (0: none)
}

// LogActivity logs one watch activity as a run on its own date (the load
// checks as RecordRun's; crediting its boards is the caller's next step),
// unless it is refused or already logged, and keeps its cadence for
// /cadence.
func (s *Service) LogActivity(ctx context.Context, m store.Member, wa workout.Activity, loc *time.Location, now time.Time) (FileRun, error) {
	a := NewActivity(wa)
	out := FileRun{Activity: a, Verdict: a.Judge(now)}
	if out.Verdict != Loggable {
		return out, nil
	}
	around, err := s.st.Runs(ctx, m.ID, daily.AddDays(a.Date, -1), daily.AddDays(a.Date, 1))
	if err != nil {
		return out, fmt.Errorf("load runs: %w", err)
	}
	for _, run := range around {
		if SameActivity(run, a.Start, a.Meters) {
			out.Dup = &run
			return out, nil
		}
		if run.Start.IsZero() && run.Date == a.Date {
			out.Typed = append(out.Typed, run)
		}
	}
	out.Recorded, err = s.RecordRun(ctx, NewRun{
		Member: m, Run: store.Run{Meters: a.Meters, Seconds: a.Seconds(), Cadence: a.Cadence, Start: a.Start.UTC()},
		Day: a.Day, Loc: loc, Now: now,
	})
	if err != nil {
		return out, err
	}
	if spm := a.cadence(); spm > 0 {
		// The run is stored either way; a lost cadence record only logs.
		if err := s.st.AddCadence(ctx, m.ID, store.Cadence{At: a.Start.UTC(), SPM: spm}); err != nil {
			s.log.Warn("record cadence from file", "member", m.ID, "err", err)
		}
		out.Cadence = spm
	}
	return out, nil
}

// BoardCredit is what an import credited on one board.
type BoardCredit struct {
	Board   string
	Meters  int64 // the imported runs' total on it (their seconds are credited too)
	Credits []challenge.Credit
}

// Imported is what an import of many activities did.
type Imported struct {
	Logged    int
	First     time.Time // the first logged run's day
	Skipped   map[workout.Sport]int
	Dup       int // already logged
	Future    int
	TooFar    int
	TypedDays int // runs logged on days the member also typed one
	// SaveErr: storage failed part way; the runs logged before it stay
	// logged (sending the file again logs only the rest).
	SaveErr error
	// Cadence is the latest logged run's cadence, saved for /cadence (SPM
	// 0: none, or it could not be saved).
	Cadence store.Cadence
	Credits []BoardCredit // by board name, up to a failure
	// CreditErr: crediting a board failed; the runs are stored.
	CreditErr error
	Member    store.Member // as saved by the crediting
}

// ImportRuns logs every run of a zip (or a multisport file), oldest
// first, skipping what Judge refuses and what is already logged, keeps the
// latest cadence for /cadence and credits the challenge boards with each
// board's total. A failure before any run was logged is the error;
// after, the runs logged stay and SaveErr says why the rest are not.
func (s *Service) ImportRuns(ctx context.Context, m store.Member, activities []workout.Activity, now time.Time) (Imported, error) {
	acts := slices.Clone(activities)
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Start.Before(acts[j].Start) })
	t := Imported{Skipped: map[workout.Sport]int{}, Member: m}
	// Everything already stored over the span, read once for the
	// duplicate and same-day checks.
	var stored []store.Run
	if len(acts) > 0 {
		first, last := NewActivity(acts[0]).Date, NewActivity(acts[len(acts)-1]).Date
		var err error
		if stored, err = s.st.Runs(ctx, m.ID, daily.AddDays(first, -1), daily.AddDays(last, 1)); err != nil {
			return t, fmt.Errorf("load runs: %w", err)
		}
	}
	typedOn := map[string]bool{}
	for _, run := range stored {
		if run.Start.IsZero() {
			typedOn[run.Date] = true
		}
	}
	credit := map[string][2]int64{} // board -> metres and seconds
	for _, wa := range acts {
		a := NewActivity(wa)
		switch a.Judge(now) {
		case NotARun:
			t.Skipped[a.Sport]++
			continue
		case Future:
			t.Future++
			continue
		case TooFar:
			t.TooFar++
			continue
		}
		if slices.ContainsFunc(stored, func(run store.Run) bool { return SameActivity(run, a.Start, a.Meters) }) {
			t.Dup++
			continue
		}
		boards, err := s.boards.RunBoards(ctx, m, store.Run{Date: a.Date, Meters: a.Meters, Seconds: a.Seconds()})
		if err != nil {
			t.SaveErr = fmt.Errorf("find challenges: %w", err)
			break
		}
		run, err := s.st.AddRun(ctx, m.ID, store.Run{
			Date: a.Date, Meters: a.Meters, Seconds: a.Seconds(), Cadence: a.Cadence,
			Start: a.Start.UTC(), Logged: now.UTC(), Boards: boards,
		})
		if err != nil {
			t.SaveErr = fmt.Errorf("save run: %w", err)
			break
		}
		stored = append(stored, run)
		t.Logged++
		if t.First.IsZero() {
			t.First = a.Day
		}
		if typedOn[a.Date] {
			t.TypedDays++
		}
		for _, b := range boards {
			c := credit[b]
			credit[b] = [2]int64{c[0] + a.Meters, c[1] + int64(a.Seconds())}
		}
		if spm := a.cadence(); spm > 0 {
			t.Cadence = store.Cadence{At: a.Start.UTC(), SPM: spm}
		}
	}
	if t.SaveErr != nil && t.Logged == 0 {
		return t, t.SaveErr
	}
	if t.Cadence.SPM > 0 {
		if err := s.st.AddCadence(ctx, m.ID, t.Cadence); err != nil {
			s.log.Warn("record cadence from import", "member", m.ID, "err", err)
			t.Cadence = store.Cadence{}
		}
	}
	for _, board := range slices.Sorted(maps.Keys(credit)) {
		c := credit[board]
		if c[0] == 0 && c[1] == 0 {
			continue
		}
		saved, credits, err := s.boards.Credit(ctx, t.Member, []string{board}, c[0], c[1])
		t.Member = saved
		if err != nil {
			t.CreditErr = fmt.Errorf("credit %s: %w", board, err)
			break
		}
		t.Credits = append(t.Credits, BoardCredit{Board: board, Meters: c[0], Credits: credits})
	}
	return t, nil
}
