// Package console is the local platform: each line of input is a message
// from one local member (console:me, an admin) in one local club
// (console:club), and replies print to the output. It is the zero-setup
// demo and a scriptable harness.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// The local member and club.
const (
	MemberID = "console:me"
	ClubID   = "console:club"
)

// Adapter reads commands from an input and prints what the bot says.
type Adapter struct {
	in          io.Reader
	out         io.Writer
	interactive bool
	now         func() time.Time
	mu          sync.Mutex // one writer at a time: replies and scheduled sends interleave by line
	// HandleTimeout bounds one command's work.
	HandleTimeout time.Duration
}

// New returns an adapter. With interactive set it shows a prompt; piped
// use prints replies only.
func New(in io.Reader, out io.Writer, interactive bool) *Adapter {
	return &Adapter{in: in, out: out, interactive: interactive, now: time.Now, HandleTimeout: 30 * time.Second}
}

// Run handles lines until the input ends (nil) or ctx is cancelled
// (ctx.Err()). A command already running when ctx is cancelled finishes
// and its reply is printed.
func (a *Adapter) Run(ctx context.Context, h platforms.Handler) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		// This goroutine may stay blocked in Read after Run returns on
		// cancellation; stdin cannot be interrupted portably, and the
		// process is about to exit anyway.
		br := bufio.NewReaderSize(a.in, 64*1024)
		for {
			line, err := br.ReadString('\n')
			if len(line) > 0 {
				select {
				case lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				readErr <- err
				return
			}
		}
	}()
	if a.interactive {
		a.write("clubcoach console — you are the local member (a club admin). Try /start or /help; Ctrl-D quits.\n")
	}
	a.prompt()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			if a.interactive {
				a.write("\n")
			}
			if err != nil {
				return fmt.Errorf("read console input: %w", err)
			}
			return nil
		case line := <-lines:
			a.handle(ctx, h, line)
			a.prompt()
		}
	}
}

func (a *Adapter) handle(ctx context.Context, h platforms.Handler, line string) {
	text := strings.TrimSpace(line)
	if text == "" {
		return
	}
	m := platforms.Message{
		Platform:    platforms.Console,
		MemberID:    MemberID,
		DisplayName: "me",
		ClubID:      ClubID,
		ChatID:      ClubID,
		DM:          true,
		Admin:       true,
		Received:    a.now(),
	}
	if to := addressee(text); to != "" && !strings.EqualFold(to, Name) {
		// Like a group chat: a command for another bot is not ours.
		a.print("", "That command is for @"+to+", not for me — nothing done. Send it without the @ part.", nil)
		return
	}
	if cmd, args, ok := parseCommand(text); ok {
		m.Command, m.Args = cmd, args
	} else {
		m.Args = text // chatter: the router answers with a hint
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.HandleTimeout)
	defer cancel()
	resp := h.Handle(hctx, m)
	a.print("", resp.Text, resp.Buttons)
}

// Name is the console bot's name: "/run@clubcoach 5k" is for it.
const Name = "clubcoach"

// parseCommand accepts "/cmd args" (and "/cmd@clubcoach args"); any
// whitespace, a non-breaking space too, ends the command name.
func parseCommand(text string) (string, string, bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	head, rest := text[1:], ""
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 {
		head, rest = head[:i], head[i:]
	}
	head, _, _ = strings.Cut(head, "@")
	if head == "" {
		return "", "", false
	}
	return strings.ToLower(head), strings.TrimFunc(rest, unicode.IsSpace), true
}

// addressee is the bot a command names after "@" ("/run@OtherBot 5k" →
// "OtherBot"), or "".
func addressee(text string) string {
	if !strings.HasPrefix(text, "/") {
		return ""
	}
	head := text[1:]
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 {
		head = head[:i]
	}
	_, to, _ := strings.Cut(head, "@")
	return to
}

// DM prints a private message the bot starts by itself, "[DM] " before
// every line.
func (a *Adapter) DM(_ context.Context, memberID, text string, buttons []platforms.Button) error {
	if memberID != MemberID {
		return fmt.Errorf("console DM to %s: %w", memberID, platforms.ErrUnknownTarget)
	}
	a.print("[DM] ", text, buttons)
	return nil
}

// Post prints a club post, "[club] " before every line.
func (a *Adapter) Post(_ context.Context, channelID, text string) error {
	if platforms.PlatformOf(channelID) != platforms.Console {
		return fmt.Errorf("console post to %s: %w", channelID, platforms.ErrUnknownTarget)
	}
	a.print("[club] ", text, nil)
	return nil
}

func (a *Adapter) print(prefix, text string, buttons []platforms.Button) {
	if strings.TrimSpace(text) == "" {
		return
	}
	var b strings.Builder
	if a.interactive && prefix != "" {
		b.WriteString("\n")
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(prefix)
		b.WriteString(l)
		b.WriteString("\n")
	}
	if len(buttons) > 0 {
		labels := make([]string, len(buttons))
		for i, bt := range buttons {
			labels[i] = bt.Command
		}
		b.WriteString(prefix + "  ↳ reply with: " + strings.Join(labels, "  |  ") + "\n")
	}
	if a.interactive && prefix != "" {
		b.WriteString("› ") // a message the bot started interrupted the prompt: show it again
	}
	a.write(b.String())
}

func (a *Adapter) prompt() {
	if a.interactive {
		a.write("› ")
	}
}

func (a *Adapter) write(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = io.WriteString(a.out, s)
}
