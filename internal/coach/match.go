package coach

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Running every lexicon expression over the whole text dominated the cost
// of a report. The lexicon's patterns are made of whole tokens, so they are
// matched over the token slice instead, only from the tokens their first
// item accepts. The matcher tries its choices in the order the regular
// expression would (alternatives in order, an optional item taken before
// skipped, a gap as long as possible first) and resumes after each match
// the way FindAllStringIndex does, so the spans are the expression's
// (TestTriageGolden and TestFindMentionsSideBySide hold the two together).
// A pattern the matcher can't express keeps its expression.

// tokenStart is a lexicon pattern compiled for the token matcher.
type tokenStart struct {
	elems []tokElem
	// first holds the tokens (and token prefixes) a match can start with.
	first *anchor
}

// tokElem is one pattern item, or a gap of up to gap tokens.
type tokElem struct {
	alts []tokAlt
	opt  bool
	gap  int
	// When every alternative is one token, which one matches makes no
	// difference: words and prefixes answer at once.
	single   bool
	words    map[string]bool
	prefixes []string
	bits     []uint64 // words as a set of vocabulary ids (see lexVocab)
	// heads are the first words of all the word alternatives: a token that
	// is none of them and has none of the prefixes starts no alternative.
	heads    map[string]bool
	headBits []uint64
}

// tokAlt is one alternative of an item: a run of words, or a prefix.
type tokAlt struct {
	words  []string
	prefix string
	star   bool
}

// tokenPatternOf compiles pattern items (already checked by patternRE), or
// returns nil when they need the regular expression.
func tokenPatternOf(items []string, classes map[string]lexClass, first *anchor) *tokenStart {
	if first == nil {
		return nil
	}
	ts := &tokenStart{first: first}
	for _, it := range items {
		if n, ok := strings.CutPrefix(it, "~"); ok {
			g := 0
			for _, c := range n {
				g = g*10 + int(c-'0')
			}
			ts.elems = append(ts.elems, tokElem{gap: g})
			continue
		}
		var el tokElem
		if strings.HasSuffix(it, "?") && len(it) > 1 {
			el.opt = true
			it = strings.TrimSuffix(it, "?")
		}
		for _, a := range strings.Split(strings.Trim(it, "()"), "|") {
			switch {
			case strings.HasPrefix(a, "@"):
				for _, p := range classes[a[1:]].phrases {
					el.alts = append(el.alts, tokAlt{words: p})
				}
			case strings.HasSuffix(a, "*"):
				p := strings.TrimSuffix(a, "*")
				if p == "" {
					return nil // would match inside a token
				}
				el.alts = append(el.alts, tokAlt{prefix: p, star: true})
			default:
				if a == "" {
					return nil
				}
				el.alts = append(el.alts, tokAlt{words: []string{a}})
			}
		}
		el.single, el.words, el.heads = true, map[string]bool{}, map[string]bool{}
		for _, a := range el.alts {
			switch {
			case a.star:
				el.prefixes = append(el.prefixes, a.prefix)
				continue
			case len(a.words) == 1:
				el.words[a.words[0]] = true
			default:
				el.single = false
			}
			el.heads[a.words[0]] = true
		}
		ts.elems = append(ts.elems, el)
	}
	return ts
}

// one reports whether a single-token item matches token j.
func (el *tokElem) one(tt *tokText, j int) bool {
	return el.starts(tt, j, el.bits)
}

// starts reports whether token j is in the word set bits or has one of
// the prefixes.
func (el *tokElem) starts(tt *tokText, j int, bits []uint64) bool {
	if id := tt.ids[j]; id >= 0 && int(id>>6) < len(bits) && bits[id>>6]&(1<<(id&63)) != 0 {
		return true
	}
	t := tt.toks[j]
	for _, p := range el.prefixes {
		if rest, ok := strings.CutPrefix(t, p); ok && starRest(rest) {
			return true
		}
	}
	return false
}

// starRest reports whether rest matches [a-z']*.
func starRest(rest string) bool {
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; (c < 'a' || c > 'z') && c != '\'' {
			return false
		}
	}
	return true
}

// vocabBits numbers the words not yet in vocab and returns their set.
func vocabBits(vocab map[string]int32, words map[string]bool) []uint64 {
	var bits []uint64
	for _, w := range slices.Sorted(maps.Keys(words)) {
		id, ok := vocab[w]
		if !ok {
			id = int32(len(vocab))
			vocab[w] = id
		}
		for int(id>>6) >= len(bits) {
			bits = append(bits, 0)
		}
		bits[id>>6] |= 1 << (id & 63)
	}
	return bits
}

// tokText is a report's tokens as the token matcher reads them.
type tokText struct {
	toks  []string
	ids   []int32 // vocabulary id of each token, -1 if none
	gapOK []bool  // whether a gap may pass over the token: [^ .!?;()"]+
}

func newTokText(toks []string) *tokText {
	tt := &tokText{toks: toks, ids: make([]int32, len(toks)), gapOK: make([]bool, len(toks))}
	for i, t := range toks {
		tt.gapOK[i] = !strings.ContainsAny(t, ` .!?;()"`)
		if id, ok := lexVocab[t]; ok {
			tt.ids[i] = id
		} else {
			tt.ids[i] = -1
		}
	}
	return tt
}

// lexVocab numbers the words of the lexicon's single-token items and fills
// in their bit sets, so the matcher looks a token up once per report
// rather than once per item.
var lexVocab = func() map[string]int32 {
	vocab := map[string]int32{}
	var all []*tokenStart
	for _, r := range allRules {
		all = append(all, r.at)
	}
	for _, vs := range flagLexVetoes {
		for _, v := range vs {
			all = append(all, v.at)
		}
	}
	for _, ts := range all {
		if ts == nil {
			continue
		}
		for i := range ts.elems {
			el := &ts.elems[i]
			el.bits = vocabBits(vocab, el.words)
			el.headBits = vocabBits(vocab, el.heads)
		}
	}
	return vocab
}()

// at returns how many tokens the alternative covers at toks[j:], 0 if none.
func (a *tokAlt) at(toks []string, j int) int {
	if a.star {
		if j >= len(toks) {
			return 0
		}
		if rest, ok := strings.CutPrefix(toks[j], a.prefix); ok && starRest(rest) {
			return 1
		}
		return 0
	}
	if j+len(a.words) > len(toks) {
		return 0
	}
	for k, w := range a.words {
		if toks[j+k] != w {
			return 0
		}
	}
	return len(a.words)
}

// match returns the end of the preferred match of elems[e:] at tt.toks[j:].
func (ts *tokenStart) match(tt *tokText, e, j int) (int, bool) {
	toks := tt.toks
	if e == len(ts.elems) {
		return j, true
	}
	el := &ts.elems[e]
	if el.gap > 0 {
		k := 0
		for k < el.gap && j+k < len(toks) && tt.gapOK[j+k] {
			k++
		}
		for ; k >= 0; k-- {
			if end, ok := ts.match(tt, e+1, j+k); ok {
				return end, true
			}
		}
		return 0, false
	}
	if el.single {
		if j < len(toks) && el.one(tt, j) {
			if end, ok := ts.match(tt, e+1, j+1); ok {
				return end, true
			}
		}
	} else if j < len(toks) && el.starts(tt, j, el.headBits) {
		for i := range el.alts {
			if n := el.alts[i].at(toks, j); n > 0 {
				if end, ok := ts.match(tt, e+1, j+n); ok {
					return end, true
				}
			}
		}
	}
	// The first item can't be skipped: that would need two spaces in a
	// row.
	if el.opt && e > 0 {
		return ts.match(tt, e+1, j)
	}
	return 0, false
}

// findAt returns the spans (in joined) of the pattern's matches starting at
// the candidate tokens; cands must be increasing.
func (ts *tokenStart) findAt(tt *tokText, starts []int, cands []candidate, dst [][]int) [][]int {
	toks := tt.toks
	next := 0 // the first token a match may start at
	for _, c := range cands {
		i := int(c.tok)
		if i < next {
			continue
		}
		end, ok := ts.match(tt, 0, i)
		if !ok {
			continue
		}
		// The expression's match takes the space after its last token,
		// so the token after it can't start the next one.
		next = end + 1
		dst = append(dst, []int{starts[i], starts[end-1] + len(toks[end-1])})
	}
	return dst
}

// candidate is a token where pattern id may start.
type candidate struct {
	id, tok int32
}

// startIndex maps a token to the patterns that may start there.
type startIndex struct {
	n         int // patterns
	exact     map[string][]int32
	prefix    map[string][]int32
	maxPrefix int
}

func newStartIndex(ts []*tokenStart) *startIndex {
	x := &startIndex{n: len(ts), exact: map[string][]int32{}, prefix: map[string][]int32{}}
	for id, t := range ts {
		if t == nil {
			continue
		}
		for _, w := range t.first.exact {
			x.exact[w] = append(x.exact[w], int32(id))
		}
		for _, p := range t.first.prefix {
			x.prefix[p] = append(x.prefix[p], int32(id))
			x.maxPrefix = max(x.maxPrefix, len(p))
		}
	}
	return x
}

// candidates lists, sorted by pattern and token and without repeats, where
// each indexed pattern may start in toks.
func (x *startIndex) candidates(toks []string) []candidate {
	var out []candidate
	for i, t := range toks {
		for _, id := range x.exact[t] {
			out = append(out, candidate{id, int32(i)})
		}
		for k := 0; k <= len(t) && k <= x.maxPrefix; k++ {
			for _, id := range x.prefix[t[:k]] {
				out = append(out, candidate{id, int32(i)})
			}
		}
	}
	// Sorted by pattern, stably, so each pattern's tokens stay in order and
	// repeats stay next to each other: a few candidates (a short report)
	// by comparison, more by counting, whose table costs a pass over every
	// pattern.
	if len(out)*8 < x.n {
		slices.SortStableFunc(out, func(a, b candidate) int { return cmp.Compare(a.id, b.id) })
		return slices.Compact(out)
	}
	at := make([]int32, x.n+1)
	for _, c := range out {
		at[c.id+1]++
	}
	for i := 1; i <= x.n; i++ {
		at[i] += at[i-1]
	}
	sorted := make([]candidate, len(out))
	for _, c := range out {
		sorted[at[c.id]] = c
		at[c.id]++
	}
	return slices.Compact(sorted)
}

// of returns the candidates of pattern ids [lo, hi) from a sorted list.
func candidatesOf(cs []candidate, lo, hi int32) []candidate {
	i, _ := slices.BinarySearchFunc(cs, lo, func(c candidate, id int32) int { return cmp.Compare(c.id, id) })
	j := i
	for j < len(cs) && cs[j].id < hi {
		j++
	}
	return cs[i:j]
}

// flagLexVetoes are each flag's lexicon vetoes, from every lexicon.
var flagLexVetoes = func() map[Flag][]lexVeto {
	m := map[Flag][]lexVeto{}
	for _, src := range []map[Flag][]lexVeto{lexVetoes, lexVetoes10} {
		for f, vs := range src {
			m[f] = append(m[f], vs...)
		}
	}
	return m
}()

// The lexicon rules' and vetoes' start indexes. Vetoes are numbered flag by
// flag, so a flag's vetoes are one range of ids.
var (
	ruleStarts = func() *startIndex {
		ts := make([]*tokenStart, len(allRules))
		for i, r := range allRules {
			ts[i] = r.at
		}
		return newStartIndex(ts)
	}()
	vetoStarts, vetoRange = func() (*startIndex, map[Flag][2]int32) {
		var ts []*tokenStart
		rng := map[Flag][2]int32{}
		for _, f := range slices.Sorted(maps.Keys(flagLexVetoes)) {
			lo := int32(len(ts))
			for _, v := range flagLexVetoes[f] {
				ts = append(ts, v.at)
			}
			rng[f] = [2]int32{lo, int32(len(ts))}
		}
		return newStartIndex(ts), rng
	}()
)

// quick prefilters the expressions every report runs through.
var quick = func() prefilter {
	res := []*regexp.Regexp{
		pastRE, distantRE, sinceRE, recentRE, resolvedRE, calfRE, regionRE,
		dictatedRE, hyphenRE, pinsRE, cannotSeeRE, cannotFeelRE, freeOfRE, answeredNoRE, dashNoRE, noLongerRE,
		distMentionRE, notScoreRE, pastScoreRE, otherRatingRE, scoreExplicitRE, scoreBetweenRE, scoreSpelledRE,
	}
	for _, pr := range placeRules {
		res = append(res, pr.re)
	}
	for _, r := range flagRules {
		res = append(res, r.re)
		res = append(res, r.vetoes...)
	}
	return newPrefilter(res...)
}()
