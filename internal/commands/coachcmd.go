package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/escalation"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func (r *Router) coachCommands() []*Command {
	return []*Command{{
		Name:    "coach",
		Summary: "Club coaches: join, see shared reports",
		Usage:   "/coach join|reports|done|leave",
		Help: `Club coaches see the red-flag reports that runners choose to share with them — nothing else.
  /coach join ABCD-EFGH — become a coach of a club, with the one-time code its admin got from /club coach invite (send it to me privately)
  /coach reports — the reports shared with you in the last 30 days
  /coach done s3 — mark one followed up (the runner is told you've seen it)
  /coach leave — stop being a coach
Shared copies are deleted after 90 days, or as soon as the runner leaves the club or asks me to forget them.`,
		Subs: []Sub{
			{Name: "join", Description: "Become a coach of a club with an invite code", Options: []Option{{Name: "code", Description: "The one-time code from your club admin", Type: String, Required: true}}},
			{Name: "reports", Description: "Reports runners shared with you (last 30 days)"},
			{Name: "done", Description: "Mark a shared report followed up", Options: []Option{{Name: "id", Description: "The share id, e.g. s3", Type: String, Required: true}}},
			{Name: "leave", Description: "Stop being a club coach"},
		},
		Private: true,
		Handler: r.coach,
	}}
}

func (r *Router) coach(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("coach")
	fields := strings.Fields(req.Args)
	if len(fields) == 0 {
		return platforms.Response{}, usageError(c, "What would you like to do?")
	}
	sub, args := strings.ToLower(fields[0]), fields[1:]
	switch sub {
	case "join":
		return r.coachJoin(ctx, req, strings.Join(args, ""))
	case "reports", "report", "list":
		return r.coachReports(ctx, req)
	case "done", "seen":
		if len(args) != 1 {
			return platforms.Response{}, usageError(c, "Which shared report? e.g. /coach done s3")
		}
		return r.coachDone(ctx, req, args[0])
	case "leave", "stop":
		return r.coachLeave(ctx, req)
	}
	return platforms.Response{}, usageError(c, fmt.Sprintf("I don't know /coach %s.", truncate(sub, 20)))
}

func (r *Router) coachJoin(ctx context.Context, req *Request, code string) (platforms.Response, error) {
	c, _ := r.Lookup("coach")
	if code == "" {
		return platforms.Response{}, usageError(c, "/coach join needs the code your club admin gave you.")
	}
	cl, err := r.escalation.Join(ctx, escalation.Joining{Member: req.MemberID, Platform: req.Platform, DM: req.DM, Code: code})
	var wrong *escalation.WrongPlatformError
	switch {
	case errors.Is(err, escalation.ErrCodeExposed):
		return platforms.Response{}, Userf("🔒 Please send /coach join to me in a private chat. A code posted in a group isn't secret any more, so it no longer works: ask your club admin for a new one (/club coach invite).")
	case errors.Is(err, escalation.ErrBadCode):
		return platforms.Response{}, Userf("That code doesn't work: it may be mistyped, already used, or older than 24 hours. Ask your club admin for a fresh one (/club coach invite).")
	case errors.As(err, &wrong):
		return platforms.Response{}, Userf("That code is for a club on %s: send it to me there.", wrong.Platform)
	case err != nil:
		return platforms.Response{}, err
	}
	return platforms.Response{
		Text: fmt.Sprintf("✅ You're now a coach of %s. When a runner there has a red-flag report and chooses to share it with you, I'll send it to you here: who, when, the score, the place and the red flags. "+
			"You never see anything they didn't share. /coach reports lists the last 30 days; /coach leave stops it.", clubLabel(cl)),
		Public: "🔒 I've answered you privately.",
	}, nil
}

func clubLabel(cl store.Club) string {
	if cl.Name != "" {
		return cl.Name
	}
	return "your club"
}

var errNotCoach = Userf("You're not a coach of any club with me. A club admin can invite you with /club coach invite.")

// coachErr words the service's refusal for someone who coaches no club.
func coachErr(err error) error {
	if errors.Is(err, escalation.ErrNotCoach) {
		return errNotCoach
	}
	return err
}

func (r *Router) coachReports(ctx context.Context, req *Request) (platforms.Response, error) {
	shares, err := r.escalation.Reports(ctx, req.memberDoc(), req.Now)
	if err != nil {
		return platforms.Response{}, coachErr(err)
	}
	if len(shares) == 0 {
		return platforms.Response{Text: "No reports were shared with you in the last 30 days.", Public: "🔒 I've answered you privately."}, nil
	}
	loc := r.location(ctx, req)
	var b strings.Builder
	b.WriteString("🔴 Reports shared with you in the last 30 days (oldest first):\n")
	for _, sh := range shares {
		flags := make([]string, 0, len(sh.Flags))
		for _, f := range sh.Flags {
			flags = append(flags, coach.Flag(f).Plain())
		}
		fmt.Fprintf(&b, "\n%s · %s · %s: %d/10, %s", sh.ID, sh.ReportAt.In(loc).Format("Mon 2 Jan"), sh.Name, sh.Score, sh.Where)
		if len(flags) > 0 {
			fmt.Fprintf(&b, "; %s", strings.Join(flags, ", "))
		}
		if sh.Notes != "" {
			fmt.Fprintf(&b, "\n   In their words: %q", sh.Notes)
		}
		fmt.Fprintf(&b, "\n   Reach them: %s", sh.Contact)
		if sh.Done.IsZero() {
			fmt.Fprintf(&b, "\n   Not followed up yet: /coach done %s", sh.ID)
		} else {
			fmt.Fprintf(&b, "\n   ✅ Followed up %s", sh.Done.In(loc).Format("Mon 2 Jan"))
		}
		b.WriteString("\n")
	}
	return platforms.Response{Text: strings.TrimRight(b.String(), "\n"), Public: "🔒 I've answered you privately."}, nil
}

func (r *Router) coachDone(ctx context.Context, req *Request, id string) (platforms.Response, error) {
	f, err := r.escalation.FollowUp(ctx, req.memberDoc(), id, req.Now)
	switch {
	case errors.Is(err, escalation.ErrNoShare):
		return platforms.Response{}, Userf("I can't find a report %s shared with you. /coach reports lists them.", truncate(id, 20))
	case errors.Is(err, escalation.ErrShareGone):
		return platforms.Response{}, Userf("That report is no longer shared (the runner withdrew it, or it is over 90 days old).")
	case err != nil:
		return platforms.Response{}, coachErr(err)
	}
	loc := r.location(ctx, req)
	sh := f.Share
	if f.Already {
		return platforms.Response{Text: fmt.Sprintf("%s was already marked followed up on %s.", sh.ID, sh.Done.In(loc).Format("Mon 2 Jan"))}, nil
	}
	coachName := req.DisplayName
	if coachName == "" {
		coachName = req.Member.Name
	}
	note := fmt.Sprintf("👀 Your coach has seen it: %s followed up on the report you shared (%s, from %s). Keep getting it checked by a physio or doctor as advised.",
		coachName, sh.Report, sh.ReportAt.In(loc).Format("Mon 2 Jan"))
	text := fmt.Sprintf("✅ Marked %s followed up.", sh.ID)
	if r.escalation.TellRunner(ctx, f, note, req.Now) {
		text += fmt.Sprintf(" I've told %s.", sh.Name)
	}
	return platforms.Response{Text: text, Public: "🔒 I've answered you privately."}, nil
}

func (r *Router) coachLeave(ctx context.Context, req *Request) (platforms.Response, error) {
	if err := r.escalation.StepDown(ctx, req.memberDoc(), req.ClubID); err != nil {
		return platforms.Response{}, coachErr(err)
	}
	return platforms.Response{Text: "👋 You're no longer a club coach: shared reports won't come to you any more, and /coach reports is closed to you.", Public: "🔒 I've answered you privately."}, nil
}

// ---- /club coach …, /club leave, /club remove ----

// clubMemberSubs are the /club subcommands about who is in the club.
func clubMemberSubs() []Sub {
	return []Sub{
		{Name: "coach", Description: "Club coaches: invite one, list them, or remove one", Admin: true, Options: []Option{
			{Name: "action", Description: "invite, list or remove", Type: String, Required: true, Choices: []string{"invite", "list", "remove"}},
			{Name: "name", Description: "The coach to remove", Type: String},
		}},
		{Name: "remove", Description: "Remove a member from the club", Admin: true, Options: []Option{
			{Name: "name", Description: "The member's name", Type: String, Required: true},
		}},
		{Name: "leave", Description: "Leave the club (your shared reports are deleted)"},
	}
}

// clubMember handles the subcommands of clubMemberSubs; ok is false for
// any other.
func (r *Router) clubMember(ctx context.Context, req *Request, sub string, args []string) (platforms.Response, bool, error) {
	switch sub {
	case "coach", "coaches", "leave", "remove":
	default:
		return platforms.Response{}, false, nil
	}
	clubID, err := r.clubOf(req)
	if err != nil {
		return platforms.Response{}, true, err
	}
	if sub == "leave" {
		resp, err := r.clubLeave(ctx, req, clubID)
		return resp, true, err
	}
	if !req.Admin {
		return platforms.Response{}, true, Userf("Only club admins can do that.")
	}
	c, _ := r.Lookup("club")
	if sub == "remove" {
		if len(args) == 0 {
			return platforms.Response{}, true, usageError(c, "Who should I remove? e.g. /club remove Sam")
		}
		resp, err := r.clubRemove(ctx, req, clubID, strings.Join(args, " "))
		return resp, true, err
	}
	action := ""
	if len(args) > 0 {
		action, args = strings.ToLower(args[0]), args[1:]
	}
	var resp platforms.Response
	switch action {
	case "invite":
		resp, err = r.clubCoachInvite(ctx, req, clubID)
	case "list", "":
		resp, err = r.clubCoachList(ctx, clubID)
	case "remove":
		if len(args) == 0 {
			return platforms.Response{}, true, usageError(c, "Which coach? e.g. /club coach remove Ann")
		}
		resp, err = r.clubCoachRemove(ctx, clubID, strings.Join(args, " "))
	default:
		return platforms.Response{}, true, usageError(c, "Use /club coach invite, /club coach list or /club coach remove <name>.")
	}
	return resp, true, err
}

func (r *Router) clubCoachInvite(ctx context.Context, req *Request, clubID ids.ClubID) (platforms.Response, error) {
	inv, err := r.escalation.Invite(ctx, clubID, req.Now)
	if err != nil {
		return platforms.Response{}, err
	}
	loc := r.location(ctx, req)
	where := "in a private chat"
	if req.Platform == platforms.Discord {
		where = "(it stays between you and me on Discord)"
	}
	return platforms.Response{
		Text: fmt.Sprintf("🎟️ A one-time coach invite for this club:\n/coach join %s\n\nIt works once, until %s (24 hours). Give it to your coach privately; they send it to me %s. "+
			"Coaches only ever see the red-flag reports a runner chooses to share with them.", inv.Code, inv.Expires.In(loc).Format("Mon 2 Jan 15:04 MST"), where),
		Private: true,
		Public:  "🔒 I've sent you the coach invite privately.",
	}, nil
}

func (r *Router) clubCoachList(ctx context.Context, clubID ids.ClubID) (platforms.Response, error) {
	people, err := r.escalation.Coaches(ctx, clubID)
	if err != nil {
		return platforms.Response{}, err
	}
	if len(people) == 0 {
		return platforms.Response{Text: "The club has no coach yet. /club coach invite gives you a one-time code for one."}, nil
	}
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = memberName(p)
	}
	return platforms.Response{Text: "The club's coaches: " + strings.Join(names, ", ") + ". They see only the red-flag reports runners choose to share. /club coach remove <name> ends a coach's access."}, nil
}

// nameErr words the service's refusal of a name that picks no one, or
// several people.
func nameErr(err error) error {
	var ne *escalation.NameError
	if !errors.As(err, &ne) {
		return err
	}
	if len(ne.Matches) == 0 {
		return Userf("I can't find %q here.", truncate(ne.Who, 40))
	}
	return Userf("Several people are called %q; use their id instead: %s.", truncate(ne.Who, 40), strings.Join(ne.Matches, ", "))
}

func (r *Router) clubCoachRemove(ctx context.Context, clubID ids.ClubID, who string) (platforms.Response, error) {
	p, err := r.escalation.RemoveCoach(ctx, clubID, who)
	if err != nil {
		return platforms.Response{}, nameErr(err)
	}
	return platforms.Response{Text: fmt.Sprintf("✅ %s is no longer a coach of this club: shared reports won't reach them, and they can't see earlier ones.", memberName(p))}, nil
}

func (r *Router) clubLeave(ctx context.Context, req *Request, clubID ids.ClubID) (platforms.Response, error) {
	n, err := r.escalation.Leave(ctx, clubID, req.MemberID)
	if err != nil {
		return platforms.Response{}, err
	}
	text := "👋 You've left the club."
	if n > 0 {
		text += fmt.Sprintf(" The %d report(s) you shared with its coaches are deleted.", n)
	}
	text += " Writing in the club's chat again makes you a member again."
	return platforms.Response{Text: text, Private: true, Public: "👋 Done — details sent privately."}, nil
}

func (r *Router) clubRemove(ctx context.Context, req *Request, clubID ids.ClubID, who string) (platforms.Response, error) {
	p, err := r.escalation.RemoveMember(ctx, clubID, who)
	if err != nil {
		return platforms.Response{}, nameErr(err)
	}
	return platforms.Response{Text: fmt.Sprintf("✅ Removed %s from the club; anything they shared with its coaches is deleted. (If they write in the club's chat again, they're back in.)", memberName(p))}, nil
}
