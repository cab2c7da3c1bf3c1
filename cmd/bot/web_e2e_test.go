package main

import (
	"bytes"
	"image/png"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/web/webtest"
)

// The acceptance of the public page, end to end: the built bot in the
// console with the pages on their own listener, /club web on, runs logged,
// the printed address opened in headless Chromium; a pain report changes
// nothing on it, and /club web off makes it 404.
func TestPublicPageInChromium(t *testing.T) {
	t.Parallel()
	ctx := webtest.Browser(t, 3*time.Minute) // skips when there is no Chromium
	bot := buildBot(t)
	port := freePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bot, "--data-dir", t.TempDir())
	cmd.Env = append(cleanEnv(), "HTTP_ADDR=127.0.0.1:0", "WEB_ADDR=127.0.0.1:"+strconv.Itoa(port), "PUBLIC_URL="+base, "LOG_LEVEL=warn")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, logs syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	say := func(line, expect string) string {
		t.Helper()
		io.WriteString(stdin, line+"\n")
		re := regexp.MustCompile(expect)
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if m := re.FindString(out.String()); m != "" {
				return m
			}
			if time.Now().After(deadline) {
				t.Fatalf("after %q no %q within 20s:\n%s\n%s", line, expect, out.String(), logs.String())
			}
		}
	}
	today := time.Now().UTC()
	dates := today.Format(time.DateOnly) + " " + today.AddDate(0, 0, 30).Format(time.DateOnly)
	say(`/challenge new "December Hundred" 100km `+dates, `New challenge: December Hundred`)
	say(`/challenge new "Club Moon" 20km `+dates+" team", `New challenge: Club Moon`)
	say(`/challenge join "December Hundred"`, `(?i)you're in.*December Hundred|December Hundred.*joined|joined.*December Hundred`)
	say(`/challenge join "Club Moon"`, `(?i)you're in.*Club Moon|Club Moon.*joined|joined.*Club Moon`)
	say("/run 5k", `Logged 5 km`)
	url := say("/club web on", `(?m)^`+regexp.QuoteMeta(base)+`/c/[A-Za-z0-9_-]{22,}$`)

	r, err := webtest.Load(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 || !r.Styled {
		t.Fatalf("%s: status %d, styled %v", url, r.Status, r.Styled)
	}
	for _, want := range []string{"December Hundred", "100 km each", "days left", "5 km", "Club Moon", "Together: 5 km of 20 km (25%)"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the page lacks %q:\n%s", want, r.Text)
		}
	}
	wantBars(t, r.Bars, 5, 25, 25)

	// A pain report shows nowhere; a second run does, once the few
	// seconds' cache has passed.
	say("/pain 6 knee swollen after the long run", `Red flags|🔴|🟡`)
	say("/run 8k", `Logged 8 km`)
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(r.Text, "13 km"); time.Sleep(500 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the second run never showed:\n%s", r.Text)
		}
		if r, err = webtest.Load(ctx, url); err != nil {
			t.Fatal(err)
		}
	}
	wantBars(t, r.Bars, 13, 65, 65)
	for _, bad := range []string{"knee", "swollen", "pain", "Pain", "🔴", "🟡", "console:"} {
		if strings.Contains(r.Text, bad) {
			t.Errorf("the page shows %q", bad)
		}
	}

	// Screenshots at phone and desktop sizes.
	for _, v := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		if err := webtest.View(ctx, v.w, v.h, false); err != nil {
			t.Fatal(err)
		}
		if r, err = webtest.Inspect(ctx); err != nil || r.Overflow {
			t.Errorf("%s: overflow %v, %v", v.name, r.Overflow, err)
		}
		wantBars(t, r.Bars, 13, 65, 65)
		b, err := webtest.Screenshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != int(v.w) {
			t.Errorf("%s screenshot: %v, width %d", v.name, err, img.Bounds().Dx())
		}
		if dir := os.Getenv("WEB_SCREENSHOTS"); dir != "" {
			os.WriteFile(filepath.Join(dir, "bot-"+v.name+".png"), b, 0o644)
		}
	}

	// The public listener serves the pages and nothing private.
	for _, p := range []string{"/metrics", "/telegram/webhook"} {
		if resp, err := http.Get(base + p); err != nil || resp.StatusCode != 404 {
			t.Errorf("GET %s on the public listener: %v %v", p, resp.StatusCode, err)
		} else {
			resp.Body.Close()
		}
	}

	say("/club web off", `public page is off`)
	if r, err = webtest.Load(ctx, url); err != nil || r.Status != 404 || r.Title != "Page not found" || strings.Contains(r.Text, "December") {
		t.Errorf("after /club web off: status %d, title %q, %v", r.Status, r.Title, err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v\n%s", err, logs.String())
	}
}

func wantBars(t *testing.T, bars []webtest.Bar, want ...int) {
	t.Helper()
	if len(bars) != len(want) {
		t.Fatalf("%d bars, want %d: %+v", len(bars), len(want), bars)
	}
	for i, b := range bars {
		if b.Now != want[i] || math.Abs(b.Ratio-float64(want[i])/100) > 0.015 || !b.Shown {
			t.Errorf("bar %d (%s): value %d drawn at %.3f of its track (shown %v), want %d%%", i, b.Label, b.Now, b.Ratio, b.Shown, want[i])
		}
	}
}

// freePort finds a port nothing listens on (PUBLIC_URL needs it up front).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
