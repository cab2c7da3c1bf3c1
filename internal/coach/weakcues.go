package coach

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
