package club

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

const (
	clubA ids.ClubID   = "telegram:-500"
	group ids.ChatID   = "telegram:-500"
	ann   ids.MemberID = "telegram:1"
	ben   ids.MemberID = "telegram:2"
)

type env struct {
	t     *testing.T
	ctx   context.Context
	st    store.Store
	svc   *Service
	zones *member.Zones
	now   time.Time

	mu       sync.Mutex
	changed  []ids.ClubID
	replans  []ids.MemberID
	tokenSeq int
}

func onEveryStore(t *testing.T, scenario func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			e := &env{t: t, ctx: context.Background(), now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			e.st = b.Open(t, func() time.Time { return e.now })
			log := slog.New(slog.DiscardHandler)
			e.zones = member.NewZones(e.st)
			e.svc = New(Deps{
				Store: e.st, Challenges: challenge.New(e.st, log, func() time.Time { return e.now }), Zones: e.zones, Log: log,
				Changed: func(_ context.Context, id ids.ClubID) error {
					e.mu.Lock()
					defer e.mu.Unlock()
					e.changed = append(e.changed, id)
					return nil
				},
				Replan: func(_ context.Context, m store.Member) {
					e.mu.Lock()
					defer e.mu.Unlock()
					e.replans = append(e.replans, m.ID)
				},
				NewToken: func() (string, error) {
					e.mu.Lock()
					defer e.mu.Unlock()
					e.tokenSeq++
					return tok(e.tokenSeq), nil
				},
			})
			scenario(t, e)
		})
	}
}

// tok is the n-th token the test's generator makes (base64url, long
// enough for the stores).
func tok(n int) string { return fmt.Sprintf("tok%020d", n) }

func (e *env) events() (changed []ids.ClubID, replans []ids.MemberID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.changed), slices.Clone(e.replans)
}

func TestChangeSendsPostsWhereSetUpAndReplans(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		// The cached zone of a club without one is UTC.
		if loc := e.zones.Of(e.ctx, store.Member{}, clubA, e.now); loc != time.UTC {
			t.Fatalf("zone before: %v", loc)
		}
		cl, err := e.svc.Change(e.ctx, clubA, "", e.now, func(cl *store.Club) error { cl.TZ = "Europe/London"; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if cl.ID != clubA || cl.Channel != "" || !cl.Updated.Equal(e.now) {
			t.Errorf("a change from a private chat: %+v", cl)
		}
		if loc := e.zones.Of(e.ctx, store.Member{}, clubA, e.now); loc.String() != "Europe/London" {
			t.Errorf("the club's cached zone stayed %v after the change", loc)
		}
		if changed, _ := e.events(); !slices.Equal(changed, []ids.ClubID{clubA}) {
			t.Errorf("posts re-planned for %v", changed)
		}
		cl, err = e.svc.Change(e.ctx, clubA, group, e.now, func(cl *store.Club) error { cl.Off = true; return nil })
		if err != nil || cl.Channel != group || !cl.Off || cl.TZ != "Europe/London" {
			t.Errorf("a change from the group: %+v, %v", cl, err)
		}

		// A refused change stores nothing and re-plans nothing.
		refuse := errors.New("no")
		if _, err := e.svc.Change(e.ctx, clubA, "telegram:-9", e.now, func(cl *store.Club) error { cl.TZ = "UTC"; return refuse }); !errors.Is(err, refuse) {
			t.Fatalf("refused change: %v", err)
		}
		if cl, _ := e.svc.Club(e.ctx, clubA); cl.TZ != "Europe/London" || cl.Channel != group {
			t.Errorf("a refused change was stored: %+v", cl)
		}
		if changed, _ := e.events(); len(changed) != 2 {
			t.Errorf("re-planned %d times, want 2", len(changed))
		}
	})
}

func TestClubRunsStayInWeekOrderAndBounded(t *testing.T) {
	t.Parallel()
	cl := &store.Club{}
	if err := AddRuns([]store.ClubRun{{Day: "sun", At: "09:00"}, {Day: "mon", At: "18:30"}, {Day: "sat", At: "08:00"}, {Day: "mon", At: "07:00"}})(cl); err != nil {
		t.Fatal(err)
	}
	if err := AddRuns([]store.ClubRun{{Day: "sat", At: "08:00"}})(cl); err != nil {
		t.Fatal(err)
	}
	want := []store.ClubRun{{Day: "mon", At: "07:00"}, {Day: "mon", At: "18:30"}, {Day: "sat", At: "08:00"}, {Day: "sun", At: "09:00"}}
	if !slices.Equal(cl.Runs, want) {
		t.Errorf("runs %v, want %v (Monday first, a repeat counted once)", cl.Runs, want)
	}
	if err := RemoveRuns([]store.ClubRun{{Day: "tue", At: "07:00"}})(cl); !errors.Is(err, ErrNoSuchRun) {
		t.Errorf("removing a run not there: %v", err)
	}
	if err := RemoveRuns([]store.ClubRun{{Day: "mon", At: "07:00"}})(cl); err != nil || len(cl.Runs) != 3 {
		t.Errorf("remove: %v, %v", err, cl.Runs)
	}
	var many []store.ClubRun
	for h := range MaxRuns - 2 {
		many = append(many, store.ClubRun{Day: "wed", At: fmt.Sprintf("%02d:00", h)})
	}
	var tooMany *TooManyRunsError
	if err := AddRuns(many)(cl); !errors.As(err, &tooMany) || tooMany.Max != MaxRuns {
		t.Errorf("%d runs: %v, want refused at %d", len(cl.Runs), err, MaxRuns)
	}
}

func TestPublicPageOnNewOff(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		p, err := e.svc.WebOn(e.ctx, clubA, false, e.now)
		if err != nil || p.Token != tok(1) || p.Was != "" {
			t.Fatalf("on: %+v, %v", p, err)
		}
		if _, err := e.st.Club(e.ctx, clubA); err != nil {
			t.Errorf("the page's club has no document: %v", err)
		}
		if p, _ := e.svc.WebOn(e.ctx, clubA, false, e.now); p.Token != tok(1) || p.Was != tok(1) {
			t.Errorf("on again: %+v, want the same address", p)
		}
		if p, _ := e.svc.WebOn(e.ctx, clubA, true, e.now); p.Token != tok(2) || p.Was != tok(1) {
			t.Errorf("new: %+v", p)
		}
		if _, err := e.st.WebClub(e.ctx, tok(1)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the old address still works: %v", err)
		}
		if was, err := e.svc.WebOff(e.ctx, clubA); err != nil || was != tok(2) {
			t.Errorf("off: %q, %v", was, err)
		}
		if tok, _ := e.svc.WebToken(e.ctx, clubA); tok != "" {
			t.Errorf("still on: %q", tok)
		}
		if was, _ := e.svc.WebOff(e.ctx, clubA); was != "" {
			t.Errorf("off twice: %q", was)
		}
	})
}

func TestDeleteOnlyWhenAskedAndKeepsMembersOwnData(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for _, id := range []ids.MemberID{ann, ben} {
			if _, err := e.st.UpdateMember(e.ctx, id, func(m *store.Member) error {
				m.Created, m.Name, m.Clubs, m.RemindAt = e.now, string(id), []ids.ClubID{clubA, "telegram:-700"}, "07:00"
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.Change(e.ctx, clubA, group, e.now, func(cl *store.Club) error {
			cl.Members = []ids.MemberID{ann, ben, "telegram:3"} // 3 was forgotten
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.WebOn(e.ctx, clubA, false, e.now); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(e.ctx, clubA, ann, e.now); !errors.Is(err, ErrDeleteNotAsked) {
			t.Fatalf("delete without asking: %v", err)
		}
		if err := e.svc.AskDelete(e.ctx, clubA, e.now); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Delete(e.ctx, clubA, ann, e.now.Add(DeleteWindow+time.Second)); !errors.Is(err, ErrDeleteNotAsked) {
			t.Fatalf("confirm after the window: %v", err)
		}
		e.mu.Lock()
		e.changed, e.replans = nil, nil
		e.mu.Unlock()
		if err := e.svc.Delete(e.ctx, clubA, ann, e.now.Add(DeleteWindow)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Club(e.ctx, clubA); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the club is still stored: %v", err)
		}
		if _, err := e.st.WebClub(e.ctx, tok(1)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the page still answers: %v", err)
		}
		for _, id := range []ids.MemberID{ann, ben} {
			m, err := e.st.Member(e.ctx, id)
			if err != nil || !slices.Equal(m.Clubs, []ids.ClubID{"telegram:-700"}) || m.RemindAt != "07:00" {
				t.Errorf("%s after the club's deletion: %+v, %v", id, m, err)
			}
		}
		if _, err := e.st.Member(e.ctx, "telegram:3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting the club created a member: %v", err)
		}
		changed, replans := e.events()
		slices.Sort(replans)
		if !slices.Equal(changed, []ids.ClubID{clubA}) || !slices.Equal(replans, []ids.MemberID{ann, ben}) {
			t.Errorf("events: posts %v, members re-planned %v", changed, replans)
		}
	})
}
