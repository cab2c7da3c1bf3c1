// Package console is the local platform: each line of input is a message
// from one local member (console:me, an admin) in one local club
// (console:club), and replies print to the output. It is the zero-setup
// demo and a scriptable harness.
package console

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	// ChartDir is where pictures are written (the data directory's
	// charts/); the reply prints the file's path. Empty: pictures are
	// replaced by their captions.
	ChartDir string

	idPrefix string       // random per process, so command ids never repeat across restarts
	seq      atomic.Int64 // commands read so far
}

// New returns an adapter. With interactive set it shows a prompt; piped
// use prints replies only.
func New(in io.Reader, out io.Writer, interactive bool) *Adapter {
	return &Adapter{in: in, out: out, interactive: interactive, now: time.Now, HandleTimeout: 30 * time.Second,
		idPrefix: rand.Text()[:12]}
}

// For binds the console to the handler it feeds, as a platforms.Adapter.
func (a *Adapter) For(h platforms.Handler) platforms.Adapter { return bound{a, h} }

type bound struct {
	*Adapter
	h platforms.Handler
}

func (b bound) Run(ctx context.Context) error { return b.Adapter.Run(ctx, b.h) }

// Name implements platforms.Adapter.
func (a *Adapter) Name() string { return platforms.Console }

// Ready implements platforms.Adapter: the console is always there.
func (a *Adapter) Ready(context.Context) error { return nil }

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
		ID:          a.idPrefix + "-" + strconv.FormatInt(a.seq.Add(1), 10),
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
	if p, ok := filePath(m.Command, m.Args); ok {
		att, problem := readAttachment(p)
		if problem != "" {
			a.print("", problem, nil)
			return
		}
		m.Args, m.Attachment = "", att
	}
	timeout := a.HandleTimeout
	if m.Attachment != nil {
		timeout = max(timeout, importTimeout) // a whole account's export takes a while
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	resp := h.Handle(hctx, m)
	if resp.File != nil { // a terminal takes any length
		resp.Text = platforms.FileText(resp)
	}
	if resp.Image != nil {
		a.printImage("", *resp.Image, resp.Text, resp.Buttons)
	} else {
		a.print("", resp.Text, resp.Buttons)
	}
	resp.Reached(hctx, true)
}

// Local files: the console is one trusted person on their own machine, so
// it takes a whole account's export (Strava's and Garmin's run to hundreds
// of MB), where the chat platforms stop at platforms.MaxAttachment.
const (
	maxLocalFile  = 512 << 20
	importTimeout = 5 * time.Minute
)

// filePath finds "/run file <path>": the console's way to send a watch
// file, since a terminal has no attachments.
func filePath(cmd, args string) (string, bool) {
	if cmd != "run" {
		return "", false
	}
	first, rest, _ := strings.Cut(args, " ")
	rest = strings.Trim(strings.TrimSpace(rest), `"'`)
	if !strings.EqualFold(first, "file") || rest == "" {
		return "", false
	}
	return rest, true
}

// readAttachment reads a local file the way a platform adapter fetches
// one, capped at maxLocalFile (over it, only the name and size go to the
// router, which explains the cap). A file it cannot read gives a sentence
// for the member instead.
func readAttachment(p string) (*platforms.Attachment, string) {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, rest)
		}
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("There's no file at %s — check the path.", p)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Sprintf("I can't open %s: %v.", p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("I can't read %s: %v", p, err)
	}
	if st.IsDir() {
		return nil, fmt.Sprintf("%s is a folder: give the path of one file (a .zip holds many).", p)
	}
	att := &platforms.Attachment{Name: filepath.Base(p), Size: st.Size()}
	if st.Size() > maxLocalFile {
		return att, ""
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLocalFile+1))
	if err != nil {
		return nil, fmt.Sprintf("I can't read %s: %v", p, err)
	}
	if len(data) > maxLocalFile {
		att.Size = int64(len(data))
		return att, ""
	}
	att.Data = data
	return att, ""
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
func (a *Adapter) DM(_ context.Context, member platforms.MemberID, text string, buttons []platforms.Button) error {
	memberID := string(member)
	if memberID != MemberID {
		return fmt.Errorf("console DM to %s: %w", memberID, platforms.ErrUnknownTarget)
	}
	a.print("[DM] ", text, buttons)
	return nil
}

// Post prints a club post, "[club] " before every line.
func (a *Adapter) Post(_ context.Context, channel platforms.ChatID, text string) error {
	channelID := string(channel)
	if platforms.PlatformOf(channelID) != platforms.Console {
		return fmt.Errorf("console post to %s: %w", channelID, platforms.ErrUnknownTarget)
	}
	a.print("[club] ", text, nil)
	return nil
}

// CanSendImages reports whether pictures are written to files.
func (a *Adapter) CanSendImages(string) bool { return a.ChartDir != "" }

// DMImage implements platforms.ImageSender: the picture is written under
// ChartDir and its caption and path printed as a DM.
func (a *Adapter) DMImage(_ context.Context, member platforms.MemberID, img platforms.Image, text string) error {
	memberID := string(member)
	if memberID != MemberID {
		return fmt.Errorf("console DM to %s: %w", memberID, platforms.ErrUnknownTarget)
	}
	a.printImage("[DM] ", img, text, nil)
	return nil
}

// PostImage implements platforms.ImageSender for club posts.
func (a *Adapter) PostImage(_ context.Context, channel platforms.ChatID, img platforms.Image, text string) error {
	channelID := string(channel)
	if platforms.PlatformOf(channelID) != platforms.Console {
		return fmt.Errorf("console post to %s: %w", channelID, platforms.ErrUnknownTarget)
	}
	a.printImage("[club] ", img, text, nil)
	return nil
}

// printImage writes img to a file and prints its caption, its path and
// text. When the file cannot be written the caption still prints.
func (a *Adapter) printImage(prefix string, img platforms.Image, text string, buttons []platforms.Button) {
	out := platforms.TextOf(platforms.Response{Image: &img, Text: text})
	if path, err := a.saveImage(img); err != nil {
		out = img.Caption + "\n(I couldn't save the picture: " + err.Error() + ")"
		if strings.TrimSpace(text) != "" {
			out += "\n\n" + text
		}
	} else if path != "" {
		out = img.Caption + "\n🖼 Chart: " + path
		if strings.TrimSpace(text) != "" {
			out += "\n\n" + text
		}
	}
	a.print(prefix, out, buttons)
}

// saveImage writes img under ChartDir and returns its absolute path ("" when
// there is no ChartDir).
func (a *Adapter) saveImage(img platforms.Image) (string, error) {
	if a.ChartDir == "" {
		return "", nil
	}
	name := safeName(img.Name)
	if err := os.MkdirAll(a.ChartDir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", a.ChartDir, err)
	}
	path, err := filepath.Abs(filepath.Join(a.ChartDir, name))
	if err != nil {
		return "", fmt.Errorf("chart path: %w", err)
	}
	if err := os.WriteFile(path, img.Data, 0o644); err != nil {
		return "", fmt.Errorf("write chart: %w", err)
	}
	return path, nil
}

// safeName keeps a file name to letters, digits, dots and dashes, so a
// name can never leave the chart directory.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range filepath.Base(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSuffix(b.String(), ".png")
	if out == "" {
		out = "chart"
	}
	return out + ".png"
}

func (a *Adapter) print(prefix, text string, buttons []platforms.Button) {
	text = platforms.Render(text, nil) // a terminal has no markup to escape
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
