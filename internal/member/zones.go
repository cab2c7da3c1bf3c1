// Package member holds the rules about a member that the router and the
// scheduler share, so they can never disagree: which time zone a member
// lives by (Zones), which units they read (Units), and pause-and-keep for
// private messages a platform refused (Mailbox).
package member

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// ClubReader reads club documents (the store).
type ClubReader interface {
	Club(ctx context.Context, id ids.ClubID) (store.Club, error)
}

// ZoneTTL is how long a club's zone is reused before it is read again. A
// /club tz on this replica takes effect at once (Forget); on another
// replica within ZoneTTL.
const ZoneTTL = time.Minute

// Zones resolves members' time zones with one rule for everyone: the
// member's own zone; else the zone of the club the command came from (for
// the scheduler, which has no chat: the club the member used last); else
// UTC. Club zones are cached for ZoneTTL. It is safe for concurrent use;
// one value serves the router and the scheduler.
type Zones struct {
	clubs ClubReader
	mu    sync.Mutex
	cache map[ids.ClubID]cachedZone
}

type cachedZone struct {
	loc     *time.Location
	fetched time.Time
}

// NewZones returns a resolver reading clubs from st.
func NewZones(st ClubReader) *Zones {
	return &Zones{clubs: st, cache: map[ids.ClubID]cachedZone{}}
}

// Of returns the zone m lives by. clubID is the club of the chat a
// command came from ("" in a DM or for the scheduler).
func (z *Zones) Of(ctx context.Context, m store.Member, clubID ids.ClubID, now time.Time) *time.Location {
	if m.TZ != "" {
		if loc, err := time.LoadLocation(m.TZ); err == nil {
			return loc
		}
	}
	if clubID == "" && len(m.Clubs) > 0 {
		clubID = m.Clubs[len(m.Clubs)-1]
	}
	if clubID == "" {
		return time.UTC
	}
	return z.Club(ctx, clubID, now)
}

// Club returns a club's zone (UTC until set), cached for ZoneTTL. A failed
// read is not cached; it answers the zone last known (else UTC), so a
// storage blip does not move a member's reminders to UTC.
func (z *Zones) Club(ctx context.Context, clubID ids.ClubID, now time.Time) *time.Location {
	z.mu.Lock()
	c, ok := z.cache[clubID]
	z.mu.Unlock()
	if ok && now.Sub(c.fetched) < ZoneTTL && !now.Before(c.fetched) {
		return c.loc
	}
	club, err := z.clubs.Club(ctx, clubID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		if ok {
			return c.loc // a storage blip: the zone we last knew beats UTC
		}
		return time.UTC
	}
	loc := ClubZone(club)
	z.mu.Lock()
	if len(z.cache) > 10000 { // bounded: a reset only costs re-reading
		z.cache = map[ids.ClubID]cachedZone{}
	}
	z.cache[clubID] = cachedZone{loc: loc, fetched: now}
	z.mu.Unlock()
	return loc
}

// Forget drops a club's cached zone after this replica changed it.
func (z *Zones) Forget(clubID ids.ClubID) {
	z.mu.Lock()
	delete(z.cache, clubID)
	z.mu.Unlock()
}

// ClubZone is a club document's zone, UTC when unset or unknown.
func ClubZone(c store.Club) *time.Location {
	if c.TZ != "" {
		if loc, err := time.LoadLocation(c.TZ); err == nil {
			return loc
		}
	}
	return time.UTC
}
