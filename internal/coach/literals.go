package coach

import (
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
	return lits(re.Simplify())
}

func lits(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return lits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return lits(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		bestLen := 0
		for _, s := range re.Sub {
			l := lits(s)
			if l == nil {
				continue
			}
			if m := minLen(l); m > bestLen {
				best, bestLen = l, m
			}
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			l := lits(s)
			if l == nil {
				return nil
			}
			out = append(out, l...)
		}
		return out
	}
	return nil
}

func minLen(l []string) int {
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
