package console

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// echo answers every command with its name and args, and records what it got.
type echo struct {
	mu   sync.Mutex
	msgs []platforms.Message
}

func (e *echo) Handle(_ context.Context, m platforms.Message) platforms.Response {
	e.mu.Lock()
	e.msgs = append(e.msgs, m)
	e.mu.Unlock()
	if m.Command == "" {
		return platforms.Response{Text: "chatter: " + m.Args}
	}
	return platforms.Response{Text: "cmd " + m.Command + " [" + m.Args + "]\nsecond line", Private: true}
}

func (e *echo) Undelivered(context.Context, platforms.MemberID, string, []platforms.Button) {}

func TestPipedInputPrintsRepliesOnlyAndEndsAtEOF(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader("/pain 3 knee\n\n  /RUN@ClubCoach 5k  \nhello\n/help"), &out, false)
	h := &echo{}
	if err := a.Run(context.Background(), h); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := "cmd pain [3 knee]\nsecond line\ncmd run [5k]\nsecond line\nchatter: hello\ncmd help []\nsecond line\n"
	if out.String() != want {
		t.Errorf("output:\n%q\nwant\n%q", out.String(), want)
	}
	m := h.msgs[0]
	if m.MemberID != MemberID || m.ClubID != ClubID || !m.DM || !m.Admin || m.Platform != platforms.Console {
		t.Errorf("message identity wrong: %+v", m)
	}
}

func TestInteractiveShowsPrompt(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader("/help\n"), &out, true)
	if err := a.Run(context.Background(), &echo{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "clubcoach console") || strings.Count(out.String(), "› ") != 2 {
		t.Errorf("want a prompt before and after the command, got %q", out.String())
	}
}

func TestDMAndPostArePrefixedPerLine(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader(""), &out, false)
	ctx := context.Background()
	if err := a.DM(ctx, MemberID, "Morning!\nTime for strength.", []platforms.Button{{Label: "Settled", Command: "/checkin settled"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Post(ctx, ClubID, "Warm-up in 30 minutes\nLeg swings first"); err != nil {
		t.Fatal(err)
	}
	want := "[DM] Morning!\n[DM] Time for strength.\n[DM]   ↳ reply with: /checkin settled\n[club] Warm-up in 30 minutes\n[club] Leg swings first\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
	if err := a.DM(ctx, "telegram:1", "x", nil); err == nil {
		t.Error("DM to another platform's member should fail")
	}
}

func TestCancelStopsReading(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pw.Close()
	var out bytes.Buffer
	a := New(pr, &out, false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, &echo{}) }()
	cancel()
	if err := <-done; err == nil {
		t.Error("Run returned nil after cancellation; want ctx error")
	}
}

func TestInteractiveScheduledMessageRedrawsPrompt(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader(""), &out, true)
	if err := a.DM(context.Background(), MemberID, "Morning!", nil); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "\n[DM] Morning!\n› "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRunFileReadsTheFileAsAnAttachment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "Morning Run.gpx")
	if err := os.WriteFile(p, []byte("<gpx/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	in := "/run file " + p + "\n/run file " + filepath.Join(dir, "missing.fit") + "\n/run file " + dir + "\n/run 5k\n"
	a := New(strings.NewReader(in), &out, false)
	h := &echo{}
	if err := a.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	if len(h.msgs) != 2 {
		t.Fatalf("router got %d messages, want 2 (unreadable paths answered by the console): %+v", len(h.msgs), h.msgs)
	}
	att := h.msgs[0].Attachment
	if att == nil || att.Name != "Morning Run.gpx" || att.Size != 6 || string(att.Data) != "<gpx/>" || h.msgs[0].Args != "" || h.msgs[0].Command != "run" {
		t.Errorf("attachment message: %+v (attachment %+v)", h.msgs[0], att)
	}
	if h.msgs[1].Attachment != nil {
		t.Error("a typed /run got an attachment")
	}
	for _, want := range []string{"There's no file at " + filepath.Join(dir, "missing.fit"), "is a folder"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunFileOverTheCapIsNotRead(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "huge.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: big by size, no disk used.
	if err := f.Truncate(maxLocalFile + 1); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	att, problem := readAttachment(p)
	if problem != "" || att == nil || att.Data != nil || att.Size != maxLocalFile+1 {
		t.Errorf("got %+v %q, want name and size only", att, problem)
	}
}

// A command for another bot is not ours (nothing reaches the handler); a
// non-breaking space after the command name is a space.
func TestOtherBotsCommandsAndOddSpaces(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader("/run@OtherBot 5k\n/pain\u00a03 knee\n/pain\u202f4\u00a0shin"), &out, false)
	h := &echo{}
	if err := a.Run(context.Background(), h); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(h.msgs) != 2 || h.msgs[0].Command != "pain" || h.msgs[0].Args != "3 knee" || h.msgs[1].Args != "4\u00a0shin" {
		t.Errorf("handled %+v", h.msgs)
	}
	if !strings.HasPrefix(out.String(), "That command is for @OtherBot") {
		t.Errorf("output:\n%s", out.String())
	}
}
