package commands

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestPainReportIsPrivateAndStored(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:20"
	resp := h.say(me, "/pain 6 left knee swollen, started at 2 miles")
	if !resp.Private {
		t.Error("pain advice must be private")
	}
	if !strings.HasPrefix(resp.Text, "🔴") || !strings.Contains(resp.Text, "swelling") {
		t.Errorf("want red naming swelling, got:\n%s", resp.Text)
	}
	for _, leak := range []string{"knee", "swell", "6/10", "2 mi"} {
		if strings.Contains(strings.ToLower(resp.Public), leak) {
			t.Errorf("public pointer leaks %q: %q", leak, resp.Public)
		}
	}
	pains, err := h.st.Pains(ctx, me, time.Time{})
	if err != nil || len(pains) != 1 {
		t.Fatalf("stored %d pains (err %v), want 1", len(pains), err)
	}
	if p := pains[0]; p.Score != 6 || p.Level != "red" || !strings.Contains(p.Where, "knee") || len(p.Flags) == 0 {
		t.Errorf("stored %+v", p)
	}
	m, _ := h.st.Member(ctx, me)
	if m.LastPainLvl != "red" || m.LastPain.IsZero() {
		t.Errorf("member's last pain not recorded: %+v", m)
	}
}

func TestPainRelativeRestInMemberUnits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:21"
	h.say(me, "/settings units mi")
	got := h.sayText(me, "/pain 4 knee, it started at 2 miles")
	if !strings.HasPrefix(got, "🟡") || !strings.Contains(got, "1.5 mi") {
		t.Errorf("want amber with 1.5 mi of relative rest:\n%s", got)
	}
	got = h.sayText(me, "/pain 4 shin started after 3k")
	if !strings.Contains(got, "1.4 mi") { // 0.75 × 3 km = 2.25 km = 1.4 mi
		t.Errorf("want 1.4 mi of relative rest:\n%s", got)
	}
}

func TestBadPainReportsStoreNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:22"
	for line, want := range map[string]string{
		"/pain":                       "/pain <0-10> <where>",
		"/pain knee":                  "score",
		"/pain 11 knee":               "0 to 10",
		"/pain 3":                     "Where",
		"/pain twelve/10 knee":        "/pain <0-10> <where>",
		"/pain knee swollen and hot!": "🔴", // no score, but the red flags still get their advice
	} {
		got := h.sayText(me, line)
		if !strings.Contains(got, want) {
			t.Errorf("%q: reply lacks %q:\n%s", line, want, got)
		}
	}
	if pains, _ := h.st.Pains(ctx, me, time.Time{}); len(pains) != 0 {
		t.Errorf("bad reports stored %d pains", len(pains))
	}
}

func TestRunReplyChecksLoadAndUndo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:23"
	// Wednesday 25 Nov 2026; last week (16–22 Nov): 10 km in two runs.
	h.say(me, "/run 5k 2026-11-17")
	h.say(me, "/run 5k 2026-11-19")
	got := h.sayText(me, "/run 5.5k")
	for _, want := range []string{"✅ Logged 5.5 km on Wed 25 Nov", "id r3", "Week of Mon 23 Nov: 5.5 km over 1 run", "Within 10%"} {
		mustContain(t, got, want)
	}
	got = h.sayText(me, "/run 6.2k") // 13% over the longest of the 9 days of runs there are
	mustContain(t, got, "ℹ️ That run was 13% longer", "9 days of runs", "Next long run: about 6.8 km")
	mustContain(t, got, "11.7 km over 2 runs", "+17%", "about 11 km next week")
	mustContain(t, h.sayText(me, "/undo"), "Removed run r4: 6.2 km on Wed 25 Nov")
	mustContain(t, h.sayText(me, "/run undo r1"), "Removed run r1")
	mustContain(t, h.sayText(me, "/undo r1"), "can't find a run")
	runs, _ := h.st.Runs(ctx, me, "", "")
	if len(runs) != 2 || runs[0].ID != "r2" || runs[1].ID != "r3" {
		t.Errorf("runs after undo: %+v", runs)
	}
}

func TestRunInMiles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:24"
	h.say(me, "/settings units mi")
	mustContain(t, h.sayText(me, "/run 5k 28:00"), "Logged 3.1 mi", "9:01 /mi")
	mustContain(t, h.sayText(me, "/run 3"), "Logged 3 mi", "6.1 mi over 2 runs")
}

func TestWeekSummary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:25"
	mustContain(t, h.sayText(me, "/week"), "No runs logged yet")
	// Five weeks of running, back-dated as runners do (at most 14 days).
	start := h.clock.Now()
	for d := 35; d >= 0; d -= 3 {
		h.clock.t = start.AddDate(0, 0, -d)
		h.say(me, "/run 8k")
	}
	h.clock.t = start
	h.say(me, "/pain 3 knee")
	resp := h.say(me, "/week")
	if !resp.Private || resp.Public == "" {
		t.Error("/week is a health summary: private, with a public pointer")
	}
	mustContain(t, resp.Text, "This week:", "longest 8 km", "1 pain report (worst 3/10 🟡)", "Last 7 days vs your 4-week average", "Next long run: about 8.8 km at most (10% over 8 km, your longest of the last 30 days)")
	if n := len(regexp.MustCompile(`(?m)^• `).FindAllString(resp.Text, -1)); n != 5 {
		t.Errorf("want 5 week lines, got %d:\n%s", n, resp.Text)
	}
}

func TestCadenceAndBalance(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:26"
	mustContain(t, h.sayText(me, "/cadence"), "No cadence recorded yet")
	mustContain(t, h.sayText(me, "/cadence 160"), "160", "168–176")
	mustContain(t, h.sayText(me, "/cadence"), "latest cadence: 160 spm", "168–176")
	mustContain(t, h.sayText(me, "/cadence 20"), "between 100 and 240")
	mustContain(t, h.sayText(me, "/balance 20 left"), "30 s", "Hips")
	mustContain(t, h.sayText(me, "/balance 45"), "Recorded")
	mustContain(t, h.sayText(me, "/balance 20 up"), "left or right")
	bs, _ := h.st.Balances(context.Background(), me, 0)
	if len(bs) != 2 {
		t.Errorf("stored %d balance records, want 2", len(bs))
	}
}
