package redisstore

import (
	"testing"
)

// TestMemberCache: unchanged bytes come back from memory as a copy the
// caller may change; changed bytes decode afresh; a dropped member is gone.
func TestMemberCache(t *testing.T) {
	t.Parallel()
	var c memberCache
	const key = "m1"
	raw := `{"id":"console:1","clubs":["console:club"],"places":[{"place":"knee","level":"amber","score":3,"since":"2026-11-30T00:00:00Z","flags":["swelling"]}],"created":"2026-11-01T00:00:00Z"}`
	m, err := c.decode(key, raw)
	if err != nil {
		t.Fatal(err)
	}
	m.Clubs[0] = "changed"
	m.Places[0].Flags[0] = "changed"
	again, err := c.decode(key, raw)
	if err != nil {
		t.Fatal(err)
	}
	if again.Clubs[0] != "console:club" || again.Places[0].Flags[0] != "swelling" {
		t.Errorf("a caller's change reached the cache: %+v", again)
	}
	changed, err := c.decode(key, `{"id":"console:1","units":"mi","created":"2026-11-01T00:00:00Z"}`)
	if err != nil || changed.Units != "mi" || len(changed.Clubs) != 0 {
		t.Errorf("new bytes decoded to %+v (err %v)", changed, err)
	}
	if _, err := c.decode(key, `{"id":`); err == nil {
		t.Error("broken JSON decoded without an error")
	}
	c.drop(key)
	if _, ok := c.m[key]; ok {
		t.Error("dropped member still cached")
	}
}
