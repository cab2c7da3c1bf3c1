package coach

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// requiredLiterals returns substrings of which every match of pattern
// contains at least one, or nil when no such set is found. Checking them
// with strings.Contains is far cheaper than running the expression, and
// most reports mention few symptoms.
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	set, _ := litSet(re.Simplify())
	if minLen(set) == 0 {
		return nil
	}
	// A string that contains another of the set adds nothing ("hopped"
	// after "hop").
	var out []string
	for i, s := range set {
		redundant := false
		for j, t := range set {
			if j != i && strings.Contains(s, t) && (len(t) < len(s) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, s)
		}
	}
	return out
}

// maxLits bounds the sets litSet builds.
const maxLits = 128

// litSet returns strings one of which every match of re contains (nil when
// unknown); exact says every match is one of them, so sets can be joined
// across a concatenation ("sw" then "ollen|elling" is "swollen|swelling").
func litSet(re *syntax.Regexp) (set []string, exact bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return litSet(re.Sub[0])
	case syntax.OpQuest:
		if s, ex := litSet(re.Sub[0]); ex && len(s) < maxLits {
			return append(s, ""), true
		}
		return []string{""}, false
	case syntax.OpPlus:
		s, _ := litSet(re.Sub[0])
		return s, false
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		s, ex := litSet(re.Sub[0])
		return s, ex && re.Min == 1 && re.Max == 1
	case syntax.OpConcat:
		var best []string
		consider := func(s []string) {
			if s != nil && minLen(s) > minLen(best) {
				best = s
			}
		}
		cur, allExact := []string{""}, true
		for _, sub := range re.Sub {
			s, ex := litSet(sub)
			if ex && len(cur)*len(s) <= maxLits {
				cur = cross(cur, s)
				continue
			}
			allExact = false
			consider(cur)
			if ex {
				cur = s
				continue
			}
			consider(s)
			cur = []string{""}
		}
		if allExact {
			return cur, true
		}
		consider(cur)
		return best, false
	case syntax.OpAlternate:
		var out []string
		exact := true
		for _, sub := range re.Sub {
			s, ex := litSet(sub)
			if s == nil {
				return nil, false
			}
			out = append(out, s...)
			exact = exact && ex
		}
		return out, exact
	}
	return nil, false
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// minLen is the length of the shortest string in l; -1 for nil.
func minLen(l []string) int {
	if l == nil {
		return -1
	}
	m := 1 << 30
	for _, s := range l {
		m = min(m, len(s))
	}
	return m
}

// containsAny reports whether s contains one of subs; no subs means no
// constraint.
func containsAny(s string, subs []string) bool {
	if subs == nil {
		return true
	}
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// prefilter holds, for expressions run on every report, the required
// literals (a report that has none skips the expression) and, where it
// can, the word-start matcher (see wordStart).
type prefilter map[*regexp.Regexp]*fastRE

type fastRE struct {
	lits []string
	ws   *wordStart
}

func newPrefilter(res ...*regexp.Regexp) prefilter {
	p := prefilter{}
	for _, re := range res {
		f := &fastRE{lits: requiredLiterals(re.String()), ws: newWordStart(re)}
		if f.lits != nil || f.ws != nil {
			p[re] = f
		}
	}
	return p
}

// may reports whether re may match s.
func (p prefilter) may(re *regexp.Regexp, s string) bool {
	f, ok := p[re]
	return !ok || containsAny(s, f.lits)
}

func (p prefilter) match(re *regexp.Regexp, s string) bool {
	if f, ok := p[re]; ok && f.ws != nil {
		return f.ws.match(s)
	}
	return p.may(re, s) && re.MatchString(s)
}

func (p prefilter) findAll(re *regexp.Regexp, s string) [][]int {
	return p.findAllAt(re, s, nil)
}

// findAllAt is findAll given the word starts of s (nil: not known yet), for
// texts that many expressions read.
func (p prefilter) findAllAt(re *regexp.Regexp, s string, at []int) [][]int {
	if f, ok := p[re]; ok && f.ws != nil {
		return f.ws.findAll(s, at, false)
	}
	if !p.may(re, s) {
		return nil
	}
	return re.FindAllStringIndex(s, -1)
}

func (p prefilter) findAllSub(re *regexp.Regexp, s string) [][]int {
	if f, ok := p[re]; ok && f.ws != nil {
		return f.ws.findAll(s, nil, true)
	}
	if !p.may(re, s) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

func (p prefilter) replace(re *regexp.Regexp, s, repl string) string {
	if !p.may(re, s) {
		return s
	}
	return re.ReplaceAllString(s, repl)
}
