package coach

import (
	"strings"
	"testing"
)

// digitBeside lets ParsePain skip the glued-number rewrites only when they
// would change nothing: checked over every golden text (and the text after
// the first rewrite, which the second reads) and over the (?i) folds that
// are not ASCII (K for k, ſ for s).
func TestDigitBeside(t *testing.T) {
	t.Parallel()
	texts := []string{
		"3knee", "knee5", "3 knee", "left3", "3\u212Anee", "bac\u212A3", "hip\u017F2", "2\u017Fhin", "3KNEE", "KNEE3",
		"4/10 calf", "x9y", "9", "", "é3", "3é", "back-3", "3-knee",
	}
	// Each golden text, squashed (every number glued to its neighbours)
	// and with k and s folded to their non-ASCII forms.
	squash := func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return r
	}
	fold := func(r rune) rune {
		switch r {
		case 'k', 'K':
			return '\u212A'
		case 's', 'S':
			return '\u017F'
		}
		return r
	}
	for _, c := range goldenCases(t) {
		sq := strings.Map(squash, c.text)
		texts = append(texts, c.text, sq, strings.Map(fold, c.text), strings.Map(fold, sq))
	}
	for _, s := range texts {
		for _, x := range []string{s, digitLetterRE.ReplaceAllString(s, "$1 $2")} {
			if !digitBeside(x, +1) && digitLetterRE.ReplaceAllString(x, "$1 $2") != x {
				t.Errorf("%q: digitLetterRE would rewrite it, digitBeside says no digit before a letter", x)
			}
			if !digitBeside(x, -1) && letterDigitRE.ReplaceAllString(x, "$1 $2") != x {
				t.Errorf("%q: letterDigitRE would rewrite it, digitBeside says no digit after a letter", x)
			}
		}
	}
}
