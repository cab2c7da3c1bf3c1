package commands

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
)

// Limits of a believable run.
const (
	maxRunMeters = 250_000
	maxDaysBack  = 14
)

// runArgs is a parsed /run.
type runArgs struct {
	Meters  int64
	Seconds int
	Cadence int
	Date    time.Time // local civil date at midnight in the member's zone
	Notes   string
}

var (
	clockDurRE      = regexp.MustCompile(`^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$`)
	unitDurRE       = regexp.MustCompile(`^(?:(\d+(?:\.\d+)?)h(?:rs?|ours?)?)?(?:(\d+(?:\.\d+)?)(?:m|mins?|minutes?))?(?:(\d+)(?:s|secs?|seconds?))?$`)
	cadenceRE       = regexp.MustCompile(`^(\d{2,3})(?:spm|steps?/?min|cad)$`)
	isoDateRE       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	numberRE        = regexp.MustCompile(`^-?\d+(?:[.,]\d+)?$`)
	leadingNumberRE = regexp.MustCompile(`^\d*[.,]?\d+`)
	numericDateRE   = regexp.MustCompile(`^\d{1,2}/\d{1,2}(?:/(?:\d{2}|\d{4}))?$|^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$`)
	dayOfMonthRE    = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)
)

// minuteWords follow a bare number to make it a duration ("32 min").
var minuteWords = map[string]bool{"min": true, "mins": true, "minute": true, "minutes": true}

// parseRunArgs reads "<distance> [duration] [cadence] [when] [notes]".
// now is in the member's zone; units read bare numbers.
func parseRunArgs(args string, now time.Time, units coach.Units) (runArgs, error) {
	toks := strings.Fields(args)
	if len(toks) == 0 {
		return runArgs{}, userErr("Tell me how far you ran, e.g. /run 5k.")
	}
	// The distance is the first token, or the first two when the second is
	// a unit ("8 km", "3.1 miles").
	dist := toks[0]
	rest := toks[1:]
	if len(rest) > 0 {
		if _, ok := coach.ParseUnits(rest[0]); ok && numberRE.MatchString(dist) {
			dist += " " + rest[0]
			rest = rest[1:]
		} else if strings.EqualFold(dist, "half") && strings.EqualFold(rest[0], "marathon") {
			dist += " marathon"
			rest = rest[1:]
		}
	}
	if strings.HasPrefix(dist, "-") {
		return runArgs{}, userErr("A run can't be a negative distance. Try /run 5k.")
	}
	meters, err := coach.ParseDistanceDefault(dist, units)
	if err != nil {
		if lead := leadingNumberRE.FindString(dist); lead != "" {
			if v, _ := strconv.ParseFloat(strings.ReplaceAll(lead, ",", "."), 64); v == 0 {
				return runArgs{}, userErr("A run of zero doesn't need logging 🙂 Try /run 5k.")
			}
		}
		if _, isDur := parseDuration(strings.ToLower(dist)); isDur && len(rest) > 0 {
			return runArgs{}, Userf("Put the distance first, then the time: /run %s %s.", truncate(strings.Join(rest, " "), 30), dist)
		}
		if errors.Is(err, coach.ErrDistanceRange) {
			return runArgs{}, Userf("%q doesn't look like a run distance. Runs up to %d km can be logged.", truncate(dist, 20), maxRunMeters/1000)
		}
		return runArgs{}, Userf("I couldn't read %q as a distance. Try 5k, 8 km, 3.1mi or 800m.", truncate(dist, 20))
	}
	if meters > maxRunMeters {
		return runArgs{}, Userf("%s is more than I can log for one run (the limit is %d km). Did you mean something shorter?", coach.FormatDistance(meters, units), maxRunMeters/1000)
	}
	ra := runArgs{Meters: int64(meters + 0.5), Date: civil(now)}
	if ra.Meters <= 0 {
		return runArgs{}, userErr("That's too short to log. Try /run 5k.")
	}
	seenDur, seenCad, seenWhen := false, false, false
	for i := 0; i < len(rest); i++ {
		tok := strings.ToLower(strings.TrimRight(rest[i], ",;"))
		next := ""
		if i+1 < len(rest) {
			next = strings.ToLower(rest[i+1])
		}
		if !seenDur {
			if tok == "in" && next != "" { // "in 25 mins", "in 24:30"
				if s, ok := parseDuration(next); ok {
					ra.Seconds, seenDur = s, true
					i++
					continue
				}
				if i+2 < len(rest) && numberRE.MatchString(next) && minuteWords[strings.ToLower(rest[i+2])] {
					if s, ok := parseDuration(next + "m"); ok {
						ra.Seconds, seenDur = s, true
						i += 2
						continue
					}
				}
			}
			if s, ok := parseDuration(tok); ok {
				ra.Seconds, seenDur = s, true
				continue
			}
			if minuteWords[next] && numberRE.MatchString(tok) {
				if s, ok := parseDuration(tok + "m"); ok {
					ra.Seconds, seenDur = s, true
					i++
					continue
				}
			}
		}
		if !seenCad {
			if m := cadenceRE.FindStringSubmatch(tok); m != nil {
				ra.Cadence, _ = strconv.Atoi(m[1])
				seenCad = true
				continue
			}
			if next == "spm" && numberRE.MatchString(tok) {
				ra.Cadence, _ = strconv.Atoi(tok)
				seenCad = true
				i++
				continue
			}
		}
		if !seenWhen {
			words := make([]string, 0, 3)
			for _, w := range rest[i:min(i+3, len(rest))] {
				words = append(words, strings.ToLower(strings.TrimRight(w, ",;")))
			}
			d, used, err := parseWhen(words, now)
			if err != nil {
				return runArgs{}, err
			}
			if used > 0 {
				ra.Date, seenWhen = d, true
				i += used - 1
				continue
			}
		}
		ra.Notes = strings.Join(rest[i:], " ")
		break
	}
	if ra.Cadence != 0 && !coach.ValidCadence(ra.Cadence) {
		return runArgs{}, Userf("%d steps per minute doesn't look right; most runners are between 150 and 200.", ra.Cadence)
	}
	if ra.Seconds > 0 {
		pace := float64(ra.Seconds) / (float64(ra.Meters) / 1000)
		if pace < 100 { // faster than 1:40 per km: a world record is ~2:30
			return runArgs{}, Userf("%s in %s would beat every world record — check the distance and time?", coach.FormatDistance(float64(ra.Meters), units), formatDuration(ra.Seconds))
		}
	}
	return ra, nil
}

// parseDuration reads "28:30", "1:05:30", "45m", "45min", "1h10m", "1h", "90s".
func parseDuration(s string) (int, bool) {
	if m := clockDurRE.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		ss, _ := strconv.Atoi(m[3])
		if ss >= 60 || (m[1] != "" && mm >= 60) {
			return 0, false
		}
		total := h*3600 + mm*60 + ss
		return total, total > 0 && total < 48*3600
	}
	if s == "" || !strings.ContainsAny(s, "hms") {
		return 0, false
	}
	m := unitDurRE.FindStringSubmatch(s)
	if m == nil || (m[1] == "" && m[2] == "" && m[3] == "") {
		return 0, false
	}
	h, _ := strconv.ParseFloat(m[1], 64)
	mm, _ := strconv.ParseFloat(m[2], 64)
	ss, _ := strconv.Atoi(m[3])
	total := int(h*3600 + mm*60 + float64(ss) + 0.5)
	return total, total > 0 && total < 48*3600
}

// parseWhen reads when a run was from the start of words (lower case, up
// to three): today, yesterday, last night, a weekday ("sat", "last sat": the
// most recent one, today included), "3 days ago", a day and month ("nov 20",
// "20th nov") or an ISO date, up to 14 days back. It returns how many words
// it used (0: not a date). Numeric dates like 20/11 are refused rather than
// guessed, since day and month order differ between countries.
func parseWhen(words []string, now time.Time) (time.Time, int, error) {
	today := civil(now)
	tok, next, third := at(words, 0), at(words, 1), at(words, 2)
	var d time.Time
	used := 1
	switch {
	case tok == "today":
		d = today
	case tok == "tomorrow" || tok == "tmrw":
		d = today.AddDate(0, 0, 1)
	case tok == "yesterday" || tok == "yday":
		d = today.AddDate(0, 0, -1)
	case tok == "last" && next == "night":
		d, used = today.AddDate(0, 0, -1), 2
	case tok == "last":
		_, wd, ok := ParseDay(next)
		if !ok {
			return time.Time{}, 0, nil
		}
		back := (int(today.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		d, used = today.AddDate(0, 0, -back), 2
	case (next == "day" || next == "days") && third == "ago":
		n, err := strconv.Atoi(tok)
		if tok == "a" || tok == "one" {
			n, err = 1, nil
		}
		if err != nil || n < 0 {
			return time.Time{}, 0, nil
		}
		if n > maxDaysBack {
			return time.Time{}, 0, Userf("%d days ago is more than %d days back; I can only log runs from the last two weeks.", n, maxDaysBack)
		}
		d, used = today.AddDate(0, 0, -n), 3
	case isoDateRE.MatchString(tok):
		t, err := time.ParseInLocation("2006-01-02", tok, now.Location())
		if err != nil {
			return time.Time{}, 0, Userf("%q isn't a real date. Use YYYY-MM-DD, e.g. %s.", tok, today.AddDate(0, 0, -1).Format("2006-01-02"))
		}
		d = t
	case numericDateRE.MatchString(tok):
		return time.Time{}, 0, Userf("I can't tell the day from the month in %q. Use YYYY-MM-DD, e.g. /run 5k %s, or a day name like sat.", tok, today.AddDate(0, 0, -1).Format("2006-01-02"))
	default:
		if m, day, ok := monthDay(tok, next); ok {
			y := today.Year()
			if m > today.Month() { // "dec 30" written in early January
				y--
			}
			d = time.Date(y, m, day, 0, 0, 0, 0, now.Location())
			if d.Day() != day {
				return time.Time{}, 0, Userf("%s %s isn't a real date. Use YYYY-MM-DD, e.g. %s.", tok, next, today.AddDate(0, 0, -1).Format("2006-01-02"))
			}
			used = 2
			break
		}
		_, wd, ok := ParseDay(tok)
		if !ok {
			return time.Time{}, 0, nil
		}
		d = today.AddDate(0, 0, -((int(today.Weekday()) - int(wd) + 7) % 7))
	}
	if d.After(today) {
		return time.Time{}, 0, Userf("%s is in the future — log runs once you've done them.", d.Format("Mon 2 Jan"))
	}
	if today.Sub(d) > maxDaysBack*24*time.Hour+2*time.Hour { // slack for DST
		return time.Time{}, 0, Userf("%s is more than %d days ago; I can only log runs from the last two weeks.", d.Format("Mon 2 Jan 2006"), maxDaysBack)
	}
	return d, used, nil
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

func formatDuration(sec int) string {
	h, m, s := sec/3600, sec%3600/60, sec%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// formatPace is time per unit: "5:42 /km".
func formatPace(sec int, meters int64, u coach.Units) string {
	per := float64(sec) / (float64(meters) / u.Meters())
	p := int(per + 0.5)
	return fmt.Sprintf("%d:%02d /%s", p/60, p%60, u)
}
