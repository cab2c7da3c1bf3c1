package telegram

import (
	"strings"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// lookalikes replace the characters Telegram's servers turn into entities
// in a bot's plain-text message (mentions, bot commands, hashtags,
// cashtags, links) with characters that look the same and mean nothing.
var lookalikes = strings.NewReplacer(
	"@", "＠", // FULLWIDTH COMMERCIAL AT: no @mention, no e-mail address
	"/", "∕", // DIVISION SLASH: no /command, no scheme://
	"#", "＃", // FULLWIDTH NUMBER SIGN: no #hashtag
	"$", "＄", // FULLWIDTH DOLLAR SIGN: no $cashtag
	".", "․", // ONE DOT LEADER: no domain, so no link
	"\n", " ",
	"\r", " ",
	"\t", " ",
)

// EscapeText neutralises member-written text (a display name, a challenge
// name) for a Telegram message sent without parse_mode: a name like
// "@someone" or "e.vil/x" shows as typed but neither notifies anyone nor
// becomes a link.
func EscapeText(s string) string { return lookalikes.Replace(s) }

// render is the text as Telegram will show it: member-written parts escaped.
func render(text string) string { return platforms.Render(text, EscapeText) }
