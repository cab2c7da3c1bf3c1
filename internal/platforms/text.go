package platforms

import "strings"

// Member-written text inside a message (display names, challenge names)
// travels between two Unicode noncharacters, which no chat client sends
// and no text of the bot contains. The adapter that finally shows the
// message replaces each marked span with its own escaping (Render), so
// the router and scheduler stay platform-free and one function per
// adapter decides what is safe on that platform.
const (
	memberOpen  = '\uFDD0'
	memberClose = '\uFDD1'
)

// MemberText marks s as written by a member, to be escaped by the adapter
// that shows it. Marks already in s are dropped, so a member cannot close
// the span early.
func MemberText(s string) string {
	return string(memberOpen) + stripMarks(s) + string(memberClose)
}

// Render replaces every span marked by MemberText with escape(span) and
// removes the marks; a nil escape only removes them. An unclosed span runs
// to the end of text (escaping too much is the safe side).
func Render(text string, escape func(string) string) string {
	if !strings.ContainsRune(text, memberOpen) && !strings.ContainsRune(text, memberClose) {
		return text
	}
	var b strings.Builder
	for text != "" {
		i := strings.IndexRune(text, memberOpen)
		if i < 0 {
			b.WriteString(stripMarks(text))
			break
		}
		b.WriteString(stripMarks(text[:i]))
		text = text[i+len(string(memberOpen)):]
		span, rest, _ := strings.Cut(text, string(memberClose))
		span = stripMarks(span)
		if escape != nil {
			span = escape(span)
		}
		b.WriteString(span)
		text = rest
	}
	return b.String()
}

func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if r == memberOpen || r == memberClose {
			return -1
		}
		return r
	}, s)
}
