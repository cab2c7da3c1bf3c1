package commands

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// The people of the escalation scenarios: two clubs on Telegram, each
// with its own coach; Ada administers both.
const (
	escClubA = "telegram:-500"
	escClubB = "telegram:-600"
	cora     = "telegram:50" // coach of club A
	ada      = "telegram:51" // admin
	rob      = "telegram:52" // runner
	bea      = "telegram:53" // coach of club B
)

var escNames = map[string]string{cora: "Cora", ada: "Ada", rob: "Rob", bea: "Bea"}

// sentDM is one message the router started through its Messenger.
type sentDM struct {
	to, text string
	buttons  []platforms.Button
}

// dmLog is the Messenger of the scenarios: it keeps what was sent and
// refuses members listed in refuse, as a platform would before /start.
type dmLog struct {
	mu     sync.Mutex
	sent   []sentDM
	refuse map[string]bool
}

func (d *dmLog) DM(_ context.Context, member platforms.MemberID, text string, buttons []platforms.Button) error {
	memberID := string(member)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.refuse[memberID] {
		return platforms.ErrDMRefused
	}
	d.sent = append(d.sent, sentDM{memberID, text, buttons})
	return nil
}

func (d *dmLog) to(memberID string) []sentDM {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []sentDM
	for _, m := range d.sent {
		if m.to == memberID {
			out = append(out, m)
		}
	}
	return out
}

type escEnv struct {
	t     *testing.T
	r     *Router
	st    store.Store
	clock *fakeClock
	dms   *dmLog
	logs  *logtest.Buffer
}

// escOnEveryStore runs an escalation scenario on the embedded store and on
// a real Redis.
func escOnEveryStore(t *testing.T, scenario func(t *testing.T, e *escEnv)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			st := b.Open(t, clock.Now)
			dms := &dmLog{refuse: map[string]bool{}}
			logs := &logtest.Buffer{}
			r := New(Deps{Store: st, Clock: clock.Now, DM: dms, Log: slog.New(slog.NewTextHandler(logs, nil))})
			scenario(t, &escEnv{t: t, r: r, st: st, clock: clock, dms: dms, logs: logs})
		})
	}
}

// in says where a message is sent: a club's group, or a private chat.
type in string

const private in = ""

func (e *escEnv) say(member string, where in, line string) platforms.Response {
	e.t.Helper()
	cmd, args, ok := Parse(line, "")
	if !ok {
		e.t.Fatalf("not a command: %q", line)
	}
	m := platforms.Message{
		Platform: platforms.Telegram, MemberID: platforms.MemberID(member), DisplayName: escNames[member],
		Command: cmd, Args: args, Admin: member == ada && where != private, DM: where == private,
		ClubID: platforms.ClubID(where), ChatID: platforms.ChatID(where),
	}
	if where == private {
		m.ChatID = platforms.ChatID(member)
	}
	e.clock.Add(5 * time.Second)
	return e.r.Handle(context.Background(), m)
}

var inviteRE = regexp.MustCompile(`/coach join ([A-Z0-9]{4}-[A-Z0-9]{4})`)

// invite has Ada ask for a coach invite in club and returns the code.
func (e *escEnv) invite(club in) string {
	e.t.Helper()
	resp := e.say(ada, club, "/club coach invite")
	m := inviteRE.FindStringSubmatch(resp.Text)
	if m == nil || !resp.Private || strings.Contains(resp.Public, m[1]) {
		e.t.Fatalf("/club coach invite answered %+v, want a code, privately", resp)
	}
	return m[1]
}

// coachOf makes member a coach of club through an invite.
func (e *escEnv) coachOf(member string, club in) {
	e.t.Helper()
	e.say(member, club, "/start") // seen in the group
	if got := e.say(member, private, "/coach join "+e.invite(club)).Text; !strings.Contains(got, "You're now a coach") {
		e.t.Fatalf("/coach join answered %q", got)
	}
}

func (e *escEnv) shares(club string) []store.Share {
	e.t.Helper()
	list, err := e.st.Shares(context.Background(), ids.ClubID(club), time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

func hasButton(resp platforms.Response, command string) bool {
	return slices.ContainsFunc(resp.Buttons, func(b platforms.Button) bool { return b.Command == command })
}

func TestCoachInviteAndJoin(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.say(rob, A, "/start")
		mustContain(t, e.say(rob, A, "/club coach invite").Text, "Only club admins")
		mustContain(t, e.say(cora, private, "/coach join ZZZZ-9999").Text, "doesn't work")

		// A code posted in the group is burnt.
		code := e.invite(A)
		mustContain(t, e.say(cora, A, "/coach join "+code).Text, "private chat")
		mustContain(t, e.say(cora, private, "/coach join "+code).Text, "doesn't work")

		// A fresh code works once, privately, typed loosely.
		code = e.invite(A)
		mustContain(t, e.say(cora, private, "/coach join "+strings.ToLower(code)).Text, "You're now a coach")
		mustContain(t, e.say(bea, private, "/coach join "+code).Text, "doesn't work")
		cl, err := e.st.Club(context.Background(), escClubA)
		if err != nil || !slices.Equal(cl.Coaches, []ids.MemberID{cora}) {
			t.Fatalf("club coaches = %v (err %v)", cl.Coaches, err)
		}
		mustContain(t, e.say(ada, A, "/club coach list").Text, "Cora")

		// Codes last 24 hours.
		code = e.invite(A)
		e.clock.Add(24*time.Hour + time.Minute)
		mustContain(t, e.say(bea, private, "/coach join "+code).Text, "doesn't work")
		if cl, _ := e.st.Club(context.Background(), escClubA); slices.Contains(cl.Coaches, bea) {
			t.Error("an expired code made a coach")
		}
	})
}

func TestRedReportAsksBeforeSharing(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		// No coach yet: no question, and /share says so.
		red := e.say(rob, A, "/pain 7 knee swollen after the parkrun with Jo")
		if strings.Contains(red.Text, "Share this") || hasButton(red, "/share yes p1") {
			t.Fatalf("asked to share with no coach:\n%s", red.Text)
		}
		mustContain(t, e.say(rob, private, "/share yes").Text, "no coach", "physio or doctor")

		e.coachOf(cora, A)
		red = e.say(rob, A, "/pain 7 knee swollen after the parkrun with Jo")
		mustContain(t, red.Text, "🔴", "Share this with your club's coach (Cora)?", "get it checked")
		if !red.Private || !hasButton(red, "/share yes p2") || !hasButton(red, "/share no p2") {
			t.Fatalf("red reply: private %v, buttons %+v", red.Private, red.Buttons)
		}
		for _, b := range red.Buttons {
			if len(b.Command) > 64 {
				t.Errorf("button data %q is over Telegram's 64 bytes", b.Command)
			}
		}
		if low := strings.ToLower(red.Public); strings.Contains(low, "knee") || strings.Contains(low, "share") {
			t.Errorf("group pointer says more than the level: %q", red.Public)
		}
		if len(e.dms.to(cora)) != 0 || len(e.shares(escClubA)) != 0 {
			t.Fatal("something reached the coach before the runner said yes")
		}

		// No: nothing goes.
		mustContain(t, e.say(rob, private, "/share no p2").Text, "Kept private", "physio or doctor")
		if len(e.dms.to(cora)) != 0 || len(e.shares(escClubA)) != 0 {
			t.Fatal("/share no sent something")
		}

		// Yes: the coach gets the facts, not the runner's words.
		got := e.say(rob, private, "/share yes p2").Text
		mustContain(t, got, "Cora received it", "not a substitute for seeing a clinician", "physio or doctor")
		dms := e.dms.to(cora)
		if len(dms) != 1 {
			t.Fatalf("coach got %d DMs, want 1", len(dms))
		}
		mustContain(t, dms[0].text, "Rob", "7/10", "knee", "swelling", "severe pain", "tg://user?id=52", "Wed 25 Nov")
		if strings.Contains(dms[0].text, "parkrun") {
			t.Errorf("the coach got the runner's own words without asking:\n%s", dms[0].text)
		}
		shares := e.shares(escClubA)
		if len(shares) != 1 || shares[0].Notes != "" || shares[0].Report != "p2" || !slices.Equal(shares[0].To, []ids.MemberID{cora}) {
			t.Fatalf("stored shares = %+v", shares)
		}
		if !hasButton(platforms.Response{Buttons: dms[0].buttons}, "/coach done "+shares[0].ID) {
			t.Errorf("coach DM buttons = %+v", dms[0].buttons)
		}
		mustContain(t, e.say(rob, private, "/share yes p2").Text, "already shared")
		if len(e.dms.to(cora)) != 1 {
			t.Error("a second /share yes sent the report again")
		}

		// With notes, when asked.
		e.say(rob, A, "/pain 8 shin numb and tingling since the trail race")
		e.say(rob, private, "/share yes with notes")
		dms = e.dms.to(cora)
		if len(dms) != 2 {
			t.Fatalf("coach got %d DMs, want 2", len(dms))
		}
		mustContain(t, dms[1].text, "shin", "numbness", "trail race")

		// /mydata lists the shares: when, to whom.
		my := e.say(rob, private, "/mydata").Text
		mustContain(t, my, `"shared"`, `"report": "p2"`, `"report": "p3"`, `"Cora"`)

		// Health details never reach the log: only share ids.
		if logs := strings.ToLower(e.logs.String()); strings.Contains(logs, "knee") || strings.Contains(logs, "swell") || strings.Contains(logs, "trail") {
			t.Errorf("the log carries health details:\n%s", logs)
		}
		mustContain(t, e.logs.String(), "share="+shares[0].ID)
	})
}

func TestShareSettingsAlwaysAndNever(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.coachOf(cora, A)
		mustContain(t, e.say(rob, private, "/settings share always").Text, "share red reports with your club's coach at once")
		got := e.say(rob, A, "/pain 7 knee swollen").Text
		mustContain(t, got, "Cora received it", "physio or doctor")
		if len(e.dms.to(cora)) != 1 {
			t.Fatalf("always: coach got %d DMs", len(e.dms.to(cora)))
		}
		mustContain(t, e.say(rob, private, "/settings share never").Text, "never share")
		never := e.say(rob, A, "/pain 8 knee swollen and locking")
		if strings.Contains(never.Text, "Share this") || hasButton(never, "/share yes p2") || len(e.dms.to(cora)) != 1 {
			t.Fatalf("never: asked or sent:\n%s", never.Text)
		}
		mustContain(t, e.say(rob, private, "/settings").Text, "never shared")
		mustContain(t, e.say(rob, private, "/settings share maybe").Text, "ask, always or never")
	})
}

func TestRedFromTheFlagCheckAndTheCheckinAsksToo(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.coachOf(cora, A)
		amber := e.say(rob, A, "/pain 4 knee sore after hills")
		if strings.Contains(amber.Text, "Share this") {
			t.Fatalf("an amber report asks to share:\n%s", amber.Text)
		}
		got := e.say(rob, private, "/redflag night_pain p1")
		mustContain(t, got.Text, "to red", "Share this with your club's coach (Cora)?")
		if !hasButton(got, "/share yes p1") {
			t.Fatalf("/redflag buttons %+v", got.Buttons)
		}

		// A "worse" next-morning check-in is red too; it came from a
		// private chat but its report from club A.
		e.say(rob, A, "/pain 3 calf tight")
		e.clock.Add(20 * time.Hour)
		worse := e.say(rob, private, "/checkin worse")
		mustContain(t, worse.Text, "Share this with your club's coach (Cora)?")
		if !slices.ContainsFunc(worse.Buttons, func(b platforms.Button) bool { return strings.HasPrefix(b.Command, "/share yes p") }) {
			t.Fatalf("check-in buttons %+v", worse.Buttons)
		}
		mustContain(t, e.say(rob, private, "/share yes").Text, "Cora received it")
		if dms := e.dms.to(cora); len(dms) != 1 || !strings.Contains(dms[0].text, "calf") {
			t.Fatalf("coach DMs after the check-in: %+v", dms)
		}
	})
}

func TestSeveralClubsWithCoachesAskWhich(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A, B := in(escClubA), in(escClubB)
		e.coachOf(cora, A)
		e.coachOf(bea, B)
		e.say(rob, A, "/start")
		e.say(rob, B, "/start")
		red := e.say(rob, private, "/pain 7 knee swollen")
		mustContain(t, red.Text, "2 clubs with coaches")
		if !hasButton(red, "/share yes p1 -500") || !hasButton(red, "/share yes p1 -600") || !hasButton(red, "/share no p1") {
			t.Fatalf("buttons %+v", red.Buttons)
		}
		ask := e.say(rob, private, "/share yes")
		if !hasButton(ask, "/share yes p1 -600") || len(e.dms.sent) != 0 {
			t.Fatalf("/share yes without a club: %+v (sent %d)", ask, len(e.dms.sent))
		}
		mustContain(t, e.say(rob, private, "/share yes p1 -600").Text, "Bea received it")
		if len(e.dms.to(bea)) != 1 || len(e.dms.to(cora)) != 0 {
			t.Errorf("DMs: bea %d, cora %d; want 1 and 0", len(e.dms.to(bea)), len(e.dms.to(cora)))
		}
	})
}

func TestCoachSideAndWhoSeesWhat(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A, B := in(escClubA), in(escClubB)
		mustContain(t, e.say(rob, private, "/coach reports").Text, "not a coach")
		e.coachOf(cora, A)
		e.coachOf(bea, B)
		e.say(rob, A, "/pain 7 knee swollen")
		e.say(rob, private, "/share yes")
		id := e.shares(escClubA)[0].ID

		rep := e.say(cora, private, "/coach reports")
		mustContain(t, rep.Text, id, "Rob", "7/10", "knee", "swelling", "/coach done "+id)
		if !rep.Private {
			t.Error("/coach reports is not private")
		}
		// Another club's coach sees nothing, and cannot act on it.
		mustContain(t, e.say(bea, private, "/coach reports").Text, "No reports")
		mustContain(t, e.say(bea, private, "/coach done "+id).Text, "can't find")
		// Someone who is no coach at all: no access.
		mustContain(t, e.say(ada, private, "/coach reports").Text, "not a coach")

		// Done: the runner hears their coach has seen it.
		mustContain(t, e.say(cora, private, "/coach done "+id).Text, "followed up", "told Rob")
		if dms := e.dms.to(rob); len(dms) != 1 || !strings.Contains(dms[0].text, "Your coach has seen it") {
			t.Fatalf("runner DMs: %+v", dms)
		}
		mustContain(t, e.say(cora, private, "/coach reports").Text, "Followed up")
		mustContain(t, e.say(rob, private, "/mydata").Text, `"seen"`)

		// Removing the coach ends her access.
		mustContain(t, e.say(ada, A, "/club coach remove cora").Text, "no longer a coach")
		mustContain(t, e.say(cora, private, "/coach reports").Text, "not a coach")
		mustContain(t, e.say(cora, private, "/coach done "+id).Text, "not a coach")
	})
}

func TestLeavingOrForgettingTakesSharesAway(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.coachOf(cora, A)
		e.say(rob, A, "/pain 7 knee swollen")
		e.say(rob, private, "/share yes")
		if len(e.shares(escClubA)) != 1 {
			t.Fatal("no share stored")
		}
		// The runner leaves the club: the coach's copy goes.
		mustContain(t, e.say(rob, A, "/club leave").Text, "left the club", "1 report")
		mustContain(t, e.say(cora, private, "/coach reports").Text, "No reports")
		if m, _ := e.st.Member(context.Background(), rob); slices.Contains(m.Clubs, escClubA) {
			t.Errorf("member still lists the club: %v", m.Clubs)
		}

		// Back in, shares again, then asks to be forgotten.
		e.say(rob, A, "/pain 8 knee swollen")
		e.say(rob, private, "/share yes")
		mustContain(t, e.say(cora, private, "/coach reports").Text, "8/10")
		e.say(rob, private, "/forgetme")
		mustContain(t, e.say(rob, private, "/forgetme confirm").Text, "deleted")
		mustContain(t, e.say(cora, private, "/coach reports").Text, "No reports")
		if got := e.shares(escClubA); len(got) != 0 {
			t.Errorf("shares after /forgetme: %+v", got)
		}

		// A forgotten coach loses the role too.
		e.say(cora, private, "/forgetme")
		e.say(cora, private, "/forgetme confirm")
		if cl, _ := e.st.Club(context.Background(), escClubA); slices.Contains(cl.Coaches, cora) {
			t.Errorf("a forgotten coach is still a coach: %v", cl.Coaches)
		}

		// An admin removing a runner ends the coach's access too.
		e.coachOf(bea, A)
		e.say(rob, A, "/pain 7 knee swollen")
		e.say(rob, private, "/share yes")
		mustContain(t, e.say(bea, private, "/coach reports").Text, "Rob")
		mustContain(t, e.say(ada, A, "/club remove Rob").Text, "Removed Rob")
		mustContain(t, e.say(bea, private, "/coach reports").Text, "No reports")
	})
}

func TestSharedCopiesExpireAfter90Days(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.coachOf(cora, A)
		e.say(rob, A, "/pain 7 knee swollen")
		e.say(rob, private, "/share yes")
		id := e.shares(escClubA)[0].ID
		e.clock.Add(31 * 24 * time.Hour)
		mustContain(t, e.say(cora, private, "/coach reports").Text, "No reports")   // older than 30 days
		mustContain(t, e.say(cora, private, "/coach done "+id).Text, "followed up") // still there to close
		e.clock.Add(60 * 24 * time.Hour)
		mustContain(t, e.say(cora, private, "/coach done "+id).Text, "can't find")
		if got := e.shares(escClubA); len(got) != 0 {
			t.Errorf("a 91-day-old share is kept: %+v", got)
		}
	})
}

func TestRefusedCoachDMIsKeptForLater(t *testing.T) {
	t.Parallel()
	escOnEveryStore(t, func(t *testing.T, e *escEnv) {
		A := in(escClubA)
		e.coachOf(cora, A)
		e.dms.refuse[cora] = true
		e.say(rob, A, "/pain 7 knee swollen")
		mustContain(t, e.say(rob, private, "/share yes").Text, "Cora will see it")
		exp, err := e.st.Export(context.Background(), cora)
		if err != nil || len(exp.Kept) != 1 || strings.Contains(exp.Kept[0].Text, "knee") || strings.Contains(exp.Kept[0].Text, "Rob") {
			t.Fatalf("kept for the coach: %+v (err %v), want a pointer without details", exp.Kept, err)
		}
		got := e.say(cora, private, "/coach reports")
		mustContain(t, got.Text, "couldn't reach you privately", "Rob", "7/10")
	})
}
