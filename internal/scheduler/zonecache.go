package scheduler

import (
	"sync"
	"time"
)

// zoneTTL is how long a club's zone is reused. Members without a zone of
// their own follow their club's, read on every re-plan (every /pain and
// /settings); it changes rarely. ClubChanged drops it at once on this
// replica; another replica's /club tz re-plans those members itself and
// reaches this cache within zoneTTL.
const zoneTTL = time.Minute

// zoneCache holds club zones for zoneTTL, by the scheduler's clock.
type zoneCache struct {
	mu sync.Mutex
	m  map[string]cachedZone
}

type cachedZone struct {
	loc     *time.Location
	fetched time.Time
}

func (c *zoneCache) get(clubID string, now time.Time) (*time.Location, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	z, ok := c.m[clubID]
	if !ok || now.Sub(z.fetched) >= zoneTTL || now.Before(z.fetched) {
		return nil, false
	}
	return z.loc, true
}

func (c *zoneCache) put(clubID string, loc *time.Location, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedZone{}
	}
	c.m[clubID] = cachedZone{loc: loc, fetched: now}
}

func (c *zoneCache) forget(clubID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, clubID)
}
