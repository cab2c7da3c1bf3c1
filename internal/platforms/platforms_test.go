package platforms

import (
	"context"
	"errors"
	"slices"
	"testing"
)

type recorder struct{ dms, posts []string }

func (r *recorder) DM(_ context.Context, id, text string, _ []Button) error {
	r.dms = append(r.dms, id+" "+text)
	return nil
}

func (r *recorder) Post(_ context.Context, id, text string) error {
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
