package member

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// MailStore is what pause-and-keep reads and writes: the member's pause
// flag and their kept (refused) private messages.
type MailStore interface {
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
	Keep(ctx context.Context, memberID ids.MemberID, k store.Kept) error
	PeekKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]store.Kept, error)
	AckKept(ctx context.Context, memberID ids.MemberID, delivered []store.Kept) error
}

// Mailbox is the one pause-and-keep path for the router and the
// scheduler: a private message a platform refused is kept and the
// member's scheduled sends pause; their next command hands the kept
// messages over, and once that reply reached them the copies leave the
// store and sends resume. It keeps no state of its own.
type Mailbox struct {
	st  MailStore
	log *slog.Logger
}

// NewMailbox returns the pause-and-keep rules over st (log defaults to
// slog's).
func NewMailbox(st MailStore, log *slog.Logger) *Mailbox {
	if log == nil {
		log = slog.Default()
	}
	return &Mailbox{st: st, log: log}
}

// NothingWaiting stands in for kept messages a paused member no longer
// has (expired, or already handed over by a racing command), so the reply
// still says why their reminders were off.
const NothingWaiting = "(nothing was waiting)"

// errGone stops an update that would recreate a forgotten member.
var errGone = errors.New("member no longer stored")

// Pause stops the member's scheduled sends until their next command
// (a platform that says they blocked the bot or cannot be reached). It
// never creates a member: one forgotten meanwhile (/forgetme) stays
// forgotten, and that is no error. A failed write is logged and returned.
func (b *Mailbox) Pause(ctx context.Context, memberID ids.MemberID) error {
	_, err := b.st.UpdateMember(ctx, memberID, func(m *store.Member) error {
		if m.Created.IsZero() { // the store sets Created on every stored member
			return errGone
		}
		m.SendsPaused = true
		return nil
	})
	if errors.Is(err, errGone) {
		return nil
	}
	if err != nil {
		b.log.Error("pause sends", "member", memberID, "err", err)
		return fmt.Errorf("pause sends for %s: %w", memberID, err)
	}
	return nil
}

// Keep keeps a private message the platform refused and pauses the
// member's scheduled sends. The pause comes first, so a member forgotten
// meanwhile gets neither: nothing naming them is written back, and that
// counts as done (nil). It reports whether the message was stored: a
// failed pause alone is logged, the message still kept.
func (b *Mailbox) Keep(ctx context.Context, memberID ids.MemberID, k store.Kept) error {
	_, err := b.st.UpdateMember(ctx, memberID, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone
		}
		m.SendsPaused = true
		return nil
	})
	if errors.Is(err, errGone) {
		return nil
	}
	if err != nil {
		b.log.Error("pause sends", "member", memberID, "err", err)
	}
	if err := b.st.Keep(ctx, memberID, k); err != nil {
		b.log.Error("keep undelivered message", "member", memberID, "err", err)
		return fmt.Errorf("keep message for %s: %w", memberID, err)
	}
	return nil
}

// Waiting returns what a command's reply must hand over to m: nothing
// while their sends run; while paused, the kept messages (without taking
// them: Settle removes them once the reply arrived), or the
// NothingWaiting stand-in when none are left. A failed read is logged and
// answers the stand-in, so the member still learns why sends stopped.
func (b *Mailbox) Waiting(ctx context.Context, m store.Member, now time.Time) []store.Kept {
	if !m.SendsPaused {
		return nil
	}
	kept, err := b.st.PeekKept(ctx, m.ID, now)
	if err != nil {
		b.log.Warn("read kept messages", "member", m.ID, "err", err)
	}
	if len(kept) == 0 {
		kept = []store.Kept{{At: now, Text: NothingWaiting}}
	}
	return kept
}

// Settle is told whether the reply that carried kept (as Waiting returned
// them) reached the member. Either way those copies leave the store (a
// refused reply was kept again, whole, by Keep). Reached, the member's
// sends resume; resumed reports that the pause was lifted, with the member
// as stored, so the caller re-plans their reminders. A member forgotten
// meanwhile is written nothing.
func (b *Mailbox) Settle(ctx context.Context, memberID ids.MemberID, kept []store.Kept, reached bool) (m store.Member, resumed bool) {
	// (The NothingWaiting stand-in was never stored; acknowledging it
	// removes nothing.)
	if err := b.st.AckKept(ctx, memberID, kept); err != nil {
		b.log.Warn("remove delivered kept messages", "member", memberID, "err", err)
	}
	if !reached {
		return store.Member{}, false
	}
	m, err := b.st.UpdateMember(ctx, memberID, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone // forgotten meanwhile (/forgetme): write nothing back
		}
		resumed = m.SendsPaused // fn may run more than once: the last run counts
		m.SendsPaused = false
		return nil
	})
	if err != nil {
		if !errors.Is(err, errGone) {
			b.log.Error("resume sends", "member", memberID, "err", err)
		}
		return store.Member{}, false
	}
	return m, resumed
}

// Kept is a refused message as the store keeps it, with its buttons, so a
// check-in handed over later can still be answered by tap.
func Kept(at time.Time, text string, buttons []platforms.Button) store.Kept {
	k := store.Kept{At: at, Text: text}
	for _, b := range buttons {
		k.Buttons = append(k.Buttons, store.KeptButton{Label: b.Label, Command: b.Command})
	}
	return k
}
