package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Messenger reaches a member who did not write the command being handled;
// platforms.Sender implements it.
type Messenger interface {
	DM(ctx context.Context, memberID platforms.MemberID, text string, buttons []platforms.Button) error
}

// Share settings (store.Member.Share).
const (
	shareAsk    = ""
	shareAlways = "always"
	shareNever  = "never"
)

// shareLogMax bounds the runner's own share history in their document.
const shareLogMax = 200

func (r *Router) shareCommands() []*Command {
	return []*Command{{
		Name:    "share",
		Summary: "Show a 🔴 report to your club's coach, if you choose",
		Usage:   "/share yes|no [id] [with notes]",
		Help: `After a 🔴 report, if your club has a coach, I ask whether to share it with them. Nothing is sent unless you say yes.
  /share yes — share your latest red report of the last 7 days
  /share yes p3 — share that report
  /share yes with notes — include what you wrote, too (otherwise only the date, score, place and red flags)
  /share no — keep it private
/settings share always|never|ask decides once for every red report.
A coach can help you plan around an injury, but they're not a clinician: please still get it checked by a physio or doctor.`,
		Options: []Option{
			{Name: "answer", Description: "Share it with your club's coach?", Type: String, Required: true, Choices: []string{"yes", "no"}},
			{Name: "report", Description: "Report id, e.g. p3 (default: your latest red report)", Type: String},
			{Name: "notes", Description: "Also share what you wrote", Type: String, Choices: []string{"with notes"}},
		},
		Private: true,
		Handler: r.share,
	}}
}

// shareTarget is a club whose coaches could receive a report.
type shareTarget struct {
	club    store.Club
	coaches []store.Member
}

func (t shareTarget) names() []string {
	out := make([]string, len(t.coaches))
	for i, c := range t.coaches {
		out[i] = memberName(c)
	}
	return out
}

func memberName(m store.Member) string {
	if m.Name != "" {
		return shown(m.Name) // member-written: escaped by the adapter that shows it
	}
	return "a coach"
}

// shareTargets lists the clubs whose coaches could get report p: the club
// of the chat it came from, or from a private chat every club of the
// member that has a coach.
func (r *Router) shareTargets(ctx context.Context, req *Request, p store.Pain) ([]shareTarget, error) {
	clubs := req.Member.Clubs
	if p.Club != "" {
		clubs = []ids.ClubID{p.Club}
	}
	var out []shareTarget
	for _, id := range clubs {
		cl, err := r.st.Club(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load club %s: %w", id, err)
		}
		t := shareTarget{club: cl}
		for _, cid := range cl.Coaches {
			c, err := r.st.Member(ctx, cid)
			if errors.Is(err, store.ErrNotFound) {
				c = store.Member{ID: cid}
			} else if err != nil {
				return nil, fmt.Errorf("load coach: %w", err)
			}
			t.coaches = append(t.coaches, c)
		}
		if len(t.coaches) > 0 {
			out = append(out, t)
		}
	}
	return out, nil
}

// offerShare ends a red reply with the consent question when the member's
// club has a coach (or shares at once under /settings share always).
func (r *Router) offerShare(ctx context.Context, req *Request, p store.Pain, resp *platforms.Response) {
	if p.Level != coach.Red.String() || p.ID == "" || req.Member.Share == shareNever {
		return
	}
	targets, err := r.shareTargets(ctx, req, p)
	if err != nil {
		r.log.Warn("find coaches to offer a share", "member", req.MemberID, "err", err)
		return
	}
	// A report already shared with a club is not asked about again.
	targets = slices.DeleteFunc(targets, func(t shareTarget) bool {
		return slices.ContainsFunc(req.Member.Shared, func(l store.ShareLog) bool { return l.Report == p.ID && l.Club == t.club.ID })
	})
	if len(targets) == 0 {
		return
	}
	if req.Member.Share == shareAlways && len(targets) == 1 {
		text, err := r.sendShare(ctx, req, p, targets[0], false)
		if err != nil {
			r.log.Error("share a report automatically", "member", req.MemberID, "err", err)
			text = "⚠️ I couldn't share this with your coach just now. Send /share yes to try again."
		}
		resp.Text += "\n\n" + text
		return
	}
	q, bs := shareQuestion(p, targets)
	resp.Text += "\n\n" + q
	resp.Buttons = append(resp.Buttons, bs...)
}

// shareQuestion asks for consent; the buttons name the report (and the
// club when there is a choice), well inside Telegram's 64-byte limit.
func shareQuestion(p store.Pain, targets []shareTarget) (string, []platforms.Button) {
	no := platforms.Button{Label: "No, keep it private", Command: "/share no " + p.ID}
	what := "They'd see the date, score, place and red flags"
	if p.Notes != "" && p.Source != "checkin" {
		what += " — not your own words, unless you send /share yes with notes"
	}
	what += ". Nothing goes to them unless you say yes. A coach can help you plan around it, but isn't a substitute for getting it checked."
	if len(targets) == 1 {
		q := fmt.Sprintf("🤝 Share this with your club's coach (%s)? %s", strings.Join(targets[0].names(), ", "), what)
		return q, []platforms.Button{{Label: "Yes, share it", Command: "/share yes " + p.ID}, no}
	}
	q := fmt.Sprintf("🤝 Share this with your club's coach? You're in %d clubs with coaches: pick one, or keep it private. %s", len(targets), what)
	var bs []platforms.Button
	for _, t := range targets {
		_, local, _ := platforms.SplitID(string(t.club.ID))
		bs = append(bs, platforms.Button{Label: "Share with " + truncate(strings.Join(t.names(), ", "), 40), Command: "/share yes " + p.ID + " " + local})
	}
	return q, append(bs, no)
}

func (r *Router) share(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("share")
	words := strings.Fields(strings.ToLower(req.Args))
	answer := ""
	if len(words) > 0 {
		answer, words = words[0], words[1:]
	}
	var id, clubRef string
	notes := false
	for _, w := range words {
		switch {
		case w == "with":
		case w == "notes" || w == "note":
			notes = true
		case len(w) >= 2 && w[0] == 'p' && isBase36(w[1:]):
			id = w
		default:
			clubRef = w
		}
	}
	switch answer {
	case "", "yes", "y", "ok", "sure", "no", "n", "nope":
	default:
		return platforms.Response{}, usageError(c, fmt.Sprintf("Answer yes or no, not %q.", truncate(answer, 20)))
	}
	p, found, err := r.redReport(ctx, req.MemberID, id, req.Now.Add(-flagCheckWindow))
	if err != nil {
		return platforms.Response{}, err
	}
	if !found {
		if id != "" {
			return platforms.Response{}, Userf("I can't find a 🔴 report %s from the last 7 days. Only red-flag reports can be shared with a coach.", id)
		}
		return platforms.Response{}, Userf("There's nothing to share: you have no 🔴 report from the last 7 days. Only red-flag reports can go to a coach, and only when you say so.")
	}
	if answer == "no" || answer == "n" || answer == "nope" {
		return platforms.Response{Text: "👍 Kept private: nothing goes to your coach. " + clinicianLine(p)}, nil
	}
	targets, err := r.shareTargets(ctx, req, p)
	if err != nil {
		return platforms.Response{}, err
	}
	if len(targets) == 0 {
		return platforms.Response{}, Userf("Your club has no coach with me yet, so there's no one to share it with (a club admin can add one with /club coach invite). %s", clinicianLine(p))
	}
	if clubRef != "" {
		targets = slices.DeleteFunc(targets, func(t shareTarget) bool {
			_, local, _ := platforms.SplitID(string(t.club.ID))
			return !strings.EqualFold(local, clubRef) && !strings.EqualFold(string(t.club.ID), clubRef)
		})
		if len(targets) == 0 {
			return platforms.Response{}, Userf("That isn't one of your clubs with a coach. Send /share to pick one.")
		}
	}
	if answer == "" || len(targets) > 1 {
		q, bs := shareQuestion(p, targets)
		return platforms.Response{Text: q, Buttons: bs}, nil
	}
	text, err := r.sendShare(ctx, req, p, targets[0], notes)
	if err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: text, Public: "🔒 Done — details sent privately."}, nil
}

// redReport finds the red report a /share is about: the one named, or the
// latest red one since since.
func (r *Router) redReport(ctx context.Context, memberID ids.MemberID, id string, since time.Time) (store.Pain, bool, error) {
	ps, err := r.st.Pains(ctx, memberID, since)
	if err != nil {
		return store.Pain{}, false, fmt.Errorf("load pain reports: %w", err)
	}
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.ID == "" || p.Level != coach.Red.String() {
			continue
		}
		if id == "" || strings.EqualFold(p.ID, id) {
			return p, true, nil
		}
	}
	return store.Pain{}, false, nil
}

// sendShare stores a copy of report p for the target club's coaches, logs
// it in the runner's own history and DMs each coach. It returns the
// runner's confirmation.
func (r *Router) sendShare(ctx context.Context, req *Request, p store.Pain, t shareTarget, withNotes bool) (string, error) {
	for _, l := range req.Member.Shared {
		if strings.EqualFold(l.Report, p.ID) && l.Club == t.club.ID {
			return fmt.Sprintf("You already shared this report (%s) with %s on %s. %s",
				p.ID, strings.Join(l.To, ", "), l.At.In(r.location(ctx, req)).Format("Mon 2 Jan"), clinicianLine(p)), nil
		}
	}
	name := req.DisplayName
	if name == "" {
		name = req.Member.Name
	}
	if name == "" {
		name = "A club member"
	}
	sh := store.Share{
		Club: t.club.ID, Member: req.MemberID, Name: name, Contact: contactOf(req.MemberID, name),
		Report: p.ID, ReportAt: p.At, Score: p.Score, Where: p.Where, Flags: p.Flags, At: req.Now.UTC(),
	}
	for _, c := range t.coaches {
		sh.To = append(sh.To, c.ID)
	}
	if withNotes {
		sh.Notes = p.Notes
	}
	sh, err := r.st.AddShare(ctx, sh)
	if err != nil {
		return "", fmt.Errorf("store share: %w", err)
	}
	names := t.names()
	m, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		m.Shared = append(m.Shared, store.ShareLog{ID: sh.ID, Club: sh.Club, Report: p.ID, At: sh.At, To: names, Notes: sh.Notes != ""})
		if len(m.Shared) > shareLogMax {
			m.Shared = m.Shared[len(m.Shared)-shareLogMax:]
		}
		return nil
	})
	if err != nil {
		// The coaches still get it; only the runner's own record is missing.
		r.log.Error("record share in the runner's history", "share", sh.ID, "err", err)
	} else {
		req.Member = m
	}
	text := coachMessage(sh, r.location(ctx, req))
	buttons := []platforms.Button{{Label: "Mark followed up", Command: "/coach done " + sh.ID}}
	var reached, later []string
	for _, c := range t.coaches {
		if r.deps.DM == nil {
			later = append(later, memberName(c))
			continue
		}
		err := r.deps.DM.DM(ctx, c.ID, text, buttons)
		switch {
		case err == nil:
			reached = append(reached, memberName(c))
		case errors.Is(err, platforms.ErrDMRefused):
			// Kept without the details: the runner's /forgetme or leaving
			// must not leave a copy in the coach's outbox.
			r.Undelivered(ctx, c.ID, "🔴 A runner in your club shared a red-flag report with you. /coach reports shows it.", nil)
			later = append(later, memberName(c))
		default:
			r.log.Warn("send a share to a coach", "share", sh.ID, "err", err)
			later = append(later, memberName(c))
		}
	}
	// Only the share's id: its content is health data.
	r.log.Info("report shared", "share", sh.ID, "coaches_reached", len(reached), "coaches_later", len(later))
	var b strings.Builder
	b.WriteString("✅ ")
	if len(reached) > 0 {
		fmt.Fprintf(&b, "Shared with your club's coach: %s received it. ", strings.Join(reached, ", "))
	} else {
		b.WriteString("Shared with your club's coach. ")
	}
	if len(later) > 0 {
		fmt.Fprintf(&b, "%s will see it in their coach reports next time they check in with me. ", strings.Join(later, ", "))
	}
	b.WriteString("They see the date, score, place and red flags")
	if sh.Notes != "" {
		b.WriteString(", and your notes")
	}
	b.WriteString(" — nothing else. " + clinicianLine(p))
	return b.String(), nil
}

// clinicianLine keeps the red advice standing, whether or not a coach
// hears about it.
func clinicianLine(p store.Pain) string {
	for _, f := range p.Flags {
		if coach.Flag(f).Urgent() {
			return fmt.Sprintf("Telling a coach is not a substitute for seeing a clinician: with %s, please get it checked by a doctor urgently, today.", coach.Flag(f).Plain())
		}
	}
	return "Telling a coach is not a substitute for seeing a clinician: please still stop running on it and get it checked by a physio or doctor."
}

// coachMessage is what a coach receives: who, how to reach them, when,
// the score, the place and the red flags in plain words; the runner's own
// words only when they chose to include them.
func coachMessage(sh store.Share, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🔴 %s shared a red-flag pain report with you, as their club's coach.\n", sh.Name)
	fmt.Fprintf(&b, "• Reported: %s\n", sh.ReportAt.In(loc).Format("Mon 2 Jan 2006, 15:04"))
	fmt.Fprintf(&b, "• Pain: %d/10, %s\n", sh.Score, sh.Where)
	flags := make([]string, 0, len(sh.Flags))
	for _, f := range sh.Flags {
		flags = append(flags, coach.Flag(f).Plain())
	}
	if len(flags) > 0 {
		fmt.Fprintf(&b, "• Red flags: %s\n", strings.Join(flags, ", "))
	}
	if sh.Notes != "" {
		fmt.Fprintf(&b, "• In their words: %q\n", sh.Notes)
	}
	fmt.Fprintf(&b, "• Reach them: %s\n", sh.Contact)
	b.WriteString("I've told them to stop running on it and get it checked by a physio or doctor. Please keep this to yourself.\n")
	fmt.Fprintf(&b, "When you've been in touch: /coach done %s", sh.ID)
	return b.String()
}

// contactOf says how a coach on the same platform can reach a member.
func contactOf(memberID ids.MemberID, name string) string {
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

// shareSetting parses /settings share ask|always|never.
func shareSetting(val string) (choice, said string, err error) {
	switch strings.ToLower(val) {
	case "ask", "default":
		return shareAsk, "ask before sharing red reports with your club's coach", nil
	case "always", "yes", "on":
		return shareAlways, "share red reports with your club's coach at once", nil
	case "never", "no", "off":
		return shareNever, "never share red reports with a coach", nil
	}
	return "", "", Userf("Sharing can be ask, always or never, e.g. /settings share ask.")
}

func describeShare(choice string) string {
	switch choice {
	case shareAlways:
		return "shared at once (/settings share ask to be asked)"
	case shareNever:
		return "never shared (/settings share ask to be asked)"
	}
	return "I ask you each time"
}
