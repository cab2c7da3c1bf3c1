package member

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

type clubs struct {
	zones map[string]string
	reads int
	fail  bool
}

func (c *clubs) Club(_ context.Context, id ids.ClubID) (store.Club, error) {
	c.reads++
	if c.fail {
		return store.Club{}, errors.New("redis down")
	}
	tz, ok := c.zones[string(id)]
	if !ok {
		return store.Club{}, store.ErrNotFound
	}
	return store.Club{ID: id, TZ: tz}, nil
}

// One rule for the router and the scheduler (issue 13): the member's own
// zone; else the chat's club; else the club used last; else UTC.
func TestZoneRule(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	st := &clubs{zones: map[string]string{"telegram:-1": "Asia/Tokyo", "telegram:-2": "Europe/London"}}
	z := NewZones(st)
	cases := []struct {
		name string
		m    store.Member
		chat string
		want string
	}{
		{"own zone first", store.Member{TZ: "America/New_York", Clubs: []ids.ClubID{"telegram:-1"}}, "telegram:-2", "America/New_York"},
		{"the chat's club next", store.Member{Clubs: []ids.ClubID{"telegram:-1", "telegram:-2"}}, "telegram:-1", "Asia/Tokyo"},
		{"no chat: the club used last", store.Member{Clubs: []ids.ClubID{"telegram:-1", "telegram:-2"}}, "", "Europe/London"},
		{"a club without a zone is UTC", store.Member{Clubs: []ids.ClubID{"telegram:-9"}}, "", "UTC"},
		{"nothing: UTC", store.Member{}, "", "UTC"},
		{"a broken own zone falls back", store.Member{TZ: "Not/AZone", Clubs: []ids.ClubID{"telegram:-1"}}, "", "Asia/Tokyo"},
	}
	for _, c := range cases {
		if got := z.Of(ctx, c.m, ids.ClubID(c.chat), now).String(); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestClubZonesAreCachedBriefly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	st := &clubs{zones: map[string]string{"telegram:-1": "Asia/Tokyo"}}
	z := NewZones(st)
	z.Club(ctx, "telegram:-1", t0)
	z.Club(ctx, "telegram:-1", t0.Add(59*time.Second))
	if st.reads != 1 {
		t.Errorf("%d reads within the TTL, want 1", st.reads)
	}
	z.Club(ctx, "telegram:-1", t0.Add(ZoneTTL))
	z.Club(ctx, "telegram:-1", t0.Add(-time.Second)) // the clock went back
	if st.reads != 3 {
		t.Errorf("%d reads, want 3 (expired, then clock skew)", st.reads)
	}
	st.zones["telegram:-1"] = "Europe/Paris"
	z.Forget("telegram:-1")
	if got := z.Club(ctx, "telegram:-1", t0.Add(ZoneTTL)).String(); got != "Europe/Paris" {
		t.Errorf("after Forget: %s", got)
	}
	st.fail = true
	z.Forget("telegram:-1")
	if got := z.Club(ctx, "telegram:-1", t0); got != time.UTC {
		t.Errorf("failed read: %s, want UTC", got)
	}
	st.fail = false
	if got := z.Club(ctx, "telegram:-1", t0).String(); got != "Europe/Paris" {
		t.Errorf("a failed read was cached: %s", got)
	}
}
