package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/charts"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// chartWord asks for a picture instead of text: /week chart,
// /challenge board chart.
const chartWord = "chart"

// chartButton offers the picture under the /week text.
var chartButton = platforms.Button{Label: "📈 Chart", Command: "/week chart"}

func imageOf(c charts.Chart) *platforms.Image { return challenge.Image(c) }

// weekChart is /week chart: the member's last twelve weeks as a picture.
// Private, like /week: it shows pain reports.
func (r *Router) weekChart(ctx context.Context, req *Request) (platforms.Response, error) {
	loc := r.location(ctx, req)
	now := req.Now.In(loc)
	runs, pains, err := r.training.LastWeeks(ctx, req.MemberID, loc, req.Now, charts.Weeks)
	if err != nil {
		return platforms.Response{}, err
	}
	d := charts.WeekData{Today: now, Units: req.Units()}
	for _, run := range runs {
		day, err := time.ParseInLocation(dateFmt, run.Date, loc)
		if err != nil {
			continue
		}
		d.Runs = append(d.Runs, charts.Run{Date: day, Meters: float64(run.Meters)})
	}
	for _, p := range pains {
		d.Pains = append(d.Pains, charts.Pain{Date: p.At.In(loc), Score: p.Score, Level: charts.Level(p.Level)})
	}
	c, err := charts.Week(d)
	if err != nil {
		return platforms.Response{}, fmt.Errorf("draw week chart: %w", err)
	}
	return platforms.Response{
		Image:   imageOf(c),
		Public:  "📈 I've sent your chart privately.",
		Buttons: []platforms.Button{{Label: "📊 As text", Command: "/week"}},
	}, nil
}

// wantsChart reports whether args ask for a chart, and returns them
// without that word (first or last, so a challenge name stays whole).
func wantsChart(args []string) ([]string, bool) {
	switch {
	case len(args) > 0 && strings.EqualFold(args[len(args)-1], chartWord):
		return args[:len(args)-1], true
	case len(args) > 0 && strings.EqualFold(args[0], chartWord):
		return args[1:], true
	}
	return args, false
}
