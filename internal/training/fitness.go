package training

import (
	"context"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Daily caps of the body records, like MaxRunsPerDay.
const (
	MaxCadencePerDay  = 20
	MaxBalancesPerDay = 20
)

// LatestCadence is the member's latest cadence record (false with none).
func (s *Service) LatestCadence(ctx context.Context, memberID ids.MemberID) (store.Cadence, bool, error) {
	cs, err := s.st.Cadences(ctx, memberID, 1)
	if err != nil {
		return store.Cadence{}, false, fmt.Errorf("load cadence: %w", err)
	}
	if len(cs) == 0 {
		return store.Cadence{}, false, nil
	}
	return cs[0], true, nil
}

// RecordCadence stores a cadence record (steps per minute, checked by the
// caller) after the daily cap (a *CapError refuses it, nothing saved),
// then applies the retention.
func (s *Service) RecordCadence(ctx context.Context, memberID ids.MemberID, now time.Time, spm int) error {
	cs, err := s.st.Cadences(ctx, memberID, MaxCadencePerDay)
	if err != nil {
		return fmt.Errorf("count cadence records: %w", err)
	}
	if n := within(now, len(cs), func(i int) time.Time { return cs[i].At }); n >= MaxCadencePerDay {
		return &CapError{N: n, What: "cadence records"}
	}
	if err := s.st.AddCadence(ctx, memberID, store.Cadence{At: now.UTC(), SPM: spm}); err != nil {
		return fmt.Errorf("save cadence: %w", err)
	}
	s.KeepBounded(ctx, memberID, now)
	return nil
}

// RecordBalance stores a single-leg balance test (seconds held, side
// "left", "right" or "") after the daily cap (a *CapError refuses it,
// nothing saved), then applies the retention.
func (s *Service) RecordBalance(ctx context.Context, memberID ids.MemberID, now time.Time, seconds int, side string) error {
	bs, err := s.st.Balances(ctx, memberID, MaxBalancesPerDay)
	if err != nil {
		return fmt.Errorf("count balance records: %w", err)
	}
	if n := within(now, len(bs), func(i int) time.Time { return bs[i].At }); n >= MaxBalancesPerDay {
		return &CapError{N: n, What: "balance tests"}
	}
	if err := s.st.AddBalance(ctx, memberID, store.Balance{At: now.UTC(), Seconds: seconds, Side: side}); err != nil {
		return fmt.Errorf("save balance: %w", err)
	}
	s.KeepBounded(ctx, memberID, now)
	return nil
}

// within counts the n records (at(i)) made in the CapWindow before now.
func within(now time.Time, n int, at func(int) time.Time) int {
	k := 0
	for i := 0; i < n; i++ {
		if now.Sub(at(i)) < CapWindow {
			k++
		}
	}
	return k
}
