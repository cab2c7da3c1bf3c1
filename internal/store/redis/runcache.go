package redisstore

import (
	"slices"
	"sync"

	"github.com/clubcoach/clubcoach/internal/store"
)

// runCacheSize bounds the decoded runs kept in memory (~200 B each).
const runCacheSize = 20000

// runCache keeps decoded run entries by their raw stored form. A stored
// entry ("<seq>|<json>") is never changed in place — a run is added or
// deleted whole — so the raw string fully determines the decoded value and
// the cache needs no invalidation. It spares /run and /week from decoding
// a member's whole recent history as JSON on every command.
type runCache struct {
	mu sync.Mutex
	m  map[string]store.Run
}

func (c *runCache) decode(raw string) (store.Run, error) {
	c.mu.Lock()
	r, ok := c.m[raw]
	c.mu.Unlock()
	if ok {
		r.Boards = slices.Clone(r.Boards) // callers own what they get
		return r, nil
	}
	r, err := decodeRun(raw)
	if err != nil {
		return r, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= runCacheSize {
		c.m = make(map[string]store.Run, 1024) // a reset only costs re-decoding
	}
	c.m[raw] = r
	c.mu.Unlock()
	r.Boards = slices.Clone(r.Boards)
	return r, nil
}

// drop removes entries, so a forgotten member's runs (notes included) do
// not outlive Forget in this process's memory.
func (c *runCache) drop(raws []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, raw := range raws {
		delete(c.m, raw)
	}
}

// cached reports whether raw is in the cache (for tests).
func (c *runCache) cached(raw string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[raw]
	return ok
}
