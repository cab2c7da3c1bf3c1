package member

import (
	"context"
	"fmt"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Updater is the store as a member's save uses it.
type Updater interface {
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
}

// Save applies fn to the stored member and, when the change moved what
// their reminders are planned from (PlanInputs), calls replan (nil: none)
// with the member as stored: re-planning is an event of saving, so no
// caller can forget it. An error from fn stores nothing and comes back
// wrapped, as does a store's.
func Save(ctx context.Context, st Updater, id ids.MemberID, fn func(*store.Member) error, replan func(context.Context, store.Member)) (store.Member, error) {
	var before string
	m, err := st.UpdateMember(ctx, id, func(m *store.Member) error {
		before = PlanInputs(*m) // fn may run more than once: the last run counts
		return fn(m)
	})
	if err != nil {
		return m, fmt.Errorf("update member %s: %w", id, err)
	}
	if replan != nil && PlanInputs(m) != before {
		replan(ctx, m)
	}
	return m, nil
}
