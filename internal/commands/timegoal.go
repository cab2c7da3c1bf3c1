package commands

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Time goals: a challenge whose goal is hours of running (GoalS) scores
// its board in seconds instead of metres, so time-only runs have a board.
const (
	minGoalS = 30 * 60        // 30 min
	maxGoalS = 100_000 * 3600 // 100,000 h (a whole club's year)
)

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
