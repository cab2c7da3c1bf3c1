package coach

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestLoadAsOfCapAndBasis(t *testing.T) {
	t.Parallel()
	asOf := day(2026, 11, 25)
	runs := []Run{{Date: day(2026, 11, 25), Meters: 8000}, {Date: day(2026, 11, 25), Meters: 10000}}
	l := LoadAsOf(runs, asOf, Baseline{})
	if l.Basis != BasisShort || l.Days != 1 || l.Longest != 10000 || l.NextCap != 11000 {
		t.Errorf("two runs today: %+v", l)
	}
	if got := l.CapText(KM); !strings.HasPrefix(got, "📏 Next long run: about 11 km at most") || !strings.Contains(got, "1 day of runs") {
		t.Errorf("cap text: %s", got)
	}
	// A baseline stands in until 4 weeks of runs exist, and says so.
	b := Baseline{WeekMeters: 40000, LongestMeters: 16000}
	l = LoadAsOf(runs, asOf, b)
	if l.Basis != BasisBaseline || l.Longest != 16000 || !strings.Contains(l.CapText(KM), "baseline") {
		t.Errorf("with a baseline: %+v %s", l, l.CapText(KM))
	}
	// 29 days of runs: history rules, the baseline is no longer used.
	old := append([]Run{{Date: asOf.AddDate(0, 0, -28), Meters: 5000}}, runs...)
	if l = LoadAsOf(old, asOf, b); l.Basis != BasisHistory || l.Longest != 10000 {
		t.Errorf("with 4 weeks of runs: %+v", l)
	}
	// As of an earlier date, later runs don't exist.
	if l = LoadAsOf(runs, asOf.AddDate(0, 0, -1), Baseline{}); l.Basis != BasisNone || l.NextCap != 0 || l.CapText(KM) != "" {
		t.Errorf("as of yesterday: %+v", l)
	}
	// The 30-day window: a run 30 days back is out of the cap's window.
	if l = LoadAsOf([]Run{{Date: asOf.AddDate(0, 0, -30), Meters: 20000}, {Date: asOf, Meters: 5000}}, asOf, Baseline{}); l.Longest != 5000 {
		t.Errorf("30 days back counted: %+v", l)
	}
}

// A spike check's "previous longest" and the cap stated the day before are
// one model: a run is a spike exactly when it goes past the cap.
func TestCheckRunAgreesWithTheCap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(14, 14))
	start := day(2026, 9, 1)
	for range 300 {
		var hist []Run
		for range rng.IntN(25) {
			hist = append(hist, Run{Date: start.AddDate(0, 0, rng.IntN(60)), Meters: float64(1000 + rng.IntN(30000))})
		}
		d := start.AddDate(0, 0, 30+rng.IntN(31))
		var before []Run
		for _, r := range hist {
			if r.Date.Before(d) {
				before = append(before, r)
			}
		}
		run := Run{Date: d, Meters: float64(1000 + rng.IntN(40000))}
		s := CheckRun(before, run, Baseline{})
		l := LoadAsOf(before, d.AddDate(0, 0, -1), Baseline{})
		if s.Spiked != (l.NextCap > 0 && run.Meters > l.NextCap+loadEpsilonMeters) {
			t.Fatalf("run %v on %s: spiked=%v but the cap the day before was %v", run.Meters, d.Format(time.DateOnly), s.Spiked, l.NextCap)
		}
	}
}

func TestCheckRunWordsItsBasis(t *testing.T) {
	t.Parallel()
	d := day(2026, 11, 25)
	hist := []Run{{Date: d.AddDate(0, 0, -5), Meters: 10000}}
	half := Run{Date: d, Meters: MetersPerHalf}
	// A new member without a baseline: no alarm about a 2.28× rate as if we knew them.
	got := CheckRun(hist, half, Baseline{}).Text(KM)
	if !strings.HasPrefix(got, "ℹ️") || !strings.Contains(got, "6 days of runs I have") || !strings.Contains(got, "/settings baseline") {
		t.Errorf("new member's half marathon: %s", got)
	}
	// With a baseline of a 20 km long run, a half marathon is within 10%.
	got = CheckRun(hist, half, Baseline{WeekMeters: 50000, LongestMeters: 20000}).Text(KM)
	if !strings.Contains(got, "Within 10%") || !strings.Contains(got, "baseline") {
		t.Errorf("with a baseline: %s", got)
	}
	// A 5k after a 21.1k is "well within", not "within 10%".
	got = CheckRun([]Run{{Date: d.AddDate(0, 0, -2), Meters: MetersPerHalf}}, Run{Date: d, Meters: 5000}, Baseline{}).Text(KM)
	if !strings.Contains(got, "Well within") || strings.Contains(got, "10%") {
		t.Errorf("5k after a half: %s", got)
	}
	// A time-only run is never a spike and says nothing.
	if s := CheckRun(hist, Run{Date: d, Seconds: 9000}, Baseline{}); s.Spiked || s.Text(KM) != "" {
		t.Errorf("time-only run: %+v", s)
	}
}

// Week on week never endorses a spike: the suggested next week is the
// smaller step from the week before, never this week's jump.
func TestWeekAdviceNeverEndorsesASpike(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 4))
	for range 1000 {
		last, this := float64(rng.IntN(100000)), float64(rng.IntN(200000))
		w := WeekCheck(this, last)
		if w.Status != WeekOK && (w.Suggested >= this || w.Suggested > last*1.1+1e-6) {
			t.Fatalf("WeekCheck(%v, %v) suggests %v", this, last, w.Suggested)
		}
	}
	// The +318% week of the issue.
	w := WeekCheck(88300, 21100)
	txt := w.Text(KM)
	if !strings.Contains(txt, "23.2 km") || strings.Contains(txt, "88.3 km next") {
		t.Errorf("+318%%: %s", txt)
	}
}

func TestWeekSkipsWithTimeOnlyRuns(t *testing.T) {
	t.Parallel()
	asOf := day(2026, 11, 25) // a Wednesday
	runs := []Run{{Date: asOf.AddDate(0, 0, -7), Meters: 10000}, {Date: asOf, Meters: 20000}, {Date: asOf, Seconds: 1800}}
	l := LoadAsOf(runs, asOf, Baseline{})
	if !l.Week.Skipped || l.Week.Status != WeekOK {
		t.Fatalf("week with a time-only run: %+v", l.Week)
	}
	if got := l.Week.Text(KM); !strings.Contains(got, "20 km + 30 min by time") || !strings.Contains(got, "not compared") {
		t.Errorf("skip text: %s", got)
	}
	ws := Weeks(runs, asOf, 2)
	if ws[1].Meters != 20000 || ws[1].TimeOnly != 1800 || ws[1].Runs != 2 || ws[0].Meters != 10000 {
		t.Errorf("Weeks = %+v", ws)
	}
	// A past week is named as such.
	if got := LoadAsOf(runs, asOf.AddDate(0, 0, -3), Baseline{}).Week.TextFor(KM, false); !strings.HasPrefix(got, "Week of 16 Nov") {
		t.Errorf("past week: %s", got)
	}
}
