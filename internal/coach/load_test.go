package coach

import (
	"math"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestSpikeCheck(t *testing.T) {
	t.Parallel()
	d0 := day(2026, 3, 31)
	hist := []Run{{Date: day(2026, 3, 10), Meters: 10000}, {Date: day(2026, 3, 20), Meters: 8000}}
	tests := []struct {
		name    string
		history []Run
		meters  float64
		spiked  bool
		band    string
		prev    float64
	}{
		{"equal", hist, 10000, false, "", 10000},
		{"+10% exactly is not a spike", hist, 11000, false, "", 10000},
		{"+11% is a spike", hist, 11100, true, Band10to30, 10000},
		{"+30% exactly stays in the first band", hist, 13000, true, Band10to30, 10000},
		{"+31%", hist, 13100, true, Band30to100, 10000},
		{"+100% exactly", hist, 20000, true, Band30to100, 10000},
		{"+101%", hist, 20100, true, BandOver100, 10000},
		{"shorter", hist, 5000, false, "", 10000},
		{"no history", nil, 42195, false, "", 0},
		{"history too old (31 days)", []Run{{Date: d0.AddDate(0, 0, -31), Meters: 10000}}, 20000, false, "", 0},
		{"30 days before counts", []Run{{Date: d0.AddDate(0, 0, -30), Meters: 10000}}, 11100, true, Band10to30, 10000},
		{"future runs ignored", []Run{{Date: d0.AddDate(0, 0, 1), Meters: 50000}, {Date: d0.AddDate(0, 0, -1), Meters: 10000}}, 11100, true, Band10to30, 10000},
		{"the new run itself is excluded", append(hist[:2:2], Run{Date: d0, Meters: 15000}), 15000, true, Band30to100, 10000},
		{"another run the same day counts", append(hist[:2:2], Run{Date: d0, Meters: 15000}, Run{Date: d0, Meters: 15000}), 15000, false, "", 15000},
	}
	for _, tt := range tests {
		s := SpikeCheck(tt.history, Run{Date: d0, Meters: tt.meters})
		if s.Spiked != tt.spiked || s.Band != tt.band || s.PrevLongest != tt.prev {
			t.Errorf("%s: got spiked=%v band=%q prev=%v; want %v %q %v", tt.name, s.Spiked, s.Band, s.PrevLongest, tt.spiked, tt.band, tt.prev)
		}
		if tt.prev > 0 && math.Abs(s.NextCap-tt.prev*1.1) > 1e-9 {
			t.Errorf("%s: NextCap = %v; want %v", tt.name, s.NextCap, tt.prev*1.1)
		}
	}
}

func TestSpikeHazardRatios(t *testing.T) {
	t.Parallel()
	hist := []Run{{Date: day(2026, 1, 1), Meters: 10000}}
	for _, tt := range []struct {
		m  float64
		hr float64
	}{{12000, 1.64}, {15000, 1.52}, {25000, 2.28}} {
		s := SpikeCheck(hist, Run{Date: day(2026, 1, 10), Meters: tt.m})
		if s.HazardRatio != tt.hr {
			t.Errorf("%v m: hazard %v; want %v", tt.m, s.HazardRatio, tt.hr)
		}
	}
}

func TestSpikeText(t *testing.T) {
	t.Parallel()
	hist := []Run{{Date: day(2026, 1, 1), Meters: 2 * MetersPerMile}}
	s := SpikeCheck(hist, Run{Date: day(2026, 1, 10), Meters: 2.5 * MetersPerMile})
	txt := s.Text(MI)
	for _, want := range []string{"25%", "2 mi", "1.64"} {
		if !strings.Contains(txt, want) {
			t.Errorf("spike text lacks %q: %s", want, txt)
		}
	}
	if got := SpikeCheck(hist, Run{Date: day(2026, 1, 10), Meters: 2 * MetersPerMile}).Text(KM); !strings.Contains(got, "3.2 km") || strings.Contains(got, "⚠") {
		t.Errorf("steady text: %s", got)
	}
	if got := SpikeCheck(nil, Run{Date: day(2026, 1, 10), Meters: 5000}).Text(KM); got != "" {
		t.Errorf("no-history text should be empty, got %q", got)
	}
}

func TestWeekCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		this, last float64
		want       WeekStatus
		basis      bool
	}{
		{20000, 20000, WeekOK, true},
		{22000, 20000, WeekOK, true},      // +10% exactly
		{22200, 20000, WeekCaution, true}, // +11%
		{26000, 20000, WeekCaution, true}, // +30% exactly
		{26200, 20000, WeekWarning, true}, // +31%
		{60000, 20000, WeekWarning, true},
		{10000, 20000, WeekOK, true}, // a down week
		{30000, 0, WeekOK, false},    // no basis
		{0, 0, WeekOK, false},
	}
	for _, tt := range tests {
		w := WeekCheck(tt.this, tt.last)
		if w.Status != tt.want || w.HasBasis != tt.basis {
			t.Errorf("WeekCheck(%v, %v) = %v basis=%v; want %v basis=%v", tt.this, tt.last, w.Status, w.HasBasis, tt.want, tt.basis)
		}
	}
}

func TestWeekText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		this, last float64
		u          Units
		contains   []string
	}{
		{22000, 20000, KM, []string{"22 km", "20 km", "+10%"}},
		{22200, 20000, KM, []string{"+11%", "rule of thumb"}},
		{26200, 20000, KM, []string{"+31%", "30%"}},
		{5000 + 2*MetersPerMile, 8000, KM, []string{"8.2 km"}},
		{10 * MetersPerMile, 0, MI, []string{"10 mi", "no comparison"}},
	}
	for _, tt := range tests {
		txt := WeekCheck(tt.this, tt.last).Text(tt.u)
		for _, c := range tt.contains {
			if !strings.Contains(txt, c) {
				t.Errorf("WeekCheck(%v,%v).Text lacks %q: %s", tt.this, tt.last, c, txt)
			}
		}
	}
}

func TestWeekStart(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want time.Time }{
		{day(2026, 3, 2), day(2026, 3, 2)},   // Monday
		{day(2026, 3, 8), day(2026, 3, 2)},   // Sunday
		{day(2026, 3, 4), day(2026, 3, 2)},   // Wednesday
		{day(2026, 1, 1), day(2025, 12, 29)}, // across a year
		{time.Date(2026, 3, 8, 23, 59, 0, 0, time.UTC), day(2026, 3, 2)},
	}
	for _, tt := range tests {
		if got := WeekStart(tt.in); !got.Equal(tt.want) {
			t.Errorf("WeekStart(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestWeekTotals(t *testing.T) {
	t.Parallel()
	hist := []Run{
		{Date: day(2026, 3, 1), Meters: 1000},  // Sunday, week before last
		{Date: day(2026, 3, 2), Meters: 5000},  // Monday last week
		{Date: day(2026, 3, 8), Meters: 10000}, // Sunday last week
		{Date: day(2026, 3, 9), Meters: 6000},  // Monday this week
		{Date: day(2026, 3, 11), Meters: 4000}, // Wednesday (asOf)
		{Date: day(2026, 3, 12), Meters: 9000}, // after asOf: ignored
	}
	this, last := WeekTotals(hist, day(2026, 3, 11))
	if this != 10000 || last != 15000 {
		t.Errorf("WeekTotals = %v, %v; want 10000, 15000", this, last)
	}
}

func TestACWR(t *testing.T) {
	t.Parallel()
	asOf := day(2026, 4, 28)
	var steady []Run
	for i := 0; i < 35; i++ {
		steady = append(steady, Run{Date: asOf.AddDate(0, 0, -i), Meters: 1000})
	}
	r, ok := ACWR(steady, asOf)
	if !ok || math.Abs(r-1) > 1e-9 {
		t.Errorf("steady ACWR = %v, %v; want 1, true", r, ok)
	}

	// Exactly 28 days of history: first run on asOf−28 → ok.
	hist := []Run{{Date: asOf.AddDate(0, 0, -28), Meters: 5000}, {Date: asOf.AddDate(0, 0, -20), Meters: 5000}, {Date: asOf.AddDate(0, 0, -2), Meters: 10000}}
	r, ok = ACWR(hist, asOf)
	// acute 10000; chronic window asOf−27…asOf = 15000 → 3750/week
	if !ok || math.Abs(r-10000/3750.0) > 1e-9 {
		t.Errorf("ACWR = %v, %v; want %v, true", r, ok, 10000/3750.0)
	}

	// 27 days of history is not enough.
	if _, ok := ACWR([]Run{{Date: asOf.AddDate(0, 0, -27), Meters: 5000}, {Date: asOf, Meters: 5000}}, asOf); ok {
		t.Error("ACWR with 27 days of history should not be ok")
	}
	if _, ok := ACWR(nil, asOf); ok {
		t.Error("ACWR with no history should not be ok")
	}
	// History exists but nothing in the last 28 days.
	if _, ok := ACWR([]Run{{Date: asOf.AddDate(0, 0, -60), Meters: 5000}}, asOf); ok {
		t.Error("ACWR with an empty chronic window should not be ok")
	}
}

func TestACWRText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    float64
		want string
	}{
		{1.0, "steady"}, {0.8, "steady"}, {1.3, "steady"}, {0.79, "lighter"}, {1.31, "busier"},
	}
	for _, tt := range tests {
		txt := ACWRText(tt.r)
		if !strings.Contains(txt, tt.want) || !strings.Contains(txt, "context") || strings.Contains(txt, "⚠") {
			t.Errorf("ACWRText(%v) = %q", tt.r, txt)
		}
	}
}
