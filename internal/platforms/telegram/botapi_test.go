package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// paramSpec is one documented parameter (or object field).
type paramSpec struct {
	Type     string `json:"type"`
	Required bool   `json:"required"`
	MaxChars int    `json:"max_chars"`
	MaxBytes int    `json:"max_bytes"`
	MaxItems int    `json:"max_items"`
}

// botAPISpec is testdata/botapi-params.json: the documented parameters of
// the methods the bot calls and of the objects it sends in them.
type botAPISpec struct {
	BotAPI  string                          `json:"bot_api"`
	Methods map[string]map[string]paramSpec `json:"methods"`
	Types   map[string]map[string]paramSpec `json:"types"`
}

func loadBotAPISpec(t *testing.T) botAPISpec {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "botapi-params.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s botAPISpec
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("botapi-params.json: %v", err)
	}
	if s.BotAPI == "" || len(s.Methods) == 0 {
		t.Fatal("botapi-params.json names no Bot API version or no methods")
	}
	return s
}

// checkCall lists what is wrong with one request: an undocumented method
// or parameter, a missing required one, a repeated one, or a value that
// does not fit its documented type (JSON null included: optional
// parameters are left out, never sent as null).
func (s botAPISpec) checkCall(c apiCall) []string {
	params, ok := s.Methods[c.Method]
	if !ok {
		return []string{fmt.Sprintf("%s: method not in botapi-params.json", c.Method)}
	}
	var bad []string
	for name, vals := range c.Form {
		where := c.Method + "." + name
		p, ok := params[name]
		switch {
		case !ok:
			bad = append(bad, where+": not a documented parameter")
		case len(vals) != 1:
			bad = append(bad, fmt.Sprintf("%s: sent %d times", where, len(vals)))
		default:
			bad = append(bad, s.checkForm(where, p, vals[0])...)
		}
	}
	for name, p := range params {
		if p.Required && !c.Form.Has(name) {
			bad = append(bad, c.Method+"."+name+": required but missing")
		}
	}
	return bad
}

// checkForm checks one form value: scalars as text, everything else as
// the JSON Telegram expects.
func (s botAPISpec) checkForm(where string, p paramSpec, v string) []string {
	var bad []string
	switch p.Type {
	case "Integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			bad = append(bad, fmt.Sprintf("%s: %q is not an Integer", where, v))
		}
	case "Boolean":
		if v != "true" && v != "false" {
			bad = append(bad, fmt.Sprintf("%s: %q is not a Boolean", where, v))
		}
	case "String", "Integer or String":
		if v == "" || v == "null" {
			bad = append(bad, fmt.Sprintf("%s: empty or null", where))
		}
	default:
		var x any
		if err := json.Unmarshal([]byte(v), &x); err != nil {
			return []string{fmt.Sprintf("%s: not JSON: %v", where, err)}
		}
		return s.checkJSON(where, p, x)
	}
	return append(bad, limits(where, p, v)...)
}

// checkJSON checks a decoded JSON value against a documented type.
func (s botAPISpec) checkJSON(where string, p paramSpec, x any) []string {
	if x == nil {
		return []string{where + ": null (optional fields must be left out)"}
	}
	if elem, isArray := strings.CutPrefix(p.Type, "Array of "); isArray {
		items, ok := x.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want %s, got %T", where, p.Type, x)}
		}
		var bad []string
		if p.MaxItems > 0 && len(items) > p.MaxItems {
			bad = append(bad, fmt.Sprintf("%s: %d items, at most %d", where, len(items), p.MaxItems))
		}
		for i, it := range items {
			bad = append(bad, s.checkJSON(fmt.Sprintf("%s[%d]", where, i), paramSpec{Type: elem}, it)...)
		}
		return bad
	}
	switch p.Type {
	case "Integer":
		if f, ok := x.(float64); !ok || f != math.Trunc(f) {
			return []string{fmt.Sprintf("%s: %v is not an Integer", where, x)}
		}
		return nil
	case "Boolean":
		if _, ok := x.(bool); !ok {
			return []string{fmt.Sprintf("%s: %v is not a Boolean", where, x)}
		}
		return nil
	case "String":
		str, ok := x.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: %v is not a String", where, x)}
		}
		return limits(where, p, str)
	case "Integer or String":
		switch x.(type) {
		case float64, string:
			return nil
		}
		return []string{fmt.Sprintf("%s: %v is neither Integer nor String", where, x)}
	}
	fields, ok := s.Types[p.Type]
	if !ok {
		return []string{fmt.Sprintf("%s: sends a %s, which botapi-params.json does not describe", where, p.Type)}
	}
	obj, ok := x.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: want a %s object, got %T", where, p.Type, x)}
	}
	var bad []string
	for k, v := range obj {
		f, ok := fields[k]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s.%s: not a documented field of %s", where, k, p.Type))
			continue
		}
		bad = append(bad, s.checkJSON(where+"."+k, f, v)...)
	}
	for k, f := range fields {
		if _, has := obj[k]; f.Required && !has {
			bad = append(bad, fmt.Sprintf("%s.%s: required field of %s missing", where, k, p.Type))
		}
	}
	return bad
}

// limits applies documented length limits: Telegram counts characters
// (code points), callback data in bytes.
func limits(where string, p paramSpec, v string) []string {
	var bad []string
	if n := utf8.RuneCountInString(v); p.MaxChars > 0 && n > p.MaxChars {
		bad = append(bad, fmt.Sprintf("%s: %d characters, at most %d", where, n, p.MaxChars))
	}
	if p.MaxBytes > 0 && len(v) > p.MaxBytes {
		bad = append(bad, fmt.Sprintf("%s: %d bytes, at most %d", where, len(v), p.MaxBytes))
	}
	return bad
}

// The checker itself must catch what issue 20 found in the library's own
// encoding, or the scenario test below proves nothing.
func TestBotAPISpecCatchesOutdatedParameters(t *testing.T) {
	t.Parallel()
	s := loadBotAPISpec(t)
	for name, form := range map[string]url.Values{
		"disable_web_page_preview": {"chat_id": {"1"}, "text": {"hi"}, "disable_web_page_preview": {"true"}},
		"reply_to_message_id":      {"chat_id": {"1"}, "text": {"hi"}, "reply_to_message_id": {"5"}},
		"entities=null":            {"chat_id": {"1"}, "text": {"hi"}, "entities": {"null"}},
		"no text":                  {"chat_id": {"1"}},
		"text too long":            {"chat_id": {"1"}, "text": {strings.Repeat("ж", 4097)}},
		"reply without message_id": {"chat_id": {"1"}, "text": {"hi"}, "reply_parameters": {`{"allow_sending_without_reply":true}`}},
		"null inside an object":    {"chat_id": {"1"}, "text": {"hi"}, "link_preview_options": {`{"is_disabled":true,"url":null}`}},
		"unknown button field":     {"chat_id": {"1"}, "text": {"hi"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"b","colour":"red"}]]}`}},
	} {
		if bad := s.checkCall(apiCall{Method: "sendMessage", Form: form}); len(bad) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	ok := url.Values{"chat_id": {"1"}, "text": {strings.Repeat("ж", 4096)}, "link_preview_options": {`{"is_disabled":true}`},
		"reply_parameters": {`{"message_id":5,"allow_sending_without_reply":true}`}}
	if bad := s.checkCall(apiCall{Method: "sendMessage", Form: ok}); len(bad) != 0 {
		t.Errorf("a current sendMessage refused: %v", bad)
	}
}

// TestRequestsUseDocumentedParameters runs a realistic session against the
// fake Bot API (start-up with a command menu, private chats, a club group
// with an admin, a private answer in the group, a long emoji-heavy reply
// with buttons, a button press, polling, webhook mode) and checks every
// request it made against botapi-params.json.
func TestRequestsUseDocumentedParameters(t *testing.T) {
	t.Parallel()
	spec := loadBotAPISpec(t)
	cmds := []Command{{Name: "pain", Summary: "Report a niggle"}, {Name: "run", Summary: "Log a run"}, {Name: "checkin", Summary: "Answer the check-in"}}
	long := strings.Repeat("🏃‍♀️ Easy miles today, then strides 💪\n", 150) // split in parts
	checkin := []platforms.Button{{Label: "🟢 Settled back", Command: "/checkin settled"}, {Label: "🔴 Worse", Command: "/checkin worse"}}

	// Polling mode.
	r := newRig(t, func(c *Config) { c.Commands = cmds })
	r.api.script("getChatAdministrators", ok([]map[string]any{
		{"status": "creator", "user": map[string]any{"id": 7, "is_bot": false, "first_name": "Olu"}},
	}))
	r.h.respond = func(m platforms.Message) platforms.Response {
		switch m.Command {
		case "pain":
			return platforms.Response{Text: "🟡 Amber — keep moving, below the pain edge.", Private: true, Public: "🟡 Noted — advice sent by DM.", Buttons: checkin}
		case "week":
			return platforms.Response{Text: long, Buttons: checkin}
		}
		return platforms.Response{Text: "echo " + m.Command}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()
	r.api.push(
		update(1, 42, "private", 42, "/start"),
		update(2, -1001, "supergroup", 7, "/run 5k"),
		update(3, -1001, "supergroup", 42, "/pain 3 knee"),
		update(4, 42, "private", 42, "/week"),
		map[string]any{"update_id": 5, "callback_query": map[string]any{
			"id": "cb1", "data": "/checkin settled", "chat_instance": "x",
			"from":    map[string]any{"id": 42, "is_bot": false, "first_name": "Ana"},
			"message": map[string]any{"message_id": 9, "date": 1, "chat": map[string]any{"id": 42, "type": "private"}},
		}},
	)
	waitFor(t, "every update answered", func() bool { return len(r.h.messages()) == 5 && len(r.api.callsTo("answerCallbackQuery")) == 1 })
	waitFor(t, "the replies sent", func() bool { return len(r.api.callsTo("sendMessage")) >= 7 })
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run = %v", err)
	}

	// Webhook mode.
	w := newRig(t, func(c *Config) {
		c.WebhookURL = "https://bot.example/tg/hook"
		c.WebhookSecret = "s3cret-webhook"
		c.Commands = cmds
	}).started(t)

	calls := append(r.api.callsTo(""), w.api.callsTo("")...)
	used := map[string]bool{}
	for _, c := range calls {
		used[c.Method] = true
		for _, b := range spec.checkCall(c) {
			t.Error(b)
		}
	}
	// The list stays small and current: every method in it is one the
	// bot calls.
	for m := range spec.Methods {
		if !used[m] {
			t.Errorf("botapi-params.json lists %s, which the session never called", m)
		}
	}

	// Issue 20's acceptance, spelled out.
	var groupReplies int
	for _, c := range r.api.callsTo("sendMessage") {
		for _, old := range []string{"disable_web_page_preview", "reply_to_message_id", "allow_sending_without_reply", "entities"} {
			if c.Form.Has(old) {
				t.Errorf("sendMessage carries %s=%q", old, c.Form.Get(old))
			}
		}
		if c.Form.Get("link_preview_options") != `{"is_disabled":true}` {
			t.Errorf("sendMessage link_preview_options = %q", c.Form.Get("link_preview_options"))
		}
		if c.Form.Get("chat_id") == "-1001" {
			groupReplies++
			var rp replyParameters
			if err := json.Unmarshal([]byte(c.Form.Get("reply_parameters")), &rp); err != nil || rp.MessageID == 0 || !rp.AllowSendingWithoutReply {
				t.Errorf("group reply reply_parameters = %q", c.Form.Get("reply_parameters"))
			}
		}
	}
	if groupReplies != 2 {
		t.Errorf("group replies = %d, want the /run answer and the /pain pointer", groupReplies)
	}
	var parts []string
	for _, c := range r.api.callsTo("sendMessage") {
		if c.Form.Get("chat_id") == "42" && strings.HasPrefix(c.Form.Get("text"), "🏃") {
			parts = append(parts, c.Form.Get("text"))
		}
	}
	if len(parts) < 2 || strings.Join(parts, "\n") != strings.TrimSpace(long) {
		t.Errorf("long reply sent in %d parts that do not add up to the text", len(parts))
	}
	for _, m := range []string{"getMe", "setMyCommands", "deleteWebhook", "getUpdates", "getChatAdministrators", "answerCallbackQuery"} {
		if !slices.ContainsFunc(r.api.callsTo(""), func(c apiCall) bool { return c.Method == m }) {
			t.Errorf("polling session never called %s", m)
		}
	}
}
