package ops_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/ops"
	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// syncBuffer is a goroutine-safe log sink.
type syncBuffer = logtest.Buffer

func start(t *testing.T, c ops.Config) (*ops.Server, string, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:0"
	}
	c.Log = slog.New(slog.NewTextHandler(logs, nil))
	s := ops.New(c)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s, "http://" + s.Addr(), logs
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestHealthzAndMetrics(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.Observe("pain", "console", nil)
	_, base, _ := start(t, ops.Config{Metrics: m.Handler()})
	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	code, body := get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, `clubcoach_commands_total{command="pain",platform="console"} 1`) {
		t.Errorf("/metrics = %d, lacks the pain counter:\n%.500s", code, body)
	}
	if code, _ := get(t, base+"/nope"); code != http.StatusNotFound {
		t.Errorf("/nope = %d, want 404", code)
	}
}

func TestReadyzWithRealStore(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, base, _ := start(t, ops.Config{})
	s.AddCheck("store", st.Ping)
	if code, body := get(t, base+"/readyz"); code != 200 || body != "store: ok\n" {
		t.Errorf("/readyz with an open store = %d %q", code, body)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/readyz"); code != 503 || body != "store: failing\n" {
		t.Errorf("/readyz with a closed store = %d %q, want 503", code, body)
	}
}

func TestReadyzHidesErrorsAndLogsChangesOnce(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	fail := true
	s, base, logs := start(t, ops.Config{})
	s.AddCheck("telegram", func(context.Context) error { return nil })
	s.AddCheck("redis", func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return errors.New("dial redis://:hunter2@10.0.0.9:6379: refused")
		}
		return nil
	})
	for range 3 {
		code, body := get(t, base+"/readyz")
		if code != 503 || body != "telegram: ok\nredis: failing\n" {
			t.Fatalf("/readyz = %d %q", code, body)
		}
	}
	if n := strings.Count(logs.String(), "readiness check failing"); n != 1 {
		t.Errorf("failing state logged %d times over 3 probes, want 1:\n%s", n, logs)
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz after recovery = %d", code)
	}
	if !strings.Contains(logs.String(), "readiness check passing again") {
		t.Error("recovery not logged")
	}
}

func TestReadyzBoundsSlowChecks(t *testing.T) {
	t.Parallel()
	s, base, _ := start(t, ops.Config{CheckTimeout: 50 * time.Millisecond})
	s.AddCheck("stuck", func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	t0 := time.Now()
	code, body := get(t, base+"/readyz")
	if code != 503 || body != "stuck: failing\n" {
		t.Errorf("/readyz = %d %q", code, body)
	}
	if d := time.Since(t0); d > 3*time.Second {
		t.Errorf("/readyz took %v with a 50ms check timeout", d)
	}
}

func TestDrainFailsReadinessButNotLiveness(t *testing.T) {
	t.Parallel()
	s, base, _ := start(t, ops.Config{})
	s.AddCheck("store", func(context.Context) error { return nil })
	s.Drain()
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.HasPrefix(body, "shutting down\n") {
		t.Errorf("/readyz while draining = %d %q", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz while draining = %d", code)
	}
}

func TestHandleMountsWebhookAndShutdownWaitsForIt(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	s, base, _ := start(t, ops.Config{})
	s.Handle("POST /telegram/webhook", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "handled")
	}))

	type result struct {
		code int
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Post(base+"/telegram/webhook", "application/json", strings.NewReader(`{"update_id":1}`))
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{resp.StatusCode, string(b), err}
	}()
	<-entered

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shut <- s.Shutdown(ctx)
	}()
	// New connections are refused once shutdown has begun; poll for it.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still accepting 5s after Shutdown began")
		}
		time.Sleep(10 * time.Millisecond) // poll tick, not a wait for an outcome
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) with a request in flight", err)
	default:
	}
	close(release)
	if r := <-got; r.err != nil || r.code != 200 || r.body != "handled" {
		t.Errorf("in-flight webhook request = %d %q %v, want 200 handled", r.code, r.body, r.err)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestShutdownDeadlineWithStuckRequest(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	s, base, _ := start(t, ops.Config{})
	s.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
	}))
	go func() {
		if resp, err := http.Get(base + "/slow"); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown with a stuck request = %v, want deadline exceeded", err)
	}
}

func TestStartReportsAddressInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := ops.New(ops.Config{Addr: ln.Addr().String()})
	err = s.Start()
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("Start on a taken port = %v, want an error naming %s", err, ln.Addr())
	}
}

func TestShutdownBeforeStart(t *testing.T) {
	t.Parallel()
	if err := ops.New(ops.Config{Addr: "127.0.0.1:0"}).Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown of a server never started: %v", err)
	}
}

func TestShutdownTwice(t *testing.T) {
	t.Parallel()
	s, _, _ := start(t, ops.Config{})
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := s.Shutdown(ctx)
		cancel()
		if err != nil {
			t.Errorf("Shutdown #%d: %v", i+1, err)
		}
	}
}
