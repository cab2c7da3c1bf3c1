package coach

import "fmt"

// FormatHours is a time total as runners say it, to the minute: "45 min",
// "50 h", "12 h 30 min". Time challenges show their goals and boards so.
func FormatHours(seconds int64) string {
	if seconds < 0 {
		seconds = 0
	}
	m := (seconds + 30) / 60
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
