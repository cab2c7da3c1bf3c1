package coach

import (
	"slices"
	"testing"
)

// A corpus of realistic, messy pain reports as runners actually type them:
// typos, slang, run-on sentences, negations and red flags buried mid-way.
// Over-triage is the safe side, so a missed flag is a failure while the
// expected lists here were written by hand, one report at a time.
var corpus = []flagCase{
	// plain amber-ish reports: no flags
	{"knee a bit achy after parkrun, nothing major, felt ok on the warm down", nil},
	{"sore under the kneecap going down stairs, no swelling or anything", nil},
	{"outside of my knee gets tight around 8k, foam rolled it, no swelling no locking", nil},
	{"shins a bit sore after the track session, normal stuff I think", nil},
	{"achilles stiff first thing in the morning then fine once warmed up", nil},
	{"hamstring niggle, it's not swollen and I can walk fine", nil},
	{"little ache at the front of my knee, doesn't lock or give way, just annoying", nil},
	{"calf tight after hills, not swollen, not hot, just tight", nil},
	{"nothing dramatic - no numbness/tingling, no night pain, just sore", nil},
	{"IT band flaring again after long run, no pops, no clicks, no swelling tho", nil},
	{"plantar fascia grumbling, worse first thing in the morning but eases off", nil},
	{"hip a bit stiff, definately not swolen, havent fallen or anything", nil},
	{"niggle in the left knee. no swelling. no locking. no giving way. just sore", nil},
	{"my knee's fine, it's my ego that's hurt lol", nil},
	{"ran 10k at night, knee 3/10 after, sore on stairs", nil},
	{"legs were screaming on the last hill but knee only a 2", nil},

	// one flag, stated plainly but messily
	{"knee swolen up after the long run, like a balloon honestly", []Flag{FlagSwelling}},
	{"kneee is sweling a bit round the side", []Flag{FlagSwelling}},
	{"it kinda locks when i straighten it after sitting", []Flag{FlagLocking}},
	{"keeps catching when i squat and then clicks free", []Flag{FlagLocking}},
	{"went to step off the kerb and it just buckeled", []Flag{FlagGivingWay}},
	{"knee feels wobbly and unstable on the downhills", []Flag{FlagGivingWay}},
	{"limpin home from the club run, couldnt really put weight on it", []Flag{FlagCannotBearWeight}},
	{"shin has one really sore spot right on the bone", []Flag{FlagBonePain}},
	{"groin pain deep inside, and it hurts to hop on the right leg", []Flag{FlagBonePain}},
	{"the ache keeps me up at night now", []Flag{FlagNightPain}},
	{"knee is red and hot to touch", []Flag{FlagHotJoint}},
	{"foot goes numb around mile 4", []Flag{FlagNumbness}},
	{"tingly toes and pins & needles after long runs", []Flag{FlagNumbness}},
	{"calf is swollen and heavy, not sure what i did", []Flag{FlagCalfSwelling}},
	{"tripped on a tree root at 6k and finished the run but it's sore", []Flag{FlagTrauma}},
	{"rolled my ankle on the trail", []Flag{FlagTrauma}},
	{"it's been getting worse every week even tho I cut my mileage", []Flag{FlagWorsening}},
	{"rested 2 weeks and it's no better", []Flag{FlagWorsening}},

	// flags hidden in long sentences, after a run of negations
	{"honestly it's mostly fine, no swelling, can walk ok, did my strength session yesterday and the physio exercises, but going downstairs this morning it sort of gave way for a second", []Flag{FlagGivingWay}},
	{"no swelling no heat nothing like that, just the usual ache at the front of the knee which started around 5k and then on the walk home it locked up for a few seconds", []Flag{FlagLocking}},
	{"did the long run, 18k, felt good for the first 12 then the outside of my knee started, no big deal, although I'm now noticing my calf is puffy and feels heavy", []Flag{FlagCalfSwelling}},
	{"knee 4/10, didn't fall or twist it, no clicking, but I keep waking up at 3am with it throbbing", []Flag{FlagNightPain}},
	{"shin sore, not swollen, and now it hurts to hop which is new", []Flag{FlagBonePain}},
	{"nothing major just tight hips, although my left foot went numb for the last 2k", []Flag{FlagNumbness}},
	{"no real pain at rest, no swelling, just sore when running - although it's definitely getting worse each run", []Flag{FlagWorsening}},
	{"the swelling from last week is fine now but it catches when I bend it", []Flag{FlagLocking}},
	{"was ok at parkrun, then slipped on wet leaves on the cool down, knee is a bit swollen now", []Flag{FlagSwelling, FlagTrauma}},

	// several flags
	{"knee swollen and locked twice on the stairs", []Flag{FlagSwelling, FlagLocking}},
	{"fell hard, knee swollen, cant walk properly, its hot", []Flag{FlagSwelling, FlagCannotBearWeight, FlagHotJoint, FlagTrauma}},
	{"agony, heard a pop and now it keeps giving way", []Flag{FlagGivingWay, FlagTrauma, FlagSevere}},

	// past and resolved vs current
	{"knee gave way once years ago playing football, fine now, today it's just achy", nil},
	{"used to lock as a teenager, fine since, now it's sore after intervals", nil},
	{"locked years ago, fine now, but this morning it locked again", []Flag{FlagLocking}},

	// slang and indirect wording
	{"knee blew up after parkrun", []Flag{FlagSwelling}},
	{"knee is massive compared to the other one", []Flag{FlagSwelling}},
	{"knee went from under me on the stairs", []Flag{FlagGivingWay}},
	{"can’t weight bear", []Flag{FlagCannotBearWeight}},
	{"walking with a limp since sunday", []Flag{FlagCannotBearWeight}},
	{"it's throbbing all night", []Flag{FlagNightPain}},
	{"felt something snap at 10k", []Flag{FlagTrauma}},
	{"foot feels dead and keeps going to sleep", []Flag{FlagNumbness}},
	{"calf is fat and sore", []Flag{FlagCalfSwelling}},
	{"shooting pain down my leg", []Flag{FlagNumbness}},
	{"pain is 10x worse than last week", []Flag{FlagWorsening}},
	{"not swollen i think but it's definitely warm", []Flag{FlagHotJoint}},
	{"no obvious swelling, bit puffy maybe", []Flag{FlagSwelling}},
	{"knee isnt swollen but my calf is", []Flag{FlagCalfSwelling}},
	{"doesn't lock but the other knee does", []Flag{FlagLocking}},
	{"swelling? yes", []Flag{FlagSwelling}},
	{"no idea why it locks", []Flag{FlagLocking}},

	// hedged
	{"maybe a little swollen? hard to tell", []Flag{FlagSwelling}},
	{"not sure but I think it might have given way a bit", []Flag{FlagGivingWay}},
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	if len(corpus) < 40 {
		t.Fatalf("corpus has %d cases; want at least 40", len(corpus))
	}
	for _, tc := range corpus {
		got := DetectFlags(tc.text)
		if !slices.Equal(got, tc.want) {
			t.Errorf("DetectFlags(%q)\n got  %v\n want %v", tc.text, got, tc.want)
		}
	}
}
