package coach

import (
	"slices"
	"testing"
)

// TestModality: a symptom in a condition, a general question, a forecast,
// a watch list or a fear laid to rest is not the runner's; the same words
// asserted, hedged about now, presupposed or felt stay flags.
func TestModality(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want Flag // "" for none
	}{
		{"If it swells I'll stop running.", ""},
		{"going to do the parkrun unless it swells overnight", ""},
		{"In case it gives way I bought poles, touch wood it hasn't.", ""},
		{"Should it start to limp on me I'll walk.", ""},
		{"if it's still swollen tomorrow I'll see the physio", FlagSwelling},
		{"if it keeps locking I'll get a scan", FlagLocking},
		{"is it bad if I can't walk without limping after a run", FlagCannotBearWeight},
		{"if I press on the bone it's really sore", FlagBonePain},
		{"if I sit cross legged it locks", FlagLocking},
		{"it feels as if it's going to give way", FlagGivingWay},
		{"not sure if it's swollen", FlagSwelling},
		{"What counts as swelling?", ""},
		{"Can knees lock without you noticing?", ""},
		{"Why does my knee lock when I squat?", FlagLocking},
		{"Is it normal for it to give way? It did twice today.", FlagGivingWay},
		{"Should I be worried about the swelling?", FlagSwelling},
		{"Can I run with a swollen knee?", FlagSwelling},
		{"My calf is swollen and warm, should I be worried?", FlagCalfSwelling},
		{"It'll probably swell after the 30k on Sunday.", ""},
		{"I think it might have locked for a second", FlagLocking},
		{"feels unstable, like it might give at any moment", FlagGivingWay},
		{"it will lock every time I squat", FlagLocking},
		{"Physio told me to watch for swelling and locking.", ""},
		{"The physio checked for swelling and found some.", FlagSwelling},
		{"Getting a scan to rule out a clot.", ""},
		{"I was worried it might be a fracture but I can hop fine.", ""},
		{"I'm worried because it's swollen but it doesn't hurt much", FlagSwelling},
		{"I know the rule: locking means stop. It's none of those.", ""},
		{"It locked on the stairs. Nothing else.", FlagLocking},
		{"Swelling: yes. Locking: no.", FlagSwelling},
		{"GP said come back if I get pain at night, numbness or a limp.", ""},
		{"if I walk any distance, swelling comes up round the knee", FlagSwelling},
		{"worried about a clot", FlagCalfSwelling},
		{"I'm worried about my swollen knee", FlagSwelling},
		{"The GP said should it wake me at night that's a red flag.", ""},
		{"I can hop on it pain free", ""},
		{"I know swelling is bad but what about stiffness?", ""},
		{"the swelling is bad", FlagSwelling},
		{"swelling is bad today", FlagSwelling},
		{"if I'm running downhill the knee gives way", FlagGivingWay},
		{"if my knee swells I'll stop", ""},
		{"How do I stop it locking?", FlagLocking},
		{"the knee won't go straight until I kick it out", FlagLocking},
		{"red flags: swelling yes, locking no", FlagSwelling},
		{"I'm worried it's a stress fracture but I can walk on it", FlagBonePain},
	} {
		got := DetectFlags(c.text)
		if c.want == "" && len(got) > 0 || c.want != "" && !slices.Contains(got, c.want) {
			t.Errorf("%q: got %v, want %q", c.text, got, c.want)
		}
	}
}
