package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

// redflagOnEveryStore runs a /redflag scenario on the embedded store and on
// a real Redis.
func redflagOnEveryStore(t *testing.T, scenario func(t *testing.T, h *harness)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			h := newHarnessOn(t, b.Open(t, clock.Now))
			h.clock = clock
			h.r.now = clock.Now
			scenario(t, h)
		})
	}
}

func TestNonRedRepliesEndWithTheRedFlagCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	resp := h.say("telegram:70", "/pain 3 knee sore after hills")
	if !strings.HasPrefix(resp.Text, "🟡") || !strings.HasSuffix(resp.Text, "Any of these? (tap all that apply)") {
		t.Fatalf("amber reply does not end with the check:\n%s", resp.Text)
	}
	seen := map[string]bool{}
	for _, b := range resp.Buttons {
		if !strings.HasPrefix(b.Command, "/redflag ") || !strings.HasSuffix(b.Command, " p1") {
			t.Errorf("button %+v does not name report p1", b)
		}
		if seen[b.Command] {
			t.Errorf("duplicate button %q", b.Command)
		}
		seen[b.Command] = true
		if strings.Contains(b.Command, "severe") {
			t.Errorf("severe_pain is asked: %+v", b)
		}
	}
	if len(resp.Buttons) != 12 || !seen["/redflag none p1"] || !seen["/redflag calf_swelling p1"] {
		t.Errorf("want 11 flags and none, got %+v", resp.Buttons)
	}
	// A red reply does not ask: it already sends the runner to a clinician.
	red := h.say("telegram:70", "/pain 8 knee")
	for _, b := range red.Buttons {
		if strings.HasPrefix(b.Command, "/redflag") {
			t.Errorf("red reply offers the check: %+v", b)
		}
	}
}

func TestRedFlagAmendsTheLatestReport(t *testing.T) {
	t.Parallel()
	redflagOnEveryStore(t, func(t *testing.T, h *harness) {
		const me = "telegram:71"
		ctx := context.Background()
		h.say(me, "/pain 4 knee sore after hills")
		got := h.sayText(me, "/redflag night_pain")
		if !strings.Contains(got, "🔴") || !strings.Contains(got, "night") || !strings.Contains(got, "p1") {
			t.Fatalf("/redflag night_pain:\n%s", got)
		}
		ps, err := h.st.Pains(ctx, me, time.Time{})
		if err != nil || len(ps) != 1 || ps[0].Level != "red" || strings.Join(ps[0].Flags, ",") != "night_pain" || ps[0].Score != 4 {
			t.Fatalf("stored %+v (err %v)", ps, err)
		}
		m, _ := h.st.Member(ctx, me)
		if m.LastPainLvl != "red" {
			t.Errorf("the check-in would not follow the red path: %+v", m)
		}
		if w := h.sayText(me, "/week"); !strings.Contains(w, "4/10 🔴") {
			t.Errorf("/week does not show the amended report as red:\n%s", w)
		}
		if d := h.sayText(me, "/mydata"); !strings.Contains(d, `"night_pain"`) || !strings.Contains(d, `"red"`) {
			t.Errorf("/mydata does not show the amendment:\n%s", d)
		}
		// Several flags in one go, on a named report; kept flags stay.
		h.clock.Add(time.Hour)
		h.say(me, "/pain 2 shin")
		got = h.sayText(me, "/redflag swollen numb p1")
		if !strings.Contains(got, "swelling") || !strings.Contains(got, "numbness") {
			t.Errorf("several flags:\n%s", got)
		}
		ps, _ = h.st.Pains(ctx, me, time.Time{})
		if len(ps) != 2 || strings.Join(ps[0].Flags, ",") != "swelling,night_pain,numbness" || ps[1].Level != "green" {
			t.Errorf("after amending p1 by id: %+v", ps)
		}
	})
}

func TestRedFlagNoneChangesNothing(t *testing.T) {
	t.Parallel()
	redflagOnEveryStore(t, func(t *testing.T, h *harness) {
		const me = "telegram:72"
		h.say(me, "/pain 4 knee sore after hills")
		got := h.sayText(me, "/redflag none")
		if strings.Contains(got, "🔴") {
			t.Errorf("/redflag none:\n%s", got)
		}
		ps, _ := h.st.Pains(context.Background(), me, time.Time{})
		if len(ps) != 1 || ps[0].Level != "amber" || len(ps[0].Flags) != 0 {
			t.Errorf("/redflag none changed the report: %+v", ps)
		}
		if w := h.sayText(me, "/week"); strings.Contains(w, "🔴") {
			t.Errorf("/week after none:\n%s", w)
		}
	})
}

func TestRedFlagWithoutAReportStoresNothing(t *testing.T) {
	t.Parallel()
	redflagOnEveryStore(t, func(t *testing.T, h *harness) {
		const me = "telegram:73"
		ctx := context.Background()
		got := h.sayText(me, "/redflag swelling")
		if !strings.Contains(got, "🔴") || !strings.Contains(got, "swelling") || !strings.Contains(got, "haven't saved") {
			t.Errorf("/redflag swelling with no report:\n%s", got)
		}
		// A report older than the 7-day window is not amended either.
		if _, err := h.st.AddPain(ctx, me, store.Pain{At: h.clock.Now().Add(-8 * 24 * time.Hour), Score: 4, Where: "knee", Level: "amber", Source: "report"}); err != nil {
			t.Fatal(err)
		}
		h.sayText(me, "/redflag swelling")
		ps, _ := h.st.Pains(ctx, me, time.Time{})
		if len(ps) != 1 || ps[0].Level != "amber" {
			t.Errorf("an old report was amended: %+v", ps)
		}
		if got := h.sayText(me, "/redflag banana"); !strings.Contains(got, "swelling") || !strings.Contains(got, "night_pain") || !strings.Contains(got, "banana") {
			t.Errorf("/redflag banana:\n%s", got)
		}
		if got := h.sayText(me, "/redflag swelling none"); !strings.Contains(got, "none") {
			t.Errorf("both none and a flag:\n%s", got)
		}
		if got := h.sayText(me, "/redflag trauma p9"); !strings.Contains(got, "p9") {
			t.Errorf("unknown id:\n%s", got)
		}
	})
}

func TestCheckinSameOrWorseOffersTheCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:74"
	h.say(me, "/pain 4 knee")
	h.clock.Add(18 * time.Hour)
	resp := h.say(me, "/checkin same")
	if !strings.Contains(resp.Text, "Any of these?") || len(resp.Buttons) != 12 || !strings.HasSuffix(resp.Buttons[0].Command, " p1") {
		t.Errorf("/checkin same:\n%s\n%+v", resp.Text, resp.Buttons)
	}
	// "same" adds no record: the check names the report itself.
	if got := h.sayText(me, resp.Buttons[5].Command); !strings.Contains(got, "🔴") {
		t.Errorf("%s:\n%s", resp.Buttons[5].Command, got)
	}
	h.clock.Add(time.Hour)
	// The report is red now: "settled" alone doesn't close the flag, it
	// asks whether it has been checked.
	if resp := h.say(me, "/checkin settled"); len(resp.Buttons) != 2 || resp.Buttons[0].Command != "/pain clear knee yes" || !strings.Contains(resp.Text, "Has it been checked") {
		t.Errorf("settled after a red flag: %s\n%+v", resp.Text, resp.Buttons)
	}
}
