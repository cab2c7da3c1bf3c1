package web

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per client address. Buckets idle long enough
// to be full again are dropped, so the map holds only recent clients.
type limiter struct {
	mu        sync.Mutex
	every     rate.Limit
	burst     int
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{every: rate.Limit(perSecond), burst: burst, buckets: map[string]*bucket{}}
}

// refill is how long an empty bucket takes to fill up.
func (l *limiter) refill() time.Duration {
	return time.Duration(float64(l.burst) / float64(l.every) * float64(time.Second))
}

// retryAfter is how many whole seconds one more request takes to earn.
func (l *limiter) retryAfter() int {
	return int(math.Ceil(1 / float64(l.every)))
}

func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		idle := l.refill()
		for k, b := range l.buckets {
			if now.Sub(b.seen) > idle {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{l: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.l.AllowN(now, 1)
}

// size is the number of tracked clients (tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// clientIP is the address a request came from: the peer, or, when the
// peer is a trusted proxy, the nearest untrusted address in
// X-Forwarded-For (read from the right, since a client can write anything
// to the left of what the proxies append).
func (h *Handler) clientIP(r *http.Request) netip.Addr {
	peer := parseHostAddr(r.RemoteAddr)
	if !h.trusted(peer) {
		return peer
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: trust nothing further left
		}
		client = a.Unmap()
		if !h.trusted(client) {
			break
		}
	}
	return client
}

func (h *Handler) trusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range h.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func parseHostAddr(hostport string) netip.Addr {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// rateKey groups IPv6 clients by /64, the block one subscriber usually
// gets, so a client cannot dodge the limit by walking its own addresses.
func rateKey(a netip.Addr) string {
	if !a.IsValid() {
		return "?"
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
