package shared

import (
	"testing"

	"github.com/clubcoach/clubcoach/internal/store"
)

func TestRunIDRoundTrip(t *testing.T) {
	t.Parallel()
	for _, n := range []uint64{1, 9, 10, 35, 36, 1295, 1 << 40} {
		id := RunID(n)
		got, ok := RunSeq(id)
		if !ok || got != n {
			t.Errorf("RunSeq(%q) = %d, %v; want %d", id, got, ok, n)
		}
	}
	if got, ok := RunSeq(" R1A "); !ok || got != 46 {
		t.Errorf("RunSeq is not case-insensitive: %d %v", got, ok)
	}
	for _, bad := range []string{"", "r", "r0", "1", "x1", "r-1", "r01", "r1.5", "rzzzzzzzzzzzzzzzzzzzz"} {
		if _, ok := RunSeq(bad); ok {
			t.Errorf("RunSeq(%q) accepted", bad)
		}
	}
}

func TestJobNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		job, member string
		want        bool
	}{
		{"remind|telegram:123", "telegram:123", true},
		{"telegram:123", "telegram:123", true},
		{"checkin|telegram:123|knee", "telegram:123", true},
		{"remind|telegram:1234", "telegram:123", false},
		{"remind|telegram:12", "telegram:123", false},
		{"xtelegram:123", "telegram:123", false},
		{"remind|telegram:1234|telegram:123", "telegram:123", true},
		{"club|telegram:-100", "telegram:-100", true},
		{"club|telegram:-1001", "telegram:-100", false},
		{"remind|discord:123", "telegram:123", false},
		{"anything", "", false},
	} {
		if got := JobNames(tc.job, tc.member); got != tc.want {
			t.Errorf("JobNames(%q, %q) = %v, want %v", tc.job, tc.member, got, tc.want)
		}
	}
}

func TestCheckDate(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"2026-01-01", "2024-02-29"} {
		if err := CheckDate(ok); err != nil {
			t.Errorf("CheckDate(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "2025-02-29", "2026-1-01", "20260101", "2026-01-01 ", "2026-13-01"} {
		if CheckDate(bad) == nil {
			t.Errorf("CheckDate(%q) accepted", bad)
		}
	}
}

func TestCompetitionRanks(t *testing.T) {
	t.Parallel()
	l := []store.Score{{Value: 9}, {Value: 9}, {Value: 5}, {Value: 1}, {Value: 1}, {Value: 0}}
	CompetitionRanks(l, 1)
	want := []int{1, 1, 3, 4, 4, 6}
	for i := range l {
		if l[i].Rank != want[i] {
			t.Errorf("rank %d = %d, want %d", i, l[i].Rank, want[i])
		}
	}
}
