package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
)

func TestParseRunArgs(t *testing.T) {
	t.Parallel()
	// Wednesday 25 Nov 2026, evening in London.
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, mustZone(t, "Europe/London"))
	day := func(d int) string { return time.Date(2026, 11, d, 0, 0, 0, 0, now.Location()).Format(dateFmt) }
	tests := []struct {
		in      string
		units   coach.Units
		meters  int64
		seconds int
		cadence int
		date    string
		notes   string
	}{
		{"5k", coach.KM, 5000, 0, 0, day(25), ""},
		{"3.1mi 28:30", coach.KM, 4989, 1710, 0, day(25), ""},
		{"8 km 45m 172spm", coach.KM, 8000, 2700, 172, day(25), ""},
		{"10k yesterday", coach.KM, 10000, 0, 0, day(24), ""},
		{"12k sat", coach.KM, 12000, 0, 0, day(21), ""},
		{"12k wed", coach.KM, 12000, 0, 0, day(25), ""},
		{"12k last wed", coach.KM, 12000, 0, 0, day(18), ""},
		{"5k 2026-11-20", coach.KM, 5000, 0, 0, day(20), ""},
		{"5k 2026-11-11", coach.KM, 5000, 0, 0, day(11), ""},
		{"5", coach.MI, 8047, 0, 0, day(25), ""},
		{"5", coach.KM, 5000, 0, 0, day(25), ""},
		{"half marathon 1:45:00", coach.KM, 21098, 6300, 0, day(25), ""},
		{"10k 1h 170 spm today -- felt great, windy", coach.KM, 10000, 3600, 170, day(25), "felt great, windy"},
		{"6k 32 min easy # with club", coach.KM, 6000, 1920, 0, day(25), "easy with club"},
		{`6k "with Sam" 32 min`, coach.KM, 6000, 1920, 0, day(25), "with Sam"},
		{"30 min", coach.KM, 0, 1800, 0, day(25), ""},
		{"20 minutes easy", coach.KM, 0, 1200, 0, day(25), "easy"},
		{"45m", coach.KM, 0, 2700, 0, day(25), ""},
		{"45m easy", coach.KM, 0, 2700, 0, day(25), "easy"},
		{"1h 10m", coach.KM, 0, 4200, 0, day(25), ""},
		{"1 hour 10 min", coach.KM, 0, 4200, 0, day(25), ""},
		{"5 km easy 30:00", coach.KM, 5000, 1800, 0, day(25), "easy"},
		{"5k parkrun 24:10", coach.KM, 5000, 1450, 0, day(25), "parkrun"},
		{"parkrun 24:10", coach.KM, 5000, 1450, 0, day(25), ""},
		{"5k 4:30/km", coach.KM, 5000, 1350, 0, day(25), ""},
		{"5k at 4:30 /km", coach.KM, 5000, 1350, 0, day(25), ""},
		{"3mi 7:15/mi", coach.KM, 4828, 1305, 0, day(25), ""},
		{"30 min 6:00/km", coach.KM, 5000, 1800, 0, day(25), ""},
		{"5k 2 weeks ago", coach.KM, 5000, 0, 0, day(11), ""},
		{"5k a week ago", coach.KM, 5000, 0, 0, day(18), ""},
		{"1:02:03 half", coach.KM, 21098, 3723, 0, day(25), ""},
		{"5k —  phone dash \x00notes\uFFFD", coach.KM, 5000, 0, 0, day(25), "phone dash notes"},
		{"800m 3:10", coach.KM, 800, 190, 0, day(25), ""},
		{"5K tempo", coach.KM, 5000, 0, 0, day(25), "tempo"},
	}
	for _, tt := range tests {
		got, err := parseRunArgs(tt.in, now, tt.units)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got.Meters != tt.meters || got.Seconds != tt.seconds || got.Cadence != tt.cadence || got.Date.Format(dateFmt) != tt.date || got.Notes != tt.notes {
			t.Errorf("%q = %+v (date %s); want %d m %d s %d spm %s %q", tt.in, got, got.Date.Format(dateFmt), tt.meters, tt.seconds, tt.cadence, tt.date, tt.notes)
		}
	}
}

func TestParseRunArgsErrors(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"":                 "how far",
		"-5k":              "negative",
		"0k":               "zero",
		"0":                "zero",
		"251km":            "250 km",
		"300 miles":        "250 km",
		"banana":           `didn't understand "banana"`,
		"5k with Sam":      `"with", "Sam"`,
		"5k 99:99:99":      "00 to 59",
		"5k 1000spm":       "from 100 to 240",
		"5k 2 weeks":       "2 weeks ago",
		"5k 3 weeks ago":   "two weeks",
		"5k last week":     "Name the day",
		"150m":             "minutes or metres",
		"4:30/km":          "pace alone",
		"5k 10 min 20:00":  "two times",
		"5k 10k":           "two distances",
		"5k 4:30/km 40:00": "not the pace",
		"5k 10 hours":      "slower than 30 min",
		"5k yesterday sat": "two dates",
		"5k tomorrow":      "future",
		"5k 2026-11-26":    "future",
		"5k 2026-11-10":    "14 days",
		"5k 2026-02-30":    "real date",
		"5k 1:00":          "world record",
		"5k 400spm":        "from 100 to 240",
		"1000000000000km":  "",
	} {
		_, err := parseRunArgs(in, now, coach.KM)
		if err == nil {
			t.Errorf("%q: no error", in)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %q lacks %q", in, err, want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"28:30": 1710, "1:05:30": 3930, "45min": 2700, "1h10m": 4200, "1h": 3600, "90s": 90, "1.5h": 5400} {
		if got, ok := parseDuration(in); !ok || got != want {
			t.Errorf("parseDuration(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	// "45m" alone could be metres: parseRunArgs decides from the rest.
	for _, in := range []string{"", "abc", "28:70", "1:75:00", "m", "h", "0:00", "sat", "45m"} {
		if got, ok := parseDuration(in); ok {
			t.Errorf("parseDuration(%q) = %d, want not ok", in, got)
		}
	}
}

func TestParseClockAndDays(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"07:00": "07:00", "7:00": "07:00", "7": "07:00", "0730": "07:30", "23:59": "23:59", "7pm": "19:00", "12am": "00:00", "12pm": "12:00"} {
		if got, ok := ParseClock(in); !ok || got != want {
			t.Errorf("ParseClock(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"24:00", "7:60", "abc", "", "13pm", "7:5", "07:000"} {
		if got, ok := ParseClock(in); ok {
			t.Errorf("ParseClock(%q) = %q, want error", in, got)
		}
	}
	if got, ok := ParseDays("Tuesday, fri"); !ok || strings.Join(got, ",") != "tue,fri" {
		t.Errorf("ParseDays = %v %v", got, ok)
	}
	if _, ok := ParseDays("tue,funday"); ok {
		t.Error("funday accepted")
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// Dates and times written the way people write them: each used to be
// dropped into the notes and the run logged on the wrong day (or without its
// time), with no word to the runner.
func TestParseRunArgsEverydayWhen(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, mustZone(t, "Europe/London"))
	day := func(d int) string { return time.Date(2026, 11, d, 0, 0, 0, 0, now.Location()).Format(dateFmt) }
	tests := []struct {
		in      string
		seconds int
		date    string
		notes   string
	}{
		{"5k 2 days ago", 0, day(23), ""},
		{"5k 1 day ago easy", 0, day(24), "easy"},
		{"5k a day ago", 0, day(24), ""},
		{"5k last night", 0, day(24), ""},
		{"5k nov 20", 0, day(20), ""},
		{"5k 20 nov", 0, day(20), ""},
		{"5k November 20th", 0, day(20), ""},
		{"5k 20th Nov -- with Sam", 0, day(20), "with Sam"},
		{"5k in 25 mins", 1500, day(25), ""},
		{"5k in 24:30 yesterday", 1470, day(24), ""},
		{"10k #8.5 effort", 0, day(25), "8.5 effort"},
	}
	for _, tt := range tests {
		got, err := parseRunArgs(tt.in, now, coach.KM)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got.Seconds != tt.seconds || got.Date.Format(dateFmt) != tt.date || got.Notes != tt.notes {
			t.Errorf("%q = %d s, %s, notes %q; want %d s, %s, %q", tt.in, got.Seconds, got.Date.Format(dateFmt), got.Notes, tt.seconds, tt.date, tt.notes)
		}
	}
	for in, want := range map[string]string{
		"5k 20/11":       "YYYY-MM-DD",
		"5k 11/20/2026":  "YYYY-MM-DD",
		"5k 20.11.":      "YYYY-MM-DD",
		"5k 30 days ago": "14 days",
		"5k nov 31":      "real date",
		"10k 8.5 effort": "two distances",
		"5k jan 1":       "more than 14 days",
	} {
		_, err := parseRunArgs(in, now, coach.KM)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one mentioning %q", in, err, want)
		}
	}
}
