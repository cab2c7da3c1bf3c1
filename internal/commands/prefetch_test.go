package commands

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// countingStore counts the history reads that reach the store.
type countingStore struct {
	store.Store
	reads int
}

func (s *countingStore) Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error) {
	s.reads++
	return s.Store.Runs(ctx, memberID, from, to)
}

func (s *countingStore) Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error) {
	s.reads++
	return s.Store.Pains(ctx, memberID, since)
}

func (s *countingStore) Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]store.Cadence, error) {
	s.reads++
	return s.Store.Cadences(ctx, memberID, n)
}

func (s *countingStore) MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error) {
	return s.Store.(memberCadencesReader).MemberWithCadences(ctx, id, n)
}

func (s *countingStore) MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error) {
	return s.Store.(memberHistoryReader).MemberWithHistory(ctx, id, from, to, since)
}

// The Redis store decodes history on demand, and the test double passes
// that on.
var (
	_ lazyHistoryReader = (*redisstore.Store)(nil)
	_ lazyHistoryReader = lazyCountingStore{}
)

// lazyCountingStore is a countingStore over a store that decodes history
// on demand (Redis): the prefetch then takes that path.
type lazyCountingStore struct{ *countingStore }

func (s lazyCountingStore) MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, func() ([]store.Run, error), func() ([]store.Pain, error), error) {
	return s.Store.(lazyHistoryReader).MemberWithLazyHistory(ctx, id, from, to, since)
}

// TestPrefetchStore: reads inside the prefetched window are answered from
// it exactly as the store answers them (inclusive bounds, same order);
// reads outside it, of another member or with a bad date reach the store;
// any write drops the prefetch so later reads see fresh data. On the
// embedded store the prefetch holds the history MemberWithHistory decoded;
// on Redis it decodes on demand (MemberWithLazyHistory); both answer alike.
func TestPrefetchStore(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	t.Run("embedded", func(t *testing.T) {
		t.Parallel()
		raw := teststores.Embedded(t, func() time.Time { return now })
		testPrefetchStore(t, raw, &countingStore{Store: raw})
	})
	t.Run("redis", func(t *testing.T) {
		t.Parallel()
		raw := teststores.Redis(t, func() time.Time { return now })
		cs := &countingStore{Store: raw}
		testPrefetchStore(t, raw, lazyCountingStore{cs})
	})
}

// countingReader is a countingStore, possibly wrapped.
type countingReader interface {
	store.Store
	count() int
}

func (s *countingStore) count() int { return s.reads }

func testPrefetchStore(t *testing.T, raw store.Store, cs countingReader) {
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	const m = "console:m"
	if _, err := raw.UpdateMember(ctx, m, func(*store.Member) error { return nil }); err != nil {
		t.Fatal(err)
	}
	from, since := historyWindow(now)
	day := func(n int) string { return now.AddDate(0, 0, n).Format(dateFmt) }
	// Runs on and around the window's edge, logged out of date order.
	for _, d := range []int{0, -80, -3, -3, 2, -65, -64, -10} {
		if _, err := raw.AddRun(ctx, m, store.Run{Date: day(d), Meters: int64(1000 - d)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, at := range []time.Time{since.Add(-time.Second), since, since.Add(time.Hour), now.Add(-time.Hour), now} {
		if _, err := raw.AddPain(ctx, m, store.Pain{At: at, Score: 2, Where: "knee", Level: "green"}); err != nil {
			t.Fatal(err)
		}
	}
	ps := prefetchStore{cs}
	_, pre, err := ps.memberWithHistory(ctx, m, now)
	if err != nil || pre == nil {
		t.Fatalf("memberWithHistory: %v, %v", pre, err)
	}
	pctx := withPrefetch(ctx, pre)

	runCases := []struct {
		member, from, to string
		cached           bool
	}{
		{m, from, "", true},
		{m, day(-64), day(-3), true}, // inclusive at both ends
		{m, day(-3), day(-3), true},
		{m, day(-2), day(-4), true}, // empty, as the store
		{m, day(1), "", true},
		{m, day(-66), "", false}, // before the window
		{m, "", day(0), false},   // unbounded below
		{"console:other", from, "", false},
		{m, "2026-13-01", "", false}, // the store's error
	}
	for _, c := range runCases {
		before := cs.count()
		got, gotErr := ps.Runs(pctx, ids.MemberID(c.member), c.from, c.to)
		want, wantErr := raw.Runs(ctx, ids.MemberID(c.member), c.from, c.to)
		if (gotErr != nil) != (wantErr != nil) || len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("Runs(%s, %q, %q) = %+v, %v; store: %+v, %v", c.member, c.from, c.to, got, gotErr, want, wantErr)
		}
		if cached := cs.count() == before; cached != c.cached {
			t.Errorf("Runs(%s, %q, %q): from the prefetch %v, want %v", c.member, c.from, c.to, cached, c.cached)
		}
	}
	painCases := []struct {
		since  time.Time
		cached bool
	}{
		{since, true}, // at or after: the report at since counts
		{since.Add(time.Hour), true},
		{now, true},
		{now.Add(time.Hour), true},
		{since.Add(-time.Nanosecond), false},
		{time.Time{}, false},
	}
	for _, c := range painCases {
		before := cs.count()
		got, _ := ps.Pains(pctx, m, c.since)
		want, _ := raw.Pains(ctx, m, c.since)
		if len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("Pains(%v) = %+v; store: %+v", c.since, got, want)
		}
		if cached := cs.count() == before; cached != c.cached {
			t.Errorf("Pains(%v): from the prefetch %v, want %v", c.since, cached, c.cached)
		}
	}
	// Each read is the reader's own: changing it changes no later read.
	if first, _ := ps.Runs(pctx, m, from, ""); len(first) > 0 {
		first[0].Meters = -1
		if again, _ := ps.Runs(pctx, m, from, ""); again[0].Meters == -1 {
			t.Error("a change to one read of the prefetched runs shows in the next")
		}
	}
	if first, _ := ps.Pains(pctx, m, since); len(first) > 0 {
		first[0].Score = -1
		if again, _ := ps.Pains(pctx, m, since); again[0].Score == -1 {
			t.Error("a change to one read of the prefetched reports shows in the next")
		}
	}
	before := cs.count()
	if _, _, err := ps.RunsAndPains(pctx, m, from, "", since); err != nil || cs.count() != before {
		t.Errorf("RunsAndPains inside the window: %v, %d store reads", err, cs.count()-before)
	}

	// Each write drops the prefetch: the next read reaches the store and
	// sees the write.
	writes := []struct {
		name  string
		write func(context.Context) error
	}{
		{"AddRun", func(ctx context.Context) error {
			_, err := ps.AddRun(ctx, m, store.Run{Date: day(0), Meters: 42})
			return err
		}},
		{"DeleteRun", func(ctx context.Context) error { _, err := ps.DeleteRun(ctx, m, ""); return err }},
		{"AmendRun", func(ctx context.Context) error {
			_, err := ps.AmendRun(ctx, m, "r1", func(*store.Run) error { return nil })
			return err
		}},
		{"AddPain", func(ctx context.Context) error {
			_, err := ps.AddPain(ctx, m, store.Pain{At: now, Score: 1, Where: "hip"})
			return err
		}},
		{"AddPainWithMember", func(ctx context.Context) error {
			_, _, err := ps.AddPainWithMember(ctx, m, store.Pain{At: now, Score: 1, Where: "hip"}, func(*store.Member, store.Pain) error { return nil })
			return err
		}},
		{"AmendPain", func(ctx context.Context) error {
			_, err := ps.AmendPain(ctx, m, "p5", since, func(*store.Pain) error { return nil })
			return err
		}},
		{"UpdateMember", func(ctx context.Context) error {
			_, err := ps.UpdateMember(ctx, m, func(*store.Member) error { return nil })
			return err
		}},
		{"CompactRuns", func(ctx context.Context) error { _, err := ps.CompactRuns(ctx, m, "2000-01-01"); return err }},
		{"PruneHealth", func(ctx context.Context) error { _, err := ps.PruneHealth(ctx, m, time.Time{}); return err }},
		{"Forget", func(ctx context.Context) error { return ps.Forget(ctx, m) }},
	}
	for _, w := range writes { // Forget last: it leaves nothing to read
		name, write := w.name, w.write
		_, pre, err := ps.memberWithHistory(ctx, m, now)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wctx := withPrefetch(ctx, pre)
		if err := write(wctx); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		before := cs.count()
		runs, _ := ps.Runs(wctx, m, from, "")
		pains, _ := ps.Pains(wctx, m, since)
		if cs.count() != before+2 {
			t.Errorf("after %s: %d of 2 reads reached the store", name, cs.count()-before)
		}
		wantRuns, _ := raw.Runs(ctx, m, from, "")
		wantPains, _ := raw.Pains(ctx, m, since)
		if len(runs) != len(wantRuns) || len(pains) != len(wantPains) {
			t.Errorf("after %s: %d runs, %d pains; store: %d, %d", name, len(runs), len(pains), len(wantRuns), len(wantPains))
		}
	}
}

// TestPrefetchCadences: /cadence's reads (the latest record, the daily
// cap's count) come from the member read, exactly as the store answers
// them; a command without history reads history from the store; a write
// drops the prefetch.
func TestPrefetchCadences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	raw, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	const m = "console:m"
	if _, err := raw.UpdateMember(ctx, m, func(*store.Member) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.AddRun(ctx, m, store.Run{Date: "2026-11-24", Meters: 5000}); err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: raw}
	ps := prefetchStore{cs}
	for _, records := range []int{0, 3, MaxCadencePerDay + 5} {
		for i := range records - len(mustCadences(t, raw, m)) {
			if err := raw.AddCadence(ctx, m, store.Cadence{At: now.Add(-time.Duration(i) * time.Minute), SPM: 150 + i}); err != nil {
				t.Fatal(err)
			}
		}
		_, pre, err := ps.memberWithCadences(ctx, m)
		if err != nil || pre == nil {
			t.Fatalf("memberWithCadences: %v, %v", pre, err)
		}
		pctx := withPrefetch(ctx, pre)
		for _, c := range []struct {
			n      int
			cached bool
		}{{1, true}, {MaxCadencePerDay, true}, {MaxCadencePerDay + 1, false}, {0, false}} {
			before := cs.reads
			got, _ := ps.Cadences(pctx, m, c.n)
			want, _ := raw.Cadences(ctx, m, c.n)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d records: Cadences(%d) = %+v; store: %+v", records, c.n, got, want)
			}
			if cached := cs.reads == before; cached != c.cached {
				t.Errorf("%d records: Cadences(%d) from the prefetch %v, want %v", records, c.n, cached, c.cached)
			}
		}
		before := cs.reads
		if _, err := ps.Runs(pctx, m, "2026-11-01", ""); err != nil || cs.reads != before+1 {
			t.Errorf("Runs with only cadences prefetched: %v, %d store reads", err, cs.reads-before)
		}
		if _, err := ps.Pains(pctx, m, now.Add(-time.Hour)); err != nil || cs.reads != before+2 {
			t.Errorf("Pains with only cadences prefetched: %v, %d store reads", err, cs.reads-before-1)
		}
		if err := ps.AddCadence(pctx, m, store.Cadence{At: now, SPM: 199}); err != nil {
			t.Fatal(err)
		}
		before = cs.reads
		got, _ := ps.Cadences(pctx, m, 1)
		if cs.reads != before+1 || len(got) != 1 || got[0].SPM != 199 {
			t.Errorf("after AddCadence: %+v, %d store reads", got, cs.reads-before)
		}
	}
}

func mustCadences(t *testing.T, st store.Store, m string) []store.Cadence {
	t.Helper()
	cs, err := st.Cadences(context.Background(), ids.MemberID(m), 0)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
