package redisstore

import (
	"testing"
)

// TestMonthCache checks the cache answers only for bytes it decoded: the
// same blob from memory, an appended blob by decoding just the tail, any
// other change in full, and nothing once a member's keys are dropped.
func TestMonthCache(t *testing.T) {
	t.Parallel()
	var c monthCache
	decoded := 0
	decode := func(b []byte) (string, error) { decoded++; return string(b), nil }
	setID := func(*string, uint64) {}
	get := func(blob string) []string {
		t.Helper()
		recs, err := monthRecords(&c, "runs:m1", "202611", blob, decode, setID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			out = append(out, r.v)
		}
		return out
	}
	two := joinMonth([]entry{{1, []byte("a")}, {2, []byte("b")}})
	three := joinMonth([]entry{{1, []byte("a")}, {2, []byte("b")}, {3, []byte("c")}})
	edited := joinMonth([]entry{{1, []byte("a")}, {2, []byte("B")}})
	for _, step := range []struct {
		blob        string
		want        []string
		wantDecoded int
	}{
		{two, []string{"a", "b"}, 2},
		{two, []string{"a", "b"}, 0},        // unchanged: from memory
		{three, []string{"a", "b", "c"}, 1}, // appended: the tail only
		{edited, []string{"a", "B"}, 2},     // rewritten: in full
		{two[:0], nil, 0},                   // emptied month
	} {
		decoded = 0
		got := get(step.blob)
		if len(got) != len(step.want) || decoded != step.wantDecoded {
			t.Fatalf("blob %q: got %v decoding %d, want %v decoding %d", step.blob, got, decoded, step.want, step.wantDecoded)
		}
		for i := range got {
			if got[i] != step.want[i] {
				t.Fatalf("blob %q: got %v, want %v", step.blob, got, step.want)
			}
		}
	}
	get(two)
	c.dropKeys("runs:m1")
	if len(c.m) != 0 {
		t.Errorf("after dropKeys %d months remain cached", len(c.m))
	}
	decoded = 0
	get(two)
	if decoded != 2 {
		t.Errorf("after dropKeys decoded %d records, want all 2", decoded)
	}
}
