package telegram

// End-to-end support: the telegram-test-api Bot API emulator (npm), started
// from testdata/emulator.js, and a client that plays club members.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The emulator's bot (its getMe answers this username for any token).
const (
	e2eToken   = "4242:e2e-token"
	e2eBotName = "TestNameBot"
)

// emulator is one running telegram-test-api server.
type emulator struct {
	t   *testing.T
	url string // http://127.0.0.1:PORT, the bot's API base

	mu     sync.Mutex
	seen   map[int64][]botMessage // what the bot sent, per chat, in order
	read   map[int64]int          // how many of seen next has returned
	nextID int
}

// botMessage is a message the bot sent, as the emulator stored it: the
// request's parameters, JSON-valued ones still as the strings the form
// carried (the emulator decodes only reply_markup and entities).
type botMessage struct {
	Text            string          `json:"text"`
	ChatID          json.Number     `json:"chat_id"`
	ReplyParameters json.RawMessage `json:"reply_parameters"`
	ReplyMarkup     json.RawMessage `json:"reply_markup"`
	// Parameters the current Bot API no longer documents, and entities,
	// which the bot never needs (it sends plain text): set only if the bot
	// regressed to the library's own encoding.
	OldReplyTo   json.RawMessage `json:"reply_to_message_id"`
	OldNoPreview json.RawMessage `json:"disable_web_page_preview"`
	Entities     json.RawMessage `json:"entities"`
}

// replyTo is the message id in reply_parameters; 0 when it is absent or
// malformed.
func (m botMessage) replyTo() int {
	raw := m.ReplyParameters
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = json.RawMessage(s)
	}
	var p struct {
		MessageID int `json:"message_id"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return 0
	}
	return p.MessageID
}

// outdated names a parameter the current Bot API no longer documents that
// the bot sent anyway; "" when there is none.
func (m botMessage) outdated() string {
	switch {
	case len(m.OldReplyTo) > 0:
		return "reply_to_message_id"
	case len(m.OldNoPreview) > 0:
		return "disable_web_page_preview"
	case len(m.Entities) > 0:
		return "entities"
	}
	return ""
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// freePort asks the kernel for a free loopback port (telegram-test-api
// treats port 0 as "use 9000", so it cannot pick one itself).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startEmulator runs the emulator for the duration of the test.
func startEmulator(t *testing.T) *emulator {
	t.Helper()
	root := repoRoot(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the Telegram end-to-end tests need Node.js (`node`) on PATH")
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "telegram-test-api", "package.json")); err != nil {
		t.Fatalf("telegram-test-api is not installed: run `npm ci` in %s (CI's .ci/run does)", root)
	}
	var lastErr string
	for range 3 { // a port taken between freePort and listen: try another
		port := freePort(t)
		cmd := exec.Command(node, filepath.Join("testdata", "emulator.js"), fmt.Sprint(port))
		cmd.Dir = filepath.Join(root, "internal", "platforms", "telegram")
		stdin, err := cmd.StdinPipe() // closing it stops the emulator
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start emulator: %v", err)
		}
		ready := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if line := sc.Text(); strings.HasPrefix(line, "READY ") {
					ready <- strings.TrimPrefix(line, "READY ")
				}
			}
			close(ready)
		}()
		select {
		case url, ok := <-ready:
			if ok {
				t.Cleanup(func() {
					_ = stdin.Close()
					done := make(chan error, 1)
					go func() { done <- cmd.Wait() }()
					select {
					case <-done:
					case <-time.After(5 * time.Second):
						_ = cmd.Process.Kill()
						<-done
					}
					if t.Failed() && stderr.Len() > 0 {
						t.Logf("emulator stderr:\n%s", stderr.String())
					}
				})
				return &emulator{t: t, url: url, seen: map[int64][]botMessage{}, read: map[int64]int{}, nextID: 1}
			}
		case <-time.After(20 * time.Second):
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		lastErr = stderr.String()
	}
	t.Fatalf("the emulator did not start:\n%s", lastErr)
	return nil
}

func (e *emulator) post(path string, body any) []byte {
	e.t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := http.Post(e.url+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		e.t.Fatalf("emulator %s: %v", path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		e.t.Fatalf("emulator %s: %d %s %v", path, resp.StatusCode, out, err)
	}
	return out
}

// member is a club member writing through the emulator's client API.
type member struct {
	ID   int64
	Name string
}

// chat is where a member writes: their private chat with the bot, or a
// club group (negative id).
type chat struct {
	ID    int64
	Group bool
}

func dm(m member) chat        { return chat{ID: m.ID} }
func group(id int64) chat     { return chat{ID: id, Group: true} }
func (c chat) String() string { return fmt.Sprint(c.ID) }

// say sends text from m in c, as a command (with a bot_command entity,
// like a Telegram client) when it starts with "/".
func (e *emulator) say(m member, c chat, text string, extra map[string]any) {
	e.t.Helper()
	e.mu.Lock()
	e.nextID++
	id := e.nextID
	e.mu.Unlock()
	chatObj := map[string]any{"id": c.ID, "type": "private", "first_name": m.Name}
	if c.Group {
		chatObj = map[string]any{"id": c.ID, "type": "supergroup", "title": "Riverside Runners"}
	}
	msg := map[string]any{
		"botToken":   e2eToken,
		"message_id": id,
		"date":       time.Now().Unix(),
		"from":       map[string]any{"id": m.ID, "is_bot": false, "first_name": m.Name},
		"chat":       chatObj,
		"text":       text,
	}
	for k, v := range extra {
		msg[k] = v
	}
	path := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		n := strings.IndexAny(text, " \n")
		if n < 0 {
			n = len(text)
		}
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": n}}
		path = "/sendCommand"
	}
	e.post(path, msg)
}

// press presses an inline button whose data is data, under a message in c.
func (e *emulator) press(m member, c chat, data string) {
	e.t.Helper()
	e.post("/sendCallback", map[string]any{
		"botToken": e2eToken,
		"from":     map[string]any{"id": m.ID, "is_bot": false, "first_name": m.Name},
		"message":  map[string]any{"message_id": 1, "date": time.Now().Unix(), "chat": map[string]any{"id": c.ID, "type": "private"}},
		"data":     data,
	})
}

// fetch collects what the bot sent to c since the last fetch.
func (e *emulator) fetch(c chat) {
	e.t.Helper()
	raw := e.post("/getUpdates", map[string]any{"token": e2eToken, "chatId": c.ID})
	var resp struct {
		Result []struct {
			Message botMessage `json:"message"`
		} `json:"result"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&resp); err != nil {
		e.t.Fatalf("emulator getUpdates: %v: %s", err, raw)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range resp.Result {
		if old := r.Message.outdated(); old != "" {
			e.t.Errorf("the bot sent %s to chat %d: %q", old, c.ID, r.Message.Text)
		}
		e.seen[c.ID] = append(e.seen[c.ID], r.Message)
	}
}

// sent returns everything the bot sent to c so far.
func (e *emulator) sent(c chat) []botMessage {
	e.fetch(c)
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]botMessage(nil), e.seen[c.ID]...)
}

// waitSent waits until the bot has sent at least n messages to c in
// total and returns them.
func (e *emulator) waitSent(c chat, n int) []botMessage {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := e.sent(c)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("chat %s: the bot sent %d messages, want %d: %+v", c, len(got), n, got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// next waits for the bot's next message to c and returns it.
func (e *emulator) next(c chat) botMessage {
	e.t.Helper()
	e.mu.Lock()
	n := e.read[c.ID]
	e.read[c.ID]++
	e.mu.Unlock()
	return e.waitSent(c, n+1)[n]
}
