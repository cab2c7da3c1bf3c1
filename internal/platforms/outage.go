package platforms

import (
	"errors"
	"time"
)

// ErrTokenRefused: the platform rejected the bot's token (Telegram 401,
// Discord 401 or gateway close 4004). It is a setting to fix, not an
// outage to wait out, so an adapter stops with it instead of retrying.
var ErrTokenRefused = errors.New("the platform refused the bot token")

// Backoff paces the reconnect attempts of an adapter whose platform cannot
// be reached: the wait doubles from Min up to Max and stays there, forever.
// Each attempt is one step, and an adapter logs one line per step (what is
// wrong and when it tries again), never one per underlying request.
type Backoff struct {
	Min, Max time.Duration

	tries int
	wait  time.Duration
	since time.Time
}

// Fail records a failed attempt at now and returns how long to wait before
// the next one.
func (b *Backoff) Fail(now time.Time) time.Duration {
	if b.tries == 0 {
		b.since = now
		b.wait = max(b.Min, time.Millisecond)
	} else {
		b.wait = min(b.wait*2, max(b.Max, b.Min))
	}
	b.tries++
	return b.wait
}

// Tries is the number of failed attempts since the last success.
func (b *Backoff) Tries() int { return b.tries }

// Down is how long the platform has been failing, at now.
func (b *Backoff) Down(now time.Time) time.Duration {
	if b.tries == 0 {
		return 0
	}
	return now.Sub(b.since)
}

// Reset records a success: the next failure waits Min again.
func (b *Backoff) Reset() { b.tries, b.wait = 0, 0 }
