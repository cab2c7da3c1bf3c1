package coach

import (
	"errors"
	"math"
	"testing"
)

func TestParseUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Units
		ok   bool
	}{
		{"km", KM, true}, {" KM ", KM, true}, {"kilometres", KM, true}, {"kms", KM, true},
		{"mi", MI, true}, {"Miles", MI, true}, {"mile", MI, true},
		{"", "", false}, {"m", "", false}, {"furlongs", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseUnits(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseUnits(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		meters float64
		u      Units
		want   string
	}{
		{5000, KM, "5 km"},
		{8218.688, KM, "8.2 km"}, // 5 km + 2 mi
		{5000 + 2*MetersPerMile, KM, "8.2 km"},
		{2 * MetersPerMile, KM, "3.2 km"},
		{5000, MI, "3.1 mi"},
		{MetersPerMile, MI, "1 mi"},
		{1.5 * MetersPerMile, MI, "1.5 mi"},
		{0.75 * 2 * MetersPerMile, MI, "1.5 mi"},
		{4999.9, KM, "5 km"}, // never "5.0 km"
		{5049, KM, "5 km"},
		{5050, KM, "5.1 km"}, // half rounds up
		{8250, KM, "8.3 km"}, // 8.25 → 8.3 despite binary floats
		{50, KM, "0.1 km"},   // 0.05 rounds up
		{49, KM, "0 km"},
		{0, KM, "0 km"},
		{-1, KM, "0 km"}, // no "-0 km"
		{42195, KM, "42.2 km"},
		{100000, KM, "100 km"},
		{5000, "", "5 km"}, // unknown units fall back to km
		{math.NaN(), MI, "? mi"},
		{math.Inf(1), KM, "? km"},
	}
	for _, tt := range tests {
		if got := FormatDistance(tt.meters, tt.u); got != tt.want {
			t.Errorf("FormatDistance(%v, %q) = %q; want %q", tt.meters, tt.u, got, tt.want)
		}
	}
}

func TestMileConstant(t *testing.T) {
	t.Parallel()
	if MetersPerMile != 1609.344 {
		t.Fatalf("MetersPerMile = %v", MetersPerMile)
	}
	if MI.Meters() != 1609.344 || KM.Meters() != 1000 {
		t.Fatal("Units.Meters wrong")
	}
}

func TestParseDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		def     Units
		want    float64
		wantErr error
	}{
		{"5k", "", 5000, nil},
		{"5K", "", 5000, nil},
		{"10K", "", 10000, nil},
		{"5km", "", 5000, nil},
		{"5 km", "", 5000, nil},
		{"5  KM", "", 5000, nil},
		{"8.2 km", "", 8200, nil},
		{"3,5 km", "", 3500, nil},
		{"1,500m", "", 1500, nil},
		{"3.1mi", "", 3.1 * MetersPerMile, nil},
		{"3.1 miles", "", 3.1 * MetersPerMile, nil},
		{"1 mile", "", MetersPerMile, nil},
		{"800m", "", 800, nil},
		{"400 metres", "", 400, nil},
		{".5 mi", "", 0.5 * MetersPerMile, nil},
		{"half", "", MetersPerHalf, nil},
		{"Half Marathon", "", MetersPerHalf, nil},
		{"marathon", "", MetersPerMarathon, nil},
		{"5", "", 0, ErrDistanceUnit},
		{"5", KM, 5000, nil},
		{"5", MI, 5 * MetersPerMile, nil},
		{"3.1", MI, 3.1 * MetersPerMile, nil},
		{"0 km", "", 0, ErrDistanceRange},
		{"2000 km", "", 0, ErrDistanceRange},
		{"-5 km", "", 0, ErrDistance},
		{"five k", "", 0, ErrDistance},
		{"5 parsecs", "", 0, ErrDistance},
		{"", KM, 0, ErrDistance},
		{"km", "", 0, ErrDistance},
	}
	for _, tt := range tests {
		got, err := ParseDistanceDefault(tt.in, tt.def)
		if !errors.Is(err, tt.wantErr) || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ParseDistanceDefault(%q, %q) = %v, %v; want %v, %v", tt.in, tt.def, got, err, tt.want, tt.wantErr)
		}
		if tt.def == "" {
			got2, err2 := ParseDistance(tt.in)
			if got2 != got || !errors.Is(err2, tt.wantErr) {
				t.Errorf("ParseDistance(%q) disagrees with ParseDistanceDefault", tt.in)
			}
		}
	}
}

func TestDistanceSums(t *testing.T) {
	t.Parallel()
	five, _ := ParseDistance("5 km")
	two, _ := ParseDistance("2 mi")
	if got := FormatDistance(five+two, KM); got != "8.2 km" {
		t.Errorf("5 km + 2 mi = %q; want 8.2 km", got)
	}
	if got := FormatDistance(two, KM); got != "3.2 km" {
		t.Errorf("2 mi = %q; want 3.2 km", got)
	}
}

func TestUserMessage(t *testing.T) {
	t.Parallel()
	if UserMessage(nil) != "" {
		t.Error("nil error should give empty message")
	}
	if got := UserMessage(ErrNoScore); got != ErrNoScore.Msg {
		t.Errorf("UserMessage(ErrNoScore) = %q", got)
	}
	if got := UserMessage(errors.New("boom")); got == "boom" || got == "" {
		t.Errorf("internal errors must not leak: %q", got)
	}
}

func TestFormatHours(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sec  int64
		want string
	}{{0, "0 min"}, {-5, "0 min"}, {29, "0 min"}, {30, "1 min"}, {45 * 60, "45 min"}, {3600, "1 h"}, {50 * 3600, "50 h"}, {12*3600 + 30*60, "12 h 30 min"}, {3600 + 5*60 + 10, "1 h 5 min"}, {3600*2 - 20, "2 h"}} {
		if got := FormatHours(c.sec); got != c.want {
			t.Errorf("FormatHours(%d) = %q, want %q", c.sec, got, c.want)
		}
	}
}
