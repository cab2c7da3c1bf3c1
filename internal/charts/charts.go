// Package charts renders the bot's pictures — a member's last twelve weeks
// and a challenge board — as PNG images, in-process with gonum/plot and its
// embedded Liberation fonts. It is pure: values in, bytes and text out, no
// clock and no I/O, and the same data always gives the same bytes.
package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The size of every chart in pixels: wide enough to read on a phone held
// sideways, small enough to send quickly.
const (
	Width  = 1000
	Height = 600
)

// MaxCaption is the longest caption a chart carries (Telegram's limit for
// a photo caption, in characters).
const MaxCaption = 1024

// maxAlt bounds the alt text (Discord's attachment description limit).
const maxAlt = 1000

// Chart is one rendered image and the words that go with it.
type Chart struct {
	PNG []byte
	// Caption carries the headline numbers in text, for screen readers,
	// notifications and platforms that drop images; at most MaxCaption
	// characters.
	Caption string
	// Alt describes the picture for someone who cannot see it.
	Alt string
	// Name is a file name for it, e.g. "week-2026-12-06.png".
	Name string
}

// Colours, shared by both charts so they look like one family.
var (
	colBar       = color.RGBA{R: 0x4c, G: 0x78, B: 0xa8, A: 0xff} // blue
	colBarNow    = color.RGBA{R: 0x1f, G: 0x3f, B: 0x6e, A: 0xff} // dark blue: this week, or a member past the goal
	colHighlight = color.RGBA{R: 0xff, G: 0xf1, B: 0xc4, A: 0xff} // pale yellow behind this week
	colInk       = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colMuted     = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	colGrid      = color.RGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff}
	colGreen     = color.RGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	colAmber     = color.RGBA{R: 0xf2, G: 0xa9, B: 0x00, A: 0xff}
	colRed       = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colGoal      = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colDone      = color.RGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	// share colours for a team bar, distinct in lightness as well as hue
	colShares = []color.Color{
		color.RGBA{R: 0x1f, G: 0x3f, B: 0x6e, A: 0xff},
		color.RGBA{R: 0x4c, G: 0x78, B: 0xa8, A: 0xff},
		color.RGBA{R: 0x8f, G: 0xb4, B: 0xd9, A: 0xff},
		color.RGBA{R: 0x3b, G: 0x8e, B: 0x8a, A: 0xff},
		color.RGBA{R: 0x8c, G: 0xc9, B: 0xb4, A: 0xff},
		color.RGBA{R: 0x6b, G: 0x5b, B: 0x95, A: 0xff},
	}
)

// Type sizes in pixels (the canvas is 72 dpi, so a point is a pixel).
const (
	sizeTitle = 30
	sizeSub   = 19
	sizeTick  = 17
	sizeLabel = 16
	sizeAxis  = 18
	header    = 96 // the band above the plot: title and legend or subtitle
)

// canvas is one chart being drawn: the image, its fonts and text styles.
type canvas struct {
	img   *vgimg.Canvas
	dc    draw.Canvas
	fonts *font.Cache
	sans  *sfnt.Font // Liberation Sans, to know which characters it can draw
	buf   sfnt.Buffer
}

var (
	fontSans = font.Font{Typeface: "Liberation", Variant: "Sans"}
	fontBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: stdfont.WeightBold}
)

func newCanvas() *canvas {
	// A cache of our own (the collection itself is parsed once by the
	// liberation package): nothing here changes gonum's package defaults.
	fonts := font.NewCache(liberation.Collection())
	img := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
	face := fonts.Lookup(fontSans, sizeTick)
	return &canvas{img: img, dc: draw.New(img), fonts: fonts, sans: face.Face}
}

// style is a text style in the chart's sans font.
func (c *canvas) style(size vg.Length, bold bool, col color.Color) text.Style {
	f := fontSans
	if bold {
		f = fontBold
	}
	return text.Style{Color: col, Font: font.From(f, size), Handler: text.Plain{Fonts: c.fonts}}
}

// newPlot is a plot with the chart's fonts and no title.
func (c *canvas) newPlot() *plot.Plot {
	p := plot.New()
	p.TextHandler = text.Plain{Fonts: c.fonts}
	// Keep gonum's alignments and rotations; change only fonts and colours.
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(fontSans, sizeAxis)
		ax.Label.TextStyle.Color = colMuted
		ax.Label.TextStyle.Handler = p.TextHandler
		ax.Tick.Label.Font = font.From(fontSans, sizeTick)
		ax.Tick.Label.Color = colInk
		ax.Tick.Label.Handler = p.TextHandler
		ax.LineStyle.Color = colMuted
		ax.Tick.LineStyle.Color = colMuted
		ax.Padding = 0
	}
	p.Legend.TextStyle = c.style(sizeLabel, false, colInk)
	return p
}

// title draws the chart's title and returns the canvas below the header.
func (c *canvas) title(title string) {
	st := c.style(sizeTitle, true, colInk)
	st.YAlign = draw.YTop
	c.dc.FillText(st, vg.Point{X: 24, Y: Height - 14}, c.label(title, 60))
}

// plotArea is the part of the canvas under the header.
func (c *canvas) plotArea() draw.Canvas {
	return draw.Crop(c.dc, 12, -28, 10, -header)
}

// png encodes the finished image.
func (c *canvas) png() ([]byte, error) {
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c.img}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return b.Bytes(), nil
}

// plotFunc adapts a drawing function to plot.Plotter.
type plotFunc func(c draw.Canvas, p *plot.Plot)

func (f plotFunc) Plot(c draw.Canvas, p *plot.Plot) { f(c, p) }

// mark stands in for characters the font cannot draw (emoji, scripts that
// need shaping): neutral, and never a box.
const mark = "•"

// label makes s drawable with the chart's font, at most n characters:
// characters the font lacks become one neutral mark per run, invisible
// joiners and variation selectors vanish, right-to-left runs the font can
// draw without shaping (Hebrew) are put in visual order, and anything left
// with no letter or digit comes back as "".
func (c *canvas) label(s string, n int) string {
	var out []rune
	var rtl []rune
	flushRTL := func() {
		for i := len(rtl) - 1; i >= 0; i-- {
			out = append(out, rtl[i])
		}
		rtl = rtl[:0]
	}
	lastMark, joined := false, false
	for _, r := range s {
		if r == '\u200d' { // a zero-width joiner glues the next character to the emoji before it
			joined = lastMark
			continue
		}
		if joined {
			joined = false
			continue
		}
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) && !c.has(r) ||
			r >= 0xFDD0 && r <= 0xFDEF || // noncharacters: the marks around member-written text
			unicode.Is(unicode.Variation_Selector, r) || (r >= 0x1F3FB && r <= 0x1F3FF) {
			continue // joiners, selectors, skin tones: parts of something else
		}
		if unicode.IsSpace(r) {
			r = ' '
		}
		if !c.has(r) {
			flushRTL()
			if !lastMark {
				out = append(out, []rune(mark)...)
			}
			lastMark = true
			continue
		}
		lastMark = false
		if isRTL(r) || (len(rtl) > 0 && r == ' ') {
			rtl = append(rtl, r)
			continue
		}
		flushRTL()
		out = append(out, r)
	}
	// A space that ended an RTL run belongs after it, not before.
	trail := 0
	for len(rtl) > 0 && rtl[len(rtl)-1] == ' ' {
		rtl = rtl[:len(rtl)-1]
		trail++
	}
	flushRTL()
	for ; trail > 0; trail-- {
		out = append(out, ' ')
	}
	res := strings.Join(strings.Fields(string(out)), " ")
	if !strings.ContainsFunc(res, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	if rs := []rune(res); len(rs) > n {
		res = strings.TrimSpace(string(rs[:n-1])) + "…"
	}
	return res
}

func (c *canvas) has(r rune) bool {
	if r == ' ' {
		return true
	}
	i, err := c.sans.GlyphIndex(&c.buf, r)
	return err == nil && i != 0
}

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// civil is t's calendar date as midnight UTC, so day arithmetic ignores
// daylight-saving changes.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func days(from, to time.Time) int {
	return int(civil(to).Sub(civil(from)).Hours() / 24)
}

// niceCeil is the smallest 1, 2, 2.5 or 5 × 10^k at or above v, and a tick
// step that divides it into 4 or 5 parts.
func niceCeil(v float64) (top, step float64) {
	if v <= 0 {
		v = 1
	}
	mag := 1.0
	for mag*10 <= v {
		mag *= 10
	}
	for mag > v {
		mag /= 10
	}
	for _, m := range []struct{ top, step float64 }{{1, 0.25}, {2, 0.5}, {2.5, 0.5}, {3, 0.5}, {4, 1}, {5, 1}, {6, 1.5}, {8, 2}, {10, 2.5}} {
		if m.top*mag >= v-1e-9 {
			return m.top * mag, m.step * mag
		}
	}
	return 10 * mag, 2.5 * mag
}

// num formats a value for an axis or a bar: at most one decimal.
func num(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// clip shortens s to at most n characters, ending with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// fillRect fills a rectangle in canvas coordinates.
func fillRect(c draw.Canvas, col color.Color, x0, y0, x1, y1 vg.Length) {
	c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
}
