package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/charts"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// chartWord asks for a picture instead of text: /week chart,
// /challenge board chart.
const chartWord = "chart"

// chartButton offers the picture under the /week text.
var chartButton = platforms.Button{Label: "📈 Chart", Command: "/week chart"}

func imageOf(c charts.Chart) *platforms.Image {
	return &platforms.Image{Data: c.PNG, MIME: "image/png", Name: c.Name, Caption: c.Caption, Alt: c.Alt}
}

// weekChart is /week chart: the member's last twelve weeks as a picture.
// Private, like /week: it shows pain reports.
func (r *Router) weekChart(ctx context.Context, req *Request) (platforms.Response, error) {
	loc := r.location(ctx, req)
	now := req.Now.In(loc)
	first := coach.WeekStart(civil(now)).AddDate(0, 0, -7*(charts.Weeks-1))
	runs, pains, err := r.runsAndPains(ctx, req.MemberID, first.Format(dateFmt), "", first.UTC())
	if err != nil {
		return platforms.Response{}, err
	}
	d := charts.WeekData{Today: now, Units: coach.Units(req.Units())}
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

// challengeChart draws a challenge's public board: display names and
// distances (or times) only; paused members who did not opt in are left out, as on
// the public text board.
func (r *Challenges) challengeChart(ctx context.Context, club store.Club, ch store.Challenge, units coach.Units, now time.Time) (charts.Chart, error) {
	board := challengeBoard(club.ID, ch.ID)
	scores, err := r.st.BoardTop(ctx, board, 0)
	if err != nil {
		return charts.Chart{}, fmt.Errorf("board %s: %w", board, err)
	}
	es, _, err := r.visibleEntries(ctx, scores, viewer{})
	if err != nil {
		return charts.Chart{}, err
	}
	loc := clubZone(club)
	d := charts.ChallengeData{Name: shown(ch.Name), Team: ch.Team, GoalMeters: float64(goalOf(ch)), Ended: ch.Ended, Today: now.In(loc), Units: units, Time: timed(ch)}
	d.Start, _ = time.ParseInLocation(time.DateOnly, ch.Start, loc)
	d.End, _ = time.ParseInLocation(time.DateOnly, ch.End, loc)
	for _, e := range es {
		d.Entries = append(d.Entries, charts.Entry{Name: e.name, Meters: float64(e.value)})
	}
	c, err := charts.Challenge(d)
	if err != nil {
		return charts.Chart{}, fmt.Errorf("draw challenge chart: %w", err)
	}
	return c, nil
}

// StandingsCharts are the pictures for the weekly standings post: one per
// challenge that has started and not ended (none when none has).
func (r *Challenges) StandingsCharts(ctx context.Context, clubID string, now time.Time) ([]platforms.Image, error) {
	club, err := r.loadClub(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := clubToday(club, now)
	var out []platforms.Image
	for _, ch := range club.Challenges {
		if ch.Ended || today < ch.Start || today > ch.End {
			continue
		}
		c, err := r.challengeChart(ctx, club, ch, coach.KM, now)
		if err != nil {
			return nil, err
		}
		out = append(out, *imageOf(c))
	}
	return out, nil
}
