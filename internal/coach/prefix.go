package coach

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
)

// Go's regexp tries an expression at every position of the text, which is
// what made the big hand-written alternations ("\bfell\b|\bfall...|...")
// slow. Most of them can only start at the beginning of a word with one of
// a known set of strings. For those, the expression runs anchored, on the
// text from each such word on, in order, resuming after each match: the
// same leftmost-first, non-overlapping matches as FindAllStringIndex. The
// slice from a word start reads the same to the expression as the whole
// text there: nothing looks behind a match's start but \b, and a word start
// follows a non-word character as the start of the text does.

// wordStart is a compiled expression that can only match from a word start
// with one of its start strings.
type wordStart struct {
	anchored *regexp.Regexp
	first    [128][]string // start strings by first byte
	// second[c] has bit b set when a start string begins with c, b (all
	// bits when one is c alone): most word starts fail this at once.
	second [128][2]uint64
}

// startLit is a string every match of some branch starts with; bounded
// says a \b comes before it.
type startLit struct {
	s       string
	bounded bool
}

// newWordStart returns nil when re can't be proved to start at a word
// start with a known string.
func newWordStart(re *regexp.Regexp) *wordStart {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	t = t.Simplify()
	if looksBehind(t) {
		return nil
	}
	set, _ := startLits(t)
	if set == nil {
		return nil
	}
	ws := &wordStart{}
	for _, l := range set {
		if !l.bounded || l.s == "" || l.s[0] >= 128 || !isWordByte(l.s[0]) {
			return nil
		}
		c := l.s[0]
		if !slices.Contains(ws.first[c], l.s) {
			ws.first[c] = append(ws.first[c], l.s)
		}
		switch {
		case len(l.s) == 1 || l.s[1] >= 128:
			ws.second[c] = [2]uint64{^uint64(0), ^uint64(0)}
		default:
			ws.second[c][l.s[1]>>6] |= 1 << (l.s[1] & 63)
		}
	}
	ws.anchored = regexp.MustCompile(`^(?:` + re.String() + `)`)
	return ws
}

// looksBehind reports whether t has an assertion about what comes before
// the text (^ and the like), which a slice would change.
func looksBehind(t *syntax.Regexp) bool {
	if t.Op == syntax.OpBeginText || t.Op == syntax.OpBeginLine {
		return true
	}
	for _, s := range t.Sub {
		if looksBehind(s) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

const maxStartLits = 256

// startLits returns strings one of which every match of t starts with (nil
// when unknown); exact says every match is one of them.
func startLits(t *syntax.Regexp) (set []startLit, exact bool) {
	switch t.Op {
	case syntax.OpEmptyMatch, syntax.OpEndLine, syntax.OpEndText, syntax.OpNoWordBoundary:
		return []startLit{{}}, true
	case syntax.OpWordBoundary:
		return []startLit{{bounded: true}}, true
	case syntax.OpLiteral:
		if t.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []startLit{{s: string(t.Rune)}}, true
	case syntax.OpCharClass:
		// A small class ("\d") is its characters.
		var out []startLit
		for i := 0; i+1 < len(t.Rune); i += 2 {
			if t.Rune[i+1]-t.Rune[i] >= 16 || len(out) > 16 {
				return nil, false
			}
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				out = append(out, startLit{s: string(r)})
			}
		}
		if len(out) > 16 {
			return nil, false
		}
		return out, true
	case syntax.OpCapture:
		return startLits(t.Sub[0])
	case syntax.OpQuest:
		s, ex := startLits(t.Sub[0])
		if !ex || s == nil {
			return []startLit{{}}, false
		}
		return append(s, startLit{}), true
	case syntax.OpPlus:
		s, _ := startLits(t.Sub[0])
		return s, false
	case syntax.OpRepeat:
		if t.Min < 1 {
			return []startLit{{}}, false
		}
		s, ex := startLits(t.Sub[0])
		return s, ex && t.Min == 1 && t.Max == 1
	case syntax.OpConcat:
		cur := []startLit{{}}
		for _, sub := range t.Sub {
			s, ex := startLits(sub)
			if s == nil {
				return cur, false
			}
			if len(cur)*len(s) > maxStartLits {
				return cur, false
			}
			cur = crossStart(cur, s)
			if !ex {
				return cur, false
			}
		}
		return cur, true
	case syntax.OpAlternate:
		var out []startLit
		exact := true
		for _, sub := range t.Sub {
			s, ex := startLits(sub)
			if s == nil {
				return nil, false
			}
			out = append(out, s...)
			exact = exact && ex
		}
		if len(out) > maxStartLits {
			return nil, false
		}
		return out, exact
	}
	return nil, false
}

func crossStart(a, b []startLit) []startLit {
	out := make([]startLit, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, startLit{s: x.s + y.s, bounded: x.bounded || x.s == "" && y.bounded})
		}
	}
	return out
}

// wordStarts lists the word starts of s: a word byte after a non-word one
// or at the start.
func wordStarts(s string) []int {
	var out []int
	for p := 0; p < len(s); p++ {
		if isWordByte(s[p]) && (p == 0 || !isWordByte(s[p-1])) {
			out = append(out, p)
		}
	}
	return out
}

// starts calls f with each word start of s (listed in at, or found when at
// is nil) where a match may begin, in order, until f returns false.
func (ws *wordStart) starts(s string, at []int, f func(p int) bool) {
	try := func(p int) bool {
		if p+1 < len(s) && s[p+1] < 128 && ws.second[s[p]][s[p+1]>>6]&(1<<(s[p+1]&63)) == 0 {
			return true
		}
		for _, l := range ws.first[s[p]] {
			if strings.HasPrefix(s[p:], l) {
				return f(p)
			}
		}
		return true
	}
	if at != nil {
		for _, p := range at {
			if !try(p) {
				return
			}
		}
		return
	}
	for p := 0; p < len(s); p++ {
		if isWordByte(s[p]) && (p == 0 || !isWordByte(s[p-1])) && !try(p) {
			return
		}
	}
}

func (ws *wordStart) match(s string) bool {
	found := false
	ws.starts(s, nil, func(p int) bool {
		found = ws.anchored.MatchString(s[p:])
		return !found
	})
	return found
}

func (ws *wordStart) findAll(s string, at []int, sub bool) [][]int {
	var out [][]int
	next := 0
	ws.starts(s, at, func(p int) bool {
		if p < next {
			return true
		}
		var m []int
		if sub {
			m = ws.anchored.FindStringSubmatchIndex(s[p:])
		} else {
			m = ws.anchored.FindStringIndex(s[p:])
		}
		if m == nil {
			return true
		}
		for i, v := range m {
			if v >= 0 {
				m[i] = v + p
			}
		}
		out = append(out, m)
		next = m[1]
		return true
	})
	return out
}

// hasDigit reports whether s has an ASCII digit, which \d needs.
func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// containsFoldASCII reports whether s contains word (lower-case ASCII
// letters without a Unicode fold of their own, unlike k and s) in any case,
// as (?i) would find it.
func containsFoldASCII(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for j < len(word) && s[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
