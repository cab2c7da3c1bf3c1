package metrics

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Store wraps a store.Store and times every call into
// clubcoach_store_duration_seconds{op}; failures other than
// store.ErrNotFound count in clubcoach_store_errors_total{op}, and stored
// pain reports count in clubcoach_triage_total. Close is passed through
// untimed.
type Store struct {
	store.Store
	m   *Metrics
	now func() time.Time
}

// InstrumentStore returns st wrapped so that m records its latency.
func InstrumentStore(st store.Store, m *Metrics) *Store {
	return &Store{Store: st, m: m, now: time.Now}
}

// done records one call that started at start; use as
// `defer s.done("Op", s.now(), &err)`.
func (s *Store) done(op string, start time.Time, err *error) {
	failed := *err != nil && !errors.Is(*err, store.ErrNotFound)
	s.m.storeCall(op, s.now().Sub(start), failed)
}

func (s *Store) Member(ctx context.Context, id ids.MemberID) (_ store.Member, err error) {
	defer s.done("Member", s.now(), &err)
	return s.Store.Member(ctx, id)
}

func (s *Store) UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (_ store.Member, err error) {
	defer s.done("UpdateMember", s.now(), &err)
	return s.Store.UpdateMember(ctx, id, fn)
}

func (s *Store) AddRun(ctx context.Context, memberID ids.MemberID, r store.Run) (_ store.Run, err error) {
	defer s.done("AddRun", s.now(), &err)
	return s.Store.AddRun(ctx, memberID, r)
}

func (s *Store) Runs(ctx context.Context, memberID ids.MemberID, from, to string) (_ []store.Run, err error) {
	defer s.done("Runs", s.now(), &err)
	return s.Store.Runs(ctx, memberID, from, to)
}

func (s *Store) DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (_ store.Run, err error) {
	defer s.done("DeleteRun", s.now(), &err)
	return s.Store.DeleteRun(ctx, memberID, id)
}

func (s *Store) AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*store.Run) error) (_ store.Run, err error) {
	defer s.done("AmendRun", s.now(), &err)
	return s.Store.AmendRun(ctx, memberID, id, fn)
}

func (s *Store) AddPain(ctx context.Context, memberID ids.MemberID, p store.Pain) (_ store.Pain, err error) {
	defer s.done("AddPain", s.now(), &err)
	if p, err = s.Store.AddPain(ctx, memberID, p); err == nil {
		s.m.Triage(p.Level, p.Source)
	}
	return p, err
}

func (s *Store) AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*store.Pain) error) (_ store.Pain, err error) {
	defer s.done("AmendPain", s.now(), &err)
	return s.Store.AmendPain(ctx, memberID, id, since, fn)
}

func (s *Store) Pains(ctx context.Context, memberID ids.MemberID, since time.Time) (_ []store.Pain, err error) {
	defer s.done("Pains", s.now(), &err)
	return s.Store.Pains(ctx, memberID, since)
}

func (s *Store) AddCadence(ctx context.Context, memberID ids.MemberID, c store.Cadence) (err error) {
	defer s.done("AddCadence", s.now(), &err)
	return s.Store.AddCadence(ctx, memberID, c)
}

func (s *Store) Cadences(ctx context.Context, memberID ids.MemberID, n int) (_ []store.Cadence, err error) {
	defer s.done("Cadences", s.now(), &err)
	return s.Store.Cadences(ctx, memberID, n)
}

func (s *Store) AddBalance(ctx context.Context, memberID ids.MemberID, b store.Balance) (err error) {
	defer s.done("AddBalance", s.now(), &err)
	return s.Store.AddBalance(ctx, memberID, b)
}

func (s *Store) Balances(ctx context.Context, memberID ids.MemberID, n int) (_ []store.Balance, err error) {
	defer s.done("Balances", s.now(), &err)
	return s.Store.Balances(ctx, memberID, n)
}

func (s *Store) Export(ctx context.Context, memberID ids.MemberID) (_ store.Export, err error) {
	defer s.done("Export", s.now(), &err)
	return s.Store.Export(ctx, memberID)
}

func (s *Store) Forget(ctx context.Context, memberID ids.MemberID) (err error) {
	defer s.done("Forget", s.now(), &err)
	return s.Store.Forget(ctx, memberID)
}

func (s *Store) Keep(ctx context.Context, memberID ids.MemberID, k store.Kept) (err error) {
	defer s.done("Keep", s.now(), &err)
	return s.Store.Keep(ctx, memberID, k)
}

func (s *Store) TakeKept(ctx context.Context, memberID ids.MemberID, now time.Time) (_ []store.Kept, err error) {
	defer s.done("TakeKept", s.now(), &err)
	return s.Store.TakeKept(ctx, memberID, now)
}

func (s *Store) PeekKept(ctx context.Context, memberID ids.MemberID, now time.Time) (_ []store.Kept, err error) {
	defer s.done("PeekKept", s.now(), &err)
	return s.Store.PeekKept(ctx, memberID, now)
}

func (s *Store) AckKept(ctx context.Context, memberID ids.MemberID, delivered []store.Kept) (err error) {
	defer s.done("AckKept", s.now(), &err)
	return s.Store.AckKept(ctx, memberID, delivered)
}

func (s *Store) AddInvite(ctx context.Context, inv store.Invite) (err error) {
	defer s.done("AddInvite", s.now(), &err)
	return s.Store.AddInvite(ctx, inv)
}

func (s *Store) TakeInvite(ctx context.Context, code string) (_ store.Invite, err error) {
	defer s.done("TakeInvite", s.now(), &err)
	return s.Store.TakeInvite(ctx, code)
}

func (s *Store) AddShare(ctx context.Context, sh store.Share) (_ store.Share, err error) {
	defer s.done("AddShare", s.now(), &err)
	return s.Store.AddShare(ctx, sh)
}

func (s *Store) Shares(ctx context.Context, clubID ids.ClubID, since time.Time) (_ []store.Share, err error) {
	defer s.done("Shares", s.now(), &err)
	return s.Store.Shares(ctx, clubID, since)
}

func (s *Store) UpdateShare(ctx context.Context, clubID ids.ClubID, id string, fn func(*store.Share) error) (_ store.Share, err error) {
	defer s.done("UpdateShare", s.now(), &err)
	return s.Store.UpdateShare(ctx, clubID, id, fn)
}

func (s *Store) DeleteShares(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (_ int, err error) {
	defer s.done("DeleteShares", s.now(), &err)
	return s.Store.DeleteShares(ctx, clubID, memberID)
}

func (s *Store) Club(ctx context.Context, id ids.ClubID) (_ store.Club, err error) {
	defer s.done("Club", s.now(), &err)
	return s.Store.Club(ctx, id)
}

func (s *Store) UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (_ store.Club, err error) {
	defer s.done("UpdateClub", s.now(), &err)
	return s.Store.UpdateClub(ctx, id, fn)
}

func (s *Store) ClubIDs(ctx context.Context) (_ []ids.ClubID, err error) {
	defer s.done("ClubIDs", s.now(), &err)
	return s.Store.ClubIDs(ctx)
}

func (s *Store) MoveClub(ctx context.Context, from, to ids.ClubID) (err error) {
	defer s.done("MoveClub", s.now(), &err)
	return s.Store.MoveClub(ctx, from, to)
}

func (s *Store) DeleteClub(ctx context.Context, id ids.ClubID, boards []string) (err error) {
	defer s.done("DeleteClub", s.now(), &err)
	return s.Store.DeleteClub(ctx, id, boards)
}

func (s *Store) Mark(ctx context.Context, scope, key string, ttl time.Duration) (_ bool, err error) {
	defer s.done("Mark", s.now(), &err)
	return s.Store.Mark(ctx, scope, key, ttl)
}

func (s *Store) Marked(ctx context.Context, scope, key string) (_ bool, err error) {
	defer s.done("Marked", s.now(), &err)
	return s.Store.Marked(ctx, scope, key)
}

func (s *Store) Schedule(ctx context.Context, platform, job string, at time.Time) (err error) {
	defer s.done("Schedule", s.now(), &err)
	return s.Store.Schedule(ctx, platform, job, at)
}

func (s *Store) Unschedule(ctx context.Context, platform, job string) (err error) {
	defer s.done("Unschedule", s.now(), &err)
	return s.Store.Unschedule(ctx, platform, job)
}

func (s *Store) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, max int) (_ []store.Due, err error) {
	defer s.done("Claim", s.now(), &err)
	return s.Store.Claim(ctx, platform, now, lease, max)
}

func (s *Store) When(ctx context.Context, platform, job string) (_ time.Time, err error) {
	defer s.done("When", s.now(), &err)
	return s.Store.When(ctx, platform, job)
}

func (s *Store) BoardAdd(ctx context.Context, board string, member ids.MemberID, delta int64) (_ int64, err error) {
	defer s.done("BoardAdd", s.now(), &err)
	return s.Store.BoardAdd(ctx, board, member, delta)
}

func (s *Store) BoardTop(ctx context.Context, board string, n int) (_ []store.Score, err error) {
	defer s.done("BoardTop", s.now(), &err)
	return s.Store.BoardTop(ctx, board, n)
}

func (s *Store) BoardScore(ctx context.Context, board string, member ids.MemberID) (_ store.Score, err error) {
	defer s.done("BoardScore", s.now(), &err)
	return s.Store.BoardScore(ctx, board, member)
}

func (s *Store) BoardRemove(ctx context.Context, board string, member ids.MemberID) (err error) {
	defer s.done("BoardRemove", s.now(), &err)
	return s.Store.BoardRemove(ctx, board, member)
}

func (s *Store) BoardDelete(ctx context.Context, board string) (err error) {
	defer s.done("BoardDelete", s.now(), &err)
	return s.Store.BoardDelete(ctx, board)
}

func (s *Store) Ping(ctx context.Context) (err error) {
	defer s.done("Ping", s.now(), &err)
	return s.Store.Ping(ctx)
}

func (s *Store) SetWebToken(ctx context.Context, clubID ids.ClubID, token string) (err error) {
	defer s.done("SetWebToken", s.now(), &err)
	return s.Store.SetWebToken(ctx, clubID, token)
}

func (s *Store) WebToken(ctx context.Context, clubID ids.ClubID) (_ string, err error) {
	defer s.done("WebToken", s.now(), &err)
	return s.Store.WebToken(ctx, clubID)
}

func (s *Store) WebClub(ctx context.Context, token string) (_ ids.ClubID, err error) {
	defer s.done("WebClub", s.now(), &err)
	return s.Store.WebClub(ctx, token)
}

func (s *Store) CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (_ int, err error) {
	defer s.done("CompactRuns", s.now(), &err)
	return s.Store.CompactRuns(ctx, memberID, before)
}

func (s *Store) PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (_ int, err error) {
	defer s.done("PruneHealth", s.now(), &err)
	return s.Store.PruneHealth(ctx, memberID, before)
}

// RunsAndPains passes the combined read through (timed as one call) when
// the wrapped store has it, and otherwise makes the two calls.
func (s *Store) RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) (_ []store.Run, _ []store.Pain, err error) {
	defer s.done("RunsAndPains", s.now(), &err)
	if rp, ok := s.Store.(interface {
		RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
	}); ok {
		return rp.RunsAndPains(ctx, memberID, from, to, since)
	}
	runs, err := s.Store.Runs(ctx, memberID, from, to)
	if err != nil {
		return nil, nil, err
	}
	pains, err := s.Store.Pains(ctx, memberID, since)
	if err != nil {
		return nil, nil, err
	}
	return runs, pains, nil
}

// MemberWithHistory passes the combined read through (timed as one call)
// when the wrapped store has it, and otherwise makes the three calls.
func (s *Store) MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (_ store.Member, _ []store.Run, _ []store.Pain, err error) {
	defer s.done("MemberWithHistory", s.now(), &err)
	if mh, ok := s.Store.(interface {
		MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error)
	}); ok {
		return mh.MemberWithHistory(ctx, id, from, to, since)
	}
	m, err := s.Store.Member(ctx, id)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	runs, err := s.Store.Runs(ctx, id, from, to)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	pains, err := s.Store.Pains(ctx, id, since)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	return m, runs, pains, nil
}

// MemberWithLazyHistory passes the lazily decoded read through when the
// wrapped store has it, timed as the one MemberWithHistory call it is (the
// decoding a reader asks for later is client work, not store time), and
// otherwise reads as MemberWithHistory does and hands out copies.
func (s *Store) MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (_ store.Member, _ func() ([]store.Run, error), _ func() ([]store.Pain, error), err error) {
	if lh, ok := s.Store.(interface {
		MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, func() ([]store.Run, error), func() ([]store.Pain, error), error)
	}); ok {
		defer s.done("MemberWithHistory", s.now(), &err)
		return lh.MemberWithLazyHistory(ctx, id, from, to, since)
	}
	m, runs, pains, err := s.MemberWithHistory(ctx, id, from, to, since)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	return m, func() ([]store.Run, error) { return slices.Clone(runs), nil },
		func() ([]store.Pain, error) { return slices.Clone(pains), nil }, nil
}

// AddPainWithMember passes the atomic report-and-member write through
// (timed as one call, the report counted in clubcoach_triage_total) when
// the wrapped store has it, and otherwise adds the report and then
// updates the member (not atomic: a store without it offers no better).
func (s *Store) AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (_ store.Pain, _ store.Member, err error) {
	defer s.done("AddPainWithMember", s.now(), &err)
	if pm, ok := s.Store.(interface {
		AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error)
	}); ok {
		var m store.Member
		if p, m, err = pm.AddPainWithMember(ctx, memberID, p, fn); err != nil {
			return store.Pain{}, store.Member{}, err
		}
		s.m.Triage(p.Level, p.Source)
		return p, m, nil
	}
	if p, err = s.Store.AddPain(ctx, memberID, p); err != nil {
		return store.Pain{}, store.Member{}, err
	}
	s.m.Triage(p.Level, p.Source)
	m, err := s.Store.UpdateMember(ctx, memberID, func(m *store.Member) error { return fn(m, p) })
	if err != nil {
		return store.Pain{}, store.Member{}, err
	}
	return p, m, nil
}

// MemberWithCadences passes the combined read through (timed as one call)
// when the wrapped store has it, and otherwise makes the two calls.
func (s *Store) MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (_ store.Member, _ []store.Cadence, err error) {
	defer s.done("MemberWithCadences", s.now(), &err)
	if mc, ok := s.Store.(interface {
		MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error)
	}); ok {
		return mc.MemberWithCadences(ctx, id, n)
	}
	m, err := s.Store.Member(ctx, id)
	if err != nil {
		return store.Member{}, nil, err
	}
	cs, err := s.Store.Cadences(ctx, id, n)
	if err != nil {
		return store.Member{}, nil, err
	}
	return m, cs, nil
}

// MemberWithMarks passes the combined read through (timed as one call)
// when the wrapped store has it. Without it the marks cannot be listed:
// the caller falls back to its own reads (ErrUnsupported).
func (s *Store) MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (_ store.Member, _ []store.Run, _ []store.Pain, _ []string, err error) {
	defer s.done("MemberWithMarks", s.now(), &err)
	mm, ok := s.Store.(interface {
		MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, []string, error)
	})
	if !ok {
		return store.Member{}, nil, nil, nil, errors.ErrUnsupported
	}
	return mm.MemberWithMarks(ctx, id, from, to, since)
}

// MemberForSend passes the read with its sending claim through (timed as
// one call) when the wrapped store has it; without it the caller falls
// back to MemberWithMarks and Mark (ErrUnsupported).
func (s *Store) MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (_ store.SendRead, err error) {
	defer s.done("MemberForSend", s.now(), &err)
	fs, ok := s.Store.(interface {
		MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error)
	})
	if !ok {
		return store.SendRead{}, errors.ErrUnsupported
	}
	return fs.MemberForSend(ctx, id, from, to, since, claim, ttl)
}

// SettleJobs passes the combined write through (timed as one call) when
// the wrapped store has it, and otherwise makes the calls one by one.
func (s *Store) SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (_ store.Member, err error) {
	defer s.done("SettleJobs", s.now(), &err)
	if sj, ok := s.Store.(interface {
		SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (store.Member, error)
	}); ok {
		return sj.SettleJobs(ctx, memberID, platform, marks, ttl, set, unset)
	}
	if _, err := s.Store.Member(ctx, memberID); err != nil {
		return store.Member{}, err
	}
	for _, k := range marks {
		if _, err := s.Store.Mark(ctx, string(memberID), k, ttl); err != nil {
			return store.Member{}, err
		}
	}
	for job, at := range set {
		if err := s.Store.Schedule(ctx, platform, job, at); err != nil {
			return store.Member{}, err
		}
	}
	for _, job := range unset {
		if err := s.Store.Unschedule(ctx, platform, job); err != nil {
			return store.Member{}, err
		}
	}
	return s.Store.Member(ctx, memberID)
}
