package commands

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateDir says which way a date without a year (or a bare weekday) points:
// a run was done in the past, a challenge starts in the future.
type dateDir int

const (
	pastDate   dateDir = iota // "jan 1" is the last one, "sat" the most recent (today included)
	futureDate                // "jan 1" is the next one, "sat" the coming one (today included)
)

var (
	isoDateRE     = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)
	numericDateRE = regexp.MustCompile(`^\d{1,2}/\d{1,2}(?:/(?:\d{2}|\d{4}))?$|^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$`)
	dayOfMonthRE  = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)
	yearRE        = regexp.MustCompile(`^\d{4}$`)
)

// readDate is the one date reader of /run and /challenge new. It reads a
// date from the start of words (lower case, punctuation trimmed) relative
// to today (a civil midnight in the zone that matters) and returns the date,
// how many words it used (0: the words are not a date) and, for something
// that is clearly meant as a date but cannot be one, a user error. Forms:
// today, yesterday, tomorrow, last night, a weekday, "last sat", "next sat",
// "3 days ago", "2 weeks ago", "a fortnight ago", "nov 20", "20th november",
// "dec 1 2026", YYYY-MM-DD. Numeric dates like 20/11 are refused, never
// guessed: day and month order differ between countries. The caller checks
// the range it allows.
func readDate(words []string, today time.Time, dir dateDir) (time.Time, int, error) {
	tok, next, third := at(words, 0), at(words, 1), at(words, 2)
	example := today.AddDate(0, 0, -1)
	if dir == futureDate {
		example = today.AddDate(0, 0, 1)
	}
	switch {
	case tok == "today":
		return today, 1, nil
	case tok == "tomorrow" || tok == "tmrw":
		return today.AddDate(0, 0, 1), 1, nil
	case tok == "yesterday" || tok == "yday":
		return today.AddDate(0, 0, -1), 1, nil
	case tok == "last" && next == "night":
		return today.AddDate(0, 0, -1), 2, nil
	case tok == "last" || tok == "next" || tok == "this":
		_, wd, ok := ParseDay(next)
		if !ok {
			if tok == "last" && (next == "week" || next == "month") {
				return time.Time{}, 0, Userf("%q could be any day that %s. Name the day: a weekday (sat), \"3 days ago\" or a date like %s.", tok+" "+next, next, example.Format(dateFmt))
			}
			return time.Time{}, 0, nil
		}
		back := (int(today.Weekday()) - int(wd) + 7) % 7
		switch tok {
		case "last":
			if back == 0 {
				back = 7
			}
			return today.AddDate(0, 0, -back), 2, nil
		case "next":
			fwd := (int(wd) - int(today.Weekday()) + 7) % 7
			if fwd == 0 {
				fwd = 7
			}
			return today.AddDate(0, 0, fwd), 2, nil
		}
		if dir == futureDate {
			return today.AddDate(0, 0, (int(wd)-int(today.Weekday())+7)%7), 2, nil
		}
		return today.AddDate(0, 0, -back), 2, nil
	case third == "ago" && (numberRE.MatchString(tok) || tok == "a" || tok == "an" || tok == "one" || tok == "two" || tok == "three"),
		next == "ago" && (tok == "fortnight" || tok == "week"):
		n, unit := tok, next
		used := 3
		if next == "ago" { // "fortnight ago", "week ago"
			n, unit, used = "1", tok, 2
		}
		count, err := strconv.Atoi(n)
		switch n {
		case "a", "one", "an":
			count, err = 1, nil
		case "two":
			count, err = 2, nil
		case "three":
			count, err = 3, nil
		}
		if err != nil || count < 0 {
			return time.Time{}, 0, Userf("I couldn't read %q as a date. Try \"3 days ago\" or %s.", strings.Join(words[:used], " "), example.Format(dateFmt))
		}
		days := 0
		switch strings.TrimSuffix(unit, "s") {
		case "day":
			days = count
		case "week", "wk":
			days = 7 * count
		case "fortnight":
			days = 14 * count
		default:
			return time.Time{}, 0, Userf("I couldn't read %q as a date. Try \"3 days ago\", \"2 weeks ago\" or %s.", strings.Join(words[:used], " "), example.Format(dateFmt))
		}
		return today.AddDate(0, 0, -days), used, nil
	case isoDateRE.MatchString(tok):
		var y, m, d int
		if _, err := fmtSscanDate(tok, &y, &m, &d); err != nil {
			return time.Time{}, 0, Userf("%q isn't a real date. Use YYYY-MM-DD, e.g. %s.", tok, example.Format(dateFmt))
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, today.Location())
		if t.Year() != y || int(t.Month()) != m || t.Day() != d {
			return time.Time{}, 0, Userf("%q isn't a real date. Use YYYY-MM-DD, e.g. %s.", tok, example.Format(dateFmt))
		}
		return t, 1, nil
	case numericDateRE.MatchString(tok):
		return time.Time{}, 0, Userf("I can't tell the day from the month in %q. Use YYYY-MM-DD (e.g. %s) or a month name (e.g. %s).", tok, example.Format(dateFmt), strings.ToLower(example.Format("Jan 2")))
	}
	if m, day, ok := monthDay(tok, next); ok {
		used := 2
		y := today.Year()
		explicitYear := false
		if yearRE.MatchString(third) {
			y, _ = strconv.Atoi(third)
			used, explicitYear = 3, true
		}
		d := time.Date(y, m, day, 0, 0, 0, 0, today.Location())
		if d.Day() != day {
			return time.Time{}, 0, Userf("%s %s isn't a real date. Use YYYY-MM-DD, e.g. %s.", tok, next, example.Format(dateFmt))
		}
		if !explicitYear {
			switch {
			case dir == pastDate && d.After(today): // "dec 30" written in early January
				d = time.Date(y-1, m, day, 0, 0, 0, 0, today.Location())
			case dir == futureDate && d.Before(today): // "jan 1" written in December
				d = time.Date(y+1, m, day, 0, 0, 0, 0, today.Location())
			}
			if d.Day() != day { // 29 Feb in a year without one
				return time.Time{}, 0, Userf("%s %s isn't a real date that year. Use YYYY-MM-DD.", tok, next)
			}
		}
		return d, used, nil
	}
	if _, wd, ok := ParseDay(tok); ok {
		if dir == futureDate {
			return today.AddDate(0, 0, (int(wd)-int(today.Weekday())+7)%7), 1, nil
		}
		return today.AddDate(0, 0, -((int(today.Weekday()) - int(wd) + 7) % 7)), 1, nil
	}
	return time.Time{}, 0, nil
}

// fmtSscanDate splits YYYY-M-D into numbers.
func fmtSscanDate(s string, y, m, d *int) (int, error) {
	parts := strings.Split(s, "-")
	var err error
	for i, p := range []*int{y, m, d} {
		if *p, err = strconv.Atoi(parts[i]); err != nil {
			return i, err
		}
	}
	return 3, nil
}

// monthDay reads "nov 20", "november 20th", "20 nov" or "20th november".
func monthDay(a, b string) (time.Month, int, bool) {
	if m, ok := parseMonth(a); ok {
		if d, ok := parseDayOfMonth(b); ok {
			return m, d, true
		}
	}
	if m, ok := parseMonth(b); ok {
		if d, ok := parseDayOfMonth(a); ok {
			return m, d, true
		}
	}
	return 0, 0, false
}

func parseMonth(s string) (time.Month, bool) {
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		if strings.HasPrefix(full, s) || (s == "sept" && m == time.September) {
			return m, true
		}
	}
	return 0, false
}

func parseDayOfMonth(s string) (int, bool) {
	m := dayOfMonthRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	d, _ := strconv.Atoi(m[1])
	return d, d >= 1 && d <= 31
}

// at is words[i], or "" past the end.
func at(words []string, i int) string {
	if i < len(words) {
		return words[i]
	}
	return ""
}

// civil is midnight of t's date in t's location.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
