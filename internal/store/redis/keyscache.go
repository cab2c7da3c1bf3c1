package redisstore

import (
	"sync"

	"github.com/clubcoach/clubcoach/internal/ids"
)

// keysCacheSize bounds the members whose key names are remembered (a reset
// only costs building them again).
const keysCacheSize = 10000

// keysCache remembers each member's key names (mkeys): they depend only on
// the prefix and the member id, so an entry is never stale.
type keysCache struct {
	mu sync.Mutex
	m  map[ids.MemberID]*memberKeys
}

func (c *keysCache) get(id ids.MemberID) (memberKeys, bool) {
	c.mu.Lock()
	k, ok := c.m[id]
	c.mu.Unlock()
	if !ok {
		return memberKeys{}, false
	}
	return *k, true
}

func (c *keysCache) put(id ids.MemberID, k memberKeys) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= keysCacheSize {
		c.m = make(map[ids.MemberID]*memberKeys, 1024)
	}
	c.m[id] = &k
}
