// Package checkin holds what the next-morning pain check-in shares between
// the scheduler, which asks, and the /checkin command, which answers: the
// answer buttons and the mark that says a check-in was answered.
package checkin

import (
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// Buttons are the answers offered under a check-in.
var Buttons = []platforms.Button{
	{Label: "🟢 Settled back", Command: "/checkin settled"},
	{Label: "🟡 About the same", Command: "/checkin same"},
	{Label: "🔴 Worse", Command: "/checkin worse"},
}

// AnsweredKey is the mark (scope: the member id) that says the member
// answered the check-in for the pain report made at lastPain, so it is not
// asked again. /checkin sets it.
func AnsweredKey(lastPain time.Time) string {
	return "checkin-answered|" + lastPain.UTC().Format(time.RFC3339Nano)
}

// AnsweredTTL is how long that mark is kept.
const AnsweredTTL = 7 * 24 * time.Hour
