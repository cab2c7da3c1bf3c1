// Package challenge is the challenge service: the rules of a club's
// mileage and time challenges, shared by the router's commands and the
// scheduler's posts. It creates, joins, leaves and ends challenges,
// credits and debits runs on their boards, renders boards and standings,
// writes the final results and the nudges to quiet members, and follows a
// club that moved or was deleted. It knows the store and nothing of chats:
// the router parses and words its replies around it, the scheduler sends
// what it hands over.
package challenge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Store is what the service reads and writes: clubs and their challenges,
// members' challenge lists, runs (read only), boards and marks.
type Store interface {
	Club(ctx context.Context, id ids.ClubID) (store.Club, error)
	UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (store.Club, error)
	MoveClub(ctx context.Context, from, to ids.ClubID) error
	DeleteClub(ctx context.Context, id ids.ClubID, boards []string) error
	Member(ctx context.Context, id ids.MemberID) (store.Member, error)
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
	Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error)
	Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error)
	Marked(ctx context.Context, scope, key string) (bool, error)
	BoardAdd(ctx context.Context, board string, member ids.MemberID, delta int64) (int64, error)
	BoardTop(ctx context.Context, board string, n int) ([]store.Score, error)
	BoardScore(ctx context.Context, board string, member ids.MemberID) (store.Score, error)
	BoardRemove(ctx context.Context, board string, member ids.MemberID) error
	BoardDelete(ctx context.Context, board string) error
}

// Service holds the challenge rules over a store. It keeps no state of
// its own, so one value serves the router and the scheduler.
type Service struct {
	st  Store
	log *slog.Logger
	now func() time.Time
}

// New builds the service over st (log and clock default to slog's and
// time.Now).
func New(st Store, log *slog.Logger, clock func() time.Time) *Service {
	if log == nil {
		log = slog.Default()
	}
	if clock == nil {
		clock = time.Now
	}
	return &Service{st: st, log: log, now: clock}
}

// Challenge limits.
const (
	// MaxOpenPerClub is how many challenges a club may have running or
	// coming up at once.
	MaxOpenPerClub = 20
	// NameReuseDays: a challenge's name stays taken this long after it
	// ends, so every reference means one challenge.
	NameReuseDays = 90
	boardTopN     = 10              // entries a board shows
	quietDays     = 7               // days without a run before a nudge
	markTTL       = 800 * time.Hour // join marks outlive the quiet window
	struckTTL     = 2 * 366 * 24 * time.Hour
)

// BoardPrefix starts every challenge board name: "chal:<club id>/<id>".
const BoardPrefix = "chal:"

// BoardName names the leaderboard of a challenge.
func BoardName(clubID ids.ClubID, id string) string {
	return BoardPrefix + store.ChallengeKey(clubID, id)
}

// SplitKey is the inverse of store.ChallengeKey. Club ids never hold "/",
// challenge ids neither, so the last "/" separates them.
func SplitKey(key string) (clubID ids.ClubID, id string, ok bool) {
	i := strings.LastIndexByte(key, '/')
	if i <= 0 || i == len(key)-1 {
		return "", "", false
	}
	return ids.ClubID(key[:i]), key[i+1:], true
}

// ParseBoard reads a challenge board name.
func ParseBoard(board string) (clubID ids.ClubID, id string, ok bool) {
	key, ok := strings.CutPrefix(board, BoardPrefix)
	if !ok {
		return "", "", false
	}
	return SplitKey(key)
}

// Marks kept in the member's scope (so /forgetme removes them).
func joinedMark(key, date string) string { return "chal-joined|" + key + "|" + date }
func struckMark(key, runID string) string {
	return "chal-struck|" + key + "|" + strings.ToLower(runID)
}

// NudgeKey is the mark (scope: the member) that records the one quiet
// nudge a member gets per challenge.
func NudgeKey(challengeKey string) string { return "chal-nudge|" + challengeKey }

// Timed reports whether ch is a time challenge: its goal is hours of
// running (GoalS), and its board is scored in seconds instead of metres,
// so time-only runs have a board.
func Timed(ch store.Challenge) bool { return ch.GoalS > 0 }

// GoalOf is ch's goal in its board's unit: seconds or metres.
func GoalOf(ch store.Challenge) int64 {
	if Timed(ch) {
		return ch.GoalS
	}
	return ch.GoalM
}

// AmountOf is what run adds to ch's board: its seconds on a time
// challenge, its metres on a distance one. Zero means it does not count
// there (a time-only run on a distance board, a distance-only run on a
// time board).
func AmountOf(ch store.Challenge, run store.Run) int64 {
	if Timed(ch) {
		return int64(run.Seconds)
	}
	return run.Meters
}

// Open reports whether ch still counts runs as of today (club calendar):
// not ended by an admin and not past its last day.
func Open(ch store.Challenge, today string) bool { return !ch.Ended && ch.End >= today }

// Club reads a club; one never configured is an empty club, with no
// challenges and no settings.
func (s *Service) Club(ctx context.Context, id ids.ClubID) (store.Club, error) {
	c, err := s.st.Club(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Club{ID: id}, nil
	}
	if err != nil {
		return store.Club{}, fmt.Errorf("load club %s: %w", id, err)
	}
	return c, nil
}

// Today is the date (YYYY-MM-DD) in the club's calendar: challenges start
// and end by it.
func Today(c store.Club, now time.Time) string {
	return now.In(member.ClubZone(c)).Format(time.DateOnly)
}

// Result is the final-results post of one challenge that is over.
type Result struct {
	ChallengeID string
	Key         string // mark (scope: the club) set once the post went out
	Text        string
}

// Nudge is one friendly DM to a quiet challenge member.
type Nudge struct {
	MemberID ids.MemberID
	Key      string        // mark (scope: the member) set once sent
	TTL      time.Duration // how long that mark is kept
	Text     string
}

// byKey loads a challenge through a per-call club cache.
func (s *Service) byKey(ctx context.Context, clubs map[ids.ClubID]store.Club, clubID ids.ClubID, id string) (store.Challenge, bool, error) {
	c, ok := clubs[clubID]
	if !ok {
		var err error
		c, err = s.st.Club(ctx, clubID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Challenge{}, false, fmt.Errorf("load club %s: %w", clubID, err)
		}
		clubs[clubID] = c
	}
	for _, ch := range c.Challenges {
		if ch.ID == id {
			return ch, true, nil
		}
	}
	return store.Challenge{}, false, nil
}

// Names are the names of the challenges keys (store.ChallengeKey) name,
// in order; keys whose challenge is gone or unreadable are left out.
func (s *Service) Names(ctx context.Context, keys []string) []string {
	clubs := map[ids.ClubID]store.Club{}
	var names []string
	for _, key := range keys {
		clubID, id, ok := SplitKey(key)
		if !ok {
			continue
		}
		if ch, found, err := s.byKey(ctx, clubs, clubID, id); err == nil && found {
			names = append(names, ch.Name)
		}
	}
	return names
}

func wrapIf(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
