// Package commands is the platform-free command router and its handlers:
// one table of commands (names, typed options, help text, admin and
// privacy flags) from which help, usage errors and the Discord slash
// command registration are all derived.
package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/club"
	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/escalation"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
	"github.com/clubcoach/clubcoach/internal/web"
)

// The command table's vocabulary lives in package command, which the
// adapters import instead of the router.
type (
	OptionType = command.OptionType
	Option     = command.Option
	Sub        = command.Sub
)

// Option types.
const (
	String     = command.String
	Integer    = command.Integer
	Number     = command.Number
	Attachment = command.Attachment
)

// HandlerFunc runs one command. It returns the response, or an error: a
// *UserError becomes its text, any other error a "try again" reply and a
// log line.
type HandlerFunc func(ctx context.Context, r *Request) (platforms.Response, error)

// Command is one entry of the router's table.
type Command struct {
	Name    string
	Aliases []string
	Summary string // one line, ≤ 100 characters (Discord's limit)
	Usage   string // e.g. "/pain <0-10> <where> [what it feels like]"
	Help    string // longer text for /help <command>
	Options []Option
	Subs    []Sub // a family of actions; exclusive with Options
	Admin   bool  // the whole command is admin-only
	Private bool  // replies carry health details
	Hidden  bool  // not listed in /help nor registered (aliases of buttons)
	// History: the handler reads the member's recent runs and pain
	// reports, so loadMember reads them with the member in one round trip
	// (issue 13) and the handler's reads come from that (prefetch.go).
	History bool
	// Cadences: the handler reads the member's latest cadence records,
	// which come with the member the same way.
	Cadences bool
	Handler  HandlerFunc
}

// Request is what a handler gets: the message, the member's stored
// settings, and the time.
type Request struct {
	platforms.Message
	Member store.Member
	Now    time.Time
	cmd    *Command
}

// memberDoc is the member's document as the services take it: the stored
// one, with its id even before the first save.
func (req *Request) memberDoc() store.Member {
	m := req.Member
	m.ID = req.MemberID
	return m
}

// UserError is an error whose text is meant for the member.
type UserError struct{ Text string }

func (e *UserError) Error() string { return e.Text }

// UserFacing marks the error as the member's to read (metrics count these
// apart from faults).
func (e *UserError) UserFacing() bool { return true }

func userErr(text string) error { return &UserError{Text: text} }

// Userf builds a *UserError.
func Userf(format string, a ...any) error { return &UserError{Text: fmt.Sprintf(format, a...)} }

// Clock gives the current time; tests inject a fake one.
type Clock func() time.Time

// Router maps command names to handlers.
type Router struct {
	challenges *challenge.Service // the challenge rules, shared with the scheduler
	log        *slog.Logger
	now        Clock
	cmds       []*Command
	byName     map[string]*Command
	st         prefetchStore // the store, answering from a request's prefetch (prefetch.go)
	admins     map[string]bool
	observe    func(command, platform string, err error)
	limitMu    sync.Mutex
	limiters   map[ids.MemberID]*floodState
	zones      *member.Zones
	mail       *member.Mailbox // pause-and-keep, the scheduler's rules too
	deps       Deps
	training   *training.Service   // runs, pain reports, load checks and weekly summaries
	escalation *escalation.Service // club coaches and the reports runners share with them
	clubs      *club.Service       // a club's settings, public page and deletion
	chain      Step                // middleware around dispatch, built once in New
	helpList   string              // /help's text, written once in New
}

// Deps are the router's collaborators.
type Deps struct {
	Store  store.Store
	Log    *slog.Logger
	Clock  Clock
	Admins []string // BOT_ADMINS: member ids that are admins everywhere
	// Zones decides members' zones with the scheduler's rule (pass the
	// same value to both); default: its own on Store.
	Zones *member.Zones
	// Challenges is the challenge service (pass the scheduler the same
	// value); default: challenge.New on Store.
	Challenges *challenge.Service
	// Observe, when set, is told about every handled command (metrics).
	Observe func(command, platform string, err error)
	// Schedule, when set, is told that a member's or club's schedule
	// changed (the scheduler re-plans their jobs).
	Schedule Scheduler
	// PublicURL is the base address of the public web pages (PUBLIC_URL);
	// /club web on prints PublicURL + "/c/" + token.
	PublicURL string
	// DM, when set, reaches members other than the one who wrote: a coach
	// getting a shared report, a runner told their coach has seen it.
	DM Messenger
}

// Scheduler is the part of the scheduler the handlers use.
type Scheduler interface {
	// Replan re-plans the reminders of a member document just read or
	// written and returns when the next one is due (zero when none).
	Replan(ctx context.Context, m store.Member) (time.Time, error)
	// NextDue reads when the member's next reminder is queued (zero when
	// none), without re-planning.
	NextDue(ctx context.Context, memberID ids.MemberID) (time.Time, error)
	// ClubChanged re-plans a club's posts.
	ClubChanged(ctx context.Context, clubID ids.ClubID) error
}

// New builds a router with every command of this package.
func New(d Deps) *Router {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Zones == nil {
		d.Zones = member.NewZones(d.Store)
	}
	if d.Challenges == nil {
		d.Challenges = challenge.New(d.Store, d.Log, d.Clock)
	}
	r := &Router{
		challenges: d.Challenges,
		log:        d.Log,
		now:        d.Clock,
		byName:     map[string]*Command{},
		st:         prefetchStore{d.Store},
		admins:     map[string]bool{},
		observe:    d.Observe,
		limiters:   map[ids.MemberID]*floodState{},
		zones:      d.Zones,
		deps:       d,
	}
	r.mail = member.NewMailbox(r.st, d.Log)
	r.training = training.New(r.st, d.Challenges, r.replan, d.Log)
	r.escalation = escalation.New(r.st, d.DM, r.mail, r.replan, d.Log)
	var clubChanged func(context.Context, ids.ClubID) error
	if d.Schedule != nil {
		clubChanged = d.Schedule.ClubChanged
	}
	r.clubs = club.New(club.Deps{Store: r.st, Challenges: d.Challenges, Zones: d.Zones, Changed: clubChanged,
		Replan: r.replan, NewToken: web.NewToken, Log: d.Log})
	for _, a := range d.Admins {
		r.admins[strings.TrimSpace(a)] = true
	}
	for _, c := range table(r) {
		r.add(c)
	}
	r.helpList = helpList(r.Commands())
	r.chain = Chain(r.dispatch, r.middleware()...)
	return r
}

func (r *Router) add(c *Command) {
	r.cmds = append(r.cmds, c)
	for _, n := range append([]string{c.Name}, c.Aliases...) {
		if _, dup := r.byName[n]; dup {
			panic("commands: duplicate command name " + n) // a programming error caught by every test
		}
		r.byName[n] = c
	}
}

// Commands returns the table (for help and slash-command registration).
func (r *Router) Commands() []*Command {
	out := make([]*Command, 0, len(r.cmds))
	for _, c := range r.cmds {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	return out
}

// Lookup finds a command by name or alias.
func (r *Router) Lookup(name string) (*Command, bool) {
	c, ok := r.byName[strings.ToLower(name)]
	return c, ok
}

// MaxInput is the longest argument text the router reads, in characters
// (as Telegram counts a message's length); longer input is refused with a
// friendly message rather than parsed.
const MaxInput = 4096

// Parse splits a text line into a command name and its argument text; see
// command.Parse.
func Parse(text, botName string) (cmd, args string, ok bool) { return command.Parse(text, botName) }

// Spec is the command as the platforms see it (no handler).
func (c *Command) Spec() command.Spec {
	return command.Spec{Name: c.Name, Aliases: c.Aliases, Summary: c.Summary, Usage: c.Usage, Options: c.Options,
		Subs: c.Subs, Admin: c.Admin, Private: c.Private, Hidden: c.Hidden}
}

// Specs lists cs as the platforms see them.
func Specs(cs []*Command) []*command.Spec {
	out := make([]*command.Spec, len(cs))
	for i, c := range cs {
		s := c.Spec()
		out[i] = &s
	}
	return out
}

// Specs is Specs(r.Commands()): what the adapters register.
func (r *Router) Specs() []*command.Spec { return Specs(r.Commands()) }

// Handle runs one command; it never panics and answers every command but
// those the flood limit drops (an empty Response: the adapter says nothing).
// It is the router's middleware chain (middleware.go) around dispatch.
func (r *Router) Handle(ctx context.Context, m platforms.Message) platforms.Response {
	if m.Command == "" && m.Attachment != nil {
		m.Command = "run" // a file sent on its own (a DM) is a watch file to log
	}
	return r.chain(ctx, &Call{Message: m, Now: r.now(), Name: m.Command})
}

// touchMember loads the member, creating the record on first contact and
// remembering the club they wrote from, and hands over kept messages.
func (r *Router) touchMember(ctx context.Context, m platforms.Message, now time.Time, cmd *Command) (store.Member, []store.Kept, *prefetched, error) {
	var member store.Member
	var pre *prefetched
	var err error
	switch {
	case cmd.History:
		member, pre, err = r.st.memberWithHistory(ctx, m.MemberID, now)
	case cmd.Cadences:
		member, pre, err = r.st.memberWithCadences(ctx, m.MemberID)
	default:
		member, err = r.st.Member(ctx, m.MemberID)
	}
	needUpdate := errors.Is(err, store.ErrNotFound)
	if err != nil && !needUpdate {
		return store.Member{}, nil, nil, fmt.Errorf("load member %s: %w", m.MemberID, err)
	}
	if !needUpdate {
		needUpdate = (m.ClubID != "" && !contains(member.Clubs, m.ClubID)) ||
			(m.DisplayName != "" && member.Name != m.DisplayName)
	}
	if (m.Command == "forgetme" || m.Command == "mydata") && errors.Is(err, store.ErrNotFound) {
		// Don't create a record just to delete or show it.
		return store.Member{ID: m.MemberID, Name: m.DisplayName}, nil, nil, nil
	}
	if needUpdate {
		member, err = r.st.UpdateMember(ctx, m.MemberID, func(mb *store.Member) error {
			if mb.Created.IsZero() {
				mb.Created = now
			}
			if m.DisplayName != "" {
				mb.Name = m.DisplayName
			}
			if m.ClubID != "" && !contains(mb.Clubs, m.ClubID) {
				mb.Clubs = append(mb.Clubs, m.ClubID)
			}
			return nil
		})
		if err != nil {
			return store.Member{}, nil, nil, fmt.Errorf("save member %s: %w", m.MemberID, err)
		}
		if m.ClubID != "" {
			if _, err := r.st.UpdateClub(ctx, m.ClubID, func(c *store.Club) error {
				if !contains(c.Members, m.MemberID) {
					c.Members = append(c.Members, m.MemberID)
				}
				return nil
			}); err != nil {
				return store.Member{}, nil, nil, fmt.Errorf("save club %s: %w", m.ClubID, err)
			}
		}
	}
	// Hand the kept messages over without taking them: they leave the
	// store, and reminders resume, only once the reply carrying them
	// reached the member (handedOver). Two commands racing may both show
	// them; a refused reply loses nothing.
	doc := member
	doc.ID = m.MemberID
	return member, r.mail.Waiting(ctx, doc, now), pre, nil
}

// handedOver settles kept messages shown in a reply (member.Mailbox):
// delivered, they leave the store and the member's reminders resume (and
// re-plan); refused and kept again inside the new reply (keepRefused),
// only the old copies leave.
func (r *Router) handedOver(memberID ids.MemberID, kept []store.Kept) func(context.Context, bool) {
	return func(ctx context.Context, reached bool) {
		if m, resumed := r.mail.Settle(ctx, memberID, kept, reached); resumed {
			r.replan(ctx, m)
		}
	}
}

func withKept(resp platforms.Response, kept []store.Kept) platforms.Response {
	var b strings.Builder
	b.WriteString("📬 I couldn't reach you privately before, so your reminders were paused. They're back on now. Here's what was waiting:\n")
	for _, k := range kept {
		b.WriteString("\n")
		b.WriteString(k.Text)
		b.WriteString("\n")
		for _, kb := range k.Buttons {
			// A kept check-in under an unclear /checkin offers the same
			// answers as the reply: one set, since Discord refuses a
			// message with two buttons of the same id.
			if !slices.ContainsFunc(resp.Buttons, func(x platforms.Button) bool { return x.Command == kb.Command }) {
				resp.Buttons = append(resp.Buttons, platforms.Button{Label: kb.Label, Command: kb.Command})
			}
		}
	}
	b.WriteString("\n———\n")
	b.WriteString(resp.Text)
	resp.Text = b.String()
	resp.Private = true
	return resp
}

// errorResponse turns a handler error into what the member sees. Only a
// command none of whose writes may have been stored is called "not
// saved": after a write that timed out (store.ErrUncertain) or one that
// went in before a later step failed, trying again could log it twice.
func (r *Router) errorResponse(ctx context.Context, c *Command, m platforms.Message, err error) platforms.Response {
	var ue *UserError
	if errors.As(err, &ue) {
		return platforms.Response{Text: ue.Text, Private: c.Private}
	}
	r.log.Error("command failed", "command", c.Name, "member", m.MemberID, "err", err)
	if errors.Is(err, store.ErrUncertain) || store.OpWasApplied(ctx) {
		return platforms.Response{Text: unsureSaved}
	}
	return platforms.Response{Text: "⚠️ Sorry — I couldn't reach my storage just now, so that wasn't saved. Please try again in a moment."}
}

// unsureSaved answers a command whose writes may or may not have been
// stored.
const unsureSaved = "⚠️ I'm not sure that saved — my storage was slow to answer. Check /week before you send it again."

// Undelivered keeps a refused private message and pauses scheduled sends
// (a reply the adapter reports refused through its Delivered hook, or a
// coach's DM the router sends itself).
func (r *Router) Undelivered(ctx context.Context, memberID ids.MemberID, text string, buttons []platforms.Button) {
	_ = r.keep(ctx, memberID, text, buttons)
}

// keep is Undelivered reporting whether the message was stored (a member
// forgotten meanwhile counts as done: nothing is owed to them).
func (r *Router) keep(ctx context.Context, memberID ids.MemberID, text string, buttons []platforms.Button) error {
	return r.mail.Keep(ctx, memberID, member.Kept(r.now(), text, buttons))
}

// The flood limit: a member's commands pass at one a second after a burst
// of floodBurst. The first command refused gets floodText; the rest of the
// burst are dropped unanswered (nothing is stored or queued) until one
// passes again, so a flood costs the platform's send budget one message.
const (
	floodBurst = 8
	floodText  = "Easy there — that's a lot of messages at once. Give me a few seconds and try again."
)

type floodVerdict int

const (
	floodPass floodVerdict = iota
	floodWarn              // the first refused command of a burst
	floodDrop              // the rest: no answer
)

// floodState is one member's limiter and whether they were told.
type floodState struct {
	lim    *rate.Limiter
	warned bool
}

// allow applies the per-member flood limit. The console is one trusted
// local user (and scripts pipe thousands of lines into it), so it is
// exempt. Discord must answer every interaction, so there every refused
// command gets the (private) warning.
func (r *Router) allow(member ids.MemberID, platform string, now time.Time) floodVerdict {
	if platform == platforms.Console {
		return floodPass
	}
	r.limitMu.Lock()
	defer r.limitMu.Unlock()
	st, ok := r.limiters[member]
	if !ok {
		if len(r.limiters) > 10000 {
			r.limiters = map[ids.MemberID]*floodState{} // bounded memory; a reset only forgives
		}
		st = &floodState{lim: rate.NewLimiter(rate.Every(time.Second), floodBurst)}
		r.limiters[member] = st
	}
	switch {
	case st.lim.AllowN(now, 1):
		st.warned = false
		return floodPass
	case !st.warned || platform == platforms.Discord:
		st.warned = true
		return floodWarn
	}
	return floodDrop
}

func contains[T ~string](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
