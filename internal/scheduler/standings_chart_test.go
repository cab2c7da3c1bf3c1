package scheduler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// chartChallenges adds standings pictures to the stub.
type chartChallenges struct {
	*stubChallenges
	imgs []platforms.Image
}

func (c chartChallenges) StandingsCharts(context.Context, ids.ClubID, time.Time) ([]platforms.Image, error) {
	return c.imgs, nil
}

// imageRecorder is a recorder that also takes pictures.
type imageRecorder struct {
	*recorder
	mu      sync.Mutex
	images  []platforms.Image
	failImg error
}

func (r *imageRecorder) DMImage(context.Context, platforms.MemberID, platforms.Image, string) error {
	return errors.New("not used")
}

func (r *imageRecorder) PostImage(_ context.Context, _ platforms.ChatID, img platforms.Image, _ string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failImg != nil {
		return r.failImg
	}
	r.images = append(r.images, img)
	return nil
}

func TestStandingsPostCarriesTheChartWhenTheSenderCanSendImages(t *testing.T) {
	t.Parallel()
	const club = "telegram:-43"
	for _, tc := range []struct {
		name       string
		images     bool
		failImg    error
		wantImages int
		wantText   bool
	}{
		{"image sender", true, nil, 2, false},
		{"text-only sender", false, nil, 0, true},
		{"picture refused", true, errors.New("400 bad request"), 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock(utc("2026-03-01T17:00:00Z")) // Sunday 18:00 in Berlin
			st := openEmbedded(t, clk)
			stub := chartChallenges{stubChallenges: &stubChallenges{standings: "📊 This week's standings\n🏁 March 50"},
				imgs: []platforms.Image{{Data: []byte("png"), Name: "a.png", Caption: "🏁 March 50"}, {Data: []byte("png"), Name: "b.png", Caption: "🏁 Team"}}}
			h := newHarness(t, clk, st, func(d *Deps) { d.Challenges = stub })
			ir := &imageRecorder{recorder: h.snd, failImg: tc.failImg}
			if tc.images {
				h.s.d.Sender = ir
			}
			if _, err := st.UpdateClub(context.Background(), club, func(c *store.Club) error {
				c.TZ, c.StandingsDay, c.StandingsAt = "Europe/Berlin", "sun", "18:00"
				c.Challenges = []store.Challenge{{ID: "c1"}}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, sc := range h.s.schedules(mustClub(t, st, club)) {
				if sc.kind == kindStandings {
					h.s.fireClub(context.Background(), club, sc)
				}
			}
			if len(ir.images) != tc.wantImages {
				t.Fatalf("%d pictures posted, want %d", len(ir.images), tc.wantImages)
			}
			if tc.wantImages > 0 && ir.images[0].Caption != "📊 This week's standings\n🏁 March 50" {
				t.Errorf("first caption %q", ir.images[0].Caption)
			}
			if posted := len(h.snd.Posts()) == 1; posted != tc.wantText {
				t.Errorf("text posts %+v, want text=%v", h.snd.Posts(), tc.wantText)
			}
		})
	}
}
