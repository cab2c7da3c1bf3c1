package coach

import "testing"

// A condition's name counts on its own only when it is asserted as the
// runner's; fears, questions, checks and talk in general don't make it red.
func TestWeakCueConditionNames(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		// asserted: a finding, a clinician's opinion, the runner's claim, a break named with its bone
		{"physio diagnosed a stress fracture in my shin", []Flag{FlagBonePain}},
		{"the scan showed a stress reaction in the tibia", []Flag{FlagBonePain}},
		{"I've got a stress fracture", []Flag{FlagBonePain}},
		{"pod thinks it's a stress fracture", []Flag{FlagBonePain}},
		{"the physio thinks I might have a stress fracture", []Flag{FlagBonePain}},
		{"doc suspects a DVT, sending me for a scan", []Flag{FlagCalfSwelling}},
		{"GP said possible clot, going for a doppler", []Flag{FlagCalfSwelling}},
		{"my foot is broken", []Flag{FlagBonePain}},
		{"broke my toe on the stairs yesterday", []Flag{FlagBonePain}},
		{"fractured my metatarsal last week", []Flag{FlagBonePain}},
		// the name beside the symptom: the symptom decides
		{"worried it's a stress fracture, one spot on the bone is sore to press", []Flag{FlagBonePain}},
		{"scared of a clot, the calf is swollen and warm", []Flag{FlagCalfSwelling}},
		// the knee stopping mid-movement is locking, whatever else the sentence says
		{"it stopped halfway in the air like a broken robot arm", []Flag{FlagLocking}},
		// not the runner's
		{"I was worried it's a stress fracture but it's all along the shin", nil},
		{"is this a stress fracture? it's sore all along the inside", nil},
		{"MRI next week to check for a fracture, more to put my mind at rest", nil},
		{"stress fractures are common in marathon training, mine's just tight", nil},
		{"convinced myself it was a clot after the flight, calves look identical", nil},
		{"hoping it isn't broken, I can walk on it fine", nil},
		{"my wife keeps saying DVT, it's just a tight calf", nil},
	})
}

// A symptom word owned by another body part or by a thing is not the
// runner's red flag; owned by a leg or the runner, it is.
func TestWeakCueOwner(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"fingers swollen like sausages in the heat, knee fine", nil},
		{"my lips went numb in the wind at the top of the hill", nil},
		{"the strap on my watch snapped halfway round", nil},
		{"the gate at the park was stuck so I climbed it", nil},
		{"that podcast episode was so weak I switched it off", nil},
		{"my face was bright red and hot by the end", nil},
		{"popped my earbuds in and forgot the ache", nil},
		{"numb toes after the run", []Flag{FlagNumbness}},
		{"my knee is swollen and hot", []Flag{FlagSwelling, FlagHotJoint}},
		{"hobbling round the office all day", []Flag{FlagCannotBearWeight}},
		{"fell off my bike on the way to the track", []Flag{FlagTrauma}},
		{"I could not feel my foot for the last mile", []Flag{FlagNumbness}},
		{"can't get from the sofa to the kitchen without holding the wall", []Flag{FlagCannotBearWeight}},
	})
}

// Words in their everyday sense, told by the words around them.
func TestWeakCueEverydaySense(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"spring fever, everyone's out running", nil},
		{"had an egg and toast before the long run", nil},
		{"limping a bit but that's the blister on my heel", nil},
		{"popped out to the shop after", nil},
		{"the knee clicks on stairs, always has, no pain", nil},
		{"felt wobbly for the first mile then fine once warmed up and normal", nil},
		{"buckled down and did the whole session", nil},
		{"locked myself out after the run", nil},
		{"insoles are size 8 and shoes 8.5", nil},
		{"I've got a fever and the knee is hot", []Flag{FlagHotJoint}},
		{"knee came up like a balloon", []Flag{FlagSwelling}},
		{"limping since Sunday, can't put weight on it", []Flag{FlagCannotBearWeight}},
		{"kneecap popped out and back in", []Flag{FlagGivingWay, FlagTrauma}},
		{"heard a pop and now it gives way", []Flag{FlagGivingWay, FlagTrauma}},
		{"the knee buckled on the stairs", []Flag{FlagGivingWay}},
	})
}

// A list of plain sensations and symptoms under one negation, a part that
// is solid now, a bloated runner and a spilt bottle are not flags.
func TestWeakCueMore(t *testing.T) {
	t.Parallel()
	checkFlags(t, []flagCase{
		{"it doesn't feel tight or swollen, just achy", nil},
		{"the ankle went over a lot two years ago, now it's strong and stable", nil},
		{"feeling bloated and sluggish today, knee ok", nil},
		{"my water bottle leaked fluid all down my shorts", nil},
		{"it feels heavy and swollen", []Flag{FlagSwelling}},
		{"gave way twice last week, now it's fine", []Flag{FlagGivingWay}},
		{"fluid on the knee again", []Flag{FlagSwelling}},
		{"ankle looks bloated compared to the other", []Flag{FlagSwelling}},
	})
}
