package web

import (
	"context"
	"time"

	"github.com/clubcoach/clubcoach/internal/charts"
	"github.com/clubcoach/clubcoach/internal/coach"
)

// ChallengeCharts draws chart.png with internal/charts, from the page's
// public data only (the board as the page shows it).
type ChallengeCharts struct{}

// ChallengeChart implements Charts.
func (ChallengeCharts) ChallengeChart(_ context.Context, p Page, ch Challenge) ([]byte, error) {
	d := charts.ChallengeData{Name: ch.Name, Team: ch.Team, GoalMeters: float64(ch.GoalM), Ended: ch.Ended, Units: coach.Units(p.Units), Time: ch.Time}
	d.Start, _ = time.Parse(time.DateOnly, ch.Start)
	d.End, _ = time.Parse(time.DateOnly, ch.End)
	d.Today, _ = time.Parse(time.DateOnly, p.Today)
	for _, e := range ch.Board {
		d.Entries = append(d.Entries, charts.Entry{Name: e.Name, Meters: float64(e.Meters)})
	}
	c, err := charts.Challenge(d)
	if err != nil {
		return nil, err
	}
	return c.PNG, nil
}
