package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	_ "embed"

	"github.com/clubcoach/clubcoach/internal/coach"
)

var (
	//go:embed page.html
	pageHTML string
	//go:embed page.css
	pageCSS string
)

// css is the page's whole stylesheet: page.css plus one width class per
// per cent, so progress bars need no inline style and the CSP can allow
// exactly this stylesheet by its hash.
var css = func() string {
	var b strings.Builder
	b.WriteString(pageCSS)
	for i := 0; i <= 100; i++ {
		fmt.Fprintf(&b, ".p%d{width:%d%%}", i, i)
	}
	b.WriteString("\n")
	return b.String()
}()

// styleHash is the CSP source that allows the inline stylesheet.
var styleHash = "sha256-" + sha256b64(css)

// The stylesheet goes into the template's text (not its data), so
// html/template leaves it byte for byte as hashed.
var pageTmpl = template.Must(template.New("page").Parse(strings.Replace(pageHTML, "/*CSS*/", css, 1)))

// chartBase is where a page's charts are, "" without a renderer.
func chartBase(token string, charts bool) string {
	if !charts {
		return ""
	}
	return Prefix + token + "/chart.png"
}

func (e *entry) html(token string, embed, charts bool) (rendered, error) {
	key := "html"
	if embed {
		key = "embed"
	}
	return e.variant(key, func() (rendered, error) {
		var b bytes.Buffer
		if err := pageTmpl.Execute(&b, makeView(e.page, embed, chartBase(token, charts))); err != nil {
			return rendered{}, fmt.Errorf("render page: %w", err)
		}
		return rendered{body: b.Bytes(), ctype: "text/html; charset=utf-8"}, nil
	})
}

func (e *entry) json() (rendered, error) {
	return e.variant("json", func() (rendered, error) {
		body, err := json.MarshalIndent(makeView(e.page, false, ""), "", "  ")
		if err != nil {
			return rendered{}, fmt.Errorf("render json: %w", err)
		}
		return rendered{body: append(body, '\n'), ctype: "application/json; charset=utf-8"}, nil
	})
}

// csv writes one row per board entry: the boards for a spreadsheet.
func (e *entry) csv() (rendered, error) {
	return e.variant("csv", func() (rendered, error) {
		v := makeView(e.page, false, "")
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		u := v.Units
		// Time challenges fill the last two columns instead of the distances.
		w.Write([]string{"challenge", "status", "start", "end", "goal_" + u, "team", "place", "name", "distance_" + u, "percent_of_goal", "goal_hours", "time_hours"})
		for _, ch := range v.Challenges {
			goal, goalH := number(ch.GoalM, u), ""
			if ch.Time {
				goal, goalH = "", hours(ch.GoalS)
			}
			for _, en := range ch.Board {
				dist, timeH := number(en.DistanceM, u), ""
				if ch.Time {
					dist, timeH = "", hours(en.TimeS)
				}
				w.Write([]string{
					cell(ch.Name), ch.Status, ch.Start, ch.End, goal, strconv.FormatBool(ch.Team),
					strconv.Itoa(en.Place), cell(en.Name), dist, strconv.Itoa(en.Percent), goalH, timeH,
				})
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return rendered{}, fmt.Errorf("render csv: %w", err)
		}
		return rendered{body: b.Bytes(), ctype: "text/csv; charset=utf-8", disposition: `attachment; filename="challenges.csv"`}, nil
	})
}

// number is a distance in u as a plain number a spreadsheet reads.
func number(meters int64, u string) string {
	per := coach.MetersPerKM
	if coach.Units(u) == coach.MI {
		per = coach.MetersPerMile
	}
	return strconv.FormatFloat(float64(meters)/per, 'f', 2, 64)
}

// hours is seconds as hours, a plain number a spreadsheet reads.
func hours(sec int64) string { return strconv.FormatFloat(float64(sec)/3600, 'f', 2, 64) }

// cell defuses text a spreadsheet would run as a formula (a member's name
// is theirs to choose).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (e *entry) chart(ctx context.Context, charts Charts, id string) (rendered, error) {
	var ch *Challenge
	for i := range e.page.Challenges {
		c := &e.page.Challenges[i]
		if c.ID == id || (id == "" && ch == nil) {
			ch = c
		}
	}
	if ch == nil {
		return rendered{}, errNoChallenge
	}
	return e.variant("chart:"+ch.ID, func() (rendered, error) {
		png, err := charts.ChallengeChart(ctx, e.page, *ch)
		if err != nil {
			return rendered{}, fmt.Errorf("render chart: %w", err)
		}
		return rendered{body: png, ctype: "image/png"}, nil
	})
}

func sha256b64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}
