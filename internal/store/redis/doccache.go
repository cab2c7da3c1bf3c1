package redisstore

import "sync"

// docCacheSize bounds the documents remembered (a reset only costs a read).
const docCacheSize = 10000

// docCache remembers the last version of a document this process read or
// wrote, by key. An update starts its compare-and-set from it instead of a
// GET: a command that just read its member writes it back in one round
// trip. A stale entry (another replica wrote since) only makes the
// compare-and-set fail, and the update then reads the current version as
// before, so the cache is never a source of truth. It also remembers a
// member's pain id sequence under the pains hash's key (MemberWithHistory
// reads it), which AddPainWithMember checks the same way.
type docCache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *docCache) get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *docCache) put(key, doc string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= docCacheSize {
		c.m = make(map[string]string, 1024)
	}
	c.m[key] = doc
}

func (c *docCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}
