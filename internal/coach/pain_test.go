package coach

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParsePain(t *testing.T) {
	t.Parallel()
	type want struct {
		score  int
		places []Place
		onset  float64
		flags  []Flag
	}
	knee := Place{Region: RegionKnee, Score: -1}
	leftKnee := Place{Region: RegionKnee, Side: SideLeft, Score: -1}
	tests := []struct {
		in   string
		want want
	}{
		{"3 knee", want{3, []Place{knee}, 0, nil}},
		{"3/10 knee", want{3, []Place{knee}, 0, nil}},
		{"3 / 10 knee", want{3, []Place{knee}, 0, nil}},
		{"3 out of 10 knee", want{3, []Place{knee}, 0, nil}},
		{"three knee", want{3, []Place{knee}, 0, nil}},
		{"Three/10 knee", want{3, []Place{knee}, 0, nil}},
		{"zero knee", want{0, []Place{knee}, 0, nil}},
		{"ten knee", want{10, []Place{knee}, 0, []Flag{FlagSevere}}},
		{"seven knee", want{7, []Place{knee}, 0, []Flag{FlagSevere}}},
		{"10/10!!! knee", want{10, []Place{knee}, 0, []Flag{FlagSevere}}},
		{"knee 5/10", want{5, []Place{knee}, 0, nil}},
		{"knee five", want{5, []Place{knee}, 0, nil}},
		{"left knee 4", want{4, []Place{leftKnee}, 0, nil}},
		{"4 left knee", want{4, []Place{leftKnee}, 0, nil}},
		{"4 knee (left)", want{4, []Place{leftKnee}, 0, nil}},
		{"4 L knee", want{4, []Place{leftKnee}, 0, nil}},
		{"3knee", want{3, []Place{knee}, 0, nil}},
		{"knee5", want{5, []Place{knee}, 0, nil}},
		{"4 out of ten knee", want{4, []Place{knee}, 0, nil}},
		{"knee: 4", want{4, []Place{knee}, 0, nil}},
		{"my knee is like a 6", want{6, []Place{knee}, 0, nil}},
		{"knee 4 at 7:30 pace", want{4, []Place{knee}, 0, nil}},
		{"knee 4 after 45 mins", want{4, []Place{knee}, 0, nil}},
		{"5 knee, 2nd time this week", want{5, []Place{knee}, 0, nil}},
		{"left knee 5 right knee 2", want{5, []Place{{Region: RegionKnee, Side: SideLeft, Score: 5}, {Region: RegionKnee, Side: SideRight, Score: 2}}, 0, nil}},
		{"hip 2 groin 3 after 10k", want{3, []Place{{Region: RegionHip, Score: 2}, {Region: RegionGroin, Score: 3}}, 10000, nil}},
		{"KNEE 2", want{2, []Place{knee}, 0, nil}},
		{"2.5 knee", want{3, []Place{knee}, 0, nil}}, // halves round up
		{"6.5 knee", want{7, []Place{knee}, 0, []Flag{FlagSevere}}},
		{"3-4 knee", want{4, []Place{knee}, 0, nil}}, // a range counts as its worse end
		{"knee 5 shin 3", want{5, []Place{{Region: RegionKnee, Score: 5}, {Region: RegionShin, Score: 3}}, 0, nil}},
		{"5 knee 3 shin", want{5, []Place{{Region: RegionKnee, Score: 5}, {Region: RegionShin, Score: 3}}, 0, nil}},
		{"shin 2, knee 6", want{6, []Place{{Region: RegionShin, Score: 2}, {Region: RegionKnee, Score: 6}}, 0, nil}},
		{"knee 3/10 shin 8/10", want{8, []Place{{Region: RegionKnee, Score: 3}, {Region: RegionShin, Score: 8}}, 0, []Flag{FlagSevere}}},
		{"3 knee and shin", want{3, []Place{knee, {Region: RegionShin, Score: -1}}, 0, nil}},
		{"6 left knee swollen, started at 2 miles", want{6, []Place{leftKnee}, 2 * MetersPerMile, []Flag{FlagSwelling}}},
		{"4 knee at 5k", want{4, []Place{knee}, 5000, nil}},
		{"knee 4, kicked in after 3k", want{4, []Place{knee}, 3000, nil}},
		{"knee 3, started at 5km", want{3, []Place{knee}, 5000, nil}},
		{"knee 3 about 2 miles in", want{3, []Place{knee}, 2 * MetersPerMile, nil}},
		{"knee 3 two miles in", want{3, []Place{knee}, 2 * MetersPerMile, nil}},
		{"3 achilles from 800m", want{3, []Place{{Region: RegionAchilles, Score: -1}}, 800, nil}},
		{"knee 4 at mile 3", want{4, []Place{knee}, 3 * MetersPerMile, nil}},
		{"ran 10k, knee 4", want{4, []Place{knee}, 0, nil}},   // a distance without an onset cue is not the onset
		{"5k then knee 4", want{4, []Place{knee}, 0, nil}},    // …and never the score
		{"knee 4 for 3 days", want{4, []Place{knee}, 0, nil}}, // a duration is not a score
		{"knee 4 after 2 weeks off", want{4, []Place{knee}, 0, nil}},
		{"3 IT band", want{3, []Place{{Region: RegionITBand, Score: -1}}, 0, nil}},
		{"3 outside of my right knee", want{3, []Place{{Region: RegionITBand, Side: SideRight, Score: -1}}, 0, nil}},
		{"2 kneecap", want{2, []Place{{Region: RegionKneecap, Score: -1}}, 0, nil}},
		{"2 under the kneecap", want{2, []Place{{Region: RegionKneecap, Score: -1}}, 0, nil}},
		{"4 patellar tendon", want{4, []Place{{Region: RegionPatellarTendon, Score: -1}}, 0, nil}},
		{"3 shins", want{3, []Place{{Region: RegionShin, Side: SideBoth, Score: -1}}, 0, nil}},
		{"5 calf", want{5, []Place{{Region: RegionCalf, Score: -1}}, 0, nil}},
		{"5 right achilles", want{5, []Place{{Region: RegionAchilles, Side: SideRight, Score: -1}}, 0, nil}},
		{"2 heel", want{2, []Place{{Region: RegionFoot, Score: -1}}, 0, nil}},
		{"2 arch of my foot", want{2, []Place{{Region: RegionFoot, Score: -1}}, 0, nil}},
		{"3 hip", want{3, []Place{{Region: RegionHip, Score: -1}}, 0, nil}},
		{"3 groin", want{3, []Place{{Region: RegionGroin, Score: -1}}, 0, nil}},
		{"3 hamstring", want{3, []Place{{Region: RegionHamstring, Score: -1}}, 0, nil}},
		{"3 lower back", want{3, []Place{{Region: RegionLowerBack, Score: -1}}, 0, nil}},
		{"1 left and right knee", want{1, []Place{{Region: RegionKnee, Side: SideBoth, Score: -1}}, 0, nil}},
		{"knee 3, no swelling", want{3, []Place{knee}, 0, nil}},
		{"knee 3 but it locked", want{3, []Place{knee}, 0, []Flag{FlagLocking}}},
	}
	for _, tt := range tests {
		r, err := ParsePain(tt.in)
		if err != nil {
			t.Errorf("ParsePain(%q) error %v", tt.in, err)
			continue
		}
		if r.Score != tt.want.score || !slices.Equal(r.Places, tt.want.places) ||
			math.Abs(r.OnsetMeters-tt.want.onset) > 1e-6 || !slices.Equal(r.Flags, tt.want.flags) {
			t.Errorf("ParsePain(%q)\n got  score=%d places=%v onset=%v flags=%v\n want score=%d places=%v onset=%v flags=%v",
				tt.in, r.Score, r.Places, r.OnsetMeters, r.Flags, tt.want.score, tt.want.places, tt.want.onset, tt.want.flags)
		}
		if r.Text != strings.TrimSpace(tt.in) {
			t.Errorf("ParsePain(%q).Text = %q", tt.in, r.Text)
		}
	}
}

func TestParsePainNotes(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"3 knee", ""},
		{"6 left knee swollen, started at 2 miles", "swollen, started at 2 miles"},
		{"3/10 knee sore on stairs", "sore on stairs"},
		{"knee 4 - dull ache", "dull ache"},
		{"hip 2 groin 3 after 10k", "after 10k"},
		{"achy knee, maybe a 3?", "achy, maybe a"},
	}
	for _, tt := range tests {
		r, _ := ParsePain(tt.in)
		if r.Notes != tt.want {
			t.Errorf("ParsePain(%q).Notes = %q; want %q", tt.in, r.Notes, tt.want)
		}
	}
}

func TestParsePainErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		err   error
		flags []Flag
	}{
		{"", ErrNoScore, nil},
		{"knee", ErrNoScore, nil},
		{"knee hurts", ErrNoScore, nil},
		{"knee hurts at 5k", ErrNoScore, nil},         // the distance is not a score
		{"knee hurts after 2 miles", ErrNoScore, nil}, // nor is this one
		{"sore", ErrNoScore, nil},
		{"11 knee", ErrScoreRange, nil},
		{"12/10 knee", ErrScoreRange, nil},
		{"-1 knee", ErrScoreRange, nil},
		{"knee 15", ErrScoreRange, nil},
		{"5", ErrNoPlace, nil},
		{"5/10", ErrNoPlace, nil},
		{"4 everywhere", ErrNoPlace, nil},
		{"10/10!!!", ErrNoPlace, []Flag{FlagSevere}},
		// red flags survive a failed parse so callers can still warn
		{"knee swollen and locked", ErrNoScore, []Flag{FlagSwelling, FlagLocking}},
		{"calf swollen and heavy", ErrNoScore, []Flag{FlagCalfSwelling}},
		{"15/10 fell and can't walk", ErrScoreRange, []Flag{FlagCannotBearWeight, FlagTrauma}},
	}
	for _, tt := range tests {
		r, err := ParsePain(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParsePain(%q) error = %v; want %v", tt.in, err, tt.err)
		}
		if !slices.Equal(r.Flags, tt.flags) {
			t.Errorf("ParsePain(%q).Flags = %v; want %v", tt.in, r.Flags, tt.flags)
		}
		if err != nil && !strings.Contains(err.Error(), "/pain 3 knee") {
			t.Errorf("error for %q does not show the form: %q", tt.in, err)
		}
	}
}

func TestPlaceLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Place
		want string
	}{
		{Place{Region: RegionKnee, Side: SideLeft}, "left knee"},
		{Place{Region: RegionITBand}, "IT band"},
		{Place{Region: RegionShin, Side: SideBoth}, "shin (both sides)"},
		{Place{Region: "elbow"}, "elbow"},
	}
	for _, tt := range tests {
		if got := tt.p.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q; want %q", tt.p, got, tt.want)
		}
	}
}

// A runner who names a place the coach doesn't know ("elbow") is told which
// places it does know, not asked "where does it hurt?" as if they hadn't said.
func TestNoPlaceNamesTheKnownPlaces(t *testing.T) {
	t.Parallel()
	_, err := ParsePain("4 elbow")
	if !errors.Is(err, ErrNoPlace) {
		t.Fatalf("ParsePain(4 elbow) error = %v; want ErrNoPlace", err)
	}
	for _, want := range []string{"knee", "shin", "Achilles", "lower back", "/pain 3 knee"} {
		if !strings.Contains(UserMessage(err), want) {
			t.Errorf("message %q lacks %q", UserMessage(err), want)
		}
	}
}

// Score forms runners use (issue 11): a distance is never a score.
func TestParsePainScoreForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		score int
	}{
		{"zero! knee", 0},
		{"nil, hamstring's fine now", 0},
		{"a four on the right knee", 4},
		{"calf a three by the end of the half-marathon", 3},
		{"hip's a nine after the trail ultra", 9},
		{"4ish achilles", 4},
		{"7ish achilles, tight", 7},
		{"kne 2ish after parkrun", 2},
		{"knee between 3 and 4", 4},
		{"knee between three and four", 4},
		{"knee 5/10 after a 10 miler", 5},
		{"knee 3 after a 10-miler", 3},
		{"knee pain 3 von 10", 3},
		{"knee, pain is 2 on 10", 2},
		{"1 outa 10 for the knee", 1},
		{"5/10 shin, ran 10 miles yesterday and 7 today", 5},
		{"three comma left hip comma sore", 3},
		{"3 back", 3},
		{"Left hip. I would place it at seven.", 7},
		{"knee, I'd put the discomfort at three", 3},
		{"calf, I would rate it a five", 5},
		{"knee, I'd say two", 2},
	}
	for _, tt := range tests {
		r, err := ParsePain(tt.in)
		if err != nil || r.Score != tt.score {
			t.Errorf("ParsePain(%q) = score %d, err %v; want %d", tt.in, r.Score, err, tt.score)
		}
		if slices.Contains(r.Flags, FlagSevere) != (tt.score >= 7) {
			t.Errorf("ParsePain(%q) flags %v for score %d", tt.in, r.Flags, tt.score)
		}
	}
	for _, in := range []string{"knee after a 10 miler", "knee sore after the half-marathon"} {
		if _, err := ParsePain(in); !errors.Is(err, ErrNoScore) {
			t.Errorf("ParsePain(%q) error %v; want ErrNoScore (a distance is not a score)", in, err)
		}
	}
}

// Score and place forms of the dev4 round.
func TestParsePainPastScoresAndLegs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text   string
		score  int
		region string
	}{
		{"two knee, it used to click when I was 16", 2, RegionKnee},
		{"three ankle -20 with the wind, face numb", 3, RegionAnkle},
		{"4 calf, was 8 last month but that's settled", 4, RegionCalf},
		{"2 shin at 6 miles, 10/10 would do again", 2, RegionShin},
		{"2 legs, heavy after the long run", 2, RegionLegs},
		{"3 knee, legs tired too", 3, RegionKnee}, // legs only when nothing more precise is named
	} {
		r, err := ParsePain(c.text)
		if err != nil {
			t.Errorf("ParsePain(%q): %v", c.text, err)
			continue
		}
		if r.Score != c.score || len(r.Places) != 1 || r.Places[0].Region != c.region {
			t.Errorf("ParsePain(%q) = score %d places %v, want %d %s", c.text, r.Score, r.Places, c.score, c.region)
		}
	}
}
