// Package ops is the bot's operations listener on HTTP_ADDR: /healthz
// (the process is alive), /readyz (every readiness check passes: the store
// answers, the platforms are connected), /metrics (handed in, see package
// metrics), plus whatever other handlers the bot mounts on it, such as the
// Telegram webhook.
package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Check reports whether one dependency is ready; a nil error means ready.
type Check func(ctx context.Context) error

// Config configures a Server.
type Config struct {
	Addr    string       // host:port; ":0" picks a free port
	Log     *slog.Logger // nil = slog.Default()
	Metrics http.Handler // served on /metrics; nil = no /metrics
	// CheckTimeout bounds each readiness check (default 2s): a probe
	// must answer before the kubelet's own timeout.
	CheckTimeout time.Duration
}

// Server is the operations HTTP server. Handle and AddCheck may be called
// before or after Start.
type Server struct {
	log          *slog.Logger
	mux          *http.ServeMux
	srv          *http.Server
	checkTimeout time.Duration

	mu       sync.Mutex
	checks   []namedCheck
	failing  map[string]bool // last state per check, to log changes only
	draining bool
	ln       net.Listener
	done     chan struct{} // closed when Serve has returned
	serveErr error         // Serve's result, read after done
}

type namedCheck struct {
	name string
	fn   Check
}

// New builds a server; nothing listens until Start.
func New(c Config) *Server {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.CheckTimeout <= 0 {
		c.CheckTimeout = 2 * time.Second
	}
	s := &Server{
		log:          c.Log,
		mux:          http.NewServeMux(),
		checkTimeout: c.CheckTimeout,
		failing:      map[string]bool{},
	}
	s.srv = &http.Server{
		Addr:              c.Addr,
		Handler:           s.mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(c.Log.Handler(), slog.LevelWarn),
	}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	if c.Metrics != nil {
		s.mux.Handle("GET /metrics", c.Metrics)
	}
	return s
}

// Handle mounts h on pattern (net/http.ServeMux syntax), e.g. the Telegram
// webhook at "POST /telegram/webhook".
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// AddCheck adds a readiness check shown on /readyz under name.
func (s *Server) AddCheck(name string, fn Check) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, namedCheck{name, fn})
}

// Start binds the address (so a port in use fails here, at start-up) and
// serves in the background until Shutdown.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.srv.Addr)
	if err != nil {
		return fmt.Errorf("ops listener on %s: %w", s.srv.Addr, err)
	}
	done := make(chan struct{})
	s.mu.Lock()
	s.ln, s.done = ln, done
	s.mu.Unlock()
	go func() {
		defer close(done)
		s.serveErr = s.srv.Serve(ln)
	}()
	s.log.Info("ops listener started", "addr", ln.Addr().String())
	return nil
}

// Addr returns the bound address ("" before Start).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Drain makes /readyz answer 503 so that load balancers stop sending new
// work (webhook updates) while the bot finishes what it has. Call it first
// on SIGTERM; /healthz and /metrics keep answering until Shutdown.
func (s *Server) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draining = true
}

// Shutdown stops accepting connections and waits for in-flight requests,
// up to ctx's deadline. Calling it again is harmless.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	done := s.done
	s.draining = true
	s.mu.Unlock()
	if done == nil {
		return nil // never started
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("ops listener shutdown: %w", err)
	}
	<-done
	if err := s.serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ops listener: %w", err)
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// readyz runs every check concurrently, each bounded by checkTimeout. The
// body names each check and says ok or failing; the errors themselves go
// to the log (once per change), because they can name hosts.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	checks := slices.Clone(s.checks)
	draining := s.draining
	s.mu.Unlock()

	results := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(r.Context(), s.checkTimeout)
			defer cancel()
			results[i] = c.fn(ctx)
		})
	}
	wg.Wait()

	var b strings.Builder
	ok := !draining
	if draining {
		b.WriteString("shutting down\n")
	}
	for i, c := range checks {
		err := results[i]
		s.noteState(c.name, err)
		if err != nil {
			ok = false
			fmt.Fprintf(&b, "%s: failing\n", c.name)
		} else {
			fmt.Fprintf(&b, "%s: ok\n", c.name)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprint(w, b.String())
}

// noteState logs a check's transitions between passing and failing, so a
// probe every few seconds does not flood the log.
func (s *Server) noteState(name string, err error) {
	s.mu.Lock()
	was := s.failing[name]
	s.failing[name] = err != nil
	s.mu.Unlock()
	switch {
	case err != nil && !was:
		s.log.Warn("readiness check failing", "check", name, "err", err)
	case err == nil && was:
		s.log.Info("readiness check passing again", "check", name)
	}
}
