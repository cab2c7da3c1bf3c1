package coach

import (
	"regexp"
	"slices"
	"strings"
)

// Score and place forms found on dev11.jsonl, each a family:
//
//   - words run together on a phone ("hipflexor", "ontheleft",
//     "myleftknee"): a word made wholly of place, side and small linking
//     words is split into them, so any run-together of those words parses;
//   - a score given twice with time words ("a 2 now, was a 3 at the
//     weekend", "down to a 1 from 3 last week"): the current one wins;
//   - a range with a hyphen before "/10" ("2-3/10"): the hyphen is a dash,
//     not a minus, and the range takes the higher number.

// Words a run-together word may be split into. Only splits that give a
// place or a side count, so "into" or "often" stay whole.
var (
	glueLinks = wordSet(`on in at of my the to both and`)
	gluePlace = wordSet(`left right knee knees kneecap shin shins calf calves achilles tendon ankle ankles foot feet
		heel heels hip hips flexor flexors groin hamstring hamstrings quad quads glute glutes thigh thighs lower back arch
		toe toes splints`)
)

// splitGlued splits run-together place and side words in text: "hipflexor
// 2 ontheleft" → "hip flexor 2 on the left". Words that are themselves
// place or link words stay as they are.
func splitGlued(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		start := i
		i = j
		if j-start < 5 || (start > 0 && text[start-1] >= 0x80) || (j < len(text) && text[j] >= 0x80) {
			continue // short, or part of a non-ASCII word
		}
		w := text[start:j]
		if !isLowerASCII(w) {
			w = strings.ToLower(w)
		}
		if gluePlace[w] || glueLinks[w] {
			continue
		}
		parts, ok := segmentGlued(w, nil)
		if !ok || len(parts) < 2 {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(strings.Join(parts, " "))
		last = j
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// segmentGlued splits w wholly into glue words with at least one place or
// side among them, longest piece first.
func segmentGlued(w string, parts []string) ([]string, bool) {
	if w == "" {
		for _, p := range parts {
			if gluePlace[p] {
				return parts, true
			}
		}
		return nil, false
	}
	for n := min(len(w), 10); n >= 2; n-- {
		p := w[:n]
		if !gluePlace[p] && !glueLinks[p] {
			continue
		}
		if out, ok := segmentGlued(w[n:], append(parts, p)); ok {
			return out, true
		}
	}
	return nil, false
}

// Words before a score that put it in the past, and after it the times
// that do.
var (
	pastBeforeRE = regexp.MustCompile(`\b(?:was|were|from|used to be|had been|been)\s+(?:a |an |at |about |around |like |maybe |probably )?$`)
	pastAfterRE  = regexp.MustCompile(`^\s*(?:/\s*10|out of 10)?\s*(?:,\s*)?(?:last|yesterday|earlier|before|previously|initially|at first|at the (?:weekend|start|beginning|time)|over the weekend|on the weekend|the other day|the day before|(?:a|one|two|three|four|five|six|\d+|a few|a couple of) (?:days?|weeks?|months?|fortnights?) ago|a (?:week|month|fortnight) ago|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|this morning|to (?:a |an )?\d)\b`)
	// A score dated by the words before it: "last week's 4".
	datedBeforeRE = regexp.MustCompile(`\b(?:last (?:week|weekend|time|run|night|month|session)|yesterday|the other day)(?:'s| was)\s+(?:a |an |at |about |around )?$`)
	// Words around a score that make it the current one.
	nowBeforeRE = regexp.MustCompile(`\b(?:now|today|currently|down to|up to|dropped to|fallen to|come down to|back to|back down to|at the moment)\s+(?:a |an |at |about |around |only |just )?$`)
	nowAfterRE  = regexp.MustCompile(`^\s*(?:/\s*10|out of 10)?\s*(?:now|today|currently|at the moment|atm|right now|tonight|this evening)\b`)
)

// dropPastScores keeps the current scores when a report gives both a
// current and a past one: "shin is a 2 now, was a 3 at the weekend". A
// past score is one after "was" dated by a time word ("at the weekend"),
// or one after "from" dated by a time word or set against a current score
// ("down to a 1 from 3"); with no current score, every score stays (the
// worse one decides, the safe side).
func dropPastScores(low string, cands []scoreCand) []scoreCand {
	if len(cands) < 2 {
		return cands
	}
	past := make([]bool, len(cands))
	anyPast, anyNow := false, false
	nowMarks := -1 // how many scores are marked current; counted on first need
	var isNow []bool
	for i, c := range cands {
		// Windows, not the whole prefix and suffix: the same answers in
		// linear time (bounds.go).
		before, after := textBefore(low, c.start, scoreBeforeUnits), textAfter(low, c.end, scoreAfterUnits)
		if windowMatch(datedBeforeRE, before) {
			past[i], anyPast = true, true // "better than last week's 4"
			continue
		}
		if !windowLits.may(pastBeforeRE, before) {
			continue
		}
		m := pastBeforeRE.FindString(before)
		if m == "" {
			continue
		}
		// "was" needs a time after it; "from" a time or a current score.
		if windowMatch(pastAfterRE, after) {
			past[i], anyPast = true, true
			continue
		}
		if !strings.HasPrefix(m, "from") {
			continue
		}
		if nowMarks < 0 {
			isNow, nowMarks = nowScores(low, cands)
		}
		// A current score other than this one.
		if n := nowMarks; isNow[i] {
			n--
			if n > 0 {
				past[i], anyPast = true, true
			}
		} else if n > 0 {
			past[i], anyPast = true, true
		}
	}
	if !anyPast {
		return cands
	}
	var out []scoreCand
	for i, c := range cands {
		if !past[i] {
			out = append(out, c)
			anyNow = true
		}
	}
	if !anyNow {
		return cands
	}
	return out
}

// nowScores marks the scores set as the current one ("now", "today",
// "down to") and counts them.
func nowScores(low string, cands []scoreCand) ([]bool, int) {
	isNow := make([]bool, len(cands))
	n := 0
	for i, c := range cands {
		if windowMatch(nowBeforeRE, textBefore(low, c.start, scoreBeforeUnits)) ||
			windowMatch(nowAfterRE, textAfter(low, c.end, scoreAfterUnits)) {
			isNow[i] = true
			n++
		}
	}
	return isNow, n
}

// dashBefore returns the start and value of a number just before a hyphen
// at i ("2-3/10": the 2, from 2), or ok false when the hyphen follows no
// number and is a minus sign. After another score's "/10" ("4/10-5/10")
// the hyphen is a dash with no number of its own: value 0 from i.
func dashBefore(s string, i int) (start int, value float64, ok bool) {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	k := j
	for k > 0 && (s[k-1] >= '0' && s[k-1] <= '9' || s[k-1] == '.') {
		k--
	}
	if k == j {
		return 0, 0, false
	}
	if k > 0 && s[k-1] == '/' {
		return i, 0, true
	}
	v, _ := numValue(s[k:j])
	return k, v, v >= 0
}

// risingScores reports scores that climb over days or weeks despite rest:
// "sitting at a 5 today, was a 3 last week and a 1 the week before" or
// "a 4 now, was a 2 a fortnight ago though I've been resting". cands are
// the scores before dropPastScores, kept those after it; the dated ones
// are the difference, with pastValues, the "was a 3 last week" scores
// masked before any score was read. Two dated scores below today's, or one with rest
// named, and a rise of two or more: the worsening red flag (coach-rules
// §1), which a single hard run's spike is not.
func risingScores(low string, cands, kept []scoreCand, pastValues []float64) bool {
	if len(kept) == 0 || len(kept) == len(cands) && len(pastValues) == 0 {
		return false
	}
	now := -1.0
	for _, c := range kept {
		now = max(now, c.value)
	}
	// kept is cands in order with the dated ones left out: walk both.
	past := slices.Clone(pastValues)
	k := 0
	for _, c := range cands {
		if k < len(kept) && kept[k].start == c.start {
			k++
			continue
		}
		past = append(past, c.value)
	}
	low0 := slices.Min(past)
	if slices.Max(past) >= now || now-low0 < 2 {
		return false
	}
	slices.Sort(past)
	if len(slices.Compact(past)) >= 2 {
		return true // two different dated scores on the way up: 1, 3, now 5
	}
	return restNamedRE.MatchString(low)
}

// restNamedRE finds rest or cut-back running named in a report.
var restNamedRE = regexp.MustCompile(`\b(?:resting|rested|despite rest|(?:have|has|haven't|hasn't|had|hadn't|not|no) (?:run|ran|been running)|not running|time off|cut (?:back|down)|backed off|eased off|reduced|halved|doing less|running less|(?:been|only) walking)\b`)
