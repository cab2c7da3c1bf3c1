package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// While a red flag is open, the daily reminder and a challenge nudge say
// "get it checked" instead of a training prompt (issue 14).
func TestOpenRedFlagReplacesTrainingPrompts(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T18:00:00Z")) // Monday evening
	st := openEmbedded(t, clk)
	ctx := context.Background()
	const club = "telegram:-8"
	if _, err := st.UpdateClub(ctx, club, func(c *store.Club) error {
		c.Challenges = []store.Challenge{{ID: "c1", Name: "March 50"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stub := &stubChallenges{nudges: []Nudge{{MemberID: "telegram:2", Key: "chal-nudge|c1", TTL: 30 * 24 * time.Hour, Text: "👋 Time for a run?"}}}
	h := newHarness(t, clk, st, func(d *Deps) { d.Challenges = stub })
	h.member(t, "telegram:2", func(m *store.Member) {
		m.TZ = "UTC"
		m.RemindAt = "06:30"
		m.RunDays = []string{"tue"}
		m.Places = []store.PlaceState{{Place: "shin", Region: "shin", Level: "red", Score: 6, Since: utc("2026-03-01T10:00:00Z"), Urgent: true}}
	})
	clk.Set(utc("2026-03-03T06:30:00Z")) // Tuesday: a run day and a strength day
	h.s.Poll(ctx)
	dms := h.dmsTo("telegram:2")
	if len(dms) != 1 {
		t.Fatalf("%d DMs, want 1", len(dms))
	}
	if !contains(dms[0].text, "get it checked") || !contains(dms[0].text, "shin") || contains(dms[0].text, "Run day") || contains(dms[0].text, "Strength day") {
		t.Errorf("reminder with an open red flag:\n%s", dms[0].text)
	}
	dailyRun(t, h, club)
	dms = h.dmsTo("telegram:2")
	if len(dms) != 2 || !contains(dms[1].text, "get it checked") || contains(dms[1].text, "Time for a run") {
		t.Errorf("nudge with an open red flag: %+v", dms)
	}
}

// The prompt about yesterday's run shows a time-only run as minutes.
func TestYesterdayPromptTimeOnly(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T18:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	h := newHarness(t, clk, st, nil)
	if _, err := st.AddRun(ctx, "telegram:3", store.Run{Date: "2026-03-02", Seconds: 1800}); err != nil {
		t.Fatal(err)
	}
	h.member(t, "telegram:3", func(m *store.Member) { m.TZ, m.RemindAt, m.StrengthDays = "UTC", "07:00", []string{"sun"} })
	clk.Set(utc("2026-03-03T07:00:00Z"))
	h.s.Poll(ctx)
	dms := h.dmsTo("telegram:3")
	if len(dms) != 1 || !contains(dms[0].text, "Yesterday's 30 min is in your log") {
		t.Errorf("DMs %+v", dms)
	}
}
