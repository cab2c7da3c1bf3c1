package coach

import "strings"

// Weak cues: words that name a red flag's condition or look like a symptom
// but, on fresh text, are mostly something else. Each development set was
// scored before the detector was tuned to it; over the four largest
// (dev4–dev7, 1,974 reports) a condition's name ("stress fracture",
// "broken", "clot", "DVT") turned up in 31 non-red reports (fears, questions,
// scans to rule it out, friends' injuries, a clinician explaining what to
// look for) and in no red report where it was the only cue: a runner with a
// stress fracture or a clot also says what it does (one sore spot, hopping
// hurts, the calf is swollen). So a condition's name counts on its own only
// when it is asserted as the runner's: a finding ("the scan showed a stress
// reaction", "diagnosed with a DVT"), a clinician's opinion ("physio thinks
// it's a stress fracture"), or the runner saying they have it with no hedge
// ("I've got a stress fracture", "broke my toe", "it's broken"). Otherwise
// the symptom words beside it decide, and the one-tap check still asks.

// Words that make up a condition's name.
var conditionWords = wordSet(`stress fracture fractures fractured fracturing reaction reactions broken broke break
	clot clots blood dvt thrombosis hairline`)

// Plural names are talk about the condition in general ("stress fractures
// give you one sore spot"): only a finding makes them the runner's.
var conditionPlurals = wordSet(`fractures reactions clots`)

// Words that report a finding.
var findingWords = wordSet(`diagnosed diagnosis diagnose confirmed confirms confirm showed shows show revealed
	reveals found finds detected`)

// A clinician's opinion: "the physio thinks…", "doc suspects…".
var opinionWords = wordSet(`thinks think thought says said reckons reckoned suspects suspected suspect believes
	believe feels felt sure certain possible probable likely query suspicion`)

// Words that may sit between the runner's claim and the name ("I've got a
// small stress fracture").
var conditionFillers = wordSet(`a an the small tiny little hairline full proper definite definitely actual actually
	stress another new bad nasty`)

// Words just before the name that make it the runner's: "I have a…",
// "it's broken", "diagnosed with a…", "my stress fracture".
var conditionClaims = wordSet(`have has had got i've it's its is are with my gotten`)

// Hedges in the sentence before the name: the runner wonders, supposes,
// plans a check or thought so once; it is not a claim. A fear held now
// ("worried it's a stress fracture") is not among them: unless the runner
// lays it to rest (see fearLaidToRest), it counts, as coach-rules asks of a
// hedged mention.
var conditionHedges = wordSet(`thought wonder wondering wondered if whether might may could maybe perhaps possible
	possibly doubt doubting hope hoping hopefully check checking checked rule ruling ruled test testing tested scan
	xray mri ultrasound doppler what how can why when should would unless exclude excluded imagine imagined assume
	assumed like feared panicked convinced googled googling`)

// Fears, which are hedges once they are past: "I was scared it's broken".
var conditionFears = wordSet(`worried worry afraid scared fear fearing paranoid concerned nervous anxious
	panicking`)

// pastFear reports a fear the runner had ("I was worried", "had been
// scared") in toks.
func pastFear(toks []string) bool {
	for i := 1; i < len(toks); i++ {
		if conditionFears[toks[i]] {
			switch toks[i-1] {
			case "was", "were", "been":
				return true
			}
		}
	}
	return false
}

// Verbs of breaking: with a body part after them they are the runner's
// injury ("broke my toe", "fractured a metatarsal").
var breakVerbs = wordSet(`broke broken fractured fracture break`)

// unassertedCondition reports a mention made of a condition's name alone
// that the sentence toks[s0:s1] doesn't assert as the runner's.
func unassertedCondition(toks []string, s0, s1 int, m mention) bool {
	if m.flag != FlagBonePain && m.flag != FlagCalfSwelling {
		return false
	}
	span := toks[m.start:m.end]
	for _, t := range span {
		if !conditionWords[t] {
			return false
		}
	}
	c0, _ := clauseOf(toks, s0, s1, m.start)
	// A finding or a clinician's opinion before it in the sentence.
	clinician := false
	for i := s0; i < m.start; i++ {
		if findingWords[toks[i]] {
			return false
		}
		if clinicians[toks[i]] || toks[i] == "pod" || toks[i] == "ortho" || toks[i] == "orthopod" {
			clinician = true
		} else if clinician && opinionWords[toks[i]] {
			return false
		}
	}
	if anyIn(span, conditionPlurals) {
		return true
	}
	if s1 < len(toks) && toks[s1] == "?" {
		return true
	}
	if anyIn(toks[s0:m.start], conditionHedges) || pastFear(toks[s0:m.start]) {
		return true
	}
	// "worried about a clot": a fear held now.
	if anyIn(toks[s0:m.start], conditionFears) {
		return false
	}
	// "broke my toe", "fractured a metatarsal": a break named with the
	// part it broke.
	if breakVerbs[span[len(span)-1]] {
		for k := m.end; k < s1 && k <= m.end+3; k++ {
			if bodyParts[toks[k]] || boneNames[toks[k]] {
				return false
			}
			if !conditionFillers[toks[k]] && toks[k] != "my" && toks[k] != "left" && toks[k] != "right" {
				break
			}
		}
	}
	// "I've got a stress fracture", "it's broken", "foot is broken".
	for i := m.start - 1; i >= c0; i-- {
		if conditionClaims[toks[i]] {
			return false
		}
		if !conditionFillers[toks[i]] {
			break
		}
	}
	return true
}

// Bones a break may be named with.
var boneNames = wordSet(`bone bones tibia fibula metatarsal metatarsals femur navicular sesamoid pelvis toe toes
	wrist arm elbow rib ribs collarbone`)

// ---------------------------------------------------------------------------
// Who owns the symptom word. Most red-flag words have an everyday sense that
// belongs to something other than the runner's legs: hands puffed up in the
// heat, eyes swollen with hay fever, a face that went numb at minus twelve,
// a song stuck in one's head, a tent that collapsed, pacing that gets worse,
// headphones popped in. The word's owner is the nearest content word before
// it in its part of the sentence (its subject: "eyes all swollen", "the tent
// collapsed") or, failing that, just after it with no preposition between
// (its object: "popped my headphones in", "could not feel my face", "numb
// fingers"); "limping round the office" and "fell off my bike" name a
// place and a vehicle, not an owner. A leg, a joint or the runner
// keeps the mention; another body part or a thing drops it. Trauma keeps a
// body part of any kind (falling on one's hands is still a fall) and bone
// pain is left alone (a break is a break).

// Body parts that are not the legs: their swelling, redness or numbness is
// not a running red flag.
var nonLegParts = wordSet(`hand hands finger fingers thumb thumbs face eyes eye eyelid eyelids lip lips head nose ear
	ears stomach belly tummy gut ribs rib arm arms elbow elbows wrist wrists neck throat gums glands shoulder shoulders
	chest tongue jaw teeth cheeks cheek forehead nipples nipple armpit armpits`)

// Things that may own a symptom word: kit, places, food and drink, the
// run's numbers. With the things that may be a symptom verb's subject
// (see things) they make a mention not the runner's.
var ownerThings = wordSet(`vest buckle buckles tent song songs tune tunes music playlist podcast coffee tea cake
	cakes hotel office bakery cafe shop shops pacing form splits cadence sleep mood traffic plans plan signal wifi
	internet balloon balloons pint pints beer wine stock stocks market shares team club queue printer lid drawer
	window jar bag rucksack backpack umbrella hat jacket coat gloves sunglasses glasses`)

// Words skipped on the way to a symptom word's owner.
var ownerSkip = wordSet(`is are was were be been being am 's has have had gets get got getting go goes went gone
	going feels feel felt feeling looks look looked seems seem seemed all so very really totally completely quite
	a an the my his her their our your its bit little slightly kind of sort just up again always also both still
	too pretty proper properly absolutely well fully then now today and n & bright red swollen puffy numb tingly
	angry shiny warm hot sore tender stiff achy`)

// Adjectives with many everyday owners (a weak coffee, a hot day, a red
// face): they are the runner's red flag only when a leg or the sore part
// ("it") owns them, or the runner names no owner at all ("bit hot and
// pinkish"). Every weak-leg report in dev–dev8 names the leg.
var ownerlessAdjectives = wordSet(`weak weaker weakness hot red bloated bloating`)

// Words of the whole body: a leg must be named in the same breath.
var wholeBody = wordSet(`bloated bloating`)

// Words after a symptom word skipped on the way to its object.
var objectSkip = wordSet(`my the a an his her their our your left right both`)

// ownedElsewhere reports a mention whose owner is another body part or a
// thing.
func ownedElsewhere(toks []string, s0, s1 int, m mention) bool {
	if m.flag == FlagBonePain {
		return false
	}
	other := func(t string) bool {
		if m.flag == FlagTrauma {
			return ownerThings[t] || things[t]
		}
		return nonLegParts[t] || ownerThings[t] || things[t]
	}
	a, b := m.start, m.end
	for a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]] {
		a--
	}
	for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
		b++
	}
	// A lexicon mention may run from a leg to the symptom word over a gap
	// ("calf, just tight, hands puffed"): the owner is looked for before
	// the symptom word at its end.
	head := m.start
	if m.end-m.start > 2 && bodyParts[toks[m.start]] {
		head = m.end - 1
		for a = head; a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]]; a-- {
		}
	} else if anyIn(toks[m.start:m.end], bodyParts) {
		return false // "calf is swollen": a leg in the mention owns it
	}
	ambiguous := (m.flag == FlagNumbness || m.flag == FlagHotJoint || m.flag == FlagSwelling) && ownerlessAdjectives[toks[m.end-1]] &&
		!anyIn(toks[a:b], bodyParts) && !anyIn(toks[a:b], jointOrSkin)
	for i := head - 1; i >= a; i-- {
		t := toks[i]
		if ownerSkip[t] || (len(t) > 4 && strings.HasSuffix(t, "ly")) {
			continue // "it's weirdly hot"
		}
		// "the coffee in the hotel was so weak": a noun after a
		// preposition is no subject; the subject is before it.
		j := i - 1
		for j >= a && (possessives[toks[j]] || owners[toks[j]]) {
			j--
		}
		if j >= a && prepositions[toks[j]] && (other(t) || bodyParts[t] || !ownerSkip[t]) {
			i = j
			continue
		}
		if other(t) {
			return true
		}
		if bodyParts[t] || t == "it" || t == "it's" {
			return false
		}
		if ambiguous {
			return true // "the podcast was so weak", "I was hot"
		}
		break // the runner or anything else: the object decides
	}
	for k := m.end; k < b; k++ {
		t := toks[k]
		if objectSkip[t] {
			continue
		}
		return other(t)
	}
	return false
}

// ---------------------------------------------------------------------------
// Everyday senses a word takes from the words around it.

// Kinds of fever that are not a temperature: "hay fever", "cabin fever",
// "marathon fever has hit the office".
var feverKinds = wordSet(`hay cabin marathon race racing spring summer football soccer cup disco saturday swamp
	scarlet glandular yellow dengue gold jungle election olympic parkrun running club`)

// Nouns that name a swelling only as an image ("like a grapefruit", "the
// size of an egg", "ballooned"); on their own they are the fruit, the egg,
// the party balloons.
var imageNouns = wordSet(`grapefruit grapefruits balloon balloons orange oranges melon melons egg eggs plum plums`)

// Words before an image noun that make it an image.
var imageFrames = wordSet(`like size as into than resembles resembling looks`)

// Foot-skin troubles that explain a limp: "walking funny because of the
// blister".
var footSkinCauses = wordSet(`blister blisters toenail toenails nail nails corn corns verruca verrucas bunion bunions
	chafing chafed chafe callus calluses splinter`)

// Sounds a joint makes: on their own, painless and long-standing, they are
// not a red flag ("it pops every time I squat and always has, no pain").
var noiseWords = wordSet(`pop pops popped popping clunk clunks clunking clunked click clicks clicking clicked snap
	snaps snapping snapped crack cracks cracking crunch crunches crunching grind grinds grinding`)

// Words that make a joint's noise harmless: painless, or always so.
var harmlessNoise = [][]string{{"no", "pain"}, {"painless"}, {"harmless"}, {"always", "has"}, {"always", "have"},
	{"for", "years"}, {"since", "i", "was"}, {"does", "not", "hurt"}, {"did", "not", "hurt"}, {"pain", "free"},
	{"nothing", "to", "worry"}, {"benign"}, {"always", "done"}, {"like", "that", "for"}}

// Particles after "pop" that make it an errand: "popped into the bakery",
// "pop out for a coffee".
var popParticles = wordSet(`into in out over round around by down up to across back`)

// Sensations of instability that pass once warm: "felt a bit unstable for
// the first ten minutes, normal after the warm-up".
var instabilityWords = wordSet(`unstable instability wobbly wobbling wobbles shaky weak loose`)

var warmedUp = [][]string{{"warm", "up"}, {"warmed", "up"}, {"warming", "up"}, {"warmup"}, {"once", "warm"},
	{"after", "a", "few", "minutes"}, {"after", "a", "mile"}, {"after", "a", "k"}}

var settledNormal = wordSet(`normal fine ok okay strong solid stable good settled gone`)

// weakSense reports a mention whose word is used in an everyday sense.
func weakSense(toks []string, s0, s1 int, m mention) bool {
	span := toks[m.start:m.end]
	sent := toks[s0:s1]
	switch {
	case m.flag == FlagHotJoint && len(span) == 1 && span[0] == "fever":
		return m.start > s0 && feverKinds[toks[m.start-1]]
	case (m.flag == FlagSwelling || m.flag == FlagCalfSwelling) && len(span) == 1 && imageNouns[span[0]]:
		return !anyIn(toks[max(s0, m.start-3):m.start], imageFrames)
	case m.flag == FlagSwelling && len(span) == 1 && (span[0] == "fluid" || span[0] == "fluids"):
		// Fluid is a swelling only in a joint: "fluid on the knee", "feels
		// like fluid in there"; not a bottle's.
		return !anyIn(sent, bodyParts) && !anyIn(sent, insideJoint)
	case m.flag == FlagSwelling && allIn(span, wholeBody):
		a, b := m.start, m.end
		for a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]] {
			a--
		}
		for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
			b++
		}
		return !anyIn(toks[a:b], bodyParts)
	case m.flag == FlagCannotBearWeight && !m.immune:
		// The limp is the blister's, said in the same sentence.
		return anyIn(sent, footSkinCauses)
	case m.flag == FlagTrauma && len(span) == 1 && strings.HasPrefix(span[0], "pop") && m.end < s1 && popParticles[toks[m.end]]:
		// "popped into the bakery", unless a joint popped out or
		// something "went pop".
		if anyIn(toks[max(s0, m.start-3):m.start], bodyParts) || anyIn(toks[max(s0, m.start-3):m.start], popOwners) {
			return false
		}
		return m.end+1 < s1 && (possessives[toks[m.end+1]] || owners[toks[m.end+1]] || toks[m.end+1] == "for" || toks[m.end+1] == "to")
	}
	if (m.flag == FlagTrauma || m.flag == FlagLocking) && allIn(span, noiseWords) {
		return anyPhrase(sent, harmlessNoise)
	}
	if m.flag == FlagGivingWay && allIn(span, instabilityWords) {
		// Unstable early in the run, normal once warm.
		for k := m.end; k < s1; k++ {
			if anyPhraseAt(toks[:s1], k, warmedUp) && anyIn(toks[k:s1], settledNormal) {
				return true
			}
		}
	}
	return false
}

func allIn(toks []string, set map[string]bool) bool {
	for _, t := range toks {
		if !set[t] {
			return false
		}
	}
	return len(toks) > 0
}

// Word sets of the rules above, built once rather than on every call.
var (
	jointOrSkin = wordSet(`joint joints skin`)
	insideJoint = wordSet(`there inside joint joints kneecap cap`)
	popOwners   = wordSet(`it kneecap cap went go goes gone going`)
)
