// Package webtest starts headless Chromium for browser tests of the club
// pages, through chromedp. Tests skip, saying why, only where no Chromium
// is installed (scripts/test-deps.sh installs Debian's chromium).
package webtest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// FindChromium returns the browser to drive: $CHROMIUM_PATH, else the
// first of chromium, chromium-browser, google-chrome on PATH.
func FindChromium() (string, bool) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// Browser starts a fresh headless Chromium (its own empty profile, no
// background traffic: this machine has no internet) and returns a chromedp
// context for one tab, bounded by timeout. Everything stops with the test.
func Browser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	path, ok := FindChromium()
	if !ok {
		t.Skip("no Chromium found (install Debian's chromium package: scripts/test-deps.sh, or set CHROMIUM_PATH); skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 800),
	}
	ctx, cancelT := context.WithTimeout(t.Context(), timeout)
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelB := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() { cancelB(); cancelA(); cancelT() })
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return bctx
}

// Bar is one progress bar as the browser laid it out.
type Bar struct {
	Label string  `json:"label"`
	Now   int     `json:"now"`   // aria-valuenow, per cent
	Ratio float64 `json:"ratio"` // drawn fill width / track width
	Shown bool    `json:"shown"` // the track has an area on screen
}

// Report is what a loaded page shows.
type Report struct {
	Status     int64   `json:"-"`
	Title      string  `json:"title"`
	Text       string  `json:"text"` // document.body.innerText
	Bars       []Bar   `json:"bars"`
	Background string  `json:"background"` // computed body background colour
	Styled     bool    `json:"styled"`     // the stylesheet applied (the CSP let it in)
	Overflow   bool    `json:"overflow"`   // wider than the viewport: a phone would scroll sideways
	ScriptRan  bool    `json:"scriptRan"`  // window.__pwned was set by injected markup
	FontPx     float64 `json:"fontPx"`     // root font size
}

const inspectJS = `(() => {
  const bars = [...document.querySelectorAll('.bar')].map(b => ({
    label: b.getAttribute('aria-label') || '',
    now: Number(b.getAttribute('aria-valuenow')),
    ratio: b.firstElementChild ? b.firstElementChild.getBoundingClientRect().width / b.getBoundingClientRect().width : -1,
    shown: b.getBoundingClientRect().width >= 20 && b.getBoundingClientRect().height >= 4,
  }));
  const main = document.querySelector('main');
  return {
    title: document.title,
    text: document.body.innerText,
    bars,
    background: getComputedStyle(document.body).backgroundColor,
    styled: !!main && getComputedStyle(main).maxWidth !== 'none',
    overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    scriptRan: !!window.__pwned,
    fontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
  };
})()`

// Load navigates to url and reports what the page shows.
func Load(ctx context.Context, url string) (Report, error) {
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return Report{}, err
	}
	r, err := Inspect(ctx)
	if resp != nil {
		r.Status = resp.Status
	}
	return r, err
}

// Inspect reports on the page already loaded.
func Inspect(ctx context.Context) (Report, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[Report](inspectJS))
}

// View sets the viewport (CSS pixels) and the colour scheme the page sees.
func View(ctx context.Context, width, height int64, dark bool) error {
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	return chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
	)
}

// Screenshot is a PNG of the whole page at the current view.
func Screenshot(ctx context.Context) ([]byte, error) {
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}
