package platforms

import "testing"

func TestRenderEscapesOnlyMemberText(t *testing.T) {
	t.Parallel()
	up := func(s string) string { return "<" + s + ">" }
	for _, tc := range []struct{ in, want string }{
		{"plain *bot* text", "plain *bot* text"},
		{"1. " + MemberText("Kim") + " — 5 km", "1. <Kim> — 5 km"},
		{MemberText("a") + " and " + MemberText("b"), "<a> and <b>"},
		// A member cannot end the span early with a mark of their own.
		{MemberText("x\uFDD1 *y*"), "<x *y*>"},
		{"open \uFDD0 to the end", "open < to the end>"},
		{"stray \uFDD1 close", "stray  close"},
		{"", ""},
	} {
		if got := Render(tc.in, up); got != tc.want {
			t.Errorf("Render(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Render("hi "+MemberText("Ann"), nil); got != "hi Ann" {
		t.Errorf("Render with nil escape = %q", got)
	}
}
