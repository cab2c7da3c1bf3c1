package coach

import (
	"regexp"
	"strings"
	"testing"
)

// One pain edge per place, stated once: an amber reply names exactly one
// edge figure for a single place, and never the others.
func TestOneEdgePerPlace(t *testing.T) {
	t.Parallel()
	edgeRE := regexp.MustCompile(`\b([0-9]+)/10\b`)
	for report, want := range map[string]string{
		"3 knee": "2", "4 front of knee": "2", "4 achilles": "5", "4 patellar tendon": "5",
		"4 shin": "3", "5 IT band": "3", "3 calf": "3", "4 lower back": "3", "3 hip": "3",
	} {
		r, err := ParsePain(report)
		if err != nil {
			t.Fatalf("%q: %v", report, err)
		}
		a := Triage(r)
		text := a.Advice(KM)
		var figures []string
		_, body, _ := strings.Cut(text, "\n") // the first line carries the score
		for _, m := range edgeRE.FindAllStringSubmatch(body, -1) {
			figures = append(figures, m[1])
		}
		if len(figures) == 0 {
			t.Errorf("%q: no edge stated:\n%s", report, text)
		}
		for _, f := range figures {
			if f != want {
				t.Errorf("%q: edge %s/10 stated, want only %s/10:\n%s", report, f, want, text)
			}
		}
		if n := strings.Count(text, "Pain edge"); n != 1 {
			t.Errorf("%q: %d edge lines:\n%s", report, n, text)
		}
	}
	if p, ok := PlaceOf("left knee"); !ok || p.Region != RegionKnee || p.Side != SideLeft {
		t.Errorf("PlaceOf(left knee) = %+v, %v", p, ok)
	}
}

// "/pain 4 back" is the lower back; "back to normal" is not a place.
func TestBareBackIsTheLowerBack(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"4 back": true, "back 4": true, "4 back, stiff": true, "3 it came back": false, "3 back to normal": false, "4 knee, back to normal": true} {
		r, err := ParsePain(in)
		if got := err == nil; got != ok {
			t.Errorf("ParsePain(%q): %v, want ok=%v", in, err, ok)
			continue
		}
		if ok && !strings.Contains(in, "knee") && (len(r.Places) != 1 || r.Places[0].Region != RegionLowerBack) {
			t.Errorf("ParsePain(%q) places %+v", in, r.Places)
		}
	}
}
