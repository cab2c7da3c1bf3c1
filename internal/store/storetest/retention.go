package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func runLine(r store.Run) string {
	return fmt.Sprintf("%s %s %dm %ds c%d %q", r.ID, r.Date, r.Meters, r.Seconds, r.Cadence, r.Notes)
}

// Runs dated before the cut become one run per week and month, under the
// week's first id; later runs, lone runs and other members stay; it is
// idempotent, and ids are still never reused.
func testCompactRuns(t *testing.T, s store.Store) {
	const m = "telegram:1"
	add := func(date string, meters int64, secs, cad int, notes string) store.Run {
		t.Helper()
		r, err := s.AddRun(ctx(t), m, store.Run{Date: date, Meters: meters, Seconds: secs, Cadence: cad, Notes: notes,
			Logged: utc(2024, 3, 1, 8).Add(time.Duration(meters)), Boards: []string{"b"}})
		must(t, err)
		return r
	}
	// The week of Mon 29 Jan 2024 spans two months: one total in each.
	jan29 := add("2024-01-29", 5000, 1500, 170, "easy")
	add("2024-01-31", 8000, 2400, 172, "tempo")
	feb3 := add("2024-02-03", 3000, 900, 0, "")
	add("2024-02-01", 10000, 0, 0, "untimed")
	lone := add("2024-02-12", 6000, 1800, 168, "alone")
	recent1 := add("2026-02-20", 5000, 1500, 0, "")
	recent2 := add("2026-02-21", 7000, 2100, 0, "")
	other, err := s.AddRun(ctx(t), "telegram:2", store.Run{Date: "2024-01-30", Meters: 1000})
	must(t, err)
	_, err = s.AddRun(ctx(t), "telegram:2", store.Run{Date: "2024-01-31", Meters: 1000})
	must(t, err)

	n, err := s.CompactRuns(ctx(t), m, "2024-03-02")
	must(t, err)
	if n != 2 {
		t.Errorf("CompactRuns removed %d, want 2", n)
	}
	got, err := s.Runs(ctx(t), m, "", "")
	must(t, err)
	var lines []string
	for _, r := range got {
		lines = append(lines, runLine(r))
	}
	lone.Boards = nil
	want := []string{
		fmt.Sprintf("%s 2024-01-29 13000m 3900s c0 %q", jan29.ID, "weekly total of 2 runs"),
		fmt.Sprintf("%s 2024-02-01 13000m 0s c0 %q", feb3.ID, "weekly total of 2 runs"), // one run untimed: no duration
		runLine(lone), runLine(recent1), runLine(recent2),
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after compaction:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got[0].Boards != nil || !got[0].Logged.Equal(utc(2024, 3, 1, 8).Add(8000)) {
		t.Errorf("total %+v: want no boards and the latest logging time", got[0])
	}
	if got[2].Cadence != 168 || got[2].Notes != "alone" {
		t.Errorf("a lone run lost its detail: %+v", got[2])
	}

	// Again: nothing to do. A late run in a compacted week folds in.
	if n, err := s.CompactRuns(ctx(t), m, "2024-03-02"); err != nil || n != 0 {
		t.Fatalf("second CompactRuns = %d, %v; want 0", n, err)
	}
	late := add("2024-01-30", 2000, 600, 0, "")
	if n, err := s.CompactRuns(ctx(t), m, "2024-03-02"); err != nil || n != 1 {
		t.Fatalf("CompactRuns after a late run = %d, %v; want 1", n, err)
	}
	got, err = s.Runs(ctx(t), m, "2024-01-01", "2024-01-31")
	must(t, err)
	if len(got) != 1 || got[0].Meters != 15000 || got[0].Notes != "weekly total of 3 runs" || got[0].ID != jan29.ID {
		t.Fatalf("January after the late run: %+v", got)
	}
	// Ids stay unique: the next run gets a new one, and a total can be undone.
	next := add("2026-02-22", 1000, 0, 0, "")
	for _, id := range []string{jan29.ID, feb3.ID, lone.ID, recent1.ID, recent2.ID, late.ID} {
		if next.ID == id {
			t.Fatalf("id %s reused after compaction", id)
		}
	}
	if d, err := s.DeleteRun(ctx(t), m, feb3.ID); err != nil || d.Meters != 13000 {
		t.Fatalf("undo a weekly total: %+v, %v", d, err)
	}
	// Other members are untouched.
	o, err := s.Runs(ctx(t), "telegram:2", "", "")
	must(t, err)
	if len(o) != 2 || o[0].ID != other.ID {
		t.Fatalf("another member's runs changed: %+v", o)
	}
	if _, err := s.CompactRuns(ctx(t), m, "2024-13-01"); err == nil {
		t.Error("a bad date was accepted")
	}
	if n, err := s.CompactRuns(ctx(t), "telegram:404", "2024-03-02"); err != nil || n != 0 {
		t.Errorf("unknown member: %d, %v", n, err)
	}
}

// Health records made before the cut go, those after stay (also within
// the cut's own month), and report ids are never reused.
func testPruneHealth(t *testing.T, s store.Store) {
	const m = "telegram:1"
	cut := utc(2024, 3, 15, 0)
	times := []time.Time{utc(2023, 12, 1, 9), utc(2024, 3, 10, 9), utc(2024, 3, 20, 9), utc(2026, 2, 1, 9)}
	var pains []store.Pain
	for i, at := range times {
		p, err := s.AddPain(ctx(t), m, store.Pain{At: at, Score: i + 1, Where: "knee", Level: "green"})
		must(t, err)
		pains = append(pains, p)
		must(t, s.AddCadence(ctx(t), m, store.Cadence{At: at, SPM: 160 + i}))
		must(t, s.AddBalance(ctx(t), m, store.Balance{At: at, Seconds: 30 + i}))
	}
	must(t, s.AddCadence(ctx(t), "telegram:2", store.Cadence{At: times[0], SPM: 150}))

	n, err := s.PruneHealth(ctx(t), m, cut)
	must(t, err)
	if n != 6 {
		t.Errorf("PruneHealth removed %d, want 6 (2 of each kind)", n)
	}
	ps, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(ps) != 2 || ps[0].ID != pains[2].ID || ps[1].ID != pains[3].ID {
		t.Fatalf("pains after pruning: %+v", ps)
	}
	cs, err := s.Cadences(ctx(t), m, 0)
	must(t, err)
	if len(cs) != 2 || cs[0].SPM != 163 || cs[1].SPM != 162 {
		t.Fatalf("cadences after pruning: %+v", cs)
	}
	bs, err := s.Balances(ctx(t), m, 0)
	must(t, err)
	if len(bs) != 2 || bs[0].Seconds != 33 || bs[1].Seconds != 32 {
		t.Fatalf("balances after pruning: %+v", bs)
	}
	if n, err := s.PruneHealth(ctx(t), m, cut); err != nil || n != 0 {
		t.Fatalf("second PruneHealth = %d, %v", n, err)
	}
	p, err := s.AddPain(ctx(t), m, store.Pain{At: utc(2026, 2, 2, 9), Score: 1, Where: "hip", Level: "green"})
	must(t, err)
	for _, old := range pains {
		if p.ID == old.ID {
			t.Fatalf("pain id %s reused after pruning", p.ID)
		}
	}
	oc, err := s.Cadences(ctx(t), "telegram:2", 0)
	must(t, err)
	if len(oc) != 1 {
		t.Fatalf("another member's records changed: %+v", oc)
	}
}
