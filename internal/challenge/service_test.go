package challenge

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

func TestRunsAreCreditedAndDebitedExactly(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.join(club, ch, sam)
		_, cs := e.logRun(sam, e.today(), 5000, 0)
		if len(cs) != 1 || cs[0].Challenge.ID != ch.ID || cs[0].Score != 5000 || cs[0].Amount != 5000 {
			t.Fatalf("first run credited %+v, want 5000 m on %s", cs, ch.ID)
		}
		e.logRun(sam, e.today(), 3219, 0)
		if got := e.score(club, ch.ID, sam); got != 8219 {
			t.Errorf("5000 m + 3219 m = %d m on the board", got)
		}
		if m := e.member(sam); !slices.Contains(m.Boards, BoardName(club, ch.ID)) {
			t.Errorf("member's boards %v lack the challenge's", m.Boards)
		}
		cs = e.undoRun(sam)
		if len(cs) != 1 || cs[0].Score != 5000 || cs[0].Amount != -3219 {
			t.Errorf("undo: %+v, want back to 5000 m", cs)
		}
		// Outside the dates, or not in the challenge: counts nowhere.
		if _, cs := e.logRun(sam, e.day(30), 3000, 0); len(cs) != 0 {
			t.Errorf("a run after the end counted: %+v", cs)
		}
		if _, cs := e.logRun(kim, e.today(), 3000, 0); len(cs) != 0 || e.score(club, ch.ID, kim) != -1 {
			t.Errorf("a member who never joined was credited: %+v", cs)
		}
		// A debit never takes an entry below zero.
		_, cs, err := e.s.Credit(e.ctx, e.member(sam), []string{BoardName(club, ch.ID)}, -9000, 0)
		if err != nil || len(cs) != 1 || cs[0].Score != 0 || e.score(club, ch.ID, sam) != 0 {
			t.Errorf("over-debit: %+v, %v; score %d, want 0", cs, err, e.score(club, ch.ID, sam))
		}
	})
}

func TestJoiningCountsRunsSinceTheStartAndLeavingTakesTheEntryOff(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.logRun(kim, e.day(-1), 9000, 0) // before the start: never counts
		e.logRun(kim, e.today(), 4000, 0)
		e.clock.Add(48 * time.Hour)
		e.logRun(kim, e.today(), 2500, 0)
		if j := e.join(club, ch, kim); j.Already || j.Total != 6500 || e.score(club, ch.ID, kim) != 6500 {
			t.Errorf("joined mid-challenge: %+v, score %d; want 6500 m", j, e.score(club, ch.ID, kim))
		}
		if j := e.join(club, ch, kim); !j.Already || j.Total != 6500 {
			t.Errorf("second join: %+v, want already in with 6500 m", j)
		}
		// Undoing a run logged before joining takes it off too.
		e.undoRun(kim)
		if got := e.score(club, ch.ID, kim); got != 4000 {
			t.Errorf("undo of a pre-join run: %d m, want 4000", got)
		}
		ch = e.clubOf(club).Challenges[0]
		m, err := e.s.Leave(e.ctx, club, ch, e.member(kim))
		if err != nil || len(m.Boards) != 0 || len(m.Challenges) != 0 || e.score(club, ch.ID, kim) != -1 {
			t.Fatalf("leave: %+v, %v; score %d", m, err, e.score(club, ch.ID, kim))
		}
		if slices.Contains(e.clubOf(club).Challenges[0].Members, kim) {
			t.Error("the club still lists a member who left")
		}
		if _, err := e.s.Leave(e.ctx, club, e.clubOf(club).Challenges[0], e.member(kim)); !errors.Is(err, ErrNotJoined) {
			t.Errorf("leaving twice: %v, want ErrNotJoined", err)
		}
		// Nothing to take off after leaving.
		if cs := e.undoRun(kim); len(cs) != 0 || e.score(club, ch.ID, kim) != -1 {
			t.Errorf("undo after leaving touched the board: %+v", cs)
		}
	})
}

func TestTimeChallengesCountSecondsAndDistanceOnesMetres(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		dist := e.fifty()
		hours := e.create(club, store.Challenge{Name: "Winter hours", GoalS: 50 * 3600}, 30)
		e.join(club, dist, sam)
		e.join(club, hours, sam)
		_, cs := e.logRun(sam, e.today(), 5000, 1800)
		if len(cs) != 2 {
			t.Fatalf("a run with distance and time: %+v, want both boards", cs)
		}
		_, cs = e.logRun(sam, e.today(), 0, 2400) // time only
		if len(cs) != 1 || cs[0].Challenge.ID != hours.ID {
			t.Errorf("a time-only run: %+v, want the time board only", cs)
		}
		if d, h := e.score(club, dist.ID, sam), e.score(club, hours.ID, sam); d != 5000 || h != 4200 {
			t.Errorf("boards: %d m and %d s, want 5000 and 4200", d, h)
		}
		e.undoRun(sam)
		if h := e.score(club, hours.ID, sam); h != 1800 {
			t.Errorf("after undo: %d s, want 1800", h)
		}
		if got := Amount(hours, 4200, coach.KM); got != coach.FormatHours(4200) {
			t.Errorf("a time board shows %q", got)
		}
	})
}

func TestTeamCreditReportsTheTotalAndTheGoalOnce(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.create(club2, store.Challenge{Name: "Club Moon", GoalM: 10_000, Team: true}, 10)
		e.join(club2, ch, sam)
		e.join(club2, ch, kim)
		_, cs := e.logRun(sam, e.today(), 6000, 0)
		if len(cs) != 1 || cs[0].Total != 6000 || cs[0].Reached() {
			t.Errorf("first: %+v", cs)
		}
		_, cs = e.logRun(kim, e.today(), 5000, 0)
		if len(cs) != 1 || cs[0].Total != 11000 || cs[0].Score != 5000 || !cs[0].Reached() {
			t.Errorf("goal run: %+v, want total 11000 and the goal reached", cs)
		}
		if _, cs = e.logRun(kim, e.today(), 1000, 0); cs[0].Reached() {
			t.Errorf("the goal is reached once, not on every run after: %+v", cs)
		}
	})
}

func TestCreateKeepsNamesAndIdsUnique(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		_, err := e.s.Create(e.ctx, club, store.Challenge{Name: "club  FIFTY", GoalM: 80_000, Start: e.today(), End: e.day(5)}, e.today())
		var taken *NameTakenError
		if !errors.As(err, &taken) || taken.Ended || taken.Existing.ID != ch.ID {
			t.Errorf("same name while open: %v", err)
		}
		if err := e.s.End(e.ctx, club, ch.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Create(e.ctx, club, store.Challenge{Name: "Club Fifty", GoalM: 80_000, Start: e.today(), End: e.day(5)}, e.today())
		if !errors.As(err, &taken) || !taken.Ended {
			t.Errorf("same name just after it ended: %v", err)
		}
		for i := range MaxOpenPerClub {
			e.create(club, store.Challenge{Name: "Open " + string(rune('A'+i)), GoalM: 1000}, 5)
		}
		var many *TooManyError
		if _, err := e.s.Create(e.ctx, club, store.Challenge{Name: "One more", GoalM: 1000, Start: e.today(), End: e.today()}, e.today()); !errors.As(err, &many) || many.Open != MaxOpenPerClub {
			t.Errorf("past the limit: %v", err)
		}
		// An ended challenge takes no more runs, even from members in it.
		e.join(club, e.clubOf(club).Challenges[1], sam)
		if boards, _ := e.s.RunBoards(e.ctx, e.member(sam), store.Run{Date: e.today(), Meters: 1000}); slices.Contains(boards, BoardName(club, ch.ID)) {
			t.Errorf("an ended challenge's board %v takes runs", boards)
		}
	})
}

func TestStrikeTakesARunOffForGood(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.join(club, ch, sam)
		e.logRun(sam, e.today(), 5000, 0)
		bogus, _ := e.logRun(sam, e.today(), 95000, 0)
		e.logRun(sam, e.today(), 3000, 0)
		run, struck, err := e.s.Strike(e.ctx, e.clubOf(club), sam, strings.ToUpper(bogus.ID))
		if err != nil || run.ID != bogus.ID || len(struck) != 1 || struck[0].ID != ch.ID {
			t.Fatalf("strike: %+v %+v %v", run, struck, err)
		}
		if got := e.score(club, ch.ID, sam); got != 8000 {
			t.Errorf("after strike: %d m, want 8000", got)
		}
		if _, struck, _ := e.s.Strike(e.ctx, e.clubOf(club), sam, bogus.ID); len(struck) != 0 {
			t.Errorf("struck twice: %+v", struck)
		}
		if _, _, err := e.s.Strike(e.ctx, e.clubOf(club), sam, "r99"); !errors.Is(err, ErrNoRun) {
			t.Errorf("unknown run: %v, want ErrNoRun", err)
		}
		// Leaving and rejoining does not bring it back; undoing it takes nothing.
		if _, err := e.s.Leave(e.ctx, club, e.clubOf(club).Challenges[0], e.member(sam)); err != nil {
			t.Fatal(err)
		}
		e.join(club, ch, sam)
		if got := e.score(club, ch.ID, sam); got != 8000 {
			t.Errorf("after rejoin: %d m, want 8000", got)
		}
		if boards, _ := e.s.UndoBoards(e.ctx, e.member(sam), bogus); len(boards) != 0 {
			t.Errorf("undoing a struck run would debit %v", boards)
		}
	})
}

// TestFindMemberByIDOrName: an admin names a member of the club's
// challenges by id or by name (case and spacing aside); a name two members
// share asks for the id, and someone outside the challenges is no one.
func TestFindMemberByIDOrName(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.join(club, ch, ann)
		e.join(club, ch, sam)
		e.member(kim) // in the club's chat, not in a challenge
		for _, who := range []string{sam, "sam", "  SAM "} {
			if id, name, err := e.s.FindMember(e.ctx, e.clubOf(club), who); err != nil || id != sam || name != DisplayName(store.Member{Name: "Sam"}, sam) {
				t.Errorf("FindMember(%q) = %s, %q, %v; want sam", who, id, name, err)
			}
		}
		if _, _, err := e.s.FindMember(e.ctx, e.clubOf(club), "Kim"); !errors.Is(err, ErrNoSuchMember) {
			t.Errorf("someone outside the challenges: %v, want ErrNoSuchMember", err)
		}
		e.update(ann, func(m *store.Member) { m.Name = "sam" })
		var amb *AmbiguousNameError
		if _, _, err := e.s.FindMember(e.ctx, e.clubOf(club), "Sam"); !errors.As(err, &amb) || len(amb.IDs) != 2 {
			t.Errorf("a shared name: %v, want both ids", err)
		}
		// An id still picks one of them.
		if id, _, err := e.s.FindMember(e.ctx, e.clubOf(club), ann); err != nil || id != ann {
			t.Errorf("by id among a shared name: %s, %v", id, err)
		}
	})
}

func TestBoardsHidePausedMembersFromPublicViews(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		for _, m := range []string{ann, sam, kim} {
			e.join(club, ch, m)
		}
		e.logRun(sam, e.today(), 12000, 0)
		e.logRun(kim, e.today(), 7000, 0)
		e.logRun(ann, e.today(), 3000, 0)
		e.update(sam, func(m *store.Member) { m.Injured = true })
		scores, err := e.st.BoardTop(e.ctx, BoardName(club, ch.ID), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name      string
			v         Viewer
			wantSam   bool
			wantPause bool
			hidden    bool
		}{
			{"club post", Viewer{}, false, false, false},
			{"Kim in the group", Viewer{ID: kim}, false, false, false},
			{"an admin in the group", Viewer{ID: ann, Admin: true}, false, false, false},
			{"Sam in the group", Viewer{ID: sam}, false, false, true},
			{"Sam privately", Viewer{ID: sam, Private: true}, true, true, false},
			{"an admin privately", Viewer{ID: ann, Admin: true, Private: true}, true, true, false},
			{"Kim privately", Viewer{ID: kim, Private: true}, false, false, false},
		} {
			es, selfHidden, err := e.s.Entries(e.ctx, scores, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			me, found := FindEntry(es, sam)
			if found != tc.wantSam || me.Paused != tc.wantPause || selfHidden != tc.hidden {
				t.Errorf("%s: Sam shown %v paused %v, self hidden %v", tc.name, found, me.Paused, selfHidden)
			}
			if !found && (es[0].ID != kim || es[0].Rank != 1) {
				t.Errorf("%s: without Sam, Kim should lead: %+v", tc.name, es)
			}
		}
		// Opting in shows the entry to everyone, unmarked.
		e.update(sam, func(m *store.Member) { m.ShowInjured = true })
		es, _, _ := e.s.Entries(e.ctx, scores, Viewer{})
		if me, ok := FindEntry(es, sam); !ok || me.Paused || me.Rank != 1 {
			t.Errorf("opted in: %+v", es)
		}
	})
}

// The scheduled posts' content: standings once a challenge has runs, final
// results once it is over (and not again once finished), one nudge per
// quiet member per challenge.
func TestStandingsFinalResultsAndNudges(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.join(club, ch, sam)
		e.join(club, ch, kim)
		e.logRun(sam, e.today(), 5000, 0)
		nudges := func(at time.Time) []Nudge {
			t.Helper()
			ns, err := e.s.NudgeCandidates(e.ctx, club, at)
			if err != nil {
				t.Fatal(err)
			}
			return ns
		}
		if ns := nudges(e.clock.Now()); len(ns) != 0 {
			t.Errorf("first week: %+v", ns)
		}
		e.clock.Add(7 * 24 * time.Hour)
		if ns := nudges(e.clock.Now()); len(ns) != 1 || ns[0].MemberID != kim {
			t.Fatalf("after a quiet week: %+v, want Kim (Sam ran 7 days ago)", ns)
		}
		ns := nudges(e.clock.Now().Add(24 * time.Hour))
		if len(ns) != 2 {
			t.Fatalf("a day later: %d nudges, want 2", len(ns))
		}
		for _, n := range ns {
			for _, w := range []string{"Club Fifty", "No pressure", "/challenge pause", "/run 3k"} {
				if !strings.Contains(read(n.Text), w) {
					t.Errorf("nudge lacks %q: %s", w, n.Text)
				}
			}
			if n.Key != NudgeKey(store.ChallengeKey(club, ch.ID)) || n.TTL < 24*time.Hour {
				t.Errorf("nudge mark %q for %s", n.Key, n.TTL)
			}
			if _, err := e.st.Mark(e.ctx, string(n.MemberID), n.Key, n.TTL); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Add(24 * time.Hour)
		if ns := nudges(e.clock.Now()); len(ns) != 0 {
			t.Errorf("once nudged: %+v", ns)
		}

		standings, err := e.s.Standings(e.ctx, club, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"This week's standings", "1. Sam — 5 km", "2. Kim — 0 km"} {
			if !strings.Contains(read(standings), w) {
				t.Errorf("standings lack %q:\n%s", w, standings)
			}
		}
		if rs, _ := e.s.FinalResults(e.ctx, club, e.clock.Now()); len(rs) != 0 {
			t.Errorf("final results before the end: %+v", rs)
		}
		e.clock.Add(30 * 24 * time.Hour)
		rs, err := e.s.FinalResults(e.ctx, club, e.clock.Now())
		if err != nil || len(rs) != 1 || !strings.Contains(read(rs[0].Text), "Final results: Club Fifty") || !strings.Contains(read(rs[0].Text), "1. Sam — 5 km") {
			t.Fatalf("final results: %+v, %v", rs, err)
		}
		if s, _ := e.s.Standings(e.ctx, club, e.clock.Now()); s != "" {
			t.Errorf("standings after the end: %q", s)
		}
		if err := e.s.FinishChallenge(e.ctx, club, rs[0].ChallengeID); err != nil {
			t.Fatal(err)
		}
		if rs, _ := e.s.FinalResults(e.ctx, club, e.clock.Now()); len(rs) != 0 {
			t.Errorf("final results twice: %+v", rs)
		}
		if c := e.clubOf(club).Challenges[0]; !c.Ended || !c.Finished {
			t.Errorf("after finishing: %+v", c)
		}
	})
}

func TestPausedAndRecentlyJoinedMembersAreNotNudged(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		e.join(club, ch, sam)
		e.update(sam, func(m *store.Member) { m.Injured = true; m.Units = "mi" })
		e.clock.Add(8 * 24 * time.Hour)
		e.join(club, ch, kim) // joins on day 8: owed a quiet week first
		if ns, err := e.s.NudgeCandidates(e.ctx, club, e.clock.Now()); err != nil || len(ns) != 0 {
			t.Errorf("nudged a paused or new member: %+v, %v", ns, err)
		}
		e.clock.Add(7 * 24 * time.Hour)
		if ns, _ := e.s.NudgeCandidates(e.ctx, club, e.clock.Now()); len(ns) != 1 || ns[0].MemberID != kim {
			t.Errorf("a week after joining: %+v, want Kim only", ns)
		}
	})
}

func TestFinishedChallengesArePruned(t *testing.T) {
	t.Parallel()
	cl := store.Club{ChallengeSeq: 3}
	today := "2026-11-25"
	for i := range 14 {
		cl.Challenges = append(cl.Challenges, store.Challenge{ID: "c" + string(rune('a'+i)), Finished: true, End: "2026-11-20"})
	}
	cl.Challenges = append(cl.Challenges,
		store.Challenge{ID: "c40", Finished: true, End: "2026-01-01"}, // newest by order, but long over
		store.Challenge{ID: "c41", End: "2026-12-01"})                 // open: always kept
	// Of the ten newest finished, c40 goes for its age; the older five
	// go past the bound; the open one stays.
	gone := pruneFinished(&cl, today)
	var kept []string
	for _, ch := range cl.Challenges {
		kept = append(kept, ch.ID)
	}
	if want := []string{"cf", "cg", "ch", "ci", "cj", "ck", "cl", "cm", "cn", "c41"}; !slices.Equal(kept, want) {
		t.Errorf("kept %v, want %v", kept, want)
	}
	if len(gone) != 6 || cl.ChallengeSeq != 41 {
		t.Errorf("pruned %d, seq %d; want 6 and the highest id seen (41)", len(gone), cl.ChallengeSeq)
	}
}

func TestClubMovedRekeysBoardsAndMembers(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		const moved = "telegram:-100999"
		ch := e.fifty()
		e.join(club, ch, sam)
		e.join(club, ch, kim)
		e.logRun(sam, e.today(), 5000, 0)
		e.logRun(kim, e.today(), 2000, 0)
		e.update(sam, func(m *store.Member) { m.Clubs = []ids.ClubID{club} })
		for range 2 { // a retried move changes nothing
			if err := e.s.MoveClub(e.ctx, club, moved); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.score(moved, ch.ID, sam); got != 5000 || e.score(club, ch.ID, sam) != -1 {
			t.Errorf("moved entry %d m, old entry %d; want 5000 and none", got, e.score(club, ch.ID, sam))
		}
		m := e.member(sam)
		if !slices.Equal(m.Clubs, []ids.ClubID{moved}) || !slices.Equal(m.Challenges, []string{store.ChallengeKey(moved, ch.ID)}) || !slices.Equal(m.Boards, []string{BoardName(moved, ch.ID)}) {
			t.Errorf("member after the move: clubs %v challenges %v boards %v", m.Clubs, m.Challenges, m.Boards)
		}
		if _, cs := e.logRun(sam, e.today(), 3219, 0); len(cs) != 1 || cs[0].Score != 8219 {
			t.Errorf("a run after the move: %+v", cs)
		}
		e.undoRun(kim)
		if got := e.score(moved, ch.ID, kim); got != 0 {
			t.Errorf("undo after the move: %d m, want 0", got)
		}
		if err := e.s.MoveClub(e.ctx, "telegram:-1", "telegram:-2"); err != nil {
			t.Errorf("moving a club with nothing stored: %v", err)
		}
	})
}

func TestDeleteClubRemovesItsBoardsAndNamesItsMembers(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *env) {
		t := e.t
		ch := e.fifty()
		other := e.create(club2, store.Challenge{Name: "Elsewhere", GoalM: 10_000}, 10)
		e.join(club, ch, sam)
		e.join(club2, other, sam)
		e.logRun(sam, e.today(), 5000, 0)
		if _, err := e.st.UpdateClub(e.ctx, club, func(c *store.Club) error { c.Members = []ids.MemberID{ann, sam}; return nil }); err != nil {
			t.Fatal(err)
		}
		members, err := e.s.DeleteClub(e.ctx, e.clubOf(club))
		if err != nil || !slices.Equal(members, []ids.MemberID{ann, sam}) {
			t.Fatalf("delete: members %v, %v", members, err)
		}
		if e.score(club, ch.ID, sam) != -1 || e.score(club2, other.ID, sam) != 5000 {
			t.Errorf("boards after delete: %d (want gone), other club's %d", e.score(club, ch.ID, sam), e.score(club2, other.ID, sam))
		}
		m := e.member(sam)
		m.Clubs = []ids.ClubID{club, club2}
		DropClub(&m, club)
		if !slices.Equal(m.Clubs, []ids.ClubID{club2}) || !slices.Equal(m.Challenges, []string{store.ChallengeKey(club2, other.ID)}) || !slices.Equal(m.Boards, []string{BoardName(club2, other.ID)}) {
			t.Errorf("after DropClub: clubs %v challenges %v boards %v", m.Clubs, m.Challenges, m.Boards)
		}
	})
}

func TestBoardNamesRoundTrip(t *testing.T) {
	t.Parallel()
	b := BoardName("discord:123", "c7")
	if c, id, ok := ParseBoard(b); !ok || c != "discord:123" || id != "c7" {
		t.Errorf("ParseBoard(%q) = %q %q %v", b, c, id, ok)
	}
	for _, bad := range []string{"week:x", "chal:nokey", "chal:/c1", "chal:club/"} {
		if _, _, ok := ParseBoard(bad); ok {
			t.Errorf("ParseBoard(%q) accepted", bad)
		}
	}
}
