package challenge

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/web"
)

// The words of boards, posts and challenge lines: the service writes the
// scheduled posts, and the router's replies show challenges the same way,
// so both take them from here.

// Describe is a challenge in one line: goal, dates, status
// ("50 km each · 25 Nov → 24 Dec · 30 days left").
func Describe(ch store.Challenge, units coach.Units, today string) string {
	goal := Goal(ch, units) + " each"
	if ch.Team {
		goal = Goal(ch, units) + " together"
	}
	status := ""
	switch {
	case ch.Ended || ch.End < today:
		status = "finished"
	case today < ch.Start:
		status = plural(daily.DaysBetween(today, ch.Start), "day") + " to go before it starts"
	default:
		left := daily.DaysBetween(today, ch.End) + 1
		status = plural(left, "day") + " left"
		if left == 1 {
			status = "last day"
		}
	}
	return fmt.Sprintf("%s · %s → %s · %s", goal, PrettyDate(ch.Start, today), PrettyDate(ch.End, today), status)
}

// Amount formats a board value of ch: "12 h 30 min" or "8.2 km".
func Amount(ch store.Challenge, v int64, units coach.Units) string {
	if Timed(ch) {
		return coach.FormatHours(v)
	}
	return coach.FormatDistance(float64(v), units)
}

// Goal formats ch's goal: "50 h", or a distance in the reader's units,
// rounded as people state goals (whole units from 10 up), and in the unit
// it was set in when that differs: "100 mi (161 km)".
func Goal(ch store.Challenge, units coach.Units) string {
	if Timed(ch) {
		return coach.FormatHours(ch.GoalS)
	}
	show := func(unit coach.Units) string {
		v := float64(ch.GoalM) / unit.Meters()
		if v >= 10 {
			return coach.FormatDistance(float64(int64(v+0.5))*unit.Meters(), unit)
		}
		return coach.FormatDistance(float64(ch.GoalM), unit)
	}
	if setIn := ch.GoalUnit; setIn != "" && setIn != string(units) && (setIn == string(coach.KM) || setIn == string(coach.MI)) {
		return show(coach.Units(setIn)) + " (" + show(units) + ")"
	}
	return show(units)
}

// RunAmount is a run in a few words for board replies: its distance, or
// its time when it has none.
func RunAmount(run store.Run, units coach.Units) string {
	if run.Meters == 0 && run.Seconds > 0 {
		return formatMinutes(run.Seconds)
	}
	return coach.FormatDistance(float64(run.Meters), units)
}

// QuoteName is a challenge's name as a command takes it: in quotes when
// it has spaces.
func QuoteName(name string) string {
	if strings.ContainsAny(name, " \t") {
		return `"` + shown(name) + `"`
	}
	return shown(name)
}

// DisplayName is how boards name a member: their display name, else a
// short form of their id.
func DisplayName(m store.Member, id ids.MemberID) string {
	if n := strings.TrimSpace(m.Name); n != "" {
		return shown(truncate(n, 32))
	}
	if _, local, ok := platforms.SplitID(string(id)); ok {
		return "runner " + truncate(local, 6)
	}
	return "a runner"
}

// PublicName is how the open web sees a member: first name and the
// initial of the last, or web.HiddenName for members who said /settings
// public off (and for names that are handles, not names).
func PublicName(m store.Member) string {
	f := strings.Fields(m.Name)
	if m.HidePublic || len(f) == 0 || strings.HasPrefix(f[0], "@") {
		return web.HiddenName
	}
	name := truncate(f[0], 20)
	if len(f) > 1 {
		if r, _ := utf8.DecodeRuneInString(f[len(f)-1]); unicode.IsLetter(r) {
			name += " " + string(unicode.ToUpper(r)) + "."
		}
	}
	return name
}

// PrettyDate shows "25 Nov", with the year when it isn't this year's.
func PrettyDate(date, today string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	if len(today) >= 4 && date[:4] != today[:4] {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// shown marks member-written text (a challenge or display name) for the
// adapter that shows it, which neutralises its markup, mentions and links.
func shown(s string) string { return platforms.MemberText(s) }

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// formatMinutes is a run's time as boards show it: "45 min", "1 h 05 min".
func formatMinutes(sec int) string {
	m := (sec + 30) / 60
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}
