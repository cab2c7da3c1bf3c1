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

// MoveClub follows a Telegram group that became a supergroup: the club's
// document moves to the new id and ClubMoved re-keys the rest. A club with
// nothing stored is no error; a retried move is safe.
func (s *Service) MoveClub(ctx context.Context, from, to ids.ClubID) error {
	if err := s.st.MoveClub(ctx, from, to); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("move club %s to %s: %w", from, to, err)
	}
	return s.ClubMoved(ctx, from, to)
}

// ClubMoved re-keys a club's challenges after store.MoveClub(from, to) (a
// Telegram group became a supergroup): board entries move to the new board
// names, and the club's members' challenge keys, board names and club
// lists follow, so their runs keep counting. It is safe to retry. Marks
// keyed by the old id (removed runs, join dates, nudges) stay behind: a
// member may get one more nudge, nothing counts twice.
func (s *Service) ClubMoved(ctx context.Context, from, to ids.ClubID) error {
	club, err := s.st.Club(ctx, to)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load moved club %s: %w", to, err)
	}
	members := slices.Clone(club.Members)
	for _, ch := range club.Challenges {
		oldB, newB := BoardName(from, ch.ID), BoardName(to, ch.ID)
		scores, err := s.st.BoardTop(ctx, oldB, 0)
		if err != nil {
			return fmt.Errorf("read board %s: %w", oldB, err)
		}
		for _, sc := range scores {
			// Set, not add, so a retried move does not count twice.
			var cur int64
			got, err := s.st.BoardScore(ctx, newB, sc.Member)
			switch {
			case err == nil:
				cur = got.Value
			case !errors.Is(err, store.ErrNotFound):
				return fmt.Errorf("read board %s: %w", newB, err)
			}
			if _, err := s.st.BoardAdd(ctx, newB, sc.Member, sc.Value-cur); err != nil {
				return fmt.Errorf("move entry to %s: %w", newB, err)
			}
		}
		if err := s.st.BoardDelete(ctx, oldB); err != nil {
			return fmt.Errorf("delete board %s: %w", oldB, err)
		}
		members = append(members, ch.Members...)
	}
	slices.Sort(members)
	oldKey, newKey := store.ChallengeKey(from, ""), store.ChallengeKey(to, "")
	rekey := func(list []string, old, new string) []string {
		out := make([]string, 0, len(list))
		for _, v := range list {
			if rest, ok := strings.CutPrefix(v, old); ok {
				v = new + rest
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	for _, mid := range slices.Compact(members) {
		if _, err := s.st.UpdateMember(ctx, mid, func(m *store.Member) error {
			m.Challenges = rekey(m.Challenges, oldKey, newKey)
			m.Boards = rekey(m.Boards, BoardPrefix+oldKey, BoardPrefix+newKey)
			for i, c := range m.Clubs {
				if c == from {
					m.Clubs[i] = to
				}
			}
			m.Clubs = slices.Compact(m.Clubs)
			return nil
		}); err != nil {
			return fmt.Errorf("re-key member %s: %w", mid, err)
		}
	}
	s.log.Info("challenges moved with their club", "from", from, "to", to, "challenges", len(club.Challenges))
	return nil
}

// DeleteClub deletes the club's document with its challenges' boards (its
// marks and queued jobs go with it, store.DeleteClub). It returns the
// members whose documents still point at the club — its members and every
// challenge's — for the caller to update each with DropClub (the router
// saves members through its own path, which re-plans their reminders).
func (s *Service) DeleteClub(ctx context.Context, cl store.Club) ([]ids.MemberID, error) {
	boards := make([]string, 0, len(cl.Challenges))
	members := slices.Clone(cl.Members)
	for _, ch := range cl.Challenges {
		boards = append(boards, BoardName(cl.ID, ch.ID))
		members = append(members, ch.Members...)
	}
	if err := s.st.DeleteClub(ctx, cl.ID, boards); err != nil {
		return nil, fmt.Errorf("delete club %s: %w", cl.ID, err)
	}
	slices.Sort(members)
	return slices.Compact(members), nil
}

// DropClub removes a deleted club from a member's document: the club, its
// challenges and their boards. Nothing else of theirs changes.
func DropClub(m *store.Member, clubID ids.ClubID) {
	key := store.ChallengeKey(clubID, "")
	m.Clubs = slices.DeleteFunc(m.Clubs, func(c ids.ClubID) bool { return c == clubID })
	m.Challenges = slices.DeleteFunc(m.Challenges, func(k string) bool { return strings.HasPrefix(k, key) })
	m.Boards = slices.DeleteFunc(m.Boards, func(b string) bool { return strings.HasPrefix(b, BoardPrefix+key) })
}
