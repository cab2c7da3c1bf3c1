package coach

import (
	"regexp"
	"slices"
	"strings"
)

// Flag is a red-flag symptom. Any flag makes a pain report red whatever its
// score (coach-rules §1).
type Flag string

// The red flags, in the order advice lists them.
const (
	FlagSwelling         Flag = "swelling"
	FlagLocking          Flag = "locking"
	FlagGivingWay        Flag = "giving_way"
	FlagCannotBearWeight Flag = "cannot_bear_weight"
	FlagBonePain         Flag = "bone_pain"
	FlagNightPain        Flag = "night_pain"
	FlagHotJoint         Flag = "hot_joint"
	FlagNumbness         Flag = "numbness"
	FlagCalfSwelling     Flag = "calf_swelling"
	FlagTrauma           Flag = "trauma"
	FlagSevere           Flag = "severe_pain"
	FlagWorsening        Flag = "worsening"
)

var flagOrder = [...]Flag{
	FlagSwelling, FlagLocking, FlagGivingWay, FlagCannotBearWeight, FlagBonePain,
	FlagNightPain, FlagHotJoint, FlagNumbness, FlagCalfSwelling, FlagTrauma,
	FlagSevere, FlagWorsening,
}

// AllFlags returns every known flag in canonical order (a fresh slice).
func AllFlags() []Flag { return slices.Clone(flagOrder[:]) }

type flagInfo struct {
	plain  string
	why    string
	urgent bool
}

var flagInfos = map[Flag]flagInfo{
	FlagSwelling:         {"swelling", "a joint that fills with fluid is telling you something inside is irritated or hurt, and that needs a proper look", false},
	FlagLocking:          {"locking or catching", "a knee that locks or catches can mean something mechanical inside the joint, such as a torn cartilage", false},
	FlagGivingWay:        {"giving way", "a knee that buckles or feels unstable can mean a ligament or cartilage problem, and it can make you fall", false},
	FlagCannotBearWeight: {"trouble taking weight or limping", "if walking normally is hard, something more than a training niggle is going on", false},
	FlagBonePain:         {"pain on the bone", "sharp pain on one spot of a bone, or pain when you hop, can be a stress fracture; deep hip or groin pain that hurts to hop needs checking the same day", true},
	FlagNightPain:        {"pain at night or at rest", "pain that wakes you or nags while you rest is not the usual overuse pattern", false},
	FlagHotJoint:         {"a hot or red joint, or fever", "heat, redness or fever can mean infection, which needs treating quickly", true},
	FlagNumbness:         {"numbness, tingling or weakness", "these point to an irritated nerve rather than a tired muscle", false},
	FlagCalfSwelling:     {"a swollen or heavy calf", "a swollen, tender, heavy calf can be a blood clot, which needs checking today", true},
	FlagTrauma:           {"pain after a fall, twist or knock", "pain that started with an injury can hide a sprain, tear or fracture", false},
	FlagSevere:           {"severe pain (7/10 or more)", "pain this strong is past what training should ever cost you", false},
	FlagWorsening:        {"pain getting worse", "pain that keeps building despite rest or less running needs someone to look at it", false},
}

// Plain returns the flag in plain words for runners, e.g. "locking or
// catching". Unknown flags return their raw value.
func (f Flag) Plain() string {
	if fi, ok := flagInfos[f]; ok {
		return fi.plain
	}
	return string(f)
}

// Why returns one short sentence fragment saying why the flag matters.
func (f Flag) Why() string { return flagInfos[f].why }

// Urgent reports whether the flag needs urgent assessment (⚠ in
// coach-rules: bone_pain, hot_joint, calf_swelling).
func (f Flag) Urgent() bool { return flagInfos[f].urgent }

// Valid reports whether f is a known flag.
func (f Flag) Valid() bool { _, ok := flagInfos[f]; return ok }

// sortFlags deduplicates and orders flags canonically; unknown flags are
// dropped.
func sortFlags(in []Flag) []Flag {
	var out []Flag
	for _, f := range flagOrder {
		if slices.Contains(in, f) {
			out = append(out, f)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Detection
//
// The text is normalised (lower case, straight apostrophes, contractions
// expanded to "not", common typos of the key words corrected) and split into
// tokens. Rules (regular expressions over the space-joined tokens) find
// candidate mentions; each rule may carry vetoes for everyday phrases that
// only look like a symptom ("caught up with the group", "hot day", "pain
// kicked in"). A mention is then dropped when
//
//   - a negator ("no", "not", "never", "without", "nor", ...) governs it: the
//     negator's scope runs forward over filler words and over a list of
//     symptoms joined by or/and/nor/commas, and stops at anything else (a new
//     subject, a verb), so "no swelling or locking" negates both but
//     "not swollen and it locks" keeps the locking;
//   - a resolution follows it ("swelling is fine", "locking: none");
//   - it sits in a part of a sentence that is clearly in the past ("years
//     ago", "used to") and the sentence says it has resolved ("fine now").
//
// Sentences split on . ! ? ; and clauses on but/though/except/dashes, so a
// negation never crosses "but". Everything else fires: a hedged "maybe a bit
// swollen?" counts, because over-triage is the safe side.
// ---------------------------------------------------------------------------

type flagRule struct {
	flag   Flag
	re     *regexp.Regexp
	vetoes []*regexp.Regexp
	// anchor, when set, lets a lexicon rule skip reports that can't match.
	anchor *anchor
	// at, when set, runs a lexicon rule only where a match can start.
	at *tokenStart
	// lits, when set, are substrings one of which any match contains: a
	// cheap check before running the regular expression.
	lits []string
	// immune rules carry their own negation ("cannot walk", "not
	// improving"): outside negators don't cancel them.
	immune bool
}

func rule(f Flag, pattern string, vetoes ...string) flagRule {
	r := flagRule{flag: f, re: regexp.MustCompile(pattern), lits: requiredLiterals(pattern)}
	for _, v := range vetoes {
		r.vetoes = append(r.vetoes, regexp.MustCompile(v))
	}
	return r
}

func immuneRule(f Flag, pattern string, vetoes ...string) flagRule {
	r := rule(f, pattern, vetoes...)
	r.immune = true
	return r
}

var flagRules = []flagRule{
	// swelling
	rule(FlagSwelling, `\b(?:swollen|swelling|swelled|swell|swells|puffy|puffed|puffiness|balloon|ballooned|ballooning|grapefruit|effusion|fluid|water on (?:the|my) knee|(?:bigger|fatter|larger) than the other|lump|lumpy)\b`,
		`\bfluid (?:stride|motion|movement|running|form|intake|running form)\b`, `\b(?:smooth|nice|more|felt|feels|feel) (?:and )?fluid\b`),
	rule(FlagSwelling, `\bswole\b`, `\b(?:get|gets|getting|looking|look|looks) swole\b`),
	rule(FlagSwelling, `\blike an? (?:orange|melon|tennis ball|golf ball|egg|goose egg|cricket ball|plum)\b|\b(?:knee|ankle|joint|foot|it) (?:has |had |just |totally |completely )?(?:blew|blown|blowing|puffed) up\b|\b(?:knee|knees|ankle|joint|foot) (?:is |looks |feels |got |went )?(?:massive|huge|enormous|twice the size|double the size|fat)\b`),

	// locking
	rule(FlagLocking, `\b(?:lock|locks|locked|locking|catch|catches|catching|caught|stuck|jams|jammed|jamming)\b`,
		`\bcatch(?:es|ing)? (?:up|my breath|your breath|our breath|the|a|him|her|them|you|me|some|it on)\b`,
		`\bcaught (?:up|the|a|in|out|him|her|them|me|my breath|on)\b`,
		`\bstuck (?:at|in|with|on|to) (?:home|work|the office|the house|traffic|a plateau|plateau|the plan|my plan|the schedule|a desk|my desk|the treadmill)\b`,
		`\bstuck to\b`,
		`\block(?:ed|ing)? (?:the|my|our) (?:door|car|bike|phone|locker|keys)\b`,
		`\bjam(?:med)? (?:session|packed)\b`, `\block(?:ed)? in (?:a|my|the) (?:pb|pace|time|spot|place in)\b`),
	immuneRule(FlagLocking, `\b(?:cannot|unable to|will not|could not) (?:fully |quite |properly )?(?:straighten|bend|extend)\b`),

	// giving way
	rule(FlagGivingWay, `\b(?:give|gives|gave|giving|given) (?:way|out)\b|\b(?:buckle|buckles|buckled|buckling|unstable|instability|unsteady|wobbly|wobbles|wobbling|wobbled|collapse|collapses|collapsed|collapsing)\b|\bgave in\b|\b(?:went|goes|go|going) (?:out )?from under me\b|\bcannot trust (?:it|my knee|the knee|my leg)\b|\b(?:feels|felt|feel) loose\b`,
		`\bcollaps\w* in(?:ward|wards)?\b`, `\bgave out (?:the|medals|water|flyers|prizes|high)\b`, `\bunsteady (?:pace|pacing)\b`),

	// cannot bear weight
	immuneRule(FlagCannotBearWeight, `\b(?:cannot|unable to|not able to|can barely|can hardly|barely|hardly|impossible to|could not|could barely|could hardly) (?:even |really |actually |properly )?(?:put (?:any |much |full |my |the )?weight|bear (?:any |much |full |my )?weight|weight ?bear\w*|stand|walk\w*|take (?:any |much |full )?weight)\b`),
	rule(FlagCannotBearWeight, `\b(?:struggl\w* to|struggl\w* with|hard to|difficult to|painful to|too painful to|too sore to|hurts to|hurt to) (?:put (?:any |much |full |my |the )?weight|bear (?:any |much |full |my )?weight|weight ?bear\w*|stand|walk|walking|take (?:any |much |full )?weight)\b`,
		`\bwalk\w* (?:up|down) (?:the )?(?:stairs|steps|hills?)\b`, `\bwalk\w* (?:upstairs|downstairs)\b`, `\bstand (?:up )?(?:after|from) (?:sitting|a chair)\b`),
	rule(FlagCannotBearWeight, `\b(?:limp|limps|limping|limped|hobble|hobbles|hobbling|hobbled|crutch|crutches|non weight bearing|nonweight bearing)\b|\bweight bearing (?:is )?(?:painful|impossible|hard|difficult|agony|sore)\b|\bwalking (?:funny|with a limp|on one leg)\b`,
		`\blimp (?:home|back|to the finish|over the line)\b`),

	// bone pain
	rule(FlagBonePain, `\b(?:bone|bones|bony|shinbone)\b|\bpin ?point\w*\b|\bpoint tender\w*\b|\b(?:one|single|specific|small|tiny|exact|particular) (?:tender |sore |painful )?spot\b|\ba (?:tender|sore|painful) spot\b|\bstress (?:fracture|reaction)\w*\b|\bfractur\w*\b|\bbroken\b|\b(?:hurts?|hurting|pain\w*|sore|agony|kills|killing|sharp|aches?) (?:to|when|while|if|on|after) (?:i |i'm |i am |you )?hop(?:s|ped|ping)?\b|\bhop(?:s|ped|ping)? (?:on (?:it|that leg|that side|the leg|one leg|my (?:left|right|bad|sore) leg) )?(?:hurts|hurt|is painful|is sore|kills|is agony|is sharp|painful)\b|\bhop test\b`,
		`\bbone (?:dry|idle|broth|tired|weary)\b`, `\bfunny bone\b`, `\bto the bone\b`, `\bbone of contention\b`,
		`\bbroken (?:record|watch|garmin|shoe|shoes|shoelace|headphones|phone|treadmill|streak|sleep|up)\b`),
	immuneRule(FlagBonePain, `\b(?:cannot|unable to|not able to|could not) hop\b`),

	// night pain
	rule(FlagNightPain, `\b(?:wakes|woke|waking|wake|woken|waken) (?:me|me up|up at night|up in the night|up in pain|up with pain)\b|\b(?:keeps?|kept|keeping) me (?:up|awake)\b|\b(?:wake|wakes|waking|woke|woken) up (?:at |around |in )?(?:night|the night|the middle of the night|\d+ am|\d+ in the morning)\b|\bmiddle of the night\b|\b(?:all|through the|during the|throughout the) night\b|\bat night\b|\bin the night\b|\bnight ?(?:time )?(?:pain|ache|aching)\b|\bnighttime\b|\bin bed\b|\bat rest\b|\bwhen (?:i am |i'm )?resting\b|\bwhile resting\b|\beven (?:when )?resting\b|\brest(?:ing)? pain\b|\b(?:hurts?|aches?|throbs?|pain) (?:when|while) (?:lying|laying) (?:down|still)\b`,
		`\b(?:ran|run|runs|running|jog|jogs|jogging|jogged|session|training|train|trained|workout|race|raced|intervals|headtorch|headlamp)\b(?: \S+){0,4} at night\b`,
		`\bat night\b(?: \S+){0,3} (?:ran|run|runs|running|jog|jogging|training)\b`,
		`\bwake me up (?:at|for|early|before)\b`),
	immuneRule(FlagNightPain, `\b(?:cannot|unable to|not able to|could not|can barely|can hardly|hard to) (?:get to |fall )?(?:sleep|asleep)\b`),

	// hot joint / infection
	rule(FlagHotJoint, `\bhot\b`,
		`\bhot (?:day|days|weather|outside|out|afternoon|morning|evening|night|summer|sun|bath|baths|shower|showers|yoga|water|tub|spell|run|runs|race|conditions|humid|temps?|temperatures?|tip|take|chocolate|dog|drink|coffee|tea|pack|packs|spot|spots|pink|wheels?|favourite|favorite|sauce|and humid|and sunny|and sticky|out there|climate|country|topic)\b`,
		`\bit (?:was|is) (?:so |really |very |too |super |quite |pretty )?hot\b`, `\bit's (?:so |really |very |too |super |quite |pretty )?hot (?:out|today|outside)\b`,
		`\b(?:weather|day|sun|afternoon|morning) (?:was |is )?(?:so |really |very |too )?hot\b`, `\b(?:too|way too|super|so) hot (?:out|today|outside)\b`),
	rule(FlagHotJoint, `\b(?:warm|hot) to (?:the )?touch\b|\b(?:feels?|felt|feeling|looks?) (?:really |very |quite |a bit |kinda |kind of |slightly |a little )?warm\b|\bwarm and (?:red|swollen|puffy|angry)\b|\b(?:definitely|really|very|quite|bit|slightly|is|it's|knee is|joint is) warm\b|\bredness\b|\bred (?:and|/) (?:hot|warm|swollen|puffy|angry|inflamed)\b|\b(?:looks|looking|gone|went|turned|going|bit|quite|very|all|slightly) red\b|\bred (?:skin|knee|ankle|joint|patch|area|hot|and warm)\b|\bfever\w*\b|\b(?:a|high|running a|got a|have a) (?:temperature|temp)\b|\bshiver\w*\b|\bchills\b|\binfect\w*\b|\bhot (?:joint|knee|ankle)\b`,
		`\bwarm (?:today|out|outside|day|weather|morning|evening|afternoon|up|enough|weather)\b`),

	// numbness / nerve
	rule(FlagNumbness, `\b(?:numb|numbness|numbish|numbed|tingl\w*|pins and needles|weakness|weak|dead leg|foot drop|drop foot|electric\w*|shooting (?:pains? )?(?:down|into|through)|buzzing|lost (?:feeling|sensation))\b|\b(?:feels?|felt|going|gone|went|goes|go) dead\b|\b(?:going|goes|went|gone|keeps going|fell|falls) to sleep\b|\b(?:falls|fell|falling) asleep\b`,
		`\bweak (?:glutes?|hips?|core|quads?|muscles?|ankles?|hamstrings?|calf|calves|link|point|spot|side|week|runner|area|bum|butt|arches|feet|foot)\b`,
		`\b(?:glutes?|hips?|core|quads?|muscles?|hamstrings?|calves|bum|butt|arches|abductors?) (?:are |is |were |was |feel |feels |felt |being |seem |seems )?(?:really |so |very |quite |a bit |pretty |too |kinda |a little |super )?weak\b`,
		`\belectric (?:bike|car|blue|scooter|toothbrush)\b`),
	immuneRule(FlagNumbness, `\b(?:cannot|can barely|can hardly|could not) feel (?:my|the|it|anything|much)\b|\bno (?:feeling|sensation) in\b`),

	// calf clot (also derived from swelling near a calf mention; see detect)
	rule(FlagCalfSwelling, `\b(?:dvt|clot|clots|blood clot|thrombosis)\b|\b(?:heavy|swollen|puffy|swelling|swelled|hot) (?:calf|calves)\b|\b(?:calf|calves) (?:is |are |feels |feel |felt |looks |looking |getting |got |went |gone |seems |has )?(?:really |very |quite |a bit |kinda |slightly |all |so |become )?(?:(?:tight|sore|tender|achy|aching|hard|painful) and )?(?:heavy|swollen|puffy|swelling|swelled|swelled up|fat|massive|huge|tender and heavy|heavy and tender|tender and swollen)\b`),

	// trauma
	rule(FlagTrauma, `\bfell\b|\bfall(?:en|s)? (?:on|over|down|off|onto)\b|\b(?:a|the|my|bad|nasty|hard|big|heavy) (?:fall|tumble)\b|\btripped\b|\btrip(?:ped)? (?:over|on|up)\b|\bstumbl\w*\b|\btwist\w*\b|\brolled (?:my|the|it|an?|over)\b|\b(?:pop|pops|popped|popping)\b|\bcollision\b|\bcollided\b|\bcrashed (?:into|on|off)\b|\b(?:bike|car|cycling) crash\b|\bbanged\b|\bbashed\b|\bknocked\b|\bkicked\b|\bhit by\b|\bgot hit\b|\blanded (?:awkward\w*|badly|wrong|funny|weird\w*|on it|hard)\b|\bslipped\b|\bwent over on\b|\bsprain\w*\b|\bdislocat\w*\b|\bjarred\b|\b(?:snap|snapped|snapping)\b|\bfelt (?:a|something) (?:crack|tear|rip)\b|\btrauma\w*\b|\baccident\b|\btackled\b`,
		`\bfell (?:run|runs|race|races|running|runner|runners|shoes|shoe|top|walk|walking)\b`,
		`\bpop(?:ped|s)? (?:out|over|down|round|by|in|into|to|up) (?:for|to|the shops|a|at)\b`, `\bpop ?up\b`, `\bpopping (?:out|over|by|in) for\b`,
		`\bknocked (?:off|out) (?:a|the|my|\d|some|another)\b`, `\bslipped (?:in|into) (?:a|an|some|another)\b`,
		`\bkicked (?:in|off)\b`, `\bplot twist\b`, `\bfoam roll\w*\b`, `\brolled (?:it |them )?out\b`, `\btwist\w* (?:on|of) (?:the|a) (?:route|course|plan)\b`,
		`\bstumbl\w* (?:on|upon|across) (?:a|an|this|the|some)\b`),

	// severe
	rule(FlagSevere, `\b(?:excruciat\w*|unbearable|agony|agonis\w*|agoniz\w*|severe|worst pain|screaming|crippling|crippled|intense pain|extreme pain|horrendous|horrific)\b`,
		`\b(?:glutes?|legs?|lungs?|quads?|calves|hamstrings?) (?:were |are |was |is )?screaming\b`, `\bnot severe\b`),

	// worsening
	rule(FlagWorsening, `\bworse\b|\bworsen\w*\b|\bdeteriorat\w*\b|\bspreading\b|\bdespite (?:rest\w*|the rest|time off|taking|backing off|cutting|stopping|a break)\b|\beven (?:with|after) (?:rest\w*|time off|a week off|a break|stopping)\b`,
		`\bworse (?:when|whenever|on|going|during|if|uphill|downhill|up|down|climbing|walking|running|in the mornings?|mornings|first thing|at the start|with stairs|after sitting|after long|on stairs|than the other|than my other|than the left|than the right|then the other)\b`,
		`\bcould (?:be|have been|get) worse\b`, `\b(?:left|right) (?:is |one is |knee is |side is |leg is )?worse\b`,
		`\bworse (?:than|then) (?:the )?(?:left|right|other)\b`),
	immuneRule(FlagWorsening, `\b(?:not|no|never) (?:getting |any |really )?(?:better|improv\w*)\b|\bno improvement\b|\b(?:not|no) (?:settling|easing|settled)\b|\bnot (?:going|gone) away\b`),
}

// Words that negate what follows.
var negators = map[string]bool{
	"no": true, "not": true, "never": true, "without": true, "nor": true, "neither": true,
	"none": true, "nothing": true, "zero": true, "nil": true, "nope": true,
	// typed and dialect forms ("nothign" and the like are corrected to
	// "nothing" before this is read: typoExtra)
	"nothin": true, "nowt": true, "nada": true, "zilch": true,
}

var connectors = map[string]bool{"or": true, "and": true, "nor": true, "/": true}

// chainWords may sit between the items of a negated list ("no swelling or
// any real locking").
var chainWords = wordSet(`any a an the no not real really obvious obviously visible noticeable signs sign of even much
	pain pains ache aching soreness other further more major serious similar symptoms either
	knee knees kneecap ankle ankles calf calves shin shins hip hips foot feet leg legs joint joints thigh achilles heel`)

// leadWords may sit between a negator and the first symptom it negates
// ("not really swollen", "never had it lock", "no sign of swelling").
var leadWords = wordSet(`any a an the real really obvious obviously noticeable noticeably visible visibly much bit little
	sign signs of evidence major significant sort kind at all more further actual proper new sense feeling
	feel feels felt look looks looked seem seems seemed appear appears appeared is are was were be been being
	has have had having do does did get gets got getting gotten so too very that noticed notice see seen saw
	issue issues problem problems trouble complaints with from pain pains painful sore soreness ache aching
	it it's its i i've i'm my me longer again even yet currently anymore around there ever this time today now
	whatsoever like similar to serious symptom hint trace episodes episode instances symptoms experienced experiencing on in over around fall falls
	injury knee knees kneecap ankle ankles calf calves shin shins hip hips foot feet leg legs joint joints thigh achilles heel
	say said think thought reckon believe would could call tender sharp specific particular localised localized one single spot
	heavy heavier tight stiff
	clicking clicks click clunking popping pops grinding grinds crunching crunchy cracking bruising bruise bruised redness
	warmth stiffness tightness twinges twinge burning throbbing discomfort niggles niggle
	point definite definitely once hurt hurts hurting bother bothers bothering bug bugs wake wakes waking`)

// postGap words may sit between a symptom and a resolution after it
// ("swelling has totally gone", "locking: none").
var postGap = wordSet(`is are 's was were has have had been seems seem now totally completely all already also both pretty
	absolutely really basically : the from last week weekend yesterday earlier before in on my around of knee kneecap ankle joint
	feeling thing things stuff spring summer autumn winter`)

// Phrases after a symptom that say it is absent or resolved.
var postNegations = [][]string{
	{"fine"}, {"ok"}, {"okay"}, {"none"}, {"nope"}, {"nil"}, {"resolved"}, {"settled"}, {"cleared"},
	{"disappeared"}, {"absent"}, {"nothing"}, {"free"}, {"non", "existent"}, {"nonexistent"}, {"all", "good"}, {"went", "away"},
	{"gone", "away"}, {"not", "a", "problem"}, {"not", "an", "issue"}, {"not", "a", "concern"}, {"not", "present"},
	{"not", "there"}, {"not", "anymore"}, {"not", "any", "more"}, {"no", "longer"}, {"no", "problem"}, {"no", "issue"},
	{"no", "issues"}, {"a", "thing", "of", "the", "past"}, {"gone"}, {",", "probably", "not"}, {"it", "is", "not"}, {"it", "was", "not"}, {"they", "are", "not"}, {",", "prob", "not"},
	{",", "likely", "not"}, {"probably", "not"}, {",", "i", "do", "not", "think", "so"}, {"i", "do", "not", "think", "so"},
	{",", "i", "doubt", "it"}, {"down", "now"}, {"back", "to", "normal"}, {"i", "doubt", "it"}, {",", "doubt", "it"},
}

// Tokens that end a clause: negation never crosses them.
var clauseBreaks = wordSet(`but though although however except whereas apart - — – ( ) "`)

// Tokens that end a sentence.
var sentenceBreaks = wordSet(`. ! ? ; …`)

var (
	pastRE     = regexp.MustCompile(`\b(?:years?|yrs?|months?|decades?) ago\b|\b(?:last|this past|previous) (?:winter|spring|summer|autumn|fall|season|month|year)\b|\b(?:back )?in (?:the )?(?:spring|summer|autumn|winter)\b|\bat school\b|\bafter my (?:op|operation|surgery)\b|\b(?:years|ages|months) back\b|\bages ago\b|\blong (?:time )?ago\b|\blast year\b|\bas a (?:young |little )?(?:kid|child|teen|teenager|junior|youngster|lad|boy|girl|lass|student|schoolboy|schoolgirl)\b|\b(?:back in|last|in) (?:january|february|march|april|june|july|august|september|october|november|december)\b|\bwhen i was (?:a |younger|young|at school|in school|\d)|\bin (?:19|20)\d\d\b|\bused to\b|\bback in (?:19|20|the day|school|college|uni)|\bin (?:high school|college|university|uni|school)\b|\bold injury\b`)
	distantRE  = regexp.MustCompile(`\b(?:years?|yrs?|decades?) (?:ago|back)\b|\b(?:ages|long (?:time )?) ago\b|\blast year\b|\bas a (?:young |little )?(?:kid|child|teen|teenager|junior|youngster|lad|boy|girl|student)\b|\bin my (?:teens|twenties|thirties|forties|fifties|sixties|youth|20s|30s|40s|50s|60s)\b|\bwhen i was (?:a |younger|young|at school|in school|\d)|\bin (?:19|20)\d\d\b|\bat school\b|\bback in (?:19|20|the day|school|college|uni)|\bin (?:high school|college|university|uni|school)\b|\bold injury\b`)
	sinceRE    = regexp.MustCompile(`\b(?:since|ever since|never been right|never recovered|keeps|kept)\b`)
	recentRE   = regexp.MustCompile(`\b(?:today|yesterday|tonight|this (?:morning|week|afternoon|evening|run)|last (?:night|week|run|session)|again|still|currently|recently|lately|right now|days? ago|on my run)\b`)
	resolvedRE = regexp.MustCompile(`\b(?:fine|ok|okay|good|great|perfect|sorted|all good) (?:now|since|ever since|after that|afterwards|since then)\b|\bbeen (?:fine|ok|okay|good|great|perfect)\b|\bno (?:problems?|issues?|trouble|bother) since\b|\b(?:not|never) since\b|\bnothing since\b|\bfully (?:recovered|healed|better)\b|\brecovered\b|\bhealed\b|\bresolved\b|\bsince then (?:fine|ok|okay|good|all good|no)\b|\bnot (?:any ?more|anymore)\b|\bno longer\b|\bsorted\b|\b(?:went|gone) (?:down|away)\b|\bstopped\b|\bgone since\b|\bcleared(?: up)?\b|\bfixed\b|\bsettled\b|\b(?:totally|completely) fine\b|\bdisappeared\b|\bnow (?:it )?(?:is |it's )?(?:fine|ok|okay|good|all good|sorted)\b|\bnone since\b|\bno (?:dramas?|hassles?|probs|worries|recurrence|repeats?|episodes?|more) since\b|\b(?:long|has|have|is|all|now|completely|totally) gone\b|\bnothing like (?:that|it|then|before|last time)\b|\b(?:different|not the same) (?:from|to|than) (?:that|then|last time|before)\b`)
	// "has gone fat and squidgy": gone as a change for the worse, not away.
	goneBadRE = regexp.MustCompile(`\b(?:has|have|is|all|now|completely|totally) gone (?:all )?(?:fat|fatter|puffy|numb|red|hot|stiff|funny|weird|dead|squidgy|squishy|swollen|tight|hard|blue|purple|black|wonky|fuzzy|tingly|weak|floppy|wobbly)\b`)
	calfRE    = regexp.MustCompile(`\b(?:calf|calves|calfs|calve)\b`)
	regionRE  = regexp.MustCompile(`\b(?:knee|knees|kneecap|ankle|ankles|foot|feet|joint|joints|hip|hips|shin|shins|toe|toes|heel|heels|leg|legs|thigh|thighs|achilles|elbow|wrist|groin|back)\b`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// ---------------------------------------------------------------------------
// normalisation

var (
	apostropheRE = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "´", "'", "ʼ", "'", "“", `"`, "”", `"`, "…", " . ")
	hyphenRE     = regexp.MustCompile(`([a-z0-9])-+([a-z])`) // "swollen-ish", "5-a-side"; not "2-3" (a range)
	tokenRE      = regexp.MustCompile(`\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?|[.,;:!?/()"—–\-&+]|\n`)
	pinsRE       = regexp.MustCompile(`\bpins? (?:n|'n'|'n|n'|and|&|\+) needles\b`)
	cannotSeeRE  = regexp.MustCompile(`\bcannot (see|notice|spot|detect|find|tell)\b`)
	cannotFeelRE = regexp.MustCompile(`\bcannot feel (any)\b`)
	freeOfRE     = regexp.MustCompile(`\b(?:free of|free from|absence of|lack of)\b`)
	answeredNoRE = regexp.MustCompile(`\? (none|no|nope|nil|nothing|zero|negative|neither|never|not really|not at all)\b`)
	dashNoRE     = regexp.MustCompile(`[-–—:] (?:none|no|nope|nil|nothing|zero|negative|neither|never)(?: whatsoever| at all| of (?:it|them|those|these|that))?( [.,;!?]|$)`)
	noLongerRE   = regexp.MustCompile(`\bnot (?:any ?more|anymore)\b`)
)

var contractions = map[string]string{
	"can't": "cannot", "cant": "cannot", "cannot": "cannot", "cnt": "cannot", "carnt": "cannot",
	"won't": "will not", "wont": "will not", "ain't": "is not", "aint": "is not",
	"don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not", "didn't": "did not", "didnt": "did not",
	"isn't": "is not", "isnt": "is not", "aren't": "are not", "arent": "are not", "wasn't": "was not", "wasnt": "was not",
	"weren't": "were not", "werent": "were not", "hasn't": "has not", "hasnt": "has not", "haven't": "have not",
	"havent": "have not", "hadn't": "had not", "hadnt": "had not", "couldn't": "could not", "couldnt": "could not",
	"shouldn't": "should not", "shouldnt": "should not", "wouldn't": "would not", "wouldnt": "would not",
	"dosent": "does not", "dosnt": "does not", "doesent": "does not", "dosen't": "does not", "doesen't": "does not",
	"mustn't": "must not", "needn't": "need not", "neednt": "need not", "nothin": "nothing", "nah": "no", "nt": "not", "nae": "no",
	"&": "and", "+": "and", "dnt": "do not",
	"ive": "i've", "im": "i'm", "its": "it's", "it's": "it's",
}

// Canonical spellings the typo corrector may map a near miss onto (Damerau
// distance 1, same first two letters, six letters or more). Words that are a
// single edit away from ordinary English ("locked"/"looked",
// "swelling"/"spelling") are kept out, or guarded by the first-two-letters
// rule.
var typoTargets = []string{
	"swollen", "swelling", "swelled", "numbness", "tingling", "tingly", "buckled", "buckles", "buckling",
	"unstable", "collapsed", "collapsing", "limping", "worsening", "grapefruit", "balloon", "fracture",
	"feverish", "excruciating", "unbearable", "catching", "hobbling", "instability", "crutches", "twisted",
	"sprained", "achilles", "getting", "tripped", "popped", "wobbly", "locked", "locking", "limped", "stumbled",
	"twisted", "fever", "hopping", "gives", "giving", "collapse", "buckle", "tingle", "numbed", "fractured",
	"weight", "needles", "rolled", "worse", "stuck", "awake", "night", "limp",
}

var typoExtra = map[string]string{
	"swolen": "swollen", "swolled": "swollen", "swollon": "swollen", "swolln": "swollen", "sollen": "swollen",
	"swelin": "swelling", "swellin": "swelling", "sweling": "swelling", "sweeling": "swelling", "swellng": "swelling",
	"numbnes": "numbness", "numness": "numbness", "numbess": "numbness", "tinglin": "tingling", "tinglng": "tingling",
	"limpin": "limping", "lockin": "locking", "lokced": "locked", "lcoked": "locked", "lockd": "locked", "lockes": "locks",
	"buckld": "buckled", "givin": "giving", "gav": "gave", "wose": "worse",
	"nevr": "never", "neva": "never", "nver": "never", "tripd": "tripped", "tript": "tripped",
	"giveway": "give way", "gaveway": "gave way", "givesway": "gives way", "givingway": "giving way",
	"giveout": "give out", "gaveout": "gave out", "numbb": "numb", "tingles": "tingling", "wrse": "worse", "worsee": "worse",
	"sittin": "sitting", "walkin": "walking", "hoppin": "hopping", "lyin": "lying", "achin": "aching", "throbbin": "throbbing",
	"swollened": "swollen", "welling": "swelling", "gve": "gave", "twce": "twice", "nmbness": "numbness", "unstabel": "unstable", "instable": "unstable", "numbish": "numb",
	"wrose": "worse", "twistd": "twisted", "swoll": "swollen",
	"bettr": "better", "betta": "better", "bttr": "better", "btr": "better", "improvin": "improving", "easin": "easing",
	"settlin": "settling", "nothign": "nothing", "nothng": "nothing", "nuthin": "nothing",
	"hott": "hot", "loks": "locks", "lokcs": "locks", "loked": "locked", "swol": "swollen", "ankel": "ankle", "ova": "over", "herd": "heard",
	"gettin": "getting", "wors": "worse", "evry": "every", "runnin": "running", "n": "and", "nigt": "night", "nite": "night", "awak": "awake", "rolld": "rolled", "stcuk": "stuck", "wieght": "weight",
}

// commonWords are ordinary words one edit away from a symptom word: the
// typo corrector never turns one into the other ("looks" is not "locks").
var commonWords = wordSet(`looks looked looking looker lacks lacked lacking licks licked licking lucks locus locker lockers
	locket lockets lochs trapped trapping tripled tripper popper poppet poppers number numbers tinkling fewer hoping hoped
	hopper shopping topping swallow swiller swilled getting gelling setting letting wobble wobbles
	numbered lumbar limper limpet lamped blocked clocked docked mocked rocked socked twister twisters
	fractal popular hopped stopped stopping tripe tribe swells spelled smelled swelter worst worsen horse nurse
	weigh weighs height eight needless noodles roller rolls aware awoke stick stock stack struck stunk stuff nights
	lamp limb limo buckle`)

// runTogetherWords may be split out of a token they are glued into
// ("giveway", "cantwalk", "kneeswollen"); both halves must be listed.
var runTogetherWords = wordSet(`give gave gives giving given way lock locks locked locking swollen swelling swelled numb
	knee knees calf ankle foot leg legs cant cannot walk weight bear night pain hop hurt hurts woke wake keeps kept fell
	tripped twisted pins needles`)

func splitRunTogether(w string) (string, bool) {
	if len(w) < 6 {
		return "", false
	}
	for i := 3; i <= len(w)-3; i++ {
		a, b := w[:i], w[i:]
		if runTogetherWords[a] && runTogetherWords[b] {
			return correctWord(a) + " " + correctWord(b), true
		}
	}
	return "", false
}

var (
	// Emoji that say "no" ("❌ swelling").
	emojiRE = strings.NewReplacer("❌", " no ", "🙅", " no ", "🚫", " no ", "✖", " no ", "⛔", " no ", "✗", " no ")
	// List bullets end the item before them.
	bulletRE = strings.NewReplacer(" * ", "\n", "•", "\n", "·", "\n", "▪", "\n", "* ", "\n")
	// Dictated punctuation: "full stop", "comma", "question mark".
	dictatedRE = regexp.MustCompile(`\b(?:full stop|period|comma|question mark|exclamation (?:mark|point)|new (?:line|paragraph)|semi ?colon)\b`)
)

func dictated(s string) string {
	switch s {
	case "comma":
		return " , "
	case "question mark":
		return " ? "
	case "exclamation mark", "exclamation point":
		return " ! "
	case "semicolon", "semi colon":
		return " ; "
	}
	return " . "
}

func isTypoOf(w, target string) bool {
	if len(target) < 5 || len(w) < 5 || w == target || w[:2] != target[:2] {
		return false
	}
	return damerau1(w, target)
}

// damerau1 reports whether a and b are exactly one insertion, deletion,
// substitution or adjacent transposition apart.
func damerau1(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if i == la {
			return false
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

func correctWord(w string) string {
	if c, ok := contractions[w]; ok {
		return c
	}
	if c, ok := typoExtra[w]; ok {
		return c
	}
	if commonWords[w] || nearTargetWords[w] {
		return w
	}
	if s, ok := splitRunTogether(w); ok {
		return s
	}
	if len(w) >= 5 {
		for _, t := range typoTargets {
			if isTypoOf(w, t) {
				return t
			}
		}
	}
	return w
}

// normalize turns free text into space-separated lower-case tokens with
// contractions expanded and typos corrected.
func normalize(text string) []string {
	s := strings.ToLower(text)
	s = apostropheRE.Replace(s)
	s = emojiRE.Replace(s)
	s = bulletRE.Replace(s) // "* swollen: no * stable: yes": one item a line
	if quick.may(dictatedRE, s) {
		s = dictatedRE.ReplaceAllStringFunc(s, dictated)
	}
	s = quick.replace(hyphenRE, s, "$1 $2")
	s = quick.replace(hyphenRE, s, "$1 $2") // overlapping "a-b-c"
	raw := tokenRE.FindAllString(s, -1)
	out := make([]string, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if t == "\n" {
			out = append(out, ".")
			continue
		}
		if t == "(" && i+2 < len(raw) && raw[i+2] == ")" && raw[i+1][0] >= '0' && raw[i+1][0] <= '9' {
			i += 2 // "Dad (78)": an age, not a clause
			continue
		}
		if t == "can" && i+1 < len(raw) && raw[i+1] == "not" {
			out = append(out, "cannot")
			i++
			continue
		}
		if strings.HasSuffix(t, "n't") {
			if c, ok := contractions[t]; ok {
				out = append(out, strings.Fields(c)...)
			} else {
				out = append(out, strings.TrimSuffix(t, "n't"), "not")
			}
			continue
		}
		if head, ok := strings.CutSuffix(t, "'s"); ok && head != "it" && head != "let" {
			// "knee's swollen", "nothing's hot": the contraction, or a
			// possessive that reads the same to the rules.
			out = append(out, strings.Fields(correctWord(head))...)
			out = append(out, "is")
			continue
		}
		out = append(out, strings.Fields(correctWord(t))...)
	}
	j := strings.Join(out, " ")
	j = quick.replace(pinsRE, j, "pins and needles")
	j = quick.replace(cannotSeeRE, j, "not $1")
	j = quick.replace(cannotFeelRE, j, "not feel $1")
	j = quick.replace(freeOfRE, j, "without")
	j = quick.replace(noLongerRE, j, "no longer")
	j = quick.replace(answeredNoRE, j, ": none") // "swelling? none", "swelling? nah"
	j = quick.replace(dashNoRE, j, ": none$1")   // "swelling - none."
	return strings.Fields(j)
}

// ---------------------------------------------------------------------------
// matching

type mention struct {
	flag       Flag
	start, end int // token indexes, end exclusive
	immune     bool
}

// block is a run of tokens covered by one or more overlapping mentions.
type block struct {
	start, end int
	negated    bool
}

// DetectFlags returns the red flags mentioned in free text, in canonical
// order, ignoring negated ("no swelling", "never gave way", "swelling is
// fine") and clearly past-and-resolved mentions ("gave way once years ago,
// fine now"). Hedged mentions ("maybe a bit swollen?") fire. It does not add
// severe_pain for a numeric score: ParsePain and Triage do that.
//
// A swelling that belongs to the calf is reported as calf_swelling (the
// urgent clot warning) rather than joint swelling, unless a joint is named in
// the same breath ("knee and calf swollen" gives both).
func DetectFlags(text string) []Flag {
	return detectFlags(normalize(clip(text)), nil)
}

// detectFlags is DetectFlags on normalised tokens. When dropped is not nil
// it also gets the flags the rules saw mentioned and set aside in context
// (negated, past and resolved, someone else's, explained away…): the
// learned second opinion may not add those back (learned.go).
func detectFlags(toks []string, dropped *[]Flag) []Flag {
	flags, _ := detectFlagsWithin(toks, dropped, contextBudget)
	return flags
}

// detectFlagsWithin is detectFlags with the context rules' budget given
// (bounds.go); it also returns what is left of the budget.
func detectFlagsWithin(toks []string, dropped *[]Flag, budget int) ([]Flag, int) {
	if len(toks) == 0 {
		return nil, budget
	}
	joined, starts := joinTokens(toks)
	var vetoed []Flag
	vp := &vetoed
	if dropped == nil {
		vp = nil
	}
	mentions := findMentions(toks, joined, starts, vp)
	if dropped != nil {
		*dropped = vetoed
	}
	if len(mentions) == 0 {
		return nil, budget
	}
	var found []Flag
	sents := splitOn(toks, 0, len(toks), sentenceBreaks)
	ctx := newMsgContext(toks, sents)
	ctx.workLeft = budget
	// have holds the flags already found: a mention of one of them can add
	// nothing, so it is not weighed again (a report that says "hot" a
	// thousand times costs one look, not a thousand).
	have := map[Flag]bool{}
	// Work sentence by sentence.
	for _, sent := range sents {
		var sm []mention
		for _, m := range mentions {
			if m.start >= sent[0] && m.end <= sent[1] {
				sm = append(sm, m)
			}
		}
		if len(sm) == 0 || otherSubject(toks[sent[0]:sent[1]]) {
			continue
		}
		sentText := strings.Join(toks[sent[0]:sent[1]], " ")
		resolved := quick.match(resolvedRE, sentText) && !cameBackAfter(toks, sent[0], sent[1]) &&
			(!strings.Contains(sentText, "gone ") || quick.match(resolvedRE, goneBadRE.ReplaceAllString(sentText, "")))
		sentCalf := quick.match(calfRE, sentText)
		var prevNegated []Flag
		for _, cl := range splitOn(toks, sent[0], sent[1], clauseBreaks) {
			var cm []mention
			for _, m := range sm {
				if m.start >= cl[0] && m.end <= cl[1] {
					cm = append(cm, m)
				}
			}
			if len(cm) == 0 {
				// "knee isn't swollen but my calf is": an elliptical clause
				// asserts what the previous one denied.
				if len(prevNegated) > 0 && elliptical(toks[cl[0]:cl[1]]) {
					calf := quick.match(calfRE, strings.Join(toks[cl[0]:cl[1]], " "))
					for _, f := range prevNegated {
						if f == FlagSwelling && calf {
							f = FlagCalfSwelling
						}
						found = append(found, f)
						have[f] = true
					}
				}
				prevNegated = nil
				continue
			}
			fl, neg := clauseFlags(ctx, sent, cl[0], cl[1], cm, resolved, have, sentCalf)
			found = append(found, fl...)
			prevNegated = neg
		}
	}
	if dropped != nil {
		*dropped = append(setAside(mentions, found), vetoed...)
	}
	return sortFlags(found), ctx.workLeft
}

func joinTokens(toks []string) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(toks))
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(t)
	}
	return b.String(), starts
}

// tokenAt maps a byte offset in the joined string to a token index.
func tokenAt(starts []int, off int) int {
	i, found := slices.BinarySearch(starts, off)
	if found {
		return i
	}
	return i - 1
}

// findMentions finds the rules' mentions of red flags. When vetoedOut is
// not nil it also gets worsening if a veto phrase took a match of it ("my
// pace is getting worse every week"): the learned second opinion, which
// reads "getting worse every week" whoever's it is, may not add it back.
// Only worsening: for the other flags a veto took one phrase and the
// model's reading comes from others ("fell on the ice", "in bed doing
// nothing"), and tracking them lost those reds on the development sets.
func findMentions(toks []string, joined string, starts []int, vetoedOut *[]Flag) []mention {
	var out []mention
	var tokSet map[string]bool
	present := func(a *anchor) bool {
		if a == nil {
			return true
		}
		if tokSet == nil {
			tokSet = make(map[string]bool, len(toks))
			for _, t := range toks {
				tokSet[t] = true
			}
		}
		return a.present(tokSet, toks)
	}
	ruleCands := ruleStarts.candidates(toks)
	tt := newTokText(toks)
	wordsAt := wordStarts(joined)
	var vetoCands []candidate
	// A flag's lexicon vetoes run only once a rule has found a candidate
	// mention of it: most reports mention few flags.
	flagVetoes := map[Flag][][]int{}
	vetoesOf := func(f Flag) [][]int {
		if vs, ok := flagVetoes[f]; ok {
			return vs
		}
		if vetoCands == nil {
			vetoCands = vetoStarts.candidates(toks)
		}
		vs := [][]int{}
		rng := vetoRange[f]
		cs := candidatesOf(vetoCands, rng[0], rng[1])
		for j, v := range flagLexVetoes[f] {
			if v.at != nil {
				id := rng[0] + int32(j)
				k := 0
				for k < len(cs) && cs[k].id == id {
					k++
				}
				if k > 0 {
					vs = v.at.findAt(tt, starts, cs[:k], vs)
				}
				cs = cs[k:]
				continue
			}
			if !present(v.anchor) {
				continue
			}
			for _, l := range v.re.FindAllStringIndex(joined, -1) {
				vs = append(vs, trimSpan(joined, l))
			}
		}
		flagVetoes[f] = vs
		return vs
	}
	rc := ruleCands
	var spans [][]int
	// Rules in order, visiting only those that can match: a rule with
	// start candidates (rc is sorted by rule) and each rule without a
	// start index. Most of the rules have no candidate in a report.
	plain := plainRules
	for {
		var i int
		switch {
		case len(rc) > 0 && (len(plain) == 0 || rc[0].id < plain[0]):
			i = int(rc[0].id)
		case len(plain) > 0:
			i, plain = int(plain[0]), plain[1:]
		default:
			return out
		}
		r := &allRules[i]
		var locs [][]int
		if r.at != nil {
			k := 0
			for k < len(rc) && rc[k].id == int32(i) {
				k++
			}
			cs := rc[:k]
			rc = rc[k:]
			spans = r.at.findAt(tt, starts, cs, spans[:0])
			locs = spans
		} else {
			if !present(r.anchor) {
				continue
			}
			locs = quick.findAllAt(r.re, joined, wordsAt)
		}
		if len(locs) == 0 {
			continue
		}
		vetoed := slices.Clip(vetoesOf(r.flag))
		for _, v := range r.vetoes {
			vetoed = append(vetoed, quick.findAllAt(v, joined, wordsAt)...)
		}
	next:
		for _, l := range locs {
			if r.at == nil {
				l = trimSpan(joined, l)
			}
			if l[0] >= l[1] {
				continue
			}
			for _, v := range vetoed {
				if l[0] < v[1] && v[0] < l[1] {
					if vetoedOut != nil && r.flag == FlagWorsening && !slices.Contains(*vetoedOut, r.flag) {
						*vetoedOut = append(*vetoedOut, r.flag)
					}
					continue next
				}
			}
			out = append(out, mention{flag: r.flag, start: tokenAt(starts, l[0]), end: tokenAt(starts, l[1]-1) + 1, immune: r.immune})
		}
	}
}

// allRules are the hand-written rules followed by the lexicon's.
var allRules = append(append(slices.Clip(flagRules), lexRules...), lexRules10...)

// plainRules are the indexes in allRules of the rules without a start
// index (r.at), in order: findMentions runs each of them.
var plainRules = func() []int32 {
	var out []int32
	for i, r := range allRules {
		if r.at == nil {
			out = append(out, int32(i))
		}
	}
	return out
}()

// trimSpan drops the spaces a lexicon match may carry at either end.
func trimSpan(s string, l []int) []int {
	a, b := l[0], l[1]
	for a < b && s[a] == ' ' {
		a++
	}
	for b > a && s[b-1] == ' ' {
		b--
	}
	return []int{a, b}
}

// splitOn splits toks[from:to] on the break tokens, returning [start,end)
// pairs of the non-empty parts.
func splitOn(toks []string, from, to int, breaks map[string]bool) [][2]int {
	var out [][2]int
	s := from
	for i := from; i <= to; i++ {
		if i == to || breaks[toks[i]] {
			if i > s {
				out = append(out, [2]int{s, i})
			}
			s = i + 1
		}
	}
	return out
}

// clauseFlags resolves negation, resolution and the past for the mentions
// of one clause toks[from:to].
//
// have holds the flags found so far in the message, and gains the ones
// found here. A mention of a flag in have is skipped: all it could add is
// that flag again, kept or negated (an elliptical clause after a negated
// one asserts it: the same flag). A swelling may also give calf_swelling
// when its sentence names the calf (sentCalf), so there it is skipped only
// when both are had.
func clauseFlags(ctx *msgContext, sent [2]int, from, to int, ms []mention, sentenceResolved bool, have map[Flag]bool,
	sentCalf bool) (flags, negated []Flag) {
	toks := ctx.toks
	// Merge overlapping mentions into blocks.
	slices.SortFunc(ms, func(a, b mention) int { return a.start - b.start })
	var blocks []block
	blockOf := make([]int, len(ms))
	for i, m := range ms {
		if n := len(blocks); n > 0 && m.start < blocks[n-1].end {
			blocks[n-1].end = max(blocks[n-1].end, m.end)
		} else {
			blocks = append(blocks, block{start: m.start, end: m.end})
		}
		blockOf[i] = len(blocks) - 1
	}
	blockAt := map[int]int{}
	for i, b := range blocks {
		blockAt[b.start] = i
	}
	inBlock := func(i int) bool {
		for _, b := range blocks {
			if i >= b.start && i < b.end {
				return true
			}
		}
		return false
	}

	// pureListAhead: at a comma, do the following comma-separated parts read
	// as the rest of a list of symptoms ("…, tingling or weakness")?
	pureListAhead := func(comma int) bool {
		sawBlock, sawConn := false, false
		i := comma + 1
		first := true
		for i < to {
			j := i
			pure, hasBlock, hasConn := true, false, false
			for j < to && toks[j] != "," {
				switch {
				case inBlock(j):
					hasBlock = true
				case connectors[toks[j]]:
					hasConn = true
				case chainWords[toks[j]]:
				default:
					pure = false
				}
				j++
			}
			if !pure || (first && !hasBlock) {
				break
			}
			first = false
			sawBlock = sawBlock || hasBlock
			sawConn = sawConn || hasConn
			i = j + 1
		}
		return sawBlock && sawConn
	}

	const (
		idle = iota
		lead
		chain
	)
	st, leadN, afterConn := idle, 0, false
	for i := from; i < to; {
		if bi, ok := blockAt[i]; ok {
			blocks[bi].negated = st != idle
			if immuneOnly(ms, blockOf, bi) {
				// "cannot walk" asserts a symptom: it ends any negated list.
				blocks[bi].negated = false
				st = idle
			} else if blocks[bi].negated || tailNegated(toks, from, ms, blockOf, bi, blocks[bi].end) {
				// "never jammed or blocked": a negated list goes on.
				st = chain
			} else {
				st = idle
			}
			afterConn = false
			i = blocks[bi].end
			continue
		}
		t := toks[i]
		i++
		if negators[t] {
			st, leadN, afterConn = lead, 0, false
			continue
		}
		switch st {
		case lead:
			switch {
			case t == ",":
				if !pureListAhead(i - 1) {
					st = idle
				}
			case connectors[t]:
				afterConn = true
			case afterConn && chainWords[t], !afterConn && leadWords[t] && leadN < 6:
				leadN++
			default:
				st = idle
			}
		case chain:
			switch {
			case t == ",":
				if !pureListAhead(i - 1) {
					st = idle
				}
			case connectors[t], chainWords[t]:
			default:
				st = idle
			}
		}
	}

	// Resolutions after a symptom: "swelling is fine", "locking: none".
	for bi := range blocks {
		if blocks[bi].negated {
			continue
		}
		blocks[bi].negated = resolvedAfter(toks, blocks[bi].end, to, blockAt, blocks)
	}

	// Clearly past and resolved parts of the sentence.
	var pastSegs [][2]int
	// An injury years back is history, not the trauma flag, even when the
	// runner doesn't say it healed ("sprained it in my twenties"), unless
	// the sentence ties it to now.
	var oldInjury [][2]int
	sentText := strings.Join(toks[sent[0]:sent[1]], " ")
	for _, seg := range splitOn(toks, from, to, map[string]bool{",": true}) {
		txt := strings.Join(toks[seg[0]:seg[1]], " ")
		if sentenceResolved && quick.match(pastRE, txt) && !quick.match(recentRE, txt) {
			pastSegs = append(pastSegs, seg)
		}
		if quick.match(distantRE, txt) && !quick.match(recentRE, sentText) && !quick.match(sinceRE, sentText) {
			oldInjury = append(oldInjury, seg)
		}
	}

	segOf := func(i int) (int, int) {
		s, e := i, i
		for s > from && toks[s-1] != "," {
			s--
		}
		for e < to && toks[e] != "," {
			e++
		}
		return s, e
	}
	clauseText := strings.Join(toks[from:to], " ")
	clauseCalf := quick.match(calfRE, clauseText)
	clauseOther := quick.match(regionRE, quick.replace(calfRE, clauseText, ""))

	// The calf and other regions of each comma segment, read once per
	// segment however many swellings it holds.
	segRegions := map[int][2]bool{}
	var lastSeg [2]int // the segment found last: the mentions come in order
	var out []Flag
	keep := func(f Flag) {
		out = append(out, f)
		have[f] = true
	}
	for i, m := range ms {
		if have[m.flag] && (m.flag != FlagSwelling || have[FlagCalfSwelling] || !sentCalf) {
			continue
		}
		if ctx.ruledOut(m, from, sent[0], sent[1]) {
			continue
		}
		b := blocks[blockOf[i]]
		if (b.negated || locallyNegated(toks, from, m)) && !m.immune {
			negated = append(negated, m.flag)
			continue
		}
		past := false
		for _, p := range pastSegs {
			if m.start >= p[0] && m.end <= p[1] {
				past = true
			}
		}
		for _, p := range oldInjury {
			oldClot := m.flag == FlagCalfSwelling && anyIn(toks[m.start:m.end], clotWords)
			if (m.flag == FlagTrauma || oldClot) && m.start >= p[0] && m.end <= p[1] {
				past = true
			}
		}
		if past {
			continue
		}
		if m.flag == FlagSwelling && clauseCalf {
			if m.start < lastSeg[0] || m.start >= lastSeg[1] {
				lastSeg[0], lastSeg[1] = segOf(m.start)
			}
			s, e := lastSeg[0], lastSeg[1]
			sr, ok := segRegions[s]
			if !ok {
				seg := strings.Join(toks[s:e], " ")
				sr = [2]bool{quick.match(calfRE, seg), quick.match(regionRE, quick.replace(calfRE, seg, ""))}
				segRegions[s] = sr
			}
			segCalf, segOther := sr[0], sr[1]
			if segCalf || (!segOther && !clauseOther) {
				keep(FlagCalfSwelling)
				if !segOther {
					continue
				}
			}
		}
		keep(m.flag)
	}
	return out, negated
}

// locallyNegated catches a negator that the block scan can't see because
// it sits inside an overlapping, longer mention: inside this mention
// ("calf 1 it's not puffy"), or just before it ("not puffy" when "calf … puffy"
// started the block).
func locallyNegated(toks []string, from int, m mention) bool {
	// A negator that ends the mention is part of it ("doing nothing").
	for k := m.start + 1; k < m.end-1; k++ {
		if !negators[toks[k]] {
			continue
		}
		lead := true
		for j := k + 1; j < m.end-1; j++ {
			if !leadWords[toks[j]] && !chainWords[toks[j]] {
				lead = false
				break
			}
		}
		if lead {
			return true
		}
	}
	for i, n := m.start-1, 0; i >= from && n < 6; i, n = i-1, n+1 {
		switch t := toks[i]; {
		case negators[t]:
			return true
		case !leadWords[t]:
			return false
		}
	}
	return false
}

// Other people a runner may talk about: their symptoms are not the runner's
// red flags ("my husband's knee keeps giving way, mine's just achy").
var otherPeople = wordSet(`friend friends mate mates buddy buddies pal pals partner partners wife wifey husband hubby
	boyfriend girlfriend bf gf fiance fiancee spouse missus dog dogs puppy cat horse mum mom mother mam dad father son sons
	daughter daughters kid kids child children baby toddler brother bro sister sis nan gran granny grandma grandad grandpa
	uncle aunt auntie cousin niece nephew neighbour neighbor client clients colleague colleagues coworker teammate
	teammates clubmate clubmates someone somebody guy bloke girl woman man lady he she his him her hers runner runners
	cyclist cyclists people everyone everybody others flatmate housemate roommate coach pacer group oke okes boet boets bru
	fella fellas lad lads lass lasses chap chaps dude dudes bestie patient patients pupper doggo pup pups pooch puppies doggy
	student students athlete athletes player players opponent opponents bhai bhaiya didi aunty ouma oupa grandson
	granddaughter grandkids girls boys women men guys blokes stranger strangers lady's ladies gentleman labrador lab spaniel collie terrier greyhound
	whippet retriever poodle captain skipper freind freinds frend frends fella's teammate's
	laaitie laaities lightie bairn bairns wean weans kiddo kiddos sprog sprogs nipper nippers youngest eldest hubs club`)

// Things that may be the subject of a symptom verb: "my watch locked up",
// "the bridge has given way", "the race was a car crash".
var things = wordSet(`watch garmin phone app strava screen laptop computer battery gps bridge route path road fence gate
	door car bike race races pace splits segment times results result season plan schedule brain mind motivation
	treadmill belt machine tap kettle shower wheels ball knot everything weather sun headphones earphones earbuds
	insoles insole bottle flask zip zipper strap lace laces shoelace`)

// bodyParts end the search for a thing subject: the symptom is the body's.
var bodyParts = wordSet(`knee knees kneecap ankle ankles calf calves shin shins hip hips foot feet leg legs joint joints
	thigh achilles heel toe toes groin hamstring back`)

// Prepositions before "me" make it an object ("the guy next to me
// collapsed"), so walking back from a symptom goes on past it.
var objectOf = wordSet(`to with beside behind near past of for at by from passed overtook than`)

// Words that make a following person a figure of speech ("looks like
// somebody shoved a grapefruit under the skin").
var simile = wordSet(`like if though`)

// firstPerson marks the runner as the subject again.
var firstPerson = wordSet(`i i'm i've i'd i'll me my mine myself`)

// speechVerbs introduce what someone said about the runner ("my physio
// says it's swollen"): what follows is the runner's.
var speechVerbs = wordSet(`said says say saying thinks think thought reckons reckon told tells noticed notices pointed
	asked reckoned suspects suspected remarked remarks commented comments mentioned`)

// aboutSomeoneElse reports whether mention m (in a clause starting at from)
// is about another person: walking back from it within the comma-separated
// part, another person is named before the runner is.
func aboutSomeoneElse(toks []string, from int, m mention) bool {
	end := m.end
	if m.flag == FlagTrauma {
		end++ // "a dog knocked me"
	}
	for i := m.start; i < end && i < len(toks); i++ {
		if toks[i] == "my" && personAfter(toks, i+1, end+2) {
			continue // "the dog skittled my partner": the partner's fall
		}
		if toks[i] == "my" || (toks[i] == "me" && (m.flag == FlagTrauma || toks[i-1] == "for")) {
			return false // "a cyclist clipped me"; but "the cat woke me" is the cat
		}
	}
	// "my dog is limping and so am I": the runner too.
	for i := m.end; i+2 < len(toks) && i < m.end+4; i++ {
		if toks[i] == "so" && (toks[i+1] == "am" || toks[i+1] == "do" || toks[i+1] == "have") && toks[i+2] == "i" {
			return false
		}
	}
	// "went over on his ankle": the mention names someone else's body part.
	for i := m.start; i+1 < m.end; i++ {
		if (toks[i] == "his" || toks[i] == "her" || toks[i] == "their") && bodyParts[toks[i+1]] {
			return true
		}
	}
	// "can't bear weight on his foot": the body part is someone else's.
	for i := m.end; i < len(toks) && i < m.end+4; i++ {
		t := toks[i]
		if t == "," || t == "." || t == "my" || t == "me" || t == "i" {
			break
		}
		if (t == "his" || t == "her" || t == "their") && i+1 < len(toks) && bodyParts[toks[i+1]] {
			return true
		}
	}
	// "the crutches are my son's": the thing named belongs to someone else.
	for i := m.end; i < len(toks) && i < m.end+5; i++ {
		t := toks[i]
		if t != "are" && t != "is" && t != "were" && t != "was" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+2; j++ {
			if otherPeople[toks[j]] {
				return true
			}
		}
		break
	}
	// "the knee is escaping": a body part in the mention is the subject,
	// whatever thing came before it ("when I turn on the road").
	sawIt := anyIn(toks[m.start:m.end], bodyParts)
	for i := m.start - 1; i >= from; i-- {
		t := toks[i]
		switch {
		case t == ",":
			// "our coach is off with a hot knee, we think infection": a
			// part with no owner of its own goes on with the last one.
			return ownerCarries(toks, from, i, m.start)
		case t == "me" && i > from && objectOf[toks[i-1]]:
			continue
		case t == "mine" && i > from && toks[i-1] == "of":
			continue // "a client of mine"
		case t == "my" && i+1 < len(toks) && things[toks[i+1]]:
			continue // "the bridge on my route"
		case t == "it" || t == "it's" || bodyParts[t]:
			sawIt = true
		case things[t] && !sawIt && !(i > from && objectOf[toks[i-1]]) && !(i > from+1 && objectOf[toks[i-2]]):
			return true // "the race was a car crash", "my watch locked up"
		case speechVerbs[t] && i > from && toks[i-1] == "we":
			i-- // "we think infection": a guess about whoever came before
		case firstPerson[t], speechVerbs[t]:
			return false
		case otherPeople[t] || animals[t]:
			return i == from || !simile[toks[i-1]]
		}
	}
	return false
}

// ownerCarries reports whether the comma part before the one at comma
// (which holds the mention starting at end) is about another person, and
// this one names nobody else: no runner, no body part, and no "it" unless
// the other person's body part came before it.
func ownerCarries(toks []string, from, comma, end int) bool {
	a := comma
	for a > from && toks[a-1] != "," {
		a--
	}
	// "it" is the other person's body part when one was named before it.
	itsTheirs := anyIn(toks[a:comma], bodyParts)
	for i := comma + 1; i < len(toks) && (i < end || toks[i] != "," && !sentenceBreaks[toks[i]]); i++ {
		t := toks[i]
		if firstPerson[t] || bodyParts[t] || otherPeople[t] || (t == "it" || t == "it's") && !itsTheirs {
			return false
		}
	}
	i := a
	for i < comma && (toks[i] == "my" || toks[i] == "our" || toks[i] == "the" || toks[i] == "a" || toks[i] == "and" || toks[i] == "so") {
		i++
	}
	if i >= comma || !otherPeople[toks[i]] && !animals[toks[i]] {
		return false
	}
	for _, t := range toks[i+1 : comma] {
		if firstPerson[t] || speechVerbs[t] {
			return false
		}
	}
	return true
}

// personAfter reports another person or an animal within two tokens from
// i (before end): "my running buddy", "my little boy".
func personAfter(toks []string, i, end int) bool {
	for j := i; j < len(toks) && j < end && j < i+2; j++ {
		if otherPeople[toks[j]] || animals[toks[j]] {
			return true
		}
	}
	return false
}

// Third-person pronouns that keep a sentence about someone else.
var thirdPerson = wordSet(`he she him her his hers they them their he's she's`)

// Words that put the runner in a sentence.
var runnerWords = wordSet(`i i'm i've i'd i'll me my mine myself we we're us our`)

// otherSubject reports a sentence about another person or an animal from
// start to end: it opens with them ("Dad (78) was woken at night…", "my
// wife had the knee op…", "vet says the dog's paw is hot"), goes on with
// he/she/him/her, and never names the runner.
func otherSubject(sent []string) bool {
	i := 0
	for i < len(sent) && (sent[i] == "my" || sent[i] == "our" || sent[i] == "the" || sent[i] == "a" || sent[i] == "so" || sent[i] == "and") {
		i++
	}
	if i >= len(sent) || !otherPeople[sent[i]] && !animals[sent[i]] && sent[i] != "vet" && sent[i] != "vets" {
		return false
	}
	// An animal never reports for the runner: "Dog pulled up lame, vet
	// says a sprained paw" is the dog's whole sentence.
	third := animals[sent[i]]
	for k, t := range sent {
		if runnerWords[t] && !(k < i) {
			return false
		}
		third = third || thirdPerson[t]
	}
	return third
}

// elliptical reports whether a short clause ends in a bare auxiliary, as in
// "but my calf is" or "but the other one does".
func elliptical(toks []string) bool {
	if len(toks) == 0 || len(toks) > 6 {
		return false
	}
	switch toks[len(toks)-1] {
	case "is", "are", "does", "do", "has", "have", "did", "was", "were", "too", "it's":
		return true
	}
	return false
}

func resolvedAfter(toks []string, i, to int, blockAt map[int]int, blocks []block) bool {
	for steps := 0; i < to && steps < 8; steps++ {
		t := toks[i]
		switch {
		case postGap[t]:
			i++
			continue
		case connectors[t]:
			// only a list of symptoms may continue: "swelling and locking are fine"
			j := i + 1
			for j < to && (toks[j] == "the" || toks[j] == "any") {
				j++
			}
			bi, ok := blockAt[j]
			if !ok {
				return false
			}
			i = blocks[bi].end
			continue
		}
		if bi, ok := blockAt[i]; ok {
			i = blocks[bi].end
			continue
		}
		if t == "no" && (i+1 == to || toks[i+1] == "," || connectors[toks[i+1]]) {
			return true // "swelling no, locking no"
		}
		for _, p := range postNegations {
			if hasPrefixTokens(toks[i:to], p) {
				if p[0] == "gone" && i+1 < to && (toks[i+1] == "down" || toks[i+1] == "up") {
					return false
				}
				return true
			}
		}
		return false
	}
	return false
}

func hasPrefixTokens(toks, p []string) bool {
	if len(toks) < len(p) {
		return false
	}
	for i := range p {
		if toks[i] != p[i] {
			return false
		}
	}
	return true
}

// MaxTextBytes bounds the work done on one message: DetectFlags and
// ParsePain read at most this many bytes (well above any chat platform's
// message limit).
const MaxTextBytes = 16 << 10

func clip(s string) string {
	if len(s) > MaxTextBytes {
		return s[:MaxTextBytes]
	}
	return s
}

// immuneOnly reports whether every mention in block bi carries its own
// negation.
func immuneOnly(ms []mention, blockOf []int, bi int) bool {
	for i, m := range ms {
		if blockOf[i] == bi && !m.immune {
			return false
		}
	}
	return true
}

// tailNegated reports whether the mention that ends block bi is negated
// inside the block ("knee it's never jammed"), so a list may follow it.
func tailNegated(toks []string, from int, ms []mention, blockOf []int, bi, end int) bool {
	for i, m := range ms {
		if blockOf[i] == bi && m.end == end && !m.immune && locallyNegated(toks, from, m) {
			return true
		}
	}
	return false
}

// Word sets of the rules above, built once rather than on every call.
var (
	clotWords = wordSet(`dvt clot clots thrombosis`)
)
