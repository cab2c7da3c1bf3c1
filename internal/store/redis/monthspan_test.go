package redisstore

import (
	"slices"
	"testing"
	"time"
)

// monthSpan lists the months a window from lo holds: to hi, or a few
// months on (or the month after now, if later); nothing it cannot list.
func TestMonthSpan(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	var twoYears []string // 202502 to 202701
	for m := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		twoYears = append(twoYears, m.Format("200601"))
	}
	for _, c := range []struct {
		lo, hi string
		want   []string
		ok     bool
	}{
		{"202609", "", []string{"202609", "202610", "202611", "202612", "202701"}, true},
		{"202611", "", []string{"202611", "202612", "202701", "202702"}, true},
		{"202501", "", nil, false}, // two years to the month after now
		{"202502", "", twoYears, true},
		{"202611", "202612", []string{"202611", "202612"}, true},
		{"202612", "202611", []string{}, true},
		{"", "", nil, false},
		{"202613", "", nil, false},
		{"2026-1", "", nil, false},
	} {
		got, ok := monthSpan(c.lo, c.hi, now)
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("monthSpan(%q, %q) = %v, %v; want %v, %v", c.lo, c.hi, got, ok, c.want, c.ok)
		}
	}
}
