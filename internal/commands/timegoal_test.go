package commands

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimeGoal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in     string
		sec    int64
		isTime bool
		err    bool
	}{
		{"50h", 50 * 3600, true, false},
		{"30 hours", 30 * 3600, true, false},
		{"90min", 90 * 60, true, false},
		{"90 minutes", 90 * 60, true, false},
		{"1h30m", 5400, true, false},
		{"1h30", 5400, true, false},
		{"1.5h", 5400, true, false},
		{"2,5h", 9000, true, false},
		{"10min", 0, true, true},         // too small a goal
		{"200000h", 0, true, true},       // too large
		{"90", 0, false, false},          // a bare number is a distance
		{"100km", 0, false, false},       // a distance
		{"60mi", 0, false, false},        // miles are not minutes
		{"", 0, false, false},            // nothing
		{"h", 0, false, false},           // no number
		{"50hx", 0, false, false},        // not read
		{"5 km 30 min", 0, false, false}, // not a goal
	} {
		sec, isTime, err := parseTimeGoal(c.in)
		if sec != c.sec || isTime != c.isTime || (err != nil) != c.err {
			t.Errorf("parseTimeGoal(%q) = %d, %v, %v; want %d, %v, err %v", c.in, sec, isTime, err, c.sec, c.isTime, c.err)
		}
	}
}

func TestTimeChallengeNewForms(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		dates := " today " + e.day(30)
		has(t, e.text(ann, `/challenge new "Winter hours" 50h`+dates), "New challenge: Winter hours", "50 h each")
		has(t, e.text(ann, `/challenge new "Lunch runs" 90 min`+dates), "1 h 30 min each")
		has(t, e.text(ann, `/challenge new "Quick one" 1h 30m`+dates), "1 h 30 min each")
		has(t, e.text(ann, `/challenge new "Club hours" 30 hours`+dates+" team"), "30 h together")
		has(t, e.text(ann, `/challenge new "Tiny" 5 min`+dates), "between 30 min and 100,000 h")
		has(t, e.text(ann, `/challenge new "Km one" 50 km`+dates), "50 km each")
		club, err := e.st.Club(e.ctx, tClub)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]int64{"Winter hours": {0, 50 * 3600}, "Lunch runs": {0, 5400}, "Quick one": {0, 5400}, "Club hours": {0, 30 * 3600}, "Km one": {50000, 0}}
		if len(club.Challenges) != len(want) {
			t.Fatalf("%d challenges stored, want %d", len(club.Challenges), len(want))
		}
		for _, ch := range club.Challenges {
			if w := want[ch.Name]; ch.GoalM != w[0] || ch.GoalS != w[1] {
				t.Errorf("%s: goal %d m, %d s; want %d m, %d s", ch.Name, ch.GoalM, ch.GoalS, w[0], w[1])
			}
		}
		has(t, e.text(sam, "/challenge list"), "Winter hours — 50 h each", "Km one — 50 km each")
	})
}

// A time challenge beside a distance one: time-only runs count on the
// first only, distance-only runs on the second only, runs with both on
// both; undo, edit and an admin's remove take the same quantity off.
func TestTimeChallengeBesideDistance(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		dates := " today " + e.day(30)
		e.say(ann, `/challenge new "Winter hours" 50h`+dates) // c1
		e.say(ann, `/challenge new "Club Fifty" 50km`+dates)  // c2
		has(t, e.text(sam, `/challenge join "Winter hours"`), "You're in Winter hours", "the minutes count here")
		e.say(sam, `/challenge join "Club Fifty"`)
		score := func(id string) int64 { return e.score(tClub, id, sam) }

		got := e.text(sam, "/run 30 min") // r1
		has(t, got, "🏁 Winter hours: 30 min of 50 h")
		lacks(t, got, "Club Fifty")
		got = e.text(sam, "/run 5k 28:00") // r2
		has(t, got, "🏁 Winter hours: 58 min of 50 h", "🏁 Club Fifty: 5 km of 50 km")
		got = e.text(sam, "/run 8k") // r3: no time
		has(t, got, "🏁 Club Fifty: 13 km of 50 km")
		lacks(t, got, "Winter hours")
		if score("c1") != 3480 || score("c2") != 13000 {
			t.Fatalf("boards: %d s, %d m; want 3480 s, 13000 m", score("c1"), score("c2"))
		}

		board := e.text(sam, `/challenge board "Winter hours"`)
		has(t, board, "Winter hours — 50 h each", "1. Sam — 58 min", "You: #1 · 58 min of 50 h (1%)")
		lacks(t, board, "km")
		has(t, e.text(kim, `/challenge board "Winter hours"`), "1. Sam — 58 min", "You're not in yet")
		has(t, e.text(sam, `/challenge board "Club Fifty"`), "1. Sam — 13 km")

		// Undo of a distance-only run leaves the time board alone.
		has(t, e.text(sam, "/undo"), "off the challenge boards")
		if score("c1") != 3480 || score("c2") != 5000 {
			t.Errorf("after undoing the 8k: %d s, %d m; want 3480 s, 5000 m", score("c1"), score("c2"))
		}
		// Undo of a run with both takes both off.
		e.say(sam, "/undo r2")
		if score("c1") != 1800 || score("c2") != 0 {
			t.Errorf("after undoing 5k 28:00: %d s, %d m; want 1800 s, 0 m", score("c1"), score("c2"))
		}
		// Edits re-credit: a longer time, then a distance added to the
		// time-only run puts it on the distance board too.
		has(t, e.text(sam, "/run edit r1 45 min"), "Challenge boards updated")
		if score("c1") != 2700 || score("c2") != 0 {
			t.Errorf("after editing to 45 min: %d s, %d m; want 2700 s, 0 m", score("c1"), score("c2"))
		}
		e.say(sam, "/run edit r1 6k")
		if score("c1") != 2700 || score("c2") != 6000 {
			t.Errorf("after adding 6k: %d s, %d m; want 2700 s, 6000 m", score("c1"), score("c2"))
		}

		standings, err := e.r.challenges.Standings(e.ctx, tClub, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		has(t, standings, "Winter hours — 50 h each", "1. Sam — 45 min", "Club Fifty — 50 km each", "1. Sam — 6 km")

		img := e.say(sam, `/challenge board "Winter hours" chart`).Image
		if img == nil {
			t.Fatal("no chart")
		}
		has(t, img.Caption, "50 h each", "Sam — 45 min")
		lacks(t, img.Caption, "km")

		page, err := e.r.challenges.WebPage(e.ctx, tClub, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range page.Challenges {
			switch {
			case ch.Name == "Winter hours" && (!ch.Time || ch.GoalM != 50*3600 || ch.TotalM != 2700 || len(ch.Board) != 1 || ch.Board[0].Meters != 2700):
				t.Errorf("web page time challenge: %+v", ch)
			case ch.Name == "Club Fifty" && (ch.Time || ch.GoalM != 50000 || ch.TotalM != 6000):
				t.Errorf("web page distance challenge: %+v", ch)
			}
		}

		// An admin takes the run off both boards, each by its own quantity.
		has(t, e.text(ann, "/challenge remove Sam r1"), "Removed Sam's run r1 (6 km", "Winter hours", "Club Fifty")
		if score("c1") != 0 || score("c2") != 0 {
			t.Errorf("after remove: %d s, %d m; want 0, 0", score("c1"), score("c2"))
		}
		// A time-only run taken off by an admin names its time.
		e.say(sam, "/run 20 min") // r4
		got = e.text(ann, "/challenge remove Sam r4")
		has(t, got, "(20 min on", "Winter hours")
		lacks(t, got, "Club Fifty")
	})
}

func TestTeamTimeChallengeAndLateJoin(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.say(ann, `/challenge new "Team hours" 10h today `+e.day(30)+" team")
		// Kim runs before joining: the times count when she joins, the
		// distance-only run does not.
		e.say(kim, "/run 40 min")
		e.say(kim, "/run 5k 25:00")
		e.say(kim, "/run 3k")
		has(t, e.text(kim, "/challenge join"), "already count: 1 h 5 min")
		if got := e.score(tClub, "c1", kim); got != 3900 {
			t.Errorf("late join counted %d s, want 3900", got)
		}
		e.say(sam, "/challenge join")
		has(t, e.text(sam, "/run 55 min"), "🏁 Team hours: 2 h of 10 h together (you: 55 min)")
		board := e.text(kim, "/challenge board")
		has(t, board, "Team hours — 10 h together", "Together: 2 h of 10 h (20%)", "1. Kim — 1 h 5 min", "2. Sam — 55 min", "You: #1 · 1 h 5 min")
		lacks(t, board, "km")
		// Re-joining recounts to the same seconds, never twice.
		has(t, e.text(kim, "/challenge join"), "already in Team hours: 1 h 5 min so far")
		if got := e.score(tClub, "c1", kim); got != 3900 {
			t.Errorf("re-join made it %d s, want 3900", got)
		}
		// Reaching the shared goal says so once.
		got := e.text(sam, "/run 2h10m")
		lacks(t, got, "team goal reached")
		e.say(sam, "/run 2h")
		e.say(kim, "/run 2h")
		if got := e.text(kim, "/run 1h50m"); !strings.Contains(got, "10 h of 10 h together") || !strings.Contains(got, "team goal reached") {
			t.Errorf("no goal line at 10 h: %s", got)
		}
		lacks(t, e.text(sam, "/run 20 min"), "team goal reached")
	})
}

func TestTimeChallengeNudgeSuggestsMinutes(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.say(ann, `/challenge new "Winter hours" 50h today `+e.day(30))
		e.say(sam, "/challenge join")
		e.clock.Add(9 * 24 * time.Hour)
		ns, err := e.r.challenges.NudgeCandidates(e.ctx, tClub, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 1 || ns[0].MemberID != sam {
			t.Fatalf("nudges = %+v, want one for Sam", ns)
		}
		has(t, ns[0].Text, "Winter hours", "/run 20 min")
		lacks(t, ns[0].Text, "/run 3k")
	})
}
