package web

import (
	"bytes"
	"context"
	"image/png"
	"testing"
)

func TestChallengeChartsDrawsThePublicBoard(t *testing.T) {
	t.Parallel()
	p := Page{Units: "km", Today: "2026-12-10"}
	ch := Challenge{ID: "c1", Name: "December 100", GoalM: 100000, Start: "2026-12-01", End: "2026-12-31",
		Board: []Entry{{Place: 1, Name: "Ana P.", Meters: 42000}, {Place: 2, Name: "a club member", Meters: 5000}}}
	raw, err := ChallengeCharts{}.ChallengeChart(context.Background(), p, ch)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 300 {
		t.Errorf("chart is %v", b)
	}
}
