package discord

import (
	"strings"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// markdown are the characters Discord's markdown gives a meaning to
// (emphasis, code, spoilers, quotes, headings, lists, masked links,
// mentions, custom emoji, autolinks). A backslash before any of them shows
// it as itself.
const markdown = "\\*_~`|>#-[]()<:@"

// EscapeText neutralises member-written text (a display name, a challenge
// name) for a Discord message: markdown, masked links, autolinks and
// mentions all show as the plain characters typed. Line breaks become
// spaces so a name cannot start a heading or a quote. Mentions could not
// ping anyway (allowed_mentions is always empty); this keeps them from
// even looking like one.
func EscapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case strings.ContainsRune(markdown, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// render is the text as Discord will show it: member-written parts escaped.
func render(text string) string { return platforms.Render(text, EscapeText) }
