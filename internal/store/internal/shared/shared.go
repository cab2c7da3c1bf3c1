// Package shared holds the small rules both store backends must apply the
// same way (run ids, date checks, which queue jobs name a member, what
// forgetting a member does to a club), so the contract suite cannot pass
// on one backend by accident of a different reading.
package shared

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// RunID turns a member's run sequence number into the short id shown to
// the member: "r" and the number in base 36 ("r1", "ra", "r2s").
func RunID(seq uint64) string { return "r" + strconv.FormatUint(seq, 36) }

// PainID makes a pain report's user-facing id from its sequence number.
func PainID(seq uint64) string { return "p" + strconv.FormatUint(seq, 36) }

// PainSeq parses a pain id made by PainID, case-insensitively.
func PainSeq(id string) (seq uint64, ok bool) { return parseSeq(id, 'p') }

// RunSeq parses a run id made by RunID, case-insensitively (members type
// ids back). ok is false for anything RunID cannot have made.
func RunSeq(id string) (seq uint64, ok bool) { return parseSeq(id, 'r') }

func parseSeq(id string, prefix byte) (uint64, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) < 2 || id[0] != prefix {
		return 0, false
	}
	n, err := strconv.ParseUint(id[1:], 36, 64)
	if err != nil || n == 0 || string(prefix)+strconv.FormatUint(n, 36) != id {
		return 0, false
	}
	return n, true
}

// CheckDate reports whether s is a real calendar date written YYYY-MM-DD.
// Dates are the index of runs, so a malformed one would sort wrongly.
func CheckDate(s string) error {
	if len(s) != 10 {
		return fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return nil
}

// CheckRange validates the optional bounds of Runs ("" = unbounded).
func CheckRange(from, to string) error {
	for _, d := range []string{from, to} {
		if d == "" {
			continue
		}
		if err := CheckDate(d); err != nil {
			return err
		}
	}
	return nil
}

// isIDByte reports whether b can continue an id, so "telegram:12" does not
// name "telegram:123".
func isIDByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

// JobNames reports whether a queue job names the member: the member id
// occurs in the job text and is not part of a longer id (the bytes either
// side are not letters, digits or '_'). "remind|telegram:123" names
// telegram:123 but not telegram:12.
func JobNames(job, memberID string) bool {
	if memberID == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(job[i:], memberID)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(memberID)
		before := start == 0 || !isIDByte(job[start-1]) || !isIDByte(memberID[0])
		after := end == len(job) || !isIDByte(job[end]) || !isIDByte(memberID[len(memberID)-1])
		if before && after {
			return true
		}
		i = start + 1
	}
}

// DropMember removes a forgotten member from a club's member and coach
// lists and from every challenge's member list, clears them as the creator
// of a challenge (shown as "a former member"), and reports whether
// anything changed.
func DropMember(c *store.Club, memberID ids.MemberID) bool {
	changed := false
	drop := func(list []ids.MemberID) []ids.MemberID {
		out := slices.DeleteFunc(list, func(s ids.MemberID) bool { return s == memberID })
		if len(out) != len(list) {
			changed = true
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	c.Members = drop(c.Members)
	c.Coaches = drop(c.Coaches)
	for i := range c.Challenges {
		c.Challenges[i].Members = drop(c.Challenges[i].Members)
		if c.Challenges[i].Creator == memberID {
			c.Challenges[i].Creator = ""
			changed = true
		}
	}
	return changed
}

// MovedClub is club from re-keyed as to: the id changes, and so does the
// channel when it was the old chat itself (a Telegram group that became a
// supergroup posts in the new chat).
func MovedClub(c store.Club, from, to ids.ClubID) store.Club {
	c.ID = to
	if c.Channel == from.Chat() {
		c.Channel = to.Chat()
	}
	return c
}

// KeptMaxAge is how long the Outbox keeps a refused private message.
const KeptMaxAge = 7 * 24 * time.Hour

// KeptMax caps how many refused messages are kept per member, so a member
// who blocked the bot does not grow an unbounded backlog.
const KeptMax = 100

// CompetitionRanks fills Rank in a list ordered highest first: tied scores
// share a rank and the next distinct score skips (1, 1, 3), as a club
// leaderboard reads. first is the rank of the list's first entry.
func CompetitionRanks(list []store.Score, first int) {
	for i := range list {
		if i > 0 && list[i].Value == list[i-1].Value {
			list[i].Rank = list[i-1].Rank
		} else {
			list[i].Rank = first + i
		}
	}
}

// CheckMark validates Mark's arguments, the same way for both stores.
func CheckMark(scope, key string, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("mark %s/%s: ttl %v must be positive", scope, key, ttl)
	}
	if scope == "" || key == "" {
		return fmt.Errorf("mark %q/%q: empty scope or key", scope, key)
	}
	return nil
}

// CheckLease validates Claim's lease, the same way for both stores.
func CheckLease(platform string, lease time.Duration) error {
	if lease <= 0 {
		return fmt.Errorf("claim on %s: lease %v must be positive", platform, lease)
	}
	return nil
}

// Web page tokens: long enough for 128 random bits in base64url, short
// enough to keep an address readable.
const (
	MinWebToken = 22
	MaxWebToken = 64
)

// CheckWebToken reports whether token can be a club's page token (see
// store.WebPages); "" (page off) is not one.
func CheckWebToken(token string) error {
	if len(token) < MinWebToken || len(token) > MaxWebToken {
		return fmt.Errorf("web token: want %d to %d characters, got %d", MinWebToken, MaxWebToken, len(token))
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("web token: want base64url characters only")
		}
	}
	return nil
}

// WebTokenKey is what a backend indexes a page token by: its SHA-256 in
// hex (64 characters). Lookups then walk keys that share no prefix with
// the guess, and the stored index alone does not give the addresses away.
func WebTokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TotalDate is the date the weekly total of the run dated date carries
// (store.Retention): the Monday of its week, or the first of its month when
// that Monday is in the month before, so a total never leaves its month.
func TotalDate(date string) (string, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "", fmt.Errorf("bad date %q: %w", date, err)
	}
	mon := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	if mon.Month() != d.Month() {
		mon = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return mon.Format(time.DateOnly), nil
}

// WeeklyTotal folds the runs of one week (two or more, sharing a
// TotalDate) into the run that replaces them: the summed distance, the
// summed duration when every run had one, the latest logging time, the
// TotalDate, and a note saying how many runs it holds. Cadence, notes and
// boards are per-run detail and go. The caller gives it the id of the
// week's first run.
func WeeklyTotal(runs []store.Run) (store.Run, error) {
	var t store.Run
	if len(runs) == 0 {
		return t, errors.New("weekly total of no runs")
	}
	date, err := TotalDate(runs[0].Date)
	if err != nil {
		return t, err
	}
	t.Date = date
	timed, n := true, 0
	for _, r := range runs {
		t.Meters += r.Meters
		t.Seconds += r.Seconds
		timed = timed && r.Seconds > 0
		if r.Logged.After(t.Logged) {
			t.Logged = r.Logged
		}
		n += runsIn(r)
	}
	if !timed {
		t.Seconds = 0
	}
	t.Notes = fmt.Sprintf("%s%d runs", WeeklyTotalNote, n)
	return t, nil
}

// WeeklyTotalNote starts the notes of a weekly total.
const WeeklyTotalNote = "weekly total of "

// runsIn is how many runs r stands for: more than one when it is already a
// weekly total.
func runsIn(r store.Run) int {
	if rest, ok := strings.CutPrefix(r.Notes, WeeklyTotalNote); ok {
		if n, err := strconv.Atoi(strings.TrimSuffix(rest, " runs")); err == nil && n > 0 {
			return n
		}
	}
	return 1
}
