package console

import (
	"bytes"
	"strings"
	"testing"
)

// TestCommandIDsNeverRepeat: every line is a command with its own id, and
// a restarted console (a new adapter) never hands out an earlier id, so
// the store cannot take a new command for a repeat of an old one.
func TestCommandIDsNeverRepeat(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 2 { // two processes' worth
		h := &echo{}
		if err := New(strings.NewReader("/run 5k\n/run 5k\n/week\n"), &bytes.Buffer{}, false).Run(t.Context(), h); err != nil {
			t.Fatal(err)
		}
		if len(h.msgs) != 3 {
			t.Fatalf("handled %d lines, want 3", len(h.msgs))
		}
		for _, m := range h.msgs {
			if m.ID == "" || seen[m.ID] {
				t.Fatalf("command id %q empty or repeated (seen %v)", m.ID, seen)
			}
			seen[m.ID] = true
		}
	}
}
