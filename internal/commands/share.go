package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/escalation"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Messenger reaches a member who did not write the command being handled;
// platforms.Sender implements it.
type Messenger = escalation.Messenger

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

func memberName(m store.Member) string { return escalation.Name(m) }

func coachNames(t escalation.Target) string { return strings.Join(t.Names(), ", ") }

// offerShare ends a red reply with the consent question when the member's
// club has a coach (or shares at once under /settings share always).
func (r *Router) offerShare(ctx context.Context, req *Request, p store.Pain, resp *platforms.Response) {
	offer, err := r.escalation.OfferFor(ctx, req.memberDoc(), p)
	if err != nil {
		r.log.Warn("find coaches to offer a share", "member", req.MemberID, "err", err)
		return
	}
	if len(offer.Targets) == 0 {
		return
	}
	if offer.Auto {
		var text string
		sent, err := r.escalation.Share(ctx, r.consent(ctx, req, escalation.Yes, false), p, offer.Targets[0])
		if err != nil {
			r.log.Error("share a report automatically", "member", req.MemberID, "err", err)
			text = "⚠️ I couldn't share this with your coach just now. Send /share yes to try again."
		} else {
			text = r.sharedText(ctx, req, p, sent)
		}
		resp.Text += "\n\n" + text
		return
	}
	q, bs := shareQuestion(p, offer.Targets)
	resp.Text += "\n\n" + q
	resp.Buttons = append(resp.Buttons, bs...)
}

// shareQuestion asks for consent; the buttons name the report (and the
// club when there is a choice), well inside Telegram's 64-byte limit.
func shareQuestion(p store.Pain, targets []escalation.Target) (string, []platforms.Button) {
	no := platforms.Button{Label: "No, keep it private", Command: "/share no " + p.ID}
	what := "They'd see the date, score, place and red flags"
	if p.Notes != "" && p.Source != "checkin" {
		what += " — not your own words, unless you send /share yes with notes"
	}
	what += ". Nothing goes to them unless you say yes. A coach can help you plan around it, but isn't a substitute for getting it checked."
	if len(targets) == 1 {
		q := fmt.Sprintf("🤝 Share this with your club's coach (%s)? %s", coachNames(targets[0]), what)
		return q, []platforms.Button{{Label: "Yes, share it", Command: "/share yes " + p.ID}, no}
	}
	q := fmt.Sprintf("🤝 Share this with your club's coach? You're in %d clubs with coaches: pick one, or keep it private. %s", len(targets), what)
	var bs []platforms.Button
	for _, t := range targets {
		bs = append(bs, platforms.Button{Label: "Share with " + truncate(coachNames(t), 40), Command: "/share yes " + p.ID + " " + t.Local()})
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
	var said escalation.Answer
	switch answer {
	case "":
		said = escalation.Unanswered
	case "yes", "y", "ok", "sure":
		said = escalation.Yes
	case "no", "n", "nope":
		said = escalation.No
	default:
		return platforms.Response{}, usageError(c, fmt.Sprintf("Answer yes or no, not %q.", truncate(answer, 20)))
	}
	in := r.consent(ctx, req, said, notes)
	in.Report, in.Club = id, clubRef
	out, err := r.escalation.Decide(ctx, in)
	if errors.Is(err, escalation.ErrNoRedReport) {
		if id != "" {
			return platforms.Response{}, Userf("I can't find a 🔴 report %s from the last 7 days. Only red-flag reports can be shared with a coach.", id)
		}
		return platforms.Response{}, Userf("There's nothing to share: you have no 🔴 report from the last 7 days. Only red-flag reports can go to a coach, and only when you say so.")
	}
	if err != nil {
		return platforms.Response{}, err
	}
	p := out.Report
	switch out.Step {
	case escalation.KeptPrivate:
		return platforms.Response{Text: "👍 Kept private: nothing goes to your coach. " + clinicianLine(p)}, nil
	case escalation.NoCoach:
		return platforms.Response{}, Userf("Your club has no coach with me yet, so there's no one to share it with (a club admin can add one with /club coach invite). %s", clinicianLine(p))
	case escalation.NotTheirClub:
		return platforms.Response{}, Userf("That isn't one of your clubs with a coach. Send /share to pick one.")
	case escalation.Asked:
		q, bs := shareQuestion(p, out.Targets)
		return platforms.Response{Text: q, Buttons: bs}, nil
	}
	return platforms.Response{Text: r.sharedText(ctx, req, p, out.Sent), Public: "🔒 Done — details sent privately."}, nil
}

// consent is the runner's answer as the escalation service takes it, with
// the words each coach receives.
func (r *Router) consent(ctx context.Context, req *Request, said escalation.Answer, notes bool) escalation.Consent {
	return escalation.Consent{
		Runner: req.memberDoc(), Name: req.DisplayName, Answer: said, WithNotes: notes, Now: req.Now,
		Letter: func(sh store.Share) escalation.Letter {
			return escalation.Letter{
				Text:    coachMessage(sh, r.location(ctx, req)),
				Buttons: []platforms.Button{{Label: "Mark followed up", Command: "/coach done " + sh.ID}},
				Pointer: "🔴 A runner in your club shared a red-flag report with you. /coach reports shows it.",
			}
		},
	}
}

// sharedText is the runner's confirmation of a share; the runner as saved
// with it becomes the request's member.
func (r *Router) sharedText(ctx context.Context, req *Request, p store.Pain, sent escalation.Sent) string {
	if sent.Again {
		l := sent.Before
		return fmt.Sprintf("You already shared this report (%s) with %s on %s. %s",
			p.ID, strings.Join(l.To, ", "), l.At.In(r.location(ctx, req)).Format("Mon 2 Jan"), clinicianLine(p))
	}
	if sent.Runner.ID != "" {
		req.Member = sent.Runner
	}
	names := func(ms []store.Member) string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = memberName(m)
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	b.WriteString("✅ ")
	if len(sent.Reached) > 0 {
		fmt.Fprintf(&b, "Shared with your club's coach: %s received it. ", names(sent.Reached))
	} else {
		b.WriteString("Shared with your club's coach. ")
	}
	if len(sent.Later) > 0 {
		fmt.Fprintf(&b, "%s will see it in their coach reports next time they check in with me. ", names(sent.Later))
	}
	b.WriteString("They see the date, score, place and red flags")
	if sent.Share.Notes != "" {
		b.WriteString(", and your notes")
	}
	b.WriteString(" — nothing else. " + clinicianLine(p))
	return b.String()
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

// shareSetting parses /settings share ask|always|never.
func shareSetting(val string) (choice, said string, err error) {
	switch strings.ToLower(val) {
	case "ask", "default":
		return escalation.Ask, "ask before sharing red reports with your club's coach", nil
	case "always", "yes", "on":
		return escalation.Always, "share red reports with your club's coach at once", nil
	case "never", "no", "off":
		return escalation.Never, "never share red reports with a coach", nil
	}
	return "", "", Userf("Sharing can be ask, always or never, e.g. /settings share ask.")
}

func describeShare(choice string) string {
	switch choice {
	case escalation.Always:
		return "shared at once (/settings share ask to be asked)"
	case escalation.Never:
		return "never shared (/settings share ask to be asked)"
	}
	return "I ask you each time"
}
