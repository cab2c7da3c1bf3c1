package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// SendStore is what both stores offer a scheduled send: one read of the
// member with their history and live marks, and one write that records
// the send and re-plans the member's jobs.
type SendStore interface {
	MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, []string, error)
	SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (store.Member, error)
}

func sendStore(t *testing.T, s store.Store) SendStore {
	t.Helper()
	ss, ok := s.(SendStore)
	if !ok {
		t.Fatalf("%T has no MemberWithMarks and SettleJobs", s)
	}
	return ss
}

// testMemberWithMarks: the member and history as MemberWithHistory reads
// them, and exactly the marks Marked reports, as the store's clock moves.
func testMemberWithMarks(t *testing.T, s store.Store) {
	ss := sendStore(t, s)
	clk := ClockFor(t)
	const m = "telegram:1"
	if _, _, _, _, err := ss.MemberWithMarks(ctx(t), m, "", "", time.Time{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown member: err = %v, want ErrNotFound", err)
	}
	_, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; return nil })
	must(t, err)
	seedHistory(t, s, m)
	for _, k := range []struct {
		key string
		ttl time.Duration
	}{{"remind|2026-03-01", time.Hour}, {"checkin|2026-03-01", 3 * time.Hour}} {
		_, err := s.Mark(ctx(t), m, k.key, k.ttl)
		must(t, err)
	}
	_, err = s.Mark(ctx(t), "telegram:2", "remind|2026-03-01", time.Hour) // another scope
	must(t, err)
	want, err := s.Member(ctx(t), m)
	must(t, err)
	for _, w := range historyWindows {
		got, runs, pains, marks, err := ss.MemberWithMarks(ctx(t), m, w.from, w.to, w.since)
		must(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("member = %+v, want %+v", got, want)
		}
		checkHistory(t, s, m, w, "MemberWithMarks", runs, pains)
		slices.Sort(marks)
		if !slices.Equal(marks, []string{"checkin|2026-03-01", "remind|2026-03-01"}) {
			t.Errorf("marks = %v", marks)
		}
	}
	clk.Advance(2 * time.Hour)
	_, _, _, marks, err := ss.MemberWithMarks(ctx(t), m, "", "", time.Time{})
	must(t, err)
	if !slices.Equal(marks, []string{"checkin|2026-03-01"}) {
		t.Errorf("after an hour's mark expired: marks = %v", marks)
	}
}

// testSettleJobs: marks as Mark makes them, jobs set and unset, the member
// as stored; a forgotten member gets no marks and ErrNotFound.
func testSettleJobs(t *testing.T, s store.Store) {
	ss := sendStore(t, s)
	clk := ClockFor(t)
	const m, platform = "telegram:1", "telegram"
	at := Epoch.Add(30 * time.Hour)
	if _, err := ss.SettleJobs(ctx(t), m, platform, []string{"remind|x"}, time.Hour, map[string]time.Time{"remind|" + m: at}, nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown member: err = %v, want ErrNotFound", err)
	}
	if ok, err := s.Marked(ctx(t), m, "remind|x"); err != nil || ok {
		t.Fatalf("a member not stored got a mark: %v, %v", ok, err)
	}
	_, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.RemindAt = "07:00"; return nil })
	must(t, err)
	must(t, s.Schedule(ctx(t), platform, "checkin|"+m, at))
	_, err = s.Mark(ctx(t), m, "old", 10*time.Hour) // a live mark keeps its expiry
	must(t, err)
	got, err := ss.SettleJobs(ctx(t), m, platform, []string{"remind|2026-03-01", "old"}, time.Hour,
		map[string]time.Time{"remind|" + m: at}, []string{"checkin|" + m, "nothing|" + m})
	must(t, err)
	want, err := s.Member(ctx(t), m)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("member = %+v, want %+v", got, want)
	}
	if when, err := s.When(ctx(t), platform, "remind|"+m); err != nil || !when.Equal(at) {
		t.Errorf("reminder queued at %v, %v; want %v", when, err, at)
	}
	if _, err := s.When(ctx(t), platform, "checkin|"+m); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("check-in still queued: %v", err)
	}
	for _, c := range []struct {
		after time.Duration
		key   string
		want  bool
	}{{59 * time.Minute, "remind|2026-03-01", true}, {2 * time.Minute, "remind|2026-03-01", false}, {0, "old", true}} {
		clk.Advance(c.after)
		if ok, err := s.Marked(ctx(t), m, c.key); err != nil || ok != c.want {
			t.Errorf("+%v: Marked(%s) = %v, %v; want %v", c.after, c.key, ok, err, c.want)
		}
	}
	// Nothing to mark, nothing to queue: the member as stored.
	if got, err := ss.SettleJobs(ctx(t), m, platform, nil, time.Hour, nil, nil); err != nil || got.RemindAt != "07:00" {
		t.Errorf("empty settle: %+v, %v", got, err)
	}
	// A forgotten member gets no marks.
	must(t, s.Forget(ctx(t), m))
	if _, err := ss.SettleJobs(ctx(t), m, platform, []string{"late"}, time.Hour, nil, nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("forgotten member: err = %v, want ErrNotFound", err)
	}
	if ok, err := s.Marked(ctx(t), m, "late"); err != nil || ok {
		t.Fatalf("a forgotten member got a mark: %v, %v", ok, err)
	}
}

// forSendStore is what both stores offer a scheduled send that takes its
// sending claim with its read.
type forSendStore interface {
	MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error)
}

// testMemberForSend: what MemberWithMarks reads (the marks as they were
// before the claim), and the claim taken as Mark takes a mark: only when
// absent or expired, a live one keeping its expiry; a member not stored
// (never, or forgotten) gets no claim.
func testMemberForSend(t *testing.T, s store.Store) {
	fs, ok := s.(forSendStore)
	if !ok {
		t.Fatalf("%T has no MemberForSend", s)
	}
	clk := ClockFor(t)
	const m, claim = "telegram:1", "sending"
	if _, err := fs.MemberForSend(ctx(t), m, "", "", time.Time{}, claim, time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown member: err = %v, want ErrNotFound", err)
	}
	if ok, err := s.Marked(ctx(t), m, claim); err != nil || ok {
		t.Fatalf("a member not stored got the claim: %v, %v", ok, err)
	}
	_, err := s.UpdateMember(ctx(t), m, func(mb *store.Member) error { mb.Name = "Ann"; return nil })
	must(t, err)
	seedHistory(t, s, m)
	_, err = s.Mark(ctx(t), m, "remind|2026-03-01", time.Hour)
	must(t, err)
	_, err = s.Mark(ctx(t), "telegram:2", claim, time.Hour) // another scope's claim
	must(t, err)
	for _, bad := range []struct {
		claim string
		ttl   time.Duration
	}{{"", time.Minute}, {claim, 0}} {
		if _, err := fs.MemberForSend(ctx(t), m, "", "", time.Time{}, bad.claim, bad.ttl); err == nil {
			t.Errorf("claim %q for %v: no error", bad.claim, bad.ttl)
		}
	}
	want, err := s.Member(ctx(t), m)
	must(t, err)
	for i, w := range historyWindows {
		got, err := fs.MemberForSend(ctx(t), m, w.from, w.to, w.since, claim, time.Minute)
		must(t, err)
		if !reflect.DeepEqual(got.Member, want) {
			t.Errorf("member = %+v, want %+v", got.Member, want)
		}
		checkHistory(t, s, m, w, "MemberForSend", got.Runs, got.Pains)
		slices.Sort(got.Marks)
		wantMarks := []string{"remind|2026-03-01"}
		if i > 0 { // the first call's claim is live
			wantMarks = []string{"remind|2026-03-01", claim}
		}
		if !slices.Equal(got.Marks, wantMarks) {
			t.Errorf("call %d: marks = %v, want %v", i, got.Marks, wantMarks)
		}
		if got.Claimed != (i == 0) {
			t.Errorf("call %d: claimed = %v, want %v", i, got.Claimed, i == 0)
		}
		clk.Advance(10 * time.Second)
	}
	// Five calls 10 s apart: the first claim expires a minute after it
	// was taken, not a minute after the last try.
	clk.Advance(10*time.Second + time.Millisecond)
	if ok, err := s.Marked(ctx(t), m, claim); err != nil || ok {
		t.Errorf("claim live a minute after it was taken: %v, %v", ok, err)
	}
	got, err := fs.MemberForSend(ctx(t), m, "", "", time.Time{}, claim, time.Minute)
	must(t, err)
	if !got.Claimed || slices.Contains(got.Marks, claim) {
		t.Errorf("after expiry: claimed %v, marks %v; want the claim taken afresh", got.Claimed, got.Marks)
	}
	if ok, err := s.Marked(ctx(t), m, "remind|2026-03-01"); err != nil || !ok {
		t.Errorf("the claim disturbed another mark: %v, %v", ok, err)
	}
	// Many at once: one takes it.
	clk.Advance(time.Minute + time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for range 8 {
		wg.Go(func() {
			r, err := fs.MemberForSend(ctx(t), m, "", "", time.Time{}, claim, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if r.Claimed {
				mu.Lock()
				n++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n != 1 {
		t.Errorf("%d of 8 concurrent calls took the claim, want 1", n)
	}
	// A forgotten member gets no claim.
	clk.Advance(time.Minute + time.Millisecond)
	must(t, s.Forget(ctx(t), m))
	if _, err := fs.MemberForSend(ctx(t), m, "", "", time.Time{}, claim, time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("forgotten member: err = %v, want ErrNotFound", err)
	}
	if ok, err := s.Marked(ctx(t), m, claim); err != nil || ok {
		t.Fatalf("a forgotten member got the claim: %v, %v", ok, err)
	}
}
