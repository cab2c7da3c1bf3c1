package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
)

func TestCheckinNeedsARecentReport(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	mustContain(t, e.sayText(ckRuby, "/checkin settled"), "no recent pain report")
	e.say(ckRuby, "/pain 4 left knee")
	e.clock.Add(8 * 24 * time.Hour) // past the 7-day window /redflag shares
	mustContain(t, e.sayText(ckRuby, "/checkin same"), "no recent pain report")
}

func TestCheckinAnswersFollowTheNextMorningRule(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t) // Wednesday 25 Nov 2026, 12:00 UTC; reminders off
	ctx := context.Background()
	e.say(ckRuby, "/pain 4 left knee")
	m, _ := e.st.Member(ctx, ckRuby)
	painAt := m.LastPain
	if m.LastPainLvl != "amber" {
		t.Fatalf("pain level %q, want amber", m.LastPainLvl)
	}
	// /pain planned the lone check-in for 08:00 tomorrow (reminders off).
	at, err := e.st.When(ctx, platforms.Telegram, "checkin|"+ckRuby)
	if err != nil || !at.Equal(time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("check-in planned at %s, %v", at, err)
	}
	e.clock.Add(20 * time.Hour) // Thursday 08:00

	// Not understood: nothing stored, the buttons again.
	resp := e.say(ckRuby, "/checkin banana")
	mustContain(t, resp.Text, "settled, same or worse")
	if len(resp.Buttons) != 3 {
		t.Errorf("buttons = %+v", resp.Buttons)
	}
	if ok, _ := e.st.Marked(ctx, ckRuby, checkin.AnsweredKey(painAt)); ok {
		t.Error("an answer I couldn't read marked the check-in done")
	}

	// Same: amber, no new record (the level did not change), asked again tomorrow.
	resp = e.say(ckRuby, "/checkin same")
	mustContain(t, resp.Text, "Not settled yet", "I'll ask again tomorrow")
	if !resp.Private {
		t.Error("check-in advice is health detail: it must be private")
	}
	pains, _ := e.st.Pains(ctx, ckRuby, time.Time{})
	if len(pains) != 1 {
		t.Errorf("%d pain records after 'same' on amber, want 1", len(pains))
	}
	if ok, _ := e.st.Marked(ctx, ckRuby, checkin.AnsweredKey(painAt)); !ok {
		t.Error("check-in not marked done")
	}
	at, err = e.st.When(ctx, platforms.Telegram, "checkin|"+ckRuby)
	if err != nil || !at.Equal(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("next check-in at %s, %v; want Friday 08:00", at, err)
	}

	// Next morning, worse: red, stored as a check-in.
	e.clock.Add(24 * time.Hour)
	resp = e.say(ckRuby, "/checkin worse")
	mustContain(t, resp.Text, "🔴", "physio or doctor")
	pains, _ = e.st.Pains(ctx, ckRuby, time.Time{})
	last := pains[len(pains)-1]
	if len(pains) != 2 || last.Source != "checkin" || last.Level != "red" || last.Where == "" || last.Score != 4 {
		t.Errorf("pain records = %+v", pains)
	}
	m, _ = e.st.Member(ctx, ckRuby)
	if m.LastPainLvl != "red" {
		t.Errorf("last level %q, want red", m.LastPainLvl)
	}

	// Settled: green, recorded, and no further check-in.
	e.clock.Add(24 * time.Hour)
	resp = e.say(ckRuby, "/checkin settled")
	mustContain(t, resp.Text, "Back to baseline")
	pains, _ = e.st.Pains(ctx, ckRuby, time.Time{})
	if len(pains) != 3 || pains[2].Level != "green" || pains[2].Source != "checkin" {
		t.Errorf("pain records = %+v", pains)
	}
	if _, err := e.st.When(ctx, platforms.Telegram, "checkin|"+ckRuby); err == nil {
		t.Error("a check-in is still planned after 'settled'")
	}
}

// TestCheckinAnsweredIsNotSentAgain: answered before the scheduler's
// morning run, the check-in is dropped from the next reminder.
func TestCheckinAnsweredIsNotSentAgain(t *testing.T) {
	t.Parallel()
	e := newCkEnv(t)
	ctx := context.Background()
	e.say(ckRuby, "/settings tz UTC remind 07:00")
	e.say(ckRuby, "/pain 3 right shin")
	e.say(ckRuby, "/checkin settled") // the same evening, before the morning
	if _, err := e.st.When(ctx, platforms.Telegram, "checkin|"+ckRuby); err == nil {
		t.Error("a lone check-in is planned although reminders are on")
	}
	at, err := e.st.When(ctx, platforms.Telegram, "remind|"+ckRuby)
	if err != nil || !at.Equal(time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("reminder at %s, %v", at, err)
	}
	rec := &ckSender{}
	s := scheduler.New(scheduler.Deps{
		Store: e.st, Sender: rec, Platforms: []string{platforms.Telegram},
		Clock: func() time.Time { return at },
	})
	s.Poll(ctx)
	if len(rec.texts) != 1 {
		t.Fatalf("%d reminders, want 1", len(rec.texts))
	}
	if strings.Contains(rec.texts[0], "/checkin") {
		t.Errorf("answered check-in asked again:\n%s", rec.texts[0])
	}
}

type ckSender struct{ texts []string }

func (c *ckSender) DM(_ context.Context, _ platforms.MemberID, text string, _ []platforms.Button) error {
	c.texts = append(c.texts, text)
	return nil
}

func (c *ckSender) Post(context.Context, platforms.ChatID, string) error { return nil }
