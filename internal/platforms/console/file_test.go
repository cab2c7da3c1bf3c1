package console

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

type export struct{}

func (export) Handle(context.Context, platforms.Message) platforms.Response {
	return platforms.Response{Text: "It holds 2 runs.", Private: true, File: &platforms.File{
		Data: []byte(`{"runs":[1,2]}`), MIME: "application/json", Name: "data.json", Caption: "📎 Everything I store about you"}}
}

func (export) Undelivered(context.Context, string, string, []platforms.Button) {}

// A terminal has no message limit: a file answer prints in full.
func TestFileReplyPrintsInFull(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader("/mydata\n"), &out, false)
	if err := a.Run(context.Background(), export{}); err != nil {
		t.Fatal(err)
	}
	if want := "📎 Everything I store about you\n{\"runs\":[1,2]}\n\nIt holds 2 runs.\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}
