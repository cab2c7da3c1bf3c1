package challenge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/web"
)

// Standings is the weekly club post: the public board of every challenge
// that has started and not ended, or "" when none has. Paused members who
// did not opt in are left out, and nothing names a run id.
func (s *Service) Standings(ctx context.Context, clubID ids.ClubID, now time.Time) (string, error) {
	club, err := s.Club(ctx, clubID)
	if err != nil {
		return "", err
	}
	today := Today(club, now)
	var parts, empty []string
	for _, ch := range club.Challenges {
		if ch.Ended || today < ch.Start || today > ch.End {
			continue
		}
		// A board with nothing on it is one line for all such, not a post each.
		if top, err := s.st.BoardTop(ctx, BoardName(club.ID, ch.ID), 1); err != nil {
			return "", fmt.Errorf("board of %s: %w", ch.ID, err)
		} else if len(top) == 0 {
			empty = append(empty, QuoteName(ch.Name))
			continue
		}
		text, err := s.Board(ctx, club, ch, Viewer{}, member.ClubUnits(club), today)
		if err != nil {
			return "", err
		}
		parts = append(parts, text)
	}
	if len(empty) > 0 && len(parts) > 0 {
		parts = append(parts, "No runs yet on "+strings.Join(empty, ", ")+" — /challenge join to take part.")
	}
	if len(parts) == 0 {
		return "", nil // nothing to show: no post
	}
	return "📊 This week's standings\n\n" + strings.Join(parts, "\n\n"), nil
}

// FinalResults returns the final-results posts of the club's challenges
// that are over (ended by an admin, or past their last day in the club's
// zone) and not yet marked finished. Each Key ("chal-final|<club>/<id>")
// marks the post once it went out. The caller posts each, then calls
// FinishChallenge so it is not posted again.
func (s *Service) FinalResults(ctx context.Context, clubID ids.ClubID, now time.Time) ([]Result, error) {
	club, err := s.Club(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := Today(club, now)
	var out []Result
	for _, ch := range club.Challenges {
		if ch.Finished || (!ch.Ended && ch.End >= today) {
			continue
		}
		text, err := s.Board(ctx, club, ch, Viewer{}, member.ClubUnits(club), today)
		if err != nil {
			return nil, err
		}
		out = append(out, Result{
			ChallengeID: ch.ID,
			Key:         "chal-final|" + store.ChallengeKey(clubID, ch.ID),
			Text:        "🏆 Final results: " + shown(ch.Name) + "\n\n" + text + "\n\nThank you all for running — see you at the next one!",
		})
	}
	return out, nil
}

// FinishChallenge records that a challenge's final results went out; it
// also ends the challenge, so no run counts toward it afterwards.
func (s *Service) FinishChallenge(ctx context.Context, clubID ids.ClubID, challengeID string) error {
	var gone []store.Challenge
	_, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == challengeID {
				cl.Challenges[i].Ended = true
				cl.Challenges[i].Finished = true
			}
		}
		gone = pruneFinished(cl, Today(*cl, s.now()))
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish challenge %s in %s: %w", challengeID, clubID, err)
	}
	for _, ch := range gone {
		if err := s.st.BoardDelete(ctx, BoardName(clubID, ch.ID)); err != nil {
			s.log.Warn("delete the board of a pruned challenge", "club", clubID, "challenge", ch.ID, "err", err)
		}
	}
	return nil
}

// keepFinished bounds the finished challenges a club document carries:
// those shown anywhere (the three newest in /challenge list, the public
// page's last web.FinishedDays days), at most this many.
const keepFinished = 10

// pruneFinished removes from the club the finished challenges no one is
// shown any more: ended more than web.FinishedDays days ago, or past the
// keepFinished newest. Without it every challenge ever run stays in the
// document read and rewritten on each club update. Ids stay unique
// through ChallengeSeq. It returns what it removed, whose boards the
// caller deletes.
func pruneFinished(cl *store.Club, today string) []store.Challenge {
	var kept, gone []store.Challenge
	finished := 0
	for i := len(cl.Challenges) - 1; i >= 0; i-- { // newest first
		ch := cl.Challenges[i]
		if n, err := strconv.Atoi(strings.TrimPrefix(ch.ID, "c")); err == nil && n > cl.ChallengeSeq {
			cl.ChallengeSeq = n
		}
		if ch.Finished {
			finished++
			if finished > keepFinished || daily.DaysBetween(ch.End, today) > web.FinishedDays {
				gone = append(gone, ch)
				continue
			}
		}
		kept = append(kept, ch)
	}
	if len(gone) == 0 {
		return nil
	}
	slices.Reverse(kept)
	cl.Challenges = kept
	return gone
}

// NudgeCandidates returns the members of the club's running challenges who
// joined at least a week ago, logged no run in the last week, are not
// paused, and were not nudged about that challenge before. The caller DMs
// each and then sets the mark st.Mark(ctx, n.MemberID, n.Key, n.TTL), so
// each member gets one nudge per challenge.
func (s *Service) NudgeCandidates(ctx context.Context, clubID ids.ClubID, now time.Time) ([]Nudge, error) {
	club, err := s.Club(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := Today(club, now)
	from := daily.AddDays(today, -(quietDays - 1))
	var out []Nudge
	for _, ch := range club.Challenges {
		// The whole quiet window must lie inside the challenge.
		if ch.Ended || from < ch.Start || today > ch.End {
			continue
		}
		key := store.ChallengeKey(clubID, ch.ID)
		for _, mid := range ch.Members {
			ok, err := s.nudgeDue(ctx, mid, key, from, today)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			m, err := s.st.Member(ctx, mid)
			if err != nil {
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				return nil, fmt.Errorf("load member %s: %w", mid, err)
			}
			if m.Injured {
				continue
			}
			easy := "/run 3k"
			switch {
			case Timed(ch):
				easy = "/run 20 min"
			case member.Units(m) == coach.MI:
				easy = "/run 2mi"
			}
			out = append(out, Nudge{
				MemberID: mid,
				Key:      NudgeKey(key),
				TTL:      time.Duration(daily.DaysBetween(today, ch.End)+30) * 24 * time.Hour,
				Text: fmt.Sprintf("👋 Hi %s! %s runs until %s and I haven't seen a run from you this past week. No pressure — an easy one counts just the same (%s). Nursing a niggle? /challenge pause keeps your place while you rest.",
					DisplayName(m, mid), shown(ch.Name), PrettyDate(ch.End, today), easy),
			})
		}
	}
	return out, nil
}

// nudgeDue reports whether a member was quiet for the whole window: not
// joined during it, no run dated in it, not nudged about it before.
func (s *Service) nudgeDue(ctx context.Context, memberID ids.MemberID, key, from, today string) (bool, error) {
	nudged, err := s.st.Marked(ctx, string(memberID), NudgeKey(key))
	if err != nil || nudged {
		return false, wrapIf(err, "check nudge mark")
	}
	for d := from; d <= today; d = daily.AddDays(d, 1) {
		joined, err := s.st.Marked(ctx, string(memberID), joinedMark(key, d))
		if err != nil || joined {
			return false, wrapIf(err, "check join mark")
		}
	}
	// The member's calendar may run a day ahead of or behind the club's.
	runs, err := s.st.Runs(ctx, memberID, daily.AddDays(from, -1), daily.AddDays(today, 1))
	if err != nil {
		return false, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	return len(runs) == 0, nil
}
