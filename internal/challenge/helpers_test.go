package challenge

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/clocktest"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The service's tests run each scenario on both store backends, with
// several members in one Telegram club, without the router: what they
// check is the rules (what counts where, who is nudged, what a post says),
// not how a reply is worded.

const (
	club  = "telegram:-100777"
	club2 = "telegram:-100888"
	ann   = "telegram:1"
	sam   = "telegram:2"
	kim   = "telegram:3"
)

var names = map[string]string{ann: "Ann", sam: "Sam", kim: "Kim"}

type env struct {
	t     *testing.T
	ctx   context.Context
	st    store.Store
	s     *Service
	clock *clocktest.Clock
}

// onEveryStore runs scenario once per backend, as parallel subtests, from
// Wednesday 25 Nov 2026, 10:00 UTC.
func onEveryStore(t *testing.T, scenario func(e *env)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			c := clocktest.New(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
			st := b.Open(t, c.Now)
			scenario(&env{t: t, ctx: context.Background(), st: st, s: New(st, slog.New(slog.DiscardHandler), c.Now), clock: c})
		})
	}
}

func (e *env) today() string    { return Today(store.Club{}, e.clock.Now()) }
func (e *env) day(n int) string { return daily.AddDays(e.today(), n) }
func (e *env) clubOf(id string) store.Club {
	e.t.Helper()
	c, err := e.s.Club(e.ctx, ids.ClubID(id))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// member reads a member, creating them (with their display name) first.
func (e *env) member(id string) store.Member {
	e.t.Helper()
	m, err := e.st.UpdateMember(e.ctx, ids.MemberID(id), func(m *store.Member) error {
		if m.Name == "" {
			m.Name = names[id]
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) update(id string, fn func(*store.Member)) {
	e.t.Helper()
	if _, err := e.st.UpdateMember(e.ctx, ids.MemberID(id), func(m *store.Member) error { fn(m); return nil }); err != nil {
		e.t.Fatal(err)
	}
}

// create starts a challenge in clubID from today for days days.
func (e *env) create(clubID string, ch store.Challenge, days int) store.Challenge {
	e.t.Helper()
	if ch.Start == "" {
		ch.Start, ch.End = e.today(), e.day(days-1)
	}
	made, err := e.s.Create(e.ctx, ids.ClubID(clubID), ch, e.today())
	if err != nil {
		e.t.Fatalf("create %s: %v", ch.Name, err)
	}
	return made
}

func (e *env) fifty() store.Challenge {
	e.t.Helper()
	return e.create(club, store.Challenge{Name: "Club Fifty", GoalM: 50_000, GoalUnit: "km"}, 30)
}

func (e *env) join(clubID string, ch store.Challenge, id string) Joined {
	e.t.Helper()
	// The club's copy: Join reads its member list to tell a rejoin.
	for _, c := range e.clubOf(clubID).Challenges {
		if c.ID == ch.ID {
			ch = c
		}
	}
	j, err := e.s.Join(e.ctx, ids.ClubID(clubID), ch, e.member(id), Today(e.clubOf(clubID), e.clock.Now()))
	if err != nil {
		e.t.Fatalf("join: %v", err)
	}
	return j
}

// logRun does what /run does with the service: store the run with the
// boards it counts toward, then credit them.
func (e *env) logRun(id, date string, meters int64, seconds int) (store.Run, []Credit) {
	e.t.Helper()
	run := store.Run{Date: date, Meters: meters, Seconds: seconds}
	boards, err := e.s.RunBoards(e.ctx, e.member(id), run)
	if err != nil {
		e.t.Fatalf("RunBoards: %v", err)
	}
	run.Boards = boards
	run, err = e.st.AddRun(e.ctx, ids.MemberID(id), run)
	if err != nil {
		e.t.Fatalf("add run: %v", err)
	}
	_, credits, err := e.s.Credit(e.ctx, e.member(id), boards, meters, int64(seconds))
	if err != nil {
		e.t.Fatalf("Credit: %v", err)
	}
	return run, credits
}

// undoRun does what /undo does: delete the member's last run and debit it.
func (e *env) undoRun(id string) []Credit {
	e.t.Helper()
	run, err := e.st.DeleteRun(e.ctx, ids.MemberID(id), "")
	if err != nil {
		e.t.Fatalf("delete run: %v", err)
	}
	boards, err := e.s.UndoBoards(e.ctx, e.member(id), run)
	if err != nil {
		e.t.Fatalf("UndoBoards: %v", err)
	}
	_, credits, err := e.s.Credit(e.ctx, e.member(id), boards, -run.Meters, -int64(run.Seconds))
	if err != nil {
		e.t.Fatalf("Credit: %v", err)
	}
	return credits
}

// score is a member's exact entry on a club challenge (-1 when absent).
func (e *env) score(clubID, chID, id string) int64 {
	e.t.Helper()
	sc, err := e.st.BoardScore(e.ctx, BoardName(ids.ClubID(clubID), chID), ids.MemberID(id))
	if errors.Is(err, store.ErrNotFound) {
		return -1
	}
	if err != nil {
		e.t.Fatalf("board score: %v", err)
	}
	return sc.Value
}

// read is text as a member reads it (member-written parts unmarked).
func read(s string) string { return platforms.Render(s, nil) }
