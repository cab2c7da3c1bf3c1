package metrics_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The router's history read, decoded on demand, goes through the wrapper
// on either backend (passed through to Redis, made from MemberWithHistory
// on the embedded store), answers as MemberWithHistory does and is timed
// as that one call.
func TestInstrumentedLazyHistory(t *testing.T) {
	t.Parallel()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			raw := b.Open(t, storetest.ClockFor(t).Now)
			m := metrics.New()
			s := metrics.InstrumentStore(raw, m)
			ctx := t.Context()
			const id = "console:me"
			if _, err := raw.UpdateMember(ctx, id, func(*store.Member) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.AddRun(ctx, id, store.Run{Date: "2026-11-20", Meters: 5000}); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.AddPain(ctx, id, store.Pain{At: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC), Score: 3, Where: "knee", Level: "amber"}); err != nil {
				t.Fatal(err)
			}
			lazy, ok := any(s).(interface {
				MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, func() ([]store.Run, error), func() ([]store.Pain, error), error)
			})
			if !ok {
				t.Fatal("metrics.Store has no MemberWithLazyHistory")
			}
			since := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			gotM, runs, pains, err := lazy.MemberWithLazyHistory(ctx, id, "2026-11-01", "", since)
			if err != nil {
				t.Fatal(err)
			}
			wantM, wantRuns, wantPains, err := s.MemberWithHistory(ctx, id, "2026-11-01", "", since)
			if err != nil {
				t.Fatal(err)
			}
			gotRuns, err1 := runs()
			gotPains, err2 := pains()
			if err1 != nil || err2 != nil || !reflect.DeepEqual(gotM, wantM) || !reflect.DeepEqual(gotRuns, wantRuns) || !reflect.DeepEqual(gotPains, wantPains) {
				t.Errorf("lazy history %+v %+v %+v (%v, %v), want %+v %+v %+v", gotM, gotRuns, gotPains, err1, err2, wantM, wantRuns, wantPains)
			}
			if got, _ := value(t, m, "clubcoach_store_duration_seconds", map[string]string{"op": "MemberWithHistory"}); got != 2 {
				t.Errorf("MemberWithHistory timed %v times, want 2", got)
			}
		})
	}
}
