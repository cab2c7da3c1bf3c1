package commands

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

func answer(text string) Step {
	return func(context.Context, *Call) platforms.Response { return platforms.Response{Text: text} }
}

func TestChainOrderIsTheListOrder(t *testing.T) {
	t.Parallel()
	var order []string
	mark := func(name string) Middleware {
		return func(next Step) Step {
			return func(ctx context.Context, c *Call) platforms.Response {
				order = append(order, name)
				return next(ctx, c)
			}
		}
	}
	Chain(answer("ok"), mark("a"), mark("b"), mark("c"))(context.Background(), &Call{})
	if strings.Join(order, "") != "abc" {
		t.Errorf("order %v, want a, b, c", order)
	}
}

func TestRecoverMiddleware(t *testing.T) {
	t.Parallel()
	logs := &logtest.Buffer{}
	boom := func(context.Context, *Call) platforms.Response { panic("boom") }
	c := &Call{Name: "pain"}
	resp := Chain(boom, Recover(slog.New(slog.NewTextHandler(logs, nil))))(context.Background(), c)
	if !strings.Contains(resp.Text, "something went wrong") || c.Err == nil || !strings.Contains(logs.String(), "boom") {
		t.Errorf("resp %q, err %v, logs %s", resp.Text, c.Err, logs)
	}
}

func TestGroupPointerMiddleware(t *testing.T) {
	t.Parallel()
	private := func(context.Context, *Call) platforms.Response {
		return platforms.Response{Text: "🔴 knee", Private: true, Public: "🔴 Noted — red."}
	}
	if got := Chain(private, GroupPointer())(context.Background(), &Call{}); got.Public != platforms.PrivatePointer {
		t.Errorf("public = %q", got.Public)
	}
	if got := Chain(answer("hi"), GroupPointer())(context.Background(), &Call{}); got.Public != "" {
		t.Errorf("a public answer got a pointer: %q", got.Public)
	}
}

func TestInputLimitCountsCharacters(t *testing.T) {
	t.Parallel()
	step := Chain(answer("ok"), InputLimit(10))
	if got := step(context.Background(), &Call{Message: platforms.Message{Args: strings.Repeat("ж", 10)}}); got.Text != "ok" {
		t.Errorf("10 Cyrillic characters refused: %q", got.Text)
	}
	if got := step(context.Background(), &Call{Message: platforms.Message{Args: strings.Repeat("ж", 11)}}); !strings.Contains(got.Text, "over 10 characters") {
		t.Errorf("11 characters: %q", got.Text)
	}
}

func TestFloodLimitMiddleware(t *testing.T) {
	t.Parallel()
	verdict := floodPass
	step := Chain(answer("ok"), FloodLimit(func(ids.MemberID, string, time.Time) floodVerdict { return verdict }))
	c := &Call{Name: "run"}
	if got := step(context.Background(), c); got.Text != "ok" || c.Name != "run" {
		t.Errorf("allowed: %q %s", got.Text, c.Name)
	}
	verdict = floodWarn
	if got := step(context.Background(), c); got.Text != floodText || c.Name != "flood" {
		t.Errorf("warned: %q %s", got.Text, c.Name)
	}
	verdict = floodDrop
	if got := step(context.Background(), c); got.Text != "" {
		t.Errorf("dropped: %q", got.Text)
	}
}
