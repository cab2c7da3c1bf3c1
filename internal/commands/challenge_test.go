package commands

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// Challenge tests run each scenario on every store backend through the
// router, with several members in one Telegram club group.

const (
	tClub  = "telegram:-100777"
	tClub2 = "telegram:-100888"
	ann    = "telegram:1" // club admin
	sam    = "telegram:2"
	kim    = "telegram:3"
)

var tNames = map[string]string{ann: "Ann", sam: "Sam", kim: "Kim"}

// chalClock is a settable clock.
type chalClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *chalClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *chalClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type chalEnv struct {
	t     *testing.T
	ctx   context.Context
	r     *Router
	st    store.Store
	clock *chalClock
}

// onEveryStore runs scenario once per backend, as parallel subtests.
func onEveryStore(t *testing.T, scenario func(e *chalEnv)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clock := newChalClock()
			scenario(newChalEnv(t, b.Open(t, clock.Now), clock))
		})
	}
}

// newChalClock starts on Wednesday 25 Nov 2026, 10:00 UTC.
func newChalClock() *chalClock {
	return &chalClock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
}

func newChalEnv(t *testing.T, st store.Store, clock *chalClock) *chalEnv {
	r := New(Deps{Store: st, Clock: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &chalEnv{t: t, ctx: context.Background(), r: r, st: st, clock: clock}
}

// where a message comes from.
type from struct {
	dm    bool
	club  string // default tClub; in a DM the club is ""
	admin bool   // default: only ann
}

// say sends a command from member in the club group (or a DM).
func (e *chalEnv) say(member, line string, f ...from) platforms.Response {
	e.t.Helper()
	var o from
	if len(f) > 0 {
		o = f[0]
	}
	cmd, args, ok := Parse(line, "")
	if !ok {
		e.t.Fatalf("not a command: %q", line)
	}
	m := platforms.Message{
		Platform: platforms.Telegram, MemberID: platforms.MemberID(member), DisplayName: tNames[member],
		Command: cmd, Args: args, Admin: member == ann || o.admin, DM: o.dm,
	}
	if !o.dm {
		m.ClubID = tClub
		if o.club != "" {
			m.ClubID = platforms.ClubID(o.club)
		}
		m.ChatID = m.ClubID.Chat()
	} else if o.club != "" {
		m.ClubID = platforms.ClubID(o.club)
	}
	e.clock.Add(5 * time.Second) // a person typing: under the flood limit
	return e.r.Handle(e.ctx, m)
}

func (e *chalEnv) text(member, line string, f ...from) string {
	e.t.Helper()
	return e.say(member, line, f...).Text
}

func (e *chalEnv) today() string { return e.clock.Now().UTC().Format(time.DateOnly) }

func (e *chalEnv) day(n int) string { return daily.AddDays(e.today(), n) }

// request builds the Request a /run handler would get.
func (e *chalEnv) request(member string) *Request {
	e.t.Helper()
	m, err := e.st.Member(e.ctx, ids.MemberID(member))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		e.t.Fatalf("load member: %v", err)
	}
	return &Request{Message: platforms.Message{MemberID: platforms.MemberID(member), Platform: platforms.Telegram, DM: true}, Member: m, Now: e.clock.Now()}
}

// logRun does what /run does with the contract functions: store the run
// with the boards it counts toward, then credit them. It returns the
// challenge lines of the reply.
func (e *chalEnv) logRun(member, date string, meters int64) (store.Run, string) {
	e.t.Helper()
	req := e.request(member)
	boards, err := e.r.challenges.RunBoards(e.ctx, req.Member, store.Run{Date: date, Meters: meters})
	if err != nil {
		e.t.Fatalf("runBoards: %v", err)
	}
	run, err := e.st.AddRun(e.ctx, ids.MemberID(member), store.Run{Date: date, Meters: meters, Boards: boards})
	if err != nil {
		e.t.Fatalf("add run: %v", err)
	}
	line, err := e.r.creditRun(e.ctx, req, boards, meters, 0)
	if err != nil {
		e.t.Fatalf("creditRun: %v", err)
	}
	return run, line
}

// undoRun does what /run undo does: delete the last run and debit it.
func (e *chalEnv) undoRun(member string) string {
	e.t.Helper()
	req := e.request(member)
	run, err := e.st.DeleteRun(e.ctx, ids.MemberID(member), "")
	if err != nil {
		e.t.Fatalf("delete run: %v", err)
	}
	boards, err := e.r.challenges.UndoBoards(e.ctx, req.Member, run)
	if err != nil {
		e.t.Fatalf("undoBoards: %v", err)
	}
	line, err := e.r.creditRun(e.ctx, req, boards, -run.Meters, -int64(run.Seconds))
	if err != nil {
		e.t.Fatalf("creditRun: %v", err)
	}
	return line
}

// score is a member's exact entry on a club challenge (-1 when absent).
func (e *chalEnv) score(clubID, id, member string) int64 {
	e.t.Helper()
	sc, err := e.st.BoardScore(e.ctx, challenge.BoardName(ids.ClubID(clubID), id), ids.MemberID(member))
	if errors.Is(err, store.ErrNotFound) {
		return -1
	}
	if err != nil {
		e.t.Fatalf("board score: %v", err)
	}
	return sc.Value
}

// has and lacks read a reply as a member would (member-written text
// unmarked, as the console shows it).
func has(t *testing.T, got string, wants ...string) {
	t.Helper()
	got = platforms.Render(got, nil)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q:\n%s", w, got)
		}
	}
}

func lacks(t *testing.T, got string, bad ...string) {
	t.Helper()
	got = platforms.Render(got, nil)
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Errorf("reply should not contain %q:\n%s", w, got)
		}
	}
}

func meters(t *testing.T, s string) int64 {
	t.Helper()
	m, err := coach.ParseDistance(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return int64(math.Round(m))
}

func (e *chalEnv) newFifty() {
	e.t.Helper()
	got := e.text(ann, `/challenge new "Club Fifty" 50km `+e.today()+" "+e.day(30))
	has(e.t, got, "New challenge: Club Fifty", "50 km each")
}

func TestChallengeRunsCountExactlyAndUndoTakesThemOff(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		has(t, e.text(sam, "/challenge join"), "You're in Club Fifty")
		_, line := e.logRun(sam, e.today(), meters(t, "5k"))
		has(t, line, "🏁 Club Fifty: 5 km of 50 km")
		_, line = e.logRun(sam, e.today(), meters(t, "2mi"))
		has(t, line, "8.2 km of 50 km")
		if got := e.score(tClub, "c1", sam); got != 8219 {
			t.Errorf("5 km + 2 mi = %d m on the board, want 8219", got)
		}
		board := e.text(kim, "/challenge board")
		has(t, board, "1. Sam — 8.2 km", "You're not in yet: /challenge join")
		has(t, e.text(sam, "/challenge board"), "You: #1 · 8.2 km of 50 km (16%)")
		// Sam in miles sees the same distance in miles.
		if _, err := e.st.UpdateMember(e.ctx, sam, func(m *store.Member) error { m.Units = "mi"; return nil }); err != nil {
			t.Fatal(err)
		}
		has(t, e.text(sam, "/challenge board"), "5.1 mi of 50 km (31 mi)")

		has(t, e.undoRun(sam), "back to 3.1 mi of 50 km (31 mi)")
		if got := e.score(tClub, "c1", sam); got != 5000 {
			t.Errorf("after undo: %d m, want 5000", got)
		}
		// A run outside the dates, or by a member not in it, counts nowhere.
		_, line = e.logRun(sam, e.day(31), 3000)
		_, line2 := e.logRun(kim, e.today(), 3000)
		if line != "" || line2 != "" {
			t.Errorf("runs that count nowhere got lines %q, %q", line, line2)
		}
		if got := e.score(tClub, "c1", sam); got != 5000 {
			t.Errorf("a run after the end counted: %d m", got)
		}
		if e.score(tClub, "c1", kim) != -1 {
			t.Error("a member who never joined has a board entry")
		}
	})
}

func TestChallengeBoardSurvivesARestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newChalEnv(t, st, newChalClock())
	e.newFifty()
	e.say(sam, "/challenge join")
	e.logRun(sam, e.today(), 5000)
	e.logRun(sam, e.today(), meters(t, "2mi"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st2.Close() })
	e2 := newChalEnv(t, st2, newChalClock())
	has(t, e2.text(sam, "/challenge board"), "8.2 km of 50 km")
}

func TestJoiningMidChallengeCountsRunsSinceTheStart(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.logRun(kim, e.day(-1), 9000) // before the start: never counts
		e.logRun(kim, e.today(), 4000)
		e.clock.Add(48 * time.Hour)
		e.logRun(kim, e.today(), 2500)
		has(t, e.text(kim, "/challenge join Club Fifty"), "already count: 6.5 km")
		if got := e.score(tClub, "c1", kim); got != 6500 {
			t.Errorf("joined mid-challenge: %d m, want 6500", got)
		}
		// Joining twice changes nothing.
		has(t, e.text(kim, "/challenge join club fifty"), "already in Club Fifty: 6.5 km")
		if got := e.score(tClub, "c1", kim); got != 6500 {
			t.Errorf("second join: %d m", got)
		}
		// Undoing a run logged before joining takes it off too.
		e.undoRun(kim)
		if got := e.score(tClub, "c1", kim); got != 4000 {
			t.Errorf("undo of a pre-join run: %d m, want 4000", got)
		}
		// Leaving removes the entry; rejoining recounts.
		has(t, e.text(kim, "/challenge leave"), "left Club Fifty")
		if e.score(tClub, "c1", kim) != -1 {
			t.Error("entry kept after leaving")
		}
		m, _ := e.st.Member(e.ctx, kim)
		if len(m.Boards) != 0 || len(m.Challenges) != 0 {
			t.Errorf("member still lists boards %v / challenges %v", m.Boards, m.Challenges)
		}
		if line := e.undoRun(kim); line != "" || e.score(tClub, "c1", kim) != -1 {
			t.Errorf("undo after leaving touched the board: %q", line)
		}
		e.say(kim, "/challenge join")
		if got := e.score(tClub, "c1", kim); got != 0 {
			t.Errorf("rejoin: %d m, want 0 (the 4 km run was undone)", got)
		}
	})
}

func TestRunsCountInEveryClubsChallenge(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.say(sam, `/challenge new "Winter Miles" 100mi `+e.today()+" "+e.day(10)+" team", from{club: tClub2, admin: true})
		e.say(sam, "/challenge join")
		e.say(sam, "/challenge join", from{club: tClub2})
		e.say(kim, "/challenge join", from{club: tClub2})
		_, line := e.logRun(sam, e.today(), 10000)
		has(t, line, "Club Fifty: 10 km of 50 km", "Winter Miles: 10 km of 100 mi (161 km) together (you: 10 km)")
		e.logRun(kim, e.today(), 6000)
		board := e.text(kim, "/challenge board", from{club: tClub2})
		has(t, board, "Together: 16 km of 100 mi (161 km) (9%)", "1. Sam — 10 km", "2. Kim — 6 km", "You: #2 · 6 km")
		// In a DM, Kim (one club) gets that club; Sam (two clubs) is asked.
		has(t, e.text(kim, "/challenge board", from{dm: true}), "Winter Miles")
		has(t, e.text(sam, "/challenge board", from{dm: true}), "more than one club")
		// An ended challenge takes no more runs.
		has(t, e.text(sam, `/challenge end "Winter Miles"`, from{club: tClub2, admin: true}), "has ended", "Final board")
		_, line = e.logRun(sam, e.today(), 1000)
		lacks(t, line, "Winter Miles")
		has(t, line, "11 km of 50 km")
	})
}

func TestPausedMembersAreHiddenFromPublicBoards(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		for _, m := range []string{ann, sam, kim} {
			e.say(m, "/challenge join")
		}
		e.logRun(sam, e.today(), 12000)
		e.logRun(kim, e.today(), 7000)
		e.logRun(ann, e.today(), 3000)
		resp := e.say(sam, "/challenge pause")
		if !resp.Private || strings.Contains(resp.Public, "pause") {
			t.Errorf("pause reply should be private with a neutral public line: %+v", resp)
		}
		// Public (group) views: Sam is left out and Kim leads.
		kimView := e.text(kim, "/challenge board")
		has(t, kimView, "1. Kim — 7 km", "2. Ann — 3 km")
		lacks(t, kimView, "Sam", "paused")
		adminGroup := e.text(ann, "/challenge board")
		lacks(t, adminGroup, "Sam", "paused")
		samGroup := e.text(sam, "/challenge board")
		lacks(t, samGroup, "Sam —", "12 km", "paused", "not shown")
		// The group sees the board and nothing about Sam: Kim's view is the
		// same board plus her own line.
		if !strings.HasPrefix(kimView, strings.TrimSpace(samGroup)) || strings.Contains(samGroup, "You:") {
			t.Errorf("Sam's public view is not the plain board:\n%s\n---\n%s", samGroup, kimView)
		}
		// Privately, Sam and admins see the entry, marked paused.
		has(t, e.text(sam, "/challenge board", from{dm: true}), "Sam — 12 km ⏸ paused", "You: ⏸ paused · 12 km")
		has(t, e.text(ann, "/challenge board", from{dm: true, club: tClub}), "Sam — 12 km ⏸ paused")
		lacks(t, e.text(kim, "/challenge board", from{dm: true}), "Sam")
		standings, err := e.r.challenges.Standings(e.ctx, tClub, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		has(t, standings, "1. Kim — 7 km")
		lacks(t, standings, "Sam", "r1")
		// Runs while paused still count, without cheering for more.
		_, line := e.logRun(sam, e.today(), 2000)
		has(t, line, "14 km of 50 km (you're paused — rest comes first")
		// Opting in shows the entry publicly without the pause mark.
		e.say(sam, "/challenge pause public")
		pub := e.text(kim, "/challenge board")
		has(t, pub, "1. Sam — 14 km")
		lacks(t, pub, "paused")
		has(t, e.text(sam, "/challenge resume"), "Welcome back")
		has(t, e.text(kim, "/board"), "1. Sam — 14 km")
	})
}

func TestChallengePermissionsAndInputErrors(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		today, end := e.today(), e.day(30)
		cases := []struct {
			who, line, want string
			f               from
		}{
			{sam, `/challenge new "Mine" 50km ` + today + " " + end, "Only club admins can start a challenge", from{}},
			{sam, `/challenge new "Mine" 50km ` + today + " " + end, "send it in the club's group", from{dm: true}},
			{ann, `/challenge new "Past" 50km ` + e.day(-1) + " " + end, "is in the past", from{}},
			{ann, `/challenge new "Broken" 50km ` + end + " " + today, "end (" + today + ") before it starts", from{}},
			{ann, `/challenge new "Bad" 50km 2026-13-01 ` + end, "isn't a real date", from{}},
			{ann, `/challenge new "Bad" 50km 25/12/2026 ` + end, "Use YYYY-MM-DD", from{}},
			{ann, `/challenge new "Tiny" 0.5km ` + today + " " + end, "between 1 km and 100,000 km", from{}},
			{ann, `/challenge new "Huge" 200000km ` + today + " " + end, "between 1 km and 100,000 km", from{}},
			{ann, `/challenge new "Long" 50km ` + today + " " + e.day(400), "up to 366 days", from{}},
			{ann, `/challenge new Two Words 50km ` + today + " " + end, "in quotes", from{}},
			{ann, `/challenge new "X" 50km ` + today + " " + end + " solo-ish", "team (one shared goal) or each", from{}},
			{sam, `/challenge join "Nope"`, "don't know a challenge called \"Nope\"", from{}},
			{sam, `/challenge frob`, "don't know /challenge frob", from{}},
			{sam, `/challenge board`, "no challenge running", from{}},
			{sam, `/challenge`, "No challenges in this club yet", from{}},
		}
		for _, c := range cases {
			has(t, e.text(c.who, c.line, c.f), c.want)
		}
		e.newFifty()
		has(t, e.text(ann, `/challenge new "club  FIFTY" 80km `+today+" "+end), "already a challenge called")
		has(t, e.text(sam, `/challenge end "Club Fifty"`), "Only club admins can end a challenge")
		has(t, e.text(sam, `/challenge remove Kim r1`), "Only club admins can remove runs")
		list := e.text(sam, "/challenge list")
		has(t, list, "Club Fifty")
		for _, bad := range []string{"Mine", "Past", "Broken", "Bad", "Tiny", "Huge", "Long", "Two"} {
			lacks(t, list, bad)
		}
		// "50 km" with a space, "today", and curly quotes from a phone work.
		has(t, e.text(ann, "/challenge new “Spring Ten” 10 km today "+e.day(5)), "New challenge: Spring Ten", "10 km each")
		has(t, e.text(sam, "/challenge join"), "Which one?")
		has(t, e.text(sam, "/challenge join spring"), "You're in Spring Ten")
	})
}

// TestAdminRemoveAsksWhichOne: a name two challenge members share is
// answered with their ids, and an id picks one.
func TestAdminRemoveAsksWhichOne(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.say(sam, "/challenge join")
		e.say(kim, "/challenge join")
		run, _ := e.logRun(kim, e.today(), 5000)
		if _, err := e.st.UpdateMember(e.ctx, kim, func(m *store.Member) error { m.Name = "sam"; return nil }); err != nil {
			t.Fatal(err)
		}
		has(t, e.text(ann, "/challenge remove Sam "+run.ID), "More than one member is called \"Sam\"", sam, kim)
		has(t, e.text(ann, "/challenge remove "+kim+" "+run.ID), "Removed", run.ID)
		if got := e.score(tClub, "c1", kim); got != 0 {
			t.Errorf("after remove by id: %d m, want 0", got)
		}
	})
}

func TestAdminRemovesARunFromTheBoard(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.say(sam, "/challenge join")
		e.logRun(sam, e.today(), 5000)
		bogus, _ := e.logRun(sam, e.today(), 95000)
		e.logRun(sam, e.today(), 3000)
		// Admins see run ids on the board in private; members never do, and
		// nobody's run list is shown to a whole group.
		has(t, e.text(ann, "/challenge board", from{dm: true}), bogus.ID+" 95 km")
		lacks(t, e.text(ann, "/challenge board"), bogus.ID+" ")
		lacks(t, e.text(kim, "/challenge board"), bogus.ID+" ")
		has(t, e.text(ann, "/challenge remove Sam "+strings.ToUpper(bogus.ID)), "Removed Sam's run "+bogus.ID, "Club Fifty", "stays in their own log")
		if got := e.score(tClub, "c1", sam); got != 8000 {
			t.Errorf("after remove: %d m, want 8000", got)
		}
		has(t, e.text(ann, "/challenge remove Sam "+bogus.ID), "doesn't count on any")
		has(t, e.text(ann, "/challenge remove Nobody r1"), "No one called")
		has(t, e.text(ann, "/challenge remove Sam r99"), "no run r99")
		// Leaving and rejoining does not bring it back.
		e.say(sam, "/challenge leave")
		e.say(sam, "/challenge join")
		if got := e.score(tClub, "c1", sam); got != 8000 {
			t.Errorf("after rejoin: %d m, want 8000", got)
		}
		// Undoing the last (3 km) run then works as usual.
		e.undoRun(sam)
		if got := e.score(tClub, "c1", sam); got != 5000 {
			t.Errorf("after undo: %d m, want 5000", got)
		}
	})
}

func TestDateRangeBoard(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		// Everyone says something in the group so the club knows them.
		for _, m := range []string{ann, sam, kim} {
			e.say(m, "/board")
		}
		// Wed 25 Nov 2026: the week started Mon 23 Nov.
		e.logRun(sam, "2026-11-23", 5000)
		e.logRun(sam, "2026-11-25", 3219)
		e.logRun(kim, "2026-11-22", 20000) // last Sunday
		e.logRun(ann, "2026-11-02", 4000)
		week := e.text(kim, "/board")
		has(t, week, "this week (23 Nov → 25 Nov)", "1. Sam — 8.2 km", "You: nothing logged")
		lacks(t, week, "Kim —", "Ann —")
		month := e.text(ann, "/board month")
		has(t, month, "1. Kim — 20 km", "2. Sam — 8.2 km", "3. Ann — 4 km", "You: #3 · 4 km")
		custom := e.text(sam, "/board 2026-11-01 2026-11-22")
		has(t, custom, "Club distance, 1 Nov → 22 Nov\n", "1. Kim — 20 km", "2. Ann — 4 km")
		lacks(t, custom, "(1 Nov → 22 Nov)")
		has(t, e.text(sam, "/board 2026-11-22 2026-11-01"), "ends (2026-11-01) before it starts")
		has(t, e.text(sam, "/board yesterday"), "Use /board")
		has(t, e.text(sam, "/board 2025-01-01 2026-11-22"), "up to 366 days")
	})
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		`new "Club Fifty" 50km`:    {"new", "Club Fifty", "50km"},
		`new “Club  Fifty” 50 km`:  {"new", "Club  Fifty", "50", "km"},
		`  join   `:                {"join"},
		`remove "Sam O'Neil" r3`:   {"remove", "Sam O'Neil", "r3"},
		`new "unclosed name`:       {"new", "unclosed name"},
		``:                         nil,
		`board "December 100"`:     {"board", "December 100"},
		`new "" 5km today today`:   {"new", "", "5km", "today", "today"},
		"a\tb\nc":                  {"a", "b", "c"},
		`x"y z"`:                   {"xy z"},
		`leave December100 extra`:  {"leave", "December100", "extra"},
		`new "A" 5km 2026-1-2 x`:   {"new", "A", "5km", "2026-1-2", "x"},
		`end „Winter Miles“`:       {"end", "Winter Miles"},
		`pause public`:             {"pause", "public"},
		`resume`:                   {"resume"},
		`list please`:              {"list", "please"},
		`board week`:               {"board", "week"},
		`remove @sam r1`:           {"remove", "@sam", "r1"},
		`new 'Quoted' 5km`:         {"new", "'Quoted'", "5km"},
		`join "Two" "Names"`:       {"join", "Two", "Names"},
		`new "Ünïcödé 🏃" 5km`:      {"new", "Ünïcödé 🏃", "5km"},
		`new "tab	inside" 1km`:     {"new", "tab	inside", "1km"},
		`new "trailing space " 1k`: {"new", "trailing space ", "1k"},
	} {
		got := splitArgs(in)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("splitArgs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseGoalAndDates(t *testing.T) {
	t.Parallel()
	goals := []struct {
		in    string
		units coach.Units
		want  int64 // 0: refused
	}{
		{"50km", coach.KM, 50000},
		{"100mi", coach.KM, 160934},
		{"26.2 miles", coach.KM, 42165},
		{"42,2k", coach.KM, 42200},
		{"50", coach.KM, 50000},
		{"50", coach.MI, 80467},
		{"1km", coach.KM, 1000},
		{"100000km", coach.KM, 100_000_000},
		{"0.9km", coach.KM, 0},
		{"100001km", coach.KM, 0},
		{"fifty", coach.KM, 0},
		{"50 parsecs", coach.KM, 0},
		{"-5km", coach.KM, 0},
	}
	for _, g := range goals {
		got, err := parseGoal(g.in, g.units)
		if g.want == 0 {
			if err == nil {
				t.Errorf("parseGoal(%q) = %d, want an error", g.in, got)
			}
			continue
		}
		if err != nil || got != g.want {
			t.Errorf("parseGoal(%q, %s) = %d, %v; want %d", g.in, g.units, got, err, g.want)
		}
	}
	dates := map[string]string{
		"today": "2026-02-28", "Tomorrow": "2026-03-01", "2026-3-7": "2026-03-07",
		"2026-02-29": "", "2026-00-10": "", "next week": "", "20261201": "",
	}
	for in, want := range dates {
		got, err := parseChallengeDate(in, "2026-02-28")
		if (err != nil) != (want == "") || got != want {
			t.Errorf("parseChallengeDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestChallengeDatesFollowTheClubZone(t *testing.T) {
	t.Parallel()
	clock := newChalClock()
	e := newChalEnv(t, teststores.Embedded(t, clock.Now), clock)
	if _, err := e.st.UpdateClub(e.ctx, tClub, func(c *store.Club) error { c.TZ = "Pacific/Auckland"; return nil }); err != nil {
		t.Fatal(err)
	}
	// 25 Nov 10:00 UTC is already 25 Nov 23:00 in Auckland; at 12:00 UTC it is the 26th there.
	e.clock.Add(2 * time.Hour)
	has(t, e.text(ann, `/challenge new "Kiwi" 20km 2026-11-25 2026-12-20`), "is in the past", "Pacific/Auckland")
	has(t, e.text(ann, `/challenge new "Kiwi" 20km today 2026-12-20`), "26 Nov → 20 Dec")
}

func TestChallengeLineNeverCheersASpike(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.say(sam, "/challenge join")
		e.logRun(sam, e.day(-20), 5000) // before the challenge: history only
		_, line := e.logRun(sam, e.today(), 5400)
		lacks(t, line, "chase")
		_, line = e.logRun(sam, e.today(), 12000) // +122% on the 30-day longest
		has(t, line, "17.4 km of 50 km", "No need to chase the board")
	})
}

func TestChallengesFollowAClubThatMoved(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		const moved = "telegram:-100999"
		e.newFifty()
		e.say(sam, "/challenge join")
		e.say(kim, "/challenge join")
		e.logRun(sam, e.today(), 5000)
		e.logRun(kim, e.today(), 2000)
		if err := e.st.MoveClub(e.ctx, tClub, moved); err != nil {
			t.Fatal(err)
		}
		for range 2 { // a retried move changes nothing
			if err := e.r.challenges.ClubMoved(e.ctx, tClub, moved); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.score(moved, "c1", sam); got != 5000 {
			t.Errorf("moved entry: %d m, want 5000", got)
		}
		if e.score(tClub, "c1", sam) != -1 {
			t.Error("old board kept")
		}
		_, line := e.logRun(sam, e.today(), meters(t, "2mi"))
		has(t, line, "8.2 km of 50 km")
		e.undoRun(kim)
		if got := e.score(moved, "c1", kim); got != 0 {
			t.Errorf("undo after the move: %d m, want 0", got)
		}
		has(t, e.text(sam, "/challenge board", from{club: moved}), "1. Sam — 8.2 km")
		has(t, e.text(sam, "/challenge board", from{dm: true}), "Club Fifty") // one club, not two
	})
}

func TestChallengeThroughRunAndUndo(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		e.say(sam, "/challenge join")
		// Most members log in a DM: the run still counts on the club's board.
		has(t, e.text(sam, "/run 5k", from{dm: true}), "🏁 Club Fifty: 5 km of 50 km")
		has(t, e.text(sam, "/run 2mi", from{dm: true}), "🏁 Club Fifty: 8.2 km of 50 km")
		if got := e.score(tClub, "c1", sam); got != 8219 {
			t.Errorf("5 km + 2 mi = %d m, want 8219", got)
		}
		has(t, e.text(kim, "/challenge board"), "1. Sam — 8.2 km")
		has(t, e.text(sam, "/undo", from{dm: true}), "off the challenge boards")
		if got := e.score(tClub, "c1", sam); got != 5000 {
			t.Errorf("after /undo: %d m, want 5000", got)
		}
		has(t, e.text(kim, "/challenge board"), "1. Sam — 5 km")
	})
}
