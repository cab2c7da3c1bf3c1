package web

import (
	"bytes"
	"image/png"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/web/webtest"
)

// The page in a real browser: the boards read right, bars are drawn to
// their values under the strict CSP, hostile names stay text, and it fits
// a phone and a TV in light and dark. WEB_SCREENSHOTS=dir keeps the
// screenshots (the README's comes from here).
func TestPageInChromium(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	p := samplePage()
	p.Challenges[0].Board = append(p.Challenges[0].Board,
		Entry{Place: 4, Name: `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`, Meters: 3_000},
		Entry{Place: 5, Name: "مريم ع.", Meters: 2_500},
		Entry{Place: 6, Name: "Zoë 🏃‍♀️", Meters: 1_000},
	)
	f.pages.set(clubID, p)
	f.h.now = time.Now // a real server for a real browser
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	ctx := webtest.Browser(t, 90*time.Second)

	if err := webtest.View(ctx, 1280, 800, false); err != nil {
		t.Fatal(err)
	}
	r, err := webtest.Load(ctx, srv.URL+"/c/"+token)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 || r.Title != "Riverside Runners · challenges" || !r.Styled {
		t.Fatalf("status %d, title %q, styled %v", r.Status, r.Title, r.Styled)
	}
	for _, want := range []string{"December 100", "100 km each", "26 days left", "Ana P.", "112 km", "Sam J.", "20 km", HiddenName,
		"Together: 250 km of 1000 km (25%)", "Finished in the last 90 days", "Autumn Miles",
		`<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`, "مريم ع.", "Zoë 🏃‍♀️"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
	if r.ScriptRan {
		t.Error("markup in a member's name ran as script")
	}
	// Bars: December 100's six rows, Club to the Moon's team bar and two
	// rows, Autumn Miles' row.
	want := []int{100, 20, 5, 3, 2, 1, 25, 15, 10, 100}
	checkBars := func(view string, bars []webtest.Bar) {
		t.Helper()
		if len(bars) != len(want) {
			t.Fatalf("%s: %d bars drawn, want %d: %+v", view, len(bars), len(want), bars)
		}
		for i, b := range bars {
			if b.Now != want[i] || math.Abs(b.Ratio-float64(want[i])/100) > 0.015 || !b.Shown {
				t.Errorf("%s: bar %d (%s): value %d drawn at %.3f of its track (shown %v), want %d%%", view, i, b.Label, b.Now, b.Ratio, b.Shown, want[i])
			}
		}
	}
	checkBars("desktop", r.Bars)
	shots := map[string][]byte{}
	shot := func(name string) {
		b, err := webtest.Screenshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("%s screenshot: %v", name, err)
		}
		shots[name] = b
	}
	shot("desktop")

	// A phone, in the dark: no sideways scrolling, a dark background,
	// readable type.
	if err := webtest.View(ctx, 390, 844, true); err != nil {
		t.Fatal(err)
	}
	r, err = webtest.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Overflow || r.Background != "rgb(15, 20, 25)" || r.FontPx < 16 {
		t.Errorf("phone, dark: overflow %v, background %s, font %.1fpx", r.Overflow, r.Background, r.FontPx)
	}
	checkBars("phone", r.Bars)
	shot("phone-dark")
	if err := webtest.View(ctx, 390, 844, false); err != nil {
		t.Fatal(err)
	}
	shot("phone")
	// A clubhouse TV: bigger type.
	if err := webtest.View(ctx, 1920, 1080, false); err != nil {
		t.Fatal(err)
	}
	if r, err = webtest.Inspect(ctx); err != nil || r.FontPx < 24 || r.Background != "rgb(255, 255, 255)" {
		t.Errorf("TV: font %.1fpx, background %s, %v", r.FontPx, r.Background, err)
	}
	// The compact embed.
	if err := webtest.View(ctx, 600, 400, false); err != nil {
		t.Fatal(err)
	}
	if r, err = webtest.Load(ctx, srv.URL+"/c/"+token+"?embed=1"); err != nil || r.Status != 200 || strings.Contains(r.Text, "Autumn Miles") || r.Overflow {
		t.Errorf("embed: %d, overflow %v, %v", r.Status, r.Overflow, err)
	}
	if dir := os.Getenv("WEB_SCREENSHOTS"); dir != "" {
		// The README's picture: the sample club without the hostile names.
		clean := newFixture(t, nil)
		clean.h.now = time.Now
		csrv := httptest.NewServer(clean.h)
		defer csrv.Close()
		if err := webtest.View(ctx, 720, 600, false); err != nil {
			t.Fatal(err)
		}
		if _, err := webtest.Load(ctx, csrv.URL+"/c/"+token); err != nil {
			t.Fatal(err)
		}
		shot("readme")
		for name, b := range shots {
			if err := os.WriteFile(filepath.Join(dir, "web-"+name+".png"), b, 0o644); err != nil {
				t.Error(err)
			}
		}
	}
}
