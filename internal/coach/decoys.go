package coach

import (
	"regexp"
	"slices"
)

// Decoys: wordings that carry a red flag's word but, by how the sentence is
// built, say something else. Each rule is a mechanism, not a phrase: a
// right of way given, a limb that "will fall off", a word taken back as an
// autocorrect slip, a noise explained away, a comparison between two things
// rather than two times, a symptom owned by a named person ("Tom's
// Achilles"), a source that talks in general ("the article says"), a
// massage ball rolled under the foot, a stumble caught in time, a sunburn.
// Found on the tuning half of dev10.jsonl and checked on its other half.

// Words after "give way to" that keep it the knee's: "gave way to the
// left", "gave way to the inside".
var giveWayDirections = wordSet(`left right side inside outside in out under one sideways pain`)

// Sources that talk about symptoms in general.
var generalSources = wordSet(`article articles website websites site internet google googled leaflet leaflets book
	books video videos youtube podcast podcasts blog blogs forum forums nhs guide guides magazine research study
	studies paper papers chatgpt chatbot ai reddit post posts thread threads handout`)

// Verbs by which a source tells.
var sourceVerbs = wordSet(`says said say mentions mentioned warns warned explains explained lists listed reckons
	recommends recommended suggests suggested claims claimed talks talked describes described`)

// Words that take a word back: "swollen — sorry, sore, autocorrect".
var correctionWords = wordSet(`autocorrect autocorrected autocorrects autocorrecting autocorrection typo`)

// Words that explain a noise away: "heard a pop, turned out to be my gel".
var explainedAway = [][]string{{"turned", "out"}, {"turns", "out"}, {"it", "was", "just"}, {"it", "was", "only"},
	{"was", "just", "my"}, {"was", "just", "the"}, {"was", "only", "my"}, {"was", "only", "the"}}

// Words of time: a comparison with them is a trend ("worse than last week").
var comparedTimes = wordSet(`yesterday before last ever usual usually normal earlier it i this previous previously
	week weeks day days month months time times morning start beginning when then lately recently monday tuesday
	wednesday thursday friday saturday sunday weekend run runs session sessions first`)

// Things rolled under a sore foot or leg as massage.
var massageThings = wordSet(`ball balls bottle bottles roller rollers foam pin can cans stick tennis lacrosse golf
	spiky massage peanut`)

// What "caught" takes when a stumble is caught, not a joint.
var caughtObjects = wordSet(`myself himself herself me balance footing`)

// Figurative owners of a swelling: "my ego has swollen".
var figurativeOwners = wordSet(`ego pride confidence heart wallet inbox bank overdraft bill bills head budget
	mileage`)

// Sunburn explains a red, hot or puffy skin.
var sunburnWords = wordSet(`sunburn sunburnt sunburned burnt burned sunburns`)

// Words that keep a sunburnt part a joint's problem.
var infectionSigns = wordSet(`fever feverish infection infected pus shivery shivering chills temperature`)

// Words before "X is <part>" that make it a contraction rather than an
// owner: "it's knee", "mine's the knee".
var notOwnerNames = wordSet(`it that this there here what which who where mine pain problem issue worst one hurts
	hurt sore bit thing side trouble main culprit score answer place spot area left right and or but so then now
	today still also just only not`)

// Words around a limb that only "will fall off": a fall needs an object
// ("fell off my bike") or an ending that is not a figure of speech.
var fallOffVerbs = wordSet(`fall falls fell falling drop drops dropped dropping`)

// Common words one edit from a typo target: they are themselves, not a
// slip ("knee crunches" is not "knee crutches", "a tinge of pain" is not a
// tingle, "I was pooped" did not pop).
var nearTargetWords = wordSet(`crunch crunches crunched crunching crunchy pooped tinge tinges tinged tinkle tinkles
	tinkled lisping lisped bucked buckler needled`)

// Sitting still on a journey numbs a leg or a bottom.
var travelCauses = wordSet(`drive driving drove car flight plane train journey commute coach bus desk chair`)

// Words that make pins and needles a treatment: "dry needling".
var needleTreatments = wordSet(`needling acupuncture acupuncturist needled`)

// Words that check a joint for a sign: "checked my knee for locking".
var checkVerbs = wordSet(`checked checking check tested testing test examined examining assessed assessing looked
	scanned screened`)

// Results that clear such a check.
var checkClear = [][]string{{"all", "is", "fine"}, {"all", "fine"}, {"all", "clear"}, {"all", "normal"},
	{"all", "good"}, {"everything", "is", "fine"}, {"everything", "fine"}, {"everything", "normal"},
	{"nothing", "found"}, {"found", "nothing"}, {"is", "fine"}, {"are", "fine"}, {"was", "fine"}, {"were", "fine"},
	{"negative"}, {"passed"}, {"normal"}, {"no", "problem"}, {"no", "problems"}, {"fine"}}

// A run-of-the-mill sensation shaken off at once: "limp for 100 yards after
// the cramp, walked it off and ran home normally".
var shakenOff = [][]string{{"walked", "it", "off"}, {"ran", "it", "off"}, {"shook", "it", "off"},
	{"jogged", "it", "off"}, {"stretched", "it", "off"}, {"ran", "home", "normally"}, {"ran", "on", "normally"},
	{"walked", "normally"}, {"ran", "normally"}, {"back", "to", "normal"}, {"wore", "off"}, {"gone", "once"},
	{"went", "once"}, {"passed", "once"}}

// decoySense reports a mention whose word the sentence around it uses for
// something that is not the runner's red flag.
func decoySense(toks []string, s0, s1 int, m mention) bool {
	span := toks[m.start:m.end]
	sent := toks[s0:s1]
	// A correction after the word takes it back.
	for k := m.end; k < s1 && k <= m.end+6; k++ {
		if correctionWords[toks[k]] {
			return true
		}
		if toks[k] == "sorry" && k+1 < s1 && (toks[k+1] == "," || toks[k+1] == "i" || toks[k+1] == "meant") {
			return true
		}
	}
	// "the article says…": talk in general, up to the runner's own words.
	for i := s0; i < m.start; i++ {
		if generalSources[toks[i]] {
			for k := i + 1; k < m.start && k <= i+3; k++ {
				if sourceVerbs[toks[k]] && !anyIn(toks[k:m.start], firstPerson) {
					return true
				}
			}
		}
		if toks[i] == "according" && i+1 < m.start && toks[i+1] == "to" && i+3 < s1 &&
			(generalSources[toks[i+2]] || generalSources[toks[i+3]]) {
			return true
		}
	}
	if namedOwner(toks, s0, m) {
		return true
	}
	// "checked my knee for locking …, all is fine": a check the runner
	// passed.
	if m.start > s0 && toks[m.start-1] == "for" && anyIn(toks[max(s0, m.start-7):m.start], checkVerbs) {
		for k := m.end; k < s1; k++ {
			if anyPhraseAt(toks[:s1], k, checkClear) {
				return true
			}
		}
	}
	// "the bone scan": the test's name.
	if m.flag == FlagBonePain && len(span) == 1 && span[0] == "bone" && m.end < s1 && testWords[toks[m.end]] {
		return true
	}
	switch m.flag {
	case FlagGivingWay:
		// "had to give way to a herd of cows": the right of way.
		if len(span) == 2 && span[1] == "way" && m.end+1 < s1 && toks[m.end] == "to" {
			for k := m.end + 1; k < s1 && k <= m.end+3; k++ {
				if giveWayDirections[toks[k]] {
					return false
				}
			}
			return true
		}
	case FlagTrauma:
		// "my legs are going to fall off": no object, a limb the subject.
		if anyIn(span, fallOffVerbs) && span[len(span)-1] == "off" {
			end := m.end >= s1 || clauseBreaks[toks[m.end]] || toks[m.end] == "," || toks[m.end] == "lol"
			if end && anyIn(toks[max(s0, m.start-4):m.start], limbsOrThey) {
				return true
			}
		}
		// "heard a pop, turned out to be my gel bursting".
		if anyIn(span, noiseWords) || slices.Contains(span, "heard") {
			for k := m.end; k < s1; k++ {
				if anyPhraseAt(toks[:s1], k, explainedAway) {
					return true
				}
			}
		}
		// "rolled it on a frozen water bottle": massage, unless the
		// ankle rolled.
		if len(span) > 0 && (span[0] == "rolled" || span[0] == "rolling" || span[0] == "roll") &&
			!anyIn(toks[m.start:min(s1, m.end+3)], ankleRolled) {
			for k := m.end; k < s1 && k <= m.end+5; k++ {
				if massageThings[toks[k]] {
					return true
				}
			}
		}
	case FlagWorsening:
		// "the chafing is worse than the groin pain": two things, not two
		// times.
		if len(span) == 1 && m.end+1 < s1 && toks[m.end] == "than" {
			k := m.end + 1
			if objectSkip[toks[k]] || toks[k] == "that" {
				k++
			}
			if k < s1 && !comparedTimes[toks[k]] && !anyIn(toks[k:min(s1, k+3)], comparedTimes) {
				return true
			}
		}
	case FlagLocking:
		// "nearly went over but caught it in time", "caught myself".
		if len(span) == 1 && (span[0] == "caught" || span[0] == "catch") && m.end < s1 {
			n := toks[m.end]
			if caughtObjects[n] || (n == "my" && m.end+1 < s1 && caughtObjects[toks[m.end+1]]) {
				return true
			}
			if n == "it" && anyIn(toks[m.end:min(s1, m.end+4)], caughtInTime) {
				return true
			}
		}
	case FlagSwelling:
		// "my ego has swollen to twice its size".
		a, b := commaSegment(toks, s0, s1, m)
		if anyIn(toks[a:b], figurativeOwners) && !anyIn(toks[a:b], bodyParts) {
			return true
		}
	}
	switch m.flag {
	case FlagNumbness, FlagCannotBearWeight, FlagGivingWay:
		if m.immune {
			break
		}
		for k := m.end; k < s1; k++ {
			if anyPhraseAt(toks[:s1], k, shakenOff) {
				return true
			}
		}
	}
	if m.flag == FlagNumbness {
		c0, c1 := clauseOf(toks, s0, s1, m.start)
		if causedBy(toks, c0, c1, m, travelCauses) {
			return true
		}
		if slices.Contains(span, "needles") && anyIn(sent, needleTreatments) {
			return true
		}
	}
	switch m.flag {
	case FlagHotJoint, FlagSwelling:
		// "sunburnt the backs of my knees, bright red and hot".
		for i := s0; i < s1; i++ {
			if sunburnWords[toks[i]] && !(i > s0 && looksLike[toks[i-1]]) && !anyIn(sent, infectionSigns) {
				return true // "looks sunburnt" is an image
			}
		}
	}
	return false
}

// commaSegment returns the run of tokens around m up to a comma or clause
// break.
func commaSegment(toks []string, s0, s1 int, m mention) (int, int) {
	a, b := m.start, m.end
	for a > s0 && toks[a-1] != "," && !clauseBreaks[toks[a-1]] {
		a--
	}
	for b < s1 && toks[b] != "," && !clauseBreaks[toks[b]] {
		b++
	}
	return a, b
}

// namedOwner reports a mention after "<name>'s <part>" (normalised to
// "<name> is <part>") in its clause: "Coach said Tom's Achilles went with a
// pop". The runner's own words after the owner hand the clause back.
func namedOwner(toks []string, s0 int, m mention) bool {
	for i := m.start - 1; i > s0; i-- {
		t := toks[i]
		if clauseBreaks[t] || t == "," || firstPerson[t] {
			return false
		}
		if t == "is" && i+1 < len(toks) && bodyParts[toks[i+1]] && i+1 <= m.start {
			w := toks[i-1]
			if len(w) > 1 && isWord(w) && !notOwnerNames[w] && !bodyParts[w] && !firstPerson[w] &&
				!possessives[w] && !owners[w] && !thirdPerson[w] {
				return true
			}
		}
	}
	return false
}

func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// otherRatingRE finds ratings of things that are not pain: "mood 10/10",
// "effort 8/10", "energy: 3". They are masked before scores are read.
var otherRatingRE = regexp.MustCompile(`\b(?:mood|energy|vibes?|motivation|enjoyment|fun|happiness|confidence|effort|rpe|sleep|morale|spirits|hype|excitement|scenery|views?|weather|coffee|playlist|medal|stoke)\s*(?:is|was|at|:|=|-)?\s*(?:a\s+)?\d+(?:\.\d+)?(?:\s*(?:/|out of)\s*10\b)?` +
	// "10/10 vibes", "10/10 would recommend": the rating comes first.
	`|\b\d+(?:\.\d+)?\s*(?:/|out of)\s*10\s+(?:for\s+)?(?:the\s+)?(?:vibes?|would|weather|views?|banter|atmosphere|crowds?|support|cake|coffee|company|scenery|mood|fun|experience|event|course|medal|conditions|organisation|organization|recommend|sunrise|sunset)\b`)

// Words naming the pain itself, before a spelled score.
var painNouns = wordSet(`pain pains discomfort soreness hurt ache`)

// spelledAfterPain reports a spelled score right after a word naming the
// pain ("pain nil now", "pain's a four", "the ache is zero"), over the
// words allowed between a place and its score.
func spelledAfterPain(prev []string) bool {
	for i := len(prev) - 1; i >= 0 && i >= len(prev)-4; i-- {
		if painNouns[prev[i]] {
			return true
		}
		if !spelledAfter[prev[i]] {
			return false
		}
	}
	return false
}

// Word sets of the rules above, built once rather than on every call.
var (
	limbsOrThey  = wordSet(`legs feet arms leg foot they`)
	ankleRolled  = wordSet(`ankle ankles over`)
	caughtInTime = wordSet(`time before`)
)
