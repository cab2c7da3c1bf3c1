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
