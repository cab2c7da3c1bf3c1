package coach

import (
	"fmt"
	"math"
	"time"
)

// Baseline is what a new member tells the coach about their usual
// training (/settings baseline 30km 12km): the checks use it until
// BaselineDays of runs exist.
type Baseline struct {
	WeekMeters    float64 // a usual week's distance
	LongestMeters float64 // the longest recent run
}

// Set reports whether the member gave a baseline.
func (b Baseline) Set() bool { return b.WeekMeters > 0 || b.LongestMeters > 0 }

// BaselineDays of history replace a baseline (4 weeks).
const BaselineDays = 28

// Basis says what the load checks compare against.
type Basis int

// The bases of the load checks.
const (
	BasisNone     Basis = iota // no runs and no baseline
	BasisShort                 // under 4 weeks of runs and no baseline: what there is
	BasisBaseline              // under 4 weeks of runs: the member's baseline (and the runs there are)
	BasisHistory               // 4 weeks of runs or more
)

// Load is the one load model every reply reads: the long-run cap, the
// week-on-week check and the acute:chronic context as of one date, from
// one run history. /run and /week both call LoadAsOf, so they can never
// state different caps.
type Load struct {
	AsOf    time.Time // the civil date (UTC midnight)
	Basis   Basis
	Days    int     // days of runs up to AsOf (first run to AsOf, inclusive); 0 with none
	Longest float64 // the longest run of the 30 days up to AsOf (or the baseline's), metres
	NextCap float64 // Longest × 1.1: the next long run's cap; 0 when there is nothing to go on
	Week    WeekLoad
	ACWR    float64 // context only; valid when ACWROK
	ACWROK  bool
}

// LoadAsOf computes the load as of asOf's date from every run up to that
// date (later runs are ignored, so a back-dated check sees only the
// history before it).
func LoadAsOf(history []Run, asOf time.Time, b Baseline) Load {
	day := civil(asOf)
	runs := upTo(history, day)
	l := Load{AsOf: day}
	l.Basis, l.Days = basisAt(runs, day, b)
	from := day.AddDate(0, 0, -(SpikeWindowDays - 1))
	for _, r := range runs {
		if !civil(r.Date).Before(from) {
			l.Longest = max(l.Longest, r.Meters)
		}
	}
	if l.Basis == BasisBaseline {
		l.Longest = max(l.Longest, b.LongestMeters)
	}
	if l.Longest > 0 {
		l.NextCap = l.Longest * (1 + SpikeThreshold)
	}
	l.Week = weekAsOf(runs, day, b, l.Basis)
	l.ACWR, l.ACWROK = ACWR(runs, day)
	return l
}

// CheckRun is the single-run spike check of run against the history
// before it (runs of the 30 days before its date and earlier runs the same
// day; run itself is skipped once if history holds it), with the baseline
// while there are under 4 weeks of runs. Time-only runs are never spikes.
func CheckRun(history []Run, run Run, b Baseline) Spike {
	day := civil(run.Date)
	var before []Run
	skipped := false
	for _, r := range history {
		d := civil(r.Date)
		if d.After(day) {
			continue
		}
		if !skipped && d.Equal(day) && r.Meters == run.Meters && r.Seconds == run.Seconds {
			skipped = true
			continue
		}
		before = append(before, r)
	}
	basis, days := basisAt(before, day, b)
	if basis == BasisBaseline && b.LongestMeters > 0 {
		before = append(before, Run{Date: day, Meters: b.LongestMeters})
	}
	s := SpikeCheck(before, Run{Date: day, Meters: run.Meters})
	s.Basis, s.Days = basis, days
	if !(run.Meters > 0) {
		return Spike{Basis: basis, Days: days}
	}
	return s
}

// basisAt is what the checks compare against on day, given the runs up to
// it.
func basisAt(runs []Run, day time.Time, b Baseline) (Basis, int) {
	var first time.Time
	for _, r := range runs {
		if d := civil(r.Date); !d.After(day) && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	days := 0
	if !first.IsZero() {
		days = int(math.Round(day.Sub(first).Hours()/24)) + 1
	}
	switch {
	case days > BaselineDays:
		return BasisHistory, days
	case b.Set():
		return BasisBaseline, days
	case days > 0:
		return BasisShort, days
	}
	return BasisNone, 0
}

func upTo(history []Run, day time.Time) []Run {
	out := make([]Run, 0, len(history))
	for _, r := range history {
		if !civil(r.Date).After(day) {
			out = append(out, r)
		}
	}
	return out
}

// WeekSum is one Monday-based week's running.
type WeekSum struct {
	Start    time.Time // Monday, UTC midnight
	Meters   float64   // distance of the runs with one
	TimeOnly int       // seconds of the runs logged by time only
	Seconds  int       // seconds of every run with a time
	Runs     int
	Longest  float64
}

// Weeks sums the n Monday-based weeks ending with the one holding asOf
// (up to asOf's date), oldest first: the weekly summary /week shows and
// /run's week line.
func Weeks(history []Run, asOf time.Time, n int) []WeekSum {
	day := civil(asOf)
	start := WeekStart(day)
	out := make([]WeekSum, n)
	for i := range out {
		out[i].Start = start.AddDate(0, 0, -7*(n-1-i))
	}
	for _, r := range history {
		d := civil(r.Date)
		if d.After(day) || d.Before(out[0].Start) {
			continue
		}
		i := int(d.Sub(out[0].Start).Hours()/24+0.5) / 7
		if i < 0 || i >= n {
			continue
		}
		w := &out[i]
		w.Runs++
		w.Seconds += r.Seconds
		if r.Meters > 0 {
			w.Meters += r.Meters
			w.Longest = max(w.Longest, r.Meters)
		} else {
			w.TimeOnly += r.Seconds
		}
	}
	return out
}

// Text is the week's running in words: "8 km", "30 min", "8 km + 30 min
// by time".
func (w WeekSum) Text(u Units) string {
	switch {
	case w.TimeOnly > 0 && w.Meters > 0:
		return FormatDistance(w.Meters, u) + " + " + FormatMinutes(w.TimeOnly) + " by time"
	case w.TimeOnly > 0:
		return FormatMinutes(w.TimeOnly)
	}
	return FormatDistance(w.Meters, u)
}

// FormatMinutes is a duration as runners say it: "30 min", "1 h 05 min".
func FormatMinutes(sec int) string {
	m := (sec + 30) / 60
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// weekAsOf is the week-on-week check of day's week (up to day) against
// the full week before it.
func weekAsOf(runs []Run, day time.Time, b Baseline, basis Basis) WeekLoad {
	ws := Weeks(runs, day, 2)
	last, this := ws[0], ws[1]
	w := WeekCheck(this.Meters, last.Meters)
	w.Start, w.ThisTimeOnly, w.LastTimeOnly = this.Start, this.TimeOnly, last.TimeOnly
	if basis == BasisBaseline && b.WeekMeters > last.Meters {
		w = WeekCheck(this.Meters, b.WeekMeters)
		w.Start, w.ThisTimeOnly, w.LastTimeOnly = this.Start, this.TimeOnly, last.TimeOnly
		w.FromBaseline = true
	}
	hasBasis := w.FromBaseline || last.Meters > 0 || last.TimeOnly > 0
	if hasBasis && (this.TimeOnly > 0 || (last.TimeOnly > 0 && !w.FromBaseline)) {
		w.Status, w.Suggested, w.Skipped = WeekOK, 0, true
	}
	return w
}

// CapText states the next long run's cap, worded the same wherever it is
// shown ("Next long run: about 11 km at most …"); empty without a basis.
func (l Load) CapText(u Units) string {
	if l.NextCap <= 0 {
		return ""
	}
	return fmt.Sprintf("📏 Next long run: about %s at most (10%% over %s).", FormatDistance(l.NextCap, u), l.longestWords(u))
}

func (l Load) longestWords(u Units) string {
	d := FormatDistance(l.Longest, u)
	switch l.Basis {
	case BasisBaseline:
		return fmt.Sprintf("%s, the longest of your recent runs and your baseline — I use your baseline until I have 4 weeks of your runs", d)
	case BasisShort:
		return fmt.Sprintf("%s, your longest in the %s of runs I have so far", d, plural(l.Days, "day"))
	}
	return fmt.Sprintf("%s, your longest of the last 30 days", d)
}

// BasisNote says, once, what the checks are based on while there are under
// 4 weeks of runs; empty otherwise.
func (l Load) BasisNote() string {
	switch l.Basis {
	case BasisShort:
		return fmt.Sprintf("ℹ️ I have %s of your runs so far, so my checks use just those. Tell me your usual week and longest recent run (/settings baseline 30km 12km) and I'll use that until I have 4 weeks.", plural(l.Days, "day"))
	case BasisBaseline:
		return "ℹ️ My checks use your baseline (/settings baseline) until I have 4 weeks of your runs."
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
