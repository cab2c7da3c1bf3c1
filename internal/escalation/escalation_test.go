package escalation

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/clocktest"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The people of the scenarios: two Telegram clubs; Cora coaches A, Bea B;
// Rob runs in both.
const (
	clubA ids.ClubID   = "telegram:-500"
	clubB ids.ClubID   = "telegram:-600"
	cora  ids.MemberID = "telegram:50"
	rob   ids.MemberID = "telegram:52"
	bea   ids.MemberID = "telegram:53"
)

// outbox is the Messenger: it keeps what was sent and refuses members
// listed in refuse, as a platform would before /start.
type outbox struct {
	mu     sync.Mutex
	sent   map[ids.MemberID][]string
	refuse map[ids.MemberID]bool
	fail   bool // every send fails (the platform is down)
}

func (o *outbox) DM(_ context.Context, to ids.MemberID, text string, _ []platforms.Button) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case o.fail:
		return errors.New("platform down")
	case o.refuse[to]:
		return platforms.ErrDMRefused
	}
	o.sent[to] = append(o.sent[to], text)
	return nil
}

func (o *outbox) to(id ids.MemberID) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.sent[id])
}

type env struct {
	t     *testing.T
	ctx   context.Context
	st    store.Store
	svc   *Service
	clock *clocktest.Clock
	out   *outbox
	logs  *logtest.Buffer

	mu      sync.Mutex
	replans []ids.MemberID
}

// onEveryStore runs a scenario on the embedded store and on a real Redis.
func onEveryStore(t *testing.T, scenario func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			c := clocktest.New(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
			st := b.Open(t, c.Now)
			logs := &logtest.Buffer{}
			log := slog.New(slog.NewTextHandler(logs, nil))
			e := &env{t: t, ctx: context.Background(), st: st, clock: c, logs: logs,
				out: &outbox{sent: map[ids.MemberID][]string{}, refuse: map[ids.MemberID]bool{}}}
			e.svc = New(st, e.out, member.NewMailbox(st, log), func(_ context.Context, m store.Member) {
				e.mu.Lock()
				defer e.mu.Unlock()
				e.replans = append(e.replans, m.ID)
			}, log)
			scenario(t, e)
		})
	}
}

// person stores a member of clubs (and adds them to each club's list).
func (e *env) person(id ids.MemberID, name string, clubs ...ids.ClubID) store.Member {
	e.t.Helper()
	m, err := e.st.UpdateMember(e.ctx, id, func(m *store.Member) error {
		m.Created, m.Name, m.Clubs = e.clock.Now(), name, clubs
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, c := range clubs {
		if _, err := e.st.UpdateClub(e.ctx, c, func(cl *store.Club) error {
			cl.Members = append(cl.Members, id)
			return nil
		}); err != nil {
			e.t.Fatal(err)
		}
	}
	return m
}

func (e *env) member(id ids.MemberID) store.Member {
	e.t.Helper()
	m, err := e.st.Member(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) club(id ids.ClubID) store.Club {
	e.t.Helper()
	cl, err := e.st.Club(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return cl
}

// coachOf makes id a coach of club through an invite sent privately.
func (e *env) coachOf(id ids.MemberID, club ids.ClubID) {
	e.t.Helper()
	inv, err := e.svc.Invite(e.ctx, club, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.Join(e.ctx, Joining{Member: id, Platform: platforms.Telegram, DM: true, Code: inv.Code}); err != nil {
		e.t.Fatalf("join %s: %v", club, err)
	}
}

// red stores a red report of the runner's, from club's chat ("" from a
// private chat).
func (e *env) red(runner ids.MemberID, club ids.ClubID) store.Pain {
	e.t.Helper()
	p, err := e.st.AddPain(e.ctx, runner, store.Pain{At: e.clock.Now(), Score: 7, Where: "left knee", Notes: "it ballooned after the hills",
		Level: coach.Red.String(), Flags: []string{string(coach.FlagSwelling)}, Source: "report", Club: club})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) consent(runner ids.MemberID, a Answer) Consent {
	return Consent{Runner: e.member(runner), Answer: a, Now: e.clock.Now(), Letter: func(sh store.Share) Letter {
		return Letter{Text: "full " + sh.ID + " " + sh.Where, Pointer: "pointer"}
	}}
}

var codeRE = regexp.MustCompile(`^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$`)

func TestInviteWorksOnceForADayPrivately(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(cora, "Cora")
		inv, err := e.svc.Invite(e.ctx, clubA, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !codeRE.MatchString(inv.Code) || !inv.Expires.Equal(e.clock.Now().Add(InviteTTL)) {
			t.Fatalf("invite %+v: want an unambiguous XXXX-XXXX code for 24 hours", inv)
		}
		if strings.Contains(e.logs.String(), inv.Code) {
			t.Errorf("the log shows the secret code: %s", e.logs.String())
		}
		// On another platform it is refused and stays good.
		var wrong *WrongPlatformError
		if _, err := e.svc.Join(e.ctx, Joining{Member: "discord:9", Platform: platforms.Discord, DM: true, Code: inv.Code}); !errors.As(err, &wrong) || wrong.Platform != platforms.Telegram {
			t.Fatalf("join from Discord: %v, want the Telegram club named", err)
		}
		cl, err := e.svc.Join(e.ctx, Joining{Member: cora, Platform: platforms.Telegram, DM: true, Code: inv.Code})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(cl.Coaches, cora) || !slices.Contains(cl.Members, cora) || !slices.Contains(e.member(cora).Clubs, clubA) {
			t.Errorf("after joining: club %+v, member clubs %v", cl, e.member(cora).Clubs)
		}
		e.mu.Lock()
		replanned := slices.Contains(e.replans, cora)
		e.mu.Unlock()
		if !replanned {
			t.Error("a new club (a plan input) did not fire the re-plan event")
		}
		if _, err := e.svc.Join(e.ctx, Joining{Member: bea, Platform: platforms.Telegram, DM: true, Code: inv.Code}); !errors.Is(err, ErrBadCode) {
			t.Errorf("second use: %v, want ErrBadCode", err)
		}

		late, _ := e.svc.Invite(e.ctx, clubA, e.clock.Now())
		e.clock.Add(InviteTTL + time.Minute)
		if _, err := e.svc.Join(e.ctx, Joining{Member: bea, Platform: platforms.Telegram, DM: true, Code: late.Code}); !errors.Is(err, ErrBadCode) {
			t.Errorf("after 24 hours: %v, want ErrBadCode", err)
		}
	})
}

func TestCodeSeenInAGroupIsCancelled(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		inv, _ := e.svc.Invite(e.ctx, clubA, e.clock.Now())
		if _, err := e.svc.Join(e.ctx, Joining{Member: bea, Platform: platforms.Telegram, Code: inv.Code}); !errors.Is(err, ErrCodeExposed) {
			t.Fatalf("join in a group: %v, want ErrCodeExposed", err)
		}
		if _, err := e.svc.Join(e.ctx, Joining{Member: cora, Platform: platforms.Telegram, DM: true, Code: inv.Code}); !errors.Is(err, ErrBadCode) {
			t.Errorf("the code still works after the group saw it: %v", err)
		}
		if cl, err := e.st.Club(e.ctx, clubA); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a code sent in a group changed the club: %+v, %v", cl, err)
		}
		// A Discord slash command's options are seen by the bot alone.
		dinv, _ := e.svc.Invite(e.ctx, "discord:77", e.clock.Now())
		if _, err := e.svc.Join(e.ctx, Joining{Member: "discord:5", Platform: platforms.Discord, Code: dinv.Code}); err != nil {
			t.Errorf("a Discord slash command in a server: %v", err)
		}
	})
}

func TestOfferOnlyForRedReportsWithACoach(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA, clubB)
		p := e.red(rob, clubA)
		if o, err := e.svc.OfferFor(e.ctx, e.member(rob), p); err != nil || len(o.Targets) != 0 {
			t.Fatalf("no coach yet: %+v, %v", o, err)
		}
		e.person(cora, "Cora", clubA)
		e.coachOf(cora, clubA)
		e.person(bea, "Bea", clubB)
		e.coachOf(bea, clubB)

		amber := p
		amber.Level = coach.Amber.String()
		if o, _ := e.svc.OfferFor(e.ctx, e.member(rob), amber); len(o.Targets) != 0 {
			t.Errorf("an amber report is offered: %+v", o)
		}
		o, err := e.svc.OfferFor(e.ctx, e.member(rob), p)
		if err != nil || len(o.Targets) != 1 || o.Targets[0].Club.ID != clubA || o.Auto {
			t.Fatalf("a report from club A's chat: %+v, %v; want club A only, asked", o, err)
		}
		if got := o.Targets[0].Names(); len(got) != 1 || got[0] != platforms.MemberText("Cora") {
			t.Errorf("coach names %q", got)
		}
		private := e.red(rob, "")
		if o, _ := e.svc.OfferFor(e.ctx, e.member(rob), private); len(o.Targets) != 2 {
			t.Errorf("a report from a private chat: %d clubs offered, want both", len(o.Targets))
		}

		m := e.member(rob)
		m.Share = Never
		if o, _ := e.svc.OfferFor(e.ctx, m, p); len(o.Targets) != 0 {
			t.Errorf("share never still offers: %+v", o)
		}
		m.Share = Always
		if o, _ := e.svc.OfferFor(e.ctx, m, p); !o.Auto {
			t.Errorf("share always with one club: %+v, want Auto", o)
		}
		if o, _ := e.svc.OfferFor(e.ctx, m, private); o.Auto {
			t.Error("share always with two clubs shares without asking which")
		}

		// Once shared with club A, the report is not asked about again.
		if _, err := e.svc.Share(e.ctx, e.consent(rob, Yes), p, o.Targets[0]); err != nil {
			t.Fatal(err)
		}
		if o, _ := e.svc.OfferFor(e.ctx, e.member(rob), p); len(o.Targets) != 0 {
			t.Errorf("a shared report is offered again: %+v", o)
		}
	})
}

func TestConsentDecidesWhatGoesWhere(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA, clubB)
		if _, err := e.svc.Decide(e.ctx, e.consent(rob, Yes)); !errors.Is(err, ErrNoRedReport) {
			t.Fatalf("no red report: %v", err)
		}
		p := e.red(rob, "")
		if out, err := e.svc.Decide(e.ctx, e.consent(rob, Yes)); err != nil || out.Step != NoCoach || out.Report.ID != p.ID {
			t.Fatalf("no coach: %+v, %v", out, err)
		}
		e.person(cora, "Cora", clubA)
		e.coachOf(cora, clubA)
		e.person(bea, "Bea", clubB)
		e.coachOf(bea, clubB)

		if out, _ := e.svc.Decide(e.ctx, e.consent(rob, No)); out.Step != KeptPrivate {
			t.Errorf("no: %+v", out)
		}
		if out, _ := e.svc.Decide(e.ctx, e.consent(rob, Yes)); out.Step != Asked || len(out.Targets) != 2 {
			t.Errorf("yes with two clubs: %+v, want asked which", out)
		}
		c := e.consent(rob, Yes)
		c.Club = "-999"
		if out, _ := e.svc.Decide(e.ctx, c); out.Step != NotTheirClub {
			t.Errorf("a club not theirs: %+v", out)
		}
		if got := e.out.to(cora); len(got) != 0 {
			t.Fatalf("a coach heard before a yes for their club: %q", got)
		}

		c = e.consent(rob, Yes)
		c.Club, c.Report, c.Name = "-500", strings.ToUpper(p.ID), "Robbie"
		out, err := e.svc.Decide(e.ctx, c)
		if err != nil || out.Step != Shared {
			t.Fatalf("yes for club A: %+v, %v", out, err)
		}
		sh := out.Sent.Share
		if sh.Club != clubA || !slices.Equal(sh.To, []ids.MemberID{cora}) || sh.Score != 7 || sh.Where != "left knee" ||
			!slices.Equal(sh.Flags, []string{string(coach.FlagSwelling)}) || sh.Notes != "" || sh.Name != "Robbie" ||
			sh.Contact != "Robbie on Telegram — tg://user?id=52" {
			t.Errorf("the copy for the coaches: %+v", sh)
		}
		if got := e.out.to(cora); len(got) != 1 || got[0] != "full "+sh.ID+" left knee" {
			t.Errorf("Cora got %q", got)
		}
		if len(e.out.to(bea)) != 0 {
			t.Error("club B's coach heard of a share with club A")
		}
		if len(out.Sent.Reached) != 1 || out.Sent.Reached[0].ID != cora || len(out.Sent.Later) != 0 {
			t.Errorf("reached %v, later %v", out.Sent.Reached, out.Sent.Later)
		}
		log := e.member(rob).Shared
		if len(log) != 1 || log[0].ID != sh.ID || log[0].Report != p.ID || log[0].Club != clubA || log[0].Notes ||
			!slices.Equal(log[0].To, []string{platforms.MemberText("Cora")}) {
			t.Errorf("the runner's own record: %+v", log)
		}
		if strings.Contains(e.logs.String(), "knee") || strings.Contains(e.logs.String(), "ballooned") {
			t.Errorf("health details in the log: %s", e.logs.String())
		}

		// Asked again about the same club: nothing new goes out.
		c.Runner = e.member(rob)
		again, err := e.svc.Decide(e.ctx, c)
		if err != nil || !again.Sent.Again || again.Sent.Before.ID != sh.ID || len(e.out.to(cora)) != 1 {
			t.Errorf("shared twice: %+v, %v", again, err)
		}

		// With notes, to club B: the runner's own words go too.
		c = e.consent(rob, Yes)
		c.Club, c.WithNotes = string(clubB), true
		out, err = e.svc.Decide(e.ctx, c)
		if err != nil || out.Sent.Share.Notes != p.Notes || !e.member(rob).Shared[1].Notes {
			t.Errorf("with notes: %+v, %v", out.Sent.Share, err)
		}
	})
}

func TestUnreachableCoachGetsAPointerWithoutDetails(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA)
		e.person(cora, "Cora", clubA)
		e.coachOf(cora, clubA)
		p := e.red(rob, clubA)
		e.out.refuse[cora] = true
		tg, _ := e.svc.Targets(e.ctx, e.member(rob), p)
		sent, err := e.svc.Share(e.ctx, e.consent(rob, Yes), p, tg[0])
		if err != nil || len(sent.Later) != 1 || len(sent.Reached) != 0 {
			t.Fatalf("refused DM: %+v, %v", sent, err)
		}
		kept, err := e.st.PeekKept(e.ctx, cora, e.clock.Now())
		if err != nil || len(kept) != 1 || kept[0].Text != "pointer" {
			t.Fatalf("kept for Cora: %+v, %v; want the pointer only", kept, err)
		}
		if !e.member(cora).SendsPaused {
			t.Error("Cora's sends were not paused")
		}

		// A platform that fails (not a refusal) keeps nothing; she sees it
		// in her reports.
		e.out.mu.Lock()
		e.out.fail = true
		e.out.mu.Unlock()
		e.person(bea, "Bea", clubB)
		e.coachOf(bea, clubB)
		if _, err := e.st.UpdateMember(e.ctx, rob, func(m *store.Member) error { m.Clubs = append(m.Clubs, clubB); return nil }); err != nil {
			t.Fatal(err)
		}
		pb := e.red(rob, clubB)
		tg, _ = e.svc.Targets(e.ctx, e.member(rob), pb)
		if sent, err := e.svc.Share(e.ctx, e.consent(rob, Yes), pb, tg[0]); err != nil || len(sent.Later) != 1 {
			t.Fatalf("failing platform: %+v, %v", sent, err)
		}
		if kept, _ := e.st.PeekKept(e.ctx, bea, e.clock.Now()); len(kept) != 0 {
			t.Errorf("kept for Bea on a failed send: %+v", kept)
		}
		if rep, _ := e.svc.Reports(e.ctx, e.member(bea), e.clock.Now()); len(rep) != 1 {
			t.Errorf("Bea's reports: %d, want the share", len(rep))
		}
	})
}

func TestCoachSeesOnlyWhatWentToThem(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA)
		e.person(cora, "Cora", clubA)
		if _, err := e.svc.Reports(e.ctx, e.member(cora), e.clock.Now()); !errors.Is(err, ErrNotCoach) {
			t.Fatalf("not a coach yet: %v", err)
		}
		e.coachOf(cora, clubA)
		p := e.red(rob, clubA)
		tg, _ := e.svc.Targets(e.ctx, e.member(rob), p)
		first, err := e.svc.Share(e.ctx, e.consent(rob, Yes), p, tg[0])
		if err != nil {
			t.Fatal(err)
		}
		// Bea joins club A later: the earlier share was not for her.
		e.person(bea, "Bea", clubA)
		e.coachOf(bea, clubA)
		if rep, err := e.svc.Reports(e.ctx, e.member(bea), e.clock.Now()); err != nil || len(rep) != 0 {
			t.Errorf("a later coach sees %d earlier shares (%v)", len(rep), err)
		}
		if rep, _ := e.svc.Reports(e.ctx, e.member(cora), e.clock.Now()); len(rep) != 1 || rep[0].ID != first.Share.ID {
			t.Errorf("Cora's reports: %+v", rep)
		}
		if _, err := e.svc.FollowUp(e.ctx, e.member(bea), first.Share.ID, e.clock.Now()); !errors.Is(err, ErrNoShare) {
			t.Errorf("Bea follows up a share not hers: %v", err)
		}

		// Past the 30-day window it leaves the list but can still be
		// followed up.
		e.clock.Add(ReportsWindow + time.Hour)
		if rep, _ := e.svc.Reports(e.ctx, e.member(cora), e.clock.Now()); len(rep) != 0 {
			t.Errorf("a share older than 30 days is listed: %+v", rep)
		}
		f, err := e.svc.FollowUp(e.ctx, e.member(cora), strings.ToUpper(first.Share.ID), e.clock.Now())
		if err != nil || f.Already || f.Share.DoneBy != cora || !f.Share.Done.Equal(e.clock.Now()) {
			t.Fatalf("follow-up: %+v, %v", f, err)
		}
		if seen := e.member(rob).Shared[0].Seen; !seen.Equal(f.Share.Done) {
			t.Errorf("the runner's record says seen %v, want %v", seen, f.Share.Done)
		}
		if !e.svc.TellRunner(e.ctx, f, "seen", e.clock.Now()) || !slices.Equal(e.out.to(rob), []string{"seen"}) {
			t.Errorf("the runner was not told: %q", e.out.to(rob))
		}
		again, err := e.svc.FollowUp(e.ctx, e.member(cora), first.Share.ID, e.clock.Now().Add(time.Hour))
		if err != nil || !again.Already || !again.Share.Done.Equal(f.Share.Done) {
			t.Errorf("second follow-up: %+v, %v", again, err)
		}
		if e.svc.TellRunner(e.ctx, again, "seen", e.clock.Now()) {
			t.Error("the runner is told twice")
		}

		// Stepping down closes the reports.
		if err := e.svc.StepDown(e.ctx, e.member(cora), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Reports(e.ctx, e.member(cora), e.clock.Now()); !errors.Is(err, ErrNotCoach) {
			t.Errorf("after stepping down: %v", err)
		}
		if err := e.svc.StepDown(e.ctx, e.member(cora), ""); !errors.Is(err, ErrNotCoach) {
			t.Errorf("stepping down twice: %v", err)
		}
	})
}

func TestFollowUpOfAForgottenRunnerWritesNothingBack(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA)
		e.person(cora, "Cora", clubA)
		e.coachOf(cora, clubA)
		p := e.red(rob, clubA)
		tg, _ := e.svc.Targets(e.ctx, e.member(rob), p)
		sent, err := e.svc.Share(e.ctx, e.consent(rob, Yes), p, tg[0])
		if err != nil {
			t.Fatal(err)
		}
		// Gone from the runner's side only (as if forgotten between the
		// coach's read and write): the share is still stored.
		if err := e.st.Forget(e.ctx, rob); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.AddShare(e.ctx, sent.Share); err != nil {
			t.Fatal(err)
		}
		rep, _ := e.svc.Reports(e.ctx, e.member(cora), e.clock.Now())
		if len(rep) != 1 {
			t.Fatalf("Cora's reports: %+v", rep)
		}
		f, err := e.svc.FollowUp(e.ctx, e.member(cora), rep[0].ID, e.clock.Now())
		if err != nil || !f.RunnerGone {
			t.Fatalf("follow-up: %+v, %v", f, err)
		}
		if _, err := e.st.Member(e.ctx, rob); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the forgotten runner was written back: %v", err)
		}
		if e.svc.TellRunner(e.ctx, f, "seen", e.clock.Now()) || len(e.out.to(rob)) != 0 {
			t.Error("a forgotten runner was told")
		}
	})
}

func TestLeavingWithdrawsSharesAndRemovalFindsByName(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob", clubA)
		e.person(cora, "Cora", clubA)
		e.person("telegram:54", "Rob", clubA) // a second Rob
		e.coachOf(cora, clubA)
		p := e.red(rob, clubA)
		tg, _ := e.svc.Targets(e.ctx, e.member(rob), p)
		if _, err := e.svc.Share(e.ctx, e.consent(rob, Yes), p, tg[0]); err != nil {
			t.Fatal(err)
		}

		var ne *NameError
		if _, err := e.svc.RemoveMember(e.ctx, clubA, "rob"); !errors.As(err, &ne) || !slices.Equal(ne.Matches, []string{"52", "54"}) {
			t.Fatalf("two Robs: %v, want both ids offered", err)
		}
		if _, err := e.svc.RemoveMember(e.ctx, clubA, "Zed"); !errors.As(err, &ne) || len(ne.Matches) != 0 {
			t.Fatalf("no Zed: %v", err)
		}
		if _, err := e.svc.RemoveCoach(e.ctx, clubA, "Rob"); !errors.As(err, &ne) || len(ne.Matches) != 0 {
			t.Errorf("Rob is no coach: %v", err)
		}

		e.mu.Lock()
		e.replans = nil
		e.mu.Unlock()
		gone, err := e.svc.RemoveMember(e.ctx, clubA, "@52")
		if err != nil || gone.ID != rob {
			t.Fatalf("remove by id: %+v, %v", gone, err)
		}
		if sh, _ := e.st.Shares(e.ctx, clubA, time.Time{}); len(sh) != 0 {
			t.Errorf("shares left after the runner was removed: %+v", sh)
		}
		if cl := e.club(clubA); slices.Contains(cl.Members, rob) {
			t.Errorf("still a member: %v", cl.Members)
		}
		if m := e.member(rob); slices.Contains(m.Clubs, clubA) || len(m.Shared) != 1 {
			t.Errorf("the runner keeps the club %v or lost their own record %+v", m.Clubs, m.Shared)
		}
		e.mu.Lock()
		replanned := slices.Contains(e.replans, rob)
		e.mu.Unlock()
		if !replanned {
			t.Error("leaving a club (a plan input) did not fire the re-plan event")
		}

		removed, err := e.svc.RemoveCoach(e.ctx, clubA, "cora")
		if err != nil || removed.ID != cora {
			t.Fatalf("remove coach: %+v, %v", removed, err)
		}
		if cs, _ := e.svc.Coaches(e.ctx, clubA); len(cs) != 0 {
			t.Errorf("coaches left: %+v", cs)
		}
		if !slices.Contains(e.club(clubA).Members, cora) {
			t.Error("removing a coach took them out of the club")
		}
		// A member who was forgotten is not created by leaving.
		if n, err := e.svc.Leave(e.ctx, clubB, "telegram:99"); err != nil || n != 0 {
			t.Errorf("leave by a stranger: %d, %v", n, err)
		}
		if _, err := e.st.Member(e.ctx, "telegram:99"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("leaving created a member: %v", err)
		}
	})
}

func TestRedReportPicksTheNamedOrLatestRedOfAWeek(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.person(rob, "Rob")
		old := e.red(rob, "")
		e.clock.Add(time.Hour)
		if _, err := e.st.AddPain(e.ctx, rob, store.Pain{At: e.clock.Now(), Score: 3, Where: "calf", Level: coach.Green.String()}); err != nil {
			t.Fatal(err)
		}
		if p, ok, err := e.svc.RedReport(e.ctx, rob, "", e.clock.Now()); err != nil || !ok || p.ID != old.ID {
			t.Errorf("latest red: %+v %v %v; the green one must not count", p, ok, err)
		}
		e.clock.Add(ReportWindow)
		if _, ok, _ := e.svc.RedReport(e.ctx, rob, old.ID, e.clock.Now()); ok {
			t.Error("a red report over 7 days old can still be shared")
		}
	})
}
