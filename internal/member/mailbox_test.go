package member

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The pause-and-keep rules run on both store backends: the router and the
// scheduler both go through them, so what they store is what counts.

var t0 = time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)

func onEveryStore(t *testing.T, scenario func(t *testing.T, st store.Store, mb *Mailbox)) {
	t.Helper()
	now := func() time.Time { return t0 }
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st := b.Open(t, now)
			scenario(t, st, NewMailbox(st, slog.New(slog.DiscardHandler)))
		})
	}
}

func stored(t *testing.T, st store.Store, id string) store.Member {
	t.Helper()
	m, err := st.UpdateMember(context.Background(), ids.MemberID(id), func(m *store.Member) error { m.Name = "Ann"; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func paused(t *testing.T, st store.Store, id string) bool {
	t.Helper()
	m, err := st.Member(context.Background(), ids.MemberID(id))
	if err != nil {
		t.Fatal(err)
	}
	return m.SendsPaused
}

// A refused message is kept with its buttons and pauses sends; the next
// reply hands it over, and only once that reply arrived does it leave the
// store and sends resume (with a re-plan owed).
func TestKeepHandOverResume(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, st store.Store, mb *Mailbox) {
		ctx := context.Background()
		m := stored(t, st, "telegram:1")
		if got := mb.Waiting(ctx, m, t0); got != nil {
			t.Fatalf("nothing kept yet, Waiting = %v", got)
		}
		buttons := []platforms.Button{{Label: "Good", Command: "/checkin good"}}
		if err := mb.Keep(ctx, m.ID, Kept(t0, "☀️ How do the legs feel?", buttons)); err != nil {
			t.Fatal(err)
		}
		if !paused(t, st, string(m.ID)) {
			t.Fatal("a kept message did not pause sends")
		}
		m, _ = st.Member(ctx, m.ID)
		kept := mb.Waiting(ctx, m, t0.Add(time.Hour))
		if len(kept) != 1 || kept[0].Text != "☀️ How do the legs feel?" || len(kept[0].Buttons) != 1 || kept[0].Buttons[0].Command != "/checkin good" {
			t.Fatalf("Waiting = %+v", kept)
		}

		// The reply carrying it was refused: it stays paused and (kept
		// again inside that reply by the caller) the old copy leaves.
		if err := mb.Keep(ctx, m.ID, Kept(t0.Add(time.Hour), "📬 reply with the old one inside", nil)); err != nil {
			t.Fatal(err)
		}
		if _, resumed := mb.Settle(ctx, m.ID, kept, false); resumed {
			t.Error("a refused reply resumed sends")
		}
		if !paused(t, st, string(m.ID)) {
			t.Error("a refused reply lifted the pause")
		}
		kept = mb.Waiting(ctx, m, t0.Add(2*time.Hour))
		if len(kept) != 1 || kept[0].Text != "📬 reply with the old one inside" {
			t.Fatalf("after a refused hand-over, Waiting = %+v; want only the new copy", kept)
		}

		// Reached: gone from the store, sends back on, re-plan owed once.
		got, resumed := mb.Settle(ctx, m.ID, kept, true)
		if !resumed || got.SendsPaused || got.ID != m.ID {
			t.Errorf("Settle(reached) = %+v, %v; want the member resumed", got, resumed)
		}
		if paused(t, st, string(m.ID)) {
			t.Error("still paused after the hand-over reached the member")
		}
		if left, err := st.PeekKept(ctx, m.ID, t0.Add(2*time.Hour)); err != nil || len(left) != 0 {
			t.Errorf("kept after delivery: %v, %v", left, err)
		}
		if _, resumed := mb.Settle(ctx, m.ID, kept, true); resumed {
			t.Error("a second hand-over (a racing command) resumed again: a re-plan for nothing")
		}
	})
}

// A paused member whose kept messages are gone (expired, or handed over
// by a racing command) still learns why their reminders were off.
func TestWaitingStandIn(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, st store.Store, mb *Mailbox) {
		ctx := context.Background()
		stored(t, st, "telegram:2")
		if err := mb.Pause(ctx, "telegram:2"); err != nil {
			t.Fatal(err)
		}
		m, _ := st.Member(ctx, "telegram:2")
		kept := mb.Waiting(ctx, m, t0)
		if len(kept) != 1 || kept[0].Text != NothingWaiting {
			t.Fatalf("Waiting = %+v; want the stand-in", kept)
		}
		if _, resumed := mb.Settle(ctx, m.ID, kept, true); !resumed {
			t.Error("handing over the stand-in did not resume sends")
		}
	})
}

// A member forgotten (/forgetme) while a message to them was in flight is
// written nothing: no pause, no kept message, no record recreated.
func TestForgottenMemberGetsNothing(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, st store.Store, mb *Mailbox) {
		ctx := context.Background()
		const gone = "telegram:3"
		if err := mb.Keep(ctx, gone, Kept(t0, "🔴 shared report", nil)); err != nil {
			t.Errorf("Keep for a forgotten member = %v; want nil (nothing is owed)", err)
		}
		if err := mb.Pause(ctx, gone); err != nil {
			t.Errorf("Pause for a forgotten member = %v", err)
		}
		if _, resumed := mb.Settle(ctx, gone, nil, true); resumed {
			t.Error("Settle resumed a forgotten member")
		}
		if _, err := st.Member(ctx, gone); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("member recreated: %v", err)
		}
		if k, err := st.PeekKept(ctx, gone, t0); err != nil || len(k) != 0 {
			t.Errorf("kept for a forgotten member: %v, %v", k, err)
		}
	})
}

type failingOutbox struct {
	store.Store
}

func (failingOutbox) Keep(context.Context, ids.MemberID, store.Kept) error {
	return errors.New("redis down")
}
func (failingOutbox) PeekKept(context.Context, ids.MemberID, time.Time) ([]store.Kept, error) {
	return nil, errors.New("redis down")
}

// A message that could not be kept is reported, so the router leaves the
// old kept copies the refused reply carried in place; a failed read still
// answers the stand-in.
func TestKeepFailureIsReported(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, st store.Store, _ *Mailbox) {
		ctx := context.Background()
		mb := NewMailbox(failingOutbox{st}, slog.New(slog.DiscardHandler))
		m := stored(t, st, "telegram:4")
		if err := mb.Keep(ctx, m.ID, Kept(t0, "x", nil)); err == nil {
			t.Error("a failed keep reported success")
		}
		if !paused(t, st, string(m.ID)) {
			t.Error("the pause did not go in before the failed keep")
		}
		m, _ = st.Member(ctx, m.ID)
		if k := mb.Waiting(ctx, m, t0); len(k) != 1 || k[0].Text != NothingWaiting {
			t.Errorf("Waiting after a failed read = %+v", k)
		}
	})
}
