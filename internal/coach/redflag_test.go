package coach

import (
	"slices"
	"strings"
	"testing"
)

func TestParseFlagAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		flags   []Flag
		none    bool
		unknown []string
	}{
		{"night_pain", []Flag{FlagNightPain}, false, nil},
		{"night_pain numbness", []Flag{FlagNightPain, FlagNumbness}, false, nil},
		{"NUMB, swollen", []Flag{FlagSwelling, FlagNumbness}, false, nil},
		{"swolen", []Flag{FlagSwelling}, false, nil},
		{"giving-way", []Flag{FlagGivingWay}, false, nil},
		{"calf_swelling calf", []Flag{FlagCalfSwelling}, false, nil},
		{"none", nil, true, nil},
		{"banana", nil, false, []string{"banana"}},
		{"swelling banana", []Flag{FlagSwelling}, false, []string{"banana"}},
		{"severe_pain", nil, false, []string{"severe_pain"}}, // comes from the score only
		{"looks", nil, false, []string{"looks"}},             // not "locks"
		{"", nil, false, nil},
	}
	for _, c := range cases {
		flags, none, unknown := ParseFlagAnswer(c.in)
		if !slices.Equal(flags, c.flags) || none != c.none || !slices.Equal(unknown, c.unknown) {
			t.Errorf("ParseFlagAnswer(%q) = %v, %v, %v; want %v, %v, %v", c.in, flags, none, unknown, c.flags, c.none, c.unknown)
		}
	}
}

func TestCheckCoversEverySymptomFlag(t *testing.T) {
	t.Parallel()
	asked := CheckFlags()
	for _, f := range AllFlags() {
		if f == FlagSevere {
			if slices.Contains(asked, f) || CheckLabel(f) != "" {
				t.Errorf("severe_pain is asked; it must come from the score")
			}
			continue
		}
		if !slices.Contains(asked, f) || CheckLabel(f) == "" {
			t.Errorf("the check does not ask about %s", f)
		}
		// Every flag's canonical name is a valid answer.
		if got, _, _ := ParseFlagAnswer(string(f)); !slices.Equal(got, []Flag{f}) {
			t.Errorf("ParseFlagAnswer(%q) = %v", f, got)
		}
		if !strings.Contains(FlagAnswerHelp(), string(f)) {
			t.Errorf("FlagAnswerHelp misses %s", f)
		}
	}
}

func TestAmend(t *testing.T) {
	t.Parallel()
	a := Amend(4, "left knee, itband", nil, []Flag{FlagNightPain})
	if a.Level != Red || !slices.Equal(a.Flags, []Flag{FlagNightPain}) || len(a.Places) != 2 || a.Places[0].Side != SideLeft || a.Places[1].Region != RegionITBand {
		t.Fatalf("Amend = %+v", a)
	}
	if adv := a.Advice(KM); !strings.HasPrefix(adv, "🔴") || !strings.Contains(adv, FlagNightPain.Plain()) {
		t.Errorf("advice:\n%s", adv)
	}
	// Stored flags are kept, severe_pain follows the score, duplicates go.
	a = Amend(8, "shin", []Flag{FlagSevere, FlagBonePain}, []Flag{FlagBonePain, FlagTrauma})
	if !slices.Equal(a.Flags, []Flag{FlagBonePain, FlagTrauma, FlagSevere}) || !a.Urgent() {
		t.Errorf("Amend flags = %v", a.Flags)
	}
}
