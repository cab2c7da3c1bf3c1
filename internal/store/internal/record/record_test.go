package record

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

func TestRunRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []store.Run{
		{Date: "2026-03-01", Meters: 5000},
		{Date: "1999-12-31", Meters: 0, Seconds: 1800, Logged: time.Date(2026, 3, 1, 7, 0, 0, 123456789, time.UTC)},
		{Date: "2026-03-01", Meters: 42195, Seconds: 12345, Cadence: 178, Notes: "parkrun · 雨 \"wet\" | pipe\x00",
			Logged: time.Date(2026, 2, 27, 23, 59, 59, 0, time.UTC), Boards: []string{"board:telegram:-100/c1", "board:x"}},
	}
	for _, r := range cases {
		b, err := AppendRun(nil, r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Run(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("round trip of %+v = %+v, %v", r, got, err)
		}
		// A truncated record is an error, never a panic or a wrong run.
		for i := range len(b) {
			if _, err := Run(b[:i]); !errors.Is(err, ErrCorrupt) {
				t.Errorf("truncated to %d bytes: %v", i, err)
			}
		}
	}
	if _, err := AppendRun(nil, store.Run{Date: "not a date"}); err == nil {
		t.Error("a bad date encoded")
	}
}

func TestPainRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []store.Pain{
		{At: time.Date(2026, 3, 1, 7, 0, 0, 1, time.UTC), Score: 4, Where: "left knee, shin", Level: "amber", Source: "report"},
		{At: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), Score: 9, Where: "calf", Notes: "heavy", Level: "red",
			Flags: []string{"calf_swelling", "severe_pain"}, RestM: 1500, Source: "checkin"},
		{At: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), Level: "purple", Source: "import"}, // outside the code tables
	}
	for _, p := range cases {
		b, err := AppendPain(nil, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Pain(b)
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("round trip of %+v = %+v, %v", p, got, err)
		}
	}
	if _, err := Pain([]byte(`{"at":"2026-03-01T00:00:00Z"}`)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("JSON read as a record: %v", err)
	}
}

// Fields this package does not encode compactly travel in the trailing
// JSON, so a field added to store.Run survives before it gets a code.
func TestExtraFieldsTravelAsJSON(t *testing.T) {
	t.Parallel()
	b, err := AppendRun(nil, store.Run{Date: "2026-03-01", Meters: 5000})
	if err != nil {
		t.Fatal(err)
	}
	// Replace the empty trailing JSON (its last byte, a zero length) with
	// an object naming a field, as a newer version would write it.
	extra := []byte(`{"notes":"from the future"}`)
	b = append(append(b[:len(b)-1], byte(len(extra))), extra...)
	got, err := Run(b)
	if err != nil || got.Notes != "from the future" {
		t.Errorf("extra JSON not applied: %+v, %v", got, err)
	}
	if x, err := extraJSON(store.Run{Date: "2026-03-01", Meters: 1, Notes: "n", Boards: []string{"b"}}, runKnown); err != nil || x != nil {
		t.Errorf("every known field leaves no extra JSON, got %s, %v", x, err)
	}
	if x, err := extraJSON(store.Pain{Score: 1, Flags: []string{"x"}}, painKnown); err != nil || x != nil {
		t.Errorf("every known pain field leaves no extra JSON, got %s, %v", x, err)
	}
}

func FuzzRecords(f *testing.F) {
	r, _ := AppendRun(nil, store.Run{Date: "2026-03-01", Meters: 5000, Notes: "x", Boards: []string{"b"}})
	p, _ := AppendPain(nil, store.Pain{Score: 3, Where: "knee", Flags: []string{"swelling"}})
	f.Add(r)
	f.Add(p)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Run(b)
		_, _ = Pain(b)
	})
}
