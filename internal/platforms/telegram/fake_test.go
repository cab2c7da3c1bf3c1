package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

const testToken = "123456:SECRET-token-value"

// apiCall is one request the fake Bot API received.
type apiCall struct {
	Method string
	Form   url.Values
	At     time.Time         // the adapter's (fake) clock when it was made
	Files  map[string][]byte // multipart uploads by field name (sendPhoto)
}

// reply is a scripted answer: an HTTP status and a body (JSON-encoded
// unless it is a string).
type reply struct {
	Status int
	Body   any
}

func ok(result any) reply { return reply{200, map[string]any{"ok": true, "result": result}} }

func apiErr(code int, desc string, retryAfter int) reply {
	body := map[string]any{"ok": false, "error_code": code, "description": desc}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	return reply{code, body}
}

// fakeAPI stands in for the Bot API where the emulator lacks a feature.
// Each method answers from its script (one reply per call, the last one
// repeating), or with a default success. getUpdates long-polls: it waits
// for queued updates or the end of the request.
type fakeAPI struct {
	t     *testing.T
	srv   *httptest.Server
	clock *fakeClock

	mu      sync.Mutex
	calls   []apiCall
	scripts map[string][]reply
	updates chan []map[string]any
	files   map[string][]byte // file_id -> content, served by getFile and /file/bot<token>/
	fetched []string          // file paths downloaded
}

func newFakeAPI(t *testing.T, clock *fakeClock) *fakeAPI {
	f := &fakeAPI{t: t, clock: clock, scripts: map[string][]reply{}, updates: make(chan []map[string]any, 16)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) script(method string, rs ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scripts[method] = rs
}

// addFile makes a file downloadable: getFile answers for id with the
// path documents/<id>, whose download serves data.
func (f *fakeAPI) addFile(id string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[id] = data
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if path, isFile := strings.CutPrefix(r.URL.Path, "/file/bot"+testToken+"/"); isFile {
		f.mu.Lock()
		f.fetched = append(f.fetched, path)
		data, found := f.files[strings.TrimPrefix(path, "documents/")]
		f.mu.Unlock()
		if !found {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		_, _ = w.Write(data)
		return
	}
	prefix := "/bot" + testToken + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		http.Error(w, "wrong token", http.StatusUnauthorized)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	form, files, err := multipartForm(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, apiCall{Method: method, Form: form, At: f.clock.Now(), Files: files})
	var rep *reply
	if rs := f.scripts[method]; len(rs) > 0 {
		rep = &rs[0]
		if len(rs) > 1 {
			f.scripts[method] = rs[1:]
		}
	}
	f.mu.Unlock()
	if rep == nil {
		d := f.defaultReply(w, r, method)
		rep = &d
	}
	if rep.Status == 0 {
		return // the request ended (long poll cancelled)
	}
	w.Header().Set("Content-Type", "application/json")
	if s, isText := rep.Body.(string); isText {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(rep.Status)
		_, _ = io.WriteString(w, s)
		return
	}
	w.WriteHeader(rep.Status)
	_ = json.NewEncoder(w).Encode(rep.Body)
}

func (f *fakeAPI) defaultReply(_ http.ResponseWriter, r *http.Request, method string) reply {
	switch method {
	case "getMe":
		return ok(map[string]any{"id": 666, "is_bot": true, "first_name": "Test", "username": "TestNameBot"})
	case "sendMessage", "sendPhoto", "sendDocument":
		return ok(map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": 1, "type": "private"}})
	case "getFile":
		id := r.PostForm.Get("file_id")
		f.mu.Lock()
		data, found := f.files[id]
		f.mu.Unlock()
		if !found {
			return apiErr(400, "Bad Request: invalid file_id", 0)
		}
		return ok(map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": len(data), "file_path": "documents/" + id})
	case "getUpdates":
		select {
		case ups := <-f.updates:
			return ok(ups)
		case <-r.Context().Done():
			return reply{}
		}
	}
	return ok(true)
}

// push queues one getUpdates answer.
func (f *fakeAPI) push(updates ...map[string]any) { f.updates <- updates }

// callsTo returns the calls to method, or every call when method is "".
func (f *fakeAPI) callsTo(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// fakeClock is the injected clock: Sleep advances it at once.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// fakeStore records marks and club moves.
type fakeStore struct {
	mu    sync.Mutex
	marks map[string]bool
}

func newFakeStore() *fakeStore { return &fakeStore{marks: map[string]bool{}} }

func (s *fakeStore) Mark(_ context.Context, scope, key string, _ time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := scope + "/" + key
	if s.marks[k] {
		return false, nil
	}
	s.marks[k] = true
	return true, nil
}

func (s *fakeStore) markCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.marks)
}

// fakeHandler records messages and answers with respond (or an echo).
type fakeHandler struct {
	mu          sync.Mutex
	msgs        []platforms.Message
	undelivered []string
	respond     func(platforms.Message) platforms.Response
}

func (h *fakeHandler) Handle(_ context.Context, m platforms.Message) platforms.Response {
	h.mu.Lock()
	h.msgs = append(h.msgs, m)
	respond := h.respond
	h.mu.Unlock()
	resp := platforms.Response{Text: "echo " + m.Command + " " + m.Args}
	if respond != nil {
		resp = respond(m)
	}
	if resp.Private {
		// As the router does: a refused private reply is kept (recorded
		// here) before the response's own hook runs.
		inner, text := resp.Delivered, platforms.TextOf(resp)
		resp.Delivered = func(ctx context.Context, reached bool) {
			if !reached {
				h.mu.Lock()
				h.undelivered = append(h.undelivered, string(m.MemberID)+"|"+text)
				h.mu.Unlock()
			}
			if inner != nil {
				inner(ctx, reached)
			}
		}
	}
	return resp
}

func (h *fakeHandler) messages() []platforms.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]platforms.Message(nil), h.msgs...)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer = logtest.Buffer

// rig is an adapter wired to fakes.
type rig struct {
	a     *Adapter
	api   *fakeAPI
	clock *fakeClock
	st    *fakeStore
	h     *fakeHandler
	logs  *syncBuffer
}

func newRig(t *testing.T, edit func(*Config)) *rig {
	t.Helper()
	clock := newFakeClock()
	r := &rig{api: newFakeAPI(t, clock), clock: clock, st: newFakeStore(), h: &fakeHandler{}, logs: &syncBuffer{}}
	cfg := Config{
		Token: testToken, APIURL: r.api.srv.URL,
		Now: clock.Now, Sleep: clock.Sleep,
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg, r.h, r.st, slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.a = a
	return r
}

// started runs the adapter's start-up (getMe, setMyCommands, webhook).
func (r *rig) started(t *testing.T) *rig {
	t.Helper()
	if err := r.a.start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	return r
}

// update builds a Bot API update carrying a text message.
func update(id int, chatID int64, chatType string, fromID int64, text string) map[string]any {
	return map[string]any{
		"update_id": id,
		"message": map[string]any{
			"message_id": 100 + id, "date": 1772442000, "text": text,
			"from": map[string]any{"id": fromID, "is_bot": false, "first_name": "Ana"},
			"chat": map[string]any{"id": chatID, "type": chatType},
		},
	}
}

// docUpdate builds an update carrying a document, with caption as its
// caption ("" for none; a command caption gets its bot_command entity).
func docUpdate(id int, chatID int64, chatType string, fromID int64, fileID, name string, size int, caption string) map[string]any {
	u := update(id, chatID, chatType, fromID, "")
	m := u["message"].(map[string]any)
	delete(m, "text")
	m["document"] = map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name, "file_size": size}
	if caption != "" {
		m["caption"] = caption
		if strings.HasPrefix(caption, "/") {
			end := strings.IndexByte(caption+" ", ' ')
			m["caption_entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": end}}
		}
	}
	return u
}

// noSecret makes post send no secret header at all.
const noSecret = "\x00no header"

// post sends an update to the webhook handler and returns the status. The
// secret header carries secret, or the secret derived from testToken (what
// a rig without a configured secret expects) when secret is "".
func post(t *testing.T, h http.Handler, u map[string]any, secret string) int {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/telegram", bytes.NewReader(body))
	if secret == "" {
		secret = DeriveWebhookSecret(testToken)
	}
	if secret != noSecret {
		req.Header.Set(SecretHeader, secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if wh, ok := h.(webhook); ok {
		// The answer comes once the update is handled; its replies go
		// out from the chats' queues after.
		flush(t, wh.a)
	}
	return rec.Code
}

// flush waits until the adapter has sent everything it queued.
func flush(t *testing.T, a *Adapter) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.waitIdle(ctx); err != nil {
		t.Fatalf("replies still queued after 10s: %d", a.queued())
	}
}
