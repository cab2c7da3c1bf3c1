package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// ServeHTTP answers every request under Prefix.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer") // the address is the secret
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		h.plain(w, http.StatusMethodNotAllowed, "This page can only be read.")
		return
	}
	now := h.now()
	if !h.limits.allow(rateKey(h.clientIP(r)), now) {
		hd.Set("Retry-After", strconv.Itoa(h.limits.retryAfter()))
		h.plain(w, http.StatusTooManyRequests, "Too many requests from your address; try again in a few seconds.")
		return
	}
	token, rt := parsePath(r.URL.Path)
	if len(token) > maxTokenLen {
		token = token[:maxTokenLen]
	}
	// Every request looks its token up, whatever its shape: a malformed,
	// unknown or revoked token all cost one lookup by hash and get the
	// same 404.
	clubID, err := h.cfg.Tokens.WebClub(r.Context(), token)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	ent, err := h.cache.get(r.Context(), string(clubID), now, func() (Page, error) {
		return h.cfg.Pages.WebPage(r.Context(), clubID, now)
	})
	if err != nil {
		h.failed(w, r, err) // a club deleted since is ErrNotFound too
		return
	}
	q := r.URL.Query()
	var out rendered
	switch rt {
	case routeHTML:
		embed := q.Get("embed") == "1"
		if embed {
			hd.Set("Content-Security-Policy", h.cspEmb)
			hd.Del("X-Frame-Options")
		}
		out, err = ent.html(token, embed, h.cfg.Charts != nil)
	case routeJSON:
		hd.Set("Access-Control-Allow-Origin", "*")
		out, err = ent.json()
	case routeCSV:
		hd.Set("Access-Control-Allow-Origin", "*")
		out, err = ent.csv()
	case routeChart:
		if h.cfg.Charts == nil {
			h.plain(w, http.StatusNotFound, "No chart here yet.")
			return
		}
		out, err = ent.chart(r.Context(), h.cfg.Charts, q.Get("challenge"))
	}
	if err != nil {
		h.failed(w, r, err)
		return
	}
	hd.Set("Content-Type", out.ctype)
	hd.Set("ETag", out.etag)
	// Stored, but checked with us (a cheap 304) before each use: a revoked
	// page must not live on in a browser or proxy cache.
	hd.Set("Cache-Control", "no-cache")
	if out.disposition != "" {
		hd.Set("Content-Disposition", out.disposition)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(out.body))
}

// notFoundPage is the one answer for every address that shows nothing.
const notFoundPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>Page not found</title></head>
<body><main><h1>Page not found</h1><p>This club page doesn't exist, or the club has turned it off.</p></main></body></html>
`

// failed answers 404 for what is not there and 503 for store trouble.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, err error) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Del("ETag")
	hd.Del("Access-Control-Allow-Origin")
	if errors.Is(err, store.ErrNotFound) {
		hd.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			w.Write([]byte(notFoundPage))
		}
		return
	}
	h.log.Warn("public club page failed", "err", err) // never the path: it holds the token
	hd.Set("Retry-After", "30")
	h.plain(w, http.StatusServiceUnavailable, "The page is having trouble right now; it will be back in a minute.")
}

func (h *Handler) plain(w http.ResponseWriter, code int, msg string) {
	hd := w.Header()
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write([]byte(msg + "\n"))
}
