package shared

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// ShareID makes a share's id from the global share sequence: "s" and the
// number in base 36.
func ShareID(seq uint64) string { return "s" + strconv.FormatUint(seq, 36) }

// ShareSeq parses a share id made by ShareID, case-insensitively.
func ShareSeq(id string) (uint64, bool) { return parseSeq(id, 's') }

// InviteCode normalises a typed invite code (case, spaces).
func InviteCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// SortShares orders shares oldest first, ties by id sequence.
func SortShares(list []store.Share) {
	slices.SortStableFunc(list, func(a, b store.Share) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmpSeq(a.ID, b.ID)
	})
}

func cmpSeq(a, b string) int {
	x, _ := ShareSeq(a)
	y, _ := ShareSeq(b)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// ShareCutoff is the oldest share time kept at now.
func ShareCutoff(now time.Time) time.Time { return now.Add(-store.ShareMaxAge) }

// KeepShare restores the fields UpdateShare's fn may not change.
func KeepShare(s *store.Share, was store.Share) {
	s.ID, s.Club, s.Member, s.At = was.ID, was.Club, was.Member, was.At
}
