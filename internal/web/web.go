// Package web serves a club's public challenge page: read-only, server
// rendered, at an unguessable address (/c/<token>) that club admins turn on
// with /club web on. It shows the club's challenges and their public boards
// and nothing private: no ids, no runs, no health data.
//
// Routes, under the prefix /c/:
//
//	GET /c/<token>            the page (HTML; ?embed=1 for an <iframe>)
//	GET /c/<token>.json       the same data for a club's own site
//	GET /c/<token>.csv        the boards for an organiser's spreadsheet
//	GET /c/<token>/chart.png  a challenge's chart (?challenge=<id>), when a
//	                          chart renderer is configured
//
// The token is looked up in the store on every request, so a revoked page
// is gone at once on every replica; only the page data is cached, for a few
// seconds. Responses carry an ETag and answer conditional and HEAD
// requests, so a clubhouse screen refreshing every minute costs a lookup
// and a 304.
package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Prefix is the path every page lives under; mount the Handler on it.
const Prefix = "/c/"

// FinishedDays is how long a finished challenge stays on the page.
const FinishedDays = 90

// HiddenName is how a member who opted out of the public page appears.
const HiddenName = "a club member"

// Page is everything a club's public page shows. The Pages implementation
// fills it with public data only: names as the open web may see them
// (first name and initial, or HiddenName), paused members left out.
type Page struct {
	Club       string      // the club's name; "" when it has none
	Units      string      // "km" (default) or "mi"
	Today      string      // YYYY-MM-DD in the club's zone
	Challenges []Challenge // open ones and those finished in the last FinishedDays days, oldest first
}

// Challenge is one challenge with its public board.
type Challenge struct {
	ID     string
	Name   string
	GoalM  int64 // metres; per member, or shared when Team
	Team   bool
	Start  string // YYYY-MM-DD, inclusive
	End    string // YYYY-MM-DD, inclusive
	Ended  bool   // ended early by an admin, or results posted
	TotalM int64  // everyone's distance together, hidden entries included
	Board  []Entry
	// Time makes it a time challenge: GoalM, TotalM and the entries'
	// Meters then hold seconds of running.
	Time bool
}

// Entry is one line of a board, highest first.
type Entry struct {
	Place  int // tied distances share a place
	Name   string
	Meters int64
}

// Tokens resolves page tokens; the store implements it.
type Tokens interface {
	// WebClub returns the club whose page token is token, or an error
	// wrapping store.ErrNotFound.
	WebClub(ctx context.Context, token string) (ids.ClubID, error)
}

// Pages gathers a club's public page data; the challenge service
// implements it (the same board rules as the chat's public boards).
type Pages interface {
	WebPage(ctx context.Context, clubID ids.ClubID, now time.Time) (Page, error)
}

// Charts draws a challenge's chart as a PNG. It gets the page's public data
// only, so a chart can show nothing the page does not.
type Charts interface {
	ChallengeChart(ctx context.Context, p Page, ch Challenge) ([]byte, error)
}

// Config configures a Handler.
type Config struct {
	Tokens Tokens
	Pages  Pages
	Charts Charts // nil: chart.png answers 404 and the page shows no chart
	Log    *slog.Logger
	Now    func() time.Time // default time.Now
	// FrameAncestors is the CSP frame-ancestors source list for ?embed=1
	// (WEB_FRAME_ANCESTORS); "" allows any site. The full page is never
	// framed.
	FrameAncestors string
	// TrustedProxies are the peers whose X-Forwarded-For is believed
	// (TRUSTED_PROXIES); from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	CacheTTL       time.Duration // page data cache; default 5s
	RatePerSecond  float64       // per client address; default 2
	RateBurst      int           // default 40
}

// Handler serves the public pages.
type Handler struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	cache   *pageCache
	limits  *limiter
	proxies []netip.Prefix
	csp     string // for the full page
	cspEmb  string // for ?embed=1
}

// New builds a Handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Tokens == nil || cfg.Pages == nil {
		return nil, errors.New("web: Tokens and Pages are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = 5 * time.Second
	}
	if cfg.RatePerSecond <= 0 {
		cfg.RatePerSecond = 2
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = 40
	}
	anc, err := frameAncestors(cfg.FrameAncestors)
	if err != nil {
		return nil, err
	}
	base := "default-src 'none'; style-src '" + styleHash + "'; img-src 'self'; base-uri 'none'; form-action 'none'"
	return &Handler{
		cfg:     cfg,
		log:     cfg.Log,
		now:     cfg.Now,
		cache:   newPageCache(cfg.CacheTTL),
		limits:  newLimiter(cfg.RatePerSecond, cfg.RateBurst),
		proxies: cfg.TrustedProxies,
		csp:     base + "; frame-ancestors 'none'",
		cspEmb:  base + "; frame-ancestors " + anc,
	}, nil
}

// frameAncestors checks a CSP source list: space-separated sources, no
// characters that could end the directive.
func frameAncestors(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "*", nil
	}
	if strings.ContainsAny(s, ";,\"\r\n") {
		return "", fmt.Errorf("WEB_FRAME_ANCESTORS: want space-separated CSP sources such as https://club.example.org 'self', got %q", s)
	}
	return s, nil
}

// NewToken makes a page token: 144 random bits as 24 base64url characters.
func NewToken() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// URL is the page's address under base (PUBLIC_URL): base + "/c/" + token.
func URL(base, token string) string {
	return strings.TrimRight(base, "/") + Prefix + token
}

// route is what a path under Prefix asks for.
type route int

const (
	routeHTML route = iota
	routeJSON
	routeCSV
	routeChart
)

// maxTokenLen bounds what is looked up; longer strings are still looked up
// (cut), so every 404 costs the same.
const maxTokenLen = 128

// parsePath splits "/c/<token>[.json|.csv|/chart.png]".
func parsePath(p string) (string, route) {
	rest := strings.TrimPrefix(p, Prefix)
	switch {
	case strings.HasSuffix(rest, "/chart.png"):
		return strings.TrimSuffix(rest, "/chart.png"), routeChart
	case strings.HasSuffix(rest, ".json"):
		return strings.TrimSuffix(rest, ".json"), routeJSON
	case strings.HasSuffix(rest, ".csv"):
		return strings.TrimSuffix(rest, ".csv"), routeCSV
	}
	return rest, routeHTML
}

// errNoChallenge is a chart request naming no challenge of the page.
var errNoChallenge = fmt.Errorf("no such challenge: %w", store.ErrNotFound)
