package scheduler

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// fakeClock is the tests' time: it moves only when a test (or a rate-limit
// wait) moves it.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(start time.Time) *fakeClock { return &fakeClock{t: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// advanceTo moves the clock to t unless it is already later.
func (c *fakeClock) advanceTo(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t
	}
}

// wait is Deps.Wait for tests: a rate-limit delay moves the clock on.
func (c *fakeClock) wait(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.advanceTo(c.Now().Add(d))
	return nil
}

type sent struct {
	to, text string
	buttons  []platforms.Button
	at       time.Time
}

// recorder is a Sender that remembers what it was asked to send, with the
// fake time of each send. fail, when set, decides a DM's error, and
// failPost a post's.
type recorder struct {
	mu       sync.Mutex
	now      func() time.Time
	dms      []sent
	posts    []sent
	fail     func(memberID string) error
	failPost func(channelID string) error
	// lim and wait, when set, make the recorder a rate-limited sender
	// like the adapters: each DM waits for a token on the fake clock.
	lim  *rate.Limiter
	wait func(ctx context.Context, d time.Duration) error
}

// SendRate implements SendRater from the limiter, as adapters do.
func (r *recorder) SendRate(string) float64 {
	if r.lim == nil {
		return 0
	}
	return float64(r.lim.Limit())
}

func (r *recorder) DM(ctx context.Context, member platforms.MemberID, text string, buttons []platforms.Button) error {
	memberID := string(member)
	if r.lim != nil {
		now := r.now()
		if err := r.wait(ctx, r.lim.ReserveN(now, 1).DelayFrom(now)); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(memberID); err != nil {
			return err
		}
	}
	r.dms = append(r.dms, sent{to: memberID, text: platforms.Render(text, nil), buttons: buttons, at: r.now()})
	return nil
}

func (r *recorder) Post(_ context.Context, chat platforms.ChatID, text string) error {
	channelID := string(chat)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failPost != nil {
		if err := r.failPost(channelID); err != nil {
			return err
		}
	}
	r.posts = append(r.posts, sent{to: channelID, text: platforms.Render(text, nil), at: r.now()})
	return nil
}

func (r *recorder) DMs() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.dms...)
}

func (r *recorder) Posts() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.posts...)
}

// fastDir is a directory on tmpfs when there is one: bbolt fsyncs every
// write, and these tests make thousands.
func fastDir(t testing.TB) string {
	t.Helper()
	if d, err := os.MkdirTemp("/dev/shm", "cc-sched-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return t.TempDir()
}

func openEmbedded(t testing.TB, clk *fakeClock) *embedded.Store {
	t.Helper()
	st, err := embedded.Open(fastDir(t), embedded.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// logBuffer is a goroutine-safe log sink.
type logBuffer = logtest.Buffer

type harness struct {
	clk  *fakeClock
	st   Store
	snd  *recorder
	s    *Scheduler
	logs *logBuffer
	deps Deps
}

// newHarness builds a scheduler over st serving the given platforms; its
// recorder sends without limits unless the test gives it a limiter.
func newHarness(t testing.TB, clk *fakeClock, st Store, tweak func(*Deps), served ...string) *harness {
	t.Helper()
	if len(served) == 0 {
		served = []string{platforms.Telegram}
	}
	h := &harness{clk: clk, st: st, snd: &recorder{now: clk.Now}, logs: &logBuffer{}}
	h.deps = Deps{
		Store: st, Sender: h.snd, Platforms: served, Clock: clk.Now, Wait: clk.wait,
		Log: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if tweak != nil {
		tweak(&h.deps)
	}
	h.s = New(h.deps)
	return h
}

func (h *harness) member(t testing.TB, id string, fn func(*store.Member)) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.st.UpdateMember(ctx, ids.MemberID(id), func(m *store.Member) error {
		m.Created = h.clk.Now()
		fn(m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.MemberChanged(ctx, ids.MemberID(id)); err != nil {
		t.Fatal(err)
	}
}

// dmsTo returns the DMs sent to id.
func (h *harness) dmsTo(id string) []sent {
	var out []sent
	for _, d := range h.snd.DMs() {
		if d.to == id {
			out = append(out, d)
		}
	}
	return out
}

func when(t testing.TB, st Store, platform, job string) (time.Time, bool) {
	t.Helper()
	at, err := st.When(context.Background(), platform, job)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return at, true
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// countMetrics counts what the scheduler reports.
type countMetrics struct {
	mu      sync.Mutex
	sent    int
	maxLate time.Duration
}

func (c *countMetrics) ReminderSent(_ string, late time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent++
	c.maxLate = max(c.maxLate, late)
}
