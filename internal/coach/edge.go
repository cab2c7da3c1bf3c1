package coach

import (
	"fmt"
	"strings"
)

// Pain edges from coach-rules §1: one per place, stated the same
// everywhere (the /pain reply, the check-in, /week).
const (
	EdgeGeneral = 3 // the general edge
	EdgeKneecap = 2 // kneecap pain: the stricter TREK education
	EdgeTendon  = 5 // Achilles and patellar tendon, if settled by next morning
)

// Edge is the most pain a run should reach for one place, and why.
type Edge struct {
	Max int
	Why string
}

// PainEdge returns the pain edge for a region. A knee not further
// specified gets the kneecap's stricter edge: most runners' knee pain is
// around the kneecap, and the stricter edge is the safe side.
func PainEdge(region string) Edge {
	switch region {
	case RegionKneecap, RegionKnee:
		return Edge{EdgeKneecap, "pain around the kneecap does best with a stricter limit, back to normal within an hour"}
	case RegionAchilles, RegionPatellarTendon:
		return Edge{EdgeTendon, "tendons cope with up to 5/10 during a run as long as it has settled by the next morning and isn't creeping up week to week"}
	}
	return Edge{EdgeGeneral, "the general limit: mild discomfort is fine, more means the run is overloading it"}
}

// EdgeLine states the edge for one place in one sentence: "Pain edge for
// your left knee: 2/10 — pain around the kneecap …".
func EdgeLine(p Place) string {
	e := PainEdge(p.Region)
	return fmt.Sprintf("Pain edge for your %s: %d/10 — %s.", p.Label(), e.Max, e.Why)
}

// edgeLines states each place's edge once, in the order named.
func edgeLines(ps []Place) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		l := EdgeLine(Place{Region: p.Region, Side: p.Side})
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("Pain edge: %d/10 — %s.", EdgeGeneral, PainEdge("").Why))
	}
	return out
}

// PlaceOf reads a stored place label ("left knee", "IT band") back into a
// Place, for the edge and the labels; ok is false when it names no known
// region.
func PlaceOf(label string) (Place, bool) {
	r, err := ParsePain("3 " + label)
	if err != nil || len(r.Places) != 1 {
		return Place{}, false
	}
	p := r.Places[0]
	p.Score = -1
	return p, strings.TrimSpace(label) != ""
}
