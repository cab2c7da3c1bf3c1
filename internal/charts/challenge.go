package charts

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/clubcoach/clubcoach/internal/coach"
)

// maxRows is how many members the challenge chart names; the rest are
// summed up in a line, as the text board does.
const maxRows = 12

// Entry is one member on a challenge board: a display name and distance
// (or time, on a Time challenge). Nothing else about a member ever
// reaches this chart.
type Entry struct {
	Name   string
	Meters float64 // seconds when the challenge is Time
}

// ChallengeData is what the challenge chart shows.
type ChallengeData struct {
	Name       string
	Team       bool    // one shared goal for the club's total
	GoalMeters float64 // each member's goal, or the club's when Team
	Start, End time.Time
	Ended      bool // ended early by an admin
	Today      time.Time
	Units      coach.Units
	// Time makes it a time challenge: GoalMeters and the entries' Meters
	// hold seconds, and the chart shows hours.
	Time    bool
	Entries []Entry // the public board: highest first is not required
}

// scale is how the chart shows values: the axis unit and its size in the
// stored unit, and a value as text.
func (d ChallengeData) scale(u coach.Units) (axis string, per float64, show func(float64) string) {
	if d.Time {
		return "hours", 3600, func(s float64) string { return coach.FormatHours(int64(s + 0.5)) }
	}
	return string(u), u.Meters(), func(m float64) string { return coach.FormatDistance(m, u) }
}

// Challenge renders a challenge board: a bar per member toward the goal
// (team challenges: first the club's total made of each member's share),
// the goal line, and the days left.
func Challenge(d ChallengeData) (Chart, error) {
	u := d.Units
	if u != coach.MI {
		u = coach.KM
	}
	axis, unit, show := d.scale(u)
	es := slices.Clone(d.Entries)
	slices.SortStableFunc(es, func(a, b Entry) int {
		switch {
		case a.Meters > b.Meters:
			return -1
		case a.Meters < b.Meters:
			return 1
		}
		return 0
	})
	var total float64
	for _, e := range es {
		total += e.Meters
	}
	goal := max(d.GoalMeters, 0) / unit
	shown := es[:min(len(es), maxRows)]
	if d.Team {
		shown = es[:min(len(es), maxRows-1)]
	}
	hidden := len(es) - len(shown)

	c := newCanvas()
	c.title(d.Name)
	sub := c.style(sizeSub, false, colMuted)
	sub.YAlign = draw.YCenter
	c.dc.FillText(sub, vg.Point{X: 26, Y: Height - 70}, c.label(challengeSub(d, u), 90))

	// Rows from the top: y = rows-1 is the first.
	type row struct {
		label  string
		meters float64
		col    color.Color
		share  int // index into es for a team's share rows; -1 for the total
	}
	var rows []row
	if d.Team {
		rows = append(rows, row{label: "Club total", meters: total, share: -1})
	}
	for i, e := range shown {
		name := c.label(e.Name, 18)
		if name == "" {
			name = fmt.Sprintf("Runner %d", i+1)
		}
		var col color.Color = colBar
		if d.Team {
			col = colShares[i%len(colShares)]
		} else if d.GoalMeters > 0 && e.Meters >= d.GoalMeters {
			col = colDone
		}
		rows = append(rows, row{label: name, meters: e.Meters, col: col, share: i})
	}
	n := max(len(rows), 1)
	maxVal := goal
	for _, r := range rows {
		maxVal = max(maxVal, r.meters/unit)
	}
	xTop, xStep := niceCeil(max(maxVal*1.28, 1))

	p := c.newPlot()
	p.X.Min, p.X.Max = 0, xTop
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.1
	p.X.Label.Text = axis
	var yt plot.ConstantTicks
	for i, r := range rows {
		yt = append(yt, plot.Tick{Value: float64(n - 1 - i), Label: r.label})
	}
	p.Y.Tick.Marker = yt
	p.Y.Tick.Length = 0
	var xt plot.ConstantTicks
	for v := 0.0; v <= xTop+1e-9; v += xStep {
		xt = append(xt, plot.Tick{Value: v, Label: num(v)})
	}
	p.X.Tick.Marker = xt

	valStyle := c.style(sizeLabel, false, colInk)
	valStyle.YAlign = draw.YCenter
	goalStyle := c.style(sizeLabel, true, colGoal)
	goalStyle.XAlign, goalStyle.YAlign = draw.XCenter, draw.YBottom
	emptyStyle := c.style(sizeSub, false, colMuted)
	emptyStyle.XAlign, emptyStyle.YAlign = draw.XCenter, draw.YCenter
	barH := 0.62
	if n > 8 {
		barH = 0.7
	}
	p.Add(plotFunc(func(dc draw.Canvas, p *plot.Plot) {
		x, y := p.Transforms(&dc)
		for _, t := range xt[1:] {
			dc.StrokeLine2(draw.LineStyle{Color: colGrid, Width: 1}, x(t.Value), y(p.Y.Min), x(t.Value), y(p.Y.Max))
		}
		for i, r := range rows {
			yc := float64(n - 1 - i)
			y0, y1 := y(yc-barH/2), y(yc+barH/2)
			v := r.meters / unit
			if r.share < 0 { // the club's total, made of each member's share
				at := 0.0
				for j, e := range es {
					w := e.Meters / unit
					col := colShares[min(j, len(colShares)-1)%len(colShares)]
					if j >= len(shown) {
						col = colGrid // everyone past the named rows, together
					}
					fillRect(dc, col, x(at), y0, x(at+w), y1)
					at += w
					if j < len(shown) && x(at)-x(at-w) > 2 {
						dc.StrokeLine2(draw.LineStyle{Color: color.White, Width: 1.5}, x(at), y0, x(at), y1)
					}
				}
			} else if v > 0 {
				fillRect(dc, r.col, x(0), y0, max(x(v), x(0)+3), y1)
			}
			lbl := show(r.meters)
			switch {
			case d.GoalMeters > 0 && (r.share < 0 || !d.Team) && r.meters >= d.GoalMeters:
				lbl += " · goal reached"
			case d.GoalMeters > 0 && !d.Team:
				lbl += fmt.Sprintf(" · %d%%", int(r.meters*100/d.GoalMeters))
			case d.Team && r.share >= 0 && total > 0:
				lbl += fmt.Sprintf(" · %d%% of total", int(r.meters*100/total+0.5))
			case d.Team && d.GoalMeters > 0:
				lbl += fmt.Sprintf(" · %d%%", int(r.meters*100/d.GoalMeters))
			}
			dc.FillText(valStyle, vg.Point{X: max(x(v), x(0)) + 8, Y: y(yc)}, lbl)
		}
		if goal > 0 {
			ls := draw.LineStyle{Color: colGoal, Width: 2.5, Dashes: []vg.Length{8, 5}}
			dc.StrokeLine2(ls, x(goal), y(p.Y.Min), x(goal), y(float64(n)-0.5))
			dc.FillText(goalStyle, vg.Point{X: x(goal), Y: y(float64(n)-0.5) + 2}, "goal "+show(d.GoalMeters))
		}
		if len(rows) == 0 {
			dc.FillText(emptyStyle, vg.Point{X: x(xTop / 2), Y: y(0)}, emptyBoard(d))
		}
		if hidden > 0 {
			more := c.style(sizeLabel, false, colMuted)
			more.XAlign, more.YAlign = draw.XRight, draw.YBottom
			dc.FillText(more, vg.Point{X: dc.Max.X - 4, Y: dc.Min.Y + 4}, fmt.Sprintf("+ %d more", hidden))
		}
	}))
	p.Draw(c.plotArea())
	png, err := c.png()
	if err != nil {
		return Chart{}, err
	}
	return Chart{
		PNG:     png,
		Caption: challengeCaption(d, es, total, u),
		Alt:     challengeAlt(d, es, total, u),
		Name:    "challenge-" + fileSafe(d.Name) + "-" + civil(d.Today).Format(time.DateOnly) + ".png",
	}, nil
}

// challengeSub is the line under the title: the goal and the days left.
func challengeSub(d ChallengeData, u coach.Units) string {
	_, _, show := d.scale(u)
	var parts []string
	if d.GoalMeters > 0 {
		if d.Team {
			parts = append(parts, show(d.GoalMeters)+" together")
		} else {
			parts = append(parts, show(d.GoalMeters)+" each")
		}
	}
	parts = append(parts, daysLeft(d))
	return strings.Join(parts, " · ")
}

func daysLeft(d ChallengeData) string {
	today, start, end := civil(d.Today), civil(d.Start), civil(d.End)
	switch {
	case d.Ended || today.After(end):
		return "finished"
	case today.Before(start):
		return "starts " + start.Format("Mon 2 Jan")
	}
	// Today counts, as on the text board: the last day is "1 day left".
	if n := days(today, end) + 1; n > 1 {
		return fmt.Sprintf("%d days left, to %s", n, end.Format("Mon 2 Jan"))
	}
	return "last day today"
}

func challengeCaption(d ChallengeData, es []Entry, total float64, u coach.Units) string {
	_, _, dist := d.scale(u)
	var b strings.Builder
	fmt.Fprintf(&b, "🏁 %s — %s.", clip(d.Name, 80), challengeSub(d, u))
	if d.Team && d.GoalMeters > 0 {
		fmt.Fprintf(&b, "\nTogether: %s of %s (%d%%).", dist(total), dist(d.GoalMeters), int(total*100/d.GoalMeters))
	}
	if len(es) == 0 {
		b.WriteString("\n" + emptyBoard(d) + ".")
		return b.String()
	}
	for i, e := range es {
		line := fmt.Sprintf("\n%d. %s — %s", i+1, clip(strings.TrimSpace(e.Name), 40), dist(e.Meters))
		if !d.Team && d.GoalMeters > 0 && e.Meters >= d.GoalMeters {
			line += " ✅"
		}
		rest := fmt.Sprintf("\n…and %d more", len(es)-i)
		if i == maxRows || utf8Len(b.String())+utf8Len(line)+utf8Len(rest) > MaxCaption {
			b.WriteString(rest)
			break
		}
		b.WriteString(line)
	}
	return clip(b.String(), MaxCaption)
}

// emptyBoard says a board has nothing on it yet.
func emptyBoard(d ChallengeData) string {
	if d.Time {
		return "No time on the board yet"
	}
	return "No distance on the board yet"
}

func challengeAlt(d ChallengeData, es []Entry, total float64, u coach.Units) string {
	_, _, show := d.scale(u)
	var b strings.Builder
	fmt.Fprintf(&b, "Horizontal bar chart of %s: %s.", d.Name, challengeSub(d, u))
	if d.Team {
		fmt.Fprintf(&b, " Club total %s, made of each member's share.", show(total))
	}
	for i, e := range es {
		if i == maxRows {
			fmt.Fprintf(&b, " And %d more.", len(es)-i)
			break
		}
		fmt.Fprintf(&b, " %s %s.", e.Name, show(e.Meters))
	}
	return clip(b.String(), maxAlt)
}

func utf8Len(s string) int { return len([]rune(s)) }

// fileSafe keeps letters and digits of s for a file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "board"
	}
	return out
}
