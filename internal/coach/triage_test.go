package coach

import (
	"slices"
	"strings"
	"testing"
)

func TestTriageLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score int
		flags []Flag
		want  Level
	}{
		{0, nil, Green},
		{2, nil, Green},
		{3, nil, Amber}, // 2/3 boundary
		{6, nil, Amber},
		{7, nil, Red}, // 6/7 boundary
		{10, nil, Red},
		{0, []Flag{FlagSwelling}, Red},
		{2, []Flag{FlagLocking}, Red},
		{5, []Flag{FlagWorsening}, Red},
	}
	for _, tt := range tests {
		a := Triage(PainReport{Score: tt.score, Flags: tt.flags, Places: []Place{{Region: RegionKnee, Score: -1}}})
		if a.Level != tt.want {
			t.Errorf("Triage(score %d, flags %v) = %v; want %v", tt.score, tt.flags, a.Level, tt.want)
		}
		if (tt.score >= 7) != slices.Contains(a.Flags, FlagSevere) {
			t.Errorf("score %d: severe_pain in flags = %v", tt.score, a.Flags)
		}
	}
}

func TestTriageRestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score int
		onset float64
		flags []Flag
		rest  float64
	}{
		{4, 2 * MetersPerMile, nil, 1.5 * MetersPerMile}, // pain at 2 miles → 1.5 miles
		{3, 3200, nil, 2400},
		{4, 0, nil, 0},                     // unknown onset
		{2, 3200, nil, 0},                  // green: no relative rest
		{4, 3200, []Flag{FlagSwelling}, 0}, // red: stop, not relative rest
	}
	for _, tt := range tests {
		a := Triage(PainReport{Score: tt.score, OnsetMeters: tt.onset, Flags: tt.flags})
		if a.RestMeters != tt.rest {
			t.Errorf("score %d onset %v: RestMeters = %v; want %v", tt.score, tt.onset, a.RestMeters, tt.rest)
		}
	}
}

func parseTriage(t *testing.T, in string) Assessment {
	t.Helper()
	r, err := ParsePain(in)
	if err != nil {
		t.Fatalf("ParsePain(%q): %v", in, err)
	}
	return Triage(r)
}

func TestAdvice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		u         Units
		firstLine string   // prefix of the first line
		contains  []string // must appear somewhere
		absent    []string
	}{
		{"2 knee", KM, "🟢", []string{"cadence", "quads and glutes", "down slowly"}, []string{"Red flag"}},
		{"4 left knee, started at 2 miles", MI, "🟡", []string{"2 mi → keep runs to about 1.5 mi", "Pain edge for your left knee: 2/10", "settled, same or worse"}, nil},
		{"4 knee, pain at 3.2km", KM, "🟡", []string{"3.2 km → keep runs to about 2.4 km"}, nil},
		{"4 knee", KM, "🟡", []string{"three quarters"}, nil},
		{"3 IT band", KM, "🟡", []string{"hip abductors", "foam-roll"}, nil},
		{"3 shin", KM, "🟡", []string{"stress fracture", "load"}, nil},
		{"4 achilles", KM, "🟡", []string{"calf raises", "heavy", "up to 5/10", "next morning"}, nil},
		{"4 calf", KM, "🟡", []string{"calf raises"}, []string{"up to 5/10"}},
		{"6 knee swollen, locks", KM, "🔴 Red flags: swelling, locking or catching — please stop running on it", []string{"get it checked"}, []string{"urgently"}},
		{"2 shin, sharp on the bone", KM, "🔴 Red flag: pain on the bone", []string{"urgently", "stress fracture"}, []string{"keep runs to"}},
		{"3 calf swollen and heavy", KM, "🔴", []string{"urgently", "blood clot"}, nil},
		{"8 knee", KM, "🔴 Red flag: severe pain", []string{"8/10"}, nil},
	}
	for _, tt := range tests {
		adv := parseTriage(t, tt.in).Advice(tt.u)
		lines := strings.Split(adv, "\n")
		if !strings.HasPrefix(lines[0], tt.firstLine) {
			t.Errorf("Advice(%q) first line = %q; want prefix %q", tt.in, lines[0], tt.firstLine)
		}
		if last := lines[len(lines)-1]; last != Disclaimer {
			t.Errorf("Advice(%q) must end with the disclaimer, ends %q", tt.in, last)
		}
		for _, c := range tt.contains {
			if !strings.Contains(adv, c) {
				t.Errorf("Advice(%q) lacks %q:\n%s", tt.in, c, adv)
			}
		}
		for _, c := range tt.absent {
			if strings.Contains(adv, c) {
				t.Errorf("Advice(%q) should not contain %q:\n%s", tt.in, c, adv)
			}
		}
	}
}

// Red advice names every flag that fired, in plain words.
func TestAdviceNamesEveryFlag(t *testing.T) {
	t.Parallel()
	for _, f := range AllFlags() {
		a := Triage(PainReport{Score: 8, Flags: []Flag{f}})
		first := strings.SplitN(a.Advice(KM), "\n", 2)[0]
		if !strings.Contains(first, f.Plain()) {
			t.Errorf("first line for %s lacks %q: %q", f, f.Plain(), first)
		}
		if f.Why() == "" || f.Plain() == string(f) && f != FlagSwelling {
			t.Errorf("flag %s lacks plain words or a reason", f)
		}
	}
	a := Triage(PainReport{Score: 1, Flags: AllFlags()})
	first := strings.SplitN(a.Advice(KM), "\n", 2)[0]
	for _, f := range AllFlags() {
		if !strings.Contains(first, f.Plain()) {
			t.Errorf("first line lacks %q: %q", f.Plain(), first)
		}
	}
}

func TestUrgentFlags(t *testing.T) {
	t.Parallel()
	var urgent []Flag
	for _, f := range AllFlags() {
		if f.Urgent() {
			urgent = append(urgent, f)
		}
	}
	want := []Flag{FlagBonePain, FlagHotJoint, FlagCalfSwelling}
	if !slices.Equal(urgent, want) {
		t.Errorf("urgent flags = %v; want %v", urgent, want)
	}
	if Flag("nonsense").Valid() || !FlagSwelling.Valid() {
		t.Error("Valid wrong")
	}
}

func TestSummaryIsPublicSafe(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"1 knee", "4 left knee", "9 groin swollen, can't hop, fever"} {
		a := parseTriage(t, in)
		s := a.Summary()
		if strings.Contains(s, "\n") || !strings.HasPrefix(s, a.Level.Marker()) || !strings.Contains(s, a.Level.String()) {
			t.Errorf("Summary(%q) = %q", in, s)
		}
		for _, leak := range []string{"knee", "groin", "swell", "fever", "/10", "left"} {
			if strings.Contains(strings.ToLower(s), leak) {
				t.Errorf("Summary(%q) = %q leaks %q", in, s, leak)
			}
		}
	}
}

func TestLevelStrings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		l              Level
		marker, String string
	}{
		{Green, "🟢", "green"}, {Amber, "🟡", "amber"}, {Red, "🔴", "red"},
	}
	for _, tt := range tests {
		if tt.l.Marker() != tt.marker || tt.l.String() != tt.String {
			t.Errorf("%d: %q %q", tt.l, tt.l.Marker(), tt.l.String())
		}
	}
}

func TestNextMorning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Level
		says string
	}{
		{"settled", Green, "stay the course"},
		{"Settled!", Green, "stay the course"},
		{"fine, back to normal", Green, "stay the course"},
		{"better, no pain", Green, "stay the course"},
		{"same", Amber, "amber"},
		{"still sore", Amber, "amber"},
		{"not settled", Amber, "amber"},
		{"not better", Amber, "amber"},
		{"worse", Red, "checked"},
		{"WORSE", Red, "checked"},
		{"much worse", Red, "checked"},
		{"same but now it's swollen", Red, "swelling"},
		{"settled, no swelling", Green, "stay the course"},
		{"not any worse", Amber, "amber"},
		{"banana", Amber, "settled, same or worse"},
		{"", Amber, "settled, same or worse"},
	}
	for _, tt := range tests {
		lvl, msg := NextMorning(tt.in)
		if lvl != tt.want || !strings.Contains(msg, tt.says) || !strings.HasPrefix(msg, lvl.Marker()) {
			t.Errorf("NextMorning(%q) = %v, %q; want %v containing %q", tt.in, lvl, msg, tt.want, tt.says)
		}
	}
}
