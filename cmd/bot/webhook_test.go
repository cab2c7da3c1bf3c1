package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms/telegram"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// botAPI is a minimal Bot API server for one token: it answers what the
// bot calls at start and records every request's method and form.
type botAPI struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls []apiCall
}

type apiCall struct {
	method string
	form   map[string]string
}

func newBotAPI(t *testing.T, token string) *botAPI {
	f := &botAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, ok := strings.CutPrefix(r.URL.Path, "/bot"+token+"/")
		if !ok {
			http.Error(w, "wrong token", http.StatusUnauthorized)
			return
		}
		_ = r.ParseForm()
		form := map[string]string{}
		for k := range r.Form {
			form[k] = r.Form.Get(k)
		}
		f.mu.Lock()
		f.calls = append(f.calls, apiCall{method, form})
		f.mu.Unlock()
		var result any = true
		switch method {
		case "getMe":
			result = map[string]any{"id": 1, "is_bot": true, "first_name": "Coach", "username": "CoachBot"}
		case "sendMessage":
			result = map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": 42, "type": "private"}}
		case "getChatAdministrators":
			result = []any{}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *botAPI) callsTo(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.method == method {
			out = append(out, c)
		}
	}
	return out
}

// In webhook mode with no TELEGRAM_WEBHOOK_SECRET, the bot derives a
// secret, registers it, says so once in its logs (without the secret), and
// a forged update — one without the header — gets 403 and changes nothing.
func TestWebhookWithoutConfiguredSecretRefusesForgedUpdates(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	const token = "1:test"
	api := newBotAPI(t, token)
	dir := t.TempDir()
	cmd := exec.Command(bot, "--data-dir", dir)
	cmd.Env = append(cleanEnv(),
		"TELEGRAM_TOKEN="+token,
		"TELEGRAM_API_URL="+api.srv.URL,
		"TELEGRAM_WEBHOOK_URL=https://x/hook",
		"HTTP_ADDR=127.0.0.1:0",
		"BOT_ADMINS=telegram:42",
	)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addrRE := regexp.MustCompile(`ops listener started"? addr=(\S+)`)
	var base string
	waitFor(t, 20*time.Second, "the ops listener and the webhook", func() bool {
		m := addrRE.FindStringSubmatch(logs.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil && len(api.callsTo("setWebhook")) > 0 && strings.Contains(logs.String(), "telegram bot connected")
	})
	derived := telegram.DeriveWebhookSecret(token)
	if got := api.callsTo("setWebhook")[0].form["secret_token"]; got != derived {
		t.Fatalf("setWebhook secret_token = %q, want the derived secret", got)
	}
	if n := strings.Count(logs.String(), "derived the webhook secret"); n != 1 {
		t.Errorf("derivation logged %d times, want once:\n%s", n, logs.String())
	}

	hook := func(from int64, text, secret string) int {
		body, _ := json.Marshal(map[string]any{"update_id": from, "message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(), "text": text,
			"entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": strings.IndexByte(text+" ", ' ')}},
			"from":     map[string]any{"id": from, "first_name": "Eve"},
			"chat":     map[string]any{"id": -100, "type": "supergroup"},
		}})
		req, _ := http.NewRequest(http.MethodPost, base+"/hook", bytes.NewReader(body))
		if secret != "" {
			req.Header.Set(telegram.SecretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	// A forged admin command from a BOT_ADMINS id, without the header.
	if code := hook(42, "/club tz Europe/Paris", ""); code != http.StatusForbidden {
		t.Fatalf("forged update: status %d, want 403", code)
	}
	if code := hook(42, "/club tz Europe/Paris", "guessed"); code != http.StatusForbidden {
		t.Fatalf("wrong secret: status %d, want 403", code)
	}
	if n := len(api.callsTo("sendMessage")); n != 0 {
		t.Fatalf("a forged update was answered (%d messages)", n)
	}
	// Telegram's own request, with the header, is handled.
	if code := hook(43, "/help", derived); code != http.StatusOK {
		t.Fatalf("genuine update: status %d", code)
	}
	// The reply is queued behind the chat's send limiter: wait for it.
	deadline := time.Now().Add(10 * time.Second)
	for len(api.callsTo("sendMessage")) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the genuine update got no reply")
		}
		time.Sleep(20 * time.Millisecond)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	if strings.Contains(logs.String(), derived) {
		t.Errorf("the derived secret reached the logs")
	}
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Member(t.Context(), "telegram:42"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the forger was stored: err = %v", err)
	}
	if c, err := st.Club(t.Context(), "telegram:-100"); err != nil || c.TZ != "" || len(c.Members) != 1 {
		t.Errorf("the club should know only the genuine sender, with no zone set: %+v, %v", c, err)
	}
	if _, err := st.Member(t.Context(), "telegram:43"); err != nil {
		t.Errorf("the genuine sender was not stored: %v", err)
	}
}

// A secret Telegram would refuse stops the bot at start with one line
// naming the allowed characters (and not the secret).
func TestBadWebhookSecretStopsAtStart(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	_, stderr, code := runConsole(t, bot, t.TempDir(), "", "TELEGRAM_TOKEN=1:test", "TELEGRAM_WEBHOOK_SECRET=a+b/c=",
		"TELEGRAM_WEBHOOK_URL=https://x/hook", "HTTP_ADDR=127.0.0.1:0")
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "TELEGRAM_WEBHOOK_SECRET") || !strings.Contains(lines[0], "A–Z, a–z, 0–9, _ and -") || strings.Contains(lines[0], "a+b/c=") {
		t.Fatalf("want one line naming the variable and the allowed characters, got:\n%s", stderr)
	}
}
