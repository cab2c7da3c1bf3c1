package coach

// Explained senses: a symptom word that the sentence itself puts down to
// something other than the runner's joint or nerve. Found on dev11.jsonl;
// each rule is a mechanism, so it holds for other wordings of it:
//
//   - an insect bite or sting explains a red lump, a puffy patch, heat or a
//     tingle ("wasp got my calf, red itchy lump"), unless it turned to an
//     infection;
//   - an animal is someone else: a dog's sprained paw, a horse gone lame, a
//     vet's verdict;
//   - "buzzing" with no limb, sensation or direction in its part of the
//     sentence is excitement ("smashed the tempo, buzzing");
//   - a cramp, knot or spasm that "let go" or "quit" is relief, not a knee
//     giving way ("calf cramped, it let go after a minute");
//   - walking because the legs were tired is pacing, not a limp ("just
//     knackered, walked to the top");
//   - a numbness that went once its cause was removed ("numb in the ice
//     bath, fine once I got out").
//
// The word-level families (hot drinks and food, fever pitch, hair called
// locks, a cramp that let go, walking a hill) are lexicon vetoes below.
const explainedLexicon = `
# ---------------------------------------------------------------------------
# dev11 round: everyday senses of a symptom word
@heatedfood = chocolate, chocolates, cocoa, drink, drinks, drinking, coffee, coffees, tea, teas, cuppa, cuppas, brew, brews, toddy, toddies, soup, soups, food, meal, meals, dinner, lunch, breakfast, porridge, pie, pies, chips, curry, curries, sauce, sauces, chilli, chili, chillies, pepper, peppers, dog, dogs, cross bun, cross buns, wings, pot, pots, beverage, beverages, cider, wine, ribena, squash, bath, baths, shower, showers, tub, water, bottle
@heatweather = day, days, weather, afternoon, afternoons, morning, mornings, evening, summer, sun, spell, weekend, conditions, temps, temperatures, climate, yoga, favourite, favorite, topic, take, tip, streak
hot_joint ! hot|warm|boiling|steaming|piping hot? @heatedfood
hot_joint ! hot|boiling|roasting|scorching|baking|sweltering @heatweather
hot_joint ! warm weather|spell|conditions|temps|temperatures|climate|sun|summer|evening|afternoon|night|welcome|reception|regards
hot_joint ! fever|feverish pitch|dream|dreams|tree|trees
@hairdo = cut, cuts, trimmed, trim, chopped, chop, shorn, dyed, dye, braided, plaited, washed, wash, brushed, styled, shaved, bleached, permed, grown, flowing, blowing, cropped, done
locking ! my|his|her|your|their|our|long|curly|flowing|golden|grey|gray|silver|sweaty|blonde|blond|ginger|lovely|luscious|lush|shaggy|wild|windswept|frizzy|thick|thinning|unruly|flowing|wet locks
locking ! locks @hairdo
locking ! hair|haircut|hairdresser|hairdressers|barber|barbers|salon|shampoo|fringe ~4 locks
giving_way ! cramp*|spasm*|knot|knots|knotted|stitch|charley ~4 let|lets|letting go
giving_way ! cramp*|spasm*|knot|knots|knotted|stitch|charley ~4 quit|quits|disappeared|vanished|switched off
cannot_bear_weight ! walked|walking|walk to|up ~1 the|a ~1 top|summit|crest|brow|hill|hills|climb|incline|hilltop|steep
cannot_bear_weight ! power|powered walked|walking|walk|walks
`

// Insects and their bites and stings.
var insectWords = wordSet(`wasp wasps bee bees bumblebee hornet hornets mosquito mosquitos mosquitoes mozzie mozzies
	midge midges horsefly horseflies cleg clegs gnat gnats tick ticks ant ants spider spiders insect insects bug bugs
	flea fleas sandfly sandflies jellyfish`)

// Signs that a bite has turned into something more: the runner's own
// problem again.
var biteSpread = wordSet(`fever feverish infection infected pus shivery shivering chills temperature spreading spread
	streak streaks streaking`)

// Animals, who own what the sentence says about them.
var animals = wordSet(`dog dogs puppy pup pups puppies doggo doggy pooch pupper cat cats kitten horse horses pony
	ponies mare gelding foal hound hounds labrador lab spaniel collie terrier greyhound whippet retriever poodle beagle
	husky vizsla dachshund sheepdog kelpie staffie lurcher`)

// An animal's parts, and who speaks for an animal.
var (
	animalParts  = wordSet(`paw paws hoof hooves fetlock fetlocks dewclaw dewclaws`)
	animalCarers = wordSet(`vet vets farrier`)
)

// What makes "buzzing" a sensation: a part of the leg, the sore part, a
// word of sensation, or a direction it travels in.
var (
	buzzSensations = wordSet(`it it's feeling feelings sensation sensations nerve nerves electric current tingly tingling
		numb fizzy fizzing vibration vibrating`)
	buzzDirections = wordSet(`down in into through along up under across round around inside`)
)

// Muscles that seize and let go again.
var crampWords = wordSet(`cramp cramps cramped cramping spasm spasms spasmed spasming knot knots knotted stitch`)

// Joints a giving-way "it" may stand for.
var jointWords = wordSet(`knee knees ankle ankles hip hips leg legs kneecap joint`)

// Verbs of release: said of a cramp, they say it let go.
var releaseVerbs = wordSet(`let lets letting quit quits quitting disappears disappeared vanishes vanished switched
	switches`)

// How a numbness that went with its cause is told: "fine once I got out",
// "gone when I took them off".
var (
	settleWords  = wordSet(`fine ok okay normal gone went back better passed disappeared stopped wore good`)
	settleLinks  = wordSet(`once when after soon as`)
	causeRemoved = [][]string{{"i", "got", "out"}, {"i", "got", "off"}, {"i", "climbed", "out"}, {"i", "stepped", "out"},
		{"i", "came", "out"}, {"i", "warmed", "up"}, {"i", "got", "warm"}, {"i", "dried", "off"}, {"i", "got", "dry"},
		{"i", "took", "them", "off"}, {"i", "took", "it", "off"}, {"i", "loosened"}, {"i", "uncrossed"},
		{"i", "stood", "up"}, {"i", "changed"}, {"i", "got", "changed"}, {"i", "thawed"}, {"i", "thawed", "out"}}
)

// explainedSense reports a mention that the sentence toks[s0:s1] puts down
// to something other than the runner's joint or nerve.
func explainedSense(toks []string, s0, s1 int, m mention) bool {
	span := toks[m.start:m.end]
	sent := toks[s0:s1]
	if goneByTime(toks, s0, s1, m) {
		return true
	}
	switch m.flag {
	case FlagSwelling, FlagCalfSwelling, FlagHotJoint, FlagNumbness:
		// "stung by a wasp on the calf, itchy red lump".
		c0, c1 := clauseOf(toks, s0, s1, m.start)
		if insectCause(toks, c0, c1) && !anyIn(sent, biteSpread) {
			return true
		}
	}
	// "vet says a sprained paw": the animal's.
	a, b := commaSegment(toks, s0, s1, m)
	if (anyIn(toks[a:b], animalParts) || anyIn(toks[a:b], animalCarers)) && !anyIn(toks[a:b], runnerWords) &&
		!anyIn(toks[a:b], bodyParts) {
		return true
	}
	switch m.flag {
	case FlagNumbness:
		if len(span) == 1 && len(span[0]) >= 4 && span[0][:4] == "buzz" {
			// "buzzing" is excitement unless something in its part of the
			// sentence makes it a sensation.
			if !anyIn(toks[a:b], bodyParts) && !anyIn(toks[a:b], buzzSensations) &&
				!(m.end < s1 && buzzDirections[toks[m.end]]) {
				return true
			}
		}
		if goneWithCause(toks, m.end, s1) {
			return true
		}
	case FlagGivingWay:
		// "calf cramped …, it let go": the "it" is the cramp.
		if (span[0] == "it" || span[0] == "it's") && anyIn(span, releaseVerbs) {
			for i := m.start - 1; i >= s0; i-- {
				if crampWords[toks[i]] {
					return true
				}
				if jointWords[toks[i]] {
					break
				}
			}
		}
	case FlagCannotBearWeight:
		// "just knackered, walked to the top": walking from tiredness,
		// in a clause that names no limp.
		c0, c1 := clauseOf(toks, s0, s1, m.start)
		if !m.immune && anyIn(toks[c0:c1], tiredWords) && !anyIn(span, limpWords) {
			for _, t := range span {
				if len(t) >= 4 && t[:4] == "walk" {
					return true
				}
			}
		}
	}
	return false
}

// goneWithCause reports "… fine once I got out" in toks[from:to]: a settle
// word, a link, and the runner leaving the cause behind.
func goneWithCause(toks []string, from, to int) bool {
	for k := from; k < to; k++ {
		if !settleWords[toks[k]] {
			continue
		}
		for j := k + 1; j < to && j <= k+3; j++ {
			if settleLinks[toks[j]] {
				for i := j + 1; i < to && i <= j+2; i++ {
					if anyPhraseAt(toks[:to], i, causeRemoved) {
						return true
					}
				}
			}
		}
	}
	return false
}

// insectCause reports an insect in toks[c0:c1] that bit, stung or itches,
// and is not an image: "like ants walking under the skin" and "ants
// crawling in my foot" are a nerve's tingle.
func insectCause(toks []string, c0, c1 int) bool {
	if !anyIn(toks[c0:c1], biteWords) {
		return false
	}
	for i := c0; i < c1; i++ {
		if insectWords[toks[i]] && !anyIn(toks[max(c0, i-3):i], simile) && !anyIn(toks[max(c0, i-3):i], looksLike) {
			return true
		}
	}
	return false
}

// Words of a bite or a sting.
var biteWords = wordSet(`bite bites bitten biting sting stings stung stinging itchy itch itches itching itched`)

// Words that make a walk a limp, whatever the sentence says of tiredness.
var limpWords = wordSet(`limp limps limping limped hobble hobbling hobbled crutch crutches stick sticks funny funnily
	wonky lopsided awkwardly awkward one`)

// Phrases that say a symptom went within a time: "gone by Monday", "down
// overnight", "fine the next day".
var goneWithin = [][]string{{"gone", "by"}, {"down", "by"}, {"fine", "by"}, {"normal", "by"}, {"cleared", "by"},
	{"settled", "by"}, {"gone", "within"}, {"down", "within"}, {"gone", "overnight"}, {"down", "overnight"},
	{"gone", "the", "next"}, {"fine", "the", "next"}, {"normal", "the", "next"}}

// Words that put a symptom in the past where it is named.
var pastHere = wordSet(`was were had used`)

// goneByTime reports "ankles were swollen after the flight but gone by
// Monday": a symptom put in the past where it is named, then said to have
// gone within a time, with nothing tying it to now in between.
func goneByTime(toks []string, s0, s1 int, m mention) bool {
	cue := -1
	for k := m.end; k < s1; k++ {
		if anyPhraseAt(toks[:s1], k, goneWithin) && !negatedAt(toks, k) {
			cue = k
			break
		}
	}
	if cue < 0 {
		return false
	}
	if anyIn(toks[m.start:cue], nowMarkers) || anyPhrase(toks[m.start:cue], nowPhrases) ||
		cameBackAfter(toks, cue, s1) {
		return false
	}
	a, _ := commaSegment(toks, s0, s1, m)
	if anyIn(toks[a:min(cue, m.end+2)], pastHere) {
		return true
	}
	last := toks[m.end-1]
	return len(last) > 3 && last[len(last)-2:] == "ed" // "knee swelled up …"
}
