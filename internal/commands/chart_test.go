package commands

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/charts"
)

func TestWeekChartIsPrivateWithTheRunsAndPain(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:26"
	h.say(me, "/run 8k")
	h.say(me, "/run 5k yesterday")
	h.say(me, "/pain 4 knee")
	text := h.say(me, "/week")
	if len(text.Buttons) != 1 || text.Buttons[0].Command != "/week chart" {
		t.Errorf("/week buttons %+v, want the chart button", text.Buttons)
	}
	resp := h.say(me, "/week chart")
	if !resp.Private || resp.Public == "" || strings.Contains(resp.Public, "4/10") {
		t.Errorf("the chart shows pain: private, with a neutral pointer; got %+v", resp)
	}
	if resp.Image == nil {
		t.Fatal("no image")
	}
	img, err := png.Decode(bytes.NewReader(resp.Image.Data))
	if err != nil || img.Bounds().Dx() != charts.Width {
		t.Fatalf("image: %v", err)
	}
	mustContain(t, resp.Image.Caption, "13 km in total", "Pain reports: 1 (worst 4/10, amber)")
	if resp.Image.MIME != "image/png" || !strings.HasPrefix(resp.Image.Name, "week-") || resp.Image.Alt == "" {
		t.Errorf("image metadata %+v", resp.Image.Name)
	}
}

func TestChallengeBoardChartIsPublicAndLeavesOutPaused(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		for _, m := range []string{ann, sam, kim} {
			e.say(m, "/challenge join")
		}
		e.logRun(sam, e.today(), 12000)
		e.logRun(kim, e.today(), 7000)
		e.say(sam, "/challenge pause")
		resp := e.say(kim, "/challenge board chart")
		if resp.Private || resp.Image == nil {
			t.Fatalf("want a public picture, got %+v", resp)
		}
		has(t, resp.Image.Caption, "1. Kim — 7 km", "Ann — 0 km")
		lacks(t, resp.Image.Caption+resp.Image.Alt, "Sam", "knee", "pain")
		if _, err := png.Decode(bytes.NewReader(resp.Image.Data)); err != nil {
			t.Fatal(err)
		}
		imgs, err := e.r.challenges.StandingsCharts(e.ctx, tClub, e.clock.Now())
		if err != nil || len(imgs) != 1 {
			t.Fatalf("standings charts: %d, %v", len(imgs), err)
		}
		lacks(t, imgs[0].Caption, "Sam")
	})
}
