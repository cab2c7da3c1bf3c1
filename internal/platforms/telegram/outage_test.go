package telegram

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// idlePause tells the pause after an empty poll from a backoff wait.
const idlePause = 1500 * time.Millisecond

// napWatch wraps the rig's clock: each backoff wait records what Ready said
// at that moment, so a test sees readiness during the outage.
type napWatch struct {
	mu    sync.Mutex
	a     *Adapter
	ready []error
	naps  []time.Duration
	clock *fakeClock
	onNap func(n int) // called with the count of backoff waits so far
}

func (w *napWatch) Sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	if d != idlePause { // not the pause after an empty poll
		w.ready = append(w.ready, w.a.Ready(ctx))
		w.naps = append(w.naps, d)
		if w.onNap != nil {
			w.onNap(len(w.naps))
		}
	}
	w.mu.Unlock()
	return w.clock.Sleep(ctx, d)
}

func (w *napWatch) snapshot() ([]error, []time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]error(nil), w.ready...), append([]time.Duration(nil), w.naps...)
}

func countLines(logs, msg string) int {
	n := 0
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, msg) {
			n++
		}
	}
	return n
}

// A Bot API that cannot be reached at start (getMe failing: a 502 page, a
// 500, a network error) is retried with doubling waits, not given up on;
// Ready says why meanwhile; each step is one log line; polling starts once
// it answers.
func TestRunWaitsOutUnreachableBotAPIAtStart(t *testing.T) {
	t.Parallel()
	w := &napWatch{}
	r := newRig(t, func(c *Config) { c.Sleep, c.IdlePause = w.Sleep, idlePause })
	w.a, w.clock = r.a, r.clock
	r.api.script("getMe",
		reply{502, "<html>Bad Gateway</html>"},
		apiErr(500, "Internal Server Error", 0),
		reply{502, "<html>Bad Gateway</html>"},
		apiErr(500, "Internal Server Error", 0),
		ok(map[string]any{"id": 666, "is_bot": true, "first_name": "Test", "username": "TestNameBot"}),
	)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()
	waitFor(t, "polling after the outage", func() bool { return len(r.api.callsTo("getUpdates")) >= 1 })
	waitFor(t, "ready", func() bool { return r.a.Ready(ctx) == nil })

	ready, naps := w.snapshot()
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}; !equalDurations(naps[:min(4, len(naps))], want) {
		t.Fatalf("backoff waits %v, want %v", naps, want)
	}
	for i, err := range ready[:4] {
		if err == nil || !strings.Contains(err.Error(), "unreachable") {
			t.Fatalf("Ready during outage step %d = %v, want unreachable", i, err)
		}
	}
	if n := len(r.api.callsTo("getMe")); n != 5 {
		t.Fatalf("getMe calls = %d, want 5 (one per backoff step)", n)
	}
	logs := r.logs.String()
	if n := countLines(logs, "Bot API unreachable; trying again"); n != 4 {
		t.Fatalf("%d outage lines, want one per step (4):\n%s", n, logs)
	}
	if strings.Contains(logs, "retrying") || strings.Contains(logs, testToken) {
		t.Fatalf("per-request retry lines or the token in the logs:\n%s", logs)
	}
	if countLines(logs, "reachable again") != 1 {
		t.Fatalf("recovery not logged once:\n%s", logs)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A refused token is a setting to fix, not an outage: Run stops at once
// with one clear reason naming TELEGRAM_TOKEN, and never the token.
func TestRunStopsOnRefusedToken(t *testing.T) {
	t.Parallel()
	for _, rep := range []reply{apiErr(401, "Unauthorized", 0), apiErr(404, "Not Found", 0), {401, "<html>401</html>"}} {
		r := newRig(t, nil)
		r.api.script("getMe", rep)
		err := r.a.Run(context.Background())
		if !errors.Is(err, platforms.ErrTokenRefused) || !strings.Contains(err.Error(), "TELEGRAM_TOKEN") || strings.Contains(err.Error(), testToken) {
			t.Fatalf("getMe %d: Run = %v, want ErrTokenRefused naming TELEGRAM_TOKEN", rep.Status, err)
		}
		if n := len(r.api.callsTo("getMe")); n != 1 {
			t.Fatalf("getMe %d: %d calls, want 1", rep.Status, n)
		}
	}
}

// Polls that fail after start (the Bot API went away) are retried forever
// with backoff; Ready is false until a poll succeeds again, and then
// updates flow as before.
func TestPollOutageNotReadyThenRecovers(t *testing.T) {
	t.Parallel()
	w := &napWatch{}
	r := newRig(t, func(c *Config) { c.Sleep, c.IdlePause = w.Sleep, idlePause })
	w.a, w.clock = r.a, r.clock
	r.api.script("getUpdates", reply{502, "<html>Bad Gateway</html>"})
	w.onNap = func(n int) {
		if n == 6 {
			r.api.script("getUpdates") // back: long polls again
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()
	waitFor(t, "polls after the outage", func() bool { return len(r.api.callsTo("getUpdates")) >= 7 })
	r.api.push(update(9, 42, "private", 42, "/help"))
	waitFor(t, "the reply after recovery", func() bool { return len(r.api.callsTo("sendMessage")) == 1 })
	if err := r.a.Ready(ctx); err != nil {
		t.Fatalf("Ready after recovery = %v", err)
	}
	ready, naps := w.snapshot()
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second}; !equalDurations(naps[:6], want) {
		t.Fatalf("waits %v, want %v", naps, want)
	}
	for i, err := range ready[:6] {
		if err == nil || !strings.Contains(err.Error(), "unreachable") {
			t.Fatalf("Ready during poll outage step %d = %v", i+1, err)
		}
	}
	logs := r.logs.String()
	if n := countLines(logs, "telegram poll failed; trying again"); n != 6 {
		t.Fatalf("%d poll failure lines, want 6:\n%s", n, logs)
	}
	cancel()
	<-done
}
