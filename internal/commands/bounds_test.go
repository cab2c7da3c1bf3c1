package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// Issue 15, item 5: one member cannot add without bound. Each typed entry
// has a cap per 24 hours; the entry past it gets a friendly refusal, is not
// stored, and a day later entries are taken again. On both stores.
func TestDailyCapsOnTypedEntries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		line  string
		cap   int
		count func(st store.Store, member string) int
	}{
		{"runs", "/run 5k", MaxRunsPerDay, func(st store.Store, m string) int {
			rs, _ := st.Runs(context.Background(), ids.MemberID(m), "", "")
			return len(rs)
		}},
		{"pains", "/pain 2 knee", MaxPainsPerDay, func(st store.Store, m string) int {
			ps, _ := st.Pains(context.Background(), ids.MemberID(m), time.Time{})
			return len(ps)
		}},
		{"cadence", "/cadence 170", MaxCadencePerDay, func(st store.Store, m string) int {
			cs, _ := st.Cadences(context.Background(), ids.MemberID(m), 0)
			return len(cs)
		}},
		{"balance", "/balance 40 left", MaxBalancesPerDay, func(st store.Store, m string) int {
			bs, _ := st.Balances(context.Background(), ids.MemberID(m), 0)
			return len(bs)
		}},
	}
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for _, c := range cases {
				clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
				h := newHarnessOn(t, b.Open(t, clock.Now), func(d *Deps) { d.Clock = clock.Now })
				h.clock = clock
				member := "telegram:5" + fmt.Sprint(len(c.name))
				for i := range c.cap {
					if got := h.sayText(member, c.line); strings.Contains(got, "the most I keep") {
						t.Fatalf("%s: refused entry %d of %d: %s", c.name, i+1, c.cap, got)
					}
				}
				got := h.sayText(member, c.line)
				mustContain(t, got, fmt.Sprintf("%d", c.cap), "in the last 24 hours", "didn't save")
				if n := c.count(h.st, member); n != c.cap {
					t.Fatalf("%s: %d stored, want exactly the cap %d", c.name, n, c.cap)
				}
				// Another member is not affected.
				if got := h.sayText("telegram:99", c.line); strings.Contains(got, "the most I keep") {
					t.Fatalf("%s: another member refused: %s", c.name, got)
				}
				// A day later the window has moved on.
				h.clock.Add(24 * time.Hour)
				if got := h.sayText(member, c.line); strings.Contains(got, "the most I keep") {
					t.Fatalf("%s: still refused a day later: %s", c.name, got)
				}
				if n := c.count(h.st, member); n != c.cap+1 {
					t.Fatalf("%s: %d stored after a day, want %d", c.name, n, c.cap+1)
				}
			}
		})
	}
}

// Retention runs for a member once a month after they save an entry: runs
// older than two years become weekly totals and old health records go,
// recent ones stay. On both stores.
func TestRetentionAppliedMonthlyOnSave(t *testing.T) {
	t.Parallel()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			h := newHarnessOn(t, b.Open(t, clock.Now), func(d *Deps) { d.Clock = clock.Now })
			h.clock = clock
			ctx := context.Background()
			const m = "telegram:8"
			seed := func(date string) {
				t.Helper()
				if _, err := h.st.AddRun(ctx, m, store.Run{Date: date, Meters: 5000}); err != nil {
					t.Fatal(err)
				}
			}
			seed("2023-06-05") // Mon and Wed of one week, 3.5 years ago
			seed("2023-06-07")
			seed("2025-06-02") // within two years: kept as they are
			seed("2025-06-04")
			if _, err := h.st.AddPain(ctx, m, store.Pain{At: time.Date(2023, 6, 5, 8, 0, 0, 0, time.UTC), Score: 3, Where: "knee", Level: "amber"}); err != nil {
				t.Fatal(err)
			}
			count := func(from, to string) int {
				rs, err := h.st.Runs(ctx, m, from, to)
				if err != nil {
					t.Fatal(err)
				}
				return len(rs)
			}
			mustContain(t, h.sayText(m, "/run 5k"), "Logged 5 km")
			if n := count("2023-01-01", "2023-12-31"); n != 1 {
				t.Fatalf("2023 runs after a save: %d, want 1 weekly total", n)
			}
			if n := count("2025-01-01", "2025-12-31"); n != 2 {
				t.Fatalf("recent runs compacted: %d, want 2", n)
			}
			if ps, _ := h.st.Pains(ctx, m, time.Time{}); len(ps) != 0 {
				t.Fatalf("a 2023 pain report outlived the retention: %+v", ps)
			}
			// Once a month: more old runs stay until next month's first save.
			seed("2023-07-03")
			seed("2023-07-05")
			h.sayText(m, "/cadence 170")
			if n := count("2023-07-01", "2023-07-31"); n != 2 {
				t.Fatalf("retention ran twice in a month: %d July runs", n)
			}
			h.clock.Add(7 * 24 * time.Hour) // December
			h.sayText(m, "/balance 40")
			if n := count("2023-07-01", "2023-07-31"); n != 1 {
				t.Fatalf("next month's save did not compact: %d July runs", n)
			}
		})
	}
}

// /mydata for a member with a lot stored comes as a JSON file with a
// one-line summary, not dozens of messages; a small export stays a message.
func TestMyDataLargeComesAsAFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const m = "telegram:12"
	for i := range 40 {
		if _, err := h.st.AddRun(ctx, m, store.Run{Date: "2026-10-01", Meters: int64(5000 + i), Notes: "steady loop with the club"}); err != nil {
			t.Fatal(err)
		}
	}
	resp := h.say(m, "/mydata")
	if resp.File == nil {
		t.Fatalf("a large export came as text (%d characters)", len(resp.Text))
	}
	if !resp.Private || resp.File.MIME != "application/json" || !strings.HasSuffix(resp.File.Name, ".json") {
		t.Errorf("file %+v private=%v", resp.File.Name, resp.Private)
	}
	var exp store.Export
	if err := json.Unmarshal(resp.File.Data, &exp); err != nil || len(exp.Runs) != 40 || exp.Member.ID != m {
		t.Fatalf("file is not the export: %v, %d runs", err, len(exp.Runs))
	}
	mustContain(t, resp.Text, "40 runs")
	if len(resp.Text) > 500 {
		t.Errorf("summary is %d characters", len(resp.Text))
	}
	h.say("telegram:13", "/run 5k")
	if small := h.say("telegram:13", "/mydata"); small.File != nil || !strings.Contains(small.Text, `"meters": 5000`) {
		t.Errorf("a small export: %+v", small)
	}
}

// Issue 15, item 5: finished challenges leave the club document once no
// one is shown them (past the 10 newest, or ended over 90 days ago), with
// their boards; ids are never reused; recent results stay readable. On
// both stores.
func TestFinishedChallengesArePrunedFromTheClub(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		finish := func(name string) string {
			t.Helper()
			has(t, e.text(ann, `/challenge new "`+name+`" 5km `+e.today()+" "+e.today()), "New challenge: "+name)
			e.say(sam, `/challenge join "`+name+`"`)
			e.logRun(sam, e.today(), 5000)
			has(t, e.text(ann, `/challenge end "`+name+`"`), "has ended")
			club, err := e.st.Club(e.ctx, tClub)
			if err != nil {
				t.Fatal(err)
			}
			id := club.Challenges[len(club.Challenges)-1].ID
			if err := e.r.challenges.FinishChallenge(e.ctx, tClub, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		var ids []string
		for i := range 25 {
			ids = append(ids, finish(fmt.Sprintf("Cycle %d", i+1)))
			e.clock.Add(time.Hour)
		}
		const keepFinished = 10 // the newest finished ones stay readable
		club, err := e.st.Club(e.ctx, tClub)
		if err != nil {
			t.Fatal(err)
		}
		if len(club.Challenges) != keepFinished {
			t.Fatalf("club document holds %d challenges after 25 cycles, want %d", len(club.Challenges), keepFinished)
		}
		if club.Challenges[0].Name != "Cycle 16" || club.Challenges[keepFinished-1].Name != "Cycle 25" {
			t.Errorf("kept %s … %s, want the newest", club.Challenges[0].Name, club.Challenges[keepFinished-1].Name)
		}
		if e.score(tClub, ids[0], sam) != -1 || e.score(tClub, ids[24], sam) <= 0 {
			t.Errorf("boards: pruned %d, kept %d; want the pruned one gone", e.score(tClub, ids[0], sam), e.score(tClub, ids[24], sam))
		}
		has(t, e.text(sam, "/challenge list"), "Finished:", "Cycle 25")
		has(t, e.text(sam, `/challenge board "Cycle 20"`), "Cycle 20")
		// A new challenge never takes a pruned one's id (its board is gone,
		// but a stale key in a member's list must not point at it).
		has(t, e.text(ann, `/challenge new "Fresh" 5km `+e.today()+" "+e.day(10)), "New challenge: Fresh")
		club, _ = e.st.Club(e.ctx, tClub)
		fresh := club.Challenges[len(club.Challenges)-1]
		if slices.Contains(ids, fresh.ID) || fresh.ID != "c26" {
			t.Errorf("new challenge id %s, want c26 (never reused)", fresh.ID)
		}
		// 90 days on, the next results post also drops the old finished ones.
		e.clock.Add(91 * 24 * time.Hour)
		finish("Spring")
		club, _ = e.st.Club(e.ctx, tClub)
		var names []string
		for _, ch := range club.Challenges {
			names = append(names, ch.Name)
		}
		if len(names) != 2 || names[0] != "Fresh" || names[1] != "Spring" {
			t.Errorf("after 90 days the club holds %v, want [Fresh Spring]", names)
		}
	})
}
