package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// maxCached bounds the cache; past it, expired entries are swept on insert.
const maxCached = 512

// pageCache keeps each club's page data, and what was rendered from it, for
// a few seconds. Only the data is cached: tokens are checked per request.
type pageCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*entry
}

// entry is one club's page data and its renderings, keyed by variant.
type entry struct {
	page Page
	at   time.Time
	mu   sync.Mutex
	out  map[string]rendered
}

// rendered is one response body, ready to serve.
type rendered struct {
	body        []byte
	etag        string
	ctype       string
	disposition string
}

func newPageCache(ttl time.Duration) *pageCache {
	return &pageCache{ttl: ttl, m: map[string]*entry{}}
}

// get returns the club's entry, loading it when absent or older than the
// TTL. Two requests racing on a stale entry may both load; the data is the
// same, and a mutex held across store I/O would queue every other club.
func (c *pageCache) get(ctx context.Context, clubID string, now time.Time, load func() (Page, error)) (*entry, error) {
	c.mu.Lock()
	e, ok := c.m[clubID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.ttl && !now.Before(e.at) {
		return e, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := load()
	if err != nil {
		return nil, err
	}
	e = &entry{page: p, at: now, out: map[string]rendered{}}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCached {
		for k, old := range c.m {
			if now.Sub(old.at) >= c.ttl {
				delete(c.m, k)
			}
		}
	}
	c.m[clubID] = e
	return e, nil
}

// variant returns a rendering of the entry, making it once.
func (e *entry) variant(key string, build func() (rendered, error)) (rendered, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r, ok := e.out[key]; ok {
		return r, nil
	}
	r, err := build()
	if err != nil {
		return rendered{}, err
	}
	sum := sha256.Sum256(r.body)
	r.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	e.out[key] = r
	return r, nil
}
