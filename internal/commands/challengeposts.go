package commands

import (
	"log/slog"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Challenges is the challenge rules the scheduler needs for its posts
// (standings, final results, nudges, standings charts) and the router's
// boards share. It needs only the store, so cmd/bot builds it first and
// hands the same value to the scheduler and the router: no late binding.
type Challenges struct {
	st  store.Store
	log *slog.Logger
	now Clock
}

// NewChallenges builds the challenge rules over st (log and clock default
// to slog's and time.Now).
func NewChallenges(st store.Store, log *slog.Logger, clock Clock) *Challenges {
	if log == nil {
		log = slog.Default()
	}
	if clock == nil {
		clock = time.Now
	}
	return &Challenges{st: st, log: log, now: clock}
}
