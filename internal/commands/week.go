package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func (r *Router) weekCommands() []*Command {
	return []*Command{{
		Name:    "week",
		Aliases: []string{"weeks", "summary"},
		Summary: "This week and the four before: distance, runs, pain and load",
		Usage:   "/week [chart]",
		Help:    "Shows this week (Monday to Sunday) and the four before it: distance, runs, pain reports and longest run, with the load guidance that follows. /week chart draws your last 12 weeks as a picture. Sent privately.",
		Options: []Option{{Name: "view", Description: "chart: a picture of your last 12 weeks", Type: String, Choices: []string{chartWord}}},
		Private: true,
		History: true,
		Handler: r.week,
	}}
}

func (r *Router) week(ctx context.Context, req *Request) (platforms.Response, error) {
	switch strings.ToLower(strings.TrimSpace(req.Args)) {
	case chartWord, "charts", "graph", "picture":
		return r.weekChart(ctx, req)
	}
	loc := r.location(ctx, req)
	u := req.Units()
	sum, err := r.training.Week(ctx, req.memberDoc(), loc, req.Now)
	if err != nil {
		return platforms.Response{}, err
	}
	weeks, painsOf := sum.Weeks, sum.Pains
	var b strings.Builder
	red := openRedLine(req.Member)
	if red != "" {
		b.WriteString(red + "\n\n")
	}
	b.WriteString("📊 Your last five weeks (Mon–Sun):\n")
	for i := len(weeks) - 1; i >= 0; i-- {
		w, p := weeks[i], painsOf[i]
		label := w.Start.Format("2 Jan")
		if i == len(weeks)-1 {
			label = "This week"
		}
		fmt.Fprintf(&b, "• %s: %s, %s", label, w.Text(u), plural(w.Runs, "run"))
		if w.Longest > 0 {
			fmt.Fprintf(&b, ", longest %s", coach.FormatDistance(w.Longest, u))
		}
		if p.N > 0 {
			fmt.Fprintf(&b, "; %s (worst %d/10 %s)", plural(p.N, "pain report"), p.Worst, levelMarker(p.Level))
		}
		b.WriteString("\n")
	}
	load := sum.Load
	var guide []string
	switch {
	case red != "":
		// No targets while a red flag is open: context only.
		if load.ACWROK {
			guide = append(guide, coach.ACWRText(load.ACWR))
		}
	case sum.Runs == 0 && load.Basis == coach.BasisNone:
		guide = append(guide, "No runs logged yet — /run 5k after your next one and I'll start tracking your load.")
	default:
		if sum.Runs > 0 {
			guide = append(guide, load.Week.TextFor(u, true))
		}
		if load.ACWROK {
			guide = append(guide, coach.ACWRText(load.ACWR))
		}
		if t := load.CapText(u); t != "" {
			guide = append(guide, t)
		}
		if t := load.BasisNote(); t != "" {
			guide = append(guide, t)
		}
	}
	if red == "" {
		guide = append(guide, amberEdgeLines(req.Member)...)
	}
	if len(guide) > 0 {
		b.WriteString("\n" + strings.Join(guide, "\n\n"))
	}
	return platforms.Response{Text: b.String(), Buttons: []platforms.Button{chartButton}}, nil
}

// runsAndPainsReader is a store that reads runs and pain reports together,
// in one round trip (issue 13); the prefetch store uses it when it can.
type runsAndPainsReader interface {
	RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
}

func levelMarker(level string) string {
	switch level {
	case "green":
		return coach.Green.Marker()
	case "amber":
		return coach.Amber.Marker()
	case "red":
		return coach.Red.Marker()
	}
	return ""
}
