package coach

import "slices"

// Modality: a symptom word the runner does not assert. These rules look at
// how the sentence holds the word, not at the word, so they hold for any
// flag and any wording of it:
//
//   - the antecedent of a condition ("if it swells I'll stop", "unless it
//     swells overnight", "in case it gives way", "should it start to
//     limp"), unless the condition is the present ("if it's still
//     swollen tomorrow", "if it keeps locking", "is it bad if I can't
//     walk");
//   - a general question ("what counts as swelling?", "can knees lock
//     without you noticing?"), unless it presupposes the symptom ("why
//     does my knee lock?", "is it normal that it gives way?") or the next
//     sentence says it happened ("It did twice today");
//   - a future or possible event ("it might swell", "I'll probably be
//     limping after Sunday"), but not a hedge about now ("it might have
//     locked") nor a feeling ("feels like it might give way");
//   - what to look out for ("told me to watch for swelling", "a scan to
//     rule out a clot", "went through the red flags: swelling, locking");
//   - a fear the runner then lays to rest ("I was worried it might be a
//     fracture but I can hop fine");
//   - a mention followed by a bare denial ("It never has.", "None have.",
//     "touch wood it hasn't", "it's none of those").

var condOpeners = [][]string{{"if"}, {"unless"}, {"in", "case"}, {"in", "the", "case"}, {"incase"}, {"supposing"},
	{"assuming"}, {"should", "it"}, {"should", "there"}}

// Words before "if" that make it no condition ("as if", "not sure if")
// or make the condition the runner's present ("is it bad if").
var ifNotCond = wordSet(`as like sure unsure know knows wonder wondering tell bad normal ok okay worrying concerning
	serious problem wrong dangerous`)

// Words after "if" that make it no condition: "if anything", "if not worse".
var ifAfterNotCond = wordSet(`anything not honest`)

// Subjects: the second one after "if" starts the consequent ("if I sit
// cross legged it locks").
var condSubjects = wordSet(`i i'll i'm i've i'd we you he she they it it's my mine then`)

// Determiners that open a noun subject ("the knee gives way").
var possessives = wordSet(`the your his her their our`)

var prepositions = wordSet(`on in into at of to from with over under down up onto around behind across through
	along near by for about`)

// Words before a body part that make it part of the subject already
// counted ("my knee", "the left knee").
var owners = wordSet(`the your his her their our my a an left right`)

// Markers that put a condition in the present.
var condNow = wordSet(`still today tonight currently already keeps keep keeping continues since yesterday`)

// Provocations: "if I press on the bone it's sore" tells what happens now.
var provocations = wordSet(`press presses pressing push poke prod touch touches tap squeeze hop hops jump jumps land
	squat squats kneel bend straighten pivot stand walk sit`)

// Words just before a symptom that take it as given: "this swollen",
// "the swelling", "run with a swollen knee".
var givenBefore = wordSet(`this that so`)

var condNowPhrases = [][]string{{"this", "morning"}, {"last", "night"}, {"right", "now"}, {"this", "week"},
	{"carries", "on"}, {"this", "afternoon"}, {"this", "evening"}}

// inCondition reports whether mention m lies wholly in the antecedent of a
// condition in toks[s0:s1].
func inCondition(toks []string, s0, s1 int, m mention) bool {
	for i := max(s0, m.start-14); i < m.start; i++ {
		n := 0
		for _, p := range condOpeners {
			if hasPrefixTokens(toks[i:s1], p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			continue
		}
		if toks[i] == "if" {
			if i > s0 && ifNotCond[toks[i-1]] {
				continue
			}
			if i+1 < s1 && (ifAfterNotCond[toks[i+1]] || (i+2 < s1 && toks[i+1] == "i'm" && toks[i+2] == "honest") ||
				(i+2 < s1 && toks[i+1] == "you" && toks[i+2] == "ask")) {
				continue // "if anything", "if not worse", "if I'm honest"
			}
		}
		if toks[i] == "should" && i > s0 && !clauseBreaks[toks[i-1]] && toks[i-1] != "," && !speechVerbs[toks[i-1]] && toks[i-1] != "that" {
			continue // "why should it": only a clause-initial "should it" is a condition
		}
		// The antecedent: up to a comma, a clause or sentence break, or
		// the second subject.
		end, subj := i+n, 0
		if toks[i] == "should" {
			subj = 1
		}
		for end < s1 && end < i+n+12 {
			t := toks[end]
			if t == "," && listGoesOn(toks, end, s1) {
				end++ // "if I get pain at night, numbness or a limp"
				continue
			}
			if t == "," || clauseBreaks[t] || sentenceBreaks[t] || t == ":" {
				break
			}
			owned := end > 0 && (owners[toks[end-1]] || (end > 1 && owners[toks[end-2]]))
			object := end > 0 && prepositions[toks[end-1]] // "on the bone", "in my knee"
			if condSubjects[t] && !object || possessives[t] && !object || (bodyParts[t] && !owned && !object) {
				subj++
				if subj >= 2 {
					break
				}
			}
			end++
		}
		if m.start < i+n || m.end > end {
			continue
		}
		// The present: anywhere up to the comma or break.
		stop := i + n
		for stop < s1 && toks[stop] != "," && !clauseBreaks[toks[stop]] {
			stop++
		}
		if anyIn(toks[i:stop], condNow) || anyPhrase(toks[i:stop], condNowPhrases) || givenBefore[toks[m.start-1]] ||
			anyIn(toks[i+n:m.start], provocations) || anyIn(toks[m.end:end], provocations) {
			return false
		}
		return true
	}
	return false
}

// listGoesOn reports whether the part after the comma at i is the rest of a
// short list ("…, numbness or a limp"): a connector, no subject.
func listGoesOn(toks []string, i, s1 int) bool {
	j, conn := i+1, false
	for ; j < s1 && toks[j] != "," && !clauseBreaks[toks[j]]; j++ {
		if condSubjects[toks[j]] || j-i > 6 {
			return false
		}
		conn = conn || connectors[toks[j]]
	}
	return conn
}

// Words that may open a question before its question word: "Sir, what…".
var vocatives = wordSet(`sir madam coach hey hi so and ok okay also btw quick`)

var qStarters = wordSet(`is are was were does do did can could would should will what what's whats how when which
	where who any`)

// Words in a question that presuppose the symptom.
var presuppose = wordSet(`why normal usual causing cause causes caused fix treat ease reduce manage deal last
	heal settle rid`)

// inQuestion reports a mention in a general question: the sentence ends
// with "?", the mention's part of it opens with a question word, and the
// question doesn't take the symptom as given.
func inQuestion(toks []string, s0, s1 int, m mention) bool {
	if s1 >= len(toks) || toks[s1] != "?" {
		return false
	}
	q := -1
	for i := m.start - 1; i >= s0; i-- {
		t := toks[i]
		if clauseBreaks[t] || t == ":" {
			break
		}
		if qStarters[t] && (i == s0 || toks[i-1] == "," || toks[i-1] == ":" || clauseBreaks[toks[i-1]] ||
			(i == s0+1 && vocatives[toks[i-1]])) {
			q = i
			break
		}
	}
	if q < 0 {
		return false
	}
	if anyIn(toks[q:s1], presuppose) || givenBefore[toks[m.start-1]] ||
		toks[m.start-1] == "the" && !(m.end < s1 && (toks[m.end] == "thing" || toks[m.end] == "things")) ||
		(m.start-2 > q && toks[m.start-2] == "with") {
		return false
	}
	for i := q; i+2 < m.start; i++ {
		if toks[i] == "just" && toks[i+1] == "me" && toks[i+2] == "or" {
			return false // "is it just me or is it chunkier?": a hedge, which fires
		}
	}
	for i := q; i < m.start; i++ {
		if toks[i] == "stop" && i+1 < m.start && (toks[i+1] == "it" || toks[i+1] == "my" || toks[i+1] == "the") {
			return false // "how do I stop it locking?"
		}
		if toks[i] == "that" && i+1 < s1 && (toks[i+1] == "my" || toks[i+1] == "it" || toks[i+1] == "it's") {
			return false // "is it bad that my knee locks?"
		}
		if toks[i] == "my" && m.start-i <= 3 {
			return false // "does my knee look swollen?"
		}
	}
	// "Is it meant to give way? It did twice today."
	if s1+3 < len(toks) {
		next := toks[s1+1:]
		for _, p := range [][]string{{"it", "did"}, {"it", "does"}, {"it", "has"}, {"yes"}, {"yeah"}, {"mine", "does"},
			{"mine", "did"}, {"it", "happened"}, {"happened"}, {"it", "keeps"}} {
			if hasPrefixTokens(next, p) {
				return false
			}
		}
	}
	return true
}

var modals = wordSet(`might could may will would shall gonna i'll it'll you'll we'll he'll she'll they'll that'll`)

var futureModals = wordSet(`will gonna i'll it'll you'll we'll he'll she'll they'll that'll`)

var modalFillers = wordSet(`probably likely possibly definitely surely eventually just even also then one day start
	starts to get become end up`)

// Words that make a modal an image or a hedge about now: "feels like it
// might give way", "I think it might lock".
var modalHedge = wordSet(`like feel feels felt feeling though think thinking reckon suspect guess`)

// inFuture reports a symptom as an event that may come ("it might swell",
// "I'll probably be limping after Sunday").
func inFuture(toks []string, s0, s1 int, m mention) bool {
	if negators[toks[m.start]] {
		return false // "the knee won't go straight": now
	}
	i := m.start - 1
	be := false
	for i >= s0 && m.start-i <= 5 && (modalFillers[toks[i]] || toks[i] == "be") {
		be = be || toks[i] == "be"
		i--
	}
	if i < s0 || !modals[toks[i]] {
		// "going to swell", "going to be limping"
		if i-1 >= s0 && toks[i] == "to" && toks[i-1] == "going" {
			i--
		} else {
			return false
		}
	} else if toks[i] == "would" && i == m.start-1 {
		return false // "it would lock every few steps": habit
	} else if be && !futureModals[toks[i]] && toks[i] != "going" {
		return false // "might be catching sometimes": a hedge about now
	}
	for k := i - 1; k >= s0 && k >= i-6; k-- {
		if clauseBreaks[toks[k]] {
			break
		}
		if modalHedge[toks[k]] || (toks[k] == "if" && k > s0 && toks[k-1] == "as") {
			return false
		}
	}
	// A habit, not a forecast: "if I sit long it will lock", "it'll give
	// way every few runs".
	a, b := m.start, m.end
	for a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]] {
		a--
	}
	for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
		b++
	}
	return !anyIn(toks[a:b], habitual)
}

// Habit markers: with these a modal tells what usually happens.
var habitual = wordSet(`if when whenever sometimes every always often occasionally randomly keeps times usually
	constantly each any`)

var watchFrames = [][]string{{"watch", "for"}, {"watch", "out", "for"}, {"look", "out", "for"}, {"looking", "out", "for"},
	{"keep", "an", "eye", "out", "for"}, {"keeping", "an", "eye", "out", "for"}, {"eye", "out", "for"}, {"watch", "if"},
	{"lookout", "for"}, {"look", "for"}, {"rule", "out"}, {"ruled", "out"}, {"ruling", "out"}, {"to", "exclude"},
	{"check", "for"}, {"checked", "for"}, {"checking", "for"}, {"test", "for"}, {"tested", "for"}, {"tests", "for"},
	{"screen", "for"}, {"red", "flags"}, {"warning", "signs"}, {"checklist"}, {"the", "rule"}, {"the", "rules"},
	{"warned", "about"}, {"warned", "me", "about"}}

var checkFrames = [][]string{{"check", "for"}, {"checked", "for"}, {"checking", "for"}, {"test", "for"},
	{"tested", "for"}, {"tests", "for"}, {"screen", "for"}}

// Answers after a listed symptom that say the runner has it.
var answeredYes = wordSet(`yes yeah yep yup definitely present some slight slightly mild bit`)

// Words that end a watch list: the runner speaks of themself again.
var watchStops = wordSet(`i i'm i've my mine it it's but`)

// inWatchList reports a mention in a list of things to look out for.
func inWatchList(toks []string, s0, s1 int, m mention) bool {
	for i := m.start - 1; i >= s0 && m.start-i <= 14; i-- {
		t := toks[i]
		if clauseBreaks[t] || (watchStops[t] && !(i > s0 && toks[i-1] == "that")) {
			return false
		}
		if anyPhraseAt(toks[:s1], i, watchFrames) {
			if anyIn(toks[m.end:min(s1, m.end+3)], answeredYes) {
				return false // "red flags: swelling yes"
			}
			if negatedAt(toks, i) {
				return false // "couldn't rule out a fracture"
			}
			if anyPhraseAt(toks[:s1], i, checkFrames) && !(i > s0 && toks[i-1] == "to") {
				// A check may find it: only a clear result rules it out.
				e := s1
				for e+1 < len(toks) && !sentenceBreaks[toks[e+1]] {
					e++
				}
				rest := toks[m.end:min(len(toks), e+1)]
				return anyIn(rest, clearWords) || anyIn(rest, negators)
			}
			return true
		}
	}
	return false
}

var beliefWords = wordSet(`worried worry worrying afraid scared feared fear fearing thought thinking expected expecting
	paranoid panicked convinced wondered imagined freaked hoping`)

// Words between a fear and the symptom that make the fear about a fact:
// "worried because it's swollen".
var beliefBreaks = wordSet(`because as since cos cause coz ,`)

var reassured = wordSet(`fine normal ok okay nothing just only held clear free straightened muscle tendon not no never
	doubt can same stable solid grand mark marks sleeve sock socks shoe shoes laces`)

var affirmed = wordSet(`confirmed indeed yes definitely worse actually going getting still more bigger again really`)

// fearLaidToRest reports "I was worried it might be a fracture but I can
// hop": a fear, then a but with reassurance.
func fearLaidToRest(toks []string, s0, s1 int, m mention) bool {
	belief := false
	for i := m.start - 1; i >= s0 && m.start-i <= 8; i-- {
		if clauseBreaks[toks[i]] {
			break
		}
		if beliefBreaks[toks[i]] {
			break
		}
		if beliefWords[toks[i]] {
			belief = true
			break
		}
	}
	if !belief {
		return false
	}
	for i := s0; i < m.start; i++ {
		if toks[i] == "i'm" || toks[i] == "am" || toks[i] == "still" || toks[i] == "now" {
			return false // "I'm worried it's a fracture but I can walk": a worry now
		}
	}
	b := -1
	for k := m.end; k < s1; k++ {
		if toks[k] == "but" || toks[k] == "though" || toks[k] == "however" {
			b = k
			break
		}
	}
	if b < 0 {
		if s1+1 < len(toks) && toks[s1+1] == "but" {
			b = s1 + 1
			s1 = b + 1
			for s1 < len(toks) && !sentenceBreaks[toks[s1]] {
				s1++
			}
		} else {
			return false
		}
	}
	after := toks[b+1 : s1]
	return anyIn(after, reassured) && !anyIn(after, affirmed)
}

// Short sentences or tails that deny what came before: "It never has.",
// "touch wood it hasn't", "None have.", "it's none of those".
var bareDenialFiller = wordSet(`it it's is has have had does did do was were not never yet so far there i tho though
	thankfully luckily touch wood lol ha haha , ! . though honestly really ever once happened none mine any`)

func bareDenial(ts []string) bool {
	if len(ts) == 0 || len(ts) > 7 || !anyIn(ts, negators) {
		return false
	}
	for _, t := range ts {
		if !bareDenialFiller[t] {
			return false
		}
	}
	return true
}

var noneWords = wordSet(`none neither`)

// deniedAfter reports a mention whose sentence's tail or next sentence is
// a bare denial.
func deniedAfter(toks []string, s1 int, m mention) bool {
	// Tail of this sentence after a clause break or comma.
	for k := m.end; k < s1; k++ {
		if toks[k] == "," || clauseBreaks[toks[k]] {
			if bareDenial(toks[k+1 : s1]) {
				return true
			}
		}
	}
	if s1+1 >= len(toks) {
		return false
	}
	e := s1 + 1
	for e < len(toks) && !sentenceBreaks[toks[e]] {
		e++
	}
	next := toks[s1+1 : e]
	if bareDenial(next) {
		return true
	}
	if len(next) <= 10 && anyIn(next, noneWords) && !slices.Contains(next, ":") && !anyIn(next, noneButWords) {
		return true // "I ticked none.", "It's none of those, just sore."
	}
	return false
}

// Verdicts that make a bare symptom word a general statement: "I know
// swelling is bad", "locking means stop".
var genericVerdicts = wordSet(`bad serious dangerous worrying concerning flag warning sign stop`)

var genericLeads = wordSet(`know knew heard read that say says said , :`)

// generalStatement reports "I know swelling is bad": a bare symptom word
// as the subject of a verdict, after a clause start or "know/heard that",
// in a sentence with nothing that ties it to now.
func generalStatement(toks []string, s0, s1 int, m mention) bool {
	if m.start > s0 && !genericLeads[toks[m.start-1]] && !clauseBreaks[toks[m.start-1]] {
		return false
	}
	if m.end+1 >= s1 {
		return false
	}
	switch toks[m.end] {
	case "is", "are", "means", "mean":
	default:
		return false
	}
	if anyIn(toks[s0:s1], nowMarkers) || anyPhrase(toks[s0:s1], nowPhrases) {
		return false
	}
	for k := m.end + 1; k < s1 && k <= m.end+3; k++ {
		if genericVerdicts[toks[k]] {
			return true
		}
	}
	return false
}

// nonAssertive reports whether mention m in the sentence toks[s0:s1] is
// not asserted by the runner.
func nonAssertive(toks []string, s0, s1 int, m mention) bool {
	if inCondition(toks, s0, s1, m) || inWatchList(toks, s0, s1, m) || fearLaidToRest(toks, s0, s1, m) ||
		disputedReport(toks, s0, s1, m) || genericYou(toks, s0, s1, m) || listAnsweredNo(toks, s1, m) ||
		otherSide(toks, s0, s1, m) || nearMissPassed(toks, s0, s1, m) || clearedTest(toks, s1, m) ||
		doubted(toks, s0, m) || fearChecked(toks, s0, s1, m) {
		return true
	}
	if m.immune {
		return false
	}
	return inQuestion(toks, s0, s1, m) || inFuture(toks, s0, s1, m) || deniedAfter(toks, s1, m) ||
		generalStatement(toks, s0, s1, m)
}

// Word sets of the rules above, built once rather than on every call.
var (
	noneButWords = wordSet(`else other besides apart except`)
)
