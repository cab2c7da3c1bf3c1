package telegram

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// painAnswer is what the router answers to /pain: private details and a
// public one-liner.
func painAnswer(m platforms.Message) platforms.Response {
	if m.Command != "pain" {
		return platforms.Response{Text: "hint for " + m.Command}
	}
	return platforms.Response{Text: "🟡 Knee pain 3/10: ease off, details…", Private: true, Public: "🟡 Noted — advice sent by DM."}
}

func TestGroupPrivateAnswerGoesByDM(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.h.respond = painAnswer
	post(t, r.a.WebhookHandler(), update(1, -1001, "supergroup", 42, "/pain@TestNameBot 3 knee"), "")

	msgs := r.h.messages()
	if len(msgs) != 1 {
		t.Fatalf("handled %d", len(msgs))
	}
	m := msgs[0]
	want := platforms.Message{Platform: "telegram", MemberID: "telegram:42", DisplayName: "Ana", ClubID: "telegram:-1001", ChatID: "telegram:-1001", Command: "pain", Args: "3 knee", ID: "u1"}
	m.Received = time.Time{}
	if m != want {
		t.Fatalf("message = %+v\nwant      %+v", m, want)
	}
	sent := r.api.callsTo("sendMessage")
	if len(sent) != 2 {
		t.Fatalf("sent %d messages, want DM + group platforms.PrivatePointer", len(sent))
	}
	if sent[0].Form.Get("chat_id") != "42" || !strings.Contains(sent[0].Form.Get("text"), "details") {
		t.Fatalf("DM = %v", sent[0].Form)
	}
	g := sent[1].Form
	if g.Get("chat_id") != "-1001" || g.Get("text") != "🟡 Noted — advice sent by DM." || g.Get("reply_parameters") != `{"message_id":101,"allow_sending_without_reply":true}` || g.Has("reply_to_message_id") {
		t.Fatalf("group reply = %v", g)
	}
}

func TestGroupPrivateAnswerDefaultPointer(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.h.respond = func(platforms.Message) platforms.Response {
		return platforms.Response{Text: "your data: {...}", Private: true}
	}
	post(t, r.a.WebhookHandler(), update(1, -1001, "supergroup", 42, "/mydata"), "")
	sent := r.api.callsTo("sendMessage")
	if len(sent) != 2 || sent[1].Form.Get("text") != platforms.PrivatePointer {
		t.Fatalf("sent = %+v", sent)
	}
}

func TestGroupDMRefusedKeepsMessageAndExplains(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.h.respond = painAnswer
	r.api.script("sendMessage", apiErr(403, "Forbidden: bot can't initiate conversation with a user", 0), ok(map[string]any{"message_id": 9}))
	post(t, r.a.WebhookHandler(), update(1, -1001, "supergroup", 42, "/pain 3 knee"), "")

	if got := r.h.undelivered; len(got) != 1 || got[0] != "telegram:42|🟡 Knee pain 3/10: ease off, details…" {
		t.Fatalf("undelivered = %q", got)
	}
	sent := r.api.callsTo("sendMessage")
	if len(sent) != 2 {
		t.Fatalf("sent %d", len(sent))
	}
	g := sent[1].Form
	text := g.Get("text")
	if g.Get("chat_id") != "-1001" || !strings.Contains(text, "@TestNameBot") || !strings.Contains(text, "Start") {
		t.Fatalf("group reply = %v", g)
	}
	if strings.Contains(text, "Knee") || strings.Contains(text, "3/10") {
		t.Fatalf("health detail in the group: %q", text)
	}
}

func TestGroupPublicAnswerRepliesInGroup(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	post(t, r.a.WebhookHandler(), update(1, -1001, "supergroup", 42, "/help"), "")
	sent := r.api.callsTo("sendMessage")
	if len(sent) != 1 || sent[0].Form.Get("chat_id") != "-1001" || sent[0].Form.Get("text") != "echo help" {
		t.Fatalf("sent = %+v", sent)
	}
}

func TestGroupChatterAndOtherBotsIgnored(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	h := r.a.WebhookHandler()
	for i, text := range []string{"see you at the track!", "/pain@OtherBot 3 knee", "", "my knee hurts /pain"} {
		post(t, h, update(i+1, -1001, "supergroup", 42, text), "")
	}
	if n := len(r.h.messages()); n != 0 {
		t.Fatalf("handled %d group messages that were not commands for this bot", n)
	}
	if n := r.st.markCount(); n != 0 {
		t.Fatalf("stored %d marks for ignored chatter", n)
	}
	if n := len(r.api.callsTo("sendMessage")) + len(r.api.callsTo("getChatAdministrators")); n != 0 {
		t.Fatalf("made %d calls for ignored chatter", n)
	}
}

func TestDMChatterGetsPassedOnWithoutCommand(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	post(t, r.a.WebhookHandler(), update(1, 42, "private", 42, "hello coach"), "")
	msgs := r.h.messages()
	if len(msgs) != 1 || msgs[0].Command != "" || !msgs[0].DM || msgs[0].ClubID != "" {
		t.Fatalf("messages = %+v", msgs)
	}
	if n := len(r.api.callsTo("getChatAdministrators")); n != 0 {
		t.Fatal("admin lookup in a DM")
	}
}

func TestButtonPressBecomesCommand(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	u := map[string]any{
		"update_id": 9,
		"callback_query": map[string]any{
			"id": "cb77", "data": "/checkin settled", "chat_instance": "x",
			"from":    map[string]any{"id": 42, "is_bot": false, "first_name": "Ana"},
			"message": map[string]any{"message_id": 5, "date": 1, "chat": map[string]any{"id": 42, "type": "private"}},
		},
	}
	post(t, r.a.WebhookHandler(), u, "")
	msgs := r.h.messages()
	if len(msgs) != 1 || msgs[0].Command != "checkin" || msgs[0].Args != "settled" || !msgs[0].DM {
		t.Fatalf("messages = %+v", msgs)
	}
	ans := r.api.callsTo("answerCallbackQuery")
	if len(ans) != 1 || ans[0].Form.Get("callback_query_id") != "cb77" {
		t.Fatalf("answerCallbackQuery = %+v", ans)
	}
	if sent := r.api.callsTo("sendMessage"); len(sent) != 1 || sent[0].Form.Get("chat_id") != "42" {
		t.Fatalf("reply = %+v", sent)
	}
}

func TestMigrationMovesClub(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var moved []string
	r := newRig(t, func(c *Config) {
		c.MoveClub = func(_ context.Context, from, to platforms.ClubID) error {
			mu.Lock()
			defer mu.Unlock()
			moved = append(moved, string(from)+">"+string(to))
			return nil
		}
	}).started(t)
	h := r.a.WebhookHandler()
	u := map[string]any{"update_id": 3, "message": map[string]any{
		"message_id": 1, "date": 1, "migrate_to_chat_id": -1009999,
		"from": map[string]any{"id": 42, "first_name": "Ana"},
		"chat": map[string]any{"id": -555, "type": "group"},
	}}
	post(t, h, u, "")
	mu.Lock()
	defer mu.Unlock()
	if len(moved) != 1 || moved[0] != "telegram:-555>telegram:-1009999" {
		t.Fatalf("MoveClub calls = %v", moved)
	}
	if n := len(r.h.messages()); n != 0 {
		t.Fatalf("migration message handled as a command")
	}
	if strings.Contains(r.logs.String(), "level=ERROR") {
		t.Fatalf("a move logged an error:\n%s", r.logs)
	}
}

func TestRedeliveredUpdateHandledOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	h := r.a.WebhookHandler()
	u := update(5, 42, "private", 42, "/run 5k")
	post(t, h, u, "")
	post(t, h, u, "")
	if n := len(r.h.messages()); n != 1 {
		t.Fatalf("handled %d times", n)
	}
	if !r.st.marks["telegram/update:5"] {
		t.Fatalf("marks = %v", r.st.marks)
	}
}

// waitFor polls cond every millisecond until it holds or 5 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPollOffsetsAndDedup(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()

	r.api.push(update(5, 42, "private", 42, "/help"), update(6, 42, "private", 42, "/week"))
	r.api.push()                                       // empty: everything confirmed
	r.api.push(update(5, 42, "private", 42, "/help"))  // redelivered after a restart of the server
	r.api.push(update(2, 43, "private", 43, "/start")) // ids restarted low after a quiet week
	waitFor(t, "four polls answered", func() bool { return len(r.api.callsTo("getUpdates")) >= 5 })
	waitFor(t, "replies", func() bool { return len(r.api.callsTo("sendMessage")) >= 3 })
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run = %v", err)
	}

	var offsets []string
	for _, c := range r.api.callsTo("getUpdates") {
		offsets = append(offsets, c.Form.Get("offset"))
	}
	if strings.Join(offsets[:5], ",") != ",7,,6,3" {
		t.Fatalf("offsets = %v, want 0 (omitted),7,0,6,3", offsets)
	}
	var cmds []string
	for _, m := range r.h.messages() {
		cmds = append(cmds, m.Command)
	}
	if len(cmds) != 3 {
		t.Fatalf("handled %v, want help, week, start once each", cmds)
	}
	if got := r.api.callsTo("deleteWebhook"); len(got) != 1 {
		t.Fatalf("deleteWebhook calls = %d", len(got))
	}
	idle := 0
	for _, d := range r.clock.Slept() {
		if d == time.Second {
			idle++
		}
	}
	if idle < 1 {
		t.Fatalf("no pause after an empty poll: slept %v", r.clock.Slept())
	}
}

func TestShutdownFinishesInFlightHandlers(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	entered, release := make(chan struct{}), make(chan struct{})
	r.h.respond = func(m platforms.Message) platforms.Response {
		close(entered)
		<-release
		return platforms.Response{Text: "✅ Logged 5 km."}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()
	r.api.push(update(1, 42, "private", 42, "/run 5k"))
	<-entered
	if err := r.a.Ready(ctx); err != nil {
		t.Fatalf("Ready while running: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) with a handler in flight", err)
	default:
	}
	close(release)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the handler finished")
	}
	if sent := r.api.callsTo("sendMessage"); len(sent) != 1 || sent[0].Form.Get("text") != "✅ Logged 5 km." {
		t.Fatalf("the in-flight reply was not sent before Run returned: %+v", sent)
	}
	if r.a.Ready(context.Background()) == nil {
		t.Fatal("Ready after shutdown")
	}
	if got := post(t, r.a.WebhookHandler(), update(2, 42, "private", 42, "/help"), ""); got != 503 {
		t.Fatalf("update after shutdown answered %d, want 503", got)
	}
}

func TestGroupCommandsOfOtherBotsWithoutMentionIgnored(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(c *Config) {
		c.Known = func(name string) bool { return name == "pain" || name == "help" }
	}).started(t)
	h := r.a.WebhookHandler()
	// Another bot's command, sent without @mention: not ours, no trace.
	post(t, h, update(1, -1001, "supergroup", 42, "/weather london"), "")
	if n := len(r.h.messages()) + r.st.markCount() + len(r.api.callsTo("sendMessage")); n != 0 {
		t.Fatalf("an unknown unaddressed group command left %d traces (handled, marks, sends)", n)
	}
	// Ours, and unknown commands addressed to this bot, still answered.
	post(t, h, update(2, -1001, "supergroup", 42, "/help"), "")
	post(t, h, update(3, -1001, "supergroup", 42, "/weathr@TestNameBot"), "")
	// In a private chat everything is for this bot.
	post(t, h, update(4, 42, "private", 42, "/weather"), "")
	var got []string
	for _, m := range r.h.messages() {
		got = append(got, m.Command)
	}
	if strings.Join(got, ",") != "help,weathr,weather" {
		t.Fatalf("handled %v, want help, weathr, weather", got)
	}
}

// The response's Delivered hook learns whether the member got it: the
// router releases kept messages only then.
func TestDeliveredHookLearnsTheOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		chat    int64
		private bool
		script  []reply
		want    string // the hook's calls; "undelivered" marks Undelivered having run first
	}{
		{"reply in a DM", 42, false, nil, "true"},
		{"private answer in a group, DM sent", -1001, true, nil, "true"},
		{"private answer in a group, DM refused", -1001, true,
			[]reply{apiErr(403, "Forbidden: bot can't initiate conversation with a user", 0), ok(map[string]any{"message_id": 9})}, "undelivered,false"},
		{"reply refused by Telegram", 42, false, []reply{apiErr(400, "Bad Request: message is too long", 0)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil).started(t)
			var calls []string
			r.h.respond = func(platforms.Message) platforms.Response {
				return platforms.Response{Text: "📬 waiting for you: how's the knee?", Private: tc.private, Delivered: func(_ context.Context, reached bool) {
					if len(r.h.undelivered) > 0 {
						calls = append(calls, "undelivered")
					}
					calls = append(calls, fmt.Sprint(reached))
				}}
			}
			if tc.script != nil {
				r.api.script("sendMessage", tc.script...)
			}
			typ := "private"
			if tc.chat < 0 {
				typ = "supergroup"
			}
			post(t, r.a.WebhookHandler(), update(1, tc.chat, typ, 42, "/help"), "")
			if got := strings.Join(calls, ","); got != tc.want {
				t.Errorf("Delivered calls = %q, want %q", got, tc.want)
			}
		})
	}
}
