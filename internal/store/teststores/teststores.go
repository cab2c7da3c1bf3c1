// Package teststores opens each store backend for tests whose rules must
// hold on both: the embedded store in a temp dir and Redis on a real
// redis-server (redistest), each closed when the test ends.
package teststores

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// Backend opens a fresh store of one kind that reads the time from now.
type Backend struct {
	Name string
	Open func(t *testing.T, now func() time.Time) store.Store
}

// All lists every backend.
func All() []Backend {
	return []Backend{{"embedded", Embedded}, {"redis", Redis}}
}

// Embedded opens an embedded store in a temp dir.
func Embedded(t *testing.T, now func() time.Time) store.Store {
	t.Helper()
	st, err := embedded.Open(t.TempDir(), embedded.WithClock(now))
	if err != nil {
		t.Fatalf("open embedded store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// Redis opens a Redis store on a redis-server of the test's own.
func Redis(t *testing.T, now func() time.Time) store.Store {
	t.Helper()
	st, err := redisstore.Open(context.Background(), redisstore.Config{
		URL: redistest.Start(t), Prefix: redistest.Prefix(t), Now: now, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("open redis store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}
