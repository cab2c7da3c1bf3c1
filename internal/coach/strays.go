package coach

import "strings"

// A report's later bare numbers are not all scores. "knee 3, done by 9",
// "6 of us went", "minus 8 this morning" gave a 9, a 6 and an 8 while "the
// worst decides" took every bare number as a score. Once a report has its
// first score, a later bare number that would raise it is set aside when
// the words around it say what else it is: a time ("by 9", "at 6 sharp"),
// a count of people ("6 of us"), a temperature ("minus 8", "30 degrees").
// Everything else still counts ("3 in the morning, 7 in the evening",
// "sometimes 8", "7 afterwards"): a number wrongly kept is a false alarm, a
// score wrongly dropped a missed red.

// strayBefore are the words just before a number that make it a time, a
// temperature or a count rather than a score.
var strayBefore = wordSet(`by at till until til before after since minus under over past lane bib page`)

// strayAfter are the words just after a number that make it something
// other than a score.
var strayAfter = wordSet(`of people us others friends runners mates kids am pm o'clock oclock degrees degree deg celsius
	fahrenheit sharp hours hrs % percent per pct ° °c °f`)

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
		if c.explicit || c.spelled || c.value <= top || !strayNumber(low, c, places) {
			out = append(out, c)
		}
	}
	return out
}

// strayNumber reports a bare number that its neighbours mark as a time, a
// temperature or a count, unless a place sits right next to it ("hip at
// 7" is the hip's score).
func strayNumber(low string, c scoreCand, places []placeHit) bool {
	for _, p := range places {
		if a := max(p.sideEnd, p.end); a <= c.start && c.start-a <= 12 && fillerGap(low[a:c.start]) {
			return false
		}
	}
	before := strings.Fields(textBefore(low, c.start, 6))
	if n := len(before); n > 0 && strayBefore[strings.Trim(before[n-1], ",:;()[]\"'")] {
		return true
	}
	after := strings.Fields(textAfter(low, c.end, 6))
	return len(after) > 0 && strayAfter[strings.Trim(after[0], ",.!?()[]\"'")]
}

// strayFiller may sit between a place and its score: "hip is at 7".
var strayFiller = wordSet(`is s at a an about around now sitting sits its it's it`)

// fillerGap reports a gap of at most two filler words inside one sentence.
func fillerGap(gap string) bool {
	if strings.ContainsAny(gap, ".!?;\n") {
		return false
	}
	words := strings.FieldsFunc(gap, func(r rune) bool {
		return r == ' ' || r == ',' || r == ':' || r == '-' || r == '=' || r == '~' || r == '\t'
	})
	if len(words) > 2 {
		return false
	}
	for _, w := range words {
		if !strayFiller[w] {
			return false
		}
	}
	return true
}
