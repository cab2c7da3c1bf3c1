package redisstore

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// FuzzCadenceJSON: whenever the direct decoder takes a record, it decodes
// it exactly as encoding/json does; and it takes every record json.Marshal
// writes.
func FuzzCadenceJSON(f *testing.F) {
	for _, c := range []store.Cadence{
		{At: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), SPM: 170},
		{At: time.Date(2026, 3, 29, 1, 30, 0, 123456789, time.UTC), SPM: 0},
		{At: time.Date(2026, 3, 29, 1, 30, 0, 0, time.FixedZone("", 3600)), SPM: -5},
		{SPM: 999999},
	} {
		b, err := json.Marshal(c)
		if err != nil {
			f.Fatal(err)
		}
		var got store.Cadence
		if !cadenceJSON(string(b), &got) || !reflect.DeepEqual(got, want(f, b)) {
			f.Errorf("%s: direct decoding %+v (taken %v), encoding/json %+v", b, got, cadenceJSON(string(b), &got), want(f, b))
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		`{"at":"2026-11-25T12:00:00Z","spm":0170}`, `{"at":"2026-11-25T12:00:00Z","spm":1.5}`,
		`{"at":"2026-11-25T12:00:00Z","spm":-0}`, `{"at":"2026-11-25T12:00:00Z","spm":99999999999999999999}`,
		`{"at":"2026-11-25T12:00:00\"Z","spm":1}`, `{"at":"2026-11-25 12:00:00Z","spm":1}`,
		`{"at":"2026-11-25T12:00:00Z","spm":1} `, `{"spm":1,"at":"2026-11-25T12:00:00Z"}`,
		`{"at":"2026-11-25T24:00:00Z","spm":1}`, `{"at":"","spm":1}`, `{"at":"2026-11-25T12:00:00+25:00","spm":1}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var got store.Cadence
		if !cadenceJSON(raw, &got) {
			if got != (store.Cadence{}) {
				t.Errorf("%q: refused but changed the record: %+v", raw, got)
			}
			return
		}
		var w store.Cadence
		if err := json.Unmarshal([]byte(raw), &w); err != nil {
			t.Fatalf("%q: decoded directly as %+v, encoding/json fails: %v", raw, got, err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%q: direct %+v, encoding/json %+v", raw, got, w)
		}
	})
}

func want(tb testing.TB, b []byte) store.Cadence {
	tb.Helper()
	var c store.Cadence
	if err := json.Unmarshal(b, &c); err != nil {
		tb.Fatal(err)
	}
	return c
}
