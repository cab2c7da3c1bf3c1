package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Replan is MemberChanged for a caller that holds the member's document
// fresh from the store (it has just written it): it re-plans from m and
// saves the reload.
func (s *Scheduler) Replan(ctx context.Context, m store.Member) (time.Time, error) {
	return s.replan(ctx, m)
}

// NextDue reads when the member's next reminder or lone check-in is
// queued, without re-planning (for showing settings); zero when none is.
func (s *Scheduler) NextDue(ctx context.Context, memberID ids.MemberID) (time.Time, error) {
	platform := memberID.Platform()
	var next time.Time
	for _, kind := range []string{kindRemind, kindCheckin} {
		at, err := s.d.Store.When(ctx, platform, jobID(kind, memberID))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("next job of %s: %w", memberID, err)
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next, nil
}
