package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/clocktest"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

const (
	clubID = "telegram:-100"
	token  = "Tok3n_with-144-bits-abcd"
	token2 = "An0ther_token_for-club-2"
)

// countingTokens is the real embedded store, counting lookups.
type countingTokens struct {
	store.Store
	lookups atomic.Int64
}

func (c *countingTokens) WebClub(ctx context.Context, tok string) (ids.ClubID, error) {
	c.lookups.Add(1)
	return c.Store.WebClub(ctx, tok)
}

// pages serves fixed page data per club and counts loads.
type pages struct {
	mu    sync.Mutex
	byID  map[string]Page
	loads int
}

func (p *pages) WebPage(_ context.Context, id ids.ClubID, _ time.Time) (Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.loads++
	pg, ok := p.byID[string(id)]
	if !ok {
		return Page{}, fmt.Errorf("club %s: %w", id, store.ErrNotFound)
	}
	return pg, nil
}

func (p *pages) set(id string, pg Page) { p.mu.Lock(); p.byID[id] = pg; p.mu.Unlock() }
func (p *pages) count() int             { p.mu.Lock(); defer p.mu.Unlock(); return p.loads }

func samplePage() Page {
	return Page{
		Club: "Riverside Runners", Units: "km", Today: "2026-12-06",
		Challenges: []Challenge{
			{ID: "c1", Name: "December 100", GoalM: 100_000, Start: "2026-12-01", End: "2026-12-31", TotalM: 137_000, Board: []Entry{
				{Place: 1, Name: "Ana P.", Meters: 112_000},
				{Place: 2, Name: "Sam J.", Meters: 20_000},
				{Place: 3, Name: HiddenName, Meters: 5_000},
			}},
			{ID: "c2", Name: "Club to the Moon", GoalM: 1_000_000, Team: true, Start: "2026-11-01", End: "2027-01-31", TotalM: 250_000, Board: []Entry{
				{Place: 1, Name: "Ana P.", Meters: 150_000},
				{Place: 2, Name: "Sam J.", Meters: 100_000},
			}},
			{ID: "c0", Name: "Autumn Miles", GoalM: 50_000, Start: "2026-10-01", End: "2026-10-31", Ended: true, TotalM: 60_000, Board: []Entry{
				{Place: 1, Name: "Lee K.", Meters: 60_000},
			}},
			{ID: "c3", Name: "New Year Dash", GoalM: 10_000, Start: "2026-12-10", End: "2027-01-10"},
		},
	}
}

type fixture struct {
	h      *Handler
	st     *countingTokens
	pages  *pages
	clock  *clocktest.Clock
	charts *fakeCharts
}

type fakeCharts struct{ got []string }

func (f *fakeCharts) ChallengeChart(_ context.Context, p Page, ch Challenge) ([]byte, error) {
	names := make([]string, len(ch.Board))
	for i, e := range ch.Board {
		names[i] = e.Name
	}
	f.got = append(f.got, p.Club+"|"+ch.ID+"|"+strings.Join(names, ","))
	return []byte("\x89PNG\r\n\x1a\nfake " + ch.ID), nil
}

func newFixture(t *testing.T, mod func(*Config)) *fixture {
	t.Helper()
	raw, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	if err := raw.SetWebToken(t.Context(), clubID, token); err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		st:    &countingTokens{Store: raw},
		pages: &pages{byID: map[string]Page{clubID: samplePage()}},
		clock: clocktest.New(time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)),
	}
	cfg := Config{Tokens: f.st, Pages: f.pages, Now: f.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), RateBurst: 1000, RatePerSecond: 100}
	if mod != nil {
		mod(&cfg)
	}
	if fc, ok := cfg.Charts.(*fakeCharts); ok {
		f.charts = fc
	}
	f.h, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) do(method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = "198.51.100.7:5555"
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) get(t *testing.T, target string) string {
	t.Helper()
	w := f.do("GET", target)
	if w.Code != 200 {
		t.Fatalf("GET %s = %d: %s", target, w.Code, w.Body)
	}
	return w.Body.String()
}

func TestPageShowsChallengesAndBoards(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	w := f.do("GET", "/c/"+token)
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("page = %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	for _, want := range []string{
		`<html lang="en">`, "<header>", "<main>", "<footer>",
		"Riverside Runners", "December 100", "100 km each", "1 Dec – 31 Dec", "26 days left",
		"Ana P.", "112 km", "112%", `class="fill p100"`, "goal reached",
		"Sam J.", "20 km", `class="fill p20"`, `aria-valuenow="20"`, "20%",
		HiddenName, "5 km", `class="fill p5"`,
		"Club to the Moon", "1000 km together", "Together: <strong>250 km</strong> of 1000 km (25%)", `class="fill p25"`,
		"Finished in the last 90 days", "Autumn Miles", "Lee K.", "60 km",
		"New Year Dash", "Starts in 4 days",
		`<meta http-equiv="refresh" content="60">`, "prefers-color-scheme:dark",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Finished challenges come after the open ones, and nothing private.
	if strings.Index(body, "Autumn Miles") < strings.Index(body, "New Year Dash") {
		t.Error("a finished challenge is listed before an open one")
	}
	if strings.Contains(body, "<script") || strings.Contains(body, clubID) {
		t.Error("the page holds a script or the club's id")
	}
	if strings.Contains(body, "chart.png") {
		t.Error("no chart renderer, yet the page links a chart")
	}
}

func TestJSONAndCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	w := f.do("GET", "/c/"+token+".json")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("json = %d %v", w.Code, w.Header())
	}
	var doc struct {
		Club       string `json:"club"`
		Units      string `json:"units"`
		Challenges []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			DaysLeft int    `json:"days_left"`
			GoalM    int64  `json:"goal_m"`
			TotalM   int64  `json:"total_m"`
			Board    []struct {
				Place     int    `json:"place"`
				Name      string `json:"name"`
				DistanceM int64  `json:"distance_m"`
				Distance  string `json:"distance"`
				Percent   int    `json:"percent"`
			} `json:"board"`
		} `json:"challenges"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Club != "Riverside Runners" || doc.Units != "km" || len(doc.Challenges) != 4 {
		t.Fatalf("json = %+v", doc)
	}
	c := doc.Challenges[0]
	if c.ID != "c1" || c.Status != "running" || c.DaysLeft != 26 || c.GoalM != 100_000 || len(c.Board) != 3 ||
		c.Board[1].Name != "Sam J." || c.Board[1].DistanceM != 20_000 || c.Board[1].Distance != "20 km" || c.Board[1].Percent != 20 {
		t.Errorf("first challenge = %+v", c)
	}
	if doc.Challenges[2].Status != "finished" || doc.Challenges[3].Status != "upcoming" {
		t.Errorf("statuses = %s, %s", doc.Challenges[2].Status, doc.Challenges[3].Status)
	}
	if strings.Contains(w.Body.String(), token) {
		t.Error("the JSON repeats the token")
	}

	w = f.do("GET", "/c/"+token+".csv")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv = %d %v", w.Code, w.Header())
	}
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3+2+1 {
		t.Fatalf("csv rows = %d: %v", len(rows), rows)
	}
	if strings.Join(rows[0], ",") != "challenge,status,start,end,goal_km,team,place,name,distance_km,percent_of_goal,goal_hours,time_hours" ||
		strings.Join(rows[2], ",") != "December 100,running,2026-12-01,2026-12-31,100.00,false,2,Sam J.,20.00,20,," {
		t.Errorf("csv = %v", rows[:3])
	}
}

func TestTimeChallengePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	p := samplePage()
	p.Challenges = append(p.Challenges, Challenge{ID: "c9", Name: "Winter hours", GoalM: 50 * 3600, Time: true,
		Start: "2026-12-01", End: "2026-12-31", TotalM: 13*3600 + 15*60, Board: []Entry{
			{Place: 1, Name: "Ana P.", Meters: 12*3600 + 30*60},
			{Place: 2, Name: "Sam J.", Meters: 45 * 60},
		}})
	f.pages.set(clubID, p)
	body := f.get(t, "/c/"+token)
	for _, want := range []string{"50 h each", "12 h 30 min", "45 min", ">Time</th>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	var doc struct {
		Challenges []struct {
			ID     string `json:"id"`
			Kind   string `json:"kind"`
			GoalM  int64  `json:"goal_m"`
			GoalS  int64  `json:"goal_s"`
			TotalS int64  `json:"total_s"`
			Board  []struct {
				DistanceM int64  `json:"distance_m"`
				TimeS     int64  `json:"time_s"`
				Time      string `json:"time"`
				Percent   int    `json:"percent"`
			} `json:"board"`
		} `json:"challenges"`
	}
	if err := json.Unmarshal([]byte(f.get(t, "/c/"+token+".json")), &doc); err != nil {
		t.Fatal(err)
	}
	for _, ch := range doc.Challenges {
		switch ch.ID {
		case "c1":
			if ch.Kind != "distance" || ch.GoalM != 100_000 || ch.GoalS != 0 {
				t.Errorf("distance challenge in JSON: %+v", ch)
			}
		case "c9":
			if ch.Kind != "time" || ch.GoalM != 0 || ch.GoalS != 50*3600 || ch.TotalS != 13*3600+15*60 ||
				len(ch.Board) != 2 || ch.Board[0].TimeS != 12*3600+30*60 || ch.Board[0].DistanceM != 0 || ch.Board[0].Time != "12 h 30 min" || ch.Board[0].Percent != 25 {
				t.Errorf("time challenge in JSON: %+v", ch)
			}
		}
	}
	w := f.do("GET", "/c/"+token+".csv")
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if last := strings.Join(rows[len(rows)-1], ","); last != "Winter hours,running,2026-12-01,2026-12-31,,false,2,Sam J.,,1,50.00,0.75" {
		t.Errorf("csv time row = %s", last)
	}
}

func TestMilesClub(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	p := samplePage()
	p.Units = "mi"
	f.pages.set(clubID, p)
	body := f.get(t, "/c/"+token)
	if !strings.Contains(body, "62.1 mi each") || !strings.Contains(body, "12.4 mi") {
		t.Errorf("a miles club's page is not in miles")
	}
}

func TestHostileNamesRenderAsText(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	evil := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`O'Brien "the rocket"`,
		"🏃‍♀️ Zoë 🔥",
		"مريم ع.",
		"=HYPERLINK(\"http://x\")",
	}
	p := samplePage()
	p.Club = `</title><script>alert("club")</script>`
	p.Challenges[0].Name = `<b>bold</b> & "quotes"`
	for i, n := range evil {
		p.Challenges[0].Board = append(p.Challenges[0].Board, Entry{Place: 4 + i, Name: n, Meters: 1000})
	}
	f.pages.set(clubID, p)
	body := f.get(t, "/c/"+token)
	for _, bad := range []string{"<script", "<img", "<b>", `onerror=alert(1)>`} {
		if strings.Contains(body, bad) {
			t.Errorf("markup from data reached the page: %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;", "O&#39;Brien &#34;the rocket&#34;", "🏃‍♀️ Zoë 🔥",
		"<bdi>مريم ع.</bdi>", "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quotes&#34;", "&lt;/title&gt;&lt;script&gt;",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	js := f.get(t, "/c/"+token+".json")
	if strings.Contains(js, "<script") {
		t.Error("JSON carries raw markup")
	}
	var doc struct {
		Challenges []struct {
			Board []struct{ Name string } `json:"board"`
		} `json:"challenges"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Challenges[0].Board[3].Name; got != evil[0] {
		t.Errorf("JSON name = %q, want it intact", got)
	}
	rows, err := csv.NewReader(strings.NewReader(f.get(t, "/c/"+token+".csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if strings.HasPrefix(row[7], "=") || strings.HasPrefix(row[0], "=") {
			t.Errorf("CSV cell would run as a formula: %q", row)
		}
	}
}

func TestUnknownRevokedAndMalformedTokensAreOne404(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if err := f.st.SetWebToken(t.Context(), "discord:9", token2); err != nil {
		t.Fatal(err)
	}
	f.pages.set("discord:9", Page{Club: "Other"})
	f.get(t, "/c/"+token2+".json") // served, then revoked below
	if err := f.st.SetWebToken(t.Context(), "discord:9", ""); err != nil {
		t.Fatal(err)
	}
	var first string
	for _, path := range []string{
		"/c/" + token2, "/c/" + token2 + ".json", "/c/" + token2 + "/chart.png", // revoked
		"/c/AAAAAAAAAAAAAAAAAAAAAAAA", "/c/" + token[:len(token)-1], "/c/" + token + "x", "/c/" + strings.ToUpper(token), // unknown, near misses
		"/c/", "/c/a/b", "/c/" + strings.Repeat("x", 5000), "/c/%3Cscript%3E", "/c/" + token + "/other.png", // malformed
	} {
		before, loads := f.st.lookups.Load(), f.pages.count()
		w := f.do("GET", path)
		if w.Code != 404 {
			t.Errorf("GET %s = %d, want 404", path, w.Code)
			continue
		}
		if n := f.st.lookups.Load() - before; n != 1 {
			t.Errorf("GET %s made %d token lookups, want exactly 1 like every other 404", path, n)
		}
		if f.pages.count() != loads {
			t.Errorf("GET %s loaded page data", path)
		}
		if w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("ETag") != "" {
			t.Errorf("GET %s: 404 headers %v", path, w.Header())
		}
		if first == "" {
			first = w.Body.String()
		} else if w.Body.String() != first {
			t.Errorf("GET %s: a different 404 body tells tokens apart", path)
		}
	}
}

func TestRevokeIsImmediateDespiteTheCache(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.get(t, "/c/"+token)
	if err := f.st.SetWebToken(t.Context(), clubID, ""); err != nil {
		t.Fatal(err)
	}
	if w := f.do("GET", "/c/"+token); w.Code != 404 {
		t.Fatalf("right after revoking (page data still cached) = %d, want 404", w.Code)
	}
	// A new token serves the same club; the old one stays gone.
	if err := f.st.SetWebToken(t.Context(), clubID, token2); err != nil {
		t.Fatal(err)
	}
	f.get(t, "/c/"+token2)
	if w := f.do("GET", "/c/"+token); w.Code != 404 {
		t.Errorf("old token after /club web new = %d", w.Code)
	}
	// A club gone from the store (deleted) is a 404 even with its token.
	f.pages.set(clubID, Page{})
	f.pages.mu.Lock()
	delete(f.pages.byID, clubID)
	f.pages.mu.Unlock()
	f.clock.Add(time.Minute)
	if w := f.do("GET", "/c/"+token2); w.Code != 404 {
		t.Errorf("page of a deleted club = %d, want 404", w.Code)
	}
}

func TestCacheETagConditionalAndHEAD(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	w1 := f.do("GET", "/c/"+token)
	etag := w1.Header().Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) || w1.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, w1.Header().Get("Cache-Control"))
	}
	f.clock.Add(4 * time.Second)
	w2 := f.do("GET", "/c/"+token)
	if f.pages.count() != 1 {
		t.Errorf("page data loaded %d times within the cache's few seconds, want 1", f.pages.count())
	}
	if w2.Header().Get("ETag") != etag || w2.Body.String() != w1.Body.String() {
		t.Error("the same data rendered differently")
	}
	// The clubhouse screen's refresh: a 304 without a body.
	w3 := f.do("GET", "/c/"+token, "If-None-Match", etag)
	if w3.Code != http.StatusNotModified || w3.Body.Len() != 0 {
		t.Errorf("conditional GET = %d with %d bytes, want 304 and none", w3.Code, w3.Body.Len())
	}
	if w := f.do("GET", "/c/"+token, "If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("stale If-None-Match = %d, want 200", w.Code)
	}
	// HEAD: the same headers, no body.
	h := f.do("HEAD", "/c/"+token)
	if h.Code != 200 || h.Body.Len() != 0 || h.Header().Get("ETag") != etag || h.Header().Get("Content-Length") != fmt.Sprint(w1.Body.Len()) {
		t.Errorf("HEAD = %d, %d bytes, headers %v", h.Code, h.Body.Len(), h.Header())
	}
	if h := f.do("HEAD", "/c/nope-nope-nope-nope-nope"); h.Code != 404 || h.Body.Len() != 0 {
		t.Errorf("HEAD of an unknown token = %d with %d bytes", h.Code, h.Body.Len())
	}
	// Past the cache's life, new data shows with a new ETag.
	p := samplePage()
	p.Challenges[0].Board[1].Meters = 25_000
	f.pages.set(clubID, p)
	f.clock.Add(2 * time.Second)
	w4 := f.do("GET", "/c/"+token, "If-None-Match", etag)
	if w4.Code != 200 || w4.Header().Get("ETag") == etag || !strings.Contains(w4.Body.String(), "25 km") {
		t.Errorf("after the cache expired: %d, ETag %q", w4.Code, w4.Header().Get("ETag"))
	}
	if f.pages.count() != 2 {
		t.Errorf("page data loads = %d, want 2", f.pages.count())
	}
	// Each variant has its own ETag.
	js := f.do("GET", "/c/"+token+".json")
	if js.Header().Get("ETag") == w4.Header().Get("ETag") {
		t.Error("JSON and HTML share an ETag")
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	w := f.do("GET", "/c/"+token)
	h := w.Header()
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers: %v", h)
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "style-src 'sha256-", "img-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP is not strict: %q", csp)
	}
	// The CSP's hash is the hash of the page's one stylesheet.
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(w.Body.String(), -1)
	if len(m) != 1 || !strings.Contains(csp, "'"+hashOf(m[0][1])+"'") {
		t.Errorf("the page's stylesheet does not match the CSP hash")
	}
	if strings.Contains(w.Body.String(), ` style="`) {
		t.Error("an inline style attribute would be blocked by the CSP")
	}
	if !strings.Contains(w.Body.String(), `<meta name="referrer" content="no-referrer">`) {
		t.Error("no referrer meta")
	}
	// 404s and 405s carry the same protection.
	for _, r := range []*httptest.ResponseRecorder{f.do("GET", "/c/unknown-unknown-unknown"), f.do("POST", "/c/"+token)} {
		if r.Header().Get("X-Content-Type-Options") != "nosniff" || r.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%d response without security headers", r.Code)
		}
	}
	if w := f.do("POST", "/c/"+token); w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST = %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

func hashOf(s string) string {
	return "sha256-" + sha256b64(s)
}

func TestEmbed(t *testing.T) {
	t.Parallel()
	p := samplePage()
	for i := range 30 {
		p.Challenges[0].Board = append(p.Challenges[0].Board, Entry{Place: 4 + i, Name: fmt.Sprintf("Runner%02d X.", i), Meters: 1000})
	}
	for _, tc := range []struct{ setting, want string }{
		{"", "frame-ancestors *"},
		{"https://club.example.org  'self'", "frame-ancestors https://club.example.org 'self'"},
	} {
		f := newFixture(t, func(c *Config) { c.FrameAncestors = tc.setting })
		f.pages.set(clubID, p)
		w := f.do("GET", "/c/"+token+"?embed=1")
		if w.Code != 200 {
			t.Fatalf("embed = %d", w.Code)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.HasSuffix(csp, tc.want) {
			t.Errorf("embed CSP = %q, want it to end with %q", csp, tc.want)
		}
		if w.Header().Get("X-Frame-Options") != "" {
			t.Error("the embed forbids framing")
		}
		body := w.Body.String()
		if !strings.Contains(body, `class="embed"`) || strings.Contains(body, "Autumn Miles") || strings.Contains(body, "<footer>") {
			t.Error("the embed is not the compact page")
		}
		if strings.Count(body, `<tr><td class="place">`) != 10+2 || !strings.Contains(body, "…and 23 more.") {
			t.Errorf("embed rows = %d", strings.Count(body, `<tr><td class="place">`))
		}
		full := f.get(t, "/c/"+token)
		if full == body {
			t.Error("the full page and the embed are the same")
		}
	}
	for _, bad := range []string{"https://a.example; script-src *", "https://a.example, https://b.example"} {
		if _, err := New(Config{Tokens: &countingTokens{}, Pages: &pages{}, FrameAncestors: bad}); err == nil {
			t.Errorf("FrameAncestors %q accepted", bad)
		}
	}
}

func TestChartRoute(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if w := f.do("GET", "/c/"+token+"/chart.png"); w.Code != 404 {
		t.Errorf("chart without a renderer = %d, want 404", w.Code)
	}
	f = newFixture(t, func(c *Config) { c.Charts = &fakeCharts{} })
	w := f.do("GET", "/c/"+token+"/chart.png?challenge=c2")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/png" || !strings.HasSuffix(w.Body.String(), "fake c2") || w.Header().Get("ETag") == "" {
		t.Fatalf("chart = %d %v %q", w.Code, w.Header(), w.Body)
	}
	if len(f.charts.got) != 1 || f.charts.got[0] != "Riverside Runners|c2|Ana P.,Sam J." {
		t.Errorf("chart renderer got %v", f.charts.got)
	}
	f.do("GET", "/c/"+token+"/chart.png?challenge=c2")
	if len(f.charts.got) != 1 {
		t.Error("the chart is rendered again within the cache's life")
	}
	if w := f.do("GET", "/c/"+token+"/chart.png?challenge=nope"); w.Code != 404 {
		t.Errorf("chart of an unknown challenge = %d", w.Code)
	}
	body := f.get(t, "/c/"+token)
	if !strings.Contains(body, `<img class="chart" src="/c/`+token+`/chart.png?challenge=c1"`) || !strings.Contains(body, `alt="Chart of December 100`) {
		t.Error("the page does not show the charts")
	}
}

func TestRateLimitPerClient(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32")}
	f := newFixture(t, func(c *Config) { c.RatePerSecond, c.RateBurst, c.TrustedProxies = 1, 3, proxies })
	get := func(remote string, xff ...string) int {
		r := httptest.NewRequest("GET", "/c/"+token, nil)
		r.RemoteAddr = remote
		for _, x := range xff {
			r.Header.Add("X-Forwarded-For", x)
		}
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		if w.Code == 429 && w.Header().Get("Retry-After") != "1" {
			t.Error("429 without Retry-After")
		}
		return w.Code
	}
	for i := range 3 {
		if c := get("203.0.113.5:1"); c != 200 {
			t.Fatalf("request %d = %d", i, c)
		}
	}
	if c := get("203.0.113.5:2"); c != 429 {
		t.Errorf("fourth request at once = %d, want 429", c)
	}
	// An untrusted peer cannot pick its address with X-Forwarded-For.
	if c := get("203.0.113.5:3", "198.51.100.1"); c != 429 {
		t.Errorf("spoofed X-Forwarded-For from an untrusted peer = %d, want 429", c)
	}
	// Other clients are unaffected; behind a trusted proxy each client
	// counts alone, by the nearest untrusted hop.
	if c := get("203.0.113.6:1"); c != 200 {
		t.Errorf("another client = %d", c)
	}
	for i := range 3 {
		if c := get("10.1.2.3:1", "1.1.1.1, 203.0.113.9, 10.9.9.9"); c != 200 {
			t.Fatalf("via proxy %d = %d", i, c)
		}
	}
	if c := get("10.1.2.3:1", "1.1.1.1, 203.0.113.9"); c != 429 {
		t.Errorf("the same client through the proxy = %d, want 429", c)
	}
	if c := get("192.0.2.1:1", "203.0.113.10"); c != 200 {
		t.Errorf("another client through a trusted proxy = %d", c)
	}
	// IPv6 clients count by /64.
	for i := range 3 {
		get(fmt.Sprintf("[2001:db8:1:2::%x]:1", i+1))
	}
	if c := get("[2001:db8:1:2::99]:1"); c != 429 {
		t.Errorf("a fourth address of the same /64 = %d, want 429", c)
	}
	// Time refills the bucket, and idle clients are forgotten.
	f.clock.Add(2 * time.Second)
	if c := get("203.0.113.5:1"); c != 200 {
		t.Errorf("after a pause = %d", c)
	}
	f.clock.Add(10 * time.Minute)
	get("203.0.113.77:1")
	if n := f.h.limits.size(); n != 1 {
		t.Errorf("limiter tracks %d clients after they went idle, want 1", n)
	}
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	h := &Handler{proxies: proxies}
	for _, tc := range []struct {
		remote string
		xff    []string
		want   string
	}{
		{"203.0.113.1:80", []string{"1.2.3.4"}, "203.0.113.1"},
		{"10.0.0.1:80", nil, "10.0.0.1"},
		{"10.0.0.1:80", []string{"1.2.3.4"}, "1.2.3.4"},
		{"10.0.0.1:80", []string{"6.6.6.6, 1.2.3.4", "10.0.0.2"}, "1.2.3.4"},
		{"10.0.0.1:80", []string{"1.2.3.4, garbage, 10.0.0.3"}, "10.0.0.3"},
		{"[::1]:80", []string{"2001:db8::1"}, "2001:db8::1"},
		{"[::ffff:10.0.0.1]:80", []string{"::ffff:5.6.7.8"}, "5.6.7.8"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, x := range tc.xff {
			r.Header.Add("X-Forwarded-For", x)
		}
		if got := h.clientIP(r); got != netip.MustParseAddr(tc.want) {
			t.Errorf("clientIP(%s, %v) = %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}

func TestStoreTroubleIs503(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.h.cfg.Tokens = failingTokens{}
	w := f.do("GET", "/c/"+token)
	if w.Code != 503 || w.Header().Get("Cache-Control") != "no-store" || strings.Contains(w.Body.String(), "redis") {
		t.Errorf("store down = %d %q", w.Code, w.Body)
	}
}

type failingTokens struct{}

func (failingTokens) WebClub(context.Context, string) (ids.ClubID, error) {
	return "", errors.New("redis: connection refused")
}

func TestNewTokenAndURL(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		tok, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{24}$`).MatchString(tok) || seen[tok] {
			t.Fatalf("token %q: wrong shape or repeated", tok)
		}
		seen[tok] = true
	}
	if got := URL("http://127.0.0.1:8080/", "abc"); got != "http://127.0.0.1:8080/c/abc" {
		t.Errorf("URL = %q", got)
	}
}
