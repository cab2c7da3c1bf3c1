package commands

import (
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
)

// clubUnits are the units of a club's public posts (km unless an admin set
// miles with /club units).
func clubUnits(c store.Club) coach.Units {
	if c.Units == string(coach.MI) {
		return coach.MI
	}
	return coach.KM
}

func clubUnitsChange(args []string) (func(*store.Club) error, string, error) {
	if len(args) != 1 {
		return nil, "", Userf("Tell me km or mi, e.g. /club units mi.")
	}
	u, ok := coach.ParseUnits(args[0])
	if !ok || strings.EqualFold(args[0], "k") {
		return nil, "", Userf("Club units can be km or mi, e.g. /club units mi.")
	}
	return func(cl *store.Club) error { cl.Units = string(u); return nil },
		"The club's public posts (standings, results) will use " + string(u) + ". Members still read their own units.", nil
}

// formatGoal shows a distance goal in the reader's units, rounded as
// people state goals (whole units from 10 up), and in the unit it was set
// in when that differs: "100 mi (161 km)".
func formatGoal(meters int64, setIn string, u coach.Units) string {
	show := func(unit coach.Units) string {
		v := float64(meters) / unit.Meters()
		if v >= 10 {
			return coach.FormatDistance(float64(int64(v+0.5))*unit.Meters(), unit)
		}
		return coach.FormatDistance(float64(meters), unit)
	}
	if setIn != "" && setIn != string(u) && (setIn == string(coach.KM) || setIn == string(coach.MI)) {
		return show(coach.Units(setIn)) + " (" + show(u) + ")"
	}
	return show(u)
}

// nameReuseDays: a challenge's name stays taken this long after it ends,
// so /challenge end and remove never have to guess between two.
const nameReuseDays = 90
