package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// message is one private reminder.
type message struct {
	text    string
	buttons []platforms.Button
	checkin bool // it carries the next-morning check-in
}

// defaultStrengthDays match /settings: two non-consecutive days.
var defaultStrengthDays = []string{"tue", "fri"}

// CheckinButtons are the answers offered under a check-in.
var CheckinButtons = checkin.Buttons

// CheckinButtonsFor are the answers naming the report they belong to
// ("/checkin settled p3"), so a late tap never answers a newer report.
func CheckinButtonsFor(reportID string) []platforms.Button {
	if reportID == "" {
		return CheckinButtons
	}
	out := make([]platforms.Button, len(CheckinButtons))
	for i, b := range CheckinButtons {
		out[i] = platforms.Button{Label: b.Label, Command: b.Command + " " + reportID}
	}
	return out
}

// compose writes the day's one message: the check-in the morning after a
// pain report, the warm-up on run days, the strength nudge on strength
// days, and otherwise a prompt about yesterday's run. A check-in job
// carries the check-in alone (empty text when it is no longer due).
func (s *Scheduler) compose(ctx context.Context, v *memberView, pl plan, kind string, occ time.Time) (message, error) {
	m := v.m
	local := occ.In(pl.loc)
	var parts []string
	var msg message
	ci, report, err := s.checkinText(ctx, v, pl.loc, local)
	if err != nil {
		return message{}, err
	}
	if ci != "" {
		parts = append(parts, ci)
		msg.checkin, msg.buttons = true, CheckinButtonsFor(report)
	}
	if reds := m.OpenRedFlags(); kind == kindRemind && len(reds) > 0 {
		// An open red flag replaces every training prompt.
		parts = append(parts, getItChecked(reds))
	} else if kind == kindRemind {
		if has(m.RunDays, local.Weekday()) {
			parts = append(parts, "🏃 Run day. Before you set off, 5–10 minutes of moving warm-up: leg swings, walking lunges, high knees, a few easy strides (/warmup for the full routine).")
		}
		strength := m.StrengthDays
		if len(strength) == 0 {
			strength = defaultStrengthDays
		}
		if has(strength, local.Weekday()) {
			parts = append(parts, "💪 Strength day: split squats, slow step-downs, glute bridges and calf raises, 3 sets, heavy and slow, the last reps genuinely hard (/strength for the plan).")
		}
		if len(parts) == 0 {
			p, err := s.yesterdayPrompt(ctx, v, local)
			if err != nil {
				return message{}, err
			}
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return message{}, nil
	}
	msg.text = greeting(m, local) + "\n" + strings.Join(parts, "\n")
	return msg, nil
}

func greeting(m store.Member, local time.Time) string {
	hello := "Hi"
	switch h := local.Hour(); {
	case h >= 4 && h < 12:
		hello = "Good morning"
	case h >= 18:
		hello = "Good evening"
	}
	if m.Name != "" {
		return fmt.Sprintf("%s, %s! 👋", hello, m.Name)
	}
	return hello + "! 👋"
}

// checkinText is the next-morning check when one is due on local's date:
// the latest pain report was the day before and is not answered yet.
func (s *Scheduler) checkinText(ctx context.Context, v *memberView, loc *time.Location, local time.Time) (string, string, error) {
	m := v.m
	if m.LastPain.IsZero() {
		return "", "", nil
	}
	py, pm, pd := m.LastPain.In(loc).Date()
	if time.Date(py, pm, pd+1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) != local.Format(time.DateOnly) {
		return "", "", nil
	}
	for _, key := range []string{CheckinAnsweredKey(m.LastPain), kindCheckin + "|" + local.Format(time.DateOnly)} {
		done, err := s.marked(ctx, v, key)
		if err != nil {
			return "", "", fmt.Errorf("check check-in record: %w", err)
		}
		if done {
			return "", "", nil
		}
	}
	what, id, answer := "some pain", "", ""
	// The latest record: the report, or the check-in that asked to look
	// again (it moved LastPain on without a record of its own).
	if ps, err := s.painsSince(ctx, v, m.LastPain.Add(-7*24*time.Hour)); err == nil && len(ps) > 0 && ps[len(ps)-1].Where != "" {
		p := ps[len(ps)-1]
		what, id = fmt.Sprintf("%s pain (%d/10)", p.Where, p.Score), p.ID
		if id != "" {
			answer = " " + id
		}
	}
	return fmt.Sprintf("🩹 Yesterday you reported %s. Has it settled back to how it was before? Answer /checkin settled%s, /checkin same%s or /checkin worse%s.", what, answer, answer, answer), id, nil
}

// yesterdayPrompt nudges the member to log yesterday's run, or thanks them.
func (s *Scheduler) yesterdayPrompt(ctx context.Context, v *memberView, local time.Time) (string, error) {
	m := v.m
	y, mo, d := local.Date()
	yesterday := time.Date(y, mo, d-1, 12, 0, 0, 0, time.UTC).Format(time.DateOnly)
	runs, err := s.runsOn(ctx, v, yesterday)
	if err != nil {
		return "", fmt.Errorf("load yesterday's runs: %w", err)
	}
	if len(runs) == 0 {
		return "📝 Did you run yesterday? Log it with /run <distance>, e.g. /run 5k, so I can keep an eye on your load.", nil
	}
	var meters int64
	var timeOnly int
	for _, r := range runs {
		meters += r.Meters
		if r.Meters == 0 {
			timeOnly += r.Seconds
		}
	}
	u := member.Units(m)
	// A run logged by time only is minutes, never "0 km".
	what := coach.WeekSum{Meters: float64(meters), TimeOnly: timeOnly}.Text(u)
	return fmt.Sprintf("✅ Yesterday's %s is in your log. Rest or run today, log the next one with /run.", what), nil
}

// getItChecked is the reminder and nudge line while a red flag is open.
func getItChecked(reds []store.PlaceState) string {
	return fmt.Sprintf("🔴 Your %s red flag from %s is still open: please get it checked by a physio or doctor before running on it again. Once it has, /pain clear %s and I'll help you ease back in.",
		reds[0].Place, reds[0].Since.Format("Mon 2 Jan"), reds[0].Place)
}
