package coach

import (
	"fmt"
	"math"
	"time"
)

// Run is one logged run. Date is a civil date (midnight UTC by convention);
// only its year, month and day are used.
type Run struct {
	Date    time.Time
	Meters  float64 // 0 for a run logged by time only
	Seconds int
}

// Load thresholds from coach-rules §2.
const (
	SpikeThreshold    = 0.10 // a run more than 10% longer than the 30-day longest is a spike
	SpikeWindowDays   = 30
	WeekCautionAbove  = 0.10 // week-on-week rise above 10% → caution
	WeekWarningAbove  = 0.30 // above 30% → warning
	ACWRMinHistory    = 28   // days of history before the acute:chronic ratio is shown
	ACWRSteadyLow     = 0.8
	ACWRSteadyHigh    = 1.3
	loadEpsilonMeters = 1e-6 // comparisons are exact to a micrometre, so +10.0% is not "more than 10%"
)

// civil returns t's calendar date as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// WeekStart returns midnight at the start of the Monday-based week holding
// t, in t's location.
func WeekStart(t time.Time) time.Time {
	y, m, d := t.Date()
	offset := (int(t.Weekday()) + 6) % 7 // Monday → 0
	return time.Date(y, m, d-offset, 0, 0, 0, 0, t.Location())
}

// Spike is the single-run spike check of a new run against the previous 30
// days (Garmin-RUNSAFE: the strongest load signal).
type Spike struct {
	Spiked      bool
	PrevLongest float64 // longest run in the 30 days before, metres; 0 = no history
	Ratio       float64 // new run ÷ PrevLongest; 0 when there is no history
	Band        string  // ">10–30%", ">30–100%" or ">100%" when Spiked
	HazardRatio float64 // RUNSAFE hazard rate ratio for Band (1.64, 1.52, 2.28)
	NextCap     float64 // PrevLongest × 1.10: the cap for the next long run
	NewMeters   float64
	Basis       Basis // what PrevLongest comes from (set by CheckRun)
	Days        int   // days of runs before the new one (set by CheckRun)
}

// Spike bands and their RUNSAFE hazard rate ratios (Frandsen et al., BJSM
// 2025).
const (
	Band10to30  = ">10–30%"
	Band30to100 = ">30–100%"
	BandOver100 = ">100%"
)

// SpikeCheck compares newRun with the longest run of the 30 days before it
// (dates newRun.Date−30 … newRun.Date−1, plus other runs the same day). The
// new run itself is left out: if history contains it (same date and
// distance), one copy is skipped. No history → no spike.
func SpikeCheck(history []Run, newRun Run) Spike {
	day := civil(newRun.Date)
	from := day.AddDate(0, 0, -SpikeWindowDays)
	s := Spike{NewMeters: newRun.Meters}
	skipped := false
	for _, r := range history {
		d := civil(r.Date)
		if d.Before(from) || d.After(day) {
			continue
		}
		if !skipped && d.Equal(day) && r.Meters == newRun.Meters {
			skipped = true
			continue
		}
		s.PrevLongest = max(s.PrevLongest, r.Meters)
	}
	if !(s.PrevLongest > 0) {
		s.PrevLongest = 0
		return s
	}
	s.Ratio = newRun.Meters / s.PrevLongest
	s.NextCap = s.PrevLongest * (1 + SpikeThreshold)
	over := newRun.Meters - s.PrevLongest
	switch {
	case over > s.PrevLongest*1.00+loadEpsilonMeters:
		s.Spiked, s.Band, s.HazardRatio = true, BandOver100, 2.28
	case over > s.PrevLongest*0.30+loadEpsilonMeters:
		s.Spiked, s.Band, s.HazardRatio = true, Band30to100, 1.52
	case over > s.PrevLongest*SpikeThreshold+loadEpsilonMeters:
		s.Spiked, s.Band, s.HazardRatio = true, Band10to30, 1.64
	}
	return s
}

// Text renders the spike check for the member in their units. It is empty
// when there is no history to compare with. A run no longer than the
// longest is "well within" (the check is about going past it); the cap
// for the next long run is Load.CapText's to state.
func (s Spike) Text(u Units) string {
	if s.PrevLongest <= 0 {
		return ""
	}
	longest := FormatDistance(s.PrevLongest, u)
	than := "your longest of the last 30 days"
	switch s.Basis {
	case BasisBaseline:
		than = "your longest recent run, baseline included"
	case BasisShort:
		than = fmt.Sprintf("your longest in the %s of runs I have", plural(s.Days, "day"))
	}
	switch {
	case !s.Spiked && s.Ratio <= 1+loadEpsilonMeters/s.PrevLongest:
		return fmt.Sprintf("✅ Well within %s (%s).", than, longest)
	case !s.Spiked:
		return fmt.Sprintf("✅ Within 10%% of %s (%s). Nice and steady.", than, longest)
	}
	pct := int(math.Round((s.Ratio - 1) * 100))
	if s.Basis == BasisShort {
		// A new member's first weeks say little about what they're used to.
		return fmt.Sprintf("ℹ️ That run was %d%% longer than %s (%s). If that's a jump for you: in a study of over 5,000 runners (Garmin-RUNSAFE), single-run jumps of %s came with about %.2f× the overuse-injury rate. If it's normal for you, /settings baseline tells me your usual week and longest run.",
			pct, than, longest, s.Band, s.HazardRatio)
	}
	return fmt.Sprintf("⚠️ That run was %d%% longer than %s (%s). In a study of over 5,000 runners (Garmin-RUNSAFE), single-run jumps of %s came with about %.2f× the overuse-injury rate. After a jump like that, repeating a similar distance for a week or two is the steadier step.",
		pct, than, longest, s.Band, s.HazardRatio)
}

// WeekStatus is the outcome of the week-on-week check.
type WeekStatus string

// Week-on-week outcomes.
const (
	WeekOK      WeekStatus = "ok"
	WeekCaution WeekStatus = "caution" // more than 10% up
	WeekWarning WeekStatus = "warning" // more than 30% up
)

// WeekLoad is the week-on-week distance check (the "10% audit").
type WeekLoad struct {
	Status    WeekStatus
	ThisWeek  float64 // metres
	LastWeek  float64 // metres
	Change    float64 // fractional change (0.15 = +15%); 0 without a basis
	HasBasis  bool    // false when last week had no distance
	Suggested float64 // a steadier target for next week, metres (0 if none)
	// Set by LoadAsOf:
	Start                      time.Time // Monday of the week checked
	ThisTimeOnly, LastTimeOnly int       // seconds of runs logged by time only
	Skipped                    bool      // not compared: time-only runs hide part of the distance
	FromBaseline               bool      // LastWeek is the member's baseline week
}

// WeekCheck compares this week's distance with last week's: caution above
// +10%, warning above +30%. With nothing last week there is no basis and the
// status is ok.
func WeekCheck(thisWeek, lastWeek float64) WeekLoad {
	w := WeekLoad{Status: WeekOK, ThisWeek: thisWeek, LastWeek: lastWeek}
	if !(lastWeek > 0) || math.IsInf(lastWeek, 0) || math.IsNaN(thisWeek) {
		return w
	}
	w.HasBasis = true
	w.Change = thisWeek/lastWeek - 1
	over := thisWeek - lastWeek
	switch {
	case over > lastWeek*WeekWarningAbove+loadEpsilonMeters:
		w.Status = WeekWarning
	case over > lastWeek*WeekCautionAbove+loadEpsilonMeters:
		w.Status = WeekCaution
	}
	if w.Status != WeekOK {
		// The smaller, steadier step from the week before: never the
		// jump itself.
		w.Suggested = lastWeek * (1 + WeekCautionAbove)
	}
	return w
}

// Text renders the week check for the current week.
func (w WeekLoad) Text(u Units) string { return w.TextFor(u, true) }

// TextFor renders the week check in the member's units, honest that the
// 10% figure is a rule of thumb; current says whether the week is this one
// ("This week so far") or a past one ("Week of 16 Nov").
func (w WeekLoad) TextFor(u Units, current bool) string {
	this := FormatDistance(w.ThisWeek, u)
	label, before := "This week", "last week"
	if !current && !w.Start.IsZero() {
		label, before = "Week of "+w.Start.Format("2 Jan"), "the week before"
	}
	if w.Skipped {
		return fmt.Sprintf("%s: %s. Week-on-week not compared: part of the running was logged by time only, so the distances don't tell the whole story (/run edit <id> 5k adds a distance).",
			label, WeekSum{Meters: w.ThisWeek, TimeOnly: w.ThisTimeOnly}.Text(u))
	}
	if !w.HasBasis {
		all := WeekSum{Meters: w.ThisWeek, TimeOnly: w.ThisTimeOnly}.Text(u)
		if current {
			return fmt.Sprintf("This week so far: %s. Nothing logged last week, so no comparison yet.", all)
		}
		return fmt.Sprintf("%s: %s. Nothing logged the week before, so no comparison.", label, all)
	}
	last := FormatDistance(w.LastWeek, u)
	if w.FromBaseline {
		before = "your baseline week"
	}
	pct := int(math.Round(w.Change * 100))
	sign := "+"
	if pct < 0 {
		sign = ""
	}
	step := FormatDistance(w.Suggested, u)
	switch w.Status {
	case WeekWarning:
		return fmt.Sprintf("⚠️ %s %s vs %s %s (%s%d%%). That's a big jump: new runners who raised weekly distance by more than 30%% picked up more injuries like runner's knee and IT band trouble (Nielsen 2014). Ease off for now; a steadier next week is about %s, 10%% over %s — not more than this one.",
			label, this, last, before, sign, pct, step, last)
	case WeekCaution:
		return fmt.Sprintf("🟡 %s %s vs %s %s (%s%d%%). The 10%% rule is only a rule of thumb — studies haven't shown the exact figure protects you — but smaller, steadier steps are kinder to knees: about %s next week rather than more.",
			label, this, last, before, sign, pct, step)
	}
	if pct < 0 {
		return fmt.Sprintf("✅ %s %s vs %s %s (%d%%): a lighter week. Build back in small steps.", label, this, last, before, pct)
	}
	return fmt.Sprintf("✅ %s %s vs %s %s (%s%d%%). Steady — consistency beats big jumps.", label, this, last, before, sign, pct)
}

// WeekTotals sums the runs of the Monday-based week holding asOf (up to and
// including asOf's date) and of the full week before it.
func WeekTotals(history []Run, asOf time.Time) (thisWeek, lastWeek float64) {
	day := civil(asOf)
	start := WeekStart(day)
	prev := start.AddDate(0, 0, -7)
	for _, r := range history {
		d := civil(r.Date)
		switch {
		case !d.Before(start) && !d.After(day):
			thisWeek += r.Meters
		case !d.Before(prev) && d.Before(start):
			lastWeek += r.Meters
		}
	}
	return thisWeek, lastWeek
}

// ACWR is the acute:chronic workload ratio as of asOf's date: the distance
// of the last 7 days (asOf and the 6 days before) ÷ the weekly average of
// the last 28 days. ok is false until the first run is at least 28 days
// before asOf, or when the 28-day total is zero. It is context only, never
// the basis of a warning.
func ACWR(history []Run, asOf time.Time) (ratio float64, ok bool) {
	day := civil(asOf)
	acuteFrom := day.AddDate(0, 0, -6)
	chronicFrom := day.AddDate(0, 0, -(ACWRMinHistory - 1))
	first := time.Time{}
	var acute, chronic float64
	for _, r := range history {
		d := civil(r.Date)
		if d.After(day) {
			continue
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if !d.Before(chronicFrom) {
			chronic += r.Meters
			if !d.Before(acuteFrom) {
				acute += r.Meters
			}
		}
	}
	if first.IsZero() || first.After(day.AddDate(0, 0, -ACWRMinHistory)) || !(chronic > 0) {
		return 0, false
	}
	return acute / (chronic / 4), true
}

// ACWRText renders the ratio as context, with the caveat that it is a weak
// predictor.
func ACWRText(r float64) string {
	var word string
	switch {
	case r < ACWRSteadyLow:
		word = "lighter than your usual"
	case r > ACWRSteadyHigh:
		word = "busier than your usual"
	default:
		word = "steady (0.8–1.3)"
	}
	return fmt.Sprintf("📊 Last 7 days vs your 4-week average: %.2f — %s. Just context: on its own this ratio is a poor predictor of injury.", r, word)
}
