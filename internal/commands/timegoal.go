package commands

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Time goals: a challenge whose goal is hours of running (GoalS) scores
// its board in seconds instead of metres, so time-only runs have a board.
const (
	minGoalS = 30 * 60        // 30 min
	maxGoalS = 100_000 * 3600 // 100,000 h (a whole club's year)
)

// timed reports whether ch is a time challenge.
func timed(ch store.Challenge) bool { return ch.GoalS > 0 }

// goalOf is ch's goal in its board's unit: seconds or metres.
func goalOf(ch store.Challenge) int64 {
	if timed(ch) {
		return ch.GoalS
	}
	return ch.GoalM
}

// amountOf is what run adds to ch's board: its seconds on a time
// challenge, its metres on a distance one. Zero means it does not count
// there (a time-only run on a distance board, a distance-only run on a
// time board).
func amountOf(ch store.Challenge, run store.Run) int64 {
	if timed(ch) {
		return int64(run.Seconds)
	}
	return run.Meters
}

// showAmount formats a board value of ch: "12 h 30 min" or "8.2 km".
func showAmount(ch store.Challenge, v int64, units coach.Units) string {
	if timed(ch) {
		return coach.FormatHours(v)
	}
	return coach.FormatDistance(float64(v), units)
}

// showGoal formats ch's goal: "50 h", or the distance as formatGoal does.
func showGoal(ch store.Challenge, units coach.Units) string {
	if timed(ch) {
		return coach.FormatHours(ch.GoalS)
	}
	return formatGoal(ch.GoalM, ch.GoalUnit, units)
}

// describeRunAmount is a run in a few words for board replies: its
// distance, or its time when it has none.
func describeRunAmount(run store.Run, units coach.Units) string {
	if run.Meters == 0 && run.Seconds > 0 {
		return formatMinutes(run.Seconds)
	}
	return coach.FormatDistance(float64(run.Meters), units)
}

var timeGoalRE = regexp.MustCompile(`^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d+(?:[.,]\d+)?)\s*(m|min|mins|minute|minutes)?)?$`)

// parseTimeGoal reads a time goal: "50h", "30 hours", "90 min", "1h30m",
// "1h30", "1.5h". ok is false when s is not a time at all (it may be a
// distance); err is set when it is one but out of range.
func parseTimeGoal(s string) (sec int64, ok bool, err error) {
	g := timeGoalRE.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	// A bare number is a distance; minutes without hours need their unit.
	if g == nil || (g[1] == "" && g[3] == "") || (g[1] == "" && g[2] == "") {
		return 0, false, nil
	}
	num := func(x string) float64 {
		v, _ := strconv.ParseFloat(strings.ReplaceAll(x, ",", "."), 64)
		return v
	}
	total := num(g[1])*3600 + num(g[2])*60
	if math.IsNaN(total) || total < minGoalS || total > maxGoalS {
		return 0, true, Userf("A time goal should be between 30 min and 100,000 h, e.g. 50h or 90 min.")
	}
	return int64(math.Round(total)), true, nil
}
