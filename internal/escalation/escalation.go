// Package escalation is the service for consented escalation to a club
// coach (issue 19): how a club gets its coaches (one-time invites that
// expire, joining with one, stepping down, an admin's removal), and how a
// runner's red pain report reaches them only when the runner says so —
// which clubs and coaches may get it, what a shared copy holds (never the
// runner's own words unless they asked), the runner's own record of every
// share, a coach's follow-up and the runner being told of it, and the
// copies withdrawn when the runner leaves the club or is removed (the
// store deletes them after store.ShareMaxAge, and /forgetme with the rest
// of the member). Log lines name shares by id only: their content is
// health data.
//
// It words nothing the member reads: the router parses, calls one method
// and renders the plain result; the one message the service sends itself
// (to a coach, or to a runner about a follow-up) is handed to it already
// worded.
package escalation

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
)

// Store is what the service reads and writes: members and clubs (their
// coach and member lists), recent pain reports, invites and shares.
type Store interface {
	Member(ctx context.Context, id ids.MemberID) (store.Member, error)
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
	Club(ctx context.Context, id ids.ClubID) (store.Club, error)
	UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (store.Club, error)
	Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error)
	AddInvite(ctx context.Context, inv store.Invite) error
	TakeInvite(ctx context.Context, code string) (store.Invite, error)
	AddShare(ctx context.Context, s store.Share) (store.Share, error)
	Shares(ctx context.Context, clubID ids.ClubID, since time.Time) ([]store.Share, error)
	UpdateShare(ctx context.Context, clubID ids.ClubID, id string, fn func(*store.Share) error) (store.Share, error)
	DeleteShares(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error)
}

// Messenger reaches a member who did not write the command being handled
// (platforms.Sender implements it).
type Messenger interface {
	DM(ctx context.Context, memberID ids.MemberID, text string, buttons []platforms.Button) error
}

// Service holds the escalation rules over a store.
type Service struct {
	st     Store
	dm     Messenger
	mail   *member.Mailbox
	replan func(ctx context.Context, m store.Member)
	log    *slog.Logger
}

// New builds the service. dm, when nil, reaches nobody (coaches see
// shares in /coach reports); mail keeps a message a platform refused
// (pause-and-keep, shared with the router and the scheduler; nil keeps
// nothing); replan, when
// set, is the re-plan event, called with the member as stored whenever a
// save changed what their reminders are planned from (member.PlanInputs:
// the clubs a coach joins or a member leaves). log defaults to slog's.
func New(st Store, dm Messenger, mail *member.Mailbox, replan func(context.Context, store.Member), log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{st: st, dm: dm, mail: mail, replan: replan, log: log}
}

// Durations of the rules.
const (
	// InviteTTL is how long a coach invite code works.
	InviteTTL = 24 * time.Hour
	// ReportsWindow is how far back a coach's list of shared reports looks.
	ReportsWindow = 30 * 24 * time.Hour
	// ReportWindow is how old a red report can be and still be shared:
	// the window in which a report can still be answered.
	ReportWindow = training.ReportWindow
)

// Share settings (store.Member.Share): what a red report does when the
// member's club has a coach.
const (
	Ask    = ""       // ask each time
	Always = "always" // share at once when there is one club to share with
	Never  = "never"  // never ask, never share
)

// LogMax bounds the runner's own share history in their document.
const LogMax = 200

// Errors a member can cause; the router words them.
var (
	// ErrNotCoach: the member coaches no club.
	ErrNotCoach = errors.New("not a coach of any club")
	// ErrCodeExposed: the code was sent where others saw it; it has been
	// cancelled.
	ErrCodeExposed = errors.New("invite code sent in a group")
	// ErrBadCode: no live invite has that code (mistyped, used, expired).
	ErrBadCode = errors.New("no such invite")
	// ErrNoShare: no report with that id was shared with this coach.
	ErrNoShare = errors.New("no such share for this coach")
	// ErrShareGone: the share was withdrawn or expired meanwhile.
	ErrShareGone = errors.New("share no longer stored")
	// ErrNoRedReport: no red report of the last ReportWindow (or not the
	// one named).
	ErrNoRedReport = errors.New("no recent red report")
)

// WrongPlatformError: the code is for a club on another platform; it
// stays valid there.
type WrongPlatformError struct{ Platform string }

func (e *WrongPlatformError) Error() string { return "invite is for a club on " + e.Platform }

// NameError: who names nobody among the people asked about, or several.
type NameError struct {
	Who     string
	Matches []string // the local ids of several people of that name; empty when none
}

func (e *NameError) Error() string {
	if len(e.Matches) == 0 {
		return fmt.Sprintf("no one called %q", e.Who)
	}
	return fmt.Sprintf("%d people called %q", len(e.Matches), e.Who)
}

// errGone stops an update of a member who no longer exists.
var errGone = errors.New("member no longer exists")

// Name is how a coach is named to a runner and in the runner's record of a
// share: their display name, marked as member-written (the adapter that
// shows it escapes it).
func Name(m store.Member) string {
	if m.Name != "" {
		return platforms.MemberText(m.Name)
	}
	return "a coach"
}

// saveMember updates the member and fires the re-plan event when the
// change moved what their reminders are planned from.
func (s *Service) saveMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	return member.Save(ctx, s.st, id, fn, s.replan)
}

// ---- invites ----

// inviteAlphabet leaves out look-alikes (0/O, 1/I/L).
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newInviteCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	for i := range b {
		b[i] = inviteAlphabet[int(b[i])%len(inviteAlphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// Invite stores a one-time code that makes whoever sends it a coach of
// the club, until InviteTTL from now.
func (s *Service) Invite(ctx context.Context, clubID ids.ClubID, now time.Time) (store.Invite, error) {
	inv := store.Invite{Club: clubID, Expires: now.Add(InviteTTL)}
	var err error
	for range 3 { // a clash with a live code is astronomically rare; draw again
		inv.Code = newInviteCode()
		if err = s.st.AddInvite(ctx, inv); err == nil {
			break
		}
	}
	if err != nil {
		return store.Invite{}, fmt.Errorf("store invite: %w", err)
	}
	s.log.Info("coach invite issued", "club", clubID) // never the code: it is a secret
	return inv, nil
}

// Joining is a member sending an invite code.
type Joining struct {
	Member   ids.MemberID
	Platform string // where they sent it
	DM       bool   // in a private chat
	Code     string
}

// exposed reports whether a command's text was seen by others: anything
// sent in a group, except a Discord slash command, whose options only the
// bot sees.
func exposed(platform string, dm bool) bool { return !dm && platform != platforms.Discord }

// Join makes the member a coach (and a member) of the invite's club, and
// the club one of theirs; the code is used up. A code others saw is
// cancelled instead (ErrCodeExposed); an unknown, used or expired one is
// ErrBadCode; one for another platform's club is put back for the right
// account (*WrongPlatformError).
func (s *Service) Join(ctx context.Context, j Joining) (store.Club, error) {
	if exposed(j.Platform, j.DM) {
		// The whole group saw the code: it is no longer a secret.
		if _, err := s.st.TakeInvite(ctx, j.Code); err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Club{}, fmt.Errorf("cancel invite: %w", err)
		}
		return store.Club{}, ErrCodeExposed
	}
	inv, err := s.st.TakeInvite(ctx, j.Code)
	if errors.Is(err, store.ErrNotFound) {
		return store.Club{}, ErrBadCode
	}
	if err != nil {
		return store.Club{}, fmt.Errorf("take invite: %w", err)
	}
	if p := inv.Club.Platform(); p != j.Platform {
		if err := s.st.AddInvite(ctx, inv); err != nil {
			s.log.Warn("restore an invite", "club", inv.Club, "err", err)
		}
		return store.Club{}, &WrongPlatformError{Platform: p}
	}
	cl, err := s.st.UpdateClub(ctx, inv.Club, func(cl *store.Club) error {
		if !slices.Contains(cl.Coaches, j.Member) {
			cl.Coaches = append(cl.Coaches, j.Member)
		}
		if !slices.Contains(cl.Members, j.Member) {
			cl.Members = append(cl.Members, j.Member)
		}
		return nil
	})
	if err != nil {
		return store.Club{}, fmt.Errorf("add coach to %s: %w", inv.Club, err)
	}
	if _, err := s.saveMember(ctx, j.Member, func(m *store.Member) error {
		if !slices.Contains(m.Clubs, inv.Club) {
			m.Clubs = append(m.Clubs, inv.Club)
		}
		return nil
	}); err != nil {
		return store.Club{}, err
	}
	s.log.Info("coach joined", "club", inv.Club, "member", j.Member)
	return cl, nil
}

// keep keeps a message the member's private chat refused and pauses their
// scheduled sends (member.Mailbox, which logs a failure).
func (s *Service) keep(ctx context.Context, memberID ids.MemberID, k store.Kept) {
	if s.mail == nil {
		s.log.Warn("no mailbox to keep a refused message", "member", memberID)
		return
	}
	_ = s.mail.Keep(ctx, memberID, k)
}

// ---- coaches ----

// CoachClubs are the clubs among the member's where they are a coach.
func (s *Service) CoachClubs(ctx context.Context, m store.Member) ([]store.Club, error) {
	var out []store.Club
	for _, id := range m.Clubs {
		cl, err := s.st.Club(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load club %s: %w", id, err)
		}
		if slices.Contains(cl.Coaches, m.ID) {
			out = append(out, cl)
		}
	}
	return out, nil
}

// SharedWith lists the shares of the coach's clubs made since since that
// went to this coach, oldest first per club: a coach who joined later
// does not see earlier ones. ErrNotCoach when they coach no club.
func (s *Service) SharedWith(ctx context.Context, coach store.Member, since time.Time) ([]store.Share, error) {
	clubs, err := s.CoachClubs(ctx, coach)
	if err != nil {
		return nil, err
	}
	if len(clubs) == 0 {
		return nil, ErrNotCoach
	}
	var out []store.Share
	for _, cl := range clubs {
		shares, err := s.st.Shares(ctx, cl.ID, since)
		if err != nil {
			return nil, fmt.Errorf("load shares: %w", err)
		}
		for _, sh := range shares {
			if slices.Contains(sh.To, coach.ID) {
				out = append(out, sh)
			}
		}
	}
	return out, nil
}

// Reports are the shares that went to the coach in the last ReportsWindow.
func (s *Service) Reports(ctx context.Context, coach store.Member, now time.Time) ([]store.Share, error) {
	return s.SharedWith(ctx, coach, now.Add(-ReportsWindow))
}

// FollowedUp is a coach's follow-up of a share.
type FollowedUp struct {
	Share store.Share // as stored: Done says when
	// Already: it had been marked before (Share.Done says when); nothing
	// was written.
	Already bool
	// RunnerGone: the runner asked to be forgotten meanwhile; nothing was
	// written back to them, and they are not to be told.
	RunnerGone bool
}

// FollowUp marks the share with that id (any of the coach's, however
// old) followed up by the coach, and records in the runner's own history
// that it was seen. ErrNoShare when no such share went to the coach;
// ErrShareGone when it was withdrawn or expired meanwhile.
func (s *Service) FollowUp(ctx context.Context, coach store.Member, id string, now time.Time) (FollowedUp, error) {
	shares, err := s.SharedWith(ctx, coach, time.Time{})
	if err != nil {
		return FollowedUp{}, err
	}
	i := slices.IndexFunc(shares, func(sh store.Share) bool { return strings.EqualFold(sh.ID, id) })
	if i < 0 {
		return FollowedUp{}, ErrNoShare
	}
	if !shares[i].Done.IsZero() {
		return FollowedUp{Share: shares[i], Already: true}, nil
	}
	sh, err := s.st.UpdateShare(ctx, shares[i].Club, shares[i].ID, func(sh *store.Share) error {
		if sh.Done.IsZero() {
			sh.Done, sh.DoneBy = now.UTC(), coach.ID
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return FollowedUp{}, ErrShareGone
	}
	if err != nil {
		return FollowedUp{}, fmt.Errorf("mark share done: %w", err)
	}
	s.log.Info("share followed up", "share", sh.ID, "club", sh.Club)
	// The runner's own history says it was seen; a runner forgotten
	// meanwhile is not written back.
	_, err = s.st.UpdateMember(ctx, sh.Member, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone
		}
		for j := range m.Shared {
			if m.Shared[j].ID == sh.ID {
				m.Shared[j].Seen = sh.Done
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errGone) {
		s.log.Warn("record a share as seen", "share", sh.ID, "err", err)
	}
	return FollowedUp{Share: sh, RunnerGone: errors.Is(err, errGone)}, nil
}

// TellRunner sends the runner of a followed-up share the note that their
// coach has seen it (kept for them when their private chat refuses it).
// It reports whether the note was sent or kept.
func (s *Service) TellRunner(ctx context.Context, f FollowedUp, note string, now time.Time) bool {
	if s.dm == nil || f.RunnerGone || f.Already {
		return false
	}
	switch err := s.dm.DM(ctx, f.Share.Member, note, nil); {
	case err == nil:
		return true
	case errors.Is(err, platforms.ErrDMRefused):
		s.keep(ctx, f.Share.Member, member.Kept(now, note, nil))
		return true
	default:
		s.log.Warn("tell a runner their coach has seen a share", "share", f.Share.ID, "err", err)
		return false
	}
}

// StepDown ends the member's coaching of clubID, or of every club they
// coach when clubID is "". ErrNotCoach when there is none to end.
func (s *Service) StepDown(ctx context.Context, coach store.Member, clubID ids.ClubID) error {
	clubs, err := s.CoachClubs(ctx, coach)
	if err != nil {
		return err
	}
	if clubID != "" {
		clubs = slices.DeleteFunc(clubs, func(cl store.Club) bool { return cl.ID != clubID })
	}
	if len(clubs) == 0 {
		return ErrNotCoach
	}
	for _, cl := range clubs {
		if err := s.dropCoach(ctx, cl.ID, coach.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) dropCoach(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) error {
	_, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		cl.Coaches = slices.DeleteFunc(cl.Coaches, func(id ids.MemberID) bool { return id == memberID })
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove coach from %s: %w", clubID, err)
	}
	s.log.Info("coach removed", "club", clubID, "member", memberID)
	return nil
}

// Coaches are the club's coaches (an unknown id is a bare record); none
// for a club not stored.
func (s *Service) Coaches(ctx context.Context, clubID ids.ClubID) ([]store.Member, error) {
	cl, err := s.club(ctx, clubID)
	if err != nil {
		return nil, err
	}
	return s.people(ctx, cl.Coaches)
}

// RemoveCoach ends the coaching of the club's coach who names (display
// name, case-insensitively, or member id); *NameError when who names no
// coach or several.
func (s *Service) RemoveCoach(ctx context.Context, clubID ids.ClubID, who string) (store.Member, error) {
	coaches, err := s.Coaches(ctx, clubID)
	if err != nil {
		return store.Member{}, err
	}
	p, err := Find(coaches, who)
	if err != nil {
		return store.Member{}, err
	}
	return p, s.dropCoach(ctx, clubID, p.ID)
}

// Leave takes the member out of the club: its member and coach lists,
// the member's club list (a plan input: the re-plan event follows), and
// the reports they shared with its coaches, whose number it returns.
func (s *Service) Leave(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error) {
	_, err := s.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		drop := func(id ids.MemberID) bool { return id == memberID }
		cl.Members = slices.DeleteFunc(cl.Members, drop)
		cl.Coaches = slices.DeleteFunc(cl.Coaches, drop)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("leave club %s: %w", clubID, err)
	}
	n, err := s.st.DeleteShares(ctx, clubID, memberID)
	if err != nil {
		return 0, fmt.Errorf("delete shares in %s: %w", clubID, err)
	}
	_, err = s.saveMember(ctx, memberID, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone
		}
		m.Clubs = slices.DeleteFunc(m.Clubs, func(id ids.ClubID) bool { return id == clubID })
		return nil
	})
	if err != nil && !errors.Is(err, errGone) {
		return 0, fmt.Errorf("update member after leaving %s: %w", clubID, err)
	}
	s.log.Info("member left club", "club", clubID, "member", memberID, "shares_deleted", n)
	return n, nil
}

// RemoveMember takes the club's member who names out of it (Leave);
// *NameError when who names no member or several.
func (s *Service) RemoveMember(ctx context.Context, clubID ids.ClubID, who string) (store.Member, error) {
	cl, err := s.club(ctx, clubID)
	if err != nil {
		return store.Member{}, err
	}
	people, err := s.people(ctx, cl.Members)
	if err != nil {
		return store.Member{}, err
	}
	p, err := Find(people, who)
	if err != nil {
		return store.Member{}, err
	}
	if _, err := s.Leave(ctx, clubID, p.ID); err != nil {
		return store.Member{}, err
	}
	return p, nil
}

// club loads a club; one not stored is an empty club.
func (s *Service) club(ctx context.Context, clubID ids.ClubID) (store.Club, error) {
	cl, err := s.st.Club(ctx, clubID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.Club{}, fmt.Errorf("load club %s: %w", clubID, err)
	}
	return cl, nil
}

// people loads the members named by memberIDs (an unknown id keeps a bare
// record).
func (s *Service) people(ctx context.Context, memberIDs []ids.MemberID) ([]store.Member, error) {
	out := make([]store.Member, 0, len(memberIDs))
	for _, id := range memberIDs {
		m, err := s.st.Member(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			m = store.Member{ID: id}
		} else if err != nil {
			return nil, fmt.Errorf("load member: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// Find picks the one member among people that who names: display name
// (case-insensitively), member id, or the id's local part; an '@' in
// front is ignored. *NameError when none or several match.
func Find(people []store.Member, who string) (store.Member, error) {
	who = strings.TrimPrefix(strings.TrimSpace(who), "@")
	var hits []store.Member
	for _, p := range people {
		_, local, _ := platforms.SplitID(string(p.ID))
		if strings.EqualFold(p.Name, who) || p.ID == ids.MemberID(who) || local == who {
			hits = append(hits, p)
		}
	}
	switch len(hits) {
	case 0:
		return store.Member{}, &NameError{Who: who}
	case 1:
		return hits[0], nil
	}
	locals := make([]string, len(hits))
	for i, h := range hits {
		_, locals[i], _ = platforms.SplitID(string(h.ID))
	}
	return store.Member{}, &NameError{Who: who, Matches: locals}
}
