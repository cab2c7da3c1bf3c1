// Package daily is a wall-clock time of day in a zone and its occurrences,
// right across DST changes: what reminders and club posts are scheduled by.
package daily

import (
	"fmt"
	"strings"
	"time"
)

// Time is a wall-clock time of day in a zone ("07:00 in Europe/London").
// Its occurrences are computed from the local calendar, one per local date,
// so they stay right across DST changes: when clocks go back the earlier of
// the two instants is the occurrence (no double), and when a spring-forward
// gap swallows the time, the first valid instant after the gap is (none
// skipped).
type Time struct {
	Hour, Minute int
	Loc          *time.Location
}

// Parse reads "HH:MM" in loc.
func Parse(hhmm string, loc *time.Location) (Time, error) {
	var h, m int
	if _, err := fmt.Sscanf(strings.TrimSpace(hhmm), "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return Time{}, fmt.Errorf("time of day %q: want HH:MM", hhmm)
	}
	if loc == nil {
		loc = time.UTC
	}
	return Time{Hour: h, Minute: m, Loc: loc}, nil
}

// On returns the occurrence on the local date y-m-d.
func (d Time) On(y int, mo time.Month, day int) time.Time {
	// Normalise the date first (day may run past the month's end).
	y, mo, day = time.Date(y, mo, day, 12, 0, 0, 0, time.UTC).Date()
	t := time.Date(y, mo, day, d.Hour, d.Minute, 0, 0, d.Loc)
	if t.Hour() == d.Hour && t.Minute() == d.Minute && t.Day() == day {
		// The wall time exists; when clocks go back it exists twice and
		// time.Date may have picked either: take the earlier.
		start, _ := t.ZoneBounds()
		if start.IsZero() {
			return t
		}
		_, off := t.Zone()
		_, before := start.Add(-time.Second).Zone()
		if before > off {
			e := t.Add(-time.Duration(before-off) * time.Second)
			if e.Before(start) && e.Hour() == d.Hour && e.Minute() == d.Minute {
				return e
			}
		}
		return t
	}
	// The wall time falls in a spring-forward gap. time.Date resolved it
	// with one of the two offsets; the first valid instant is the
	// transition itself.
	start, end := t.ZoneBounds()
	if wallAfter(t, d) {
		return start
	}
	return end
}

// wallAfter reports whether t's local wall clock is later in the day than d.
func wallAfter(t time.Time, d Time) bool {
	return t.Hour()*60+t.Minute() > d.Hour*60+d.Minute
}

// Next returns the first occurrence strictly after after.
func (d Time) Next(after time.Time) time.Time {
	l := after.In(d.Loc)
	y, mo, day := l.Date()
	// One local date ahead always suffices; the bound only guards
	// against a corrupt zone database.
	for i := 0; i < maxDays; i++ {
		if t := d.On(y, mo, day+i); t.After(after) {
			return t
		}
	}
	return after.Add(24 * time.Hour)
}

const maxDays = 4

// Prev returns the last occurrence at or before at.
func (d Time) Prev(at time.Time) time.Time {
	l := at.In(d.Loc)
	y, mo, day := l.Date()
	for i := 0; i < maxDays; i++ {
		if t := d.On(y, mo, day-i); !t.After(at) {
			return t
		}
	}
	return at
}

// LocalDate is the occurrence's calendar date in d's zone, the unit of
// "once a day".
func (d Time) LocalDate(t time.Time) string { return t.In(d.Loc).Format(time.DateOnly) }

// AddDays moves a calendar date (YYYY-MM-DD) by n days; a string that is not
// a date comes back unchanged, so callers can pass stored dates through.
func AddDays(date string, n int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// DaysBetween counts calendar days from date a to date b (YYYY-MM-DD),
// negative when b is earlier; 0 when either is not a date.
func DaysBetween(a, b string) int {
	ta, errA := time.Parse(time.DateOnly, a)
	tb, errB := time.Parse(time.DateOnly, b)
	if errA != nil || errB != nil {
		return 0
	}
	// Dates parse at UTC midnight, so the difference is whole days.
	return int(tb.Sub(ta).Hours() / 24)
}
