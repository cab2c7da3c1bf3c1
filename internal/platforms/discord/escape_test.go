package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms/discord/discordfake"
)

func TestEscapeTextDefusesMarkdownMentionsAndLinks(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Kim":                    "Kim",
		"[x](http://e.vil) *b*":  `\[x\]\(http\://e.vil\) \*b\*`,
		"@everyone":              `\@everyone`,
		"<@123456> <#42> <:e:9>": `\<\@123456\> \<\#42\> \<\:e\:9\>`,
		"__u__ ~~s~~ ||sp|| `c`": `\_\_u\_\_ \~\~s\~\~ \|\|sp\|\| \` + "`c\\`",
		"# big\n> quote\n- item": `\# big \> quote \- item`,
		`back\slash`:             `back\\slash`,
		"Zoë O'Neil 🏃":           "Zoë O'Neil 🏃",
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A display name and a challenge name written to attack the club's board
// show as typed: no masked link, no emphasis, no mention, and the message
// allows no mentions at all.
func TestHostileNamesOnAPublicBoard(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	admin := member("40", 0x20) // Manage Server
	admin.GlobalName = "[x](http://e.vil) *b*"
	other := member("41", 0)
	other.GlobalName = "@everyone"
	end := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	made := r.answer(t, slash(t, r, admin, "challenge new",
		discordfake.Opt{Name: "name", Value: "@someone [y](http://e.vil)"}, discordfake.Opt{Name: "goal", Value: "50km"},
		discordfake.Opt{Name: "start", Value: "today"}, discordfake.Opt{Name: "end", Value: end}), atLeast(1))[0]
	if !strings.Contains(made.Content, "New challenge") {
		t.Fatalf("/challenge new answered %q", made.Content)
	}
	for _, who := range []discordfake.Invoker{admin, other} {
		r.answer(t, slash(t, r, who, "challenge join"), atLeast(1))
		r.answer(t, slash(t, r, who, "run", discordfake.Opt{Name: "distance", Value: "5k"}), atLeast(1))
	}
	board := r.answer(t, slash(t, r, other, "challenge board"), atLeast(1))[0]
	if board.Ephemeral() {
		t.Fatalf("the board should be public: %+v", board)
	}
	for _, want := range []string{`\[x\]\(http\://e.vil\) \*b\*`, `\@everyone`, `\@someone \[y\]\(http\://e.vil\)`} {
		if !strings.Contains(board.Content, want) {
			t.Errorf("board lacks the escaped %q:\n%s", want, board.Content)
		}
	}
	for _, bad := range []string{"](http", "*b*", " @everyone", "🏁 @someone"} {
		if strings.Contains(board.Content, bad) {
			t.Errorf("board carries live markup %q:\n%s", bad, board.Content)
		}
	}
	if !strings.Contains(string(board.Raw), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("the reply allows mentions: %s", board.Raw)
	}
	if strings.ContainsAny(board.Content, "\uFDD0\uFDD1") {
		t.Errorf("marks leaked into the message: %q", board.Content)
	}
}
