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
// leave-one-writer-out measurements that decide how (and whether) its
// opinion is combined with the rules.

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
	featRule
	featRuleAny
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
// normalised tokens toks and the flags the rules found (rules may be nil
// when the model is trained without them).
func learnedFeatures(buf []uint32, toks []string, rules []Flag, useRules bool) []uint32 {
	sentStart := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !sentenceBreaks[toks[i]] {
			continue
		}
		buf = sentenceFeatures(buf, toks[sentStart:i])
		sentStart = i + 1
	}
	if useRules {
		for _, f := range rules {
			buf = append(buf, hashString(hashByte(fnvOffset, featRule), string(f)))
		}
		if len(rules) > 0 {
			buf = append(buf, hashByte(fnvOffset, featRuleAny))
		}
	}
	return buf
}

func sentenceFeatures(buf []uint32, sent []string) []uint32 {
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
		buf = append(buf, hashString(hashByte(fnvOffset, kind), t))
		if len(t) >= 6 {
			buf = append(buf, hashString(hashByte(fnvOffset, featPrefix), t[:5]))
		}
		if i+1 < len(sent) {
			h := hashString(hashByte(fnvOffset, featBigram), t)
			buf = append(buf, hashString(hashByte(h, ' '), sent[i+1]))
		}
		if other {
			buf = append(buf, hashString(hashByte(fnvOffset, featOther), t))
		}
		if past {
			buf = append(buf, hashString(hashByte(fnvOffset, featPast), t))
		}
		if learnedParts[t] {
			for _, u := range sent {
				if len(u) < 3 || learnedParts[u] {
					continue
				}
				h := hashString(hashByte(fnvOffset, featPartState), t)
				buf = append(buf, hashString(hashByte(h, '|'), u[:min(len(u), 5)]))
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
func learnedProbs(toks []string, rules []Flag) [nLearned]float64 {
	var arr [256]uint32
	feats := learnedFeatures(arr[:0], toks, rules, learnedUsesRules)
	var out [nLearned]float64
	for f := range learnedFlags {
		z := learnedBias[f]
		for _, h := range feats {
			z += learnedWeight(f, learnedIndex(h, f))
		}
		out[f] = sigmoid(z)
	}
	return out
}

// learnedRescueAbove is the probability above which the model adds a flag
// the rules missed. Chosen on leave-one-writer-out folds of the dev corpora
// (learned_eval_test.go): with the rules as they were before each writer was
// seen, a rescue at 0.6 caught 91 of the rules' 249 missed reds for 25 more
// false reds out of 2,231 non-red reports. The model never removes a flag
// the rules found: a veto cost far more red cases than the false alarms it
// saved on every fold, and missing a red flag is the worse error.
const learnedRescueAbove = 0.7

// SecondOpinion returns the rules' flags for text plus any flag the learned
// model is confident the rules missed (see learnedRescueAbove), in canonical
// order. rules are DetectFlags(text).
func SecondOpinion(text string, rules []Flag) []Flag {
	if len(learnedPacked[0]) != learnedBuckets {
		return rules // no trained table (while regenerating it)
	}
	toks := normalize(clip(text))
	if len(toks) == 0 {
		return rules
	}
	p := learnedProbs(toks, rules)
	out := rules
	for i, f := range learnedFlags {
		if p[i] > learnedRescueAbove && !slices.Contains(rules, f) {
			if len(out) == len(rules) {
				out = slices.Clone(rules)
			}
			out = append(out, f)
		}
	}
	if len(out) == len(rules) {
		return rules
	}
	return sortFlags(out)
}
