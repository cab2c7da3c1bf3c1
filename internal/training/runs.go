package training

import (
	"context"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Limits of a believable run, shared by what the router parses and what an
// edit may store.
const (
	MaxRunMeters = 250_000
	FastestPace  = 100     // s/km: faster than 1:40 per km beats every record (~2:30)
	SlowestPace  = 30 * 60 // s/km: slower than 30 min per km is not a run
)

// PaceError refuses an edit whose distance and time make no run; nothing
// was changed.
type PaceError struct {
	Meters  int64
	Seconds int
}

func (e *PaceError) Error() string {
	return fmt.Sprintf("%d m in %d s is not a run", e.Meters, e.Seconds)
}

// Believable reports whether a distance and a time (either may be zero:
// unknown) make a run.
func Believable(meters int64, seconds int) bool {
	if seconds <= 0 || meters <= 0 {
		return true
	}
	pace := float64(seconds) / (float64(meters) / 1000)
	return pace >= FastestPace && pace <= SlowestPace
}

// BoardChange is what an undo or an edit did on the challenge boards. The
// run's own change is stored either way: a board failure (Err) only
// leaves the boards behind until the member rejoins and they are recounted.
type BoardChange struct {
	Member store.Member // the member as saved by the crediting
	Boards int          // boards debited plus boards credited
	Err    error        // crediting or debiting failed
}

// Undone is a removed run.
type Undone struct {
	Run store.Run
	BoardChange
}

// UndoRun removes the member's run id (the last one when id is ""; an
// unknown one is store.ErrNotFound, nothing removed) and takes it off the
// challenge boards it counts on.
func (s *Service) UndoRun(ctx context.Context, m store.Member, id string) (Undone, error) {
	run, err := s.st.DeleteRun(ctx, m.ID, id)
	if err != nil {
		return Undone{}, fmt.Errorf("delete run: %w", err)
	}
	u := Undone{Run: run, BoardChange: BoardChange{Member: m}}
	boards, err := s.boards.UndoBoards(ctx, m, run)
	if err != nil {
		// Unknown boards are left as they are: nothing to say to the member.
		s.log.Error("find boards to debit", "member", m.ID, "run", run.ID, "err", err)
		return u, nil
	}
	u.Member, u.Err = s.credit(ctx, m, boards, -run.Meters, -int64(run.Seconds))
	if u.Err == nil {
		u.Boards = len(boards)
	}
	return u, nil
}

// RunFix is what an edit changes; zero fields (and notes not given) stay.
type RunFix struct {
	Meters     int64
	Seconds    int
	Cadence    int
	Date       string // YYYY-MM-DD, "" to keep
	Notes      string
	NotesGiven bool
}

// Edited is an amended run.
type Edited struct {
	Old, Run store.Run
	BoardChange
}

// EditRun amends the member's run id with fix (store.ErrNotFound when no
// such run; a *PaceError when the result makes no run, nothing changed),
// then moves it on the challenge boards: the old run off, the new one on
// the boards it counts on now.
func (s *Service) EditRun(ctx context.Context, m store.Member, id string, fix RunFix) (Edited, error) {
	var old store.Run
	run, err := s.st.AmendRun(ctx, m.ID, id, func(run *store.Run) error {
		old = *run
		if fix.Meters > 0 {
			run.Meters = fix.Meters
		}
		if fix.Seconds > 0 {
			run.Seconds = fix.Seconds
		}
		if fix.Cadence > 0 {
			run.Cadence = fix.Cadence
		}
		if fix.Date != "" {
			run.Date = fix.Date
		}
		if fix.NotesGiven {
			run.Notes = fix.Notes
		}
		if !Believable(run.Meters, run.Seconds) {
			return &PaceError{Meters: run.Meters, Seconds: run.Seconds}
		}
		run.Boards = nil
		return nil
	})
	if err != nil {
		return Edited{}, fmt.Errorf("edit run: %w", err)
	}
	e := Edited{Old: old, Run: run, BoardChange: BoardChange{Member: m}}
	e.Member, e.Boards, e.Err = s.rebook(ctx, m, old, run)
	return e, nil
}

// rebook takes old off its boards and puts run on the boards it counts on
// now (stored with it), stopping at the first failure.
func (s *Service) rebook(ctx context.Context, m store.Member, old, run store.Run) (store.Member, int, error) {
	debit, err := s.boards.UndoBoards(ctx, m, old)
	if err != nil {
		return m, 0, err
	}
	if m, err = s.credit(ctx, m, debit, -old.Meters, -int64(old.Seconds)); err != nil {
		return m, 0, err
	}
	credit, err := s.boards.RunBoards(ctx, m, run)
	if err != nil || len(credit) == 0 {
		return m, len(debit), err
	}
	if _, err := s.st.AmendRun(ctx, m.ID, run.ID, func(x *store.Run) error { x.Boards = credit; return nil }); err != nil {
		return m, 0, fmt.Errorf("store the edited run's boards: %w", err)
	}
	if m, err = s.credit(ctx, m, credit, run.Meters, int64(run.Seconds)); err != nil {
		return m, 0, err
	}
	return m, len(debit) + len(credit), nil
}

// credit credits (or, with negative amounts, debits) boards through the
// challenge service; nothing to do costs nothing.
func (s *Service) credit(ctx context.Context, m store.Member, boards []string, meters, seconds int64) (store.Member, error) {
	if len(boards) == 0 || (meters == 0 && seconds == 0) {
		return m, nil
	}
	saved, _, err := s.boards.Credit(ctx, m, boards, meters, seconds)
	if err != nil {
		return saved, fmt.Errorf("credit boards: %w", err)
	}
	return saved, nil
}

// Spiked reports whether the run of meters just credited was a single-run
// spike (coach.SpikeCheck), so challenge progress adds no pull toward
// more. The run is the latest logged one of that distance in the last
// month; when it is not stored yet, it is taken as today's (in loc).
// A failed read says no, with a log line.
func (s *Service) Spiked(ctx context.Context, memberID ids.MemberID, meters int64, loc *time.Location, now time.Time) bool {
	today := now.In(loc).Format(time.DateOnly)
	runs, err := s.st.Runs(ctx, memberID, daily.AddDays(today, -(coach.SpikeWindowDays+2)), daily.AddDays(today, 1))
	if err != nil {
		s.log.Warn("runs for spike check", "member", memberID, "err", err)
		return false
	}
	date := today
	var latest time.Time
	history := make([]coach.Run, 0, len(runs))
	for _, run := range runs {
		d, err := time.Parse(time.DateOnly, run.Date)
		if err != nil {
			continue
		}
		history = append(history, coach.Run{Date: d, Meters: float64(run.Meters)})
		if run.Meters == meters && !run.Logged.Before(latest) {
			date, latest = run.Date, run.Logged
		}
	}
	d, _ := time.Parse(time.DateOnly, date)
	return coach.SpikeCheck(history, coach.Run{Date: d, Meters: float64(meters)}).Spiked
}
