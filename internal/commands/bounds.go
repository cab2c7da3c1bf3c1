package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Caps on what one member can add in any 24 hours, so one account (a bot
// script, a stuck client) cannot fill the store for everyone. Real use is
// far below them: a double day, a fortnight's runs back-filled after a
// holiday, a few pain reports while a niggle settles. README lists them.
const (
	MaxRunsPerDay     = 30
	MaxPainsPerDay    = 20 // reports and check-in answers together
	MaxCadencePerDay  = 20
	MaxBalancesPerDay = 20
	capWindow         = 24 * time.Hour
)

// capError is the friendly refusal once a cap is reached; nothing is
// saved.
func capError(n int, what string) error {
	return Userf("You've logged %d %s in the last 24 hours — the most I keep in a day — so I didn't save this one. If it's real, send it again tomorrow.", n, what)
}

// capRuns refuses a run when the member logged MaxRunsPerDay in the last
// 24 hours. history must hold every run dated from 15 days before now
// (runs can be dated up to 14 days back), as /run's load history does.
func capRuns(history []store.Run, now time.Time) error {
	n := 0
	for _, r := range history {
		// Runs from watch files count by their own import's cap, not here.
		if now.Sub(r.Logged) < capWindow && r.Start.IsZero() {
			n++
		}
	}
	if n >= MaxRunsPerDay {
		return capError(n, "runs")
	}
	return nil
}

// capPains refuses a pain report or check-in answer past MaxPainsPerDay.
func (r *Router) capPains(ctx context.Context, req *Request) error {
	ps, err := r.st.Pains(ctx, req.MemberID, req.Now.Add(-capWindow))
	if err != nil {
		return fmt.Errorf("count pain reports: %w", err)
	}
	if len(ps) >= MaxPainsPerDay {
		return capError(len(ps), "pain reports")
	}
	return nil
}

// capCadence refuses a cadence record past MaxCadencePerDay.
func (r *Router) capCadence(ctx context.Context, req *Request) error {
	cs, err := r.st.Cadences(ctx, req.MemberID, MaxCadencePerDay)
	if err != nil {
		return fmt.Errorf("count cadence records: %w", err)
	}
	n := 0
	for _, c := range cs {
		if req.Now.Sub(c.At) < capWindow {
			n++
		}
	}
	if n >= MaxCadencePerDay {
		return capError(n, "cadence records")
	}
	return nil
}

// capBalance refuses a balance record past MaxBalancesPerDay.
func (r *Router) capBalance(ctx context.Context, req *Request) error {
	bs, err := r.st.Balances(ctx, req.MemberID, MaxBalancesPerDay)
	if err != nil {
		return fmt.Errorf("count balance records: %w", err)
	}
	n := 0
	for _, b := range bs {
		if req.Now.Sub(b.At) < capWindow {
			n++
		}
	}
	if n >= MaxBalancesPerDay {
		return capError(n, "balance tests")
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

// keepBounded applies the retention to the member once a month. Failures
// only log: the entry the member just saved is stored either way.
func (r *Router) keepBounded(ctx context.Context, req *Request) {
	now := req.Now.UTC()
	key := "retention|" + now.Format("2006-01")
	// This process already saw the month's mark for the member: skip the
	// round trip (the store's mark still decides across replicas).
	if seen, ok := r.retained.Load(req.MemberID); ok && seen == key {
		return
	}
	fresh, err := r.st.Mark(ctx, req.MemberID, key, retentionEvery)
	if err != nil {
		return
	}
	r.retained.Store(req.MemberID, key) // one entry per member: bounded
	if !fresh {
		return
	}
	cut := now.AddDate(-RetentionYears, 0, 0)
	runs, err := r.st.CompactRuns(ctx, req.MemberID, cut.Format(dateFmt))
	if err != nil {
		r.log.Warn("retention: compact runs", "member", req.MemberID, "err", err)
	}
	health, err := r.st.PruneHealth(ctx, req.MemberID, cut)
	if err != nil {
		r.log.Warn("retention: prune health records", "member", req.MemberID, "err", err)
	}
	if runs+health > 0 {
		r.log.Info("retention applied", "member", req.MemberID, "runs_folded", runs, "health_records_deleted", health)
	}
}
