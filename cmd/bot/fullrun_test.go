package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// TestFullRunTelegramRedis runs the built binary as an operator would: on
// Telegram (the telegram-test-api emulator standing in for the Bot API) and
// a password-protected redis-server, with the ops listener on. Members chat
// in a DM and in a club group; red advice goes privately, chatter gets
// silence; SIGTERM ends the run with status 0; and neither the bot token nor
// the Redis password appears anywhere in the logs, even at debug level.
func TestFullRunTelegramRedis(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	const token = "424242:AAH-full-run-token-never-logged"
	const password = "s3cret-redis-pass-never-logged"
	rs := redistest.StartServer(t, "--requirepass", password)
	emu := startEmulator(t)

	cmd := exec.Command(bot, "--data-dir", t.TempDir())
	cmd.Env = append(cleanEnv(),
		"TELEGRAM_TOKEN="+token,
		"TELEGRAM_API_URL="+emu.url,
		fmt.Sprintf("REDIS_URL=redis://:%s@127.0.0.1:%d/0", password, rs.Port),
		"HTTP_ADDR=127.0.0.1:0",
		"LOG_LEVEL=debug",
	)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, 20*time.Second, "the bot connects", func() bool { return strings.Contains(logs.String(), "telegram bot connected") })

	const me, other, group = 7001, 7002, -1007003
	emu.say(t, token, me, me, "private", "/start")
	emu.say(t, token, me, me, "private", "/pain 7 knee swollen and it locked on the stairs")
	emu.say(t, token, other, group, "supergroup", "/pain@TestNameBot 6 left knee swollen")
	emu.say(t, token, other, group, "supergroup", "just chatting about the weekend")
	emu.say(t, token, other, group, "supergroup", "/run 5k")

	// Updates are handled concurrently, so replies may come in any order.
	dm := emu.waitTexts(t, token, me, 2)
	red := ""
	for _, text := range dm {
		if strings.HasPrefix(text, "🔴") {
			red = text
		}
	}
	if !strings.Contains(red, "swelling") || !strings.Contains(red, "locking") {
		t.Errorf("DM red advice naming swelling and locking not found in %q", dm)
	}
	groupTexts := emu.waitTexts(t, token, group, 2)
	otherDM := emu.waitTexts(t, token, other, 1)
	if !strings.HasPrefix(otherDM[0], "🔴") {
		t.Errorf("the group member's advice should come by DM, got %q", otherDM[0])
	}
	joined := strings.Join(groupTexts, "\n---\n")
	if strings.Contains(strings.ToLower(joined), "swell") || strings.Contains(joined, "knee") {
		t.Errorf("health details leaked into the group:\n%s", joined)
	}
	if !strings.Contains(joined, "5 km") || !strings.Contains(joined, "📬 Sent you a private reply") {
		t.Errorf("group replies lack the run or the neutral pointer:\n%s", joined)
	}
	if strings.ContainsAny(joined, "🔴🟡🟢") {
		t.Errorf("the group learnt the pain level:\n%s", joined)
	}
	// Chatter got silence: no third message in the group.
	if more := emu.texts(t, token, group); len(more) > 0 {
		t.Errorf("unexpected group messages (chatter must be ignored): %q", more)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15 s after SIGTERM")
	}
	out := logs.String()
	for _, secret := range []string{token, password, "AAH-full-run-token"} {
		if strings.Contains(out, secret) {
			t.Errorf("the logs contain a secret (%q):\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "telegram bot connected") {
		t.Errorf("expected the run's logs:\n%.500s", out)
	}
}

// emulator drives the telegram-test-api Bot API emulator as chat members.
type emulator struct {
	url    string
	nextID int
}

func startEmulator(t *testing.T) *emulator {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "telegram-test-api")); err != nil {
		t.Fatalf("telegram-test-api is not installed: run `npm ci` in %s (make test does)", root)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("node", filepath.Join(root, "internal", "platforms", "telegram", "testdata", "emulator.js"), fmt.Sprint(port))
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
	t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				ready <- u
			}
		}
		close(ready)
	}()
	select {
	case u, ok := <-ready:
		if !ok {
			t.Fatalf("emulator exited: %s", stderr.String())
		}
		return &emulator{url: u, nextID: 1}
	case <-time.After(20 * time.Second):
		t.Fatalf("emulator did not start: %s", stderr.String())
	}
	return nil
}

func (e *emulator) post(t *testing.T, path string, body any) []byte {
	t.Helper()
	js, _ := json.Marshal(body)
	resp, err := http.Post(e.url+path, "application/json", bytes.NewReader(js))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return b.Bytes()
}

// say sends text from user in chat (a command when it starts with "/").
func (e *emulator) say(t *testing.T, token string, user, chat int64, chatType, text string) {
	t.Helper()
	e.nextID++
	msg := map[string]any{
		"botToken":   token,
		"message_id": e.nextID,
		"from":       map[string]any{"id": user, "first_name": fmt.Sprintf("Runner%d", user), "is_bot": false},
		"chat":       map[string]any{"id": chat, "type": chatType, "title": "Club"},
		"date":       time.Now().Unix(),
		"text":       text,
	}
	path := "/sendMessage"
	if strings.HasPrefix(text, "/") {
		head, _, _ := strings.Cut(text, " ")
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len([]rune(head))}}
		path = "/sendCommand"
	}
	e.post(t, path, msg)
}

// texts returns what the bot sent to chat since the last call.
func (e *emulator) texts(t *testing.T, token string, chat int64) []string {
	t.Helper()
	var resp struct {
		Result []struct {
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		} `json:"result"`
	}
	if err := json.Unmarshal(e.post(t, "/getUpdates", map[string]any{"token": token, "chatId": chat}), &resp); err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	var out []string
	for _, r := range resp.Result {
		out = append(out, r.Message.Text)
	}
	return out
}

// waitTexts collects at least n messages the bot sent to chat.
func (e *emulator) waitTexts(t *testing.T, token string, chat int64, n int) []string {
	t.Helper()
	var got []string
	waitFor(t, 20*time.Second, fmt.Sprintf("%d messages in chat %d", n, chat), func() bool {
		got = append(got, e.texts(t, token, chat)...)
		return len(got) >= n
	})
	return got
}

func waitFor(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
