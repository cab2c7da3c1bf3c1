package platforms

import (
	"context"
	"errors"
	"slices"
	"testing"
)

type recorder struct{ dms, posts []string }

func (r *recorder) DM(_ context.Context, member MemberID, text string, _ []Button) error {
	id := string(member)
	r.dms = append(r.dms, id+" "+text)
	return nil
}

func (r *recorder) Post(_ context.Context, chat ChatID, text string) error {
	id := string(chat)
	r.posts = append(r.posts, id+" "+text)
	return nil
}

func TestIDs(t *testing.T) {
	t.Parallel()
	if got := ID(Telegram, "-100123"); got != "telegram:-100123" {
		t.Errorf("ID = %q", got)
	}
	if p, l, ok := SplitID("discord:42:x"); !ok || p != "discord" || l != "42:x" {
		t.Errorf("SplitID = %q %q %v", p, l, ok)
	}
	if PlatformOf("nocolon") != "" || PlatformOf("console:me") != Console {
		t.Error("PlatformOf")
	}
}

func TestSendersRouteByPlatform(t *testing.T) {
	t.Parallel()
	tg, dc := &recorder{}, &recorder{}
	s := Senders{Telegram: tg, Discord: dc}
	ctx := context.Background()
	if err := s.DM(ctx, "telegram:1", "hi", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Post(ctx, "discord:9", "warm-up"); err != nil {
		t.Fatal(err)
	}
	if len(tg.dms) != 1 || len(dc.posts) != 1 || len(tg.posts) != 0 || len(dc.dms) != 0 {
		t.Errorf("misrouted: tg %+v dc %+v", tg, dc)
	}
	if err := s.DM(ctx, "console:me", "x", nil); !errors.Is(err, ErrUnknownTarget) {
		t.Errorf("DM to an unserved platform: %v", err)
	}
	ps := s.Platforms()
	slices.Sort(ps)
	if !slices.Equal(ps, []string{Discord, Telegram}) {
		t.Errorf("Platforms() = %v", ps)
	}
}

type imageRecorder struct {
	recorder
	images []string
}

func (r *imageRecorder) DMImage(_ context.Context, member MemberID, img Image, text string) error {
	id := string(member)
	r.images = append(r.images, "dm "+id+" "+img.Name+" "+text)
	return nil
}

func (r *imageRecorder) PostImage(_ context.Context, chat ChatID, img Image, text string) error {
	id := string(chat)
	r.images = append(r.images, "post "+id+" "+img.Name+" "+text)
	return nil
}

func TestImagesFallBackToCaption(t *testing.T) {
	t.Parallel()
	text, pics := &recorder{}, &imageRecorder{}
	s := Senders{Telegram: pics, Console: text}
	img := Image{Data: []byte{1}, MIME: "image/png", Name: "c.png", Caption: "🏁 Board"}
	ctx := context.Background()
	if err := s.PostImage(ctx, "telegram:-1", img, "more"); err != nil {
		t.Fatal(err)
	}
	if err := s.PostImage(ctx, "console:club", img, "more"); err != nil {
		t.Fatal(err)
	}
	if err := s.DMImage(ctx, "console:me", img, ""); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pics.images, []string{"post telegram:-1 c.png more"}) {
		t.Errorf("image sender got %q", pics.images)
	}
	if !slices.Equal(text.posts, []string{"console:club 🏁 Board\n\nmore"}) || !slices.Equal(text.dms, []string{"console:me 🏁 Board"}) {
		t.Errorf("text sender got posts %q, dms %q", text.posts, text.dms)
	}
	if !s.CanSendImages("telegram:-1") || s.CanSendImages("console:club") || s.CanSendImages("discord:1") {
		t.Error("CanSendImages does not follow the adapters")
	}
	if err := s.PostImage(ctx, "discord:1", img, ""); !errors.Is(err, ErrUnknownTarget) {
		t.Errorf("unknown platform: %v", err)
	}
	if got := TextOf(Response{Text: "plain"}); got != "plain" {
		t.Errorf("TextOf without image = %q", got)
	}
}
