package coach

import (
	"slices"
	"testing"
)

// Fresh wordings for the dev11 families (none taken from a corpus). Each
// family lists wordings that must not fire and twins that must keep the
// flag, so a rule that fires too widely or not at all fails.
func TestExplainedFamilies(t *testing.T) {
	t.Parallel()
	families := map[string][]flagCase{
		"insect bites and stings explain a lump, redness, heat or a tingle": {
			{"bee sting on my shin, it's puffy and red. knee 2", nil},
			{"got bitten by mozzies on the trail, itchy red bumps all over my calves, hip 3", nil},
			{"horsefly bit me on the calf, big swollen itchy welt. achilles 2", nil},
			{"midge bites round my ankles, hot and itchy, arch 2", nil},
			{"my toes tingle like ants crawling under the skin", []Flag{FlagNumbness}},
			{"ants crawling in my foot after 3k", []Flag{FlagNumbness}},
			{"wasp sting on the calf and now it's red and hot and I've got a fever", []Flag{FlagHotJoint}},
			{"bee sting on my arm but my calf is swollen and tender", []Flag{FlagCalfSwelling}},
		},
		"animals are someone else": {
			{"the pony went lame on the hack, vet thinks a bruised hoof. my hip 2", nil},
			{"our spaniel has a swollen paw from a thorn, knee 3", nil},
			{"whippet pulled up limping after the beach, she's fine now. calf 2", nil},
			{"vet says a sprain, poor thing. I'm fine, shin 1", nil},
			{"the dog tripped me and I went down hard on my knee", []Flag{FlagTrauma}},
			{"walked the dog and my ankle swelled up after, 3", []Flag{FlagSwelling}},
		},
		"buzzing is excitement unless it is a sensation": {
			{"negative split the 10k, absolutely buzzing. knee 2", nil},
			{"new pb!! buzzing, hip 3", nil},
			{"the crowd at the finish had me buzzing, shin 2", nil},
			{"left foot buzzing since the long run", []Flag{FlagNumbness}},
			{"a buzzing down the outside of my leg into the toes", []Flag{FlagNumbness}},
			{"calf 2, weird buzzing feeling in the sole", []Flag{FlagNumbness}},
		},
		"a cramp, knot or spasm that let go is relief": {
			{"hamstring went into spasm at 12k, stretched and it let go, 3 now", nil},
			{"knot in my calf finally let go after the foam roller, calf 2", nil},
			{"the cramp quit after a few minutes of walking, calf 3", nil},
			{"calf cramped on the hill, massaged it until it let go. 2", nil},
			{"knee just lets go on the stairs", []Flag{FlagGivingWay}},
			{"got a cramp in my calf and then my knee let go on the descent", []Flag{FlagGivingWay}},
		},
		"walking from tiredness is pacing, not a limp": {
			{"totally cooked by 18 miles, walked to the top of every hill. knee 2", nil},
			{"power walked the steep bit, hip 2", nil},
			{"so tired I walked up the last climb, calf 2", nil},
			{"tired, and walking with a limp since the race", []Flag{FlagCannotBearWeight}},
			{"legs tired but I can't put weight on the left foot", []Flag{FlagCannotBearWeight}},
		},
		"a numbness gone once its cause was removed": {
			{"toes went numb in the cold sea swim, back to normal once I got out. shin 2", nil},
			{"foot numb on the turbo, fine once I got off the bike", nil},
			{"feet numb in the snow, ok after I warmed up. knee 2", nil},
			{"toes go numb at 5k, only fine once I stop running", []Flag{FlagNumbness}},
		},
		"gone within a time is past and resolved": {
			{"knee was puffy after the marathon but gone by Tuesday. 3 today", nil},
			{"ankle swelled up after the hike, down overnight. shin 2", nil},
			{"calf was swollen after the flight, gone the next morning. hip 2", nil},
			{"knee swollen again today, gone by bedtime yesterday but back now", []Flag{FlagSwelling}},
			{"knee not stable on stairs, ankles were puffy after the flight but gone by Monday", []Flag{FlagGivingWay}},
		},
		"hot food, drink and weather": {
			{"warm soup at the finish, lovely. calf 2", nil},
			{"hot toddy after the cold run, knee 3", nil},
			{"hot cross buns at the aid station! hip 1", nil},
			{"boiling afternoon for it, shin 2", nil},
			{"knee hot to the touch after the soup kitchen shift", []Flag{FlagHotJoint}},
			{"knee red and hot, then had a hot drink", []Flag{FlagHotJoint}},
		},
		"fever as a figure of speech": {
			{"excitement at fever pitch before the race, knee 2", nil},
			{"felt like a fever dream, that last mile. calf 3", nil},
			{"knee 3 and I've had a fever since last night", []Flag{FlagHotJoint}},
		},
		"locks are hair": {
			{"sweaty locks plastered to my head by 5k, hip 2", nil},
			{"got my locks trimmed yesterday, knee 2", nil},
			{"the barber took my locks off, shin 1", nil},
			{"knee locks when I squat", []Flag{FlagLocking}},
			{"knee locks, cut my run short", []Flag{FlagLocking}},
		},
	}
	for family, cases := range families {
		for _, tc := range cases {
			if got := DetectFlags(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("%s: DetectFlags(%q)\n got  %v\n want %v", family, tc.text, got, tc.want)
			}
		}
	}
}

// Score and place forms of the dev11 round: run-together words, a current
// score beside a past one, ranges with a dash before "/10".
func TestParsePainScoreForms11(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text   string
		score  int
		region string
		side   string
	}{
		// words run together
		{"lowerback 3", 3, RegionLowerBack, ""},
		{"myleftknee 4 after hills", 4, RegionKnee, SideLeft},
		{"2 rightcalf tight", 2, RegionCalf, SideRight},
		{"hipflexors a 3", 3, RegionHip, ""},
		{"3 into the hills, knee", 3, RegionKnee, ""}, // "into" is not split
		// the current score wins when both are dated
		{"calf a 1 today, was a 4 on Friday", 1, RegionCalf, ""},
		{"hamstring now 2, was 5 a few days ago", 2, RegionHamstring, ""},
		{"ankle down to 2 from a 6 last month", 2, RegionAnkle, ""},
		{"went from 5 to 2 this week, heel", 2, RegionFoot, ""},
		{"knee 1, much better than yesterday's 3", 1, RegionKnee, ""},
		{"knee 4, was a 6 during the run", 6, RegionKnee, ""}, // undated: the worse one
		{"shin 5 now, was 2 at the weekend", 5, RegionShin, ""},
		// ranges with a dash before "/10"
		{"knee 4-5/10", 5, RegionKnee, ""},
		{"achilles 3 - 4/10 on the hills", 4, RegionAchilles, ""},
		{"calf 2–3/10", 3, RegionCalf, ""},
		{"shin 3/10-4/10", 4, RegionShin, ""},
	} {
		r, err := ParsePain(c.text)
		if err != nil {
			t.Errorf("ParsePain(%q): %v", c.text, err)
			continue
		}
		if r.Score != c.score || len(r.Places) != 1 || r.Places[0].Region != c.region || r.Places[0].Side != c.side {
			t.Errorf("ParsePain(%q) = score %d places %v, want %d %s %q", c.text, r.Score, r.Places, c.score, c.region, c.side)
		}
	}
	// A lone minus is not a range.
	if _, err := ParsePain("knee -3/10"); err == nil {
		t.Errorf(`ParsePain("knee -3/10") parsed; want a range error`)
	}
}

// "Spot on" as praise ends its sentence or names what was right; a spot on
// a bone followed by a full stop is still the runner's bone pain (found by
// FuzzDetectFlags: a following sentence un-flagged it).
func TestSpotOnIdiom(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"2 shin, sore spot on bony bit. hurts to hop", true},
		{"3 shin, one spot on the bone. it locked later", true},
		{"spot on bony. it locked", true},
		{"2 knee, pacing was spot on. legs fine", false},
		{"3 calf, spot on, mate, great session", false},
		{"2 hip, splits spot on pace all night", false},
	} {
		got := slices.Contains(DetectFlags(tc.text), FlagBonePain)
		if got != tc.want {
			t.Errorf("DetectFlags(%q) bone_pain = %v, want %v", tc.text, got, tc.want)
		}
	}
}
