package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

type picture struct{}

func (picture) Handle(context.Context, platforms.Message) platforms.Response {
	return platforms.Response{Text: "detail", Private: true, Image: &platforms.Image{
		Data: []byte("\x89PNG fake"), MIME: "image/png", Name: "../../week-2026-12-06.png", Caption: "📊 Your last 12 weeks"}}
}

func (picture) Undelivered(context.Context, platforms.MemberID, string, []platforms.Button) {}

func TestImageReplyIsWrittenUnderChartDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out bytes.Buffer
	a := New(strings.NewReader("/week chart\n"), &out, false)
	a.ChartDir = filepath.Join(dir, "charts")
	if err := a.Run(context.Background(), picture{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "charts", "week-2026-12-06.png") // the name cannot climb out
	want := "📊 Your last 12 weeks\n🖼 Chart: " + path + "\n\ndetail\n"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "\x89PNG fake" {
		t.Errorf("file: %q, %v", b, err)
	}
	if !a.CanSendImages(ClubID) {
		t.Error("an adapter with a chart dir sends images")
	}
}

func TestImageWithoutChartDirPrintsCaption(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	a := New(strings.NewReader("/week chart\n"), &out, false)
	if err := a.Run(context.Background(), picture{}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "📊 Your last 12 weeks\n\ndetail\n" {
		t.Errorf("output %q", out.String())
	}
	if a.CanSendImages(ClubID) {
		t.Error("no chart dir, no images")
	}
	var post bytes.Buffer
	b := New(strings.NewReader(""), &post, false)
	b.ChartDir = t.TempDir()
	if err := platforms.PostImage(context.Background(), b, ClubID, platforms.Image{Data: []byte("x"), Name: "board.png", Caption: "🏁 Board"}, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(post.String(), "[club] 🏁 Board\n[club] 🖼 Chart: ") {
		t.Errorf("club post %q", post.String())
	}
}
