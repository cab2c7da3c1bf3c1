package scheduler

import (
	"context"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Replan is MemberChanged for a caller that holds the member's document
// fresh from the store (it has just written it): it re-plans from m and
// saves the reload.
func (s *Scheduler) Replan(ctx context.Context, m store.Member) (time.Time, error) {
	return s.replan(ctx, m)
}
