package challenge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// RunBoards returns the boards run (dated run.Date, YYYY-MM-DD in the
// member's zone) by m counts toward: every challenge m joined, in any
// club, that is not ended, whose Start..End holds the date and that the
// run has something for (a distance for distance challenges, a time for
// time challenges). The caller stores them with the run (Run.Boards) and
// then credits them.
func (s *Service) RunBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error) {
	date := run.Date
	clubs := map[ids.ClubID]store.Club{}
	var out []string
	for _, key := range m.Challenges {
		clubID, id, ok := SplitKey(key)
		if !ok {
			continue
		}
		ch, ok, err := s.byKey(ctx, clubs, clubID, id)
		if err != nil {
			return nil, err
		}
		if !ok || ch.Ended || date < ch.Start || date > ch.End || AmountOf(ch, run) == 0 {
			continue
		}
		out = append(out, BoardName(clubID, id))
	}
	return out, nil
}

// UndoBoards returns the boards to debit when run is undone (or edited):
// those it was credited to when logged, plus those of challenges joined
// later whose join counted it, minus boards an admin already took it off.
func (s *Service) UndoBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error) {
	now, err := s.RunBoards(ctx, m, run)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, b := range append(slices.Clone(run.Boards), now...) {
		if slices.Contains(out, b) {
			continue
		}
		if _, _, ok := ParseBoard(b); ok {
			key := strings.TrimPrefix(b, BoardPrefix)
			struck, err := s.st.Marked(ctx, string(m.ID), struckMark(key, run.ID))
			if err != nil {
				return nil, fmt.Errorf("check removed run %s: %w", run.ID, err)
			}
			if struck {
				continue
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// Credit is what a run did on one challenge's board.
type Credit struct {
	Challenge store.Challenge
	Score     int64 // the member's entry afterwards
	Amount    int64 // what the run added (negative when taken off), in the board's unit
	Total     int64 // a team challenge's total afterwards (0 for others)
}

// Reached reports whether this credit took the member's entry (the team's
// total, on a team challenge) to the goal.
func (c Credit) Reached() bool {
	goal, v := GoalOf(c.Challenge), c.Score
	if c.Challenge.Team {
		v = c.Total
	}
	return c.Amount > 0 && v >= goal && v-c.Amount < goal
}

// Credit adds a run's metres to each distance board of boards and its
// seconds to each time board; negative amounts (an undo, the old side of
// an edit) take them off, never below zero, and only from boards m is
// still on. Crediting keeps m.Boards up to date. It returns the member as
// saved and one Credit per challenge board that changed.
func (s *Service) Credit(ctx context.Context, m store.Member, boards []string, meters, seconds int64) (store.Member, []Credit, error) {
	if len(boards) == 0 || (meters == 0 && seconds == 0) {
		return m, nil, nil
	}
	if meters > 0 || seconds > 0 {
		var missing []string
		for _, b := range boards {
			if !slices.Contains(m.Boards, b) {
				missing = append(missing, b)
			}
		}
		if len(missing) > 0 {
			saved, err := s.st.UpdateMember(ctx, m.ID, func(m *store.Member) error {
				for _, b := range missing {
					if !slices.Contains(m.Boards, b) {
						m.Boards = append(m.Boards, b)
					}
				}
				return nil
			})
			if err != nil {
				return m, nil, fmt.Errorf("update member %s: %w", m.ID, err)
			}
			m = saved
		}
	}
	clubs := map[ids.ClubID]store.Club{}
	var out []Credit
	for _, b := range boards {
		var ch store.Challenge
		found := false
		if clubID, id, ok := ParseBoard(b); ok {
			var err error
			if ch, found, err = s.byKey(ctx, clubs, clubID, id); err != nil {
				return m, nil, err
			}
		}
		amount := meters
		if found && Timed(ch) {
			amount = seconds
		}
		var score int64
		var err error
		switch {
		case amount > 0:
			score, err = s.st.BoardAdd(ctx, b, m.ID, amount)
			if err != nil {
				return m, nil, fmt.Errorf("credit %s: %w", b, err)
			}
		case amount < 0:
			if !slices.Contains(m.Boards, b) {
				continue // left the challenge: nothing to take off
			}
			if score, err = s.debit(ctx, b, m.ID, -amount); err != nil {
				return m, nil, err
			}
		default:
			continue // nothing of the run counts here
		}
		if !found {
			continue
		}
		c := Credit{Challenge: ch, Score: score, Amount: amount}
		if ch.Team {
			scores, err := s.st.BoardTop(ctx, b, 0)
			if err != nil {
				return m, nil, fmt.Errorf("team total %s: %w", b, err)
			}
			for _, sc := range scores {
				c.Total += sc.Value
			}
		}
		out = append(out, c)
	}
	return m, out, nil
}

// debit takes an amount (metres or seconds) off a member's entry, never
// below zero, and leaves absent entries absent (a member who left has
// nothing to take off).
func (s *Service) debit(ctx context.Context, board string, memberID ids.MemberID, amount int64) (int64, error) {
	sc, err := s.st.BoardScore(ctx, board, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s entry: %w", board, err)
	}
	d := min(amount, sc.Value)
	if d <= 0 {
		return sc.Value, nil
	}
	v, err := s.st.BoardAdd(ctx, board, memberID, -d)
	if err != nil {
		return 0, fmt.Errorf("debit %s: %w", board, err)
	}
	return v, nil
}
