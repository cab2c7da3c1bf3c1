package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Issue 13: a reminder reads what it needs about the member in one round
// trip and, once sent, records it and re-plans the member's jobs in one
// more. A store that offers sendStore (both do) is used that way; any
// other (a test's wrapper) gets the reads and writes one by one.

// sendStore is the optional capability of a store for scheduled sends.
type sendStore interface {
	// MemberWithMarks reads the member, their runs dated from..to, pain
	// reports since since, and the keys of their live marks.
	MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, []string, error)
	// SettleJobs marks keys for ttl, sets and unsets the member's jobs and
	// returns the member as stored; ErrNotFound (no marks) when gone.
	SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (store.Member, error)
}

// forSendStore is the optional capability of a store to take the
// member's sending claim in the same step as reading them for a send.
type forSendStore interface {
	// MemberForSend reads as MemberWithMarks (the marks as they were
	// before the claim) and marks claim for ttl unless it is live,
	// reporting whether it did; ErrNotFound (no claim) when gone.
	MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error)
}

// Windows read with the member for a send: wide enough for compose's
// reads (yesterday's runs in any zone, the reports of the week before a
// check-in's report, which is at most two days old when one is due).
const (
	sendRunDays  = 3
	sendPainDays = 10
)

// memberView is what one send or re-plan knows about a member.
type memberView struct {
	m store.Member
	// marks are the member's live marks, nil when not read (then each
	// check asks the store, or reads them all once: loadMarks).
	marks map[string]bool
	// runs dated runsFrom or later ("" when none were read) and pains at
	// or after painsSince (zero when none were read).
	runsFrom   string
	runs       []store.Run
	painsSince time.Time
	pains      []store.Pain
	// claim is what the read did about the member's sending claim.
	claim claimState
}

// claimState is whether a send's read took the member's sending claim.
type claimState int

const (
	claimNone  claimState = iota // not asked, or the store cannot: taken before sending
	claimTaken                   // this read took it
	claimHeld                    // another send holds it
)

// readForSend reads the member for a send and, when claim is set and the
// store can, takes their sending claim in the same round trip; else it
// reads as readMember (the claim, if wanted, is then taken before sending).
func (s *Scheduler) readForSend(ctx context.Context, id ids.MemberID, claim bool) (*memberView, error) {
	if fs, ok := s.d.Store.(forSendStore); ok && claim {
		from, since := s.sendWindows()
		r, err := fs.MemberForSend(ctx, id, from, "", since, sendingKey, s.sendingTTL())
		if err == nil {
			v := &memberView{m: r.Member, marks: markSet(r.Marks), runsFrom: from, runs: r.Runs, painsSince: since, pains: r.Pains, claim: claimHeld}
			if r.Claimed {
				v.claim = claimTaken
			}
			return v, nil
		}
		if !errors.Is(err, errors.ErrUnsupported) {
			return nil, err
		}
	}
	return s.readMember(ctx, id)
}

// sendWindows are the runs (dated from) and pain reports (since) read with
// the member for a send.
func (s *Scheduler) sendWindows() (from string, since time.Time) {
	now := s.now().UTC()
	return now.AddDate(0, 0, -sendRunDays).Format(time.DateOnly), now.AddDate(0, 0, -sendPainDays)
}

// readMember reads the member for a re-plan (or for a send, on a store
// that cannot take the claim with the read): with history and marks in one
// round trip when the store can, else the member alone.
func (s *Scheduler) readMember(ctx context.Context, id ids.MemberID) (*memberView, error) {
	if ss, ok := s.d.Store.(sendStore); ok {
		from, since := s.sendWindows()
		m, runs, pains, marks, err := ss.MemberWithMarks(ctx, id, from, "", since)
		if err == nil {
			return &memberView{m: m, marks: markSet(marks), runsFrom: from, runs: runs, painsSince: since, pains: pains}, nil
		}
		if !errors.Is(err, errors.ErrUnsupported) {
			return nil, err
		}
	}
	m, err := s.d.Store.Member(ctx, id)
	if err != nil {
		return nil, err
	}
	return &memberView{m: m}, nil
}

func markSet(keys []string) map[string]bool {
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// marked reports whether the member's mark key is live.
func (s *Scheduler) marked(ctx context.Context, v *memberView, key string) (bool, error) {
	if v.marks == nil {
		s.loadMarks(ctx, v)
	}
	if v.marks != nil {
		return v.marks[key], nil
	}
	return s.d.Store.Marked(ctx, string(v.m.ID), key)
}

// loadMarks reads every live mark of the member in one round trip when
// the store can (a re-plan asks for up to two), leaving marks nil when it
// cannot.
func (s *Scheduler) loadMarks(ctx context.Context, v *memberView) {
	ss, ok := s.d.Store.(sendStore)
	if !ok {
		return
	}
	// An empty window: only the marks are wanted.
	later := s.now().UTC().AddDate(0, 0, 2)
	_, _, _, marks, err := ss.MemberWithMarks(ctx, v.m.ID, later.Format(time.DateOnly), later.Format(time.DateOnly), later)
	if err == nil {
		v.marks = markSet(marks)
	}
}

// painsSince answers Pains(since) from the view when it covers since.
func (s *Scheduler) painsSince(ctx context.Context, v *memberView, since time.Time) ([]store.Pain, error) {
	if v.painsSince.IsZero() || since.Before(v.painsSince) {
		return s.d.Store.Pains(ctx, v.m.ID, since)
	}
	var out []store.Pain
	for _, p := range v.pains {
		if !p.At.Before(since) {
			out = append(out, p)
		}
	}
	return out, nil
}

// runsOn answers Runs(day, day) from the view when it covers day.
func (s *Scheduler) runsOn(ctx context.Context, v *memberView, day string) ([]store.Run, error) {
	if v.runsFrom == "" || day < v.runsFrom {
		return s.d.Store.Runs(ctx, v.m.ID, day, day)
	}
	var out []store.Run
	for _, r := range v.runs {
		if r.Date == day {
			out = append(out, r)
		}
	}
	return out, nil
}

// jobs is a re-plan's outcome: the member's jobs to queue and to drop.
type jobs struct {
	set   map[string]time.Time
	unset []string
}

// settle records marks and applies js in one round trip when the store
// can, and returns the member as stored then; errForgotten when the
// member is gone (their jobs are dropped).
func (s *Scheduler) settle(ctx context.Context, memberID ids.MemberID, marks []string, js jobs) (store.Member, error) {
	platform := memberID.Platform()
	ss, ok := s.d.Store.(sendStore)
	if !ok {
		return s.settleEach(ctx, memberID, platform, marks, js)
	}
	m, err := ss.SettleJobs(ctx, memberID, platform, marks, markTTL, js.set, js.unset)
	if errors.Is(err, store.ErrNotFound) {
		if err := s.unscheduleAll(ctx, platform, memberID); err != nil {
			return store.Member{}, fmt.Errorf("drop a forgotten member's jobs: %w", err)
		}
		return store.Member{}, errForgotten
	}
	if err != nil {
		return store.Member{}, fmt.Errorf("record and re-plan: %w", err)
	}
	return m, nil
}

// settleEach is settle one call at a time, in the order the scheduler
// always used: marks, then each job queued and the member checked after
// it (a /forgetme that landed meanwhile must not be undone), then drops.
func (s *Scheduler) settleEach(ctx context.Context, memberID ids.MemberID, platform string, marks []string, js jobs) (store.Member, error) {
	s.mark(ctx, memberID, marks)
	for job, at := range js.set {
		kind, _, _ := strings.Cut(job, "|")
		if err := s.schedule(ctx, platform, kind, memberID, at); err != nil {
			return store.Member{}, err
		}
	}
	for _, job := range js.unset {
		if err := s.d.Store.Unschedule(ctx, platform, job); err != nil {
			return store.Member{}, fmt.Errorf("unschedule %s: %w", job, err)
		}
	}
	m, err := s.d.Store.Member(ctx, memberID)
	if errors.Is(err, store.ErrNotFound) {
		if err := s.unscheduleAll(ctx, platform, memberID); err != nil {
			return store.Member{}, fmt.Errorf("drop a forgotten member's jobs: %w", err)
		}
		return store.Member{}, errForgotten
	}
	if err != nil {
		return store.Member{}, nil // the plan stands; only the check for a change failed
	}
	return m, nil
}
