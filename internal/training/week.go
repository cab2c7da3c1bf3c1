package training

import (
	"context"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// SummaryWeeks is how many weeks the weekly summary shows: this one and
// the four before.
const SummaryWeeks = 5

// PainWeek is one week's pain reports in a summary.
type PainWeek struct {
	N     int    // reports that week
	Worst int    // the worst report's score (-1 with none)
	Level string // the worst report's level: "green", "amber", "red" ("" with none)
}

// Summary is the member's last five weeks (Mon–Sun) and the load that
// follows from them.
type Summary struct {
	Weeks []coach.WeekSum // oldest first; the last is this week
	Pains []PainWeek      // by week, as Weeks
	Load  coach.Load      // as of today
	Runs  int             // runs in the load history
}

// Week reads the member's history in one call (runs from HistoryFrom,
// pain reports from the first week shown) and summarises it.
func (s *Service) Week(ctx context.Context, m store.Member, loc *time.Location, now time.Time) (Summary, error) {
	today := civil(now.In(loc))
	first := coach.WeekStart(today).AddDate(0, 0, -7*(SummaryWeeks-1))
	runs, pains, err := s.st.RunsAndPains(ctx, m.ID, HistoryFrom(today), "", first.UTC())
	if err != nil {
		return Summary{}, fmt.Errorf("load runs and pains: %w", err)
	}
	return Summarize(runs, pains, loc, today, Baseline(m)), nil
}

// Summarize buckets runs and pain reports into the weeks up to today (a
// civil date in loc) and states the load as of today.
func Summarize(stored []store.Run, pains []store.Pain, loc *time.Location, today time.Time, base coach.Baseline) Summary {
	runs := CoachRuns(stored, loc)
	weeks := coach.Weeks(runs, UTCDate(today), SummaryWeeks)
	painsOf := make([]PainWeek, len(weeks))
	for i := range painsOf {
		painsOf[i].Worst = -1
	}
	for _, p := range pains {
		d := UTCDate(p.At.In(loc))
		i := int(d.Sub(weeks[0].Start).Hours()/24+0.5) / 7
		if d.Before(weeks[0].Start) || i >= len(weeks) {
			continue
		}
		w := &painsOf[i]
		w.N++
		// The worst report is the highest level, then the highest score: a
		// 4/10 with a red flag outranks a 5/10 without.
		if lr, wr := LevelRank(p.Level), LevelRank(w.Level); lr > wr || lr == wr && p.Score > w.Worst {
			w.Worst, w.Level = p.Score, p.Level
		}
	}
	return Summary{Weeks: weeks, Pains: painsOf, Load: coach.LoadAsOf(runs, UTCDate(today), base), Runs: len(runs)}
}

// LevelRank orders stored triage levels: none < green < amber < red.
func LevelRank(level string) int {
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

// LastWeeks reads, in one call, the member's runs and pain reports of the
// last n weeks (Mon–Sun in loc), this one included: what a chart of their
// weeks draws.
func (s *Service) LastWeeks(ctx context.Context, memberID ids.MemberID, loc *time.Location, now time.Time, n int) ([]store.Run, []store.Pain, error) {
	first := coach.WeekStart(civil(now.In(loc))).AddDate(0, 0, -7*(n-1))
	runs, pains, err := s.st.RunsAndPains(ctx, memberID, first.Format(DateFmt), "", first.UTC())
	if err != nil {
		return nil, nil, fmt.Errorf("load runs and pains: %w", err)
	}
	return runs, pains, nil
}
