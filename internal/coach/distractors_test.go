package coach

import (
	"slices"
	"testing"
)

// TestDistractors: disputed reports, generic "you" statements, checklists
// answered no, the other side, near-misses that passed off and learner
// phrasing of the resolved past are not the runner's flags; beside each, a
// real current flag stays.
func TestDistractors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want Flag // "" for none
	}{
		// Reported speech the runner disputes.
		{"My wife says I've been limping but I'm not.", ""},
		{"Physio thought it might be swollen, it isn't.", ""},
		{"My partner keeps telling me I'm limping but I think he's exaggerating.", ""},
		{"The doctor said there might be fluid but she couldn't find any.", ""},
		{"My wife says I'm limping and she's right, can't put weight on it.", FlagCannotBearWeight},
		{"My wife says I'm limping but she's right, it really hurts to stand on.", FlagCannotBearWeight},
		{"Physio said it's swollen, it's not going down either.", FlagSwelling},
		{"My husband thinks I'm exaggerating but my knee is clearly swollen.", FlagSwelling},
		// Generic "you" and "people".
		{"Doc said stress fractures give you one sore spot that hurts to hop on.", ""},
		{"If you can't weight-bear you should stop.", ""},
		{"Read that if your calf gets hot, red and swollen you go straight to A&E.", ""},
		{"You know my knee is swollen again.", FlagSwelling},
		{"Can you help, my knee locked on the stairs.", FlagLocking},
		{"The knee locks you know, every few runs.", FlagLocking},
		{"Swelling came up after your session.", FlagSwelling},
		{"Like you said, the swelling came back.", FlagSwelling},
		// Checklists answered no.
		{"Swelling/redness/heat — none of it. Just creaky.", ""},
		{"Swelling - no, locking - no, just sore.", ""},
		{"She ran the checklist — was it hot, swollen, did it lock — and it's a no on all of them.", ""},
		{"Swelling - yes, locking - no.", FlagSwelling},
		{"Swelling/redness: none, but it locked twice today.", FlagLocking},
		// The other side.
		{"Next month I have surgery on the other knee, the one that locks.", ""},
		{"I rolled the other ankle a tiny bit but it was nothing.", ""},
		{"My knee is clearly swollen compared to the other one.", FlagSwelling},
		{"My calf is twice the size of the other one.", FlagCalfSwelling},
		{"The other knee is fine but this one locks.", FlagLocking},
		{"My other knee gave way on the stairs.", FlagGivingWay},
		{"I had surgery on the other knee and it still locks.", FlagLocking},
		// Near-misses that passed off.
		{"Felt like it might give way on the steps but it held up fine.", ""},
		{"For a second it felt like it might catch, but it straightened fine.", ""},
		{"Thought it would lock, didn't.", ""},
		{"Felt like it might give way and then it did, twice.", FlagGivingWay},
		{"Felt like it might give way but it did go on the stairs.", FlagGivingWay},
		// Learner phrasing of the resolved past; a flag now stays.
		{"Two years before I had swelling in knee after cricket, now totally ok.", ""},
		{"Two week ago I twist it, now it heal good, only little pain.", ""},
		{"Two years before I had swelling, now it is swollen again.", FlagSwelling},
		// Doubts, and fears a check answered.
		{"Gonna get it x-rayed next week, but I doubt it's broken, walking fine.", ""},
		{"No doubt it's swollen, it's twice the size.", FlagSwelling},
		{"Paranoid about clots since my flight, checked both calves: same size, not tender, not warm.", ""},
		{"Worried about a clot, checked my calves: the left is bigger and hot.", FlagCalfSwelling},
		// Questions and named tests.
		{"Sir what means giving way?", ""},
		{"Is the tingling thing only if it goes down to the foot?", ""},
		{"Physio did the locking and instability tests today, all fine.", ""},
		{"Physio did the locking tests, it locked on the second one.", FlagLocking},
	} {
		got := DetectFlags(c.text)
		if c.want == "" && len(got) > 0 || c.want != "" && !slices.Contains(got, c.want) {
			t.Errorf("%q: got %v, want %q", c.text, got, c.want)
		}
	}
}
