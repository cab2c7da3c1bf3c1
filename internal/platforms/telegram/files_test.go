package telegram

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

func TestDMDocumentIsFetchedForTheRouter(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	data := []byte("<gpx>…</gpx>")
	r.api.addFile("F1", data)
	post(t, r.a.WebhookHandler(), docUpdate(1, 42, "private", 42, "F1", "Morning_Run.gpx", len(data), ""), "")
	msgs := r.h.messages()
	if len(msgs) != 1 {
		t.Fatalf("handled %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Command != "" || !m.DM || m.Attachment == nil {
		t.Fatalf("message %+v: want a DM with an attachment and no command", m)
	}
	if a := m.Attachment; a.Name != "Morning_Run.gpx" || a.Size != int64(len(data)) || !bytes.Equal(a.Data, data) {
		t.Errorf("attachment %+v", a)
	}
	if len(r.api.callsTo("getFile")) != 1 || len(r.api.fetched) != 1 || r.api.fetched[0] != "documents/F1" {
		t.Errorf("getFile calls %d, downloads %v", len(r.api.callsTo("getFile")), r.api.fetched)
	}
	if strings.Contains(r.logs.String(), testToken) {
		t.Error("the token reached the logs")
	}
}

func TestGroupDocumentNeedsTheCommandInItsCaption(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.api.addFile("F2", []byte("fit"))
	h := r.a.WebhookHandler()
	post(t, h, docUpdate(1, -1001, "supergroup", 42, "F2", "a.fit", 3, ""), "")
	post(t, h, docUpdate(2, -1001, "supergroup", 42, "F2", "a.fit", 3, "look at this"), "")
	if n := len(r.h.messages()); n != 0 || len(r.api.callsTo("getFile")) != 0 {
		t.Fatalf("a group file without /run was handled (%d) or fetched", n)
	}
	post(t, h, docUpdate(3, -1001, "supergroup", 42, "F2", "a.fit", 3, "/run@TestNameBot"), "")
	msgs := r.h.messages()
	if len(msgs) != 1 || msgs[0].Command != "run" || msgs[0].Attachment == nil || string(msgs[0].Attachment.Data) != "fit" || msgs[0].ClubID != "telegram:-1001" {
		t.Fatalf("messages %+v", msgs)
	}
}

func TestOversizeDocumentIsNotDownloaded(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.api.addFile("BIG", []byte("x"))
	post(t, r.a.WebhookHandler(), docUpdate(1, 42, "private", 42, "BIG", "export.zip", 300<<20, "/run"), "")
	msgs := r.h.messages()
	if len(msgs) != 1 || msgs[0].Attachment == nil {
		t.Fatalf("messages %+v", msgs)
	}
	if a := msgs[0].Attachment; a.Data != nil || a.Size != 300<<20 {
		t.Errorf("attachment %+v: want the size and no data", a)
	}
	if len(r.api.callsTo("getFile")) != 0 || len(r.api.fetched) != 0 {
		t.Error("an oversize file was asked for")
	}
}

func TestFailedFetchGoesOnWithoutData(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	// No such file: getFile answers 400.
	post(t, r.a.WebhookHandler(), docUpdate(1, 42, "private", 42, "GONE", "a.fit", 10, ""), "")
	msgs := r.h.messages()
	if len(msgs) != 1 || msgs[0].Attachment == nil || msgs[0].Attachment.Data != nil {
		t.Fatalf("messages %+v", msgs)
	}
	if len(r.api.callsTo("sendMessage")) != 1 {
		t.Error("the member got no answer")
	}
}

// End to end on the fake Bot API: the real router on a real store logs a
// watch file sent in a DM, and knows it again.
func TestWatchFileLoggedEndToEnd(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.t = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	api := newFakeAPI(t, clock)
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	router := commands.New(commands.Deps{Store: st, Log: log, Clock: clock.Now})
	a, err := New(Config{Token: testToken, APIURL: api.srv.URL, Now: clock.Now, Sleep: clock.Sleep}, router, st, log)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{a: a, api: api, clock: clock}
	r.started(t)
	fit, err := os.ReadFile(filepath.Join("..", "..", "workout", "testdata", "run_5k.fit"))
	if err != nil {
		t.Fatal(err)
	}
	api.addFile("RUN", fit)
	h := a.WebhookHandler()
	post(t, h, docUpdate(1, 42, "private", 42, "RUN", "Morning_Run.fit", len(fit), ""), "")
	post(t, h, docUpdate(2, -1001, "supergroup", 42, "RUN", "Morning_Run.fit", len(fit), "/run"), "")
	sent := api.callsTo("sendMessage")
	if len(sent) != 2 {
		t.Fatalf("sent %d messages, want 2", len(sent))
	}
	for _, want := range []string{"Logged 5 km from your watch on Sat 28 Nov", "172 spm"} {
		if !strings.Contains(sent[0].Form.Get("text"), want) {
			t.Errorf("first reply lacks %q:\n%s", want, sent[0].Form.Get("text"))
		}
	}
	if g := sent[1].Form; g.Get("chat_id") != "-1001" || !strings.Contains(g.Get("text"), "Already logged") {
		t.Errorf("group reply %v", g)
	}
	runs, err := st.Runs(t.Context(), ids.MemberID(platforms.ID(platforms.Telegram, "42")), "", "")
	if err != nil || len(runs) != 1 {
		t.Errorf("runs %+v, err %v", runs, err)
	}
}
