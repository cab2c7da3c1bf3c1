package embedded_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

func open(t *testing.T, dir string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(dir, embedded.WithClock(storetest.ClockFor(t).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir()) })
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "data")
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	r, err := s.AddRun(ctx, "console:me", store.Run{Date: "2026-03-01", Meters: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateMember(ctx, "console:me", func(m *store.Member) error { m.Units = "mi"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BoardAdd(ctx, "b", "console:me", 5000); err != nil {
		t.Fatal(err)
	}
	if err := s.Schedule(ctx, "console", "remind|console:me", time.Unix(1e9, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode %v, want 0700", info.Mode().Perm())
	}

	s = open(t, dir)
	runs, err := s.Runs(ctx, "console:me", "", "")
	if err != nil || len(runs) != 1 || runs[0].ID != r.ID || runs[0].Meters != 5000 {
		t.Fatalf("runs after reopen = %+v, %v", runs, err)
	}
	m, err := s.Member(ctx, "console:me")
	if err != nil || m.Units != "mi" {
		t.Fatalf("member after reopen = %+v, %v", m, err)
	}
	if sc, err := s.BoardScore(ctx, "b", "console:me"); err != nil || sc.Value != 5000 {
		t.Fatalf("board after reopen = %+v, %v", sc, err)
	}
	if _, err := s.When(ctx, "console", "remind|console:me"); err != nil {
		t.Fatalf("queue after reopen: %v", err)
	}
	// Ids keep counting after a reopen and an undo.
	if _, err := s.DeleteRun(ctx, "console:me", ""); err != nil {
		t.Fatal(err)
	}
	r2, err := s.AddRun(ctx, "console:me", store.Run{Date: "2026-03-01", Meters: 1})
	if err != nil || r2.ID == r.ID {
		t.Fatalf("id after reopen and undo = %q (first was %q), %v", r2.ID, r.ID, err)
	}
}

func TestDataDirInUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	open(t, dir)
	start := time.Now()
	s2, err := embedded.Open(dir)
	took := time.Since(start)
	if err == nil {
		s2.Close()
		t.Fatal("second Open of a held data directory succeeded")
	}
	if !errors.Is(err, embedded.ErrInUse) {
		t.Errorf("err = %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "in use by another clubcoach process") {
		t.Errorf("error %q does not name the directory and the reason", err)
	}
	if took > time.Second {
		t.Errorf("second Open took %v, want under a second", took)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	if _, err := embedded.Open(""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := embedded.Open(file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("Open on a file: err = %v, want one naming it", err)
	}
}

func TestClosedStoreErrors(t *testing.T) {
	t.Parallel()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := s.Ping(t.Context()); err == nil {
		t.Error("Ping on a closed store succeeded")
	}
	if _, err := s.AddRun(t.Context(), "console:me", store.Run{Date: "2026-03-01", Meters: 1}); err == nil {
		t.Error("AddRun on a closed store succeeded")
	}
}
