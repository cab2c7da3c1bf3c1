package web

import (
	"math"
	"strconv"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
)

// view is the page as shown: formatted, with statuses worked out. It is
// also the JSON document (fields without a json name are for the HTML).
type view struct {
	Club       string   `json:"club"`
	Units      string   `json:"units"`
	Today      string   `json:"today"`
	Challenges []chView `json:"challenges"`

	Title     string   `json:"-"`
	Embed     bool     `json:"-"`
	Active    []chView `json:"-"`
	Finished  []chView `json:"-"`
	Refreshes int      `json:"-"`
}

type chView struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Kind     string      `json:"kind"`   // distance, or time: the goal and boards in seconds (goal_s, total_s, time_s)
	Status   string      `json:"status"` // upcoming, running, finished
	Team     bool        `json:"team"`
	GoalM    int64       `json:"goal_m"`
	Goal     string      `json:"goal"`
	Start    string      `json:"start"`
	End      string      `json:"end"`
	DaysLeft int         `json:"days_left"` // today included; 0 unless running
	StartsIn int         `json:"starts_in_days,omitempty"`
	TotalM   int64       `json:"total_m"`
	Total    string      `json:"total"`
	TotalPct int         `json:"total_percent"`
	GoalS    int64       `json:"goal_s,omitempty"`
	TotalS   int64       `json:"total_s,omitempty"`
	Board    []entryView `json:"board"`

	Time       bool        `json:"-"`
	GoalText   string      `json:"-"` // "100 km each"
	Dates      string      `json:"-"`
	StatusText string      `json:"-"`
	TotalBar   int         `json:"-"`
	Shown      []entryView `json:"-"` // the board as the HTML shows it
	More       int         `json:"-"` // entries left off the HTML
	Chart      string      `json:"-"` // chart address, "" for none
}

type entryView struct {
	Place     int    `json:"place"`
	Name      string `json:"name"`
	DistanceM int64  `json:"distance_m"`
	Distance  string `json:"distance,omitempty"`
	TimeS     int64  `json:"time_s,omitempty"`
	Time      string `json:"time,omitempty"` // "12 h 30 min", on time challenges
	Value     string `json:"-"`              // what the HTML shows: the distance or the time
	Percent   int    `json:"percent"`        // of the goal (a team's shared goal for team challenges)
	Reached   bool   `json:"goal_reached,omitempty"`
	Bar       int    `json:"-"` // Percent capped at 100
}

// Entries the HTML shows per board (all of them go to JSON and CSV).
const (
	pageRows  = 50
	embedRows = 10
)

func units(p Page) coach.Units {
	if p.Units == string(coach.MI) {
		return coach.MI
	}
	return coach.KM
}

// makeView formats p. token is for chart addresses ("" for none).
func makeView(p Page, embed bool, chartBase string) view {
	u := units(p)
	v := view{Club: p.Club, Units: string(u), Today: p.Today, Embed: embed, Refreshes: 60}
	v.Title = p.Club
	if v.Title == "" {
		v.Title = "Club challenges"
	}
	rows := pageRows
	if embed {
		rows = embedRows
	}
	for _, ch := range p.Challenges {
		cv := challengeView(ch, u, p.Today)
		cv.Shown = cv.Board
		if len(cv.Shown) > rows {
			cv.Shown, cv.More = cv.Shown[:rows], len(cv.Shown)-rows
		}
		if chartBase != "" && cv.Status != "upcoming" {
			cv.Chart = chartBase + "?challenge=" + ch.ID
		}
		v.Challenges = append(v.Challenges, cv)
		if cv.Status == "finished" {
			v.Finished = append(v.Finished, cv)
		} else {
			v.Active = append(v.Active, cv)
		}
	}
	// Newest results first.
	for i, j := 0, len(v.Finished)-1; i < j; i, j = i+1, j-1 {
		v.Finished[i], v.Finished[j] = v.Finished[j], v.Finished[i]
	}
	if v.Challenges == nil {
		v.Challenges = []chView{}
	}
	return v
}

func challengeView(ch Challenge, u coach.Units, today string) chView {
	d := func(m int64) string { return coach.FormatDistance(float64(m), u) }
	if ch.Time {
		d = coach.FormatHours
	}
	cv := chView{
		ID: ch.ID, Name: ch.Name, Kind: "distance", Team: ch.Team, GoalM: ch.GoalM, Goal: d(ch.GoalM),
		Start: ch.Start, End: ch.End, TotalM: ch.TotalM, Total: d(ch.TotalM),
		TotalPct: percent(ch.TotalM, ch.GoalM), Board: []entryView{}, Time: ch.Time,
	}
	if ch.Time { // seconds, under their own names
		cv.Kind, cv.GoalS, cv.TotalS, cv.GoalM, cv.TotalM = "time", ch.GoalM, ch.TotalM, 0, 0
	}
	cv.TotalBar = min(cv.TotalPct, 100)
	cv.GoalText = cv.Goal + " each"
	if ch.Team {
		cv.GoalText = cv.Goal + " together"
	}
	cv.Dates = prettyDate(ch.Start, today) + " – " + prettyDate(ch.End, today)
	switch {
	case ch.Ended || ch.End < today:
		cv.Status, cv.StatusText = "finished", "Finished"
	case today < ch.Start:
		cv.Status = "upcoming"
		cv.StartsIn = daily.DaysBetween(today, ch.Start)
		cv.StatusText = "Starts in " + plural(cv.StartsIn, "day")
	default:
		cv.Status = "running"
		cv.DaysLeft = daily.DaysBetween(today, ch.End) + 1
		cv.StatusText = plural(cv.DaysLeft, "day") + " left"
		if cv.DaysLeft == 1 {
			cv.StatusText = "Last day"
		}
	}
	for _, e := range ch.Board {
		ev := entryView{Place: e.Place, Name: e.Name, DistanceM: e.Meters, Distance: d(e.Meters), Value: d(e.Meters), Percent: percent(e.Meters, ch.GoalM)}
		if ch.Time {
			ev.TimeS, ev.Time, ev.DistanceM, ev.Distance = e.Meters, ev.Value, 0, ""
		}
		ev.Bar = min(ev.Percent, 100)
		ev.Reached = !ch.Team && ch.GoalM > 0 && e.Meters >= ch.GoalM
		cv.Board = append(cv.Board, ev)
	}
	return cv
}

// percent is part of whole in whole per cent, rounded down (100 only when
// reached).
func percent(part, whole int64) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	return int(math.Min(float64(part)*100/float64(whole), 1e6))
}

// prettyDate shows "25 Nov", with the year when it isn't this year's.
func prettyDate(date, today string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	if len(today) >= 4 && len(date) >= 4 && date[:4] != today[:4] {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
