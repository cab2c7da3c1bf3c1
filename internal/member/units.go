package member

import (
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Units are the units a member reads and types bare numbers in: miles
// when they chose them, else kilometres. A club's /club units only sets
// its public posts (ClubUnits): members keep reading their own.
func Units(m store.Member) coach.Units {
	if m.Units == string(coach.MI) {
		return coach.MI
	}
	return coach.KM
}

// ClubUnits are the units of a club's public posts (standings, results):
// miles when an admin set them with /club units, else kilometres.
func ClubUnits(c store.Club) coach.Units {
	if c.Units == string(coach.MI) {
		return coach.MI
	}
	return coach.KM
}
