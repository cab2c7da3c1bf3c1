package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// A response with a file (a large /mydata) answers with the file attached,
// ephemeral when private, and its text after it.
func TestFileIsAnAttachmentOnTheInteraction(t *testing.T) {
	t.Parallel()
	data := []byte(`{"member":{"id":"discord:40"},"runs":[` + strings.Repeat(`{"date":"2026-11-01","meters":5000},`, 200) + `{}]}`)
	r := start(t, Config{}, func(h *wrapHandler) {
		h.handle = func(context.Context, platforms.Message) platforms.Response {
			return platforms.Response{Private: true, Text: "It holds 201 runs.",
				File: &platforms.File{Data: data, MIME: "application/json", Name: "clubcoach-data-2026-11-25.json", Caption: "📎 Everything I store about you"}}
		}
	})
	got := r.answer(t, slash(t, r, member("40", 0), "mydata"), atLeast(2))
	if got[0].Kind != "callback" || !got[0].Ephemeral() || got[0].Content != "📎 Everything I store about you" {
		t.Errorf("reply %+v", got[0])
	}
	if len(got[0].Files) != 1 || string(got[0].Files[0].Data) != string(data) || got[0].Files[0].Name != "clubcoach-data-2026-11-25.json" || got[0].Files[0].ContentType != "application/json" {
		t.Errorf("attachments %+v", got[0].Files)
	}
	if !got[1].Ephemeral() || got[1].Content != "It holds 201 runs." {
		t.Errorf("text after the file: %+v", got[1])
	}
}
