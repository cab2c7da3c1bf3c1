package escalation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Target is a club whose coaches could receive a report.
type Target struct {
	Club    store.Club
	Coaches []store.Member
}

// Names are the target's coaches as Name shows them.
func (t Target) Names() []string {
	out := make([]string, len(t.Coaches))
	for i, c := range t.Coaches {
		out[i] = Name(c)
	}
	return out
}

// Local is the target club's id without its platform, as a runner picks
// it (/share yes p3 -500).
func (t Target) Local() string {
	_, local, _ := platforms.SplitID(string(t.Club.ID))
	return local
}

// shareable reports whether p is a report that may go to a coach at all:
// a red one with an id.
func shareable(p store.Pain) bool { return p.Level == coach.Red.String() && p.ID != "" }

// Targets lists the clubs whose coaches could get report p: the club of
// the chat it came from, or, from a private chat, every club of the
// member that has a coach.
func (s *Service) Targets(ctx context.Context, m store.Member, p store.Pain) ([]Target, error) {
	clubs := m.Clubs
	if p.Club != "" {
		clubs = []ids.ClubID{p.Club}
	}
	var out []Target
	for _, id := range clubs {
		cl, err := s.st.Club(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load club %s: %w", id, err)
		}
		t := Target{Club: cl}
		for _, cid := range cl.Coaches {
			c, err := s.st.Member(ctx, cid)
			if errors.Is(err, store.ErrNotFound) {
				c = store.Member{ID: cid}
			} else if err != nil {
				return nil, fmt.Errorf("load coach: %w", err)
			}
			t.Coaches = append(t.Coaches, c)
		}
		if len(t.Coaches) > 0 {
			out = append(out, t)
		}
	}
	return out, nil
}

// Offer is what a red report's reply does about coaches.
type Offer struct {
	// Targets to ask the runner about (none: say nothing).
	Targets []Target
	// Auto: the runner chose to share every red report (Always) and there
	// is one club to share with: share with Targets[0] at once.
	Auto bool
}

// OfferFor decides whether the reply to report p asks the runner m to
// share it: only a red report, only when they did not choose Never, only
// with clubs that have a coach and have not had this report already.
func (s *Service) OfferFor(ctx context.Context, m store.Member, p store.Pain) (Offer, error) {
	if !shareable(p) || m.Share == Never {
		return Offer{}, nil
	}
	targets, err := s.Targets(ctx, m, p)
	if err != nil {
		return Offer{}, err
	}
	targets = slices.DeleteFunc(targets, func(t Target) bool {
		return slices.ContainsFunc(m.Shared, func(l store.ShareLog) bool { return l.Report == p.ID && l.Club == t.Club.ID })
	})
	return Offer{Targets: targets, Auto: m.Share == Always && len(targets) == 1}, nil
}

// RedReport finds the red report a /share is about: the one named (any
// case), or the member's latest red one, of the last ReportWindow.
func (s *Service) RedReport(ctx context.Context, memberID ids.MemberID, id string, now time.Time) (store.Pain, bool, error) {
	ps, err := s.st.Pains(ctx, memberID, now.Add(-ReportWindow))
	if err != nil {
		return store.Pain{}, false, fmt.Errorf("load pain reports: %w", err)
	}
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if !shareable(p) {
			continue
		}
		if id == "" || strings.EqualFold(p.ID, id) {
			return p, true, nil
		}
	}
	return store.Pain{}, false, nil
}

// Answer is the runner's answer to "share this with your coach?".
type Answer int

const (
	Unanswered Answer = iota // /share alone: ask
	Yes
	No
)

// Consent is a runner's answer about one of their red reports.
type Consent struct {
	Runner    store.Member // as stored, with its id
	Name      string       // the runner's display name now ("" falls back to the stored one)
	Answer    Answer
	Report    string // "p3"; "" for the latest red report
	Club      string // the club picked among several (its local id or full id); "" for any
	WithNotes bool   // share the runner's own words too
	Now       time.Time
	// Letter words what each coach receives for the stored share (and a
	// detail-less pointer kept for a coach whose private chat refuses it).
	Letter func(store.Share) Letter
}

// Letter is the message to a coach about a share.
type Letter struct {
	Text    string
	Buttons []platforms.Button
	// Pointer is kept for a coach who cannot be reached now: no health
	// details, so the runner's /forgetme or leaving leaves no copy in the
	// coach's outbox.
	Pointer string
}

// Step is what a consent came to.
type Step int

const (
	KeptPrivate  Step = iota // the runner said no: nothing goes anywhere
	NoCoach                  // no club of theirs has a coach
	NotTheirClub             // the club picked is none of their clubs with a coach
	Asked                    // ask which club, or whether at all: Targets
	Shared                   // shared: Sent
)

// Outcome is what a consent came to.
type Outcome struct {
	Report  store.Pain
	Step    Step
	Targets []Target // Asked: the clubs to ask about
	Sent    Sent     // Shared
}

// Decide applies the runner's answer about their red report (the one
// named, else their latest): no keeps it private; an unanswered /share
// or a choice of several clubs asks; yes with one club shares it (Share).
// ErrNoRedReport when there is no such report.
func (s *Service) Decide(ctx context.Context, c Consent) (Outcome, error) {
	p, found, err := s.RedReport(ctx, c.Runner.ID, c.Report, c.Now)
	if err != nil {
		return Outcome{}, err
	}
	if !found {
		return Outcome{}, ErrNoRedReport
	}
	out := Outcome{Report: p}
	if c.Answer == No {
		out.Step = KeptPrivate
		return out, nil
	}
	targets, err := s.Targets(ctx, c.Runner, p)
	if err != nil {
		return Outcome{}, err
	}
	if len(targets) == 0 {
		out.Step = NoCoach
		return out, nil
	}
	if c.Club != "" {
		targets = slices.DeleteFunc(targets, func(t Target) bool {
			return !strings.EqualFold(t.Local(), c.Club) && !strings.EqualFold(string(t.Club.ID), c.Club)
		})
		if len(targets) == 0 {
			out.Step = NotTheirClub
			return out, nil
		}
	}
	if c.Answer == Unanswered || len(targets) > 1 {
		out.Step, out.Targets = Asked, targets
		return out, nil
	}
	out.Sent, err = s.Share(ctx, c, p, targets[0])
	if err != nil {
		return Outcome{}, err
	}
	out.Step = Shared
	return out, nil
}

// Sent is a report shared (or found shared already) with a club's coaches.
type Sent struct {
	// Again: the report had already gone to this club (Before says when
	// and to whom); nothing new was stored or sent.
	Again  bool
	Before store.ShareLog
	Share  store.Share  // the copy stored for the coaches
	Runner store.Member // the runner as saved with the share in their history (zero if that failed)
	// Reached are the coaches whose private chat got it; Later those who
	// will find it in their reports (unreachable now, or no messenger).
	Reached, Later []store.Member
}

// Share stores a copy of report p for the target club's coaches — the
// date, score, place and red flags, the runner's name and how to reach
// them, their own words only with WithNotes —, records it in the runner's
// own history, and sends each coach the Letter (a refused one is kept as
// its pointer). A report already shared with the club is not shared again.
func (s *Service) Share(ctx context.Context, c Consent, p store.Pain, t Target) (Sent, error) {
	for _, l := range c.Runner.Shared {
		if strings.EqualFold(l.Report, p.ID) && l.Club == t.Club.ID {
			return Sent{Again: true, Before: l}, nil
		}
	}
	name := c.Name
	if name == "" {
		name = c.Runner.Name
	}
	if name == "" {
		name = "A club member"
	}
	sh := store.Share{
		Club: t.Club.ID, Member: c.Runner.ID, Name: name, Contact: Contact(c.Runner.ID, name),
		Report: p.ID, ReportAt: p.At, Score: p.Score, Where: p.Where, Flags: p.Flags, At: c.Now.UTC(),
	}
	for _, co := range t.Coaches {
		sh.To = append(sh.To, co.ID)
	}
	if c.WithNotes {
		sh.Notes = p.Notes
	}
	sh, err := s.st.AddShare(ctx, sh)
	if err != nil {
		return Sent{}, fmt.Errorf("store share: %w", err)
	}
	sent := Sent{Share: sh}
	names := t.Names()
	m, err := s.saveMember(ctx, c.Runner.ID, func(m *store.Member) error {
		m.Shared = append(m.Shared, store.ShareLog{ID: sh.ID, Club: sh.Club, Report: p.ID, At: sh.At, To: names, Notes: sh.Notes != ""})
		if len(m.Shared) > LogMax {
			m.Shared = m.Shared[len(m.Shared)-LogMax:]
		}
		return nil
	})
	if err != nil {
		// The coaches still get it; only the runner's own record is missing.
		s.log.Error("record share in the runner's history", "share", sh.ID, "err", err)
	} else {
		sent.Runner = m
	}
	var letter Letter
	if c.Letter != nil {
		letter = c.Letter(sh)
	}
	for _, co := range t.Coaches {
		if s.dm == nil {
			sent.Later = append(sent.Later, co)
			continue
		}
		err := s.dm.DM(ctx, co.ID, letter.Text, letter.Buttons)
		switch {
		case err == nil:
			sent.Reached = append(sent.Reached, co)
		case errors.Is(err, platforms.ErrDMRefused):
			s.keep(ctx, co.ID, member.Kept(c.Now, letter.Pointer, nil))
			sent.Later = append(sent.Later, co)
		default:
			s.log.Warn("send a share to a coach", "share", sh.ID, "err", err)
			sent.Later = append(sent.Later, co)
		}
	}
	// Only the share's id: its content is health data.
	s.log.Info("report shared", "share", sh.ID, "coaches_reached", len(sent.Reached), "coaches_later", len(sent.Later))
	return sent, nil
}

// Contact says how a coach on the same platform can reach a member.
func Contact(memberID ids.MemberID, name string) string {
	platform, local, _ := platforms.SplitID(string(memberID))
	switch platform {
	case platforms.Telegram:
		return fmt.Sprintf("%s on Telegram — tg://user?id=%s", name, local)
	case platforms.Discord:
		return fmt.Sprintf("%s on Discord — <@%s>", name, local)
	case platforms.Console:
		return name + " at this console"
	}
	return name
}
