package commands

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/training"
)

// Limits of a believable run.
const (
	maxRunMeters  = training.MaxRunMeters
	maxDaysBack   = 14
	maxRunSeconds = 48 * 3600
	fastestPace   = training.FastestPace
	slowestPace   = training.SlowestPace
	ambiguousMmin = 100 // "45m" below this is minutes (no run is under 100 metres)
	ambiguousMmax = 400 // "800m" from this up is metres; in between ask
	maxNotesRunes = 300 // notes are a reminder, not a diary
	runForm       = "/run <distance and/or time> [pace] [cadence] [when] [-- notes]"
)

// runArgs is a parsed /run.
type runArgs struct {
	Meters  int64 // 0 for a time-only run
	Seconds int
	Cadence int
	Date    time.Time // local civil date at midnight in the member's zone
	Notes   string
	// What was said, for /run edit.
	DateGiven, NotesGiven bool
}

var (
	clockRE         = regexp.MustCompile(`^\d+:\d+(?::\d+)?$`)
	clockDurRE      = regexp.MustCompile(`^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$`)
	unitDurRE       = regexp.MustCompile(`^(?:(\d+(?:\.\d+)?)h(?:rs?|ours?)?)?(?:(\d+(?:\.\d+)?)(?:m|mins?|minutes?))?(?:(\d+)(?:s|secs?|seconds?))?$`)
	cadenceRE       = regexp.MustCompile(`^(\d+)(?:spm|steps?/?min|cad)$`)
	numberRE        = regexp.MustCompile(`^-?\d+(?:[.,]\d+)?$`)
	bareMRE         = regexp.MustCompile(`^(\d+(?:\.\d+)?)m$`)
	paceRE          = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:min)?(?:/|per)?(km|k|mi|mile)?$`)
	glueUnitRE      = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)([a-z]+)$`)
	leadingNumberRE = regexp.MustCompile(`^\d*[.,]?\d+`)
	timeWordSec     = map[string]int{
		"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
		"min": 60, "mins": 60, "minute": 60, "minutes": 60,
		"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
	}
	// fillers join the parts of a run in everyday wording ("in 25 min",
	// "on sat", "at 5:30/km") and carry no meaning of their own.
	fillers = map[string]bool{"in": true, "on": true, "at": true, "for": true, "and": true, "ran": true, "of": true, "a": true}
	// runKinds are words the parser reads as notes by design: what kind of
	// run it was. They are echoed in the reply like any note.
	runKinds = map[string]bool{
		"easy": true, "tempo": true, "parkrun": true, "long": true, "recovery": true, "interval": true, "intervals": true,
		"race": true, "trail": true, "hills": true, "hill": true, "treadmill": true, "track": true, "fartlek": true,
		"steady": true, "progression": true, "commute": true, "club": true, "group": true, "threshold": true,
		"speed": true, "jog": true, "run": true, "workout": true, "strides": true, "repeats": true, "reps": true,
	}
)

// parseRunArgs reads a /run: a distance and/or a duration, a pace, a
// cadence and a date in any order, plus notes marked by quotes, "--" or "#".
// now is in the member's zone; units read bare numbers. Every word must be
// understood: anything else is refused with the words it did not read and
// the form, so nothing is ever stored on a guess.
func parseRunArgs(args string, now time.Time, units coach.Units) (runArgs, error) {
	ra, err := parseRunFields(args, now, units)
	if err != nil {
		return runArgs{}, err
	}
	if ra.Meters <= 0 && ra.Seconds <= 0 {
		return runArgs{}, Userf("Tell me how far or how long you ran, e.g. /run 5k or /run 30 min.\nThe form: %s", runForm)
	}
	return ra, nil
}

// parseRunFields reads whatever parts of a run are given (for /run edit,
// any of them alone).
func parseRunFields(args string, now time.Time, units coach.Units) (runArgs, error) {
	body, notes := splitNotes(args)
	toks := strings.Fields(body)
	if len(toks) == 0 && notes == "" {
		return runArgs{}, userErr("Tell me how far or how long you ran, e.g. /run 5k or /run 30 min.")
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = strings.ToLower(strings.Trim(t, ",;!?()"))
	}
	today := civil(now)
	var (
		ra       = runArgs{Date: today}
		meters   float64
		distText string
		paceSec  float64 // seconds per metre
		seenDate bool
		kinds    []string
		unknown  []string
		maybeM   []string // "150m": minutes or metres, decided once the rest is read
	)
	setDist := func(m float64, text string) error {
		if distText != "" {
			return Userf("That has two distances (%s and %s). One run at a time: %s", distText, text, runForm)
		}
		meters, distText = m, text
		return nil
	}
	setDur := func(s int, text string) error {
		if ra.Seconds > 0 {
			return Userf("That has two times (%s and %s). Give the run's total time once, e.g. 28:30 or 45 min.", formatDuration(ra.Seconds), text)
		}
		ra.Seconds = s
		return nil
	}
	for i := 0; i < len(words); i++ {
		w, next := words[i], at(words, i+1)
		if w == "" {
			continue
		}
		if strings.HasPrefix(w, "-") && len(w) > 1 && unicode.IsDigit(rune(w[1])) {
			return runArgs{}, userErr("A run can't be a negative distance or time. Try /run 5k.")
		}
		// A date: up to three words.
		if d, used, err := readDate(words[i:min(i+3, len(words))], today, pastDate); err != nil {
			return runArgs{}, err
		} else if used > 0 {
			if seenDate {
				return runArgs{}, Userf("That has two dates. Give one, e.g. /run 5k yesterday.")
			}
			ra.Date, seenDate = d, true
			i += used - 1
			continue
		}
		// A pace: "4:30/km", "4:30 /km", "4:30 per km", "4:30 min/km".
		if m := paceRE.FindStringSubmatch(w); m != nil && (m[3] != "" || strings.HasPrefix(next, "/") || next == "per" || next == "min/km" || next == "min/mi") {
			unit := m[3]
			if unit == "" {
				switch {
				case next == "per":
					unit = at(words, i+2)
					i += 2
				default:
					unit = strings.TrimPrefix(strings.TrimPrefix(next, "min"), "/")
					i++
				}
			}
			per, ok := paceUnit(unit)
			mm, _ := strconv.Atoi(m[1])
			ss, _ := strconv.Atoi(m[2])
			if !ok || ss >= 60 || mm*60+ss == 0 {
				return runArgs{}, Userf("I couldn't read %q as a pace. Write it like 5:30/km or 8:45/mi.", truncate(w+" "+unit, 20))
			}
			paceSec = float64(mm*60+ss) / per
			continue
		}
		// A duration.
		if s, ok := parseDuration(w); ok {
			if err := setDur(s, w); err != nil {
				return runArgs{}, err
			}
			// "1h 10m": the minutes belong to the hours.
			if s%3600 == 0 && i+1 < len(words) {
				if s2, ok := parseDuration(next); ok && s2 < 3600 && !clockRE.MatchString(next) {
					ra.Seconds += s2
					i++
				} else if g := bareMRE.FindStringSubmatch(next); g != nil {
					if v, _ := strconv.ParseFloat(g[1], 64); v < 60 {
						ra.Seconds += int(v*60 + 0.5)
						i++
					}
				}
			}
			continue
		}
		if clockRE.MatchString(w) {
			return runArgs{}, Userf("%q isn't a time I can read: write minutes:seconds or hours:minutes:seconds, with minutes and seconds from 00 to 59 (e.g. 28:30 or 1:05:30).", truncate(w, 20))
		}
		if numberRE.MatchString(w) {
			if mult, ok := timeWordSec[next]; ok { // "30 min", "1.5 hours"
				v, _ := strconv.ParseFloat(strings.ReplaceAll(w, ",", "."), 64)
				s := int(v*float64(mult) + 0.5)
				if !(s > 0) || s >= maxRunSeconds {
					return runArgs{}, Userf("%s %s doesn't look like a run's time. Runs up to 48 hours can be logged.", w, next)
				}
				if err := setDur(s, w+" "+next); err != nil {
					return runArgs{}, err
				}
				i++
				// "1 hour 10 min"
				if mult == 3600 && numberRE.MatchString(at(words, i+1)) && timeWordSec[at(words, i+2)] == 60 {
					v2, _ := strconv.ParseFloat(at(words, i+1), 64)
					ra.Seconds += int(v2*60 + 0.5)
					i += 2
				}
				continue
			}
			if strings.TrimSuffix(next, "s") == "day" || strings.TrimSuffix(next, "s") == "week" {
				return runArgs{}, Userf("%s %s — when was that? Write it as %s %s ago, or name the day (sat, yesterday).", w, next, w, next)
			}
			if next == "spm" || next == "cadence" || next == "steps/min" {
				if err := setCadence(&ra, w); err != nil {
					return runArgs{}, err
				}
				i++
				continue
			}
		}
		if m := cadenceRE.FindStringSubmatch(w); m != nil {
			if err := setCadence(&ra, m[1]); err != nil {
				return runArgs{}, err
			}
			continue
		}
		if w == "cadence" && numberRE.MatchString(next) {
			if err := setCadence(&ra, next); err != nil {
				return runArgs{}, err
			}
			i++
			continue
		}
		// "45m": minutes or metres; decided below.
		if bareMRE.MatchString(w) || (numberRE.MatchString(w) && next == "m") {
			if next == "m" {
				w += "m"
				i++
			}
			maybeM = append(maybeM, w)
			continue
		}
		// A distance: "5k", "8 km", "3.1 miles", "half marathon", a bare number.
		if m, text, used, err := readDistance(words[i:], units); err != nil {
			return runArgs{}, err
		} else if used > 0 {
			if text == "parkrun" && distText != "" { // "5k parkrun": the kind of run
				kinds = append(kinds, w)
				continue
			}
			if err := setDist(m, text); err != nil {
				return runArgs{}, err
			}
			i += used - 1
			continue
		}
		if runKinds[w] {
			kinds = append(kinds, w)
			continue
		}
		if fillers[w] && i+1 < len(words) {
			continue
		}
		unknown = append(unknown, toks[i])
	}
	if len(unknown) > 0 {
		quoted := make([]string, len(unknown))
		for i, u := range unknown {
			quoted[i] = strconv.Quote(truncate(u, 20))
		}
		return runArgs{}, Userf("I didn't understand %s. Notes go in quotes or after -- (e.g. /run 5k 25:00 -- %s).\nThe form: %s",
			strings.Join(quoted, ", "), truncate(strings.Join(unknown, " "), 30), runForm)
	}
	for _, w := range maybeM {
		v, _ := strconv.ParseFloat(strings.TrimSuffix(w, "m"), 64)
		switch {
		case distText != "" || v < ambiguousMmin:
			// With a distance given, or too short to be metres: minutes.
			if err := setDur(int(v*60+0.5), w); err != nil {
				return runArgs{}, err
			}
		case ra.Seconds > 0 || v >= ambiguousMmax:
			if err := setDist(v, fmt.Sprintf("%g metres", v)); err != nil {
				return runArgs{}, err
			}
		default:
			return runArgs{}, Userf("Is %s minutes or metres? Write %g min or %g metres.", w, v, v)
		}
	}
	if meters > maxRunMeters {
		return runArgs{}, Userf("%s is more than I can log for one run (the limit is %d km). Did you mean something shorter?", coach.FormatDistance(meters, units), maxRunMeters/1000)
	}
	switch {
	case paceSec > 0 && meters > 0 && ra.Seconds > 0:
		if got := float64(ra.Seconds) / meters; math.Abs(got/paceSec-1) > 0.05 {
			return runArgs{}, Userf("%s in %s is %s, not the pace you gave. Give two of distance, time and pace.", coach.FormatDistance(meters, units), formatDuration(ra.Seconds), formatPace(ra.Seconds, int64(meters), units))
		}
	case paceSec > 0 && meters > 0:
		ra.Seconds = int(paceSec*meters + 0.5)
	case paceSec > 0 && ra.Seconds > 0:
		meters = float64(ra.Seconds) / paceSec
	case paceSec > 0:
		return runArgs{}, Userf("A pace alone doesn't tell me how far or how long. Add the distance or the time, e.g. /run 5k 5:30/km.")
	}
	ra.Meters = int64(meters + 0.5)
	ra.DateGiven, ra.NotesGiven = seenDate, notes != "" || len(kinds) > 0
	if ra.Seconds > 0 && ra.Meters > 0 {
		pace := float64(ra.Seconds) / (float64(ra.Meters) / 1000)
		if pace < fastestPace {
			return runArgs{}, Userf("%s in %s would beat every world record — check the distance and time?", coach.FormatDistance(float64(ra.Meters), units), formatDuration(ra.Seconds))
		}
		if pace > slowestPace {
			return runArgs{}, Userf("%s in %s is slower than 30 min per km — check the distance and time?", coach.FormatDistance(float64(ra.Meters), units), formatDuration(ra.Seconds))
		}
	}
	if ra.Date.After(today) {
		return runArgs{}, Userf("%s is in the future — log runs once you've done them.", ra.Date.Format("Mon 2 Jan"))
	}
	if today.Sub(ra.Date) > maxDaysBack*24*time.Hour+2*time.Hour { // slack for DST
		return runArgs{}, Userf("%s is more than %d days ago; I can only log runs from the last two weeks.", ra.Date.Format("Mon 2 Jan 2006"), maxDaysBack)
	}
	ra.Notes = strings.TrimSpace(strings.Join(append(kinds, notes), " "))
	return ra, nil
}

func setCadence(ra *runArgs, s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || !coach.ValidCadence(n) {
		return Userf("%s steps per minute isn't a running cadence I can log: it goes from %d to %d (most runners are between 150 and 200).", truncate(s, 10), coach.MinCadence, coach.MaxCadence)
	}
	if ra.Cadence != 0 {
		return Userf("That has two cadences. Give one, e.g. 172spm.")
	}
	ra.Cadence = n
	return nil
}

func paceUnit(u string) (float64, bool) {
	switch u {
	case "km", "k":
		return 1000, true
	case "mi", "mile":
		return coach.MetersPerMile, true
	}
	return 0, false
}

// readDistance reads a distance at the start of words: "5k", "3.1mi",
// "8 km", "3.1 miles", "half marathon", "marathon", "parkrun" or a bare
// number in the member's units. used is 0 when the words are not a
// distance.
func readDistance(words []string, units coach.Units) (float64, string, int, error) {
	w, next := at(words, 0), at(words, 1)
	text, used := w, 1
	switch {
	case w == "half" && (next == "marathon" || next == "mara"):
		text, used = "half marathon", 2
	case w == "half", w == "marathon", w == "parkrun", w == "hm":
	case numberRE.MatchString(w):
		if _, ok := coach.ParseUnits(next); ok && next != "metric" && next != "imperial" {
			text, used = w+" "+next, 2
		} else if next == "metres" || next == "meters" || next == "metre" || next == "meter" {
			text, used = w+" "+next, 2
		} else if strings.HasPrefix(w, "0") && !strings.ContainsAny(w, ".,") && w != "0" {
			return 0, "", 0, nil
		}
	default:
		g := glueUnitRE.FindStringSubmatch(w)
		if g == nil {
			return 0, "", 0, nil
		}
		if _, ok := timeWordSec[g[2]]; ok {
			return 0, "", 0, nil
		}
	}
	m, err := coach.ParseDistanceDefault(text, units)
	if err != nil {
		if g := glueUnitRE.FindStringSubmatch(text); g != nil && !numberRE.MatchString(text) {
			if _, known := coach.ParseUnits(g[2]); !known {
				return 0, "", 0, nil // "5x400", "3rd": not a distance
			}
		}
		if lead := leadingNumberRE.FindString(text); lead != "" {
			if v, _ := strconv.ParseFloat(strings.ReplaceAll(lead, ",", "."), 64); v == 0 {
				return 0, "", 0, userErr("A run of zero doesn't need logging 🙂 Try /run 5k.")
			}
		}
		return 0, "", 0, Userf("%q doesn't look like a run distance. Runs up to %d km can be logged: try 5k, 8 km or 3.1mi.", truncate(text, 20), maxRunMeters/1000)
	}
	return m, text, used, nil
}

// splitNotes takes the runner's notes out of a /run: quoted text anywhere,
// and everything after a "--", "—" (what phones make of a typed "--") or
// "#". Control characters, NUL bytes
// and replacement characters are dropped from the notes.
func splitNotes(args string) (body, notes string) {
	var parts []string
	var b strings.Builder
	inQuote := false
	var cur strings.Builder
	rs := []rune(args)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '"' || c == '“' || c == '”' || c == '„':
			if inQuote {
				parts = append(parts, cur.String())
				cur.Reset()
			}
			inQuote = !inQuote
		case inQuote:
			cur.WriteRune(c)
		case c == '#' || c == '—' || (c == '-' && i+1 < len(rs) && rs[i+1] == '-' && (i == 0 || unicode.IsSpace(rs[i-1]))):
			if c == '-' {
				i++
			}
			parts = append(parts, string(rs[i+1:]))
			i = len(rs)
		default:
			b.WriteRune(c)
		}
	}
	if inQuote {
		parts = append(parts, cur.String())
	}
	return b.String(), cleanNotes(strings.Join(parts, " "))
}

// cleanNotes keeps printable text only, on one line, and not too long.
func cleanNotes(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == unicode.ReplacementChar, r == 0:
			return -1
		case unicode.IsControl(r), unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > maxNotesRunes {
		s = string(rs[:maxNotesRunes]) + "…"
	}
	return s
}

// parseDuration reads "28:30", "1:05:30", "45min", "1h10m", "1h", "90s".
// A bare "45m" is not read here: it could be metres (parseRunArgs decides).
func parseDuration(s string) (int, bool) {
	if m := clockDurRE.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		ss, _ := strconv.Atoi(m[3])
		if ss >= 60 || (m[1] != "" && mm >= 60) {
			return 0, false
		}
		total := h*3600 + mm*60 + ss
		return total, total > 0 && total < maxRunSeconds
	}
	if s == "" || !strings.ContainsAny(s, "hms") || bareMRE.MatchString(s) {
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
	return total, total > 0 && total < maxRunSeconds
}

func formatDuration(sec int) string {
	h, m, s := sec/3600, sec%3600/60, sec%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// formatMinutes is a duration as runners say it: "30 min", "1 h 05 min".
func formatMinutes(sec int) string {
	m := (sec + 30) / 60
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// formatPace is time per unit: "5:42 /km".
func formatPace(sec int, meters int64, u coach.Units) string {
	per := float64(sec) / (float64(meters) / u.Meters())
	p := int(per + 0.5)
	return fmt.Sprintf("%d:%02d /%s", p/60, p%60, u)
}
