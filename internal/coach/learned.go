package coach

import (
	"math"
	"slices"
)

// A learned second opinion on the red flags: one logistic regression per
// symptom flag over hashed features of the normalised text. The weights are
// trained from the development corpora by learned_train_test.go
// (`go generate`) and live in learned_weights.go as constant strings, so the
// model needs no I/O and is deterministic.
//
// Why it exists: the rules in lexicon.go and friends memorise phrasings, and
// new writers phrase red flags in new ways. See learned_eval_test.go for the
// leave-one-writer-out measurements that decide how its opinion is combined
// with the rules (ParsePain: it may add a flag, never remove one).
//
// The features depend on normalize (flags.go): after a change there, run
// go generate; TestWriteLearnedWeights says when the table is stale.

//go:generate go test -run TestWriteLearnedWeights -learned.write

// learnedBuckets is the size of each flag's hashed weight table.
const learnedBuckets = 1 << 14

// learnedFlags are the flags the model scores (severe_pain comes from the
// score, never from words).
var learnedFlags = [...]Flag{
	FlagSwelling, FlagLocking, FlagGivingWay, FlagCannotBearWeight, FlagBonePain,
	FlagNightPain, FlagHotJoint, FlagNumbness, FlagCalfSwelling, FlagTrauma, FlagWorsening,
}

const nLearned = len(learnedFlags)

// learnedModel holds one weight table per flag. Trained weights are kept as
// float64 while training; the shipped model is quantised (learnedPacked).
type learnedModel struct {
	bias [nLearned]float64
	w    [nLearned][]float64
}

// Feature kinds, mixed into the hash so that "u:knee" and "n:knee" differ.
const (
	featUnigram byte = iota + 1
	featBigram
	featPrefix
	featNegated
	featPartState
	featOther
	featPast
	_ // featRule and featRuleAny: v1 took the rules' flags as features
)

// Negators open a short scope in which tokens are marked as negated.
var learnedNegators = wordSet(`no not never without nor none nothing neither hardly zero`)

// Body parts, for part + state co-occurrence within a sentence.
var learnedParts = wordSet(`knee knees kneecap calf calves shin shins foot feet ankle ankles hip hips groin achilles
	hamstring hamstrings back leg legs bone bones toe toes heel heels thigh quad quads arch joint tendon it band glute`)

// Words that put a sentence in the past.
var learnedPast = wordSet(`ago years year months used once last previously before old history`)

// fnv-1a, 32 bits.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func hashByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func hashString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// learnedFeatures appends the hashed features of one report to buf: its
// normalised tokens toks; pairs is what is left of the message's pair
// budget (learnedPairBudget), spent as body part × word features are added. When content is not nil, it gets, per feature,
// whether the feature involves a word that is not a bare word (see
// bareWord and contribution).
func learnedFeatures(buf []uint32, content *[]bool, toks []string, pairs *int) []uint32 {
	sentStart := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !sentenceBreaks[toks[i]] {
			continue
		}
		buf = sentenceFeatures(buf, content, toks[sentStart:i], pairs)
		sentStart = i + 1
	}
	return buf
}

// learnedPairBudget bounds the body part × word features of one message:
// each part word pairs with every word of its sentence, so a long
// sentence of part words would cost its length squared (4 KB of "knee
// gave way" took 14 ms). No report of any corpus comes near it (the most
// is 756, two reports run together: TestLearnedPairBudgetUnspent), so the model is the
// one trained; past it a pathological message loses pair features, and
// the model only ever adds flags to the rules'.
const learnedPairBudget = 8192

func addContent(content *[]bool, c bool) {
	if content != nil {
		*content = append(*content, c)
	}
}

// bareWord says whether t is a word of a plain report: a number, a score
// word, a place, a side, a filler or a harmless descriptor.
func bareWord(t string) bool {
	return t[0] >= '0' && t[0] <= '9' || learnedBareWords[t]
}

// learnedBareWords make up plain reports ("2 arch of my foot", "my knee is
// like a 6", "5 knee, 2nd time this week"): no red flag may rest on them
// alone. The training adds reports built from them as non-red examples
// (bareReports in learned_train_test.go).
var learnedBareWords = wordSet(`zero nil nought one two three four five six seven eight nine ten out of outta ish
	/ , . ! ? - ( ) : …
	left right l r lft rt both side sides
	knee knees kneecap kneecaps patella patellar calf calves shin shins foot feet ankle ankles hip hips
	groin achilles hamstring hamstrings hammy hammies back lower low leg legs heel heels arch arches toe toes
	big ball top sole soles thigh thighs quad quads glute glutes it band itb tendon plantar fascia flexor flexors
	outside inside outer inner front behind under above below bottom middle around near
	my the a an is its i im am are was of on in at about like and just bit little quite pretty
	between or maybe kinda sorta somewhat today tonight yesterday this week time times 2nd second 3rd third again still same
	as usual normal mild slight slightly morning evening after before during post
	achy aching ache aches tight tightness stiff stiffness sore soreness niggle niggly niggling dull tired
	hills hill long run runs running ran intervals speedwork tempo parkrun easy jog workout session miles
	downhill downhills uphill stairs ok okay meh fine`)

func sentenceFeatures(buf []uint32, content *[]bool, sent []string, pairs *int) []uint32 {
	if len(sent) == 0 {
		return buf
	}
	other, past := false, false
	for _, t := range sent {
		other = other || otherPeople[t] || thirdPerson[t]
		past = past || learnedPast[t]
	}
	negLeft := 0
	for i, t := range sent {
		if t[0] >= '0' && t[0] <= '9' {
			continue // scores and distances: the parser's business
		}
		if learnedNegators[t] {
			negLeft = 3
		} else if clauseBreaks[t] || t == "," {
			negLeft = 0
		}
		kind := featUnigram
		if negLeft > 0 && !learnedNegators[t] {
			kind = featNegated
			negLeft--
		}
		c := content != nil && !bareWord(t)
		buf = append(buf, hashString(hashByte(fnvOffset, kind), t))
		addContent(content, c)
		if len(t) >= 6 {
			buf = append(buf, hashString(hashByte(fnvOffset, featPrefix), t[:5]))
			addContent(content, c)
		}
		if i+1 < len(sent) {
			h := hashString(hashByte(fnvOffset, featBigram), t)
			buf = append(buf, hashString(hashByte(h, ' '), sent[i+1]))
			addContent(content, c || content != nil && !bareWord(sent[i+1]))
		}
		if other {
			buf = append(buf, hashString(hashByte(fnvOffset, featOther), t))
			addContent(content, c)
		}
		if past {
			buf = append(buf, hashString(hashByte(fnvOffset, featPast), t))
			addContent(content, c)
		}
		if learnedParts[t] {
			for _, u := range sent {
				if len(u) < 3 || learnedParts[u] {
					continue
				}
				if *pairs <= 0 {
					break
				}
				*pairs--
				h := hashString(hashByte(fnvOffset, featPartState), t)
				buf = append(buf, hashString(hashByte(h, '|'), u[:min(len(u), 5)]))
				addContent(content, content != nil && !bareWord(u))
			}
		}
	}
	return buf
}

// learnedIndex spreads a feature hash over one flag's table.
func learnedIndex(h uint32, f int) int {
	x := h ^ uint32(f+1)*0x9e3779b9
	x ^= x >> 16
	x *= 0x85ebca6b
	x ^= x >> 13
	return int(x % learnedBuckets)
}

// contribution is what a feature of weight w adds to a flag's logit.
// With bareNegOnly, a feature made of bare words alone (content false)
// counts only against a flag: place, side, score and filler words are not
// symptoms, so "2 arch of my foot" can never reach a threshold (the
// dev corpora tell numb feet often enough that "foot" alone would).
func contribution(w float64, content, bareNegOnly bool) float64 {
	if bareNegOnly && !content {
		return min(w, 0)
	}
	return w
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// learnedWeight is the shipped, quantised weight of bucket i of flag f: one
// character of the 64-letter alphabet per bucket, times the flag's scale.
func learnedWeight(f, i int) float64 {
	c := learnedPacked[f][i]
	var q int
	switch {
	case c >= 'A' && c <= 'Z':
		q = int(c - 'A')
	case c >= 'a' && c <= 'z':
		q = int(c-'a') + 26
	case c >= '0' && c <= '9':
		q = int(c-'0') + 52
	case c == '+':
		q = 62
	default:
		q = 63
	}
	return float64(q-32) * learnedScale[f]
}

// learnedAlphabet encodes a quantised weight q in [-32, 31].
const learnedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// learnedProbs returns the model's probability for each of learnedFlags.
func learnedProbs(toks []string) [nLearned]float64 {
	var arr [256]uint32
	var carr [256]bool
	content := carr[:0]
	pairs := learnedPairBudget
	feats := learnedFeatures(arr[:0], &content, toks, &pairs)
	var p [nLearned]float64
	for f := range learnedFlags {
		z := learnedBias[f]
		for k, h := range feats {
			z += contribution(learnedWeight(f, learnedIndex(h, f)), content[k], learnedBareNegOnly)
		}
		p[f] = sigmoid(z)
	}
	return p
}

// learnedRescueAbove is the probability above which the model adds a flag
// the rules missed and did not set aside. Chosen on leave-one-writer-out
// predictions over the dev corpora (calibrateStepwise in
// learned_eval_test.go; learned_notes.md, v3): lowered step by step while
// each step's false reds stay within a quarter of the reds it gains. On
// those predictions it caught 116 of the rules' 250 missed reds for 5 more
// false reds out of 2,431 non-red reports, none on the natural sets.
const learnedRescueAbove = 0.65

// SecondOpinion returns the rules' flags for text (DetectFlags) plus any
// flag the learned model is confident the rules missed, in canonical
// order. It never removes a rule's flag, and never adds one the rules saw
// mentioned and set aside in context (negated, resolved, someone else's…):
// the model reads words, the rules read who and when.
func SecondOpinion(text string) []Flag {
	toks := normalize(clip(text))
	var dropped []Flag
	rules := detectFlags(toks, &dropped)
	return secondOpinion(toks, rules, dropped)
}

// secondOpinion is SecondOpinion on normalised tokens, given the rules'
// flags and the flags they set aside (detectFlags).
func secondOpinion(toks []string, rules, dropped []Flag) []Flag {
	if len(learnedPacked[0]) != learnedBuckets || len(toks) == 0 {
		return rules // no trained table (while regenerating it), or no words
	}
	p := learnedProbs(toks)
	out := rules
	for i, f := range learnedFlags {
		// A swollen calf the rules found is the swelling the model sees:
		// one symptom, named once. (The other way round the model adds
		// calf_swelling: the more urgent reading of a swollen calf.)
		if p[i] <= learnedRescueAbove || slices.Contains(rules, f) || vetoedBy(dropped, f) ||
			f == FlagSwelling && slices.Contains(rules, FlagCalfSwelling) {
			continue
		}
		if len(out) == len(rules) {
			out = slices.Clone(rules)
		}
		out = append(out, f)
	}
	if len(out) == len(rules) {
		return rules
	}
	return sortFlags(out)
}

// vetoedBy says whether the rules set aside a mention of f. Swelling and a
// swollen calf are one mention told two ways, so either vetoes both.
func vetoedBy(dropped []Flag, f Flag) bool {
	for _, d := range dropped {
		if d == f || swellingPair(d) && swellingPair(f) {
			return true
		}
	}
	return false
}

func swellingPair(f Flag) bool { return f == FlagSwelling || f == FlagCalfSwelling }

// setAside returns the flags of mentions that did not make it into found
// (detectFlags' dropped flags), once each.
func setAside(mentions []mention, found []Flag) []Flag {
	var out []Flag
	for _, m := range mentions {
		if slices.Contains(out, m.flag) || slices.Contains(found, m.flag) ||
			swellingPair(m.flag) && (slices.Contains(found, FlagSwelling) || slices.Contains(found, FlagCalfSwelling)) {
			continue
		}
		out = append(out, m.flag)
	}
	return out
}
