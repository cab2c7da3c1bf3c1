package coach

import (
	"slices"
	"testing"
)

// Fresh wordings for the dev10 families (none taken from a corpus): each
// decoy keeps its flag word out, each twin beside it keeps the flag.
func TestDecoyFamilies(t *testing.T) {
	t.Parallel()
	cases := []flagCase{
		// right of way vs a knee that gave way
		{"stopped to give way to a tractor on the lane, knee 2", nil},
		{"knee gave way to the inside on the stairs", []Flag{FlagGivingWay}},
		// limbs that "will fall off" vs a fall
		{"honestly my feet are about to fall off, knee 2", nil},
		{"fell off the kerb at 3k, ankle 3", []Flag{FlagTrauma}},
		// autocorrect take-backs
		{"shin a bit numb, sorry, I meant sore. 2", nil},
		{"knee locking up - autocorrect, I meant aching", nil},
		// a noise explained away
		{"heard a crack, turned out it was a stick under my shoe. calf 2", nil},
		{"heard a crack in the knee and it swelled, 4", []Flag{FlagSwelling, FlagTrauma}},
		// a comparison between two things, not two times
		{"the blister is worse than the knee honestly, knee 2", nil},
		{"knee worse than last week despite resting, 3", []Flag{FlagWorsening}},
		// a named owner
		{"Priya's knee gave way at training. mine's a 2", nil},
		// general sources
		{"the leaflet says a hot swollen joint needs checking. mine is just stiff, 3", nil},
		// massage rolling vs a rolled ankle
		{"rolled my arch on a golf ball after, foot 3", nil},
		{"rolled my ankle on a stone, ankle 3", []Flag{FlagTrauma}},
		// a stumble caught vs a knee that catches
		{"almost tripped on a root but caught myself, hip 2", nil},
		{"knee catches when I squat, 3", []Flag{FlagLocking}},
		// figurative owners and sunburn
		{"my bank balance swelled after payday, knee 2", nil},
		{"got sunburnt on the long run, shins red and hot, 2", nil},
		{"heat coming off my ankle and the skin looks sunburnt", []Flag{FlagHotJoint}},
		// common words one edit from a typo target
		{"knee crunches going upstairs, always has, no pain. 2", nil},
		{"a tinge of ache in the calf, 2", nil},
		// checks passed, the test's name
		{"physio examined the knee for giving way, everything is fine. 3", nil},
		{"bone scan came back fine, shin 2", nil},
		// sensations shaken off, travel numbness, needling puns
		{"foot went numb for a minute, walked it off and ran normally. 2", nil},
		{"numb backside from the train to the race, hamstring 2", nil},
		{"acupuncture today, plenty of pins and needles from the needles themselves lol, back 3", nil},
		// recall: the families added in recall10.go
		{"hip hurts when I'm trying to get to sleep", []Flag{FlagNightPain}},
		{"slammed into a bollard at the turn, thigh 3", []Flag{FlagTrauma}},
		{"my toes go all sleepy after 5k", []Flag{FlagNumbness}},
		{"knee puffed up on me overnight", []Flag{FlagSwelling}},
		{"the kneecap has disappeared into the swelling", []Flag{FlagSwelling}},
		{"can't take a normal step on it", []Flag{FlagCannotBearWeight}},
		{"had to wiggle it loose before I could run on", []Flag{FlagLocking}},
	}
	for _, tc := range cases {
		if got := DetectFlags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("DetectFlags(%q)\n got  %v\n want %v", tc.text, got, tc.want)
		}
	}
}

// Ratings of other things are not pain scores; a spelled score after the
// pain's name is.
func TestOtherRatings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text  string
		score int
	}{
		{"knee 1, energy 9/10 today", 1},
		{"effort 8/10 on the tempo, hip 2", 2},
		{"calf: pain nil now", 0},
		{"shin, pain is a four", 4},
	} {
		r, err := ParsePain(tc.text)
		if err != nil || r.Score != tc.score {
			t.Errorf("ParsePain(%q) = score %d, err %v; want %d", tc.text, r.Score, err, tc.score)
		}
	}
}
