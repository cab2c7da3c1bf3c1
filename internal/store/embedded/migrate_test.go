package embedded_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/clubcoach/clubcoach/internal/store/embedded"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

// A data directory written before runs and reports were packed opens and
// reads as before.
func TestReadsSchemaVersion1(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../testdata/v1-embedded.db")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, embedded.FileName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckV1Store(t, s, "../testdata/v1-export.json")
}
