package storetest

import (
	"sync"
	"testing"
	"time"
)

// Epoch is where every test clock starts: a fixed instant, so failures
// reproduce.
var Epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Clock is a fake clock. A store under test reads it (through the
// backend's WithClock option) for what it decides by itself, such as mark
// expiry, so the suite moves time instead of sleeping.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var clocks sync.Map // testing.TB → *Clock

// ClockFor returns test t's fake clock, starting at Epoch. The open
// function given to Run and the subtest it serves receive the same t, so
// the open function passes ClockFor(t).Now to the store and the subtest
// advances the same clock.
func ClockFor(t testing.TB) *Clock {
	c, loaded := clocks.LoadOrStore(t, &Clock{t: Epoch})
	if !loaded {
		t.Cleanup(func() { clocks.Delete(t) })
	}
	return c.(*Clock)
}
