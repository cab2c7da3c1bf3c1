package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func TestChallengeSchedules(t *testing.T) {
	t.Parallel()
	c := store.Club{
		ID: "telegram:-100", TZ: "Europe/Berlin", StandingsDay: "sun", StandingsAt: "18:00",
		Challenges: []store.Challenge{{ID: "c1", Finished: true}, {ID: "c2"}},
	}
	got := map[string]string{}
	for _, sc := range challengeSchedules(c) {
		got[sc.key] = sc.spec
	}
	want := map[string]string{
		"telegram:-100|standings":  "CRON_TZ=Europe/Berlin 0 18 * * 0",
		"telegram:-100|challenges": "CRON_TZ=Europe/Berlin 0 9 * * *",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("schedules = %v, want %v", got, want)
	}
	// Posts off: no standings, but the daily run stays for the nudges.
	c.Off = true
	if s := challengeSchedules(c); len(s) != 1 || s[0].kind != kindChallenges {
		t.Errorf("club off: %+v", s)
	}
	// Every challenge finished and no standings day: nothing.
	c.Off, c.StandingsDay, c.StandingsAt = false, "", ""
	c.Challenges[1].Finished = true
	if s := challengeSchedules(c); len(s) != 0 {
		t.Errorf("nothing to do, yet %+v", s)
	}
	// Without the challenge hooks the scheduler adds no challenge entries.
	c.StandingsDay, c.StandingsAt = "sun", "18:00"
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	h := newHarness(t, clk, openEmbedded(t, clk), nil)
	if s := h.s.schedules(c); len(s) != 0 {
		t.Errorf("no hooks, yet %+v", s)
	}
}

// stubChallenges hands out fixed nudges and results and records finishes,
// to drive the scheduler's delivery paths.
type stubChallenges struct {
	mu        sync.Mutex
	standings string
	nudges    []Nudge
	results   []FinalResult
	finished  []string
}

func (f *stubChallenges) Standings(context.Context, ids.ClubID, time.Time) (string, error) {
	return f.standings, nil
}

func (f *stubChallenges) FinalResults(context.Context, ids.ClubID, time.Time) ([]FinalResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []FinalResult
	for _, r := range f.results {
		if !slices.Contains(f.finished, r.ChallengeID) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *stubChallenges) FinishChallenge(_ context.Context, _ ids.ClubID, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finished = append(f.finished, id)
	return nil
}

func (f *stubChallenges) NudgeCandidates(context.Context, ids.ClubID, time.Time) ([]Nudge, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Nudge(nil), f.nudges...), nil
}

// dailyRun is the club's challenges entry, as its cron would fire it.
func dailyRun(t *testing.T, h *harness, clubID string) {
	t.Helper()
	for _, sc := range h.s.schedules(mustClub(t, h.st, clubID)) {
		if sc.kind == kindChallenges {
			h.s.fireClub(context.Background(), ids.ClubID(clubID), sc)
			return
		}
	}
	t.Fatalf("club %s has no daily challenge entry", clubID)
}

// TestNudgeDelivery: a refused DM is kept and pauses the member's
// reminders, as a refused reminder does; a blocked member is paused and
// tried again another day; members whose sends are paused, or on a
// platform this process does not serve, are skipped.
func TestNudgeDelivery(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T09:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	const club = "telegram:-7"
	if _, err := st.UpdateClub(ctx, club, func(c *store.Club) error {
		c.Challenges = []store.Challenge{{ID: "c1", Name: "March 50"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	members := []string{"telegram:1", "telegram:2", "telegram:3", "telegram:4", "telegram:5", "discord:6"}
	stub := &stubChallenges{}
	for _, id := range members {
		stub.nudges = append(stub.nudges, Nudge{MemberID: ids.MemberID(id), Key: "chal-nudge|c1", TTL: 30 * 24 * time.Hour, Text: "👋 Hi " + id})
	}
	h := newHarness(t, clk, st, func(d *Deps) { d.Challenges = stub })
	for _, id := range members {
		h.member(t, id, func(m *store.Member) { m.SendsPaused = id == "telegram:4" })
	}
	h.snd.fail = func(id string) error {
		switch id {
		case "telegram:2":
			return fmt.Errorf("send: %w", platforms.ErrDMRefused)
		case "telegram:3":
			return fmt.Errorf("send: %w", platforms.ErrBlocked)
		case "telegram:5":
			return errors.New("connection reset")
		}
		return nil
	}
	dailyRun(t, h, club)

	if dms := h.snd.DMs(); len(dms) != 1 || dms[0].to != "telegram:1" || dms[0].text != "👋 Hi telegram:1" {
		t.Errorf("DMs = %+v, want the one to telegram:1", dms)
	}
	wantMarked := map[string]bool{"telegram:1": true, "telegram:2": true, "telegram:3": false, "telegram:4": false, "telegram:5": false, "discord:6": false}
	for id, want := range wantMarked {
		if got, err := st.Marked(ctx, id, "chal-nudge|c1"); err != nil || got != want {
			t.Errorf("%s nudge marked = %v, %v; want %v", id, got, err, want)
		}
	}
	kept, err := st.TakeKept(ctx, "telegram:2", clk.Now())
	if err != nil || len(kept) != 1 || kept[0].Text != "👋 Hi telegram:2" {
		t.Errorf("kept for the refused member = %+v, %v", kept, err)
	}
	for id, want := range map[string]bool{"telegram:1": false, "telegram:2": true, "telegram:3": true, "telegram:5": false} {
		if m, err := st.Member(ctx, ids.MemberID(id)); err != nil || m.SendsPaused != want {
			t.Errorf("%s SendsPaused = %v, %v; want %v", id, m.SendsPaused, err, want)
		}
	}

	// The same day again (another replica, or cron firing twice): nothing.
	h.snd.fail = nil
	dailyRun(t, h, club)
	if n := len(h.snd.DMs()); n != 1 {
		t.Errorf("second run the same day: %d DMs", n)
	}
}

// TestFinalResultsPostFailures: a transient failure leaves the challenge
// unfinished for the next day's run; a chat that is gone finishes it.
func TestFinalResultsPostFailures(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T09:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	for _, club := range []string{"telegram:-8", "telegram:-9"} {
		if _, err := st.UpdateClub(ctx, ids.ClubID(club), func(c *store.Club) error {
			c.Challenges = []store.Challenge{{ID: "c1"}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	flaky := &stubChallenges{results: []FinalResult{{ChallengeID: "c1", Key: "chal-final|telegram:-8/c1", Text: "🏆 Final results"}}}
	gone := &stubChallenges{results: []FinalResult{{ChallengeID: "c1", Key: "chal-final|telegram:-9/c1", Text: "🏆 Final results"}}}
	hf := newHarness(t, clk, st, func(d *Deps) { d.Challenges = flaky })
	hg := newHarness(t, clk, st, func(d *Deps) { d.Challenges = gone })
	hf.snd.failPost = func(string) error { return errors.New("502 bad gateway") }
	hg.snd.failPost = func(string) error { return fmt.Errorf("post: %w", platforms.ErrUnknownTarget) }
	dailyRun(t, hf, "telegram:-8")
	dailyRun(t, hg, "telegram:-9")
	if len(flaky.finished) != 0 {
		t.Errorf("a failed post finished the challenge: %v", flaky.finished)
	}
	if len(gone.finished) != 1 {
		t.Errorf("a post to a chat that is gone did not finish the challenge: %v", gone.finished)
	}
	// The next morning the platform is back: posted once, finished.
	hf.snd.failPost = nil
	clk.Set(utc("2026-03-03T09:00:00Z"))
	dailyRun(t, hf, "telegram:-8")
	if posts := hf.snd.Posts(); len(posts) != 1 || posts[0].to != "telegram:-8" || len(flaky.finished) != 1 {
		t.Errorf("next day: posts %+v, finished %v", posts, flaky.finished)
	}
}
