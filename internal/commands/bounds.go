package commands

import (
	"errors"

	"github.com/clubcoach/clubcoach/internal/training"
)

// Caps on what one member can add in any 24 hours, so one account (a bot
// script, a stuck client) cannot fill the store for everyone. Real use is
// far below them: a double day, a fortnight's runs back-filled after a
// holiday, a few pain reports while a niggle settles. README lists them.
const (
	MaxRunsPerDay     = training.MaxRunsPerDay
	MaxPainsPerDay    = training.MaxPainsPerDay // reports and check-in answers together
	MaxCadencePerDay  = training.MaxCadencePerDay
	MaxBalancesPerDay = training.MaxBalancesPerDay
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

// RetentionYears: see training.RetentionYears (README: Retention).
const RetentionYears = training.RetentionYears
