package commands

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
)

// Issue 13: everything one command reads about one member comes back in
// one round trip. A command that reads history (Command.History) has its
// member read together with a window of runs and pain reports wide enough
// for what its handler asks; the handler's reads inside that window are
// answered from the prefetched slices.
//
// Handlers reach the store through r.st from many helpers, so the
// request's prefetch travels in ctx (which every one of them passes on)
// and r.st is a prefetchStore that consults it: nothing outlives the
// request, and a call without a prefetch in ctx goes straight through.

// memberHistoryReader is a store that reads a member with their runs and
// pain reports in one round trip.
type memberHistoryReader interface {
	MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error)
}

// lazyHistoryReader is a store that reads as MemberWithHistory does and
// decodes the history only when asked, afresh on each call: a command
// decodes only what it reads, and once.
type lazyHistoryReader interface {
	MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, func() ([]store.Run, error), func() ([]store.Pain, error), error)
}

// prefetchMargin widens the prefetched window beyond what the handlers ask
// as of the UTC date: a member's local date is at most a day either side.
const prefetchMargin = 2

// painPrefetchDays covers the oldest pain report a history command reads:
// /week's four weeks before the start of this week (at most 35 days).
const painPrefetchDays = 35

// historyWindow is what loadMember prefetches as of now: runs from the
// load model's first day on (historyFrom), pain reports since /week's
// first week, each with the time-zone margin.
func historyWindow(now time.Time) (runsFrom string, painsSince time.Time) {
	day := civil(now.UTC())
	return historyFrom(day.AddDate(0, 0, -prefetchMargin)), day.AddDate(0, 0, -painPrefetchDays-prefetchMargin)
}

// prefetched is one request's history: the member's runs dated from on
// (no upper bound) and pain reports at or after since, as the store
// returned them, each given afresh by a call (a slice the reader owns).
// gone is set by any write through prefetchStore, after which reads go to
// the store again.
type prefetched struct {
	memberID ids.MemberID
	from     string
	since    time.Time
	runs     func() ([]store.Run, error)
	pains    func() ([]store.Pain, error)
	// cadences are the newest cadN records (all of them when fewer), for
	// a command that declared Cadences; history is off then (from "").
	cadences []store.Cadence
	cadN     int
	gone     bool
}

type prefetchKey struct{}

// withPrefetch returns ctx carrying p for prefetchStore.
func withPrefetch(ctx context.Context, p *prefetched) context.Context {
	return context.WithValue(ctx, prefetchKey{}, p)
}

// runsFor answers Runs(memberID, from, to) when that lies inside the
// prefetched window: the same runs in the same order (the slice is by date
// then logging order, so filtering keeps it), bounds inclusive.
func (p *prefetched) runsFor(memberID ids.MemberID, from, to string) ([]store.Run, bool) {
	if p == nil || p.gone || memberID != p.memberID || p.from == "" || from == "" || from < p.from || !validRange(from, to) {
		return nil, false
	}
	all, err := p.runs()
	if err != nil {
		return nil, false // the store's own read reports it
	}
	out := all[:0] // all is this call's own: filter it in place
	for _, r := range all {
		if r.Date >= from && (to == "" || r.Date <= to) {
			out = append(out, r)
		}
	}
	if out == nil {
		out = []store.Run{}
	}
	return slices.Clip(out), true
}

// painsFor answers Pains(memberID, since) when since lies inside the
// prefetched window: reports at or after since, oldest first.
func (p *prefetched) painsFor(memberID ids.MemberID, since time.Time) ([]store.Pain, bool) {
	if p == nil || p.gone || memberID != p.memberID || p.since.IsZero() || since.IsZero() || since.Before(p.since) {
		return nil, false
	}
	all, err := p.pains()
	if err != nil {
		return nil, false // the store's own read reports it
	}
	out := all[:0] // all is this call's own: filter it in place
	for _, q := range all {
		if !q.At.Before(since) {
			out = append(out, q)
		}
	}
	if out == nil {
		out = []store.Pain{}
	}
	return slices.Clip(out), true
}

// cadencesFor answers Cadences(memberID, n) when the prefetch holds the
// newest n records (or all there are).
func (p *prefetched) cadencesFor(memberID ids.MemberID, n int) ([]store.Cadence, bool) {
	if p == nil || p.gone || memberID != p.memberID || p.cadN <= 0 || n <= 0 || n > p.cadN {
		return nil, false
	}
	return slices.Clone(p.cadences[:min(n, len(p.cadences))]), true
}

func prefetchOf(ctx context.Context) *prefetched {
	p, _ := ctx.Value(prefetchKey{}).(*prefetched)
	return p
}

// drop forgets ctx's prefetch: called before every write, so a read after
// it in the same command sees the store.
func drop(ctx context.Context) {
	if p := prefetchOf(ctx); p != nil {
		p.gone = true
	}
}

// prefetchStore is the router's store: reads of runs and pain reports
// come from ctx's prefetch when it covers them, everything else (and
// every write, which drops the prefetch first) goes to the store.
type prefetchStore struct {
	store.Store
}

func (s prefetchStore) Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error) {
	if runs, ok := prefetchOf(ctx).runsFor(memberID, from, to); ok {
		return runs, nil
	}
	return s.Store.Runs(ctx, memberID, from, to)
}

func (s prefetchStore) Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error) {
	if pains, ok := prefetchOf(ctx).painsFor(memberID, since); ok {
		return pains, nil
	}
	return s.Store.Pains(ctx, memberID, since)
}

func (s prefetchStore) Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]store.Cadence, error) {
	if cs, ok := prefetchOf(ctx).cadencesFor(memberID, n); ok {
		return cs, nil
	}
	return s.Store.Cadences(ctx, memberID, n)
}

// RunsAndPains answers from the prefetch when it covers both, and
// otherwise passes the combined read on (or makes the two reads).
func (s prefetchStore) RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error) {
	p := prefetchOf(ctx)
	runs, okRuns := p.runsFor(memberID, from, to)
	pains, okPains := p.painsFor(memberID, since)
	if okRuns && okPains {
		return runs, pains, nil
	}
	if rp, ok := s.Store.(runsAndPainsReader); ok {
		return rp.RunsAndPains(ctx, memberID, from, to, since)
	}
	runs, err := s.Store.Runs(ctx, memberID, from, to)
	if err != nil {
		return nil, nil, err
	}
	pains, err = s.Store.Pains(ctx, memberID, since)
	if err != nil {
		return nil, nil, err
	}
	return runs, pains, nil
}

// validRange reports whether the store would accept from..to (its
// CheckRange): a bad date must still reach the store for its error.
func validRange(from, to string) bool {
	ok := func(d string) bool {
		_, err := time.Parse(dateFmt, d)
		return d == "" || err == nil && len(d) == len(dateFmt)
	}
	return ok(from) && ok(to)
}

// memberWithHistory reads the member with the window's history in one
// round trip when the store can, and otherwise the member alone (the
// handlers then read history as before). The error is Member's.
func (s prefetchStore) memberWithHistory(ctx context.Context, id ids.MemberID, now time.Time) (store.Member, *prefetched, error) {
	from, since := historyWindow(now)
	if lh, ok := s.Store.(lazyHistoryReader); ok {
		m, runs, pains, err := lh.MemberWithLazyHistory(ctx, id, from, "", since)
		if err != nil {
			return store.Member{}, nil, fmt.Errorf("member with history: %w", err)
		}
		return m, &prefetched{memberID: id, from: from, since: since, runs: runs, pains: pains}, nil
	}
	mh, ok := s.Store.(memberHistoryReader)
	if !ok {
		m, err := s.Store.Member(ctx, id)
		return m, nil, err
	}
	m, runs, pains, err := mh.MemberWithHistory(ctx, id, from, "", since)
	if err != nil {
		return store.Member{}, nil, fmt.Errorf("member with history: %w", err)
	}
	return m, &prefetched{memberID: id, from: from, since: since,
		runs:  func() ([]store.Run, error) { return slices.Clone(runs), nil },
		pains: func() ([]store.Pain, error) { return slices.Clone(pains), nil }}, nil
}

// memberCadencesReader is a store that reads a member with their newest
// cadence records in one round trip.
type memberCadencesReader interface {
	MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error)
}

// cadencePrefetch covers /cadence's reads: the daily cap's count (the
// most it reads) and the latest record.
const cadencePrefetch = MaxCadencePerDay

// memberWithCadences reads the member with their newest cadence records in
// one round trip when the store can, and otherwise the member alone.
func (s prefetchStore) memberWithCadences(ctx context.Context, id ids.MemberID) (store.Member, *prefetched, error) {
	mc, ok := s.Store.(memberCadencesReader)
	if !ok {
		m, err := s.Store.Member(ctx, id)
		return m, nil, err
	}
	m, cs, err := mc.MemberWithCadences(ctx, id, cadencePrefetch)
	if err != nil {
		return store.Member{}, nil, fmt.Errorf("member with cadences: %w", err)
	}
	return m, &prefetched{memberID: id, cadences: slices.Clip(cs), cadN: cadencePrefetch}, nil
}

// ---- writes: each drops the prefetch ----

func (s prefetchStore) UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	drop(ctx)
	return s.Store.UpdateMember(ctx, id, fn)
}

func (s prefetchStore) AddRun(ctx context.Context, memberID ids.MemberID, r store.Run) (store.Run, error) {
	drop(ctx)
	return s.Store.AddRun(ctx, memberID, r)
}

func (s prefetchStore) DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (store.Run, error) {
	drop(ctx)
	return s.Store.DeleteRun(ctx, memberID, id)
}

func (s prefetchStore) AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*store.Run) error) (store.Run, error) {
	drop(ctx)
	return s.Store.AmendRun(ctx, memberID, id, fn)
}

func (s prefetchStore) AddPain(ctx context.Context, memberID ids.MemberID, p store.Pain) (store.Pain, error) {
	drop(ctx)
	return s.Store.AddPain(ctx, memberID, p)
}

// painMemberWriter is a store that writes a pain report and the member
// update it causes atomically, in one round trip.
type painMemberWriter interface {
	AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error)
}

// AddPainWithMember stores the report and the member update together when
// the store can; otherwise it adds the report and then updates the member,
// and a failure of the update (the report is stored) is reported with the
// stored report.
func (s prefetchStore) AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error) {
	drop(ctx)
	if pw, ok := s.Store.(painMemberWriter); ok {
		return pw.AddPainWithMember(ctx, memberID, p, fn)
	}
	p, err := s.Store.AddPain(ctx, memberID, p)
	if err != nil {
		return store.Pain{}, store.Member{}, err
	}
	m, err := s.Store.UpdateMember(ctx, memberID, func(m *store.Member) error { return fn(m, p) })
	if err != nil {
		return p, store.Member{}, fmt.Errorf("%w: %w", training.ErrReportStored, err)
	}
	return p, m, nil
}

func (s prefetchStore) AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*store.Pain) error) (store.Pain, error) {
	drop(ctx)
	return s.Store.AmendPain(ctx, memberID, id, since, fn)
}

func (s prefetchStore) Forget(ctx context.Context, memberID ids.MemberID) error {
	drop(ctx)
	return s.Store.Forget(ctx, memberID)
}

func (s prefetchStore) CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (int, error) {
	drop(ctx)
	return s.Store.CompactRuns(ctx, memberID, before)
}

func (s prefetchStore) PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (int, error) {
	drop(ctx)
	return s.Store.PruneHealth(ctx, memberID, before)
}

func (s prefetchStore) AddCadence(ctx context.Context, memberID ids.MemberID, c store.Cadence) error {
	drop(ctx)
	return s.Store.AddCadence(ctx, memberID, c)
}

func (s prefetchStore) AddBalance(ctx context.Context, memberID ids.MemberID, b store.Balance) error {
	drop(ctx)
	return s.Store.AddBalance(ctx, memberID, b)
}
