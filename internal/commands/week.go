package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
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
	now := req.Now.In(loc)
	today := civil(now)
	thisStart := coach.WeekStart(today)
	first := thisStart.AddDate(0, 0, -28)
	stored, pains, err := r.runsAndPains(ctx, req.MemberID, historyFrom(today), "", first.UTC())
	if err != nil {
		return platforms.Response{}, err
	}
	runs := toCoachRuns(stored, loc)
	weeks := coach.Weeks(runs, utcDate(today), 5)
	type painStats struct {
		n, worst int
		level    string
	}
	painsOf := make([]painStats, len(weeks))
	for i := range painsOf {
		painsOf[i].worst = -1
	}
	for _, p := range pains {
		d := utcDate(p.At.In(loc))
		i := int(d.Sub(weeks[0].Start).Hours()/24+0.5) / 7
		if d.Before(weeks[0].Start) || i >= len(weeks) {
			continue
		}
		w := &painsOf[i]
		w.n++
		// The worst report is the highest level, then the highest score: a
		// 4/10 with a red flag outranks a 5/10 without.
		if lr, wr := levelRank(p.Level), levelRank(w.level); lr > wr || lr == wr && p.Score > w.worst {
			w.worst, w.level = p.Score, p.Level
		}
	}
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
		if p.n > 0 {
			fmt.Fprintf(&b, "; %s (worst %d/10 %s)", plural(p.n, "pain report"), p.worst, levelMarker(p.level))
		}
		b.WriteString("\n")
	}
	load := coach.LoadAsOf(runs, utcDate(today), baselineOf(req.Member))
	var guide []string
	switch {
	case red != "":
		// No targets while a red flag is open: context only.
		if load.ACWROK {
			guide = append(guide, coach.ACWRText(load.ACWR))
		}
	case len(runs) == 0 && load.Basis == coach.BasisNone:
		guide = append(guide, "No runs logged yet — /run 5k after your next one and I'll start tracking your load.")
	default:
		if len(runs) > 0 {
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
// in one round trip (issue 13).
type runsAndPainsReader interface {
	RunsAndPains(ctx context.Context, memberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error)
}

// runsAndPains returns Runs(from, to) and Pains(since): from the
// request's prefetch, or in one call when the store can, otherwise in two
// (prefetchStore.RunsAndPains).
func (r *Router) runsAndPains(ctx context.Context, memberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error) {
	runs, pains, err := r.st.RunsAndPains(ctx, memberID, from, to, since)
	if err != nil {
		return nil, nil, fmt.Errorf("load runs and pains: %w", err)
	}
	return runs, pains, nil
}

func levelRank(level string) int {
	switch level {
	case "green":
		return 1
	case "amber":
		return 2
	case "red":
		return 3
	}
	return 0
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
