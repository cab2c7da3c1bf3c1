package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms/discord/discordfake"
)

// flakyBotAPI is a Bot API for one token that can be switched off (every
// call answers 502, as a proxy in front of an unreachable Telegram does),
// hands out queued updates to getUpdates and records what the bot sent.
type flakyBotAPI struct {
	srv  *httptest.Server
	up   atomic.Bool
	mu   sync.Mutex
	sent []string // sendMessage texts
	q    []map[string]any
	gets atomic.Int64 // getMe calls
}

func newFlakyBotAPI(t *testing.T, token string) *flakyBotAPI {
	f := &flakyBotAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, ok := strings.CutPrefix(r.URL.Path, "/bot"+token+"/")
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
			return
		}
		if method == "getMe" {
			f.gets.Add(1)
		}
		if !f.up.Load() {
			http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
			return
		}
		_ = r.ParseForm()
		var result any = true
		switch method {
		case "getMe":
			result = map[string]any{"id": 1, "is_bot": true, "first_name": "Coach", "username": "CoachBot"}
		case "getUpdates":
			f.mu.Lock()
			ups := f.q
			f.q = nil
			f.mu.Unlock()
			if ups == nil {
				ups = []map[string]any{}
			}
			result = ups
		case "sendMessage":
			f.mu.Lock()
			f.sent = append(f.sent, r.Form.Get("text"))
			f.mu.Unlock()
			result = map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": 42, "type": "private"}}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

var updateSeq atomic.Int64

func (f *flakyBotAPI) say(text string) {
	id := updateSeq.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.q = append(f.q, map[string]any{
		"update_id": id,
		"message": map[string]any{
			"message_id": id, "date": time.Now().Unix(), "text": text,
			"entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": strings.IndexByte(text+" ", ' ')}},
			"from":     map[string]any{"id": 42, "is_bot": false, "first_name": "Ana"},
			"chat":     map[string]any{"id": 42, "type": "private"},
		},
	})
}

func (f *flakyBotAPI) sentCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

// Issue 15, item 4: a platform outage never takes the bot down. The built
// bot starts with Discord's gateway unreachable and Telegram's getMe
// failing; it keeps running, /readyz names what is down, and each platform
// serves as soon as it is back while the other is still down — at start
// and later, both ways round. A refused token, by contrast, stops the bot
// at once with one line and exit status 2.
func TestPlatformOutagesAreWaitedOut(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	const token = "4711:outage-test-token"
	tg := newFlakyBotAPI(t, token)
	dc := discordfake.New()
	t.Cleanup(dc.Close)
	dbot := dc.NewBot("clubcoach")
	dc.Stop() // Discord unreachable before the bot starts

	cmd := exec.Command(bot, "--data-dir", t.TempDir())
	cmd.Env = append(cleanEnv(), "HTTP_ADDR=127.0.0.1:0",
		"TELEGRAM_TOKEN="+token, "TELEGRAM_API_URL="+tg.srv.URL,
		"DISCORD_TOKEN="+dbot.Token, "DISCORD_API_URL="+dc.URL)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	addrRE := regexp.MustCompile(`ops listener started"? addr=(\S+)`)
	var base string
	waitFor(t, 20*time.Second, "the ops listener", func() bool {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			base = "http://" + m[1]
		}
		return base != ""
	})
	readyz := func() (int, string) {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatalf("GET /readyz: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	waitReady := func(what string, want ...string) {
		t.Helper()
		var code int
		var body string
		deadline := time.Now().Add(40 * time.Second)
		for {
			code, body = readyz()
			all := true
			for _, w := range want {
				all = all && strings.Contains(body, w)
			}
			if all {
				return
			}
			select {
			case err := <-exited:
				t.Fatalf("the bot exited (%v) while waiting for %s:\n%s", err, what, logs.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz never showed %s (%v): %d %q\n%s", what, want, code, body, logs.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	// Both down at start: the process stays up and says what is wrong.
	waitFor(t, 20*time.Second, "three getMe attempts", func() bool { return tg.gets.Load() >= 3 })
	if code, body := readyz(); code != http.StatusServiceUnavailable || !strings.Contains(body, "telegram: failing") || !strings.Contains(body, "discord: failing") || !strings.Contains(body, "store: ok") {
		t.Fatalf("/readyz with both platforms down = %d %q", code, body)
	}
	select {
	case err := <-exited:
		t.Fatalf("the bot exited during the outage (%v):\n%s", err, logs.String())
	default:
	}

	// Telegram back, Discord still down: Telegram serves.
	tg.up.Store(true)
	waitReady("telegram up, discord down", "telegram: ok", "discord: failing")
	tg.say("/help")
	waitFor(t, 20*time.Second, "the Telegram reply while Discord is down", func() bool { return tg.sentCount() >= 1 })

	// Discord back: it connects by itself and serves.
	if err := dc.Start(); err != nil {
		t.Fatal(err)
	}
	waitReady("both up", "telegram: ok", "discord: ok")
	dbot.Wait(t, "slash commands registered", func(s discordfake.Snapshot) bool { return len(s.Puts) == 1 })
	who := discordfake.Invoker{UserID: "77", Username: "ana", GlobalName: "Ana", ChannelID: "500"}
	id, err := dbot.Slash(who, "help")
	if err != nil {
		t.Fatal(err)
	}
	dbot.Wait(t, "the Discord reply", func(s discordfake.Snapshot) bool { return len(s.RepliesTo(id)) >= 1 })

	// Later outages, each platform in turn, while the other serves.
	tg.up.Store(false)
	waitReady("telegram down later", "telegram: failing", "discord: ok")
	id, err = dbot.Slash(who, "start")
	if err != nil {
		t.Fatal(err)
	}
	dbot.Wait(t, "a Discord reply while Telegram is down", func(s discordfake.Snapshot) bool { return len(s.RepliesTo(id)) >= 1 })
	tg.up.Store(true)
	waitReady("telegram back", "telegram: ok", "discord: ok")

	dc.Stop()
	waitReady("discord down later", "discord: failing", "telegram: ok")
	before := tg.sentCount()
	tg.say("/help")
	waitFor(t, 20*time.Second, "a Telegram reply while Discord is down", func() bool { return tg.sentCount() > before })
	if err := dc.Start(); err != nil {
		t.Fatal(err)
	}
	waitReady("discord back", "discord: ok", "telegram: ok")

	// One line per backoff step: as many outage lines as getMe attempts
	// that failed, not one per request retried inside an attempt.
	l := logs.String()
	if n, fails := strings.Count(l, "Bot API unreachable; trying again"), tg.gets.Load()-1; int64(n) != fails {
		t.Errorf("%d Telegram outage lines for %d failed getMe attempts:\n%s", n, fails, l)
	}
	if strings.Count(l, "Discord unreachable; trying again") < 1 || strings.Contains(l, "error connecting to gateway") {
		t.Errorf("Discord's outage at start not logged once per step:\n%s", l)
	}
	if strings.Contains(l, token) || strings.Contains(l, dbot.Token) {
		t.Errorf("a token reached the logs")
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15s after SIGTERM")
	}
}

// A token Telegram refuses is no outage: the bot stops at once, with one
// line naming TELEGRAM_TOKEN and exit status 2 (not restarted by systemd).
func TestRefusedTelegramTokenStopsWithOneLine(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	tg := newFlakyBotAPI(t, "1:right")
	tg.up.Store(true)
	_, stderr, code := runConsole(t, bot, t.TempDir(), "", "TELEGRAM_TOKEN=1:wrong", "TELEGRAM_API_URL="+tg.srv.URL)
	if code != 2 {
		t.Fatalf("exit status %d, want 2\n%s", code, stderr)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, "TELEGRAM_TOKEN") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "401") || strings.Contains(stderr, "1:wrong") {
		t.Fatalf("want one line naming TELEGRAM_TOKEN and the 401, without the token:\n%s", stderr)
	}
}
