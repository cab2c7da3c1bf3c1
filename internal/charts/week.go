package charts

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/clubcoach/clubcoach/internal/coach"
)

// Weeks is how many weeks the training chart shows.
const Weeks = 12

// Level is a pain report's triage level.
type Level string

// Pain levels, as the coach and the store name them.
const (
	Green Level = "green"
	Amber Level = "amber"
	Red   Level = "red"
)

// Run is one logged run: the day it was run and its distance.
type Run struct {
	Date   time.Time // the calendar date (its clock and zone are ignored)
	Meters float64
}

// Pain is one pain report on its day.
type Pain struct {
	Date  time.Time // the calendar date in the member's zone
	Score int
	Level Level
}

// WeekData is what the training chart shows.
type WeekData struct {
	Today time.Time   // the member's today; its week (Monday to Sunday) is the last one
	Units coach.Units // km or mi
	Runs  []Run
	Pains []Pain
}

type weekBin struct {
	start   time.Time
	meters  float64
	longest float64
	runs    int
	pains   int
	worst   int
	worstLv Level
}

// Week renders the member's last twelve weeks: weekly distance as bars,
// each week's longest run as a diamond, pain reports on their days with a
// shape per level, this week highlighted. Runs and pains outside the
// twelve weeks are ignored.
func Week(d WeekData) (Chart, error) {
	u := d.Units
	if u != coach.MI {
		u = coach.KM
	}
	today := civil(d.Today)
	thisStart := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	first := thisStart.AddDate(0, 0, -7*(Weeks-1))
	end := thisStart.AddDate(0, 0, 6)
	bins := make([]weekBin, Weeks)
	for i := range bins {
		bins[i].start = first.AddDate(0, 0, 7*i)
		bins[i].worst = -1
	}
	slot := func(t time.Time) (int, int, bool) {
		n := days(first, t)
		if n < 0 || n >= 7*Weeks {
			return 0, 0, false
		}
		return n / 7, n % 7, true
	}
	for _, r := range d.Runs {
		if i, _, ok := slot(r.Date); ok && r.Meters > 0 && !math.IsInf(r.Meters, 0) {
			b := &bins[i]
			b.meters += r.Meters
			b.longest = max(b.longest, r.Meters)
			b.runs++
		}
	}
	// One marker per day: the worst report of that day.
	type dayPain struct {
		week, dow, score int
		level            Level
	}
	var pains []dayPain
	seen := map[[2]int]int{}
	for _, p := range d.Pains {
		i, dow, ok := slot(p.Date)
		if !ok {
			continue
		}
		b := &bins[i]
		b.pains++
		if p.Score > b.worst {
			b.worst, b.worstLv = p.Score, p.Level
		}
		k := [2]int{i, dow}
		if j, dup := seen[k]; dup {
			if p.Score > pains[j].score {
				pains[j].score, pains[j].level = p.Score, p.Level
			}
			continue
		}
		seen[k] = len(pains)
		pains = append(pains, dayPain{week: i, dow: dow, score: p.Score, level: p.Level})
	}

	unit := u.Meters()
	maxWeek := 0.0
	for _, b := range bins {
		maxWeek = max(maxWeek, b.meters/unit)
	}
	top, step := niceCeil(max(maxWeek*1.12, 5))
	band := top * 1.1 // the pain row, above the bars
	ymax := top * 1.2

	c := newCanvas()
	c.title(fmt.Sprintf("Your last %d weeks · to %s", Weeks, end.Format("Mon 2 Jan")))
	c.weekLegend(u)

	p := c.newPlot()
	p.X.Min, p.X.Max = -0.55, Weeks-0.45
	p.Y.Min, p.Y.Max = 0, ymax
	p.Y.Label.Text = string(u) + " per week"
	var xt plot.ConstantTicks
	for i, b := range bins {
		l := b.start.Format("2 Jan")
		if i == Weeks-1 {
			l = "This wk"
		}
		xt = append(xt, plot.Tick{Value: float64(i), Label: l})
	}
	p.X.Tick.Marker = xt
	var yt plot.ConstantTicks
	for v := 0.0; v <= top+1e-9; v += step {
		yt = append(yt, plot.Tick{Value: v, Label: num(v)})
	}
	yt = append(yt, plot.Tick{Value: band, Label: "pain"})
	p.Y.Tick.Marker = yt

	valueStyle := c.style(sizeLabel, false, colInk)
	valueStyle.XAlign, valueStyle.YAlign = draw.XCenter, draw.YBottom
	scoreStyle := c.style(13, false, colInk)
	scoreStyle.XAlign, scoreStyle.YAlign = draw.XCenter, draw.YBottom
	emptyStyle := c.style(sizeSub, false, colMuted)
	emptyStyle.XAlign, emptyStyle.YAlign = draw.XCenter, draw.YCenter
	p.Add(plotFunc(func(dc draw.Canvas, p *plot.Plot) {
		x, y := p.Transforms(&dc)
		// This week's column, behind everything.
		fillRect(dc, colHighlight, x(Weeks-1-0.5), y(0), x(Weeks-1+0.5), y(ymax))
		for _, v := range yt[1 : len(yt)-1] {
			dc.StrokeLine2(draw.LineStyle{Color: colGrid, Width: 1}, x(p.X.Min), y(v.Value), x(p.X.Max), y(v.Value))
		}
		dc.StrokeLine2(draw.LineStyle{Color: colGrid, Width: 1, Dashes: []vg.Length{4, 4}}, x(p.X.Min), y(top*1.02), x(p.X.Max), y(top*1.02))
		for i, b := range bins {
			if b.meters <= 0 {
				continue
			}
			col := colBar
			if i == Weeks-1 {
				col = colBarNow
			}
			h := math.Max(float64(y(b.meters/unit)-y(0)), 3) // a short week stays visible
			fillRect(dc, col, x(float64(i)-0.34), y(0), x(float64(i)+0.34), y(0)+vg.Length(h))
			dy := y(b.longest / unit)
			diamond(&dc, vg.Point{X: x(float64(i)), Y: dy}, 7)
			// The total sits above the bar, and above the diamond when the
			// week's longest run was most of it.
			ly := max(y(0)+vg.Length(h)+3, dy+11)
			dc.FillText(valueStyle, vg.Point{X: x(float64(i)), Y: ly}, num(b.meters/unit))
		}
		for _, pp := range pains {
			px := x(float64(pp.week) - 0.5 + (float64(pp.dow)+0.5)/7)
			painGlyph(&dc, pp.level, vg.Point{X: px, Y: y(band)}, 8)
			dc.FillText(scoreStyle, vg.Point{X: px, Y: y(band) + 11}, fmt.Sprint(pp.score))
		}
		if maxWeek == 0 {
			dc.FillText(emptyStyle, vg.Point{X: x(float64(Weeks-1) / 2), Y: y(top / 2)}, "No runs logged in these 12 weeks yet: /run 5k adds one")
		}
	}))
	p.Draw(c.plotArea())
	png, err := c.png()
	if err != nil {
		return Chart{}, err
	}
	return Chart{
		PNG:     png,
		Caption: weekCaption(bins, u, end),
		Alt:     weekAlt(bins, len(pains), u, first, end),
		Name:    "week-" + end.Format(time.DateOnly) + ".png",
	}, nil
}

// weekLegend draws the key under the title: every symbol with a word, so
// no meaning rests on colour alone.
func (c *canvas) weekLegend(u coach.Units) {
	st := c.style(sizeLabel, false, colInk)
	st.YAlign = draw.YCenter
	y := vg.Length(Height - 70)
	x := vg.Length(26)
	item := func(draw func(pt vg.Point), label string) {
		draw(vg.Point{X: x + 8, Y: y})
		c.dc.FillText(st, vg.Point{X: x + 22, Y: y}, label)
		x += 22 + st.Width(label) + 24
	}
	item(func(pt vg.Point) { fillRect(c.dc, colBar, pt.X-8, pt.Y-8, pt.X+8, pt.Y+8) }, "weekly "+string(u))
	item(func(pt vg.Point) { diamond(&c.dc, pt, 8) }, "longest run")
	item(func(pt vg.Point) { painGlyph(&c.dc, Green, pt, 8) }, "pain: green")
	item(func(pt vg.Point) { painGlyph(&c.dc, Amber, pt, 8) }, "amber")
	item(func(pt vg.Point) { painGlyph(&c.dc, Red, pt, 8) }, "red")
	item(func(pt vg.Point) { fillRect(c.dc, colHighlight, pt.X-8, pt.Y-8, pt.X+8, pt.Y+8) }, "this week")
}

// diamond marks a week's longest run: white-edged so it shows on a bar.
func diamond(c *draw.Canvas, pt vg.Point, r vg.Length) {
	pts := func(r vg.Length) []vg.Point {
		return []vg.Point{{X: pt.X, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y}, {X: pt.X, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y}}
	}
	c.FillPolygon(color.White, pts(r+2))
	c.FillPolygon(colInk, pts(r))
}

// painGlyph draws a pain report: green a circle, amber a triangle, red a
// square with a cross, each with a dark edge.
func painGlyph(c *draw.Canvas, lv Level, pt vg.Point, r vg.Length) {
	edge := draw.LineStyle{Color: colInk, Width: 1.5}
	switch lv {
	case Red:
		sq := []vg.Point{{X: pt.X - r, Y: pt.Y - r}, {X: pt.X + r, Y: pt.Y - r}, {X: pt.X + r, Y: pt.Y + r}, {X: pt.X - r, Y: pt.Y + r}}
		c.FillPolygon(colRed, sq)
		c.StrokeLines(edge, append(sq, sq[0]))
		w := draw.LineStyle{Color: color.White, Width: 2}
		c.StrokeLine2(w, pt.X-r/2, pt.Y-r/2, pt.X+r/2, pt.Y+r/2)
		c.StrokeLine2(w, pt.X-r/2, pt.Y+r/2, pt.X+r/2, pt.Y-r/2)
	case Amber:
		tr := []vg.Point{{X: pt.X, Y: pt.Y + r + 1}, {X: pt.X + r + 1, Y: pt.Y - r + 1}, {X: pt.X - r - 1, Y: pt.Y - r + 1}}
		c.FillPolygon(colAmber, tr)
		c.StrokeLines(edge, append(tr, tr[0]))
	default:
		var p vg.Path
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
		p.Close()
		c.SetColor(colGreen)
		c.Fill(p)
		c.SetLineStyle(edge)
		c.Stroke(p)
	}
}

func weekCaption(bins []weekBin, u coach.Units, end time.Time) string {
	d := func(m float64) string { return coach.FormatDistance(m, u) }
	this, last := bins[Weeks-1], bins[Weeks-2]
	var total float64
	best := 0
	for i, b := range bins {
		total += b.meters
		if b.meters > bins[best].meters {
			best = i
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "📊 Your last %d weeks, to %s: %s in total.\n", Weeks, end.Format("Mon 2 Jan"), d(total))
	fmt.Fprintf(&b, "This week: %s over %s", d(this.meters), plural(this.runs, "run"))
	if this.runs > 0 {
		fmt.Fprintf(&b, ", longest %s", d(this.longest))
	}
	fmt.Fprintf(&b, ". Last week: %s.", d(last.meters))
	if total > 0 {
		fmt.Fprintf(&b, "\nBiggest week: %s (week of %s).", d(bins[best].meters), bins[best].start.Format("2 Jan"))
	}
	pains, worst, worstLv := 0, -1, Level("")
	for _, b := range bins {
		pains += b.pains
		if b.worst > worst {
			worst, worstLv = b.worst, b.worstLv
		}
	}
	if pains > 0 {
		fmt.Fprintf(&b, "\nPain reports: %d (worst %d/10, %s).", pains, worst, worstLv)
	}
	return clip(b.String(), MaxCaption)
}

func weekAlt(bins []weekBin, painDays int, u coach.Units, first, end time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Bar chart of weekly running distance in %s from %s to %s:", u, first.Format("2 Jan"), end.Format("2 Jan"))
	for i, w := range bins {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %s %s", sep, w.start.Format("2 Jan"), num(w.meters/u.Meters()))
	}
	b.WriteString(". The last bar, this week, is highlighted.")
	if painDays > 0 {
		fmt.Fprintf(&b, " Pain markers on %s.", plural(painDays, "day"))
	}
	return clip(b.String(), maxAlt)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
