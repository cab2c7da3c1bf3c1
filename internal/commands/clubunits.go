package commands

import (
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
)

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
