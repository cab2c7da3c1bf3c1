package challenge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// NameTakenError refuses a new challenge whose name an open challenge
// has, or one that ended in the last NameReuseDays days.
type NameTakenError struct {
	Existing store.Challenge
	Ended    bool // Existing has ended (recently)
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("challenge name %q is taken by %s", e.Existing.Name, e.Existing.ID)
}

// TooManyError refuses a new challenge when the club already has
// MaxOpenPerClub running or coming up.
type TooManyError struct{ Open int }

func (e *TooManyError) Error() string {
	return fmt.Sprintf("%d challenges open, at most %d", e.Open, MaxOpenPerClub)
}

// ErrNotJoined: the member is not in the challenge they leave.
var ErrNotJoined = errors.New("not in that challenge")

// ErrNoRun: the run to take off the boards does not exist.
var ErrNoRun = errors.New("no such run")

// Create adds ch (name, goal, dates, team, creator and time filled in by
// the caller, dates already checked against today) to the club under the
// next id, unless its name is taken (*NameTakenError) or the club has too
// many open challenges (*TooManyError). Ids of pruned challenges are
// never reused.
func (s *Service) Create(ctx context.Context, clubID ids.ClubID, ch store.Challenge, today string) (store.Challenge, error) {
	var made store.Challenge
	_, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		open, maxID := 0, cl.ChallengeSeq
		for _, c := range cl.Challenges {
			if n, err := strconv.Atoi(strings.TrimPrefix(c.ID, "c")); err == nil && n > maxID {
				maxID = n
			}
			if !Open(c, today) {
				if sameName(c.Name, ch.Name) && c.End >= daily.AddDays(today, -NameReuseDays) {
					return &NameTakenError{Existing: c, Ended: true}
				}
				continue
			}
			open++
			if sameName(c.Name, ch.Name) {
				return &NameTakenError{Existing: c}
			}
		}
		if open >= MaxOpenPerClub {
			return &TooManyError{Open: open}
		}
		made = ch
		made.ID = "c" + strconv.Itoa(maxID+1)
		made.Members, made.Ended, made.Finished = nil, false, false
		cl.Challenges = append(cl.Challenges, made)
		cl.ChallengeSeq = maxID + 1
		return nil
	})
	var taken *NameTakenError
	var many *TooManyError
	switch {
	case errors.As(err, &taken), errors.As(err, &many):
		return store.Challenge{}, err
	case err != nil:
		return store.Challenge{}, fmt.Errorf("create challenge in %s: %w", clubID, err)
	}
	s.log.Info("challenge created", "club", clubID, "challenge", made.ID, "goal_m", made.GoalM, "goal_s", made.GoalS)
	return made, nil
}

// Joined is what joining did.
type Joined struct {
	Member  store.Member // the member as saved
	Total   int64        // their entry: the runs dated in the challenge that count
	Already bool         // they were in it before
}

// Join puts m in the club's challenge ch: on its member list, its key and
// board in m's lists, and their entry set to the sum of their runs dated
// within it (less runs an admin took off), so runs logged before joining
// count. Joining again changes nothing but recounts. today is the club's.
func (s *Service) Join(ctx context.Context, clubID ids.ClubID, ch store.Challenge, m store.Member, today string) (Joined, error) {
	key := store.ChallengeKey(clubID, ch.ID)
	board := BoardName(clubID, ch.ID)
	already := slices.Contains(ch.Members, m.ID) && slices.Contains(m.Challenges, key)
	if _, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == ch.ID && !slices.Contains(cl.Challenges[i].Members, m.ID) {
				cl.Challenges[i].Members = append(cl.Challenges[i].Members, m.ID)
			}
		}
		return nil
	}); err != nil {
		return Joined{}, fmt.Errorf("join %s: %w", key, err)
	}
	saved, err := s.st.UpdateMember(ctx, m.ID, func(m *store.Member) error {
		if !slices.Contains(m.Challenges, key) {
			m.Challenges = append(m.Challenges, key)
		}
		if !slices.Contains(m.Boards, board) {
			m.Boards = append(m.Boards, board)
		}
		return nil
	})
	if err != nil {
		return Joined{}, fmt.Errorf("update member %s: %w", m.ID, err)
	}
	if !already {
		if _, err := s.st.Mark(ctx, string(m.ID), joinedMark(key, today), markTTL); err != nil {
			s.log.Warn("mark challenge join", "member", m.ID, "challenge", key, "err", err)
		}
	}
	total, err := s.syncEntry(ctx, m.ID, clubID, ch)
	if err != nil {
		return Joined{}, err
	}
	return Joined{Member: saved, Total: total, Already: already}, nil
}

// syncEntry sets the member's entry on a challenge board to the sum of
// their runs dated within it (less runs an admin took off), creating the
// entry when absent.
func (s *Service) syncEntry(ctx context.Context, memberID ids.MemberID, clubID ids.ClubID, ch store.Challenge) (int64, error) {
	key := store.ChallengeKey(clubID, ch.ID)
	board := BoardName(clubID, ch.ID)
	runs, err := s.st.Runs(ctx, memberID, ch.Start, ch.End)
	if err != nil {
		return 0, fmt.Errorf("runs for %s: %w", key, err)
	}
	var want int64
	for _, run := range runs {
		struck, err := s.st.Marked(ctx, string(memberID), struckMark(key, run.ID))
		if err != nil {
			return 0, fmt.Errorf("check removed run %s: %w", run.ID, err)
		}
		if !struck {
			want += AmountOf(ch, run)
		}
	}
	var cur int64
	sc, err := s.st.BoardScore(ctx, board, memberID)
	switch {
	case err == nil:
		cur = sc.Value
	case !errors.Is(err, store.ErrNotFound):
		return 0, fmt.Errorf("read %s entry: %w", key, err)
	}
	if err == nil && want == cur {
		return want, nil
	}
	got, err := s.st.BoardAdd(ctx, board, memberID, want-cur)
	if err != nil {
		return 0, fmt.Errorf("credit %s: %w", key, err)
	}
	return got, nil
}

// Leave takes m out of the club's challenge ch: their entry comes off the
// board and the challenge off their lists; their runs stay theirs.
// ErrNotJoined when they were not in it.
func (s *Service) Leave(ctx context.Context, clubID ids.ClubID, ch store.Challenge, m store.Member) (store.Member, error) {
	key := store.ChallengeKey(clubID, ch.ID)
	board := BoardName(clubID, ch.ID)
	if !slices.Contains(ch.Members, m.ID) && !slices.Contains(m.Challenges, key) {
		return m, ErrNotJoined
	}
	if err := s.st.BoardRemove(ctx, board, m.ID); err != nil {
		return m, fmt.Errorf("leave %s: %w", key, err)
	}
	if _, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == ch.ID {
				cl.Challenges[i].Members = slices.DeleteFunc(cl.Challenges[i].Members, func(id ids.MemberID) bool { return id == m.ID })
			}
		}
		return nil
	}); err != nil {
		return m, fmt.Errorf("leave %s: %w", key, err)
	}
	saved, err := s.st.UpdateMember(ctx, m.ID, func(m *store.Member) error {
		m.Challenges = slices.DeleteFunc(m.Challenges, func(k string) bool { return k == key })
		m.Boards = slices.DeleteFunc(m.Boards, func(b string) bool { return b == board })
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("update member %s: %w", m.ID, err)
	}
	return saved, nil
}

// End stops a challenge counting runs now; its board stays for the final
// results.
func (s *Service) End(ctx context.Context, clubID ids.ClubID, challengeID string) error {
	if _, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == challengeID {
				cl.Challenges[i].Ended = true
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("end %s: %w", challengeID, err)
	}
	return nil
}

// Strike takes a member's run off every board of the club it counts on
// (an admin's correction) and remembers that, so a rejoin or an undo does
// not count it again. It returns the run and the challenges it came off,
// none when it counted nowhere (or was struck before); ErrNoRun when the
// member has no such run.
func (s *Service) Strike(ctx context.Context, club store.Club, memberID ids.MemberID, runID string) (store.Run, []store.Challenge, error) {
	runs, err := s.st.Runs(ctx, memberID, "", "")
	if err != nil {
		return store.Run{}, nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	var run *store.Run
	for i := range runs {
		if strings.EqualFold(runs[i].ID, runID) {
			run = &runs[i]
		}
	}
	if run == nil {
		return store.Run{}, nil, ErrNoRun
	}
	var done []store.Challenge
	for _, ch := range club.Challenges {
		key := store.ChallengeKey(club.ID, ch.ID)
		if !slices.Contains(ch.Members, memberID) || run.Date < ch.Start || run.Date > ch.End || AmountOf(ch, *run) == 0 {
			continue
		}
		fresh, err := s.st.Mark(ctx, string(memberID), struckMark(key, run.ID), struckTTL)
		if err != nil {
			return *run, nil, fmt.Errorf("mark removed run: %w", err)
		}
		if !fresh {
			continue
		}
		if _, err := s.debit(ctx, BoardName(club.ID, ch.ID), memberID, AmountOf(ch, *run)); err != nil {
			return *run, nil, err
		}
		done = append(done, ch)
	}
	return *run, done, nil
}

// ErrNoSuchMember: no member of the club's challenges goes by that name.
var ErrNoSuchMember = errors.New("no such member in the club's challenges")

// AmbiguousNameError: more than one member of the club's challenges goes
// by the name; IDs lists them, for the caller to pick one by id.
type AmbiguousNameError struct{ IDs []ids.MemberID }

func (e *AmbiguousNameError) Error() string {
	return fmt.Sprintf("%d members of the club's challenges share that name", len(e.IDs))
}

// FindMember resolves who — a member id or a display name (case and
// spacing aside) — among the members of the club's challenges, as an
// admin names them to /challenge remove. An id matches before any name;
// it returns the member's id and the name the boards show them by.
func (s *Service) FindMember(ctx context.Context, club store.Club, who string) (ids.MemberID, string, error) {
	seen := map[ids.MemberID]bool{}
	var byName []store.Member
	for _, ch := range club.Challenges {
		for _, mid := range ch.Members {
			if seen[mid] {
				continue
			}
			seen[mid] = true
			if mid == ids.MemberID(who) {
				m, err := s.st.Member(ctx, mid)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return "", "", fmt.Errorf("load member %s: %w", mid, err)
				}
				return mid, DisplayName(m, mid), nil
			}
			m, err := s.st.Member(ctx, mid)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return "", "", fmt.Errorf("load member %s: %w", mid, err)
			}
			if sameName(m.Name, who) {
				byName = append(byName, m)
			}
		}
	}
	switch len(byName) {
	case 0:
		return "", "", ErrNoSuchMember
	case 1:
		return byName[0].ID, DisplayName(byName[0], byName[0].ID), nil
	}
	amb := &AmbiguousNameError{}
	for _, m := range byName {
		amb.IDs = append(amb.IDs, m.ID)
	}
	return "", "", amb
}
