package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
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
		Handler: r.week,
	}}
}

type weekStats struct {
	start          time.Time
	meters, long   float64
	runs, pains    int
	worstPain      int
	worstPainLevel string
}

func (r *Router) week(ctx context.Context, req *Request) (platforms.Response, error) {
	switch strings.ToLower(strings.TrimSpace(req.Args)) {
	case chartWord, "charts", "graph", "picture":
		return r.weekChart(ctx, req)
	}
	loc := r.location(ctx, req)
	u := coach.Units(req.Units())
	now := req.Now.In(loc)
	thisStart := coach.WeekStart(civil(now))
	first := thisStart.AddDate(0, 0, -28)
	histFrom := first.AddDate(0, 0, -28) // enough for the acute:chronic ratio
	runs, err := r.st.Runs(ctx, req.MemberID, histFrom.Format(dateFmt), "")
	if err != nil {
		return platforms.Response{}, fmt.Errorf("load runs: %w", err)
	}
	pains, err := r.st.Pains(ctx, req.MemberID, first.UTC())
	if err != nil {
		return platforms.Response{}, fmt.Errorf("load pains: %w", err)
	}
	weeks := make([]weekStats, 5)
	for i := range weeks {
		weeks[i].start = thisStart.AddDate(0, 0, -7*(4-i))
		weeks[i].worstPain = -1
	}
	idx := func(d time.Time) int {
		for i := len(weeks) - 1; i >= 0; i-- {
			if !d.Before(weeks[i].start) {
				if d.Before(weeks[i].start.AddDate(0, 0, 7)) {
					return i
				}
				return -1
			}
		}
		return -1
	}
	for _, run := range runs {
		d, err := time.ParseInLocation(dateFmt, run.Date, loc)
		if err != nil {
			continue
		}
		if i := idx(d); i >= 0 {
			w := &weeks[i]
			w.meters += float64(run.Meters)
			w.runs++
			w.long = max(w.long, float64(run.Meters))
		}
	}
	for _, p := range pains {
		if i := idx(p.At.In(loc)); i >= 0 {
			w := &weeks[i]
			w.pains++
			// The worst report is the highest level, then the highest
			// score: a 4/10 with a red flag outranks a 5/10 without.
			if lr, wr := levelRank(p.Level), levelRank(w.worstPainLevel); lr > wr || lr == wr && p.Score > w.worstPain {
				w.worstPain, w.worstPainLevel = p.Score, p.Level
			}
		}
	}
	var b strings.Builder
	b.WriteString("📊 Your last five weeks (Mon–Sun):\n")
	for i := len(weeks) - 1; i >= 0; i-- {
		w := weeks[i]
		label := w.start.Format("2 Jan")
		if i == len(weeks)-1 {
			label = "This week"
		}
		fmt.Fprintf(&b, "• %s: %s, %s", label, coach.FormatDistance(w.meters, u), plural(w.runs, "run"))
		if w.runs > 0 {
			fmt.Fprintf(&b, ", longest %s", coach.FormatDistance(w.long, u))
		}
		if w.pains > 0 {
			fmt.Fprintf(&b, "; %s (worst %d/10 %s)", plural(w.pains, "pain report"), w.worstPain, levelMarker(w.worstPainLevel))
		}
		b.WriteString("\n")
	}
	this, last := weeks[4], weeks[3]
	var guide []string
	if len(runs) == 0 {
		guide = append(guide, "No runs logged yet — /run 5k after your next one and I'll start tracking your load.")
	} else {
		if t := coach.WeekCheck(this.meters, last.meters).Text(u); t != "" {
			guide = append(guide, t)
		}
		if ratio, ok := coach.ACWR(toCoachRuns(runs, loc), utcDate(now)); ok {
			guide = append(guide, coach.ACWRText(ratio))
		}
		var longest30 float64
		cut := civil(now).AddDate(0, 0, -30)
		for _, run := range runs {
			if d, err := time.ParseInLocation(dateFmt, run.Date, loc); err == nil && d.After(cut) {
				longest30 = max(longest30, float64(run.Meters))
			}
		}
		if longest30 > 0 {
			guide = append(guide, fmt.Sprintf("Longest run in the last 30 days: %s, so keep your next long run to about %s or less (+10%%).",
				coach.FormatDistance(longest30, u), coach.FormatDistance(longest30*1.1, u)))
		}
	}
	if this.pains > 0 && this.worstPainLevel != "green" {
		guide = append(guide, "You've reported pain this week: keep runs below the point where it reaches 3/10, and /pain again if it changes.")
	}
	if len(guide) > 0 {
		b.WriteString("\n" + strings.Join(guide, "\n\n"))
	}
	return platforms.Response{Text: b.String(), Buttons: []platforms.Button{chartButton}}, nil
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
