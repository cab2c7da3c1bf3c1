package scheduler

import (
	"context"
	"strings"

	"github.com/clubcoach/clubcoach/internal/ids"
)

// What the external tests (package scheduler_test, which drive the
// scheduler with the real router) need from inside.

// ClubSpecs returns the cron specs in force, by entry key.
func (s *Scheduler) ClubSpecs() map[string]string { return s.clubSpecs() }

// FireClubEntry runs the club entry key ("<club>|<kind>…") from the last
// reload now, as its cron would; false when there is no such entry.
func (s *Scheduler) FireClubEntry(ctx context.Context, key string) bool {
	s.mu.Lock()
	e, ok := s.entries[key]
	s.mu.Unlock()
	if ok {
		clubID, _, _ := strings.Cut(key, "|")
		s.fireClub(ctx, ids.ClubID(clubID), e.sc)
	}
	return ok
}
