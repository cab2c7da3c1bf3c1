package telegram

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestEscapeTextDefusesMentionsLinksAndCommands(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Kim":                   "Kim",
		"@someone":              "＠someone",
		"[x](http://e.vil) *b*": "[x](http:∕∕e․vil) *b*",
		"www.e.vil":             "www․e․vil",
		"/forgetme confirm":     "∕forgetme confirm",
		"#tag $USD a@b.co":      "＃tag ＄USD a＠b․co",
		"two\nlines":            "two lines",
		"Zoë O'Neil 🏃":          "Zoë O'Neil 🏃",
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// On the emulator, a member called "@someone" and a challenge named with a
// link and an @mention show on the group's board as typed, but with no
// character Telegram would turn into a mention, a link or a command.
func TestE2EHostileNamesOnTheGroupBoard(t *testing.T) {
	t.Parallel()
	b := startBotWith(t, botOptions{admins: []string{"telegram:1001"}})
	requireCommands(t, b.router, "challenge", "run")
	emu := b.emu
	eve := member{ID: 1066, Name: "@someone"}
	today := time.Now().UTC()
	emu.say(ana, club, fmt.Sprintf(`/challenge new "[x](http://e.vil) @everyone" 50km %s %s`, today.Format(time.DateOnly), today.AddDate(0, 0, 30).Format(time.DateOnly)), nil)
	if got := emu.next(club).Text; !strings.Contains(got, "New challenge") {
		t.Fatalf("/challenge new answered %q", got)
	}
	emu.say(eve, club, "/challenge join", nil)
	emu.next(club)
	emu.say(eve, club, "/run 5k", nil)
	emu.next(club)
	emu.say(eve, club, "/challenge board", nil)
	board := emu.next(club).Text
	for _, want := range []string{"＠someone", "[x](http:∕∕e․vil) ＠everyone"} {
		if !strings.Contains(board, want) {
			t.Errorf("board lacks the defused %q:\n%s", want, board)
		}
	}
	for _, bad := range []string{"@", "http://", "e.vil", "\uFDD0", "\uFDD1"} {
		if strings.Contains(board, bad) {
			t.Errorf("board carries %q:\n%s", bad, board)
		}
	}
}
