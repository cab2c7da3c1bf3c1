package coach

import (
	"slices"
	"testing"
)

type flagCase struct {
	text string
	want []Flag
}

func checkFlags(t *testing.T, cases []flagCase) {
	t.Helper()
	for _, tc := range cases {
		got := DetectFlags(tc.text)
		if !slices.Equal(got, tc.want) {
			t.Errorf("DetectFlags(%q)\n got  %v\n want %v", tc.text, got, tc.want)
		}
	}
}

// Each red flag, in its everyday wordings.
func TestDetectFlagsPositive(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"knee is swollen", []Flag{FlagSwelling}},
		{"knee swolen after the run", []Flag{FlagSwelling}},
		{"swelling around the kneecap", []Flag{FlagSwelling}},
		{"looks a bit puffy", []Flag{FlagSwelling}},
		{"blew up like a balloon", []Flag{FlagSwelling}},
		{"swelling up like a grapefruit", []Flag{FlagSwelling}},
		{"feels like there's fluid in there", []Flag{FlagSwelling}},
		{"it locks when I bend it", []Flag{FlagLocking}},
		{"knee locked on the stairs", []Flag{FlagLocking}},
		{"keeps locking up", []Flag{FlagLocking}},
		{"it catches sometimes", []Flag{FlagLocking}},
		{"feels stuck halfway", []Flag{FlagLocking}},
		{"can't straighten it fully", []Flag{FlagLocking}},
		{"it gives way on stairs", []Flag{FlagGivingWay}},
		{"knee gave way twice", []Flag{FlagGivingWay}},
		{"it buckles going downhill", []Flag{FlagGivingWay}},
		{"buckled under me", []Flag{FlagGivingWay}},
		{"feels unstable", []Flag{FlagGivingWay}},
		{"bit wobbly", []Flag{FlagGivingWay}},
		{"my knee collapsed", []Flag{FlagGivingWay}},
		{"can't put weight on it", []Flag{FlagCannotBearWeight}},
		{"cant put any weight on my foot", []Flag{FlagCannotBearWeight}},
		{"cannot walk", []Flag{FlagCannotBearWeight}},
		{"I'm limping", []Flag{FlagCannotBearWeight}},
		{"can barely walk today", []Flag{FlagCannotBearWeight}},
		{"sharp pain on the bone", []Flag{FlagBonePain}},
		{"pinpoint tenderness on my shin", []Flag{FlagBonePain}},
		{"hurts to hop on that leg", []Flag{FlagBonePain}},
		{"deep groin ache, can't hop", []Flag{FlagBonePain}},
		{"worried it's a stress fracture", []Flag{FlagBonePain}},
		{"it wakes me at night", []Flag{FlagNightPain}},
		{"woke me up last night", []Flag{FlagNightPain}},
		{"aches at rest", []Flag{FlagNightPain}},
		{"night pain", []Flag{FlagNightPain}},
		{"the knee feels hot", []Flag{FlagHotJoint}},
		{"warm to the touch", []Flag{FlagHotJoint}},
		{"red and swollen", []Flag{FlagSwelling, FlagHotJoint}},
		{"I've got a fever too", []Flag{FlagHotJoint}},
		{"numb foot", []Flag{FlagNumbness}},
		{"tingling down my leg", []Flag{FlagNumbness}},
		{"pins and needles in my toes", []Flag{FlagNumbness}},
		{"pins n needles", []Flag{FlagNumbness}},
		{"weakness in my leg", []Flag{FlagNumbness}},
		{"calf is swollen", []Flag{FlagCalfSwelling}},
		{"tender heavy calf", []Flag{FlagCalfSwelling}},
		{"calf feels heavy and tender", []Flag{FlagCalfSwelling}},
		{"worried about a clot", []Flag{FlagCalfSwelling}},
		{"knee and calf both swollen", []Flag{FlagSwelling, FlagCalfSwelling}},
		{"fell on it", []Flag{FlagTrauma}},
		{"had a fall on the trail", []Flag{FlagTrauma}},
		{"twisted it on a root", []Flag{FlagTrauma}},
		{"heard a pop", []Flag{FlagTrauma}},
		{"something popped", []Flag{FlagTrauma}},
		{"collision with a cyclist", []Flag{FlagTrauma}},
		{"tripped over a kerb", []Flag{FlagTrauma}},
		{"excruciating", []Flag{FlagSevere}},
		{"getting worse", []Flag{FlagWorsening}},
		{"worse every week", []Flag{FlagWorsening}},
		{"worsening despite rest", []Flag{FlagWorsening}},
		{"not getting better even with rest", []Flag{FlagWorsening}},
		{"hasn't improved after two weeks off", []Flag{FlagWorsening}},
	})
}

// Negated mentions never fire.
func TestDetectFlagsNegated(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"no swelling", nil},
		{"not swollen", nil},
		{"isn't swollen", nil},
		{"isnt swollen", nil},
		{"it's not really swollen", nil},
		{"no sign of swelling", nil},
		{"zero swelling", nil},
		{"no visible swelling", nil},
		{"swelling is fine", nil},
		{"the swelling is fine now", nil},
		{"swelling: none", nil},
		{"swelling has totally gone", nil},
		{"without any locking", nil},
		{"hasn't locked", nil},
		{"has not locked since", nil},
		{"never locks", nil},
		{"doesn't give way", nil},
		{"doesnt give way", nil},
		{"never gave way", nil},
		{"it has never given way", nil},
		{"no numbness or tingling", nil},
		{"no numbness, tingling or weakness", nil},
		{"no numbness, tingling, or weakness", nil},
		{"no swelling, locking or giving way", nil},
		{"no swelling or locking", nil},
		{"neither swollen nor locking", nil},
		{"no pain at night", nil},
		{"doesn't wake me at night", nil},
		{"not limping", nil},
		{"no limp", nil},
		{"didn't fall", nil},
		{"no fall or twist", nil},
		{"not hot or red", nil},
		{"no fever", nil},
		{"not getting worse", nil},
		{"no worse than last week", nil},
		{"isn't getting any worse", nil},
		{"doesn't hurt to hop", nil},
		{"no pain on the bone", nil},
		{"calf isn't swollen", nil},
		{"no swollen calf", nil},
		{"swelling and locking are fine", nil},
		{"locking is not a problem", nil},
		{"can't see any swelling", nil},
		{"free of swelling", nil},
		{"no longer swollen", nil},
		{"knee’s not swollen", nil}, // curly apostrophe
		{"NO SWELLING", nil},
	})
}

// Negation never crosses a clause: "no swelling but it locked".
func TestDetectFlagsNegationScope(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"no swelling but it locked", []Flag{FlagLocking}},
		{"no swelling, but it locked", []Flag{FlagLocking}},
		{"not swollen and it locks", []Flag{FlagLocking}},
		{"no swelling. locks sometimes", []Flag{FlagLocking}},
		{"no swelling; gave way yesterday", []Flag{FlagGivingWay}},
		{"no swelling, it locked twice", []Flag{FlagLocking}},
		{"no swelling, locked up twice on the stairs", []Flag{FlagLocking}},
		{"no pain, swollen", []Flag{FlagSwelling}},
		{"no pain but swollen", []Flag{FlagSwelling}},
		{"no pain and it's swollen", []Flag{FlagSwelling}},
		{"swelling is fine but it still catches", []Flag{FlagLocking}},
		{"knee swollen, otherwise fine", []Flag{FlagSwelling}},
		{"swollen and feels fine otherwise", []Flag{FlagSwelling}},
		{"no numbness - tingling though", []Flag{FlagNumbness}},
		{"no swelling and can't walk", []Flag{FlagCannotBearWeight}},
		{"not swollen, not locking, but it gives way", []Flag{FlagGivingWay}},
		{"no swelling in the knee or locking", []Flag{FlagLocking}}, // ambiguous: safe side
		{"swelling has gone down a bit", []Flag{FlagSwelling}},      // reduced, not gone
		{"swelling not going down", []Flag{FlagSwelling}},
	})
}

// Clearly past and resolved mentions don't fire; recent or unresolved ones do.
func TestDetectFlagsPastResolved(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"gave way once years ago, fine now", nil},
		{"it locked a few years ago but it's been fine since", nil},
		{"used to give way but fine now", nil},
		{"twisted it as a kid, healed", nil},
		{"fell last year, fine now", nil},
		{"gave way years ago", []Flag{FlagGivingWay}},      // not said to be resolved
		{"gave way once, fine now", []Flag{FlagGivingWay}}, // not clearly past
		{"fell last week, fine now", []Flag{FlagTrauma}},   // recent
		{"twisted it years ago, fine now, but it's swollen today", []Flag{FlagSwelling}},
		{"locked years ago and again yesterday, fine now", []Flag{FlagLocking}},
	})
}

// Hedged mentions fire: over-triage is the safe side.
func TestDetectFlagsHedged(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"maybe a bit swollen?", []Flag{FlagSwelling}},
		{"might be slightly swollen, not sure", []Flag{FlagSwelling}},
		{"not sure if it's swollen", []Flag{FlagSwelling}},
		{"I think it locked once?", []Flag{FlagLocking}},
		{"kind of felt like it might give way", []Flag{FlagGivingWay}},
		{"possibly some tingling", []Flag{FlagNumbness}},
	})
}

// Everyday phrases that only look like symptoms.
func TestDetectFlagsFalseFriends(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"caught up with the group at 5k", nil},
		{"pain kicked in at 3k", nil},
		{"ran at night with a headtorch", nil},
		{"hot day, humid too", nil},
		{"it was so hot out", nil},
		{"did my warm up properly", nil},
		{"weak glutes probably", nil},
		{"my glutes are weak", nil},
		{"popped out for a quick run", nil},
		{"fell running in the lakes", nil},
		{"worse going downhill", nil},
		{"worse on stairs", nil},
		{"left is worse than the right", nil},
		{"could be worse", nil},
		{"stuck to the plan", nil},
		{"knocked out a 10k", nil},
		{"smooth and fluid stride", nil},
		{"looked at my watch", nil},
		{"sore after the long run", nil},
		{"", nil},
	})
}

// Everyday wordings found by hand in review that used to slip through: a
// missed red flag is the one mistake the coach must not make.
func TestDetectFlagsReviewWordings(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"hurts when i hop", []Flag{FlagBonePain}},
		{"hip hurts when I hop on it", []Flag{FlagBonePain}},
		{"painful when i hop on that leg", []Flag{FlagBonePain}},
		{"it hurts if i hop", []Flag{FlagBonePain}},
		{"sharp when i hop", []Flag{FlagBonePain}},
		{"hopping on it hurts", []Flag{FlagBonePain}},
		{"hopping on that leg is painful", []Flag{FlagBonePain}},
		{"knee swole up", []Flag{FlagSwelling}},
		{"ankle swole", []Flag{FlagSwelling}},
		{"calf tight and heavy", []Flag{FlagCalfSwelling}},
		{"calf is sore and swollen", []Flag{FlagCalfSwelling}},
		// typos of "doesn't" still negate
		{"dosent lock", nil},
		{"dosnt give way", nil},
		{"doesent swell", nil},
		// and the new wordings keep their negations
		{"doesn't hurt when i hop", nil},
		{"no pain when i hop", nil},
	})
}

// BenchmarkTriageReport is one report through the whole path (parse, flags,
// triage): it must stay well under a millisecond.
func BenchmarkTriageReport(b *testing.B) {
	texts := []string{
		"3 calf, one calf looks bigger than the other and it's tender and tight",
		"2 knee, popped out for a quick 5k, bit achy after, fine now",
		"four comma knee comma my sister's knee locks but mine just aches after hills full stop",
		"knee 4/10, didn't fall or twist it, no clicking, but I keep waking up at 3am with it throbbing",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r, err := ParsePain(texts[i%len(texts)])
		if err == nil {
			_ = Triage(r)
		}
	}
}

// Issue 11 families: red flags said without the keyword, one table per
// family. Each row is a wording the lexicon must hold, not a tuned sentence.
func TestDetectFlagsIdioms(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"one calf looks bigger than the other and it's tender", []Flag{FlagCalfSwelling}},
		{"calf tight as a drum and puffy", []Flag{FlagCalfSwelling}},
		{"my right calf is thicker than the left", []Flag{FlagCalfSwelling}},
		{"knee is more thick than the other one", []Flag{FlagSwelling}},
		{"theres a squishy bulge round the kneecap", []Flag{FlagSwelling}},
		{"knee buckled on the camber", []Flag{FlagGivingWay}},
		{"knee just went on the turn", []Flag{FlagGivingWay}},
		{"knee went to jelly on the steps", []Flag{FlagGivingWay}},
		{"it goes away under me when I turn", []Flag{FlagGivingWay}},
		{"it is not stable", []Flag{FlagGivingWay}},
		{"knee seized mid-stride and wouldn't straighten", []Flag{FlagLocking}},
		{"it blocks and I cannot stretch it", []Flag{FlagLocking}},
		{"it stays bent and won't go straight", []Flag{FlagLocking}},
		{"pressing one point on the bone hurts", []Flag{FlagBonePain}},
		{"skipping on that leg hurts", []Flag{FlagBonePain}},
		{"jumping on that leg = ouch", []Flag{FlagBonePain}},
		{"hurts like hell when I hop on that leg", []Flag{FlagBonePain}},
		{"tender to touch in one place on the shin", []Flag{FlagBonePain}},
		{"aches in bed and keeps me up", []Flag{FlagNightPain}},
		{"aches even when I'm just sitting on the couch", []Flag{FlagNightPain}},
		{"the pain comes also when I am sleeping", []Flag{FlagNightPain}},
		{"my foot falls asleep after a few k", []Flag{FlagNumbness}},
		{"my foot drags and scuffs the ground", []Flag{FlagNumbness}},
		{"outside of my thigh feels like a dentist's injection", []Flag{FlagNumbness}},
		{"the knee feels warm compared to the other one", []Flag{FlagHotJoint}},
		{"went down hard on the trail", []Flag{FlagTrauma}},
		{"took a tumble on the descent", []Flag{FlagTrauma}},
		{"tripped on a kerb", []Flag{FlagTrauma}},
		{"stacked it on the gravel", []Flag{FlagTrauma}},
		{"a cyclist clipped me on the towpath", []Flag{FlagTrauma}},
		{"felt it go mid sprint", []Flag{FlagTrauma}},
		{"has crept up each week though I've halved my mileage", []Flag{FlagWorsening}},
		{"heading the wrong way even though I deloaded", []Flag{FlagWorsening}},
		{"walking on my toes to keep weight off it", []Flag{FlagCannotBearWeight}},
		{"I walk like a penguin", []Flag{FlagCannotBearWeight}},
		{"can't put my heel down", []Flag{FlagCannotBearWeight}},
	})
}

func TestDetectFlagsNonNative(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"it becomes each week more worse", []Flag{FlagWorsening}},
		{"since two weeks it is more and more painful", []Flag{FlagWorsening}},
		{"each week it is more bad although I run less", []Flag{FlagWorsening}},
		{"the knee makes problems and gets fatter", []Flag{FlagSwelling}},
		{"like there is water inside", []Flag{FlagSwelling}},
		{"normal walking is not possible", []Flag{FlagCannotBearWeight}},
		{"when I make small jumps on this leg it gives a sharp pain", []Flag{FlagBonePain}},
		// dictated punctuation splits sentences and clauses
		{"no swelling full stop it locked on the stairs", []Flag{FlagLocking}},
		{"it twisted two years ago comma physio sorted it full stop", nil},
	})
}

func TestDetectFlagsOtherPeople(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"my running friend has twisted her ankle today, I am fine", nil},
		{"my husband's knee keeps giving way, mine's just achy", nil},
		{"my dog limps after long runs", nil},
		{"my sister's knee locks but mine just aches", nil},
		{"it is my wife who gets woken at night by her back not me", nil},
		{"coach's ankle is swollen, not mine", nil},
		{"my friend's stress fracture hurts when she hops, my hop is fine", nil},
		{"my daughter can't put weight on her ankle", nil},
		// the runner's own symptom still counts, and so does what others see in it
		{"my friend fell and then I fell too", []Flag{FlagTrauma}},
		{"my physio says it looks swollen", []Flag{FlagSwelling}},
		{"a dog ran into me", []Flag{FlagTrauma}},
		// tests that came back fine
		{"did the hop test, no problem", nil},
		{"the physio pressed all along the bone and nothing was sore", nil},
		{"I can hop without pain", nil},
	})
}

func TestDetectFlagsTypos(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"knee giveway on the stairs", []Flag{FlagGivingWay}},
		{"cant walk", []Flag{FlagCannotBearWeight}},
		{"swolen knee", []Flag{FlagSwelling}},
		{"tripd on a pothole", []Flag{FlagTrauma}},
		{"it lockked twice", []Flag{FlagLocking}},
		{"kneeswollen", []Flag{FlagSwelling}},
		{"nevr gave way not once", nil},
		{"nothing's puffy, nothing's hot", nil},
		{"❌ pins and needles ❌ numbness just stiff", nil},
		{"swelling? none", nil},
		// a common word is never corrected into a symptom word
		{"it looks fine", nil},
		{"looking good", nil},
		{"hoping it settles", nil},
		{"trapped in traffic", nil},
	})
}

func TestDetectFlagsSportTalk(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"popped out for a quick 5k, bit achy after, fine now", nil},
		{"went for it up the last hill", nil},
		{"crashed out on the couch after", nil},
		{"ice then a hot bath", nil},
		{"took a couple of painkillers", nil},
		{"popped a couple of ibuprofen", nil},
		{"worse on the last climb but gone by the time I stopped", nil},
		{"twisted it two years ago, physio sorted it", nil},
		{"the swelling went down months ago", nil},
		{"used to wake me at night back in spring but that stopped ages ago", nil},
		{"locked in at marathon pace for 8 miles", nil},
		{"fell behind the group on the hills", nil},
		{"swell run this morning mate", nil},
		{"legs felt like limp noodles by the end", nil},
		{"twisty trail today", nil},
		{"numbed it with ice", nil},
		{"red shoes finally broken in", nil},
		{"legs were wobbly after the marathon", nil},
		{"sore after the fall 10k", nil},
		{"pace getting worse in the heat", nil},
		{"mileage creeping up this month", nil},
		{"rolled it with the foam roller", nil},
		{"weak legs on the hill reps", nil},
		{"blister popped", nil},
		{"my hip flexor feels a bit weak", nil},
		{"stuck behind slow runners", nil},
		{"slept through the night fine", nil},
		{"fine at rest", nil},
		{"my face went red on the hill", nil},
		{"fingers swollen in the heat", nil},
		{"I was buzzing after the race", nil},
		{"general ache along the shin bone", nil},
		{"a sore spot in my calf muscle", nil},
	})
}
