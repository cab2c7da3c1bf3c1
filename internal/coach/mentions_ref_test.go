package coach

import (
	"slices"
	"strings"
	"testing"
)

// findMentionsRef is findMentions as it was before matching from start
// tokens: every expression over the whole text. The side-by-side tests hold
// the fast path to it.
func findMentionsRef(toks []string, joined string, starts []int) []mention {
	var out []mention
	tokSet := make(map[string]bool, len(toks))
	for _, t := range toks {
		tokSet[t] = true
	}
	flagVetoes := map[Flag][][]int{}
	vetoesOf := func(f Flag) [][]int {
		if vs, ok := flagVetoes[f]; ok {
			return vs
		}
		vs := [][]int{}
		for _, v := range append(slices.Clip(lexVetoes[f]), lexVetoes10[f]...) {
			if !v.anchor.present(tokSet, toks) {
				continue
			}
			for _, l := range v.re.FindAllStringIndex(joined, -1) {
				vs = append(vs, trimSpan(joined, l))
			}
		}
		flagVetoes[f] = vs
		return vs
	}
	for _, r := range allRules {
		if !r.anchor.present(tokSet, toks) || !containsAny(joined, r.lits) {
			continue
		}
		locs := r.re.FindAllStringIndex(joined, -1)
		if len(locs) == 0 {
			continue
		}
		vetoed := slices.Clip(vetoesOf(r.flag))
		for _, v := range r.vetoes {
			vetoed = append(vetoed, v.FindAllStringIndex(joined, -1)...)
		}
	next:
		for _, l := range locs {
			l = trimSpan(joined, l)
			if l[0] >= l[1] {
				continue
			}
			for _, v := range vetoed {
				if l[0] < v[1] && v[0] < l[1] {
					continue next
				}
			}
			out = append(out, mention{flag: r.flag, start: tokenAt(starts, l[0]), end: tokenAt(starts, l[1]-1) + 1, immune: r.immune})
		}
	}
	return out
}

// mentionsAgree reports whether the fast and the reference matchers find
// the same mentions, in the same order, in text.
func mentionsAgree(text string) bool {
	toks := normalize(clip(text))
	if len(toks) == 0 {
		return true
	}
	joined, starts := joinTokens(toks)
	return slices.Equal(findMentions(toks, joined, starts, nil), findMentionsRef(toks, joined, starts))
}

// TestFindMentionsSideBySide runs both matchers over every golden text;
// held-out disagreements are only counted.
func TestFindMentionsSideBySide(t *testing.T) {
	t.Parallel()
	held := 0
	for _, c := range sampled(goldenCases(t)) {
		if mentionsAgree(c.text) {
			continue
		}
		if c.heldOut {
			held++
			continue
		}
		t.Errorf("mentions differ for %q", c.text)
	}
	if held > 0 {
		t.Errorf("mentions differ for %d held-out reports", held)
	}
}

// sampled is every case, or every tenth under the race detector.
func sampled[T any](cases []T) []T {
	if !raceDetector {
		return cases
	}
	var out []T
	for i := 0; i < len(cases); i += 10 {
		out = append(out, cases[i])
	}
	return out
}

func FuzzFindMentions(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("knee knee buckled buckled went went . gave way gave way")
	f.Fuzz(func(t *testing.T, s string) {
		if !mentionsAgree(s) {
			t.Fatalf("mentions differ for %q", s)
		}
		if re := prefilterSound(s); re != "" {
			t.Fatalf("prefilter skips %s on %q", re, s)
		}
		if re := prefilterSound(strings.Join(normalize(clip(s)), " ")); re != "" {
			t.Fatalf("prefilter skips %s on normalised %q", re, s)
		}
	})
}

// prefilterSound reports the first expression (the hand-written rules are
// among them) the prefilter would wrongly skip on s, or whose word-start matcher finds other
// matches than the expression, if any.
func prefilterSound(s string) string {
	for re := range quick {
		want := re.FindAllStringIndex(s, -1)
		if len(want) > 0 && !quick.may(re, s) {
			return re.String()
		}
		if quick.match(re, s) != (len(want) > 0) || !slices.EqualFunc(quick.findAll(re, s), want, slices.Equal) {
			return "word-start " + re.String()
		}
		if re.NumSubexp() > 0 && len(want) > 0 &&
			!slices.EqualFunc(quick.findAllSub(re, s), re.FindAllStringSubmatchIndex(s, -1), slices.Equal) {
			return "word-start submatches " + re.String()
		}
	}
	return ""
}

// TestPrefilterSound: a literal prefilter never skips an expression that
// matches, on the raw, lower-cased and normalised golden texts.
func TestPrefilterSound(t *testing.T) {
	t.Parallel()
	held := 0
	for _, c := range sampled(goldenCases(t)) {
		for _, s := range []string{strings.ToLower(c.text), strings.Join(normalize(clip(c.text)), " ")} {
			if re := prefilterSound(s); re != "" {
				if c.heldOut {
					held++
					continue
				}
				t.Errorf("prefilter skips %s on %q", re, s)
			}
		}
	}
	if held > 0 {
		t.Errorf("prefilter wrong on %d held-out texts", held)
	}
}
