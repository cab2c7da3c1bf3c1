// Package training is the training service: the rules of recording a run
// and a pain report (what is stored, the daily caps, the boards a run
// counts on, the retention applied after a save, the re-plan a report
// causes), of undoing and editing a run (debited and re-credited through
// the challenge service), of watch files and their imports, of the pain
// state (/pain clear, next-morning check-ins, red-flag answers), of
// cadence and balance records, and of the load checks and the weekly
// summary built from a member's history. It calls the coach (pure) and the
// store; it words nothing: the router renders the plain results it
// returns.
package training

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Store is what the service reads and writes: runs, pain reports (with
// the member in the same atomic write), the member's training state,
// cadence and balance records, marks (retention, answered check-ins) and
// retention passes.
type Store interface {
	Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error)
	AddRun(ctx context.Context, memberID ids.MemberID, r store.Run) (store.Run, error)
	DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (store.Run, error)
	AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*store.Run) error) (store.Run, error)
	Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error)
	AddPain(ctx context.Context, memberID ids.MemberID, p store.Pain) (store.Pain, error)
	AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*store.Pain) error) (store.Pain, error)
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
	RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
	AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error)
	AddCadence(ctx context.Context, memberID ids.MemberID, c store.Cadence) error
	Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]store.Cadence, error)
	AddBalance(ctx context.Context, memberID ids.MemberID, b store.Balance) error
	Balances(ctx context.Context, memberID ids.MemberID, n int) ([]store.Balance, error)
	Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error)
	CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (int, error)
	PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (int, error)
}

// Boards is the challenge service as runs use it: which boards a run
// counts on (logged, or undone and edited), and crediting them.
type Boards interface {
	RunBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error)
	UndoBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error)
	Credit(ctx context.Context, m store.Member, boards []string, meters, seconds int64) (store.Member, []challenge.Credit, error)
}

// Service holds the training rules over a store.
type Service struct {
	st     Store
	boards Boards
	replan func(ctx context.Context, m store.Member)
	log    *slog.Logger
	// retained remembers, per member, the month whose retention mark this
	// process has seen, so a save costs no extra round trip after the first.
	retained sync.Map
}

// New builds the service. replan, when set, is the re-plan event: called
// with the member as stored whenever a write changed what their reminders
// are planned from (member.PlanInputs). log defaults to slog's.
func New(st Store, boards Boards, replan func(context.Context, store.Member), log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{st: st, boards: boards, replan: replan, log: log}
}

// Caps on what one member can add in any 24 hours, so one account (a bot
// script, a stuck client) cannot fill the store for everyone.
const (
	MaxRunsPerDay  = 30
	MaxPainsPerDay = 20 // reports and check-in answers together
	CapWindow      = 24 * time.Hour
)

// CapError refuses an entry past a daily cap; nothing was saved.
type CapError struct {
	N    int    // entries of the kind in the last CapWindow
	What string // "runs", "pain reports"
}

func (e *CapError) Error() string { return fmt.Sprintf("daily cap: %d %s", e.N, e.What) }

// HistoryDays is how far back /run and /week read runs for the load
// model: the 30-day window, the weeks shown, the acute:chronic ratio and
// whether 4 weeks of history exist. Both read the same span so they state
// the same numbers.
const HistoryDays = 63

// DateFmt is how runs are dated.
const DateFmt = "2006-01-02"

// HistoryFrom is the first date (YYYY-MM-DD) the load model reads, as of
// today (a civil date).
func HistoryFrom(today time.Time) string {
	return today.AddDate(0, 0, -HistoryDays).Format(DateFmt)
}

// Baseline is the member's own baseline (/settings baseline).
func Baseline(m store.Member) coach.Baseline {
	return coach.Baseline{WeekMeters: float64(m.BaselineWeekM), LongestMeters: float64(m.BaselineLongM)}
}

// CoachRuns converts stored runs to the coach's values (dates as UTC
// midnights, which is what the coach's day arithmetic expects).
func CoachRuns(runs []store.Run, loc *time.Location) []coach.Run {
	out := make([]coach.Run, 0, len(runs))
	for _, r := range runs {
		d, err := time.ParseInLocation(DateFmt, r.Date, loc)
		if err != nil {
			continue
		}
		out = append(out, coach.Run{Date: UTCDate(d), Meters: float64(r.Meters), Seconds: r.Seconds})
	}
	return out
}

// UTCDate is t's civil date as a UTC midnight.
func UTCDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// capRuns refuses a typed run when the member logged MaxRunsPerDay in the
// last 24 hours. history must hold every run dated from 15 days before
// now (runs can be dated up to 14 days back), as the load history does.
func capRuns(history []store.Run, now time.Time) error {
	n := 0
	for _, r := range history {
		// Runs from watch files count by their own import's cap, not here.
		if now.Sub(r.Logged) < CapWindow && r.Start.IsZero() {
			n++
		}
	}
	if n >= MaxRunsPerDay {
		return &CapError{N: n, What: "runs"}
	}
	return nil
}

// CapPains refuses a pain report or check-in answer past MaxPainsPerDay
// (a *CapError).
func (s *Service) CapPains(ctx context.Context, memberID ids.MemberID, now time.Time) error {
	ps, err := s.st.Pains(ctx, memberID, now.Add(-CapWindow))
	if err != nil {
		return fmt.Errorf("count pain reports: %w", err)
	}
	if len(ps) >= MaxPainsPerDay {
		return &CapError{N: len(ps), What: "pain reports"}
	}
	return nil
}

// Retention (README: Retention): per-run detail and health records are
// kept for two years; older runs become weekly totals and older pain
// reports, cadence and balance records are deleted. Applied to a member at
// most once a month, after they save an entry, so nothing runs for members
// who add nothing (and whose records therefore do not grow).
const (
	RetentionYears = 2
	retentionEvery = 31 * 24 * time.Hour
)

// KeepBounded applies the retention to the member once a month. Failures
// only log: the entry the member just saved is stored either way.
func (s *Service) KeepBounded(ctx context.Context, memberID ids.MemberID, now time.Time) {
	now = now.UTC()
	key := "retention|" + now.Format("2006-01")
	// This process already saw the month's mark for the member: skip the
	// round trip (the store's mark still decides across replicas).
	if seen, ok := s.retained.Load(memberID); ok && seen == key {
		return
	}
	fresh, err := s.st.Mark(ctx, string(memberID), key, retentionEvery)
	if err != nil {
		return
	}
	s.retained.Store(memberID, key) // one entry per member: bounded
	if !fresh {
		return
	}
	cut := now.AddDate(-RetentionYears, 0, 0)
	runs, err := s.st.CompactRuns(ctx, memberID, cut.Format(DateFmt))
	if err != nil {
		s.log.Warn("retention: compact runs", "member", memberID, "err", err)
	}
	health, err := s.st.PruneHealth(ctx, memberID, cut)
	if err != nil {
		s.log.Warn("retention: prune health records", "member", memberID, "err", err)
	}
	if runs+health > 0 {
		s.log.Info("retention applied", "member", memberID, "runs_folded", runs, "health_records_deleted", health)
	}
}

// Forget drops what this process remembers about a member who was just
// forgotten (privacy), so nothing of them outlives their data here.
func (s *Service) Forget(memberID ids.MemberID) { s.retained.Delete(memberID) }

// NewRun is a run to record.
type NewRun struct {
	Member store.Member   // the member as loaded, with their id
	Run    store.Run      // what was given: distance, time, cadence, notes (a file: its start)
	Day    time.Time      // the run's local midnight in Loc
	Loc    *time.Location // the member's zone
	Now    time.Time
	// Typed runs have the daily cap; watch-file imports are capped per
	// import by their caller.
	Typed bool
}

// Recorded is a stored run and what its reply reports.
type Recorded struct {
	Run    store.Run   // as stored: id, date, boards
	Before []store.Run // the member's runs from HistoryFrom(today), before this one
	Checks RunChecks
}

// RecordRun stores a run on its day, with the challenge boards it counts
// on, after the daily cap (a *CapError refuses it, nothing saved), and
// applies the retention. The checks are the one load model's, as of the
// run's week and today. Crediting the boards is the caller's next step
// (the challenge service), so a board failure never loses the run.
func (s *Service) RecordRun(ctx context.Context, in NewRun) (Recorded, error) {
	id := in.Member.ID
	today := civil(in.Now.In(in.Loc))
	stored, err := s.st.Runs(ctx, id, HistoryFrom(today), "")
	if err != nil {
		return Recorded{}, fmt.Errorf("load runs: %w", err)
	}
	if in.Typed {
		if err := capRuns(stored, in.Now); err != nil {
			return Recorded{}, err
		}
	}
	// RunBoards puts a time-only run on time boards only, never on a
	// distance board.
	run := in.Run
	run.Date = in.Day.Format(DateFmt)
	boards, err := s.boards.RunBoards(ctx, in.Member, run)
	if err != nil {
		return Recorded{}, fmt.Errorf("find challenges: %w", err)
	}
	run.Logged, run.Boards = in.Now.UTC(), boards
	run, err = s.st.AddRun(ctx, id, run)
	if err != nil {
		return Recorded{}, fmt.Errorf("save run: %w", err)
	}
	s.KeepBounded(ctx, id, in.Now)
	return Recorded{Run: run, Before: stored, Checks: CheckRun(stored, run, in.Day, today, in.Loc, Baseline(in.Member))}, nil
}

// RunChecks are the load checks a logged run's reply states.
type RunChecks struct {
	WeekStart time.Time     // Monday of the run's week
	Week      coach.WeekSum // that week as of its end (or today)
	Current   bool          // the run's week is this week
	Spike     coach.Spike   // the run against the history before it
	WeekLoad  coach.Load    // the load as of the week's end (or today)
	Today     coach.Load    // the load as of today: the next long-run cap
}

// CheckRun runs the one load model over the history before run and the
// run itself (day: its local midnight; today: the member's civil date):
// the same functions /week calls, so the two always agree.
func CheckRun(before []store.Run, run store.Run, day, today time.Time, loc *time.Location, base coach.Baseline) RunChecks {
	all := CoachRuns(append(before[:len(before):len(before)], run), loc)
	cr := coach.Run{Date: UTCDate(day), Meters: float64(run.Meters), Seconds: run.Seconds}
	weekEnd := coach.WeekStart(day).AddDate(0, 0, 6)
	current := !weekEnd.Before(today)
	if current {
		weekEnd = today
	}
	return RunChecks{
		WeekStart: coach.WeekStart(day),
		Week:      coach.Weeks(all, UTCDate(weekEnd), 1)[0],
		Current:   current,
		Spike:     coach.CheckRun(all, cr, base),
		WeekLoad:  coach.LoadAsOf(all, UTCDate(weekEnd), base),
		Today:     coach.LoadAsOf(all, UTCDate(today), base),
	}
}

// PainRecord is what a triaged pain report stores.
func PainRecord(rep coach.PainReport, a coach.Assessment, now time.Time, clubID ids.ClubID) store.Pain {
	flags := make([]string, len(a.Flags))
	for i, f := range a.Flags {
		flags[i] = string(f)
	}
	where := make([]string, 0, len(rep.Places))
	for _, p := range rep.Places {
		where = append(where, strings.TrimSpace(p.Side+" "+p.Region))
	}
	return store.Pain{
		At: now.UTC(), Score: a.Score, Where: strings.Join(where, ", "), Notes: rep.Notes,
		Level: a.Level.String(), Flags: flags, RestM: int64(a.RestMeters + 0.5), Source: "report",
		Club: clubID,
	}
}

// ErrReportStored marks a failed member update after its report was
// stored (a store without the atomic write): the report is kept.
var ErrReportStored = errors.New("pain report stored, member not updated")

// RecordPain stores a pain report after the daily cap (a *CapError
// refuses it, nothing saved) together with apply's change to the member,
// in one atomic write (apply gets the report as stored, with its id, and
// may run more than once); then, when the change moved what reminders are
// planned from, the re-plan event. The retention follows the cap.
func (s *Service) RecordPain(ctx context.Context, memberID ids.MemberID, now time.Time, p store.Pain, apply func(*store.Member, store.Pain) error) (store.Pain, store.Member, error) {
	if err := s.CapPains(ctx, memberID, now); err != nil {
		return store.Pain{}, store.Member{}, err
	}
	s.KeepBounded(ctx, memberID, now)
	return s.SavePain(ctx, memberID, p, apply)
}

// SavePain is RecordPain's write and re-plan, without the cap.
func (s *Service) SavePain(ctx context.Context, memberID ids.MemberID, p store.Pain, apply func(*store.Member, store.Pain) error) (store.Pain, store.Member, error) {
	var before string
	p, m, err := s.st.AddPainWithMember(ctx, memberID, p, func(m *store.Member, p store.Pain) error {
		before = member.PlanInputs(*m) // apply may run more than once: the last run counts
		return apply(m, p)
	})
	if err != nil {
		return p, m, fmt.Errorf("save pain report: %w", err)
	}
	if s.replan != nil && member.PlanInputs(m) != before {
		s.replan(ctx, m)
	}
	return p, m, nil
}
