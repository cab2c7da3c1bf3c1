package member

import (
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// PlanInputs is what a member's reminders and check-ins are planned from
// (see the scheduler's plan): when a save changes it, the plan follows.
// Re-planning is an event of saving, so no handler can forget it.
func PlanInputs(m store.Member) string {
	return strings.Join([]string{m.TZ, m.RemindAt, m.LastPain.UTC().Format(time.RFC3339Nano), m.LastPainLvl,
		strconv.FormatBool(m.SendsPaused), strings.Join(ids.Strings(m.Clubs), ","), strconv.FormatBool(m.Created.IsZero())}, "|")
}
