package charts

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/coach"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// today is a Thursday: its week runs Mon 30 Nov to Sun 6 Dec 2026.
var today = time.Date(2026, 12, 3, 18, 30, 0, 0, time.FixedZone("CET", 3600))

func day(back int) time.Time { return civil(today).AddDate(0, 0, -back) }

func decode(t *testing.T, c Chart) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(c.PNG))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
		t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), Width, Height)
	}
	return img
}

func same(a color.Color, b color.RGBA) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v > -6 && v < 6 }
	return d(r, b.R) && d(g, b.G) && d(bl, b.B)
}

// count is how many pixels of col lie in rect.
func count(img image.Image, col color.RGBA, rect image.Rectangle) int {
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if same(img.At(x, y), col) {
				n++
			}
		}
	}
	return n
}

// bars finds vertical bars of either bar colour in the plot area: for each
// run of columns holding bar pixels, its centre and height in pixels.
type bar struct{ x, h int }

func bars(img image.Image) []bar {
	var out []bar
	start, last := -1, -100
	flush := func() {
		if start >= 0 {
			out[len(out)-1].x = (start + last) / 2
		}
	}
	for x := 0; x < Width; x++ {
		top, bottom := -1, -1
		for y := header; y < Height; y++ {
			c := img.At(x, y)
			if same(c, colBar) || same(c, colBarNow) {
				if top < 0 {
					top = y
				}
				bottom = y
			}
		}
		if top < 0 {
			continue
		}
		// A gap narrower than the space between two bars is the
		// longest-run diamond covering a short bar, not a new bar.
		if x-last > 20 {
			flush()
			out = append(out, bar{})
			start = x
		}
		b := &out[len(out)-1]
		b.h = max(b.h, bottom-top+1)
		last = x
	}
	flush()
	return out
}

func TestWeekBarsWhereTheDataSays(t *testing.T) {
	t.Parallel()
	// Runs in weeks 1, 5 and 12 (this week) only: three bars, left to right,
	// heights in proportion.
	runs := []Run{
		{Date: day(3 + 7*11), Meters: 10000}, // week 1 (Mon 14 Sep)
		{Date: day(3 + 7*7), Meters: 20000},  // week 5
		{Date: day(1), Meters: 5000},         // this week
	}
	c, err := Week(WeekData{Today: today, Units: coach.KM, Runs: runs})
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, c)
	bs := bars(img)
	if len(bs) != 3 {
		t.Fatalf("found %d bars, want 3: %+v", len(bs), bs)
	}
	// Week slots are evenly spaced: the gap from week 1 to week 5 is four
	// slots, from week 5 to week 12 seven.
	g1, g2 := bs[1].x-bs[0].x, bs[2].x-bs[1].x
	if r := float64(g2) / float64(g1); r < 1.6 || r > 1.9 {
		t.Errorf("bar spacing ratio %.2f, want 7/4 (bars at %+v)", r, bs)
	}
	if r := float64(bs[1].h) / float64(bs[0].h); r < 1.9 || r > 2.1 {
		t.Errorf("20 km bar is %.2f× the 10 km one, want 2", r)
	}
	// This week's bar is the darker colour, on the highlight.
	if n := count(img, colBarNow, image.Rect(bs[2].x-20, header, bs[2].x, Height)); n == 0 {
		t.Error("this week's bar is not highlighted")
	}
	if n := count(img, colHighlight, image.Rect(bs[2].x-40, header+10, bs[2].x+20, header+60)); n == 0 {
		t.Error("no highlight behind this week")
	}
	if !strings.Contains(c.Caption, "This week: 5 km over 1 run") || !strings.Contains(c.Caption, "35 km in total") {
		t.Errorf("caption %q", c.Caption)
	}
	if c.Name != "week-2026-12-06.png" {
		t.Errorf("name %q", c.Name)
	}
}

func TestWeekLegendAndPainMarkers(t *testing.T) {
	t.Parallel()
	c, err := Week(WeekData{Today: today, Units: coach.KM,
		Runs:  []Run{{Date: day(0), Meters: 8000}},
		Pains: []Pain{{Date: day(0), Score: 4, Level: Amber}, {Date: day(0), Score: 2, Level: Green}}})
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, c)
	head := image.Rect(0, 0, Width, header)
	for name, col := range map[string]color.RGBA{"green": colGreen, "amber": colAmber, "red": colRed, "bar": colBar} {
		if count(img, col, head) < 20 {
			t.Errorf("legend lacks the %s key", name)
		}
	}
	plotArea := image.Rect(0, header, Width, Height)
	// Two reports on one day make one marker: the worse (amber).
	if count(img, colAmber, plotArea) < 20 {
		t.Error("no amber pain marker in the plot")
	}
	if count(img, colGreen, plotArea) != 0 || count(img, colRed, plotArea) != 0 {
		t.Error("a pain marker of the wrong level is drawn")
	}
	// On this week's side of the chart.
	if count(img, colAmber, image.Rect(Width*5/6, header, Width, Height)) < 20 {
		t.Error("the pain marker is not in this week's column")
	}
	if !strings.Contains(c.Caption, "Pain reports: 2 (worst 4/10, amber)") {
		t.Errorf("caption %q", c.Caption)
	}
}

func TestWeekEdgeCases(t *testing.T) {
	t.Parallel()
	var spike []Run
	for i := range Weeks {
		m := 5000.0
		if i == 6 {
			m = 100000
		}
		spike = append(spike, Run{Date: day(7*(Weeks-1-i) + 2), Meters: m})
	}
	cases := []struct {
		name     string
		d        WeekData
		wantBars int
		caption  string
	}{
		{"no runs", WeekData{Today: today}, 0, "0 km in total"},
		{"one run", WeekData{Today: today, Runs: []Run{{Date: day(40), Meters: 7300}}}, 1, "7.3 km in total"},
		{"spike", WeekData{Today: today, Runs: spike}, 12, "Biggest week: 100 km"},
		{"miles", WeekData{Today: today, Units: coach.MI, Runs: []Run{{Date: day(0), Meters: 5000}}}, 1, "3.1 mi"},
		{"outside the window", WeekData{Today: today, Runs: []Run{{Date: day(100), Meters: 5000}, {Date: day(-4), Meters: 5000}}}, 0, "0 km"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Week(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			bs := bars(decode(t, c))
			if len(bs) != tc.wantBars {
				t.Errorf("%d bars, want %d", len(bs), tc.wantBars)
			}
			for _, b := range bs {
				if b.h < 3 {
					t.Errorf("a bar is %d px tall: too small to see", b.h)
				}
			}
			if !strings.Contains(c.Caption, tc.caption) {
				t.Errorf("caption %q lacks %q", c.Caption, tc.caption)
			}
			if utf8.RuneCountInString(c.Caption) > MaxCaption || c.Alt == "" {
				t.Errorf("caption %d chars, alt %q", utf8.RuneCountInString(c.Caption), c.Alt)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	d := WeekData{Today: today, Runs: []Run{{Date: day(2), Meters: 9000}}, Pains: []Pain{{Date: day(1), Score: 7, Level: Red}}}
	a, err := Week(d)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Week(d)
	if !bytes.Equal(a.PNG, b.PNG) || a.Caption != b.Caption {
		t.Error("the same data rendered differently")
	}
}

func challenge(n int, team bool, goal float64) ChallengeData {
	d := ChallengeData{Name: "December 100", Team: team, GoalMeters: goal,
		Start: day(9), End: day(-21), Today: today, Units: coach.KM}
	for i := range n {
		d.Entries = append(d.Entries, Entry{Name: fmt.Sprintf("Runner%02d", i), Meters: float64(1000 * (n - i))})
	}
	return d
}

// hbars finds horizontal bars: for each run of rows holding bar pixels in
// the plot, its width in pixels.
func hbars(img image.Image, cols ...color.RGBA) []int {
	var out []int
	in := false
	for y := header; y < Height; y++ {
		left, right := -1, -1
		for x := 0; x < Width; x++ {
			for _, col := range cols {
				if same(img.At(x, y), col) {
					if left < 0 {
						left = x
					}
					right = x
				}
			}
		}
		switch {
		case left >= 0 && !in:
			out = append(out, right-left+1)
			in = true
		case left >= 0:
			out[len(out)-1] = max(out[len(out)-1], right-left+1)
		case in:
			in = false
		}
	}
	return out
}

func TestChallengeBars(t *testing.T) {
	t.Parallel()
	d := challenge(0, false, 100000)
	d.Entries = []Entry{{Name: "Sam", Meters: 20000}, {Name: "Ana", Meters: 60000}, {Name: "Lee", Meters: 40000}}
	c, err := Challenge(d)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, c)
	ws := hbars(img, colBar)
	if len(ws) != 3 {
		t.Fatalf("%d bars, want 3: %v", len(ws), ws)
	}
	// Highest first, in proportion 60:40:20.
	if ws[0] <= ws[1] || ws[1] <= ws[2] {
		t.Errorf("bars not highest first: %v", ws)
	}
	if r := float64(ws[0]) / float64(ws[2]); r < 2.85 || r > 3.15 {
		t.Errorf("60 km bar is %.2f× the 20 km one, want 3", r)
	}
	if count(img, colGoal, image.Rect(0, header, Width, Height)) < 50 {
		t.Error("no goal line")
	}
	for _, want := range []string{"100 km each", "22 days left", "1. Ana — 60 km", "3. Sam — 20 km"} {
		if !strings.Contains(c.Caption, want) {
			t.Errorf("caption %q lacks %q", c.Caption, want)
		}
	}
}

func TestChallengeTeamShares(t *testing.T) {
	t.Parallel()
	d := challenge(3, true, 50000)
	c, err := Challenge(d)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, c)
	// The first (total) row holds every member's colour; each member's row
	// only theirs.
	top := image.Rect(0, header, Width, header+110)
	for i := range 3 {
		col := colShares[i].(color.RGBA)
		if count(img, col, top) < 50 {
			t.Errorf("member %d's share is missing from the total bar", i)
		}
	}
	if !strings.Contains(c.Caption, "Together: 6 km of 50 km (12%)") {
		t.Errorf("caption %q", c.Caption)
	}
}

func TestChallengeEdgeCases(t *testing.T) {
	t.Parallel()
	forty := challenge(40, false, 100000)
	dayOne := challenge(0, false, 5000)
	dayOne.Start, dayOne.Today = civil(today), today
	dayOne.Entries = []Entry{{Name: "Quick", Meters: 21100}}
	names := challenge(0, false, 100000)
	names.Entries = []Entry{{Name: "Ben 🏃‍♂️", Meters: 5000}, {Name: "שלום", Meters: 4000}, {Name: "محمد", Meters: 3000}, {Name: "🔥🔥", Meters: 2000}}
	ended := challenge(2, true, 1000)
	ended.Ended = true
	cases := []struct {
		name    string
		d       ChallengeData
		caption []string
	}{
		{"empty", challenge(0, false, 100000), []string{"No distance on the board yet"}},
		{"forty members", forty, []string{"1. Runner00 — 40 km", "more"}},
		{"goal reached on day one", dayOne, []string{"last day", "✅"}},
		{"emoji and right-to-left names", names, []string{"Ben 🏃‍♂️", "محمد"}},
		{"team ended", ended, []string{"finished", "Together: 3 km of 1 km (300%)"}},
	}
	dayOne.End = day(-30)
	cases[2].d = dayOne
	cases[2].caption = []string{"31 days left", "✅"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Challenge(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, c)
			for _, w := range tc.caption {
				if !strings.Contains(c.Caption, w) {
					t.Errorf("caption %q lacks %q", c.Caption, w)
				}
			}
			if utf8.RuneCountInString(c.Caption) > MaxCaption {
				t.Errorf("caption is %d characters", utf8.RuneCountInString(c.Caption))
			}
			if tc.name == "goal reached on day one" && count(img, colDone, image.Rect(0, header, Width, Height)) < 100 {
				t.Error("a member past the goal is not drawn as done")
			}
			if tc.name == "forty members" {
				if n := len(hbars(img, colBar)); n != maxRows {
					t.Errorf("%d bars, want the top %d", n, maxRows)
				}
			}
		})
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	c := newCanvas()
	cases := map[string]string{
		"Ana":                 "Ana",
		"Zoë Østergaard":      "Zoë Østergaard",
		"Ben 🏃‍♂️":            "Ben •",
		"😀😀":                  "",
		"שלום":                "םולש", // visual order
		"Dana שלום":           "Dana םולש",
		"محمد":                "", // Arabic needs shaping the font lacks
		"Sam محمد":            "Sam •",
		"a\u200bb\u0007":      "ab",
		"Alexandra-Katharina": "Alexandra-Kathari…",
		"  spaced   out ":     "spaced out",
	}
	for in, want := range cases {
		got := c.label(in, 18)
		if got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if !c.has(r) {
				t.Errorf("label(%q) keeps %q, which the font cannot draw", in, r)
			}
		}
	}
}

// TestGolden compares each chart with a committed image, allowing small
// differences (anti-aliasing across library versions).
func TestGolden(t *testing.T) {
	t.Parallel()
	week, err := Week(WeekData{Today: today, Units: coach.KM, Runs: []Run{
		{Date: day(3), Meters: 6000}, {Date: day(10), Meters: 12000}, {Date: day(12), Meters: 5000},
		{Date: day(30), Meters: 16000}, {Date: day(50), Meters: 8000}, {Date: day(75), Meters: 10000},
	}, Pains: []Pain{{Date: day(10), Score: 3, Level: Green}, {Date: day(1), Score: 5, Level: Amber}, {Date: day(45), Score: 7, Level: Red}}})
	if err != nil {
		t.Fatal(err)
	}
	chal, err := Challenge(ChallengeData{Name: "December 100", GoalMeters: 100000, Start: day(2), End: day(-28), Today: today, Units: coach.KM,
		Entries: []Entry{{Name: "Ana", Meters: 42000}, {Name: "Ben", Meters: 104000}, {Name: "Cleo", Meters: 18500}}})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]Chart{"week.golden.png": week, "challenge.golden.png": chal} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, c.PNG, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read golden (go test -update writes it): %v", err)
		}
		want, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		got := decode(t, c)
		diff := 0
		for y := range Height {
			for x := range Width {
				r1, g1, b1, _ := got.At(x, y).RGBA()
				r2, g2, b2, _ := want.At(x, y).RGBA()
				if absDiff(r1, r2) > 24<<8 || absDiff(g1, g2) > 24<<8 || absDiff(b1, b2) > 24<<8 {
					diff++
				}
			}
		}
		if frac := float64(diff) / (Width * Height); frac > 0.002 {
			t.Errorf("%s: %.2f%% of pixels differ (allowed 0.2%%)", name, frac*100)
		}
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func BenchmarkWeek(b *testing.B) {
	var runs []Run
	for i := range 60 {
		runs = append(runs, Run{Date: day(i * 4 / 3), Meters: float64(4000 + i*150)})
	}
	d := WeekData{Today: today, Runs: runs, Pains: []Pain{{Date: day(3), Score: 4, Level: Amber}, {Date: day(20), Score: 2, Level: Green}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Week(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChallenge(b *testing.B) {
	d := challenge(40, false, 100000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Challenge(d); err != nil {
			b.Fatal(err)
		}
	}
}

func TestChallengeTime(t *testing.T) {
	t.Parallel()
	d := challenge(0, false, 50*3600)
	d.Time = true
	d.Entries = []Entry{{Name: "Sam", Meters: 45 * 60}, {Name: "Ana", Meters: 12*3600 + 30*60}}
	c, err := Challenge(d)
	if err != nil {
		t.Fatal(err)
	}
	ws := hbars(decode(t, c), colBar)
	if len(ws) != 2 || ws[0] <= ws[1] {
		t.Fatalf("bars %v, want two, Ana's longer", ws)
	}
	for _, want := range []string{"50 h each", "1. Ana — 12 h 30 min", "2. Sam — 45 min"} {
		if !strings.Contains(c.Caption, want) {
			t.Errorf("caption %q lacks %q", c.Caption, want)
		}
	}
	if strings.Contains(c.Caption, "km") || strings.Contains(c.Alt, "km") {
		t.Errorf("a time chart speaks of distance: %q / %q", c.Caption, c.Alt)
	}
	d.Entries = nil
	if c, err = Challenge(d); err != nil || !strings.Contains(c.Caption, "No time on the board yet") {
		t.Errorf("empty time board caption %q, err %v", c.Caption, err)
	}
}
