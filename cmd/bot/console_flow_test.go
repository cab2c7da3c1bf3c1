package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestConsolePrintsEveryReplyBeforeExit: 300 commands piped in at once
// (the console is exempt from the flood limit and replies in order) each
// get their reply on stdout, in order, before the bot exits at end of
// input.
func TestConsolePrintsEveryReplyBeforeExit(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	var in strings.Builder
	const lines, runs = 300, 10
	for i := range lines {
		if i%(lines/runs) == 0 {
			in.WriteString("/run 5k\n")
			continue
		}
		fmt.Fprintf(&in, "/frob%d\n", i)
	}
	out, stderr, code := runConsole(t, bot, t.TempDir(), in.String())
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if got := strings.Count(out, "✅ Logged"); got != runs {
		t.Errorf("%d /run replies printed, want %d", got, runs)
	}
	at := 0
	for i := range lines {
		if i%(lines/runs) == 0 {
			continue
		}
		n := strings.Index(out[at:], fmt.Sprintf("/frob%d.", i))
		if n < 0 {
			t.Fatalf("no reply to line %d (/frob%d) after the one before it:\n%s", i+1, i, out[max(0, len(out)-2000):])
		}
		at += n
	}
	if strings.Contains(out, "Easy there") {
		t.Error("console input was flood-limited")
	}
}
