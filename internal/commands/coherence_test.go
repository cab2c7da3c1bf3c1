package commands

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Scenarios from issue 14 ("one coach, one voice"): each reproduces a
// bullet of what a week of use showed, on both stores.

// onBothStores runs scenario on the embedded and the Redis store.
func onBothStores(t *testing.T, scenario func(h *harness)) {
	t.Helper()
	for _, b := range chalBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			var h *harness
			st := b.open(t, func() time.Time { return h.clock.Now() })
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
