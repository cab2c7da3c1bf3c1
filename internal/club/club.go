// Package club is the club service: the rules of a club's own settings —
// a change of its week (where its posts go once it was set up in a group,
// at most MaxRuns club runs kept in week order), its public web page (on,
// a new address, off), and the deletion of a club that stops using the bot
// (asked, then confirmed within DeleteWindow: the page revoked first, its
// challenges and boards through the challenge service, every member's
// reference to it) — and the events each causes: the club's zone leaves
// the shared cache and its posts re-plan through one hook, and members'
// documents are saved through the re-plan event of their reminders. It
// words nothing: the router parses, calls and renders.
package club

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Store is what the service reads and writes: club documents, their page
// tokens, and members (to drop a deleted club from them).
type Store interface {
	Club(ctx context.Context, id ids.ClubID) (store.Club, error)
	UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (store.Club, error)
	WebToken(ctx context.Context, clubID ids.ClubID) (string, error)
	SetWebToken(ctx context.Context, clubID ids.ClubID, token string) error
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
}

// Challenges is the challenge service as a club's deletion uses it: the
// club's challenges and boards go, and it names every member who may
// still refer to the club.
type Challenges interface {
	DeleteClub(ctx context.Context, cl store.Club) ([]ids.MemberID, error)
}

// Deps are the service's collaborators.
type Deps struct {
	Store      Store
	Challenges Challenges
	// Zones is the shared club-zone cache (member.Zones); nil caches nothing.
	Zones *member.Zones
	// Changed, when set, is told that a club's posts must be re-planned
	// (the scheduler's ClubChanged); a failure only delays them (the
	// scheduler re-plans on its own pass) and is logged.
	Changed func(ctx context.Context, clubID ids.ClubID) error
	// Replan, when set, is the re-plan event of members' reminders, called
	// with a member as stored when a save changed what they are planned
	// from (member.PlanInputs).
	Replan func(ctx context.Context, m store.Member)
	// NewToken makes a public page's token (web.NewToken).
	NewToken func() (string, error)
	Log      *slog.Logger
}

// Service holds the club rules.
type Service struct{ d Deps }

// New builds the service; Log defaults to slog's.
func New(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d: d}
}

// Club returns the club's document; a club never stored is an empty one.
// Its ID is set either way.
func (s *Service) Club(ctx context.Context, id ids.ClubID) (store.Club, error) {
	cl, err := s.d.Store.Club(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.Club{}, fmt.Errorf("load club %s: %w", id, err)
	}
	cl.ID = id
	return cl, nil
}

// changed is the event of a club's schedule changing: its cached zone goes
// and its posts re-plan.
func (s *Service) changed(ctx context.Context, id ids.ClubID) {
	if s.d.Zones != nil {
		s.d.Zones.Forget(id)
	}
	if s.d.Changed != nil {
		if err := s.d.Changed(ctx, id); err != nil {
			s.d.Log.Warn("re-plan club posts", "club", id, "err", err)
		}
	}
}

// Change applies fn to the club's settings. A change made in a group
// chat (from, "" for a private chat) also sends the club's posts there:
// posts go where the club was last set up. An error from fn stops the
// change (and is returned wrapped); a change stored re-plans the club's
// posts.
func (s *Service) Change(ctx context.Context, id ids.ClubID, from ids.ChatID, now time.Time, fn func(*store.Club) error) (store.Club, error) {
	cl, err := s.d.Store.UpdateClub(ctx, id, func(cl *store.Club) error {
		if err := fn(cl); err != nil {
			return err
		}
		if from != "" {
			cl.Channel = from
		}
		cl.Updated = now
		return nil
	})
	if err != nil {
		return store.Club{}, fmt.Errorf("update club %s: %w", id, err)
	}
	cl.ID = id
	s.changed(ctx, id)
	return cl, nil
}

// ---- club runs ----

// MaxRuns bounds a club's weekly runs (each is one cron entry).
const MaxRuns = 14

// ErrNoSuchRun: none of the runs to remove is one of the club's.
var ErrNoSuchRun = errors.New("no such club run")

// TooManyRunsError: adding would pass MaxRuns; nothing changed.
type TooManyRunsError struct{ Max int }

func (e *TooManyRunsError) Error() string { return fmt.Sprintf("more than %d club runs a week", e.Max) }

// AddRuns is a change that adds runs (ones already there count once),
// keeping the week in order, Monday first; past MaxRuns it refuses.
func AddRuns(runs []store.ClubRun) func(*store.Club) error {
	return func(cl *store.Club) error {
		for _, run := range runs {
			if !slices.Contains(cl.Runs, run) {
				cl.Runs = append(cl.Runs, run)
			}
		}
		if len(cl.Runs) > MaxRuns {
			return &TooManyRunsError{Max: MaxRuns}
		}
		slices.SortFunc(cl.Runs, func(a, b store.ClubRun) int { return weekOrder(a) - weekOrder(b) })
		return nil
	}
}

// RemoveRuns is a change that removes runs; ErrNoSuchRun when none was
// there.
func RemoveRuns(runs []store.ClubRun) func(*store.Club) error {
	return func(cl *store.Club) error {
		before := len(cl.Runs)
		cl.Runs = slices.DeleteFunc(cl.Runs, func(x store.ClubRun) bool { return slices.Contains(runs, x) })
		if len(cl.Runs) == before {
			return ErrNoSuchRun
		}
		return nil
	}
}

// weekDays are the short day names runs are stored with, Monday first.
var weekDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// weekOrder sorts runs Monday first, then by time.
func weekOrder(run store.ClubRun) int {
	d := slices.Index(weekDays, run.Day)
	h, m := 0, 0
	fmt.Sscanf(run.At, "%d:%d", &h, &m)
	return d*24*60 + h*60 + m
}

// ---- the public page ----

// WebToken is the club's public page token; "" when the page is off.
func (s *Service) WebToken(ctx context.Context, id ids.ClubID) (string, error) {
	tok, err := s.d.Store.WebToken(ctx, id)
	if err != nil {
		return "", fmt.Errorf("web token of %s: %w", id, err)
	}
	return tok, nil
}

// Page is the club's public page after a change.
type Page struct {
	Token string // the page's token now; "" when off
	Was   string // the token before; "" when it was off
}

// WebOn turns the club's public page on, with a new address when renew
// (the old one stops working) or when it was off; otherwise it keeps the
// address it has.
func (s *Service) WebOn(ctx context.Context, id ids.ClubID, renew bool, now time.Time) (Page, error) {
	cur, err := s.WebToken(ctx, id)
	if err != nil {
		return Page{}, err
	}
	p := Page{Token: cur, Was: cur}
	if cur != "" && !renew {
		return p, nil
	}
	if p.Token, err = s.d.NewToken(); err != nil {
		return Page{}, err
	}
	// The page shows the club's document: make sure there is one.
	if _, err := s.d.Store.UpdateClub(ctx, id, func(cl *store.Club) error { cl.Updated = now; return nil }); err != nil {
		return Page{}, fmt.Errorf("update club %s: %w", id, err)
	}
	if err := s.d.Store.SetWebToken(ctx, id, p.Token); err != nil {
		return Page{}, fmt.Errorf("set web token of %s: %w", id, err)
	}
	return p, nil
}

// WebOff takes the club's public page down (its address answers not
// found at once) and returns the token it had ("" when already off).
func (s *Service) WebOff(ctx context.Context, id ids.ClubID) (string, error) {
	cur, err := s.WebToken(ctx, id)
	if err != nil {
		return "", err
	}
	if err := s.d.Store.SetWebToken(ctx, id, ""); err != nil {
		return "", fmt.Errorf("revoke web token of %s: %w", id, err)
	}
	return cur, nil
}

// ---- deletion ----

// DeleteWindow is how long a club's deletion waits for its confirm.
const DeleteWindow = 10 * time.Minute

// ErrDeleteNotAsked: a confirm with no deletion asked in the last
// DeleteWindow.
var ErrDeleteNotAsked = errors.New("club deletion not asked")

// AskDelete notes that the club's deletion was asked: Delete goes ahead
// within DeleteWindow.
func (s *Service) AskDelete(ctx context.Context, id ids.ClubID, now time.Time) error {
	if _, err := s.d.Store.UpdateClub(ctx, id, func(cl *store.Club) error {
		cl.DeleteAsked = now
		return nil
	}); err != nil {
		return fmt.Errorf("update club %s: %w", id, err)
	}
	return nil
}

// Delete deletes a club that stops using the bot, once asked within
// DeleteWindow: its public page first (once the club is gone nothing may
// show it), the club document with its challenges, boards, marks and
// queued posts, and every member's references to it. Members' own runs,
// records and settings stay theirs; no member is created.
func (s *Service) Delete(ctx context.Context, id ids.ClubID, by ids.MemberID, now time.Time) error {
	cl, err := s.Club(ctx, id)
	if err != nil {
		return err
	}
	if cl.DeleteAsked.IsZero() || now.Sub(cl.DeleteAsked) > DeleteWindow {
		return ErrDeleteNotAsked
	}
	if err := s.d.Store.SetWebToken(ctx, id, ""); err != nil {
		return fmt.Errorf("revoke web page of %s: %w", id, err)
	}
	members, err := s.d.Challenges.DeleteClub(ctx, cl)
	if err != nil {
		return err
	}
	for _, mid := range members {
		if err := s.dropFrom(ctx, mid, id); err != nil && !errors.Is(err, errGone) {
			s.d.Log.Warn("drop a deleted club from a member", "club", id, "member", mid, "err", err)
		}
	}
	s.changed(ctx, id)
	s.d.Log.Info("club deleted", "club", id, "challenges", len(cl.Challenges), "by", by)
	return nil
}

// errGone stops an update of a member who no longer exists.
var errGone = errors.New("member no longer exists")

// dropFrom stops a member's document pointing at a deleted club, saved
// with the re-plan event: the club list is one of the things their
// reminders are planned from.
func (s *Service) dropFrom(ctx context.Context, memberID ids.MemberID, id ids.ClubID) error {
	_, err := member.Save(ctx, s.d.Store, memberID, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone
		}
		challenge.DropClub(m, id)
		return nil
	}, s.d.Replan)
	return err
}
