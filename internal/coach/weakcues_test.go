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
