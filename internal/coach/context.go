package coach

import (
	"slices"
	"strings"
)

// Context rules: whole families of everyday talk in which a symptom word is
// present but is not the runner's red flag now. Each works on the
// normalised tokens of the whole message, so it holds for any wording of
// the symptom itself:
//
//   - a test that came back fine ("hop test fine", "scan to exclude a
//     clot; it was entirely normal");
//   - warmth from a treatment ("deep heat rub so it feels warm");
//   - pain that built within one run and eased after it ("worse for the
//     first mile then warmed up fine"), as opposed to week on week;
//   - a plateau ("not worse, not better, same as last week");
//   - a near miss ("nearly collided with a cyclist");
//   - a list of symptoms closed by "I have neither" or "none of those";
//   - reading or hearing about a symptom ("reading about hot joints");
//   - both calves heavy from tiredness ("calves felt heavy, just tired").
type msgContext struct {
	toks      []string
	sentOf    []int    // sentence index of each token
	cleared   [][2]int // [test, clear] token pairs: a test that came back fine
	treatment bool     // a heat treatment or rub is mentioned
	verdicts  []int    // where a clinician said it is nothing serious
	workLeft  int      // context work left for this message (bounds.go)
}

var clinicians = wordSet(`doctor doc docs gp physio physiotherapist consultant specialist surgeon podiatrist nurse
	osteo osteopath chiro chiropractor sports medic radiologist`)

var verdictVerbs = wordSet(`said says thinks thought reckons reckoned confirmed told tells reassured`)

var verdictWords = wordSet(`just only nothing fine not no normal ruled nowt merely simply`)

// clinicianVerdicts finds "the doc said it's just shin splints": a
// clinician, a verdict verb, and a reassuring word close after.
func clinicianVerdicts(toks []string) []int {
	var out []int
	for i, t := range toks {
		if !clinicians[t] {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if !verdictVerbs[toks[j]] {
				continue
			}
			for k := j + 1; k < len(toks) && k <= j+5; k++ {
				if verdictWords[toks[k]] {
					out = append(out, i)
					break
				}
			}
			break
		}
	}
	return out
}

func newMsgContext(toks []string, sents [][2]int) *msgContext {
	c := &msgContext{toks: toks, sentOf: make([]int, len(toks))}
	for i := range c.sentOf {
		c.sentOf[i] = -1
	}
	for si, s := range sents {
		for i := s[0]; i < s[1]; i++ {
			c.sentOf[i] = si
		}
	}
	for i, t := range toks {
		if (heatTreatments[t] || (i+1 < len(toks) && heatTreatmentPairs[t+" "+toks[i+1]])) && !negatedAt(toks, i) &&
			!(i > 0 && negatedAt(toks, i-1)) &&
			!anyIn(toks[max(0, i-4):i], simile) {
			// but "not from the heat pack" is no treatment, and "hot like
			// fire" a simile
			c.treatment = true
		}
	}
	c.cleared = clearedPairs(toks)
	c.verdicts = clinicianVerdicts(toks)
	return c
}

// Words that name a test or an examination.
var testWords = wordSet(`test tests tested testing scan scans scanned xray xrays ray rays mri ultrasound bloods doppler
	press pressed pressing prodded scare poked checked examined exam examination hopped hopping jumped jumping squeezed squeezing
	assessed assessment ct dexa density`)

// Words that say a test came back fine.
var clearWords = wordSet(`fine clear normal negative ok okay passed nothing nowt painfree unremarkable healthy`)

// Phrases that say a test came back fine.
var clearPhrases = [][]string{{"no", "problem"}, {"no", "problems"}, {"no", "pain"}, {"ruled", "out"}, {"all", "good"},
	{"no", "issue"}, {"no", "issues"}, {"pain", "free"}, {"without", "pain"}, {"without", "problem"}, {"without", "any"}, {"no", "bother"}}

// What may follow "fine" when it rates another activity, not the test
// ("hurts when I hop, fine walking").
var otherActivity = wordSet(`walking walk to otherwise at on sitting cycling swimming standing`)

// Words between a test and its "fine" that say the test hurt.
var hurtBetween = wordSet(`hurt hurts hurting hurted pain painful sore tender agony ache aches aching sharp worse kills
	killing ouch ow but though however although`)

// Words after which a clear result is about the other parts.
var elsewhereWords = wordSet(`rest else elsewhere otherwise everywhere`)

// clearedPairs finds each test followed within a few tokens by a clear
// result with no hurt word between them.
func clearedPairs(toks []string) [][2]int {
	var out [][2]int
	for t, w := range toks {
		if !testWords[w] {
			continue
		}
	scan:
		for c := t + 1; c < len(toks) && c <= t+14; c++ {
			if hasPrefixTokens(toks[c:], []string{"pain", "free"}) {
				out = append(out, [2]int{t, c})
				break
			}
			if hurtBetween[toks[c]] || elsewhereWords[toks[c]] {
				break // "…tender when I press, the rest ok": the rest is fine
			}
			if clearWords[toks[c]] {
				if c+1 < len(toks) && otherActivity[toks[c+1]] && toks[c] == "fine" {
					break
				}
				out = append(out, [2]int{t, c})
				break
			}
			for _, p := range clearPhrases {
				if hasPrefixTokens(toks[c:], p) {
					out = append(out, [2]int{t, c})
					break scan
				}
			}
		}
	}
	return out
}

// Heat treatments: warmth after one of these is not a hot joint.
var heatTreatments = wordSet(`rub rubs cream creams gel gels balm liniment ointment voltarol voltaren deepheat sauna jacuzzi
	fire fireplace heater sleeve brace wrap bandage blanket duvet sunbathing
	spa bath baths shower showers massage massaged wintergreen`)

var heatTreatmentPairs = wordSet2(`deep heat|heat pack|heat packs|heat pad|heat pads|heating pad|hot water|water bottle|hot tub|heat patch|heat wrap|tiger balm`)

func wordSet2(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, "|") {
		m[strings.TrimSpace(w)] = true
	}
	return m
}

// Signs of a hot joint that a treatment doesn't explain.
var hotSigns = wordSet(`red redness fever feverish fevers infection infected flu fluey shivery shivering shivers chills
	temperature temp hotter warmer glowing glows radiating`)

// Markers of a single run: worse within it is how pain behaves on a run,
// not the week-on-week worsening of coach-rules.
var withinRun = [][]string{{"during", "the", "run"}, {"during", "run"}, {"during", "my", "run"}, {"in", "the", "run"},
	{"mid", "run"}, {"midrun"}, {"as", "i", "ran"}, {"as", "the", "run"}, {"as", "i", "went"}, {"first", "mile"},
	{"first", "k"}, {"first", "km"}, {"first", "few"}, {"first", "couple"}, {"first", "kilometre"}, {"first", "kilometer"},
	{"warmed", "up"}, {"warming", "up"}, {"warmed", "into"}, {"once", "warm"}, {"once", "warmed"}, {"end", "of", "the", "run"},
	{"later", "in", "the", "run"}, {"after", "i", "stop"}, {"after", "i", "stopped"}, {"once", "i", "stopped"},
	{"when", "i", "stopped"}, {"time", "i", "stopped"}, {"after", "stopping"}, {"on", "the", "way", "home"},
	{"the", "further", "i"}, {"the", "longer", "i"}, {"as", "i", "kept"}, {"of", "the", "run"}, {"halfway"},
	{"half", "way"}, {"lap"}, {"laps"}, {"cool", "down"}, {"cooldown"}, {"track", "session"}, {"by", "the", "time"},
	{"middle", "of"}, {"for", "a", "bit"}, {"for", "a", "while"}, {"on", "the", "climb"}, {"climbing"}, {"on", "the", "flat"},
	{"over", "the", "run"}, {"during", "the"}, {"till", "i", "stopped"}, {"until", "i", "stopped"}, {"first", "2k"},
	{"first", "5k"}, {"first", "2"}, {"first", "3"}, {"last", "few", "miles"}, {"last", "few", "k"}, {"last", "few", "km"},
	{"of", "the", "marathon"}, {"of", "the", "race"}, {"of", "the", "half"}, {"the", "last", "mile"}, {"the", "last", "5k"}}

// Words that say pain which built within a run settled after it.
var acrossDays = wordSet(`week weeks weekly day days daily month months fortnight since lately recently`)

var settledWords = wordSet(`settled settles gone eased eases faded fine disappeared vanished calmed ok okay became`)

// Markers of days and weeks: with these, worse is worsening.
var acrossTime = wordSet(`week weeks weekly day days daily month months fortnight each every since lately recently runs
	sessions keeps kept despite rest rested still`)

var morningWords = [][]string{{"first", "thing"}, {"first", "few", "steps"}, {"out", "of", "bed"}, {"in", "the", "morning"},
	{"this", "morning"}, {"mornings"}, {"when", "i", "get", "up"}, {"when", "i", "got", "up"}}

var loosensWords = [][]string{{"then", "fine"}, {"once", "moving"}, {"once", "i", "get", "moving"}, {"once", "warm"},
	{"warms", "up"}, {"warmed", "up"}, {"loosens"}, {"loosened"}, {"eases"}, {"eased"}, {"wears", "off"}, {"wore", "off"},
	{"fine", "after"}, {"fine", "once"}, {"after", "a", "few", "minutes"}}

var betterThan = [][]string{{"but", "better", "than"}, {"better", "than", "yesterday"}, {"better", "than", "last"},
	{"if", "anything", "better"}}

// Rest or reduced running: no better despite them is worsening.
var restWords = wordSet(`despite rest rested resting off break stopped cut reduced halved eased backed`)

// Words that say things are level, not getting better or worse.
var plateau = [][]string{{"not", "worse"}, {"no", "worse"}, {"same"}, {"unchanged"}, {"no", "change"}, {"stable"},
	{"steady"}, {"not", "any", "worse"}}

// Near misses: "nearly collided", "almost fell".
var nearMiss = wordSet(`nearly almost narrowly near`)

// Words that make what follows a topic rather than a symptom.
var topicWords = [][]string{{"reading", "about"}, {"read", "about"}, {"reading", "up"}, {"read", "up"},
	{"googling"}, {"googled"}, {"heard", "about"}, {"learning", "about"}, {"article", "about"}, {"article", "on"},
	{"video", "about"}, {"video", "on"}, {"podcast", "about"}, {"podcast", "on"}, {"talk", "on"}, {"talk", "about"},
	{"researching"}, {"worried", "about", "getting"}}

// Closing phrases that deny the whole list before them.
var denyAll = [][]string{{"have", "neither"}, {"had", "neither"}, {"got", "neither"}, {"neither", "of", "those"},
	{"neither", "of", "these"}, {"neither", "of", "them"}, {"none", "of", "those"}, {"none", "of", "these"},
	{"none", "of", "them"}, {"none", "of", "that"}, {"none", "of", "the", "above"}, {"not", "any", "of", "those"},
	{"have", "none"}, {"had", "none"}, {"answer", "is", "no"}, {"answer", "was", "no"}, {"answer", "no"},
	{"said", "no"}, {"no", "on", "all"}, {"no", "to", "all"}, {"no", "for", "all"}, {"none", "of", "it"}}

var tiredWords = wordSet(`tired tiredness fatigue fatigued knackered exhausted shattered cooked wrecked drained pooped
	spent weary`)

// Symptom words that make a calf more than heavy.
var calfSigns = wordSet(`swollen swelling swelled puffy puffier puffed tender hard bigger fatter larger thicker wider
	chunkier rounder enlarged fat massive huge balloon ballooned bloated warm hot red clot dvt drum drumstick`)

// drop reports whether mention m, in the sentence toks[s0:s1], is ruled
// out by a context rule.
func (c *msgContext) drop(m mention, s0, s1 int) bool {
	toks := c.toks
	if nonAssertive(toks, s0, s1, m) || unassertedCondition(toks, s0, s1, m) || ownedElsewhere(toks, s0, s1, m) ||
		weakSense(toks, s0, s1, m) || decoySense(toks, s0, s1, m) || explainedSense(toks, s0, s1, m) {
		return true
	}
	calfSwelling := m.flag == FlagSwelling && anyIn(toks[s0:s1], calfWords)
	switch {
	case m.flag == FlagBonePain, m.flag == FlagCalfSwelling, m.flag == FlagHotJoint, calfSwelling:
		si := c.sentOf[m.start]
		for _, p := range c.cleared {
			a, b := c.sentOf[p[0]], c.sentOf[p[1]]
			// The test and its result are in this sentence, or one is
			// and the other in the next or previous one.
			if (a == si || b == si) && a >= si-1 && b <= si+1 &&
				!anyIn(toks[min(p[0], m.start):max(p[1]+1, m.end)], clauseBreaks) {
				return true
			}
		}
	}
	switch m.flag {
	case FlagBonePain, FlagCalfSwelling:
		si := c.sentOf[m.start]
		for _, v := range c.verdicts {
			if d := c.sentOf[v] - si; d >= -1 && d <= 1 {
				return true
			}
		}
	}
	c0, c1 := clauseOf(toks, s0, s1, m.start)
	switch m.flag {
	case FlagNumbness:
		if causedBy(toks, c0, c1, m, numbCauses) || tiredLegs(toks, s0, s1, m) {
			return true
		}
		// Laces loosened or retied: the commonest benign tingle.
		sent := toks[s0:s1]
		if anyIn(sent, laceWords) && !anyIn(sent, despiteWords) &&
			!anyIn(sent, laceTriggers) {
			return true
		}
	case FlagNightPain:
		if causedBy(toks, c0, c1, m, sleepCauses) || wokeForOther(toks, s0, s1, m) {
			return true
		}
	case FlagGivingWay:
		if tiredLegs(toks, s0, s1, m) {
			return true
		}
	case FlagTrauma:
		if simileTrauma(toks, s0, m) || anyPhrase(toks[m.end:s1], stayedUp) {
			return true
		}
	}
	switch m.flag {
	case FlagHotJoint, FlagSwelling, FlagNumbness:
		// "red itchy lump from a bite", "nettle sting tingling", "red
		// skin, got burnt": the skin's, not the joint's or a nerve's.
		for i := c0; i < c1; i++ {
			if skinCauses[toks[i]] && !(i > c0 && looksLike[toks[i-1]]) &&
				!anyIn(toks[c0:c1], hotSigns) && !anyIn(toks[c0:c1], outlasts) {
				return true
			}
		}
	}
	switch m.flag {
	case FlagHotJoint:
		causes := hotCauses
		if anyIn(toks[m.start:m.end], feverWords) {
			causes = feverCauses // "shivery and sweaty": both are the fever
		}
		if causedBy(toks, c0, c1, m, causes) {
			return true
		}
		if c.treatment && !anyIn(toks[m.start:m.end], hotSigns) && !anyIn(toks[c0:c1], hotSigns) {
			return true
		}
	case FlagCannotBearWeight:
		// Stiff first thing, fine once moving: the classic tendon morning,
		// not a limp.
		sent := toks[s0:s1]
		if anyPhrase(sent, morningWords) && anyPhrase(sent, loosensWords) {
			return true
		}
	case FlagWorsening:
		sent := toks[s0:s1]
		if anyPhrase(sent, betterThan) {
			return true // "worse than yesterday but better than Monday"
		}
		if m.immune && anyPhrase(sent, plateau) && !anyIn(sent, restWords) {
			return true // "not worse, not better, same as last week"
		}
		if (anyPhrase(sent, withinRun) || atDistance(sent)) && (!anyIn(sent, acrossTime) ||
			(!anyIn(sent, acrossDays) && anyIn(toks[m.end:s1], settledWords))) {
			return true // "worse every lap, settled overnight"
		}
		if turnedCorner(toks, s0, s1, m) {
			return true // "was worse last week, improving now"
		}
	case FlagTrauma:
		for i := max(s0, m.start-2); i <= m.start && i < m.end; i++ {
			if nearMiss[toks[i]] {
				return true
			}
		}
	case FlagCalfSwelling:
		span := toks[m.start:m.end]
		if !anyIn(span, calfSigns) && anyIn(span, heavyWords) {
			both := anyIn(span, bothCalves)
			if both || anyIn(toks[s0:s1], tiredWords) {
				return true // "calves felt heavy on the hills, just tired legs"
			}
		}
	}
	if c.pastResolved(m, s0, s1) || checkedNothing(toks, s0, s1, m) {
		return true
	}
	// "I have been reading about hot joints and locking knees": a topic,
	// up to a comma or the runner's own words.
	for i := m.start - 1; i >= s0; i-- {
		t := toks[i]
		if t == "," || t == "my" || t == "it" || t == "it's" {
			break
		}
		if anyPhraseAt(toks[:s1], i, topicWords) {
			return true
		}
	}
	// "the physio asked about giving way: no, never": a question the
	// runner answered no.
	if askedNo(toks, s0, s1, m) {
		return true
	}
	// "…and am pleased to say I have neither."
	for i := m.end; i < s1; i++ {
		if anyPhraseAt(toks[:s1], i, denyAll) {
			return true
		}
	}
	return false
}

// Skin troubles that explain redness, a lump or a tingle.
var skinCauses = wordSet(`bite bites bitten sting stings stung nettle nettles itchy itch itching itches rash blister
	blisters chafing chafe chafed sunburn sunburnt burnt burned graze grazed scratch scratched mosquito mosquitoes midge
	midges insect tattoo puddles puddle soaked`)

// Words that make what follows an image: "looks sunburnt".
var looksLike = wordSet(`looks look looking looked like feels feel felt as`)

// Words that say the pain itself: with one, waking is night pain.
var painWords = wordSet(`hurt hurts hurting pain painful pains sore ache aches aching achy throb throbs throbbing agony
	sharp twinge tender it it's`)

// Reasons to be awake that are not pain.
var wakeReasons = wordSet(`race flight alarm early thinking plan excited work shift train bus heat beat nerves nervous
	baby kids kid dog cat neighbour neighbours neighbor neighbors noise party jetlag toilet loo`)

// wokeForOther reports "woke up at 5am to beat the heat", "lay awake at
// 3am thinking about my race plan": awake, for a reason that isn't pain,
// in a part of the sentence that names no pain or body part.
func wokeForOther(toks []string, s0, s1 int, m mention) bool {
	a, b := m.start, m.end
	for a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]] {
		a--
	}
	for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
		b++
	}
	seg := toks[a:b]
	if anyIn(seg, painWords) || anyIn(seg, bodyParts) {
		return false
	}
	return anyIn(seg, wakeReasons) || anyIn(seg, sleepCauses)
}

func anyIn(toks []string, set map[string]bool) bool {
	for _, t := range toks {
		if set[t] {
			return true
		}
	}
	return false
}

func anyPhrase(toks []string, ps [][]string) bool {
	for i := range toks {
		if anyPhraseAt(toks, i, ps) {
			return true
		}
	}
	return false
}

func anyPhraseAt(toks []string, i int, ps [][]string) bool {
	for _, p := range ps {
		if hasPrefixTokens(toks[i:], p) {
			return true
		}
	}
	return false
}

// Past and resolved, for any flag: a resolution cue after the mention
// ("never again", "back to normal", "hasn't for 15 years", "rock solid
// since"), a past marker between the start of the mention's part of the
// sentence and the cue ("used to", "last winter", "after the marathon",
// "was"), and nothing tying it to now in between ("still", "today").
var resolvedCues = [][]string{{"been", "grand"}, {"grand", "ever"}, {"right", "as", "rain"}, {"years", "no", "problem"},
	{"years", "no", "problems"}, {"years", "no", "issues"}, {"never", "again"}, {"back", "to", "normal"}, {"all", "better"}, {"all", "good"},
	{"improving"}, {"rock", "solid"}, {"healed"}, {"settled"}, {"went", "down"}, {"gone", "down"}, {"nothing", "since"},
	{"not", "since"}, {"fine", "since"}, {"ok", "since"}, {"normal", "since"}, {"solid", "since"}, {"walking", "normally"},
	{"recovered"}, {"sorted"}, {"cleared"}, {"normal", "size"}, {"fine", "now"}, {"fine", "ever"}, {"good", "since"},
	{"no", "problems", "since"}, {"no", "issues", "since"}, {"grew", "out"}, {"fixed"}, {"never", "came", "back"},
	{"never", "come", "back"}, {"never", "returned"}, {"never", "recurred"}, {"everything", "ok"}, {"everything", "okay"},
	{"everything", "fine"}, {"now", "everything"}, {"is", "over"}, {"was", "over"}, {"is", "finished"}, {"finished", "now"}, {"fine", "for", "years"},
	{"fine", "for", "ages"}, {"ok", "for", "years"}, {"went", "away"}, {"gone", "away"}, {"long", "healed"},
	{"walking", "totally", "normally"}, {"walking", "totally", "fine"}, {"walking", "fine"}, {"walking", "normal"},
	{"solid", "for"}, {"good", "as", "new"}, {"good", "for", "years"}, {"fine", "for", "months"},
	{"long", "over"}, {"nothing", "like", "that"}, {"not", "been", "back"}, {"not", "come", "back"}, {"not", "returned"},
	{"not", "happened", "again"}, {"irrelevant"}, {"does", "not", "now"}, {"do", "not", "now"}, {"stable", "since"},
	{"better", "since"}, {"steady", "since"}, {"gone", "after"}, {"that", "was", "back"}, {"that", "was", "years"},
	{"that", "was", "ages"}, {"stopped", "once"}, {"stopped", "when"}, {"went", "when"}, {"gone", "when"}, {"heal", "good"}, {"heal", "well"}, {"healed", "good"}, {"totally", "ok"}, {"totally", "okay"},
	{"never", "since"}, {"now", "totally"}, {"now", "completely"}, {"now", "it", "heal"}, {"now", "healed"}, {"now", "it", "healed"}}

// weakCues resolve only a clearly distant past: "gave way once, fine now"
// and "fell last week, fine now" stay flags.
var weakCues = [][]string{{"fine", "now"}, {"all", "good"}, {"sorted"}, {"settled"}, {"cleared"}, {"went", "down"},
	{"gone", "down"}, {"fine", "ever"}, {"improving"}}

// nearPast markers are not distant enough for a weak cue.
var nearPast = wordSet(`once was were had reported after for last`)

// Verbs that, between "has not" and "since/for", make it a complaint
// ("hasn't settled for weeks") rather than a resolution.
var notResolving = wordSet(`settled improved healed eased gone got better cleared recovered changed stopped calmed
	been right`)

var pastMarkers = [][]string{{"used", "to"}, {"once"}, {"last", "week"}, {"last", "weekend"}, {"last", "month"},
	{"last", "winter"}, {"last", "spring"}, {"last", "summer"}, {"last", "autumn"}, {"last", "year"}, {"last", "season"},
	{"at", "uni"}, {"at", "school"}, {"at", "college"}, {"at", "university"}, {"as", "a", "kid"}, {"as", "a", "teenager"},
	{"as", "a", "child"}, {"years", "ago"}, {"years", "back"}, {"months", "ago"}, {"years", "before"}, {"year", "before"},
	{"year", "ago"}, {"month", "ago"}, {"weeks", "ago"}, {"week", "ago"}, {"months", "before"}, {"before", "my"}, {"before", "the"},
	{"before", "physio"}, {"before", "surgery"}, {"after", "surgery"}, {"after", "the"}, {"after", "my"}, {"for", "a", "day"},
	{"was"}, {"were"}, {"had"}, {"reported"}, {"in", "january"}, {"in", "february"}, {"in", "march"}, {"in", "april"},
	{"in", "may"}, {"in", "june"}, {"in", "july"}, {"in", "august"}, {"in", "september"}, {"in", "october"},
	{"in", "november"}, {"in", "december"}, {"on", "the", "flight"}, {"back", "in"}, {"in", "spring"},
	{"in", "summer"}, {"in", "autumn"}, {"in", "winter"}, {"over", "winter"}, {"mentioned"}, {"winters", "ago"},
	{"summers", "ago"}}

// cameBackAfter reports a return after toks[from:to] or just after it.
func cameBackAfter(toks []string, from, to int) bool {
	for k := from; k < len(toks) && k < to+8; k++ {
		if anyPhraseAt(toks, k, cameBack) && !negatedAt(toks, k) {
			return true
		}
	}
	return false
}

// Phrases after a resolution that say it came back.
var cameBack = [][]string{{"come", "back"}, {"came", "back"}, {"coming", "back"}, {"is", "back"}, {"it's", "back"},
	{"back", "again"}, {"returned"}}

// Words after a resolution that say it came back.
var recurred = wordSet(`again yesterday returned`)

var nowMarkers = wordSet(`today tonight still again currently now yesterday`)

var nowPhrases = [][]string{{"this", "morning"}, {"this", "week"}, {"this", "afternoon"}, {"this", "evening"},
	{"this", "run"}, {"last", "night"}, {"right", "now"}, {"at", "the", "moment"}}

func (c *msgContext) pastResolved(m mention, s0, s1 int) bool {
	toks := c.toks
	cue, weak := -1, false
	for k := m.end; k < s1 && cue < 0; k++ {
		if k > 0 && negators[toks[k-1]] {
			continue // "not improving", "never settled"
		}
		if toks[k] == "since" && k-3 >= m.end && anyIn(toks[k-3:k], negators) && !anyIn(toks[k-3:k], notResolving) {
			cue = k // "no locking since", "not once since"
			break
		}
		if anyPhraseAt(toks[:s1], k, resolvedCues) {
			cue, weak = k, anyPhraseAt(toks[:s1], k, weakCues)
			break
		}
		if settled, strong := nowSettled(toks[:s1], k); settled {
			cue, weak = k, !strong
			break
		}
		if (toks[k] == "has" || toks[k] == "have") && k+1 < s1 && toks[k+1] == "not" && (k+2 == s1 || toks[k+2] == ",") &&
			slices.Contains(toks[m.end:k], "since") {
			cue = k // "used to wake me, but since the heel drops it hasn't"
			break
		}
		if (toks[k] == "has" || toks[k] == "have" || toks[k] == "had") && k+1 < s1 && toks[k+1] == "not" {
			for j := k + 2; j < s1 && j <= k+5; j++ {
				if notResolving[toks[j]] {
					break
				}
				if toks[j] == "since" || toks[j] == "for" || toks[j] == "in" {
					cue = k
					break
				}
			}
		}
	}
	nowEnd := -1
	if cue < 0 {
		// "I fell on the ice years ago. Now it's recovered.": a cue that
		// opens the next sentence.
		// After a dated past ("gave way once in 2021 when I did my ACL."),
		// a strong cue anywhere in the next sentence: "Had surgery, did
		// the rehab, it's rock solid now."
		dated := false
		for i := s0; i < s1 && !dated; i++ {
			dated = yearMarker(toks, i)
		}
		for k := s1 + 1; k < len(toks) && (k <= s1+4 || dated) && !sentenceBreaks[toks[k]]; k++ {
			if anyPhraseAt(toks, k, resolvedCues) && !anyPhraseAt(toks, k, weakCues) && !negatedAt(toks, k) {
				cue = k
				break
			}
			if !openers[toks[k]] && !dated {
				break
			}
		}
		if cue < 0 {
			return false
		}
		nowEnd = s1
	}
	if nowEnd < 0 {
		nowEnd = cue
		// "now 20 years no problem": a "now" that opens the cue is its own.
		for nowEnd > m.end && (toks[nowEnd-1] == "now" || isNumber(toks[nowEnd-1])) {
			nowEnd--
		}
	}
	if anyIn(toks[m.start:nowEnd], nowMarkers) || anyPhrase(toks[m.start:nowEnd], nowPhrases) {
		return false
	}
	// "went away, now it's come back since Saturday", "…; it's back
	// this week": resolved, then returned.
	for k := cue; k < len(toks) && k < max(s1, nowEnd)+8; k++ {
		if anyPhraseAt(toks, k, cameBack) && !negatedAt(toks, k) {
			return false
		}
	}
	for k := cue; k < s1; k++ {
		if clauseBreaks[toks[k]] && anyIn(toks[k:s1], recurred) {
			return false // "fine for ages, but it went again yesterday"
		}
	}
	start := m.start
	for start > s0 && toks[start-1] != "," {
		start--
	}
	if !weak && !anyIn(toks[s0:nowEnd], nowMarkers) && !anyPhrase(toks[s0:nowEnd], nowPhrases) {
		// A strong cue resolves a past set anywhere earlier in the
		// sentence: "two years ago my calf was swollen, doctor said
		// clot, now everything ok".
		start = s0
	}
	for i := start; i < nowEnd; i++ {
		if yearMarker(toks, i) {
			return true
		}
	}
	for i := start; i < nowEnd; i++ {
		for _, p := range pastMarkers {
			if hasPrefixTokens(toks[i:nowEnd], p) && (!weak || !nearPast[p[0]]) {
				return true
			}
		}
	}
	return false
}

// yearMarker reports "in 2019" or "before 2 years" (for "2 years ago") at i.
func yearMarker(toks []string, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	if toks[i] == "in" && len(toks[i+1]) == 4 && (strings.HasPrefix(toks[i+1], "19") || strings.HasPrefix(toks[i+1], "20")) {
		return true
	}
	if toks[i] == "from" && len(toks[i+1]) == 4 && (strings.HasPrefix(toks[i+1], "19") || strings.HasPrefix(toks[i+1], "20")) {
		return true // "the sprain from 2019"
	}
	if toks[i] != "before" {
		return false
	}
	j := i + 2
	if toks[i+1] == "," {
		j++ // "before, three years"
	}
	return j < len(toks) && (toks[j] == "years" || toks[j] == "months" || toks[j] == "year")
}

// openers may start a sentence before its resolution cue ("Now is
// recovered", "but that's long over").
var openers = wordSet(`now is it it's that that's all but and totally completely since then`)

var calfWords = wordSet(`calf calves calfs calve`)

// atDistance reports "worse at 6k", "settled by 8k": a distance into the
// run marks a change within one run.
func atDistance(sent []string) bool {
	for i := 0; i+2 < len(sent); i++ {
		switch sent[i] {
		case "at", "by", "around", "after", "until", "till":
		default:
			continue
		}
		if sent[i+1] == "" || sent[i+1][0] < '0' || sent[i+1][0] > '9' {
			continue
		}
		switch sent[i+2] {
		case "k", "km", "kms", "mi", "mile", "miles", "kilometres", "kilometers":
			return true
		}
	}
	return false
}

// negatedAt reports a negator up to three tokens before i ("not from the
// heat pack").
func negatedAt(toks []string, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if negators[toks[k]] {
			return true
		}
	}
	return false
}

// Causes that explain a sensation as the treatment's, the kit's or the
// weather's, not a nerve's or a joint's: "numb from the ice pack", "the
// massage gun made my thigh buzz", "warm from the sun".
var (
	numbCauses = wordSet(`ice iced icing icepack icebath cold snow snowy frost frosty freezing frozen windchill chill chilly
		winter laces lace laced shoelaces shoes shoe trainers socks foam roller rolling massage gun tens machine gel cream rub
		spray bike saddle cycling turbo needling acupuncture compression sitting crossed cross kneeling toilet loo balm tiger
		menthol biofreeze deepheat liniment`)
	// What keeps a runner awake besides pain: "the baby wakes me at
	// night", "couldn't sleep from nerves".
	sleepCauses = wordSet(`nerves nervous excited excitement anxious anxiety caffeine coffee espresso heat humid humidity
		noise noisy baby babies kids kid toddler dog puppy cat storm thunder jetlag snoring neighbours neighbors
		thunderstorm thunderstorms storms flight party hotel mosquito mosquitoes stress worry worrying`)
	hotCauses = wordSet(`sun sunny sunshine degrees degree humid humidity heatwave weather tap gel cream rub sauna bath
		shower sweaty sweating dizzy scorcher ice iced icing icepack`)
	// Weather explains a sensation wherever it sits in the clause, unless
	// the runner names the joint as what is hot or numb.
	weather = wordSet(`sun sunny sunshine degrees degree humid humidity heatwave weather sweaty sweating scorcher cold
		snow snowy frost frosty freezing frozen windchill chilly`)
	// With these the sensation outlasts the cause: "still numb after I
	// loosened my laces".
	outlasts = wordSet(`still even despite yet`)
	// A cause after the symptom needs one of these before it.
	causeLinks = wordSet(`from with in on by because due thanks after was`)
	// Scanning for a cause after the symptom stops at a new event.
	causeStops = wordSet(`since when while i i'm i've fell fall slipped tripped , . but`)
)

// causedBy reports whether mention m, in the clause toks[c0:c1], is put down
// to a benign cause: one named before it in the clause ("ice bath made my
// feet go numb"), or after it behind a link word ("numb from the ice").
// A negated cause ("not from the heat pack") explains nothing.
func causedBy(toks []string, c0, c1 int, m mention, causes map[string]bool) bool {
	isCause := func(i int) bool {
		t := toks[i]
		if anyIn(toks[max(c0, i-5):i], simile) {
			return false // "feels like it's been in the sun": an image, not a cause
		}
		if t == "heat" {
			// "the heat", "heat index", "heatwave"; not "heat in the knee"
			return (i > 0 && (toks[i-1] == "the" || toks[i-1] == "deep")) || (i+1 < len(toks) && (toks[i+1] == "index" || toks[i+1] == "wave"))
		}
		return causes[t] && !negatedAt(toks, i)
	}
	if anyIn(toks[c0:c1], outlasts) {
		return false
	}
	for i := max(c0, m.start-8); i < m.start; i++ {
		if isCause(i) {
			return true
		}
	}
	owned := false // "knee very hot": the joint is named as what is hot
	for i := max(c0, m.start-3); i < m.start; i++ {
		owned = owned || bodyParts[toks[i]]
	}
	for k := m.end; k < c1 && k < m.end+8 && !owned; k++ {
		if weather[toks[k]] && causes[toks[k]] {
			return true
		}
	}
	for k := m.end; k < c1 && k < m.end+6; k++ {
		if causeStops[toks[k]] {
			break
		}
		if !causeLinks[toks[k]] {
			continue
		}
		for j := k + 1; j < c1 && j <= k+3; j++ {
			if isCause(j) {
				return !negatedAt(toks, k)
			}
		}
	}
	return false
}

// Words that put both legs' weakness down to the session: "jelly legs
// after the intervals", "couldn't feel my legs at the end of the 400s".
var effortWords = wordSet(`intervals interval reps rep 400s 800s 200s session workout race marathon ultra sprints
	hills tempo parkrun efforts double brick`)

var bothLegs = wordSet(`legs they both`)

// tiredLegs reports a wobble, weakness or numbness of both legs in a
// sentence that puts it down to tiredness or the session just done.
func tiredLegs(toks []string, s0, s1 int, m mention) bool {
	if !anyIn(toks[max(s0, m.start-4):min(s1, m.end+2)], bothLegs) {
		return false
	}
	sent := toks[s0:s1]
	return anyIn(sent, tiredWords) || anyIn(sent, effortWords) || anyPhrase(sent, [][]string{{"jelly", "legs"}, {"end", "of"}})
}

// Ways of saying a slip or a trip ended on one's feet.
var stayedUp = [][]string{{"not", "go", "down"}, {"not", "fall"}, {"not", "go", "over"}, {"not", "hit", "the"},
	{"caught", "myself"}, {"stayed", "upright"}, {"stayed", "up"}, {"kept", "my", "feet"}, {"kept", "my", "footing"},
	{"stayed", "on", "my", "feet"}, {"without", "falling"}, {"not", "come", "down"}, {"not", "actually", "fall"}}

// simileTrauma reports "feels like it's been kicked by a horse": a blow
// that is a figure of speech.
func simileTrauma(toks []string, s0 int, m mention) bool {
	if m.start < 1 || toks[m.start-1] != "been" {
		return false
	}
	for i := max(s0, m.start-5); i < m.start; i++ {
		if toks[i] == "like" || toks[i] == "if" || toks[i] == "though" {
			return true
		}
	}
	return false
}

// clauseOf returns the clause of toks[s0:s1] that holds token i.
func clauseOf(toks []string, s0, s1, i int) (int, int) {
	a, b := i, i
	for a > s0 && !clauseBreaks[toks[a-1]] {
		a--
	}
	for b < s1 && !clauseBreaks[toks[b]] {
		b++
	}
	return a, b
}

// Question frames: "asked about", "checked for", "asked if I had".
var askedFrames = [][]string{{"asked", "about"}, {"asked", "if"}, {"asked", "whether"}, {"asked", "me", "about"},
	{"asked", "me", "if"}, {"checked", "for"}, {"tested", "for"}, {"screened", "for"}, {"wanted", "to", "know", "about"},
	{"wanted", "to", "know", "if"}, {"questions", "about"}, {"ask", "about"}, {"asks", "about"}}

// askedNo reports a symptom named in someone's question and answered no
// right after it: "the GP asked about giving way, no, never had that".
func askedNo(toks []string, s0, s1 int, m mention) bool {
	asked := false
	for i := max(s0, m.start-5); i < m.start; i++ {
		if anyPhraseAt(toks[:m.start], i, askedFrames) {
			asked = true
		}
	}
	if !asked {
		return false
	}
	for k := m.end; k < s1 && k <= m.end+3; k++ {
		switch toks[k] {
		case "no", "nope", "never", "none", "negative", "nothing", "nah":
			return true
		}
	}
	return false
}

// Words between "now" and how it is: "now they are solid".
var nowFiller = wordSet(`they are it is it's feels feel feel seems seem all totally completely both my the knee knees
	ankle ankles leg legs foot feet`)

// How a part is now: solid, strong and stable say it no longer gives way
// or locks; fine, ok and good are weaker.
var (
	nowStrong = wordSet(`solid strong stable`)
	nowFine   = wordSet(`fine ok okay good great perfect grand normal`)
)

// nowSettled reports "now they are solid", "now it's fine" at k, and
// whether it is a strong resolution.
func nowSettled(toks []string, k int) (settled, strong bool) {
	if toks[k] != "now" {
		return false, false
	}
	for j := k + 1; j < len(toks) && j <= k+4; j++ {
		switch t := toks[j]; {
		case nowStrong[t]:
			return true, true
		case nowFine[t]:
			return true, false
		case !nowFiller[t]:
			return false, false
		}
	}
	return false, false
}

// Words that put a worsening in the past: "was worse", "got worse", "I
// thought it was getting worse".
var pastTrend = wordSet(`was were got thought seemed felt last`)

// Words after a past worsening that say it has since turned.
var turnedWords = [][]string{{"improving"}, {"getting", "better"}, {"better", "now"}, {"better", "since"},
	{"easing"}, {"eased"}, {"settled"}, {"settling"}, {"calmer"}, {"calmed"}, {"on", "the", "mend"},
	{"holding", "steady"}, {"steady", "now"}, {"gone", "now"}, {"much", "better"}, {"way", "better"},
	{"turned", "the", "corner"}, {"back", "to", "normal"}}

// turnedCorner reports a worsening told in the past tense that the same or
// the next sentence says has turned: "was worse last week, improving now",
// "I thought it was getting worse, but this week it's settled". A current
// worsening ("getting worse, not improving") keeps the flag.
func turnedCorner(toks []string, s0, s1 int, m mention) bool {
	past := false
	for i := max(s0, m.start-4); i < m.end; i++ {
		past = past || pastTrend[toks[i]]
	}
	if !past {
		return false
	}
	end := min(len(toks), s1+12)
	for k := m.end; k < end; k++ {
		if anyPhraseAt(toks[:end], k, turnedWords) && !negatedAt(toks, k) {
			return !anyIn(toks[k:end], turnedBack)
		}
	}
	return false
}

func isNumber(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// Checking for a symptom and what the check found.
var (
	checkForVerbs = wordSet(`check checked checking checks look looked looking looks feel felt feeling test tested testing compare compared comparing examine examined examining watch watched watching monitor monitored monitoring measure measured inspect inspected scan scanned`)
	foundNothing  = wordSet(`nothing none no identical same normal fine clear negative symmetrical symmetric equal matching nada zilch`)
)

// checkedNothing reports a symptom the runner checked for and did not
// find: "checked it against the other knee for puffiness, they look
// identical", "kept checking it for swelling all day but nothing".
func checkedNothing(toks []string, s0, s1 int, m mention) bool {
	f := -1
	for i := m.start - 1; i >= s0 && i >= m.start-4; i-- {
		if toks[i] == "for" {
			f = i
			break
		}
	}
	if f < 0 || !anyIn(toks[max(s0, f-7):f], checkForVerbs) {
		return false
	}
	for k := m.end; k < s1 && k <= m.end+10; k++ {
		if foundNothing[toks[k]] && !(k > 0 && toks[k-1] == "not") {
			return true
		}
	}
	return false
}

// Fever words, and what may explain them: not sweating, which goes with a
// fever.
var (
	feverWords  = wordSet(`shivery shivering shivers chills chilly fever feverish fevers fluey temperature temp`)
	feverCauses = func() map[string]bool {
		m := map[string]bool{}
		for w := range hotCauses {
			if w != "sweaty" && w != "sweating" {
				m[w] = true
			}
		}
		return m
	}()
)

// Bending to tie a lace is what sets a nerve symptom off, not its cause:
// "a current down to my foot when I bend to tie my lace".
var laceTriggers = wordSet(`bend bending bent bends stoop stooping stooped crouch crouching`)

// Word sets of the rules above, built once rather than on every call.
var (
	laceWords    = wordSet(`laces lace laced lacing shoelaces relaced retied tied tying`)
	despiteWords = wordSet(`even still despite`)
	heavyWords   = wordSet(`heavy heavier`)
	bothCalves   = wordSet(`calves legs both`)
	turnedBack   = wordSet(`worse again back`)
)
