package scheduler

import (
	"testing"
	"time"
)

func TestZoneCache(t *testing.T) {
	t.Parallel()
	var c zoneCache
	t0 := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get("telegram:-1", t0); ok {
		t.Fatal("empty cache hit")
	}
	c.put("telegram:-1", tokyo, t0)
	if loc, ok := c.get("telegram:-1", t0.Add(59*time.Second)); !ok || loc != tokyo {
		t.Errorf("fresh entry: %v %v", loc, ok)
	}
	if _, ok := c.get("telegram:-1", t0.Add(zoneTTL)); ok {
		t.Error("entry served after its TTL")
	}
	if _, ok := c.get("telegram:-1", t0.Add(-time.Second)); ok {
		t.Error("entry served when the clock went backwards")
	}
	c.forget("telegram:-1")
	if _, ok := c.get("telegram:-1", t0); ok {
		t.Error("forgotten entry served")
	}
}
