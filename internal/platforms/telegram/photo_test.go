package telegram

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// multipartForm reads a request's fields, and its uploaded files when it
// is multipart (sendPhoto), for the fake Bot API.
func multipartForm(r *http.Request) (url.Values, map[string][]byte, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.PostForm, nil, nil
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, nil, fmt.Errorf("multipart: %w", err)
	}
	files := map[string][]byte{}
	for field, hs := range r.MultipartForm.File {
		f, err := hs[0].Open()
		if err != nil {
			return nil, nil, err
		}
		b, err := io.ReadAll(f)
		_ = f.Close()
		if err != nil {
			return nil, nil, err
		}
		files[field] = b
	}
	return url.Values(r.MultipartForm.Value), files, nil
}

var testPNG = []byte("\x89PNG\r\n\x1a\nnot really a picture")

func TestDMImageSendsPhotoWithCaptionThenText(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	img := platforms.Image{Data: testPNG, MIME: "image/png", Name: "week.png", Caption: "📊 Your last 12 weeks: 42 km"}
	if err := r.a.DMImage(context.Background(), "telegram:42", img, "more detail"); err != nil {
		t.Fatal(err)
	}
	photos := r.api.callsTo("sendPhoto")
	if len(photos) != 1 {
		t.Fatalf("sendPhoto calls = %d", len(photos))
	}
	p := photos[0]
	if p.Form.Get("chat_id") != "42" || p.Form.Get("caption") != img.Caption || string(p.Files["photo"]) != string(testPNG) {
		t.Errorf("sendPhoto form %v, files %d", p.Form, len(p.Files))
	}
	msgs := r.api.callsTo("sendMessage")
	if len(msgs) != 1 || msgs[0].Form.Get("text") != "more detail" {
		t.Errorf("follow-up text: %+v", msgs)
	}
}

func TestLongCaptionIsCutAndFollowsAsText(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	caption := strings.Repeat("🏁 a line of the board\n", 80) // ~1,800 characters
	err := r.a.PostImage(context.Background(), "telegram:-100", platforms.Image{Data: testPNG, Caption: caption}, "")
	if err != nil {
		t.Fatal(err)
	}
	p := r.api.callsTo("sendPhoto")[0]
	if n := len([]rune(p.Form.Get("caption"))); n == 0 || n > MaxCaption {
		t.Errorf("caption is %d characters", n)
	}
	msgs := r.api.callsTo("sendMessage")
	if len(msgs) != 1 {
		t.Fatalf("rest of the caption: %d messages", len(msgs))
	}
	if got := p.Form.Get("caption") + "\n" + msgs[0].Form.Get("text"); got != strings.TrimSpace(caption) {
		t.Error("caption and its rest do not add up to the whole")
	}
}

func TestPrivateChartFromGroupGoesByDM(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.h.respond = func(platforms.Message) platforms.Response {
		return platforms.Response{Private: true, Public: "📊 I've sent your chart privately.",
			Image:   &platforms.Image{Data: testPNG, MIME: "image/png", Name: "week.png", Caption: "📊 pain 4/10 this week"},
			Buttons: []platforms.Button{{Label: "Text", Command: "/week"}}}
	}
	post(t, r.a.WebhookHandler(), update(1, -100, "supergroup", 7, "/week chart"), "")
	photos := r.api.callsTo("sendPhoto")
	if len(photos) != 1 || photos[0].Form.Get("chat_id") != "7" {
		t.Fatalf("photo went to %+v, want the member's private chat", photos)
	}
	if photos[0].Form.Get("reply_markup") == "" {
		t.Error("the buttons are missing under the photo")
	}
	msgs := r.api.callsTo("sendMessage")
	if len(msgs) != 1 || msgs[0].Form.Get("chat_id") != "-100" || msgs[0].Form.Get("text") != "📊 I've sent your chart privately." {
		t.Fatalf("group got %+v, want the pointer only", msgs)
	}
}

func TestRefusedPrivateChartIsKeptAsText(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil).started(t)
	r.api.script("sendPhoto", apiErr(403, "Forbidden: bot can't initiate conversation with a user", 0))
	r.h.respond = func(platforms.Message) platforms.Response {
		return platforms.Response{Private: true, Image: &platforms.Image{Data: testPNG, Caption: "📊 caption"}}
	}
	post(t, r.a.WebhookHandler(), update(1, -100, "supergroup", 7, "/week chart"), "")
	if len(r.h.undelivered) != 1 || r.h.undelivered[0] != "telegram:7|📊 caption" {
		t.Fatalf("kept %q\n%s", r.h.undelivered, r.logs)
	}
	msgs := r.api.callsTo("sendMessage")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Form.Get("text"), "press Start") {
		t.Fatalf("group got %+v", msgs)
	}
}

func TestPhotosShareTheChatRateLimit(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	ctx := context.Background()
	for i := range 6 {
		var err error
		if i%2 == 0 {
			err = r.a.DMImage(ctx, "telegram:42", platforms.Image{Data: testPNG, Caption: "c"}, "")
		} else {
			err = r.a.DM(ctx, "telegram:42", "x", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	photos, msgs := r.api.callsTo("sendPhoto"), r.api.callsTo("sendMessage")
	if len(photos) != 3 || len(msgs) != 3 {
		t.Fatalf("%d photos, %d messages", len(photos), len(msgs))
	}
	// Six sends to one chat: a burst of three, then one a second.
	if got := msgs[2].At.Sub(photos[0].At); got < 2*time.Second {
		t.Errorf("six sends took %v; photos must count against the chat limit", got)
	}
}

// TestWeekChartFromGroupArrivesAsPrivatePhoto runs the real router: the
// chart of /week chart, sent in a group, is a photo in the member's
// private chat, and the group sees the neutral pointer only.
func TestWeekChartFromGroupArrivesAsPrivatePhoto(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	router := commands.New(commands.Deps{Store: st})
	r := newRig(t, nil).started(t)
	r.h.respond = func(m platforms.Message) platforms.Response { return router.Handle(context.Background(), m) }
	h := r.a.WebhookHandler()
	post(t, h, update(1, 9, "private", 9, "/run 5k"), "")
	post(t, h, update(2, 9, "private", 9, "/pain 4 knee"), "")
	before := len(r.api.callsTo("sendMessage"))
	post(t, h, update(3, -100, "supergroup", 9, "/week chart"), "")
	photos := r.api.callsTo("sendPhoto")
	if len(photos) != 1 || photos[0].Form.Get("chat_id") != "9" {
		t.Fatalf("photos %+v, want one in the private chat", photos)
	}
	if !strings.HasPrefix(string(photos[0].Files["photo"]), "\x89PNG") || !strings.Contains(photos[0].Form.Get("caption"), "worst 4/10") {
		t.Errorf("photo caption %q", photos[0].Form.Get("caption"))
	}
	group := r.api.callsTo("sendMessage")[before:]
	if len(group) != 1 || group[0].Form.Get("chat_id") != "-100" || strings.Contains(group[0].Form.Get("text"), "4/10") {
		t.Fatalf("group got %+v, want only the pointer", group)
	}
}
