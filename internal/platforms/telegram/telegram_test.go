package telegram

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

func TestDMHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("sendMessage", apiErr(429, "Too Many Requests: retry after 7", 7), apiErr(429, "Too Many Requests: retry after 7", 7), ok(map[string]any{"message_id": 5}))
	var waits []time.Duration
	r.a.cfg.OnRateLimitWait = func(d time.Duration) { waits = append(waits, d) }

	if err := r.a.DM(context.Background(), "telegram:42", "hello", nil); err != nil {
		t.Fatalf("DM: %v", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 3 {
		t.Fatalf("sendMessage calls = %d, want 3", n)
	}
	if got := r.clock.Slept(); !slices.Equal(got, []time.Duration{7 * time.Second, 7 * time.Second}) {
		t.Fatalf("slept %v, want [7s 7s] (retry_after)", got)
	}
	if !slices.Equal(waits, []time.Duration{7 * time.Second, 7 * time.Second}) {
		t.Fatalf("rate-limit waits reported %v", waits)
	}
}

func TestDMRetriesServerErrorsWithBackoff(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("sendMessage",
		reply{http.StatusBadGateway, "<html>502 Bad Gateway</html>"},
		apiErr(500, "Internal Server Error", 0),
		ok(map[string]any{"message_id": 5}))
	if err := r.a.DM(context.Background(), "telegram:42", "hello", nil); err != nil {
		t.Fatalf("DM: %v", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 3 {
		t.Fatalf("sendMessage calls = %d, want 3", n)
	}
	// Backoff 500ms then 1s; each retry also waits for the chat's 1/s
	// like any send (here 500ms more after the first backoff).
	if got := r.clock.Slept(); len(got) != 3 || got[0] != 500*time.Millisecond || got[1] < 500*time.Millisecond || got[1] > 501*time.Millisecond || got[2] != time.Second {
		t.Fatalf("waits %v, want [500ms ~500ms 1s]: backoff, the chat's limiter, backoff", got)
	}
}

func TestDMGivesUpAfterRepeatedServerErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("sendMessage", apiErr(503, "Service Unavailable", 0))
	err := r.a.DM(context.Background(), "telegram:42", "hello", nil)
	var apiE *APIError
	if !errors.As(err, &apiE) || apiE.Code != 503 {
		t.Fatalf("err = %v, want an APIError 503", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != maxAttempts {
		t.Fatalf("sendMessage calls = %d, want %d", n, maxAttempts)
	}
}

func TestDMGivesUpOn403(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc string
		want error
	}{
		{"Forbidden: bot was blocked by the user", platforms.ErrBlocked},
		{"Forbidden: bot can't initiate conversation with a user", platforms.ErrDMRefused},
		{"Forbidden: user is deactivated", platforms.ErrBlocked},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil)
			r.api.script("sendMessage", apiErr(403, tc.desc, 0))
			err := r.a.DM(context.Background(), "telegram:42", "hello", nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if n := len(r.api.callsTo("sendMessage")); n != 1 {
				t.Fatalf("sendMessage calls = %d, want 1 (no retry)", n)
			}
			if len(r.clock.Slept()) != 0 {
				t.Fatalf("waited %v before giving up", r.clock.Slept())
			}
			if !strings.Contains(r.logs.String(), "not retrying") {
				t.Fatalf("no log line for the give-up:\n%s", r.logs)
			}
		})
	}
}

func TestSenderRejectsForeignIDs(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, id := range []string{"discord:42", "telegram:abc", "telegram:", "42"} {
		if err := r.a.DM(context.Background(), platforms.MemberID(id), "x", nil); !errors.Is(err, platforms.ErrUnknownTarget) {
			t.Errorf("DM(%q) = %v, want ErrUnknownTarget", id, err)
		}
	}
	if err := r.a.DM(context.Background(), "telegram:-100123", "x", nil); !errors.Is(err, platforms.ErrUnknownTarget) {
		t.Errorf("DM to a group id = %v, want ErrUnknownTarget", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 0 {
		t.Fatalf("sent %d messages to bad ids", n)
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.srv.Close() // connection refused: the library's error quotes the URL
	err := r.a.DM(context.Background(), "telegram:42", "hello", nil)
	if err == nil {
		t.Fatal("DM to a closed server succeeded")
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(r.logs.String(), testToken) {
		t.Fatalf("token leaked:\nerr: %v\nlogs: %s", err, r.logs)
	}
	if len(r.clock.Slept()) == 0 {
		t.Fatal("network errors were not retried")
	}
}

func TestPostToGroupRespectsGroupLimit(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	const n = 45
	for i := range n {
		if err := r.a.Post(context.Background(), "telegram:-100777", "post"); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	calls := r.api.callsTo("sendMessage")
	if len(calls) != n {
		t.Fatalf("calls = %d", len(calls))
	}
	// No window of one minute may hold more than 20 messages.
	for i := range calls {
		in := 0
		for _, c := range calls[i:] {
			if c.At.Sub(calls[i].At) < time.Minute {
				in++
			}
		}
		if in > 20 {
			t.Fatalf("%d messages within a minute from message %d", in, i)
		}
	}
	if total := calls[n-1].At.Sub(calls[0].At); total > 3*time.Minute {
		t.Fatalf("45 posts took %v; the limiter is far stricter than Telegram", total)
	}
}

func TestPrivateChatLimitOnePerSecond(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for range 10 {
		if err := r.a.DM(context.Background(), "telegram:42", "x", nil); err != nil {
			t.Fatal(err)
		}
	}
	calls := r.api.callsTo("sendMessage")
	if got := calls[9].At.Sub(calls[0].At); got < 6*time.Second {
		t.Fatalf("10 DMs to one chat in %v; want about 1/s after a burst of %d", got, chatBurst)
	}
}

func TestSplitLongText(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("é", 99) + "\n"
	text := strings.Repeat(line, 100) // 10,000 characters
	parts := split(text, MaxText)
	if len(parts) != 3 {
		t.Fatalf("parts = %d, want 3", len(parts))
	}
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n > MaxText || n == 0 {
			t.Fatalf("part %d has %d characters", i, n)
		}
		if !utf8.ValidString(p) {
			t.Fatalf("part %d is not valid UTF-8", i)
		}
	}
	if got := strings.Join(parts, "\n"); got != strings.TrimSpace(text) {
		t.Fatal("parts do not join back to the text (cut mid-line)")
	}
	if got := split(strings.Repeat("x", 5000), MaxText); len(got) != 2 || len(got[0]) != MaxText {
		t.Fatalf("unbroken text split as %d parts", len(got))
	}
	if got := split("  ", MaxText); len(got) != 0 {
		t.Fatalf("blank text gives %d parts", len(got))
	}
}

func TestLongReplySentInPartsButtonsOnLast(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	text := strings.Repeat("a long line of coaching advice\n", 300)
	if err := r.a.DM(context.Background(), "telegram:42", text, []platforms.Button{{Label: "Settled", Command: "/checkin settled"}}); err != nil {
		t.Fatal(err)
	}
	calls := r.api.callsTo("sendMessage")
	if len(calls) != 3 {
		t.Fatalf("parts = %d, want 3", len(calls))
	}
	for i, c := range calls {
		has := c.Form.Get("reply_markup") != ""
		if has != (i == len(calls)-1) {
			t.Fatalf("part %d has keyboard=%v", i, has)
		}
	}
	if km := calls[2].Form.Get("reply_markup"); !strings.Contains(km, `"callback_data":"/checkin settled"`) {
		t.Fatalf("keyboard = %s", km)
	}
}

func TestAdminLookupCachedAndFailsClosed(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("getChatAdministrators",
		ok([]map[string]any{
			{"status": "creator", "user": map[string]any{"id": 1, "first_name": "Owner"}},
			{"status": "administrator", "user": map[string]any{"id": 2, "first_name": "Admin"}},
		}),
		ok([]map[string]any{{"status": "creator", "user": map[string]any{"id": 1, "first_name": "Owner"}}}),
		apiErr(400, "Bad Request: chat not found", 0),
	)
	ctx := context.Background()
	if !r.a.isAdmin(ctx, -100, 1) || !r.a.isAdmin(ctx, -100, 2) || r.a.isAdmin(ctx, -100, 3) {
		t.Fatal("admins from the first lookup are wrong")
	}
	if n := len(r.api.callsTo("getChatAdministrators")); n != 1 {
		t.Fatalf("lookups = %d, want 1 (cached)", n)
	}
	r.clock.Advance(5*time.Minute + time.Second)
	if r.a.isAdmin(ctx, -100, 2) {
		t.Fatal("demoted admin still admin after the cache expired")
	}
	r.clock.Advance(5*time.Minute + time.Second)
	if r.a.isAdmin(ctx, -100, 1) {
		t.Fatal("a failed lookup made the member an admin")
	}
	if n := len(r.api.callsTo("getChatAdministrators")); n != 3 {
		t.Fatalf("lookups = %d, want 3", n)
	}
	if !strings.Contains(r.logs.String(), "getChatAdministrators") {
		t.Fatal("the failed lookup's method is not logged")
	}
}

func TestGroupCommandCarriesAdminFlag(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.api.script("getChatAdministrators", ok([]map[string]any{{"status": "administrator", "user": map[string]any{"id": 7, "first_name": "A"}}}))
	h := r.a.WebhookHandler()
	post(t, h, update(1, -100, "supergroup", 7, "/club show"), "")
	post(t, h, update(2, -100, "supergroup", 8, "/club show"), "")
	msgs := r.h.messages()
	if len(msgs) != 2 || !msgs[0].Admin || msgs[1].Admin {
		t.Fatalf("admin flags wrong: %+v", msgs)
	}
}

func TestWebhookSecretChecked(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(c *Config) { c.WebhookSecret = "s3cret-webhook"; c.WebhookURL = "https://bot.example/tg/hook" }).started(t)
	h := r.a.WebhookHandler()
	u := update(1, 42, "private", 42, "/help")
	for _, tc := range []struct {
		secret string
		want   int
	}{
		{"", http.StatusForbidden},
		{"wrong", http.StatusForbidden},
		{"s3cret-webhoo", http.StatusForbidden},
		{"s3cret-webhook", http.StatusOK},
	} {
		if got := post(t, h, u, tc.secret); got != tc.want {
			t.Errorf("secret %q: status %d, want %d", tc.secret, got, tc.want)
		}
	}
	if n := len(r.h.messages()); n != 1 {
		t.Fatalf("handled %d updates, want 1 (only the authenticated one)", n)
	}
	set := r.api.callsTo("setWebhook")
	if len(set) != 1 || set[0].Form.Get("secret_token") != "s3cret-webhook" || set[0].Form.Get("url") != "https://bot.example/tg/hook" {
		t.Fatalf("setWebhook calls: %+v", set)
	}
	if p := r.a.WebhookPath(); p != "/tg/hook" {
		t.Fatalf("WebhookPath = %q", p)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/tg/hook", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET answered %d", rec.Code)
	}
}

// Without a configured secret the webhook still requires one: derived
// from the token, registered with setWebhook, and checked on every request.
// A forged update without it is refused and changes nothing.
func TestWebhookWithoutSecretUsesDerivedOne(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(c *Config) { c.WebhookURL = "https://bot.example/tg/hook" }).started(t)
	derived := DeriveWebhookSecret(testToken)
	h := r.a.WebhookHandler()
	for _, secret := range []string{noSecret, "wrong", derived[:len(derived)-1]} {
		if got := post(t, h, update(1, 42, "private", 42, "/forgetme confirm"), secret); got != http.StatusForbidden {
			t.Errorf("secret %q: status %d, want 403", secret, got)
		}
	}
	if n := len(r.h.messages()); n != 0 {
		t.Fatalf("a forged update was handled (%d messages)", n)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 0 {
		t.Fatalf("a forged update got %d replies", n)
	}
	r.st.mu.Lock()
	marks := len(r.st.marks)
	r.st.mu.Unlock()
	if marks != 0 {
		t.Fatalf("a forged update was recorded (%d marks)", marks)
	}
	if got := post(t, h, update(2, 42, "private", 42, "/help"), derived); got != http.StatusOK {
		t.Fatalf("the derived secret: status %d", got)
	}
	if n := len(r.h.messages()); n != 1 {
		t.Fatalf("handled %d updates, want 1", n)
	}
	set := r.api.callsTo("setWebhook")
	if len(set) != 1 || set[0].Form.Get("secret_token") != derived {
		t.Fatalf("setWebhook did not register the derived secret: %+v", set)
	}
	logs := r.logs.String()
	if n := strings.Count(logs, "derived the webhook secret"); n != 1 {
		t.Errorf("the derivation is logged %d times, want once:\n%s", n, logs)
	}
	if strings.Contains(logs, derived) {
		t.Errorf("the derived secret reached the logs:\n%s", logs)
	}
}

func TestDeriveWebhookSecret(t *testing.T) {
	t.Parallel()
	a, b := DeriveWebhookSecret("1:test"), DeriveWebhookSecret("1:test")
	if a != b {
		t.Fatalf("not deterministic: %q vs %q", a, b)
	}
	if !ValidWebhookSecret(a) || len(a) != 43 {
		t.Fatalf("derived secret %q (%d chars) breaks Telegram's rule", a, len(a))
	}
	if DeriveWebhookSecret("2:test") == a {
		t.Fatal("two tokens give the same secret")
	}
	if strings.Contains(a, "test") {
		t.Fatalf("the secret shows the token: %q", a)
	}
}

func TestValidWebhookSecret(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"":                       false,
		"a":                      true,
		"Az09_-":                 true,
		"a+b/c=":                 false,
		"with space":             false,
		"é":                      false,
		strings.Repeat("x", 256): true,
		strings.Repeat("x", 257): false,
	} {
		if got := ValidWebhookSecret(s); got != want {
			t.Errorf("ValidWebhookSecret(%.20q) = %v, want %v", s, got, want)
		}
	}
	_, err := New(Config{Token: testToken, WebhookURL: "https://x/hook", WebhookSecret: "a+b/c="}, &fakeHandler{}, newFakeStore(), nil)
	if err == nil || !strings.Contains(err.Error(), "A–Z, a–z, 0–9, _ and -") {
		t.Fatalf("New with a bad secret: %v", err)
	}
}

func TestWebhookRefusesUntilStarted(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	if r.a.Ready(context.Background()) == nil {
		t.Fatal("Ready before start")
	}
	if got := post(t, r.a.WebhookHandler(), update(1, 42, "private", 42, "/help"), ""); got != http.StatusServiceUnavailable {
		t.Fatalf("status %d before start, want 503 so Telegram retries", got)
	}
}

func TestSetMyCommandsFailureIsNotFatal(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(c *Config) {
		c.Commands = []Command{{Name: "pain", Summary: "Report pain"}, {Name: "Bad-Name", Summary: "x"}}
	})
	// What telegram-test-api answers for a method it lacks.
	r.api.script("setMyCommands", reply{500, map[string]any{"message": "API method 'setMyCommands' is not supported."}})
	r.started(t)
	calls := r.api.callsTo("setMyCommands")
	if len(calls) != 1 {
		t.Fatalf("setMyCommands calls = %d, want 1 (optional calls are not retried)", len(calls))
	}
	if cmds := calls[0].Form.Get("commands"); !strings.Contains(cmds, `"command":"pain"`) || strings.Contains(cmds, "Bad-Name") {
		t.Fatalf("commands = %s", cmds)
	}
	if logs := r.logs.String(); !strings.Contains(logs, "setMyCommands") || !strings.Contains(logs, "not supported") {
		t.Fatalf("failure not logged with the method name:\n%s", logs)
	}
	if r.a.Username() != "TestNameBot" {
		t.Fatalf("username %q", r.a.Username())
	}
}

func TestRunFailsOnRejectedToken(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("getMe", apiErr(401, "Unauthorized", 0))
	err := r.a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "getMe") || strings.Contains(err.Error(), testToken) {
		t.Fatalf("Run = %v", err)
	}
}

func TestPostToLostGroupIsUnknownTarget(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.api.script("sendMessage", apiErr(403, "Forbidden: bot was kicked from the supergroup chat", 0))
	if err := r.a.Post(context.Background(), "telegram:-100777", "warm-up at 8"); !errors.Is(err, platforms.ErrUnknownTarget) {
		t.Fatalf("err = %v, want ErrUnknownTarget", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 1 {
		t.Fatalf("calls = %d, want 1", n)
	}
}

func TestRunServesWebhookListen(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := newRig(t, func(c *Config) {
		c.WebhookURL = "https://bot.example/hook"
		c.WebhookListen = addr
		c.WebhookSecret = "hook-secret"
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()

	body := `{"update_id":1,"message":{"message_id":1,"date":1,"text":"/help","from":{"id":42,"first_name":"Ana"},"chat":{"id":42,"type":"private"}}}`
	// A generous deadline: on a loaded machine registering the webhook and
	// starting the listener can take seconds; the loop ends at the first 200.
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/hook", strings.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "hook-secret")
		resp, err := http.DefaultClient.Do(req)
		status := 0
		if err == nil {
			resp.Body.Close()
			status = resp.StatusCode
			if status == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook listener never answered 200 (last: status %d, err %v)", status, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(r.h.messages()); n != 1 {
		t.Fatalf("handled %d", n)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("the webhook listener is still open after Run returned")
	}
}

func TestKeyboardIsCompact(t *testing.T) {
	t.Parallel()
	var bs []platforms.Button
	for _, l := range []string{"Swollen joint", "Gives way", "Locks or catches", "One sore spot on a bone, or hopping hurts", "None"} {
		bs = append(bs, platforms.Button{Label: l, Command: "/redflag " + l})
	}
	kb := keyboard(bs)
	var got [][]string
	for _, row := range kb.InlineKeyboard {
		var labels []string
		for _, b := range row {
			labels = append(labels, b.Text)
		}
		got = append(got, labels)
	}
	want := [][]string{{"Swollen joint", "Gives way"}, {"Locks or catches"}, {"One sore spot on a bone, or hopping hurts"}, {"None"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}
