package telegram

import (
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// A private answer with a file (a large /mydata), asked for in a group,
// arrives as a document in the member's private chat, caption and text
// with it; the group sees only the pointer.
func TestPrivateFileFromGroupGoesByDMAsDocument(t *testing.T) {
	t.Parallel()
	data := []byte(`{"runs":[` + strings.Repeat(`{"date":"2026-11-01","meters":5000},`, 300) + `{}]}`)
	r := newRig(t, nil).started(t)
	r.h.respond = func(platforms.Message) platforms.Response {
		return platforms.Response{Private: true, Text: "It holds 301 runs.",
			File: &platforms.File{Data: data, MIME: "application/json", Name: "clubcoach-data.json", Caption: "📎 Everything I store about you"}}
	}
	post(t, r.a.WebhookHandler(), update(1, -1001, "supergroup", 42, "/mydata"), "")
	docs := r.api.callsTo("sendDocument")
	if len(docs) != 1 {
		t.Fatalf("sendDocument calls = %d, want 1", len(docs))
	}
	d := docs[0]
	if d.Form.Get("chat_id") != "42" || d.Form.Get("caption") != "📎 Everything I store about you" || string(d.Files["document"]) != string(data) {
		t.Errorf("sendDocument form %v, %d bytes", d.Form, len(d.Files["document"]))
	}
	msgs := r.api.callsTo("sendMessage")
	if len(msgs) != 2 || msgs[0].Form.Get("chat_id") != "42" || msgs[0].Form.Get("text") != "It holds 301 runs." {
		t.Fatalf("messages %v, want the text by DM then the pointer in the group", msgs)
	}
	if msgs[1].Form.Get("chat_id") != "-1001" || msgs[1].Form.Get("text") != platforms.PrivatePointer {
		t.Errorf("group saw %v", msgs[1].Form)
	}
	if strings.Contains(msgs[1].Form.Get("text"), "runs") {
		t.Error("the group learnt something")
	}
}
