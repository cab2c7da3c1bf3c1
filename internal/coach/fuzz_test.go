package coach

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"3 knee", "3/10 knee", "three knee", "Three/10 knee", "10/10!!! knee", "knee 5/10", "left knee 4",
	"knee 5 shin 3", "6 left knee swollen, started at 2 miles", "no swelling but it locked",
	"no numbness, tingling or weakness", "gave way once years ago, fine now", "12/10", "-1 knee",
	"3-4 knee", "3knee", "knee5", "2.5 right shin", "1,5 km", "0.0.0/10", "10 / 10 / 10", "mile 3 knee 4",
	"…", "’", "knee’s not swollen", "no, ,, , or", "not", ", , ,", "🦵 4 🔥", "\n\n5\nknee", "a" + strings.Repeat(" no", 50),
}

// FuzzParsePain: never panic; errors are the package's sentinels; a
// successful parse is a well-formed report.
func FuzzParsePain(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParsePain(s)
		if err != nil {
			if !errors.Is(err, ErrNoScore) && !errors.Is(err, ErrScoreRange) && !errors.Is(err, ErrNoPlace) {
				t.Fatalf("ParsePain(%q): unexpected error %v", s, err)
			}
			return
		}
		if r.Score < 0 || r.Score > 10 || len(r.Places) == 0 {
			t.Fatalf("ParsePain(%q) = %+v", s, r)
		}
		for _, p := range r.Places {
			if p.Score < -1 || p.Score > r.Score {
				t.Fatalf("ParsePain(%q): place score %d vs report %d", s, p.Score, r.Score)
			}
		}
		if r.OnsetMeters < 0 || r.OnsetMeters > maxDistanceMeters {
			t.Fatalf("ParsePain(%q): onset %v", s, r.OnsetMeters)
		}
		a := Triage(r)
		if (r.Score >= 7 || len(r.Flags) > 0) != (a.Level == Red) {
			t.Fatalf("ParsePain(%q): level %v for score %d flags %v", s, a.Level, r.Score, r.Flags)
		}
		adv := a.Advice(KM)
		if !strings.HasPrefix(adv, a.Level.Marker()) || !strings.HasSuffix(adv, Disclaimer) {
			t.Fatalf("advice malformed for %q: %q", s, adv)
		}
		if utf8.ValidString(s) && !utf8.ValidString(adv) {
			t.Fatalf("advice for %q is not valid UTF-8", s)
		}
	})
}

// FuzzDetectFlags: never panic; flags are known, sorted and unique; adding a
// clause that states a symptom never removes a flag found before.
func FuzzDetectFlags(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, c := range corpus {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := DetectFlags(s)
		prev := -1
		for _, fl := range got {
			idx := -1
			for i, o := range flagOrder {
				if o == fl {
					idx = i
				}
			}
			if idx <= prev {
				t.Fatalf("DetectFlags(%q) = %v: unknown, unsorted or duplicate", s, got)
			}
			prev = idx
		}
		// A new sentence can't un-flag an earlier one.
		more := DetectFlags(s + ". it locked")
		for _, fl := range got {
			found := false
			for _, m := range more {
				found = found || m == fl
			}
			if !found {
				t.Fatalf("appending a sentence to %q dropped %s", s, fl)
			}
		}
	})
}
