package daily

import (
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestDailyNextAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, zone, at, after, want string
	}{
		// Europe/London: 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT.
		{"london ordinary day", "Europe/London", "07:00", "2026-03-27T12:00:00Z", "2026-03-28T07:00:00Z"},
		{"london after spring forward", "Europe/London", "07:00", "2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z"},
		{"london time in the gap fires at the first valid instant", "Europe/London", "01:30", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z"},
		{"london day after the gap", "Europe/London", "01:30", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		{"london repeated hour fires on the first pass", "Europe/London", "01:30", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"},
		{"london repeated hour does not fire again", "Europe/London", "01:30", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		{"london after fall back", "Europe/London", "07:00", "2026-10-25T06:00:00Z", "2026-10-25T07:00:00Z"},
		// America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
		{"new york gap", "America/New_York", "02:30", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z"},
		{"new york day after the gap", "America/New_York", "02:30", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"},
		{"new york repeated hour first pass", "America/New_York", "01:30", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z"},
		{"new york repeated hour once", "America/New_York", "01:30", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
		{"new york morning after fall back", "America/New_York", "07:00", "2026-10-31T11:00:00Z", "2026-11-01T12:00:00Z"},
		// Australia/Sydney: 2026-04-05 03:00 AEDT → 02:00 AEST; 2026-10-04 02:00 AEST → 03:00 AEDT.
		{"sydney repeated hour first pass", "Australia/Sydney", "02:30", "2026-04-04T00:00:00Z", "2026-04-04T15:30:00Z"},
		{"sydney repeated hour once", "Australia/Sydney", "02:30", "2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z"},
		{"sydney gap", "Australia/Sydney", "02:30", "2026-10-03T00:00:00Z", "2026-10-03T16:00:00Z"},
		{"sydney day after the gap", "Australia/Sydney", "02:30", "2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z"},
		{"sydney morning", "Australia/Sydney", "07:00", "2026-10-03T00:00:00Z", "2026-10-03T20:00:00Z"},
		// UTC never shifts.
		{"utc", "UTC", "23:59", "2026-01-01T23:59:00Z", "2026-01-02T23:59:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d, err := Parse(c.at, mustZone(t, c.zone))
			if err != nil {
				t.Fatal(err)
			}
			got := d.Next(utc(c.after))
			if !got.Equal(utc(c.want)) {
				t.Errorf("Next(%s) for %s %s = %s (%s), want %s", c.after, c.at, c.zone, got.UTC().Format(time.RFC3339), got.Format(time.RFC3339), c.want)
			}
			if p := d.Prev(got); !p.Equal(got) {
				t.Errorf("Prev(occurrence %s) = %s, want the occurrence itself", got, p)
			}
			if p := d.Prev(got.Add(time.Minute)); !p.Equal(got) {
				t.Errorf("Prev(occurrence+1m) = %s, want %s", p, got)
			}
		})
	}
}

// TestDailyOncePerLocalDate walks a year of occurrences in each zone and
// checks that every local date gets exactly one, at the set wall time when
// it exists.
func TestDailyOncePerLocalDate(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"Europe/London", "America/New_York", "Australia/Sydney", "UTC"} {
		for _, at := range []string{"00:00", "01:30", "02:00", "02:30", "07:00", "23:59"} {
			t.Run(zone+" "+at, func(t *testing.T) {
				t.Parallel()
				d, err := Parse(at, mustZone(t, zone))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Date(2026, 1, 1, 0, 0, 0, 0, d.Loc)
				cur := start.Add(-time.Nanosecond)
				prevDate := ""
				for i := 0; i < 366; i++ {
					next := d.Next(cur)
					if !next.After(cur) {
						t.Fatalf("Next(%s) = %s, not after", cur, next)
					}
					date := d.LocalDate(next)
					want := start.AddDate(0, 0, i).Format(time.DateOnly)
					if date != want {
						t.Fatalf("occurrence %d on %s (%s), want %s (previous %s)", i, date, next, want, prevDate)
					}
					l := next.In(d.Loc)
					if l.Hour() != d.Hour || l.Minute() != d.Minute {
						// Only allowed inside a gap: the instant one minute
						// earlier must then read earlier than the set time
						// by more than a minute (the clock jumped).
						before := next.Add(-time.Minute).In(d.Loc)
						if before.Hour()*60+before.Minute() >= d.Hour*60+d.Minute {
							t.Fatalf("occurrence %s reads %s, not a gap", next, l.Format("15:04"))
						}
					}
					prevDate, cur = date, next
				}
			})
		}
	}
}

func TestParseDaily(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "24:00", "7", "ab:cd", "12:60"} {
		if _, err := Parse(bad, time.UTC); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	d, err := Parse("07:05", nil)
	if err != nil || d.Hour != 7 || d.Minute != 5 || d.Loc != time.UTC {
		t.Errorf("Parse(07:05) = %+v, %v", d, err)
	}
}

func TestCalendarDays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    string
		n    int
		want string
	}{
		{"2026-02-27", 2, "2026-03-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2026-03-28", 2, "2026-03-30"}, // across a DST change in Europe; dates have no zone
		{"not a date", 3, "not a date"},
	} {
		if got := AddDays(c.a, c.n); got != c.want {
			t.Errorf("AddDays(%q, %d) = %q, want %q", c.a, c.n, got, c.want)
		}
		if c.want != c.a {
			if got := DaysBetween(c.a, c.want); got != c.n {
				t.Errorf("DaysBetween(%q, %q) = %d, want %d", c.a, c.want, got, c.n)
			}
		}
	}
	if got := DaysBetween("2026-01-01", "junk"); got != 0 {
		t.Errorf("DaysBetween with a bad date = %d, want 0", got)
	}
}
