package commands

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// Scenarios from issue 14 ("one coach, one voice"): each reproduces a
// bullet of what a week of use showed, on both stores.

// onBothStores runs scenario on the embedded and the Redis store.
func onBothStores(t *testing.T, scenario func(h *harness)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var h *harness
			st := b.Open(t, func() time.Time { return h.clock.Now() })
			h = newHarnessOn(t, st)
			scenario(h)
		})
	}
}

func mustNotContain(t *testing.T, got string, bads ...string) {
	t.Helper()
	for _, b := range bads {
		if strings.Contains(got, b) {
			t.Errorf("reply contains %q:\n%s", b, got)
		}
	}
}

// Wrong numbers, silently: time-only runs, metres read as minutes, dates
// and times dropped into notes, junk saved as notes.
func TestScenarioRunNeverGuesses(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		t.Helper()
		ctx := context.Background()
		const me = "telegram:1401"
		got := h.sayText(me, "/run 30 min")
		mustContain(h.t, got, "Logged 30 min", "no distance")
		mustNotContain(h.t, got, "30 km")
		mustContain(h.t, h.sayText(me, "/run 20 minutes easy"), "Logged 20 min", "notes: easy")
		mustContain(h.t, h.sayText(me, "/run 45m"), "Logged 45 min")
		got = h.sayText(me, "/run 5k 2 weeks ago")
		mustContain(h.t, got, "Logged 5 km on Wed 11 Nov")
		mustContain(h.t, h.sayText(me, "/run 5 km easy 30:00"), "5 km", "30:00", "notes: easy")
		mustContain(h.t, h.sayText(me, "/run 5k parkrun 24:10"), "24:10", "notes: parkrun")
		mustContain(h.t, h.sayText(me, "/run 5k 4:30/km"), "22:30", "4:30 /km")
		for line, want := range map[string]string{
			"/run 5k 99:99:99":  "00 to 59",
			"/run 5k 1000spm":   "from 100 to 240",
			"/run 5k with Sam":  `didn't understand "with", "Sam"`,
			"/run 5k jan 1":     "more than 14 days",
			"/run 150m":         "minutes or metres",
			"/run 5k last week": "Name the day",
		} {
			mustContain(h.t, h.sayText(me, line), want)
		}
		runs, err := h.st.Runs(ctx, me, "", "")
		if err != nil {
			h.t.Fatal(err)
		}
		if len(runs) != 7 {
			h.t.Fatalf("stored %d runs, want 7 (refused lines store nothing): %+v", len(runs), runs)
		}
		if r := runs[0]; r.Date != "2026-11-11" || r.Meters != 5000 || r.Notes != "" {
			h.t.Errorf("2 weeks ago stored as %+v", r)
		}
		var timeOnly int
		for _, r := range runs {
			if r.Meters == 0 {
				timeOnly++
				if r.Seconds == 0 {
					h.t.Errorf("a time-only run without its time: %+v", r)
				}
			}
		}
		if timeOnly != 3 {
			h.t.Errorf("%d time-only runs, want 3", timeOnly)
		}
		// /run edit adds a distance to a time-only run and fixes a date.
		got = h.sayText(me, "/run edit r1 6k yesterday -- with the club")
		mustContain(h.t, got, "Fixed", "6 km on Tue 24 Nov", "30:00", "notes: with the club")
		got = h.sayText(me, "/run edit r9 6k")
		mustContain(h.t, got, `can't find a run with id "r9"`)
	})
}

func TestRunNotesAreCleaned(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	got := h.sayText("telegram:1402", "/run 5k -- felt \x00good\uFFFD and strong")
	mustContain(t, got, "notes: felt good and strong")
}

// Organisers: /challenge new reads every date form /run reads, pointing
// forward ("jan 1" is the next one); /run reads the same forms backward.
func TestChallengeDatesShareTheRunDateReader(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]string{
		"dec 1 dec 31":          {"2026-12-01", "2026-12-31"},
		"jan 1 jan 31":          {"2027-01-01", "2027-01-31"},
		"today sun":             {"2026-11-25", "2026-11-29"},
		"2026-12-01 2026-12-31": {"2026-12-01", "2026-12-31"},
		"1st dec 31st december": {"2026-12-01", "2026-12-31"},
		"tomorrow next sat":     {"2026-11-26", "2026-11-28"},
	} {
		s, e, err := challengeDates(strings.Fields(in), "2026-11-25")
		if err != nil || s != want[0] || e != want[1] {
			t.Errorf("challengeDates(%q) = %s, %s, %v; want %s, %s", in, s, e, err, want[0], want[1])
		}
	}
	for in, want := range map[string]string{"12/1 12/31": "day from the month", "dec 1": "start and an end", "dec 1 banana": `"banana"`} {
		if _, _, err := challengeDates(strings.Fields(in), "2026-11-25"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("challengeDates(%q): %v, want an error with %q", in, err, want)
		}
	}
	onEveryStore(t, func(e *chalEnv) {
		got := e.text(ann, `/challenge new "December 100" 100km dec 1 dec 31 team`)
		mustContain(e.t, got, "New challenge: December 100", "1 Dec", "31 Dec")
	})
}

// The long-run cap disagrees with itself; back-dated runs skip the checks;
// false reassurance; a spike endorsed; new members' false alarms.
func TestScenarioOneLoadModel(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		const me = "telegram:1410"
		first := h.sayText(me, "/run 8k")
		mustContain(h.t, first, "/settings baseline 30km 12km")
		mustNotContain(h.t, h.sayText(me, "/run 3k"), "/settings baseline 30km") // asked once
		r := h.sayText(me, "/run 10k")
		w := h.sayText(me, "/week")
		mustContain(h.t, r, "Next long run: about 11 km at most")
		mustContain(h.t, w, "Next long run: about 11 km at most")
		// Miles: the same cap in the member's units, never a stray km figure.
		h.say(me, "/settings units mi")
		r = h.sayText(me, "/run 10 miles")
		mustContain(h.t, r, "Next long run: about 11 mi at most")
		mustContain(h.t, h.sayText(me, "/week"), "Next long run: about 11 mi at most")
		// A back-dated run is checked against the runs before it and its
		// week is named, not called "this week".
		r = h.sayText(me, "/run 3mi 2026-11-18")
		mustContain(h.t, r, "Week of 16 Nov", "Nothing logged the week before")
		mustNotContain(h.t, r, "This week so far")
	})
}

func TestScenarioBaselineForNewMembers(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		const me = "telegram:1411"
		mustContain(h.t, h.sayText(me, "/settings baseline 40km 20km"), "baseline 40 km a week, longest run 20 km")
		mustContain(h.t, h.sayText(me, "/settings"), "Baseline: 40 km a week, longest run 20 km")
		h.say(me, "/run 10k 2026-11-20")
		r := h.sayText(me, "/run half marathon")
		mustNotContain(h.t, r, "2.28", "111%", "⚠️")
		mustContain(h.t, r, "Within 10% of your longest recent run, baseline included (20 km)")
		mustContain(h.t, h.sayText(me, "/week"), "use your baseline")
		mustContain(h.t, h.sayText(me, "/settings baseline 10km 20km"), "can't be more than a usual week")
		mustContain(h.t, h.sayText(me, "/settings baseline off"), "no baseline")
	})
}

// For any run history, the cap /run states equals the cap /week states.
func TestPropertyRunAndWeekStateOneCap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 14))
	for trial := range 12 {
		h := newHarness(t)
		me := fmt.Sprintf("telegram:15%02d", trial)
		if rng.IntN(3) == 0 {
			h.say(me, fmt.Sprintf("/settings baseline %dkm %dkm", 20+rng.IntN(40), 5+rng.IntN(15)))
		}
		if rng.IntN(2) == 0 {
			h.say(me, "/settings units mi")
		}
		for range 1 + rng.IntN(8) {
			line := fmt.Sprintf("/run %d.%dk %d days ago", 1+rng.IntN(25), rng.IntN(10), rng.IntN(15))
			if rng.IntN(5) == 0 {
				line = fmt.Sprintf("/run %d min", 20+rng.IntN(60))
			}
			h.say(me, line)
		}
		r := h.sayText(me, fmt.Sprintf("/run %dk", 1+rng.IntN(30)))
		w := h.sayText(me, "/week")
		cr, cw := capOf(r), capOf(w)
		if cr == "" || cr != cw {
			t.Fatalf("trial %d: /run says %q, /week says %q\n--- /run:\n%s\n--- /week:\n%s", trial, cr, cw, r, w)
		}
	}
}

var capRE = regexp.MustCompile(`Next long run: about ([0-9.]+ (?:km|mi))`)

func capOf(s string) string {
	if m := capRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// Safety contradicted one message later: after a red report /run logs but
// says so and gives no targets, /week leads with it, a lower score doesn't
// close it, and it closes only on a yes.
func TestScenarioOpenRedFlagGovernsEveryReply(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		ctx := context.Background()
		const me = "telegram:1420"
		h.say(me, "/run 8k yesterday")
		mustContain(h.t, h.sayText(me, "/pain 6 shin, sharp on one spot of the bone"), "🔴")
		r := h.sayText(me, "/run 10k")
		mustContain(h.t, r, "Logged 10 km", "The red flag on your shin (since Wed 25 Nov) is still open")
		mustNotContain(h.t, r, "Next long run", "next week", "⚠️ That run")
		w := h.sayText(me, "/week")
		if !strings.HasPrefix(w, "🔴") {
			h.t.Errorf("/week does not lead with the red flag:\n%s", w)
		}
		mustNotContain(h.t, w, "Next long run", "3/10", "next week")
		// A lower score doesn't close it; an urgent flag asks whether it was checked.
		resp := h.say(me, "/pain 2 shin")
		mustContain(h.t, resp.Text, "Has it been checked by a physio or doctor?")
		if m, _ := h.st.Member(ctx, me); len(m.OpenRedFlags()) != 1 {
			h.t.Errorf("a lower score closed the flag: %+v", m.Places)
		}
		var yes string
		for _, b := range resp.Buttons {
			if strings.HasSuffix(b.Command, " yes") {
				yes = b.Command
			}
		}
		if yes != "/pain clear shin yes" {
			h.t.Fatalf("buttons %+v", resp.Buttons)
		}
		mustContain(h.t, h.sayText(me, "/pain clear shin no"), "stays open")
		mustContain(h.t, h.sayText(me, "/run 3k"), "red flag on your shin")
		mustContain(h.t, h.sayText(me, yes), "Closed the red flag for your shin", "Pain edge for your shin: 3/10")
		mustContain(h.t, h.sayText(me, "/run 3k"), "Next long run")
		mustNotContain(h.t, h.sayText(me, "/week"), "🔴 The red flag")
	})
}

// After /checkin worse the week's worst is red, and the check-in names the
// niggle it is about; one pain edge per place everywhere.
func TestScenarioCheckinAndEdgesAgree(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		const me = "telegram:1421"
		mustContain(h.t, h.sayText(me, "/pain 5 knee"), "Pain edge for your knee: 2/10")
		h.say(me, "/pain 4 calf")
		h.clock.Add(18 * time.Hour)
		got := h.sayText(me, "/checkin worse p1")
		mustContain(h.t, got, "About your knee (report p1)", "🔴")
		w := h.sayText(me, "/week")
		mustContain(h.t, w, "worst 5/10 🔴")
		if !strings.HasPrefix(w, "🔴 The red flag on your knee") {
			h.t.Errorf("/week after a worse check-in:\n%s", w)
		}
		// The calf stays amber with its own edge once the knee is cleared.
		h.say(me, "/pain clear knee yes")
		w = h.sayText(me, "/week")
		mustContain(h.t, w, "Pain edge for your calf: 3/10")
		mustNotContain(h.t, w, "2/10", "5/10 during")
		mustContain(h.t, h.sayText(me, "/pain clear calf"), "settled")
		mustNotContain(h.t, h.sayText(me, "/week"), "Pain edge")
	})
}

// Organisers: a name can't be reused right after /challenge end; joining
// an ended challenge says it ended; standings skip empty boards (and say
// "no runs yet" once); a miles goal shows as set, with the reader's units.
func TestScenarioOrganisers(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		mustContain(e.t, e.text(ann, `/challenge new "Fifty" 50km today `+e.day(20)), "New challenge: Fifty")
		mustContain(e.t, e.text(ann, `/challenge end Fifty`), "Fifty")
		mustContain(e.t, e.text(ann, `/challenge new "Fifty" 50km today `+e.day(20)), "ended recently", `"Fifty 2"`)
		mustContain(e.t, e.text(sam, `/challenge join Fifty`), "Fifty has ended")
		mustContain(e.t, e.text(ann, `/challenge new "Winter Miles" 100mi today `+e.day(20)+` team`), "100 mi (161 km) together")
		mustContain(e.t, e.text(ann, `/challenge new "Quiet" 20km today `+e.day(20)), "New challenge: Quiet")
		mustContain(e.t, e.text(ann, `/challenge new "Busy" 20km today `+e.day(20)), "New challenge: Busy")
		e.say(kim, `/challenge join Busy`)
		e.say(kim, `/run 5k`, from{dm: true})
		s, err := e.r.challenges.Standings(e.ctx, tClub, e.clock.Now())
		if err != nil {
			e.t.Fatal(err)
		}
		mustContain(e.t, s, "Busy", "No runs yet on \"Winter Miles\", Quiet")
		mustNotContain(e.t, s, "Together: 0 km", "No distance")
		if strings.Count(s, "No runs yet") != 1 {
			e.t.Errorf("'no runs yet' more than once:\n%s", s)
		}
		// The club's units for public posts.
		mustContain(e.t, e.text(ann, `/club units mi`), "will use mi")
		s, _ = e.r.challenges.Standings(e.ctx, tClub, e.clock.Now())
		mustContain(e.t, s, "3.1 mi", "20 km (12 mi)")
	})
}

// /mydata shows no zero timestamps nor internal keys, and reading it after
// /forgetme confirm creates no new record.
func TestScenarioMyData(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		e.say(ann, `/challenge new "Fifty" 50km today `+e.day(20))
		e.say(sam, `/challenge join Fifty`)
		e.say(sam, `/run 5k`, from{dm: true})
		got := e.text(sam, "/mydata", from{dm: true})
		mustContain(e.t, got, `"challenges": [`, `"Fifty"`, `"date": "2026-11-25"`)
		mustNotContain(e.t, got, "0001-01-01", tClub+"/c1", "chal:")
		e.say(sam, "/forgetme", from{dm: true})
		mustContain(e.t, e.text(sam, "/forgetme confirm", from{dm: true}), "deleted")
		mustContain(e.t, e.text(sam, "/mydata", from{dm: true}), "I don't store anything about you")
		if _, err := e.st.Member(e.ctx, sam); err == nil {
			e.t.Error("/mydata after /forgetme created a member record")
		}
	})
}

// Discord can't type "/pain clear": /pain_clear does the same.
func TestPainClearCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:1440"
	h.say(me, "/pain 7 left knee")
	mustContain(t, h.sayText(me, "/pain_clear left knee"), "Has it been checked, or has it fully settled?")
	mustContain(t, h.sayText(me, "/pain_clear knee yes"), "Closed the red flag for your left knee", "Pain edge for your left knee: 2/10")
	mustContain(t, h.sayText(me, "/pain_clear knee"), "Nothing is open")
}
