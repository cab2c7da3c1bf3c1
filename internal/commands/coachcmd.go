package commands

import (
	"context"
	"crypto/rand"
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

const (
	// inviteTTL is how long a coach invite code works.
	inviteTTL = 24 * time.Hour
	// coachReportsWindow is how far back /coach reports looks.
	coachReportsWindow = 30 * 24 * time.Hour
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
	if !req.DM && req.Platform != platforms.Discord {
		// The whole group saw the code: it is no longer a secret.
		if _, err := r.st.TakeInvite(ctx, code); err != nil && !errors.Is(err, store.ErrNotFound) {
			return platforms.Response{}, fmt.Errorf("cancel invite: %w", err)
		}
		return platforms.Response{}, Userf("🔒 Please send /coach join to me in a private chat. A code posted in a group isn't secret any more, so it no longer works: ask your club admin for a new one (/club coach invite).")
	}
	inv, err := r.st.TakeInvite(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, Userf("That code doesn't work: it may be mistyped, already used, or older than 24 hours. Ask your club admin for a fresh one (/club coach invite).")
	}
	if err != nil {
		return platforms.Response{}, fmt.Errorf("take invite: %w", err)
	}
	if p := inv.Club.Platform(); p != req.Platform {
		// Not this platform's club: put the code back for the right account.
		if err := r.st.AddInvite(ctx, inv); err != nil {
			r.log.Warn("restore an invite", "club", inv.Club, "err", err)
		}
		return platforms.Response{}, Userf("That code is for a club on %s: send it to me there.", p)
	}
	cl, err := r.st.UpdateClub(ctx, inv.Club, func(cl *store.Club) error {
		if !slices.Contains(cl.Coaches, req.MemberID) {
			cl.Coaches = append(cl.Coaches, req.MemberID)
		}
		if !slices.Contains(cl.Members, req.MemberID) {
			cl.Members = append(cl.Members, req.MemberID)
		}
		return nil
	})
	if err != nil {
		return platforms.Response{}, fmt.Errorf("add coach to %s: %w", inv.Club, err)
	}
	if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		if !slices.Contains(m.Clubs, inv.Club) {
			m.Clubs = append(m.Clubs, inv.Club)
		}
		return nil
	}); err != nil {
		return platforms.Response{}, err
	}
	r.log.Info("coach joined", "club", inv.Club, "member", req.MemberID)
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

// coachClubs are the clubs among the member's where they are a coach.
func (r *Router) coachClubs(ctx context.Context, req *Request) ([]store.Club, error) {
	var out []store.Club
	for _, id := range req.Member.Clubs {
		cl, err := r.st.Club(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load club %s: %w", id, err)
		}
		if slices.Contains(cl.Coaches, req.MemberID) {
			out = append(out, cl)
		}
	}
	return out, nil
}

var errNotCoach = Userf("You're not a coach of any club with me. A club admin can invite you with /club coach invite.")

// sharedWith lists the shares of the coach's clubs since since that went
// to this coach: a coach who joined later does not see earlier ones.
func (r *Router) sharedWith(ctx context.Context, req *Request, since time.Time) ([]store.Share, error) {
	clubs, err := r.coachClubs(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(clubs) == 0 {
		return nil, errNotCoach
	}
	var out []store.Share
	for _, cl := range clubs {
		shares, err := r.st.Shares(ctx, cl.ID, since)
		if err != nil {
			return nil, fmt.Errorf("load shares: %w", err)
		}
		for _, sh := range shares {
			if slices.Contains(sh.To, req.MemberID) {
				out = append(out, sh)
			}
		}
	}
	return out, nil
}

func (r *Router) coachReports(ctx context.Context, req *Request) (platforms.Response, error) {
	shares, err := r.sharedWith(ctx, req, req.Now.Add(-coachReportsWindow))
	if err != nil {
		return platforms.Response{}, err
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
	shares, err := r.sharedWith(ctx, req, time.Time{})
	if err != nil {
		return platforms.Response{}, err
	}
	i := slices.IndexFunc(shares, func(sh store.Share) bool { return strings.EqualFold(sh.ID, id) })
	if i < 0 {
		return platforms.Response{}, Userf("I can't find a report %s shared with you. /coach reports lists them.", truncate(id, 20))
	}
	loc := r.location(ctx, req)
	if !shares[i].Done.IsZero() {
		return platforms.Response{Text: fmt.Sprintf("%s was already marked followed up on %s.", shares[i].ID, shares[i].Done.In(loc).Format("Mon 2 Jan"))}, nil
	}
	sh, err := r.st.UpdateShare(ctx, shares[i].Club, shares[i].ID, func(sh *store.Share) error {
		if sh.Done.IsZero() {
			sh.Done, sh.DoneBy = req.Now.UTC(), req.MemberID
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, Userf("That report is no longer shared (the runner withdrew it, or it is over 90 days old).")
	}
	if err != nil {
		return platforms.Response{}, fmt.Errorf("mark share done: %w", err)
	}
	coachName := req.DisplayName
	if coachName == "" {
		coachName = req.Member.Name
	}
	// The runner's own history says it was seen; a runner forgotten
	// meanwhile is not written back.
	_, err = r.st.UpdateMember(ctx, sh.Member, func(m *store.Member) error {
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
		r.log.Warn("record a share as seen", "share", sh.ID, "err", err)
	}
	note := fmt.Sprintf("👀 Your coach has seen it: %s followed up on the report you shared (%s, from %s). Keep getting it checked by a physio or doctor as advised.",
		coachName, sh.Report, sh.ReportAt.In(loc).Format("Mon 2 Jan"))
	told := false
	if r.deps.DM != nil && !errors.Is(err, errGone) {
		switch derr := r.deps.DM.DM(ctx, sh.Member, note, nil); {
		case derr == nil:
			told = true
		case errors.Is(derr, platforms.ErrDMRefused):
			r.Undelivered(ctx, sh.Member, note, nil)
			told = true
		default:
			r.log.Warn("tell a runner their coach has seen a share", "share", sh.ID, "err", derr)
		}
	}
	text := fmt.Sprintf("✅ Marked %s followed up.", sh.ID)
	if told {
		text += fmt.Sprintf(" I've told %s.", sh.Name)
	}
	return platforms.Response{Text: text, Public: "🔒 I've answered you privately."}, nil
}

func (r *Router) coachLeave(ctx context.Context, req *Request) (platforms.Response, error) {
	clubs, err := r.coachClubs(ctx, req)
	if err != nil {
		return platforms.Response{}, err
	}
	if req.ClubID != "" {
		clubs = slices.DeleteFunc(clubs, func(cl store.Club) bool { return cl.ID != req.ClubID })
	}
	if len(clubs) == 0 {
		return platforms.Response{}, errNotCoach
	}
	for _, cl := range clubs {
		if err := r.dropCoach(ctx, cl.ID, req.MemberID); err != nil {
			return platforms.Response{}, err
		}
	}
	return platforms.Response{Text: "👋 You're no longer a club coach: shared reports won't come to you any more, and /coach reports is closed to you.", Public: "🔒 I've answered you privately."}, nil
}

func (r *Router) dropCoach(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) error {
	_, err := r.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		cl.Coaches = slices.DeleteFunc(cl.Coaches, func(id ids.MemberID) bool { return id == memberID })
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove coach from %s: %w", clubID, err)
	}
	return nil
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

func (r *Router) clubCoachInvite(ctx context.Context, req *Request, clubID ids.ClubID) (platforms.Response, error) {
	inv := store.Invite{Club: clubID, Expires: req.Now.Add(inviteTTL)}
	var err error
	for range 3 { // a clash with a live code is astronomically rare; draw again
		inv.Code = newInviteCode()
		if err = r.st.AddInvite(ctx, inv); err == nil {
			break
		}
	}
	if err != nil {
		return platforms.Response{}, fmt.Errorf("store invite: %w", err)
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

// clubPeople loads the members named by memberIDs (an unknown id keeps a
// bare record).
func (r *Router) clubPeople(ctx context.Context, memberIDs []ids.MemberID) ([]store.Member, error) {
	out := make([]store.Member, 0, len(memberIDs))
	for _, id := range memberIDs {
		m, err := r.st.Member(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			m = store.Member{ID: id}
		} else if err != nil {
			return nil, fmt.Errorf("load member: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

func (r *Router) clubCoachList(ctx context.Context, clubID ids.ClubID) (platforms.Response, error) {
	cl, err := r.st.Club(ctx, clubID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, fmt.Errorf("load club %s: %w", clubID, err)
	}
	if len(cl.Coaches) == 0 {
		return platforms.Response{Text: "The club has no coach yet. /club coach invite gives you a one-time code for one."}, nil
	}
	people, err := r.clubPeople(ctx, cl.Coaches)
	if err != nil {
		return platforms.Response{}, err
	}
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = memberName(p)
	}
	return platforms.Response{Text: "The club's coaches: " + strings.Join(names, ", ") + ". They see only the red-flag reports runners choose to share. /club coach remove <name> ends a coach's access."}, nil
}

// findPerson picks the one member among people that who names (display
// name, case-insensitively, or member id).
func findPerson(people []store.Member, who string) (store.Member, error) {
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
		return store.Member{}, Userf("I can't find %q here.", truncate(who, 40))
	case 1:
		return hits[0], nil
	}
	locals := make([]string, len(hits))
	for i, h := range hits {
		_, locals[i], _ = platforms.SplitID(string(h.ID))
	}
	return store.Member{}, Userf("Several people are called %q; use their id instead: %s.", truncate(who, 40), strings.Join(locals, ", "))
}

func (r *Router) clubCoachRemove(ctx context.Context, clubID ids.ClubID, who string) (platforms.Response, error) {
	cl, err := r.st.Club(ctx, clubID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, fmt.Errorf("load club %s: %w", clubID, err)
	}
	people, err := r.clubPeople(ctx, cl.Coaches)
	if err != nil {
		return platforms.Response{}, err
	}
	p, err := findPerson(people, who)
	if err != nil {
		return platforms.Response{}, err
	}
	if err := r.dropCoach(ctx, clubID, p.ID); err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: fmt.Sprintf("✅ %s is no longer a coach of this club: shared reports won't reach them, and they can't see earlier ones.", memberName(p))}, nil
}

// leaveClub takes a member out of a club: its member and coach lists, the
// member's club list, and the reports they shared with its coaches.
func (r *Router) leaveClub(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error) {
	_, err := r.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		drop := func(id ids.MemberID) bool { return id == memberID }
		cl.Members = slices.DeleteFunc(cl.Members, drop)
		cl.Coaches = slices.DeleteFunc(cl.Coaches, drop)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("leave club %s: %w", clubID, err)
	}
	n, err := r.st.DeleteShares(ctx, clubID, memberID)
	if err != nil {
		return 0, fmt.Errorf("delete shares in %s: %w", clubID, err)
	}
	_, err = r.st.UpdateMember(ctx, memberID, func(m *store.Member) error {
		if m.Created.IsZero() {
			return errGone
		}
		m.Clubs = slices.DeleteFunc(m.Clubs, func(id ids.ClubID) bool { return id == clubID })
		return nil
	})
	if err != nil && !errors.Is(err, errGone) {
		return 0, fmt.Errorf("update member after leaving %s: %w", clubID, err)
	}
	return n, nil
}

func (r *Router) clubLeave(ctx context.Context, req *Request, clubID ids.ClubID) (platforms.Response, error) {
	n, err := r.leaveClub(ctx, clubID, req.MemberID)
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
	cl, err := r.st.Club(ctx, clubID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, fmt.Errorf("load club %s: %w", clubID, err)
	}
	people, err := r.clubPeople(ctx, cl.Members)
	if err != nil {
		return platforms.Response{}, err
	}
	p, err := findPerson(people, who)
	if err != nil {
		return platforms.Response{}, err
	}
	if _, err := r.leaveClub(ctx, clubID, p.ID); err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: fmt.Sprintf("✅ Removed %s from the club; anything they shared with its coaches is deleted. (If they write in the club's chat again, they're back in.)", memberName(p))}, nil
}
