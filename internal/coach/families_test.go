package coach

import (
	"slices"
	"testing"
)

// Families of everyday talk that mention a symptom word without it being
// the runner's red flag now (issue 11 §2). Each case is a fresh wording of
// its family, not a corpus sentence: the context rules must hold for the
// family, whatever the symptom.
func TestDetectFlagsContextFamilies(t *testing.T) {
	t.Parallel()
	for family, texts := range map[string][]string{
		"other people": {
			"my training partner went over on her ankle at 6k, I'm grand",
			"watched a lad stack it on the descent, my shin's ok",
			"the oke next to me collapsed in the heat, I'm fine",
			"my patient can't weight bear at all, me just achy after clinic",
			"pupper limping, me fine",
		},
		"past and resolved": {
			"sprained my ankle 3 years back, totally healed",
			"had a stress fracture in 2019, this feels nothing like that",
			"the numbness I had in my toes last winter has long gone",
			"gave way once playing hurling as a young lad, nothing since",
			"it locked once back in March, physio sorted it, no dramas since",
			"two years ago I had the knee swollen after ski, now is OK",
			"sprained it in my twenties, occasional stiffness",
		},
		"negation forms": {
			"swelling - none. locking - none.",
			"swelling? nah. just sore going downstairs",
			"swelling no, locking no, only pain",
			"hard to say if it's swollen, probably not",
			"wouldn't say it's worse at all, if anything better",
			"it's not puffy or anything, chill",
			"no tender spot on the bone, just achy along the inside",
			"I have been reading about hot joints and locking knees and am pleased to say I have neither",
		},
		"sport talk": {
			"fell in with a fast group and hung on",
			"gave way to a cyclist on the towpath, all good",
			"tripped the timer late so my splits are all off",
			"bowled over by how good the run was",
			"swelling with pride, first 10k done",
			"absolutely puffed on the hills",
			"the lads fell about laughing at the state of me",
			"a cyclist nearly collided with me but I dodged him",
			"the DOMS are unreal, can barely walk down stairs",
			"swole legs from squats lol",
			"calves felt heavy on the hills, just tired legs",
		},
		"treatment and causes": {
			"deep heat rub so it feels warm",
			"used a heat pack and it feels warm and loose",
			"knee felt hot after I sat by the fire",
			"rolled it on a golf ball",
			"tingly feet from the ice bath",
			"pins and needles from sitting cross legged at work",
			"ankles swell a bit on hot days",
		},
		"tests came back fine": {
			"my GP arranged a scan to exclude a clot; it was entirely normal",
			"hopped 20 times on each leg no bother",
			"the doc said it's just shin splints, I was worried about a stress fracture",
			"worried about DVT after the flight so got it checked, all fine",
		},
		"within one run, or level": {
			"during the run it became more worse, after I stop it was going away",
			"worse for the first mile then warmed up fine",
			"got worse as the run went on but settled by the evening",
			"not worse, not better, same as last week",
			"a bit worse than yesterday but better than Monday",
			"worse in the mornings",
			"hobbled a bit first thing this morning then fine once moving",
		},
	} {
		for _, text := range texts {
			if got := DetectFlags(text); len(got) > 0 {
				t.Errorf("%s: DetectFlags(%q) = %v, want none", family, text, got)
			}
		}
	}
}

// The same families must not swallow a real flag said alongside them.
func TestDetectFlagsContextKeepsRealFlags(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"x-ray was clear last month but now there's one spot on the bone I can't hop on", []Flag{FlagBonePain}},
		{"deep ache in the hip when I hop on that side, fine walking", []Flag{FlagBonePain}},
		{"hopping on it hurts but walking is fine", []Flag{FlagBonePain}},
		{"used deep heat, but the knee is red and hot", []Flag{FlagHotJoint}},
		{"worse each week, eases once warmed up", []Flag{FlagWorsening}},
		{"no better, same as last week despite two weeks of rest", []Flag{FlagWorsening}},
		{"fell 2 years ago and it has never been right since", []Flag{FlagTrauma}},
		{"calf heavy and swollen, tired too", []Flag{FlagCalfSwelling}},
		{"looks like somebody shoved a grapefruit under the skin", []Flag{FlagSwelling}},
		{"knee ran away from under me on the stairs, almost I fell", []Flag{FlagGivingWay}},
		{"aches even sitting on the couch doing nothing", []Flag{FlagNightPain}},
	})
}

// Idioms with no keyword, by flag: one line in the lexicon each.
func TestDetectFlagsIdiomFamilies(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"water collection is there in the knee it seems, looks bulged", []Flag{FlagSwelling}},
		{"my left knee is rather fuller than its fellow", []Flag{FlagSwelling}},
		{"definitely fatter than my left", []Flag{FlagSwelling}},
		{"it's come up like an egg", []Flag{FlagSwelling}},
		{"feels like there's a sponge under the kneecap", []Flag{FlagSwelling}},
		{"my knee is stolen after the long run", []Flag{FlagSwelling}}, // autocorrect
		{"sometimes knee is stop, not move, I push with hand then OK", []Flag{FlagLocking}},
		{"the joint occasionally seizes and must be coaxed straight with my hand", []Flag{FlagLocking}},
		{"knee not straight fully, some thing stuck inside", []Flag{FlagLocking}},
		{"knee just went, had to grab the fence", []Flag{FlagGivingWay}},
		{"it went under me on the descent", []Flag{FlagGivingWay}},
		{"keeps slipping out and back in", []Flag{FlagGivingWay}},
		{"when I walk sometimes knee goes inside and I almost fall", []Flag{FlagGivingWay}},
		{"cant even walk to the fridge", []Flag{FlagCannotBearWeight}},
		{"hopping everywhere", []Flag{FlagCannotBearWeight}},
		{"can only walk on the outside of my foot", []Flag{FlagCannotBearWeight}},
		{"walking on my heel to avoid pressure on the front", []Flag{FlagCannotBearWeight}},
		{"Hopping on the affected side produces a deep pain in the groin", []Flag{FlagBonePain}},
		{"hopping on the right makes me wince", []Flag{FlagBonePain}},
		{"pain is coming in night also, when I am lying down", []Flag{FlagNightPain}},
		{"night time also paining, not able to sleep", []Flag{FlagNightPain}},
		{"like a radiator, glowing red", []Flag{FlagHotJoint}},
		{"my foot is sleeping, like ants walking on it", []Flag{FlagNumbness}},
		{"toes go dead after 5k", []Flag{FlagNumbness}},
		{"half my foot feels like cotton wool", []Flag{FlagNumbness}},
		{"calf heavy and tight and looks bigger since the flight home", []Flag{FlagCalfSwelling}},
		{"my left calf has enlarged somewhat and is tender to the touch", []Flag{FlagCalfSwelling}},
		{"one calf become thick and pain when I touch", []Flag{FlagCalfSwelling}},
		{"my calf is twice the size of the other one", []Flag{FlagCalfSwelling}},
		{"I ate it on the stairs", []Flag{FlagTrauma}},
		{"I lost my footing on the cobbles and came down heavily", []Flag{FlagTrauma}},
		{"landed on a stone and turned it", []Flag{FlagTrauma}},
		{"went over it in a pothole", []Flag{FlagTrauma}},
		{"the pain is bigger every week", []Flag{FlagWorsening}},
		{"each week it comes on a bit earlier in the run", []Flag{FlagWorsening}},
		{"it's been going downhill for a month", []Flag{FlagWorsening}},
	})
}

// The context layer of the dev3 round, one row per family, each applied to
// flags other than the one it was first seen with.
func TestDetectFlagsContextLayer(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		// past and resolved: a cue after, a past marker before
		{"my ankle used to give way in my teens, hasn't for years", nil},
		{"it swelled up once at school, never again", nil},
		{"was hobbling last month but walking normally since the weekend", nil},
		{"calf was puffy after the flight, back to normal since", nil},
		{"locked once last winter, rock solid since, but today it locked again", []Flag{FlagLocking}},
		{"it has not settled for weeks and it keeps me up", []Flag{FlagNightPain, FlagWorsening}},
		// things and animals as the subject
		{"my garmin froze and then the screen locked up, knee fine", nil},
		{"the boardwalk gave way under a cyclist, I was fine", nil},
		{"our spaniel is limping, my knee just aches", nil},
		{"the dog woke me at 5, knee ok", nil},
		// postposed negation
		{"locking? not really", nil},
		{"pins and needles: neither", nil},
		{"puffy it is not", nil},
		// within one run, settled after
		{"got worse every lap of the intervals, settled by the time I got home", nil},
		{"worse each week, settled for an hour after the run", []Flag{FlagWorsening}},
		// figurative idioms
		{"that hill knocked me for six", nil},
		{"on pins and needles about my marathon place", nil},
		// frames
		{"it sort of sticks before it will straighten", []Flag{FlagLocking}},
		{"had to bum shuffle down the stairs", []Flag{FlagCannotBearWeight}},
		{"went down on the wet leaves", []Flag{FlagTrauma}},
		{"aches even sitting still at work", []Flag{FlagNightPain}},
	})
}

// The false-alarm families of the dev4 round, each in fresh wording and
// applied across flags, with the real flags each must not swallow.
func TestDetectFlagsFalseAlarmFamilies(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		// a cause clause: treatment, kit or weather made the sensation
		{"my soles went numb from the cold plunge", nil},
		{"the compression boots made my calves tingle, knee fine", nil},
		{"shin felt warm from the sunshine on the way home", nil},
		{"shoulders red from the sun, hip a bit tight", nil},
		{"cold morning and my toes were numb for the first mile", nil},
		{"knee went numb from the ice, calf just tight", nil},
		// a negated cause explains nothing, and a sensation that outlasts its cause stays
		{"knee feels warm and it's not from the hot water bottle", []Flag{FlagHotJoint}},
		{"toes still numb even after I loosened the laces", []Flag{FlagNumbness}},
		{"iced it and the knee is still hot to the touch", []Flag{FlagHotJoint}},
		{"knee hot like fire since yesterday", []Flag{FlagHotJoint}},
		{"my foot goes numb at 5k every run", []Flag{FlagNumbness}},
		// the subject is someone or something else
		{"my running buddy can't put weight on her ankle, mine is just stiff", nil},
		{"the stranger I helped couldn't walk on his foot, my shin is ok", nil},
		{"the belt on the treadmill locked mid-run, knee fine", nil},
		{"my knee can't take weight on the stairs", []Flag{FlagCannotBearWeight}},
		// past and resolved with a strong cue anywhere earlier in the sentence
		{"back in 2018 the ankle was swollen for weeks, physio fixed it", nil},
		{"as a teenager my knee used to lock, grew out of it by twenty", nil},
		{"the tingling in my foot after the op never came back", nil},
		{"locked a few times years ago, no locking since", nil},
		{"gave way a lot as a kid, fine for years, but it went again yesterday and gave way on the stairs", []Flag{FlagGivingWay}},
		// negation over hurt/bother/wake, "never once", "? never"
		{"doesn't bother me in bed and doesn't hurt at rest", nil},
		{"hasn't once given way", nil},
		{"locking? never", nil},
		// tiredness: both legs after the session
		{"legs went wobbly after the hill reps, just tired", nil},
		{"couldn't feel my legs at the end of the race, fine after a sandwich", nil},
		{"my left leg went weak and wobbly on the stairs", []Flag{FlagGivingWay, FlagNumbness}},
		// a slip that ended on one's feet, a blow as a simile
		{"slipped on the bridge but caught myself", nil},
		{"hamstring feels like it's been hit by a truck after the sprints", nil},
		{"slipped on the bridge and landed hard on my knee", []Flag{FlagTrauma}},
		// sport idioms
		{"the wheels came off at 35k", nil},
		{"dropped off the back of the pack on the climb", nil},
		{"my downhill technique is weak", nil},
		{"pain is increasing despite the rest week", []Flag{FlagWorsening}},
		// within one run, settled
		{"calf got worse for a bit on the climb then settled on the flat", nil},
		{"it is easing off week on week", nil},
	})
}

// Metaphor, body-feel and consequence wordings (the dev5 round): each flag
// has concept classes (images of a swollen joint, verbs of a knee that lets
// go, ways a limb refuses weight, the small hours, hot things, rising pain),
// matched near a body part. Fresh wordings, not corpus sentences.
func TestDetectFlagsConceptFamilies(t *testing.T) {
	t.Parallel()
	for _, tc := range []flagCase{
		{"ankle looks like a tennis ball stuck under the skin", []Flag{FlagSwelling}},
		{"my knee is twice its size this morning", []Flag{FlagSwelling}},
		{"the hollows beside my kneecap have gone, smooth all round", []Flag{FlagSwelling}},
		{"can't get my trainer on over the ankle", []Flag{FlagSwelling}},
		{"calf like a stuffed sausage and tender", []Flag{FlagCalfSwelling}},
		{"my knee sort of sags on the stairs", []Flag{FlagGivingWay}},
		{"the knee just lets go when I step off a kerb", []Flag{FlagGivingWay}},
		{"feels like missing a step on flat ground, then the knee's fine again", []Flag{FlagGivingWay}},
		{"knee feels like a wet noodle, won't hold me on the stairs", []Flag{FlagGivingWay}},
		{"the foot refuses any weight this morning", []Flag{FlagCannotBearWeight}},
		{"putting weight through it is out of the question", []Flag{FlagCannotBearWeight}},
		{"borrowed a walking stick to get to the shops", []Flag{FlagCannotBearWeight}},
		{"every step is a wince so I'm on my heel", []Flag{FlagCannotBearWeight}},
		{"hopping on it is a no way", []Flag{FlagBonePain}},
		{"wakes me with a pounding ache", []Flag{FlagNightPain}},
		{"the 2am throb is back", []Flag{FlagNightPain}},
		{"resting doesn't settle it at all", []Flag{FlagNightPain}},
		{"ankle feels like a cup of tea, warm through my sock", []Flag{FlagHotJoint}},
		{"knee is toasty to the touch", []Flag{FlagHotJoint}},
		{"temp of 38.4 and the knee aches", []Flag{FlagHotJoint}},
		{"my toes feel like they're wrapped in cling film", []Flag{FlagNumbness}},
		{"the foot forgets to lift on the hills", []Flag{FlagNumbness}},
		{"sole feels like I'm in two pairs of socks", []Flag{FlagNumbness}},
		{"it keeps ratcheting up though I've cut back", []Flag{FlagWorsening}},
		{"the ache is snowballing", []Flag{FlagWorsening}},
		{"my ankle went crunch on a pothole", []Flag{FlagTrauma}},
		{"somebody trod on my foot in the start pen", []Flag{FlagTrauma}},
	} {
		if got := DetectFlags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("DetectFlags(%q)\n got  %v\n want %v", tc.text, got, tc.want)
		}
	}
}

// Traps for the same classes: the image or the word is there, the flag
// isn't (other subjects, weather, kit, resolved past, questions answered
// no, within-run).
func TestDetectFlagsConceptTraps(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"the stream was swollen after the rain so we turned back",
		"pride swelled a bit at the finish, knee ok",
		"midge bite on my ankle swelled up, the ache is in the arch",
		"my new racers feel wobbly underfoot, knee a bit sore",
		"buckled the kid's helmet and set off, knee fine",
		"stuck to my plan all week, knee grumbling a little",
		"my bag zip keeps jamming, knee is fine",
		"the puppy wakes me at 3am, not the knee",
		"couldn't sleep before the race from nerves, legs fine",
		"physio asked about locking, no, never",
		"it has never jammed or caught, just aches",
		"the numbness from 2018 went away after physio, back is muscular",
		"a bit of tingle from the tiger balm, knee sore",
		"the walking stick in the hall is my dad's, I'm fine",
		"worse after a run than before, which is normal for me",
		"a bit worse for wear after the wedding, knee 2",
		"the sprints were worse than I remember, knee 3",
		"skin and bones after the build, knee 2",
		"it was scorching hot on the run, knee achy",
		"feverish pace at the end, knee ok",
		"mileage keeps climbing nicely, knee fine",
		"can't bear the weight of expectation before sunday, knee fine",
	} {
		if got := DetectFlags(text); len(got) != 0 {
			t.Errorf("DetectFlags(%q) = %v, want none", text, got)
		}
	}
}
