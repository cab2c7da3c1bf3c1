package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

var testPNG = []byte("\x89PNG\r\n\x1a\nnot really a picture")

func chartResponse(private bool) platforms.Response {
	return platforms.Response{Private: private, Public: "📊 Sent privately.",
		Image:   &platforms.Image{Data: testPNG, MIME: "image/png", Name: "week-2026-12-06.png", Caption: "📊 Your last 12 weeks: 42 km"},
		Buttons: []platforms.Button{{Label: "As text", Command: "/week"}}}
}

func TestImageIsAnAttachmentOnTheInteraction(t *testing.T) {
	t.Parallel()
	for _, private := range []bool{true, false} {
		r := start(t, Config{}, func(h *wrapHandler) {
			h.handle = func(context.Context, platforms.Message) platforms.Response { return chartResponse(private) }
		})
		got := r.answer(t, slash(t, r, member("30", 0), "week"), atLeast(1))[0]
		if got.Kind != "callback" || got.Ephemeral() != private || got.Content != "📊 Your last 12 weeks: 42 km" {
			t.Errorf("private=%v: reply %+v", private, got)
		}
		if len(got.Files) != 1 || string(got.Files[0].Data) != string(testPNG) || got.Files[0].Name != "week-2026-12-06.png" || got.Files[0].ContentType != "image/png" {
			t.Errorf("private=%v: attachments %+v", private, got.Files)
		}
		if len(got.CustomIDs) != 1 || got.CustomIDs[0] != "/week" {
			t.Errorf("buttons %v", got.CustomIDs)
		}
	}
}

func TestDeferredPrivateImageGoesInAnEphemeralFollowup(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	r := start(t, Config{DeferAfter: 20 * time.Millisecond}, func(h *wrapHandler) {
		h.handle = func(context.Context, platforms.Message) platforms.Response {
			<-release
			return chartResponse(true)
		}
	})
	id := slash(t, r, member("31", 0), "start") // a public command: a public deferral
	r.answer(t, id, atLeast(1))
	close(release)
	got := r.answer(t, id, atLeast(3))
	if got[1].Kind != "edit" || got[1].Content != "📊 Sent privately." || len(got[1].Files) != 0 {
		t.Errorf("placeholder edited to %+v", got[1])
	}
	if got[2].Kind != "followup" || !got[2].Ephemeral() || len(got[2].Files) != 1 {
		t.Errorf("image went out as %+v, want an ephemeral follow-up with the attachment", got[2])
	}
}

func TestDeferredPublicImageEditsTheOriginal(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	r := start(t, Config{DeferAfter: 20 * time.Millisecond}, func(h *wrapHandler) {
		h.handle = func(context.Context, platforms.Message) platforms.Response {
			<-release
			resp := chartResponse(false)
			resp.Text = "and the detail"
			return resp
		}
	})
	id := slash(t, r, member("32", 0), "start")
	r.answer(t, id, atLeast(1))
	close(release)
	got := r.answer(t, id, atLeast(3))
	if got[1].Kind != "edit" || len(got[1].Files) != 1 || got[1].Content != "📊 Your last 12 weeks: 42 km" {
		t.Errorf("completion %+v", got[1])
	}
	if got[2].Kind != "followup" || got[2].Content != "and the detail" || got[2].Ephemeral() {
		t.Errorf("detail %+v", got[2])
	}
}

func TestDMAndPostImage(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	ctx := context.Background()
	img := platforms.Image{Data: testPNG, MIME: "image/png", Name: "board.png", Caption: "🏁 Board"}
	if err := r.a.DMImage(ctx, "discord:33", img, "details follow"); err != nil {
		t.Fatal(err)
	}
	s := r.bot.Snapshot()
	if len(s.Messages) != 2 || s.Messages[0].DMUser != "33" || len(s.Messages[0].Files) != 1 || s.Messages[0].Content != "🏁 Board" || s.Messages[1].Content != "details follow" {
		t.Fatalf("messages %+v", s.Messages)
	}
	r.answer(t, slash(t, r, member("33", 0), "start"), atLeast(1)) // the fake learns the channel
	if err := platforms.PostImage(ctx, r.a, "discord:"+channel, img, ""); err != nil {
		t.Fatal(err)
	}
	s = r.bot.Snapshot()
	if last := s.Messages[len(s.Messages)-1]; last.ChannelID != channel || len(last.Files) != 1 || !strings.Contains(last.Content, "Board") {
		t.Errorf("post %+v", last)
	}
	r.bot.CloseDMs("35")
	if err := r.a.DMImage(ctx, "discord:35", img, ""); err == nil {
		t.Error("a DM to closed DMs succeeded")
	}
}
