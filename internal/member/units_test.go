package member

import (
	"testing"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

func TestUnits(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		set  string
		want coach.Units
	}{{"", coach.KM}, {"km", coach.KM}, {"mi", coach.MI}, {"furlongs", coach.KM}} {
		if got := Units(store.Member{Units: c.set}); got != c.want {
			t.Errorf("member units %q: %s, want %s", c.set, got, c.want)
		}
		if got := ClubUnits(store.Club{Units: c.set}); got != c.want {
			t.Errorf("club units %q: %s, want %s", c.set, got, c.want)
		}
	}
	// A club in miles does not change what its members read (/club units:
	// "Members still read their own units").
	if got := Units(store.Member{Clubs: []ids.ClubID{"telegram:-1"}}); got != coach.KM {
		t.Errorf("a member without a setting reads %s", got)
	}
}
