package coach

// Distractors the runner sets beside a symptom word without claiming it.
// Like the modality rules they look at how the sentence holds the word,
// so they hold for any flag and any wording of it:
//
//   - reported speech the runner disputes ("my wife says I've been
//     limping but I'm not", "physio thought it might be swollen, it
//     isn't"); agreed speech stays ("…and she's right");
//   - generic "you"/"people" statements and advice ("stress fractures
//     give you one sore spot", "if you can't weight-bear you should
//     stop"), with nothing of the runner's in the clause;
//   - checklists answered no as a whole ("swelling/heat — none of it",
//     "— was it hot, swollen, did it lock — a no on all of them");
//   - the other side, as history or comparison ("surgery on the other
//     knee, the one that locks");
//   - near-misses that resolved ("felt like it might give way but it
//     held", "thought it would lock, didn't").

// Verbs that report someone else's words or belief.
var reportVerbs = wordSet(`says said say saying tells told telling thinks thought reckons reckoned reckon claims
	claimed insists insisted swears reckoning`)

// Words after a "but" that dispute what was reported.
var disputeWords = wordSet(`exaggerating exaggerates exaggerated confusing confused confuses wrong mistaken imagining
	overreacting disagree nonsense rubbish paranoid`)

// Short denials that close a disputed report: "…but I'm not", "it isn't".
var disputeTails = [][]string{{"i'm", "not"}, {"i", "am", "not"}, {"it", "is", "not"}, {"it's", "not"},
	{"it", "was", "not"}, {"i", "was", "not"}, {"it", "does", "not"}, {"it", "did", "not"}, {"i", "do", "not"},
	{"i", "did", "not"}, {"i", "have", "not"}, {"it", "has", "not"}, {"not", "really"}, {"is", "not"}, {"isn't"}}

// Findings that answer a report no: "but she couldn't find any".
var disputeFinds = [][]string{{"not", "find", "any"}, {"not", "find", "anything"}, {"not", "find", "it"},
	{"found", "nothing"}, {"found", "none"}, {"no", "sign"}, {"no", "signs"}}

var ownRunnerWords = wordSet(`i i'm i've i'd i'll me my mine myself`)

// disputedReport reports a mention inside someone else's words that the
// runner then disputes.
func disputedReport(toks []string, s0, s1 int, m mention) bool {
	rep := -1
	for i := m.start - 1; i > s0 && m.start-i <= 10; i-- {
		if clauseBreaks[toks[i]] {
			break
		}
		if reportVerbs[toks[i]] && !ownRunnerWords[toks[i-1]] && !(i >= s0+2 && toks[i-1] == "keeps" && ownRunnerWords[toks[i-2]]) {
			rep = i
			break
		}
	}
	if rep < 0 {
		return false
	}
	// The dispute: after a "but" or comma later in this sentence, or
	// opening the next one.
	e := s1
	for e < len(toks) && e < s1+12 && !(e > s1 && sentenceBreaks[toks[e]]) {
		e++
	}
	for k := m.end; k < e; k++ {
		if toks[k] != "but" && toks[k] != "," && toks[k] != "though" && !(sentenceBreaks[toks[k]] && k+1 < e && toks[k+1] == "but") {
			continue
		}
		rest := toks[k+1 : e]
		if anyIn(rest, affirmed) || anyIn(rest, agreeWords) {
			return false
		}
		if anyIn(rest, disputeWords) {
			return true
		}
		for j := k + 1; j < e; j++ {
			if anyPhraseAt(toks[:e], j, disputeFinds) {
				return true
			}
			for _, p := range disputeTails {
				if hasPrefixTokens(toks[j:e], p) {
					n := j + len(p)
					if n >= len(toks) || sentenceBreaks[toks[n]] || toks[n] == "," || clauseBreaks[toks[n]] {
						return true
					}
				}
			}
		}
	}
	return false
}

// Generic subjects: "you", "people", "runners".
var genericSubjects = wordSet(`you your you're you've you'll people runners folk folks`)

// Words that tie a clause to the runner or the sore part now.
var ownWords = wordSet(`i i'm i've i'd i'll me my mine myself it it's this mine today now still yesterday`)

// genericYou reports a symptom in a general statement about "you" or
// "people" ("stress fractures give you one sore spot", "if your calf gets
// hot you go to A&E"): the sentence up to the end of the mention's clause
// has a generic subject and nothing of the runner's.
func genericYou(toks []string, s0, s1 int, m mention) bool {
	a := m.start
	for a > s0 && !clauseBreaks[toks[a-1]] && !sentenceBreaks[toks[a-1]] {
		a--
	}
	b := m.end
	for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
		b++
	}
	// Skip a report's lead-in: "Doc said …", "Read that …".
	for k := a; k < m.start && !genericSubjects[toks[k]]; k++ {
		if reportVerbs[toks[k]] || toks[k] == "read" || toks[k] == "heard" || toks[k] == "that" {
			if k > a && ownRunnerWords[toks[k-1]] && toks[k] != "that" {
				continue
			}
			a = k + 1
		}
	}
	span := toks[a:b]
	if anyIn(span, ownWords) || anyIn(span, looksLike) {
		return false
	}
	for i := a; i < b; i++ {
		if genericYouAt(toks, a, i) {
			return true
		}
	}
	return false
}

// Words around "you" that make it the coach: "thank you", "can you",
// "after your session", "you know", "as you said".
var coachYouBefore = wordSet(`thank thanks can could would will did do for to with told tell telling sent asked as
	after since from by mind`)

var coachYouAfter = wordSet(`know see said say mentioned asked told suggested recommended wrote sent advised gave`)

// genericYouAt reports a generic subject at i: "you" as anyone, "your"
// before a body part, "people", "runners".
func genericYouAt(toks []string, a, i int) bool {
	switch toks[i] {
	case "people", "runners", "folk", "folks":
		return true
	case "your":
		return i+1 < len(toks) && bodyParts[toks[i+1]] && !(i > a && coachYouBefore[toks[i-1]])
	case "you", "you're", "you've", "you'll":
		if i > a && coachYouBefore[toks[i-1]] {
			return false
		}
		return !(i+1 < len(toks) && coachYouAfter[toks[i+1]])
	}
	return false
}

// Words that close a checklist as a whole.
var listNo = wordSet(`none no nope nil negative nah`)

var listSeps = wordSet(`/ , and or & +`)

// listAnsweredNo reports a mention in a short run of symptoms answered
// no as a whole: "swelling / redness / heat : none".
func listAnsweredNo(toks []string, s1 int, m mention) bool {
	for k := m.end; k < s1 && k < m.end+8; k++ {
		t := toks[k]
		if t == ":" || t == "-" || t == "—" || t == "–" {
			if k+1 < len(toks) && listNo[toks[k+1]] && (k+2 >= len(toks) || sentenceBreaks[toks[k+2]] || toks[k+2] == "," ||
				toks[k+2] == "of" || toks[k+2] == "at") {
				return true
			}
			return false
		}
		if ownRunnerWords[t] || t == "it" || t == "it's" || t == "is" || t == "but" {
			return false
		}
		if !listSeps[t] && k > m.end && !listSeps[toks[k-1]] {
			return false // two words in a row that aren't a list
		}
	}
	return false
}

// Words that make "other" the other side.
var otherSides = wordSet(`side one leg foot knee ankle calf hip shin achilles hamstring heel`)

// Words that make the other side's story history or nothing.
var otherHistory = wordSet(`surgery operation op operated ops scope scoped ago before used history previously old
	replaced replacement nothing reconstruction`)

// otherSide reports a mention in a clause about the other side: "surgery
// on the other knee, the one that locks", "rolled the other ankle".
func otherSide(toks []string, s0, s1 int, m mention) bool {
	c0, c1 := clauseOf(toks, s0, s1, m.start)
	other := false
	for i := c0; i+1 < c1 && i < m.end+3; i++ {
		if toks[i] == "other" && i > c0 && (toks[i-1] == "the" || toks[i-1] == "my") &&
			(otherSides[toks[i+1]] || bodyParts[toks[i+1]]) {
			other = true
		}
	}
	if !other {
		return false
	}
	// Only as history or something waved off: "my other knee gave way on
	// the stairs" stays.
	if !anyIn(toks[s0:s1], otherHistory) && !anyPhrase(toks[s0:s1], pastMarkers) {
		return false
	}
	span := toks[c0:c1]
	return !anyIn(span, nowMarkers) && !anyPhrase(span, nowPhrases) && !anyIn(span, bothSides)
}

// Hedges that make a near-miss: "felt like it might", "as if it would".
var nearMissModals = wordSet(`might would could was going gonna`)

// Words after the near-miss that say it passed off.
var nearMissHeld = wordSet(`held fine ok okay straightened stayed solid stable alright nothing`)

// nearMissPassed reports "felt like it might give way but it held", "thought
// it would lock, didn't".
func nearMissPassed(toks []string, s0, s1 int, m mention) bool {
	hedge := false
	for i := m.start - 1; i >= s0 && m.start-i <= 6; i-- {
		if clauseBreaks[toks[i]] {
			break
		}
		if nearMissModals[toks[i]] || toks[i] == "had" {
			for k := i - 1; k >= s0 && i-k <= 3; k-- {
				if nearMissLeads[toks[k]] {
					hedge = true
				}
			}
		}
	}
	if !hedge {
		return false
	}
	for k := m.end; k < s1; k++ {
		if toks[k] != "but" && toks[k] != "," {
			continue
		}
		rest := toks[k+1 : min(s1, k+7)]
		if anyIn(rest, affirmed) || anyIn(rest, itDid) && !anyIn(rest, negators) {
			return false
		}
		if anyIn(rest, nearMissHeld) || hasPrefixTokens(rest, []string{"did", "not"}) ||
			hasPrefixTokens(rest, []string{"it", "did", "not"}) || hasPrefixTokens(rest, []string{"it", "held"}) {
			return true
		}
		if toks[k] == "but" {
			return false
		}
	}
	return false
}

// Results that clear a named test: "the locking tests, all fine".
var namedTests = wordSet(`test tests testing tested exam examination checks`)

var testsClear = [][]string{{"all", "fine"}, {"all", "clear"}, {"all", "normal"}, {"all", "good"}, {"all", "negative"},
	{"negative"}, {"passed"}, {"came", "back", "fine"}, {"came", "back", "normal"}, {"came", "back", "clear"}}

// clearedTest reports a symptom named as a test the sentence says was
// clear: "physio did the locking and instability tests today, all fine".
func clearedTest(toks []string, s1 int, m mention) bool {
	t := -1
	for k := m.end; k < s1 && k <= m.end+3; k++ {
		if namedTests[toks[k]] {
			t = k
			break
		}
	}
	if t < 0 {
		return false
	}
	for k := t + 1; k < s1; k++ {
		if clauseBreaks[toks[k]] {
			return false
		}
		if anyPhraseAt(toks[:s1], k, testsClear) {
			return true
		}
	}
	return false
}

var (
	agreeWords    = wordSet(`right true correct agree`)
	bothSides     = wordSet(`both too also compared than versus vs size bigger smaller fatter thicker larger twice double`)
	nearMissLeads = wordSet(`like if thought think worried feared afraid`)
	itDid         = wordSet(`did then`)
)

// doubted reports a symptom the runner doubts: "I doubt it's broken",
// "doubt that it's a fracture"; "no doubt it's swollen" stays.
func doubted(toks []string, s0 int, m mention) bool {
	for i := m.start - 1; i >= s0 && m.start-i <= 5; i-- {
		t := toks[i]
		if clauseBreaks[t] || t == "," {
			return false
		}
		if t == "doubt" || t == "doubtful" {
			return !(i > s0 && (negators[toks[i-1]] || toks[i-1] == "without"))
		}
	}
	return false
}

// Checks that answer a fear: "paranoid about clots, checked both calves:
// same size, not warm".
var fearChecks = wordSet(`checked check tested measured compared`)

// fearChecked reports a fear ("worried about", "paranoid about") answered
// by a check whose findings are all reassurance.
func fearChecked(toks []string, s0, s1 int, m mention) bool {
	belief := false
	for i := m.start - 1; i >= s0 && m.start-i <= 4; i-- {
		if beliefWords[toks[i]] {
			belief = true
		}
	}
	if !belief {
		return false
	}
	for k := m.end; k < s1; k++ {
		if !fearChecks[toks[k]] {
			continue
		}
		rest := toks[k+1 : s1]
		return anyIn(rest, reassured) && !anyIn(rest, affirmed) && !anyIn(rest, hotSigns)
	}
	return false
}
