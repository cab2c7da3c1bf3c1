package coach

import "regexp"

// Bounds that keep one report's parse roughly linear in its length (issue
// 11: a 4096-character /pain text must not hold a CPU for a second).
//
// The score and distance rules ask whether a regex matches at the end of
// the text before a number ("was a 3": `…\s+$`) or at the start of the
// text after it ("3 last week": `^\s*…`). Go runs such a regex over the
// whole prefix or suffix, so a text with many numbers costs quadratic time.
// The helpers below cut the prefix or suffix to a window that holds every
// possible match, so the answer is the one the whole text gives. A window
// is counted in units: a run of whitespace, a run of word characters (\w,
// which \b reads) or any other byte. Each regex has a longest match in
// units (below); its window holds two units more, so no match reaches the
// window's far edge and the characters `\b` reads beside a match are the
// ones the whole text has. TestTextWindowsMatchWhole checks the windows
// against the whole texts: a regex edited to allow a longer match must
// raise its bound.
const (
	// onsetBeforeRE: 6 ("just over the "); onsetAfterRE: 2 (" into").
	onsetBeforeUnits = 8
	onsetAfterUnits  = 4
	// pastBeforeRE 8 ("used to be probably "), datedBeforeRE 10 ("the other
	// day was around "), nowBeforeRE 8 ("back down to around ").
	scoreBeforeUnits = 12
	// pastAfterRE 18 ("/ 10, a couple of fortnights ago"), nowAfterRE 12
	// ("/ 10 at the moment").
	scoreAfterUnits = 20
)

// windowLits holds the literals one of which every match of the windowed
// regexes contains: most windows have none, and skip the regex.
var windowLits = newPrefilter(pastBeforeRE, datedBeforeRE, nowBeforeRE, pastAfterRE, nowAfterRE, onsetBeforeRE,
	onsetAfterRE)

// windowMatch is re.MatchString(w) for a window w, skipped when w lacks
// re's literals.
func windowMatch(re *regexp.Regexp, w string) bool {
	return windowLits.may(re, w) && re.MatchString(w)
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// textBefore returns the last units units of s[:end].
func textBefore(s string, end, units int) string {
	i := end
	for n := 0; i > 0 && n < units; n++ {
		switch c := s[i-1]; {
		case isSpaceByte(c):
			for i > 0 && isSpaceByte(s[i-1]) {
				i--
			}
		case isWordByte(c):
			for i > 0 && isWordByte(s[i-1]) {
				i--
			}
		default:
			i--
		}
	}
	return s[i:end]
}

// textAfter returns the first units units of s[start:].
func textAfter(s string, start, units int) string {
	i := start
	for n := 0; i < len(s) && n < units; n++ {
		switch c := s[i]; {
		case isSpaceByte(c):
			for i < len(s) && isSpaceByte(s[i]) {
				i++
			}
		case isWordByte(c):
			for i < len(s) && isWordByte(s[i]) {
				i++
			}
		default:
			i++
		}
	}
	return s[start:i]
}

// The context rules (aboutSomeoneElse, msgContext.drop) read a mention's
// clause or sentence, so a 4 KB report of one sentence that names a
// symptom a thousand times, each one negated or ruled out ("no swelling no
// swelling …"), costs a thousand sentence reads. contextBudget bounds the
// tokens they read for one message: each weighing costs its sentence's
// length, and a mention weighed once too little is left is weighed without
// them. They only ever rule a mention out, so such a mention is kept or
// negated as if none applied: the safe side, a flag more, never one less.
// The longest messages in the corpora spend about a tenth of it
// (TestContextBudgetUnspent), a 4 KB run of real reports a quarter.
const contextBudget = 4000

// ruledOut reports whether a context rule rules mention m out, paid from
// the message's budget; with too little left it rules nothing out.
func (c *msgContext) ruledOut(m mention, from, s0, s1 int) bool {
	if c.workLeft < s1-s0 {
		return false
	}
	c.workLeft -= s1 - s0
	return aboutSomeoneElse(c.toks, from, m) || c.drop(m, s0, s1)
}
