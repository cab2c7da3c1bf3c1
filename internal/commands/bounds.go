package commands

import (
	"context"
	"errors"
	"fmt"

	"github.com/clubcoach/clubcoach/internal/training"
)

// Caps on what one member can add in any 24 hours, so one account (a bot
// script, a stuck client) cannot fill the store for everyone. Real use is
// far below them: a double day, a fortnight's runs back-filled after a
// holiday, a few pain reports while a niggle settles. README lists them.
const (
	MaxRunsPerDay     = training.MaxRunsPerDay
	MaxPainsPerDay    = training.MaxPainsPerDay // reports and check-in answers together
	MaxCadencePerDay  = 20
	MaxBalancesPerDay = 20
	capWindow         = training.CapWindow
)

// capError is the friendly refusal once a cap is reached; nothing is
// saved.
func capError(n int, what string) error {
	return Userf("You've logged %d %s in the last 24 hours — the most I keep in a day — so I didn't save this one. If it's real, send it again tomorrow.", n, what)
}

// capped words the training service's cap refusal for the member.
func capped(err error) error {
	var ce *training.CapError
	if errors.As(err, &ce) {
		return capError(ce.N, ce.What)
	}
	return err
}

// capPains refuses a pain report or check-in answer past MaxPainsPerDay.
func (r *Router) capPains(ctx context.Context, req *Request) error {
	return capped(r.training.CapPains(ctx, req.MemberID, req.Now))
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

// RetentionYears: see training.RetentionYears (README: Retention).
const RetentionYears = training.RetentionYears

// keepBounded applies the retention to the member once a month
// (training.Service.KeepBounded).
func (r *Router) keepBounded(ctx context.Context, req *Request) {
	r.training.KeepBounded(ctx, req.MemberID, req.Now)
}
