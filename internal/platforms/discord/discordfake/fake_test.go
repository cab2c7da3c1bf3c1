package discordfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func call(t *testing.T, method, url, auth, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func code(m map[string]any) int {
	f, _ := m["code"].(float64)
	return int(f)
}

// connect runs a minimal gateway client: HELLO, IDENTIFY, READY.
func connect(t *testing.T, s *Server, b *Bot) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"gateway/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	var hello frame
	if err := ws.ReadJSON(&hello); err != nil || hello.Op != 10 {
		t.Fatalf("hello = %+v, %v", hello, err)
	}
	if err := ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{"token": "Bot " + b.Token, "intents": 1, "properties": map[string]string{}}}); err != nil {
		t.Fatal(err)
	}
	var ready frame
	if err := ws.ReadJSON(&ready); err != nil || ready.Op != 0 || ready.T != "READY" {
		t.Fatalf("ready = %+v, %v", ready, err)
	}
	var d struct {
		Application struct{ ID string } `json:"application"`
		SessionID   string              `json:"session_id"`
	}
	if err := json.Unmarshal(ready.D, &d); err != nil || d.Application.ID != b.AppID || d.SessionID == "" {
		t.Fatalf("READY payload %s", ready.D)
	}
	if err := ws.WriteJSON(map[string]any{"op": 1, "d": 1}); err != nil {
		t.Fatal(err)
	}
	var ack frame
	if err := ws.ReadJSON(&ack); err != nil || ack.Op != 11 {
		t.Fatalf("heartbeat ack = %+v, %v", ack, err)
	}
	return ws
}

func TestFakeFollowsDiscordsRules(t *testing.T) {
	t.Parallel()
	s := New()
	defer s.Close()
	b := s.NewBot("bot")
	api := s.URL + "api/v9"
	auth := "Bot " + b.Token

	if st, _ := call(t, "GET", api+"/users/@me", "", ""); st != http.StatusUnauthorized {
		t.Errorf("no token: %d", st)
	}
	if st, m := call(t, "GET", api+"/users/@me", auth, ""); st != 200 || m["id"] != b.AppID || m["bot"] != true {
		t.Errorf("users/@me = %d %v", st, m)
	}
	bad := `[{"name":"Pain","description":"x"}]`
	if st, m := call(t, "PUT", api+"/applications/"+b.AppID+"/commands", auth, bad); st != 400 || code(m) != CodeInvalidFormBody {
		t.Errorf("upper-case command name: %d %v", st, m)
	}
	mixed := `[{"name":"x","description":"x","options":[{"type":3,"name":"a","description":"a"},{"type":3,"name":"b","description":"b","required":true}]}]`
	if st, _ := call(t, "PUT", api+"/applications/"+b.AppID+"/commands", auth, mixed); st != 400 {
		t.Errorf("required after optional: %d", st)
	}
	good := `[{"name":"pain","description":"Report pain","options":[{"type":4,"name":"level","description":"0-10","required":true,"min_value":0,"max_value":10}]}]`
	if st, _ := call(t, "PUT", api+"/applications/"+b.AppID+"/commands", auth, good); st != 200 {
		t.Fatalf("valid commands: %d", st)
	}

	connect(t, s, b)
	who := Invoker{UserID: "1", Username: "u", GuildID: "2", ChannelID: "3"}
	if _, err := b.Slash(who, "pain", Opt{Name: "level", Value: 11}); err == nil {
		t.Error("level 11 accepted against max 10")
	}
	if _, err := b.Slash(who, "pain"); err == nil {
		t.Error("required option left out")
	}
	if _, err := b.Slash(who, "nope"); err == nil {
		t.Error("unregistered command")
	}
	id, err := b.Slash(who, "pain", Opt{Name: "level", Value: 3})
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	token := b.interactions[id].token
	b.mu.Unlock()
	followup := api + "/webhooks/" + b.AppID + "/" + token
	if st, m := call(t, "POST", followup, "", `{"content":"early"}`); st != 404 || code(m) != CodeUnknownWebhook {
		t.Errorf("follow-up before the response: %d %v", st, m)
	}
	cb := api + "/interactions/" + id + "/" + token + "/callback"
	if st, _ := call(t, "POST", cb, "", `{"type":4,"data":{"content":"`+strings.Repeat("x", 2001)+`"}}`); st != 400 {
		t.Errorf("2,001 characters: %d", st)
	}
	dup := `{"type":4,"data":{"content":"How is it?","components":[` +
		`{"type":1,"components":[{"type":2,"style":2,"label":"Same","custom_id":"/checkin same"}]},` +
		`{"type":1,"components":[{"type":2,"style":2,"label":"Same again","custom_id":"/checkin same"}]}]}}`
	if st, m := call(t, "POST", cb, "", dup); st != 400 || code(m) != CodeInvalidFormBody {
		t.Errorf("two buttons with one custom_id: %d %v", st, m)
	}
	if st, _ := call(t, "POST", cb, "", `{"type":8,"data":{"choices":[]}}`); st != 400 {
		t.Errorf("autocomplete result for a command: %d", st)
	}
	if st, _ := call(t, "POST", cb, "", `{"type":4,"data":{"content":"ok","flags":64}}`); st != 204 {
		t.Fatalf("response: %d", st)
	}
	if st, m := call(t, "POST", cb, "", `{"type":4,"data":{"content":"again"}}`); st != 400 || code(m) != CodeAlreadyAcknowledged {
		t.Errorf("second response: %d %v", st, m)
	}
	if st, _ := call(t, "POST", followup+"?wait=true", "", `{"content":"more","flags":64}`); st != 200 {
		t.Errorf("follow-up: %d", st)
	}
	if got := b.Snapshot().RepliesTo(id); len(got) != 2 || !got[0].Ephemeral() || got[1].Content != "more" {
		t.Errorf("recorded %+v", got)
	}

	// DMs: the channel opens, but a member with DMs closed refuses messages.
	b.CloseDMs("7")
	st, ch := call(t, "POST", api+"/users/@me/channels", auth, `{"recipient_id":"7"}`)
	if st != 200 || ch["id"] == nil {
		t.Fatalf("DM channel: %d %v", st, ch)
	}
	if st, m := call(t, "POST", api+"/channels/"+ch["id"].(string)+"/messages", auth, `{"content":"hi"}`); st != 403 || code(m) != CodeCannotDMUser {
		t.Errorf("message to closed DMs: %d %v", st, m)
	}
	if st, m := call(t, "POST", api+"/channels/999/messages", auth, `{"content":"hi"}`); st != 404 || code(m) != CodeUnknownChannel {
		t.Errorf("message to an unknown channel: %d %v", st, m)
	}
	if st, _ := call(t, "POST", api+"/channels/3/messages", auth, `{"content":""}`); st != 400 {
		t.Errorf("empty message: %d", st)
	}
}

func TestFakeAnswersLateInteractionsWithUnknownInteraction(t *testing.T) {
	t.Parallel()
	s := New()
	defer s.Close()
	b := s.NewBot("bot")
	if st, _ := call(t, "PUT", s.URL+"api/v9/applications/"+b.AppID+"/commands", "Bot "+b.Token, `[{"name":"x","description":"x"}]`); st != 200 {
		t.Fatal(st)
	}
	connect(t, s, b)
	id, err := b.Slash(Invoker{UserID: "1", ChannelID: "3"}, "x")
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	st := b.interactions[id]
	st.created = st.created.Add(-interactionLimit - time.Millisecond) // as if 3 s had passed
	token := st.token
	b.mu.Unlock()
	if status, m := call(t, "POST", s.URL+"api/v9/interactions/"+id+"/"+token+"/callback", "", `{"type":5}`); status != 404 || code(m) != CodeUnknownInteraction {
		t.Errorf("late response: %d %v", status, m)
	}
}

// Stop makes the fake unreachable (connections refused, gateways cut) and
// Start brings it back on the same address with its records.
func TestStopAndStart(t *testing.T) {
	t.Parallel()
	s := New()
	defer s.Close()
	b := s.NewBot("bot")
	ws := connect(t, s, b)
	s.Stop()
	if _, err := http.Get(s.URL + "api/v9/gateway"); err == nil {
		t.Fatal("request to a stopped fake succeeded")
	}
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := ws.ReadMessage(); err == nil {
		t.Fatal("gateway connection survived Stop")
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if st, _ := call(t, http.MethodGet, s.URL+"api/v9/users/@me", "Bot "+b.Token, ""); st != http.StatusOK {
		t.Fatalf("after Start: status %d", st)
	}
	if n := len(b.Snapshot().Identifies); n != 1 {
		t.Fatalf("records lost across Stop/Start: %d identifies", n)
	}
}
