package coach

import "strings"

// A report's later bare numbers are not all scores. "knee 3, done by 9",
// "6 of us went", "minus 8 this morning" gave a 9, a 6 and an 8 while "the
// worst decides" took every bare number as a score. Once a report has its
// first score, a later bare number counts only when it reads as one: beside
// a place ("knee 3, hip 7", "7 in the hip") or with a score's words around
// it ("up to 7", "more like a 7", "7 at worst", "8 on the stairs").

// strayFiller may sit between a place and its score: "hip is about a 7".
var strayFiller = wordSet(`is s at a an about around roughly approx like now maybe probably prob feels feel feeling sitting sits
	solid today currently still more also too was pain level score rating rated the my in for on left right both side sides
	its it's it`)

// strayBefore are the words just before a number that make it a score.
var strayBefore = wordSet(`a an to hit hits hitting reached reaches reaching now or solid like nearer closer rated rate rating
	score scored pain level lvl is its it's about around maybe then but worst peak peaked peaking maxed topped`)

// strayAfter are the words just after a number that make it a score.
var strayAfter = wordSet(`on when during while going downhill uphill climbing descending running walking ish max tops
	now today tonight if`)

// strayAfterPairs are two-word cues after a number: "8 at worst".
var strayAfterPairs = wordSet2(`at worst|at its|at times|at most|at peak|at the|by the|after the|after that|after a|on the|towards the|toward the|near the`)

func dropStrayNumbers(low string, cands []scoreCand, places []placeHit) []scoreCand {
	if len(cands) < 2 {
		return cands
	}
	// Only a number that would raise the score is weighed: a repeat of it
	// ("3 hip, … grumbles, 3") or a lower one changes nothing.
	top := cands[0].value
	for _, c := range cands[1:] {
		if c.explicit || c.spelled {
			top = max(top, c.value)
		}
	}
	out := make([]scoreCand, 0, len(cands))
	out = append(out, cands[0])
	for _, c := range cands[1:] {
		if c.explicit || c.spelled || c.value <= top || scoreLike(low, c, places) {
			out = append(out, c)
		}
	}
	return out
}

func scoreLike(low string, c scoreCand, places []placeHit) bool {
	for _, p := range places {
		// The place (with its side) then the number, or the number then
		// the place; side words may sit on either side of either.
		if a := max(p.sideEnd, p.end); a <= c.start && c.start-a <= 40 && fillerGap(low[a:c.start]) {
			return true
		}
		if p.end <= c.start && c.start-p.end <= 40 && fillerGap(low[p.end:c.start]) {
			return true
		}
		if b := min(p.sideStart, p.start); b >= c.end && b-c.end <= 30 && fillerGap(low[c.end:b]) {
			return true
		}
		if p.start >= c.end && p.start-c.end <= 30 && fillerGap(low[c.end:p.start]) {
			return true
		}
	}
	// "1 left, 2 right": a side names the place's other half.
	if sideAfterRE.MatchString(low[c.end:min(len(low), c.end+12)]) {
		return true
	}
	before := strings.Fields(textBefore(low, c.start, 6))
	if n := len(before); n > 0 {
		w := strings.Trim(before[n-1], ",:;")
		if strayBefore[w] || w == "->" || w == "→" || w == ">" || w == "=" {
			return true
		}
	}
	after := strings.Fields(textAfter(low, c.end, 6))
	if len(after) > 0 {
		if strayAfter[strings.Trim(after[0], ",.!?")] {
			return true
		}
		if len(after) > 1 && strayAfterPairs[after[0]+" "+strings.Trim(after[1], ",.!?")] {
			return true
		}
		if strings.HasPrefix(after[0], "/") || after[0] == "out" {
			return true
		}
	}
	return false
}

// fillerGap reports a gap of at most three filler words and light
// punctuation, inside one sentence.
func fillerGap(gap string) bool {
	if strings.ContainsAny(gap, ".!?;\n") {
		return false
	}
	words := strings.FieldsFunc(gap, func(r rune) bool {
		return r == ' ' || r == ',' || r == ':' || r == '-' || r == '=' || r == '~' || r == '(' || r == ')' || r == '\t'
	})
	if len(words) > 3 {
		return false
	}
	for _, w := range words {
		if !strayFiller[w] {
			return false
		}
	}
	return true
}
