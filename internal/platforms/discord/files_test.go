package discord

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/platforms/discord/discordfake"
)

func TestRunWithAWatchFileAttached(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	fit, err := os.ReadFile(filepath.Join("..", "..", "workout", "testdata", "run_5k.fit"))
	if err != nil {
		t.Fatal(err)
	}
	who := member("41", 0)
	file := discordfake.Opt{Name: "file", Value: discordfake.Upload{Name: "Morning_Run.fit", Data: fit}}
	got := r.answer(t, slash(t, r, who, "run", file), atLeast(1))[0]
	for _, want := range []string{"Logged 5 km from your watch on Sat 28 Nov"} {
		if !strings.Contains(got.Content, want) {
			t.Errorf("reply lacks %q:\n%s", want, got.Content)
		}
	}
	if strings.Contains(got.Content, "spm") {
		t.Errorf("cadence, a body number, in a channel's reply:\n%s", got.Content)
	}
	seen := r.h.messages()
	m := seen[len(seen)-1]
	if m.Args != "" || m.Attachment == nil || m.Attachment.Name != "Morning_Run.fit" || !bytes.Equal(m.Attachment.Data, fit) {
		t.Errorf("router got args %q attachment %+v", m.Args, m.Attachment)
	}
	again := r.answer(t, slash(t, r, who, "run", file), atLeast(1))[0]
	if !strings.Contains(again.Content, "Already logged") {
		t.Errorf("the same file again answered %q", again.Content)
	}
}

func TestOversizeAttachmentIsNotDownloaded(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	who := member("42", 0)
	big := discordfake.Opt{Name: "file", Value: discordfake.Upload{Name: "export.zip", Data: []byte("PK"), Size: 300 << 20}}
	got := r.answer(t, slash(t, r, who, "run", big), atLeast(1))[0]
	if !strings.Contains(got.Content, "over the 20 MB I can fetch") {
		t.Errorf("reply %q", got.Content)
	}
	seen := r.h.messages()
	if a := seen[len(seen)-1].Attachment; a == nil || a.Data != nil || a.Size != 300<<20 {
		t.Errorf("attachment %+v: want the declared size and no data", a)
	}
}

func TestAttachmentsOnlyFromDiscordsCDN(t *testing.T) {
	t.Parallel()
	a := &Adapter{cfg: Config{APIURL: "http://127.0.0.1:4000/"}}
	for raw, want := range map[string]bool{
		"https://cdn.discordapp.com/attachments/1/2/run.fit?ex=1": true,
		"https://media.discordapp.net/attachments/1/2/run.fit":    true,
		"http://cdn.discordapp.com/attachments/1/2/run.fit":       false,
		"http://127.0.0.1:4000/attachments/5/run.fit":             true,
		"http://169.254.169.254/latest/meta-data":                 false,
		"file:///etc/passwd":                                      false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.trustedHost(u); got != want {
			t.Errorf("trustedHost(%s) = %v, want %v", raw, got, want)
		}
	}
}
