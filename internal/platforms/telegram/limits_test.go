package telegram

// Telegram's send limits under load, on a fake Bot API that enforces them
// as a strict server would (429 with retry_after past 30 sends in any one
// second, a second send to a chat within a second, 21 to a group in a
// minute). The tests run in a testing/synctest bubble: the adapter, the
// router, the scheduler and the fake share a fake clock that moves only
// when everything waits, so a minute of sends takes no real minute and
// every figure is exact. Requests go to the fake in-process (a
// RoundTripper), which the bubble needs.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// Telegram's documented limits, as the fake enforces them.
const (
	tgGlobalPerSecond = 30
	tgGroupPerMinute  = 20
)

// strictSend is one message the strict fake accepted.
type strictSend struct {
	chat int64
	text string
	at   time.Time
}

// strictAPI is a Bot API answering getMe, sendMessage and the optional
// calls, enforcing Telegram's send limits on sendMessage.
type strictAPI struct {
	mu      sync.Mutex
	sends   []strictSend
	last    map[int64]time.Time
	refused int // 429s answered
}

func newStrictAPI() *strictAPI { return &strictAPI{last: map[int64]time.Time{}} }

func (f *strictAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.ParseForm(); err != nil {
		return nil, err
	}
	switch method := path.Base(req.URL.Path); method {
	case "getMe":
		return jsonResponse(ok(map[string]any{"id": 666, "is_bot": true, "first_name": "Test", "username": "TestNameBot"})), nil
	case "getChatAdministrators":
		return jsonResponse(ok([]any{})), nil
	case "sendMessage":
		chat, err := strconv.ParseInt(req.Form.Get("chat_id"), 10, 64)
		if err != nil {
			return jsonResponse(apiErr(400, "Bad Request: chat not found", 0)), nil
		}
		return jsonResponse(f.send(chat, req.Form.Get("text"))), nil
	default:
		return jsonResponse(ok(true)), nil
	}
}

// send accepts a message or answers 429 with the wait the limit needs.
func (f *strictAPI) send(chat int64, text string) reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	retry := 0
	if last, seen := f.last[chat]; seen && now.Sub(last) < time.Second {
		retry = 1
	}
	inSecond, inMinute := 0, 0
	var oldestInMinute time.Time
	for i := len(f.sends) - 1; i >= 0 && now.Sub(f.sends[i].at) < time.Minute; i-- {
		s := f.sends[i]
		if now.Sub(s.at) < time.Second {
			inSecond++
		}
		if s.chat == chat {
			inMinute++
			oldestInMinute = s.at
		}
	}
	if inSecond >= tgGlobalPerSecond {
		retry = max(retry, 1)
	}
	if chat < 0 && inMinute >= tgGroupPerMinute {
		retry = max(retry, int((time.Minute-now.Sub(oldestInMinute))/time.Second)+1)
	}
	if retry > 0 {
		f.refused++
		return apiErr(429, fmt.Sprintf("Too Many Requests: retry after %d", retry), retry)
	}
	f.sends = append(f.sends, strictSend{chat: chat, text: text, at: now})
	f.last[chat] = now
	return ok(map[string]any{"message_id": len(f.sends), "date": now.Unix(), "chat": map[string]any{"id": chat, "type": "private"}})
}

func jsonResponse(r reply) *http.Response {
	body, _ := json.Marshal(r.Body)
	return &http.Response{
		StatusCode: r.Status,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}
}

func (f *strictAPI) snapshot() ([]strictSend, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]strictSend(nil), f.sends...), f.refused
}

// busiestSecond is the most sends in any one-second window.
func busiestSecond(sends []strictSend) int {
	most, j := 0, 0
	for i := range sends {
		for sends[i].at.Sub(sends[j].at) >= time.Second {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}

// shmDir is a directory for a store that fsyncs on every write: in
// memory when the machine has /dev/shm, so thousands of writes are quick.
func shmDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("/dev/shm", "cc-tg-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// strictBot is the real router on an embedded store behind an adapter
// that talks to a strictAPI, started (getMe) but not polling: tests hand
// it updates through the webhook handler.
type strictBot struct {
	a   *Adapter
	api *strictAPI
	st  *embedded.Store
	r   *commands.Router
}

func newStrictBot(t *testing.T) *strictBot {
	t.Helper()
	st, err := embedded.Open(shmDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	router := commands.New(commands.Deps{Store: st, Log: log})
	api := newStrictAPI()
	a, err := New(Config{
		Token: testToken, APIURL: "http://bot-api.invalid",
		HTTPClient: &http.Client{Transport: api},
	}, router, st, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &strictBot{a: a, api: api, st: st, r: router}
}

// handle gives the bot one update as Telegram's webhook would; it
// returns once the update is handled (its replies queued).
func (b *strictBot) handle(t *testing.T, u map[string]any) {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Error(err)
		return
	}
	req := httptest.NewRequest(http.MethodPost, "/telegram", bytes.NewReader(body))
	req.Header.Set(SecretHeader, DeriveWebhookSecret(testToken))
	rec := httptest.NewRecorder()
	b.a.WebhookHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("update answered %d", rec.Code)
	}
}

// TestBusyGroupDoesNotDelayOthers: 25 members post /run 10k in one group
// at once (their replies need over a minute under the group's 20/min),
// then someone else asks /week in a DM. The DM is answered within a second;
// the group gets every reply, never more than 20 in a minute, and no send
// meets a 429.
func TestBusyGroupDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newStrictBot(t)
		const members, group, loner = 25, int64(-100500), int64(4242)
		for i := range members {
			b.handle(t, update(i+1, group, "supergroup", int64(7000+i), "/run 10k"))
		}
		asked := time.Now()
		b.handle(t, update(members+1, loner, "private", loner, "/week"))
		var answered time.Time
		for answered.IsZero() && time.Since(asked) < time.Minute {
			time.Sleep(10 * time.Millisecond)
			sends, _ := b.api.snapshot()
			for _, s := range sends {
				if s.chat == loner {
					answered = s.at
				}
			}
		}
		if took := answered.Sub(asked); answered.IsZero() || took > time.Second {
			t.Fatalf("the DM /week was answered after %v behind a busy group; want within 1s", took)
		}
		waitSent(t, b.a)
		sends, refused := b.api.snapshot()
		replies := 0
		var groupAt []strictSend
		for _, s := range sends {
			if s.chat == group {
				groupAt = append(groupAt, s)
				if strings.Contains(s.text, "10 km") {
					replies++
				}
			}
		}
		if replies != members {
			t.Errorf("%d of %d members got their /run reply in the group", replies, members)
		}
		for i := range groupAt {
			if i+tgGroupPerMinute < len(groupAt) && groupAt[i+tgGroupPerMinute].at.Sub(groupAt[i].at) < time.Minute {
				t.Fatalf("21 group messages within a minute from %v", groupAt[i].at)
			}
		}
		if refused != 0 {
			t.Errorf("%d sends met a 429", refused)
		}
		t.Logf("DM answered after %v; %d group replies over %v", answered.Sub(asked), len(groupAt), groupAt[len(groupAt)-1].at.Sub(asked))
	})
}

// waitSent waits (on the bubble's clock) until the adapter has nothing
// queued.
func waitSent(t *testing.T, a *Adapter) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := a.waitIdle(ctx); err != nil {
		t.Fatalf("%d messages still queued after 30 minutes", a.queued())
	}
}

// TestFifteenHundredRepliesAllArrive: 1,500 members answer the bot at
// once (a club's set-up message): every one gets exactly one reply, no
// send meets a 429, no second holds more than Telegram's 30 sends, and
// the replies go out at 0.9 or more of 30/s.
func TestFifteenHundredRepliesAllArrive(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("1,500 members")
	}
	synctest.Test(t, func(t *testing.T) {
		b := newStrictBot(t)
		const n = 1500
		var wg sync.WaitGroup
		for w := range 10 {
			wg.Go(func() {
				for i := w; i < n; i += 10 {
					id := int64(10000 + i)
					b.handle(t, update(i+1, id, "private", id, "/settings remind 07:00"))
				}
			})
		}
		wg.Wait()
		waitSent(t, b.a)
		sends, refused := b.api.snapshot()
		per := map[int64]int{}
		for _, s := range sends {
			per[s.chat]++
		}
		for i := range n {
			if got := per[int64(10000+i)]; got != 1 {
				t.Fatalf("member %d got %d replies, want 1", 10000+i, got)
			}
		}
		if refused != 0 {
			t.Errorf("%d sends met a 429", refused)
		}
		reportRate(t, sends)
	})
}

// reportRate checks and logs the achieved send rate as a ratio of
// Telegram's 30/s, and the busiest second.
func reportRate(t *testing.T, sends []strictSend) {
	t.Helper()
	busiest := busiestSecond(sends)
	if busiest > tgGlobalPerSecond-1 {
		t.Errorf("%d sends in one second; the limiter keeps one below Telegram's %d", busiest, tgGlobalPerSecond)
	}
	span := sends[len(sends)-1].at.Sub(sends[0].at)
	ratio := float64(len(sends)-1) / span.Seconds() / tgGlobalPerSecond
	if ratio < 0.9 {
		t.Errorf("%d sends over %v: %.3f of 30/s, want at least 0.9", len(sends), span, ratio)
	}
	t.Logf("%d sends over %v: %.3f of Telegram's 30/s; busiest second %d", len(sends), span.Round(time.Millisecond), ratio, busiest)
}

// TestFifteenHundredRemindersAtTelegramRate: reminders for 1,500 members
// all due within one minute go through the scheduler and the adapter's
// limiters: each member gets exactly one, with zero 429s, at 0.9 or more
// of Telegram's 30/s.
func TestFifteenHundredRemindersAtTelegramRate(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("1,500 members")
	}
	synctest.Test(t, func(t *testing.T) {
		b := newStrictBot(t)
		const n = 1500
		ctx := context.Background()
		due := time.Now().Truncate(24 * time.Hour).Add(24*time.Hour + 7*time.Hour) // 07:00 UTC tomorrow
		for i := range n {
			id := fmt.Sprintf("telegram:%d", 20000+i)
			if _, err := b.st.UpdateMember(ctx, ids.MemberID(id), func(m *store.Member) error {
				m.RemindAt = "07:00"
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := b.st.Schedule(ctx, platforms.Telegram, "remind|"+id, due.Add(time.Duration(i%60)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Until(due.Add(time.Minute))) // all due now
		sched := scheduler.New(scheduler.Deps{
			Store: b.st, Sender: platforms.Senders{platforms.Telegram: b.a}, Platforms: []string{platforms.Telegram},
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- sched.Run(runCtx) }()
		for start := time.Now(); time.Since(start) < 10*time.Minute; {
			if sends, _ := b.api.snapshot(); len(sends) >= n {
				break
			}
			time.Sleep(time.Second)
		}
		time.Sleep(5 * time.Minute) // anything sent twice would show by now
		stop()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		sends, refused := b.api.snapshot()
		per := map[int64]int{}
		for _, s := range sends {
			per[s.chat]++
		}
		for i := range n {
			if got := per[int64(20000+i)]; got != 1 {
				t.Fatalf("member %d got %d reminders, want exactly 1", 20000+i, got)
			}
		}
		if len(sends) != n {
			t.Errorf("%d sends for %d members", len(sends), n)
		}
		if refused != 0 {
			t.Errorf("%d sends met a 429", refused)
		}
		reportRate(t, sends)
	})
}

// TestSustained429sNeverLoseAMessage: a server answering 429 to every
// other send for a long while (a second replica sharing the budget,
// say) loses nothing: each 429 goes back through the limiters after its
// retry_after, however many there are, within the 2-minute cap.
func TestSustained429sNeverLoseAMessage(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	var script []reply
	for range 12 { // 12 × 429 for one message: more than any fixed count
		script = append(script, apiErr(429, "Too Many Requests: retry after 5", 5))
	}
	r.api.script("sendMessage", append(script, ok(map[string]any{"message_id": 1}))...)
	if err := r.a.DM(context.Background(), "telegram:42", "hello", nil); err != nil {
		t.Fatalf("DM after 12 429s (60s of retry_after): %v", err)
	}
	if n := len(r.api.callsTo("sendMessage")); n != 13 {
		t.Fatalf("sendMessage calls = %d, want 13", n)
	}
	// Past the cap the caller hears about it.
	r2 := newRig(t, nil)
	r2.api.script("sendMessage", apiErr(429, "Too Many Requests: retry after 50", 50))
	err := r2.a.DM(context.Background(), "telegram:42", "hello", nil)
	if err == nil {
		t.Fatal("a DM refused with 429 for ever was reported sent")
	}
	if got := len(r2.api.callsTo("sendMessage")); got != 3 { // 50s + 50s, then 150s > 2m
		t.Fatalf("sendMessage calls = %d, want 3 (the cap is 2 minutes of retry_after)", got)
	}
}
