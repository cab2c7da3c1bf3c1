package commands

import (
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
)

// historyFrom is the first date (YYYY-MM-DD) the load model reads, as of
// today (a civil date): training.HistoryFrom, shared by /run and /week.
func historyFrom(today time.Time) string { return training.HistoryFrom(today) }

// baselineOf is the member's own baseline (/settings baseline).
func baselineOf(m store.Member) coach.Baseline { return training.Baseline(m) }

// baselineQuestion is asked once, on a member's first /run.
const baselineQuestion = "ℹ️ New here? So my load checks start from where you are, tell me your usual week and your longest recent run once: /settings baseline 30km 12km (skip it if you like — I'll learn from your runs)."

// parseBaseline reads "baseline 30km 12km" (or "baseline off") from the
// start of fields and returns the change, the words for the reply and how
// many fields it used.
func parseBaseline(fields []string, u coach.Units) (func(*store.Member), string, int, error) {
	form := Userf("Tell me a usual week and your longest recent run, e.g. /settings baseline 30km 12km (or /settings baseline off).")
	if len(fields) < 2 {
		return nil, "", 0, form
	}
	switch strings.ToLower(fields[1]) {
	case "off", "none", "clear", "skip":
		return func(m *store.Member) { m.BaselineWeekM, m.BaselineLongM, m.BaselineAsked = 0, 0, true }, "no baseline", 2, nil
	}
	if len(fields) < 3 {
		return nil, "", 0, form
	}
	week, err := parseGoal(fields[1], u)
	if err != nil {
		return nil, "", 0, form
	}
	long, err := coach.ParseDistanceDefault(fields[2], u)
	if err != nil || long > maxRunMeters {
		return nil, "", 0, Userf("I couldn't read %q as your longest recent run. Try 12km or 8mi.", truncate(fields[2], 20))
	}
	if week > 500_000 {
		return nil, "", 0, Userf("%s a week is more than I can take as a baseline (up to 500 km).", coach.FormatDistance(float64(week), u))
	}
	if long > float64(week) {
		return nil, "", 0, Userf("Your longest run (%s) can't be more than a usual week (%s). Week first, then longest run: /settings baseline 30km 12km.", coach.FormatDistance(long, u), coach.FormatDistance(float64(week), u))
	}
	l := int64(long + 0.5)
	return func(m *store.Member) { m.BaselineWeekM, m.BaselineLongM, m.BaselineAsked = week, l, true },
		fmt.Sprintf("baseline %s a week, longest run %s", coach.FormatDistance(float64(week), u), coach.FormatDistance(long, u)), 3, nil
}

func describeBaseline(m store.Member, u coach.Units) string {
	if m.BaselineWeekM == 0 && m.BaselineLongM == 0 {
		return "none (/settings baseline 30km 12km tells me your usual week until I have 4 weeks of your runs)"
	}
	return fmt.Sprintf("%s a week, longest run %s (used until I have 4 weeks of your runs)", coach.FormatDistance(float64(m.BaselineWeekM), u), coach.FormatDistance(float64(m.BaselineLongM), u))
}
