package redisstore

import (
	"encoding/json"
	"sync"

	"github.com/clubcoach/clubcoach/internal/store"
)

// memberCache remembers, per member key, the last document this process
// decoded and the member it decoded to. The same bytes always decode to
// the same member, so a read that brings back unchanged bytes (most
// commands between two writes) skips the JSON; anything else decodes
// afresh. Callers change the members they get, so a clone goes out and a
// clone is kept.
type memberCache struct {
	mu sync.Mutex
	m  map[string]cachedMember
}

type cachedMember struct {
	raw string
	m   store.Member
}

func (c *memberCache) decode(key, raw string) (store.Member, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.raw == raw {
		return e.m.Clone(), nil
	}
	var m store.Member
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return store.Member{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= docCacheSize {
		c.m = make(map[string]cachedMember, 1024)
	}
	c.m[key] = cachedMember{raw: raw, m: m.Clone()}
	return m, nil
}

// drop forgets a member (/forgetme): decoded health state must not outlive
// the member in this process.
func (c *memberCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}
