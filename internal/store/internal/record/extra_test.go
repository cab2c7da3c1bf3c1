package record

import (
	"bytes"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// The direct writers of the trailing JSON give extraJSON's bytes and
// errors, and are on for today's types (a new field would turn them off).
func TestExtraDirect(t *testing.T) {
	t.Parallel()
	if !runFast || !painFast {
		t.Fatalf("direct trailing JSON off: runs %v, reports %v", runFast, painFast)
	}
	times := []time.Time{
		{}, time.Date(2026, 3, 1, 7, 0, 0, 123456789, time.UTC), time.Date(2026, 3, 1, 7, 0, 0, 120000000, time.UTC),
		time.Date(2026, 3, 1, 7, 0, 0, 0, time.FixedZone("", -(5*3600+30*60))), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 7, 0, 0, 0, time.FixedZone("", 25*3600)),
		time.Date(2026, 3, 1, 7, 0, 0, 0, time.FixedZone("", 3600+7)),
	}
	same := func(what string, got []byte, gotErr error, want []byte, wantErr error) {
		t.Helper()
		if !bytes.Equal(got, want) || (got == nil) != (want == nil) || (gotErr == nil) != (wantErr == nil) ||
			gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%s: %q, %v; extraJSON %q, %v", what, got, gotErr, want, wantErr)
		}
	}
	for _, logged := range times {
		for _, start := range times {
			r := store.Run{Date: "2026-03-01", Meters: 5000, Notes: "<&>", Logged: logged, Start: start, Boards: []string{"b"}}
			got, gotErr := runExtra(r)
			want, wantErr := extraJSON(r, runKnown)
			same("run logged "+logged.String()+" start "+start.String(), got, gotErr, want, wantErr)
		}
		for _, club := range []ids.ClubID{"", "telegram:-100123", "discord:<&>\u2028\"\\x\xff"} {
			p := store.Pain{At: logged, Score: 3, Where: "knee", Level: "amber", Flags: []string{"f"}, Club: club}
			got, gotErr := painExtra(p)
			want, wantErr := extraJSON(p, painKnown)
			same("pain at "+logged.String()+" club "+string(club), got, gotErr, want, wantErr)
		}
	}
}
