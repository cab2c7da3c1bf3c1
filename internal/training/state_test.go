package training

import (
	"errors"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/store"
)

// report records a /pain report as typed, at when.
func (e *env) report(t *testing.T, text string, when time.Time) Reported {
	t.Helper()
	rep, err := coach.ParsePain(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	rec, err := e.s.RecordReport(e.ctx, ann, when, rep, coach.Triage(rep), "telegram:-1")
	if err != nil {
		t.Fatalf("report %q: %v", text, err)
	}
	e.m = rec.Member
	return rec
}

func (e *env) member(t *testing.T) store.Member {
	t.Helper()
	m, err := e.st.Member(e.ctx, ann)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func levels(ps []store.PlaceState) map[string]string {
	out := map[string]string{}
	for _, p := range ps {
		out[p.Place] = p.Level
	}
	return out
}

// A report moves the state place by place; a lower score never closes an
// open red flag, it asks.
func TestRecordReportMovesTheState(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		rec := e.report(t, "5 left knee", t0)
		if rec.Pain.ID != "p1" || rec.Member.LastPainLvl != "amber" || !rec.Member.LastPain.Equal(t0) || len(e.replans) != 1 {
			t.Errorf("first report: %+v, member level %q, %d re-plans; want p1, amber, one re-plan", rec.Pain, rec.Member.LastPainLvl, len(e.replans))
		}
		if got := levels(e.member(t).Places); len(got) != 1 || got["left knee"] != "amber" {
			t.Errorf("state after 5/10 left knee: %v", got)
		}
		e.report(t, "4 left knee swollen", t0.Add(time.Hour))
		if got := levels(e.member(t).Places); len(got) != 1 || got["left knee"] != "red" {
			t.Errorf("state after a swollen knee: %v; want the knee red", got)
		}
		rec = e.report(t, "2 left knee", t0.Add(2*time.Hour))
		if len(rec.Ask) != 1 || rec.Ask[0].Level != "red" {
			t.Errorf("a lower score under an open red flag: ask %+v; want the red knee asked about", rec.Ask)
		}
		if got := levels(e.member(t).Places); got["left knee"] != "red" {
			t.Errorf("a lower score closed the red flag: %v", got)
		}
	})
}

func TestClearPlace(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.report(t, "5 left knee, 4 shin", t0)
		e.report(t, "3 calf, numb", t0.Add(time.Minute)) // numbness: a red flag
		replans := len(e.replans)
		shin, _ := coach.PlaceOf("shin")
		c, err := e.s.ClearPlace(e.ctx, e.m, &shin, NotAsked)
		if err != nil || !c.Found || !c.Closed || c.Place.Place != "shin" {
			t.Fatalf("clear shin: %+v, %v; want the amber shin closed at once", c, err)
		}
		if got := levels(e.member(t).Places); len(got) != 2 || got["shin"] != "" {
			t.Errorf("state after closing the shin: %v", got)
		}
		calf, _ := coach.PlaceOf("calf")
		for _, confirm := range []Confirm{NotAsked, No} {
			c, err = e.s.ClearPlace(e.ctx, e.member(t), &calf, confirm)
			if err != nil || !c.Found || c.Closed || c.Place.Level != "red" {
				t.Errorf("clear the red calf (confirm %d): %+v, %v; want it found and kept open", confirm, c, err)
			}
		}
		if got := levels(e.member(t).Places); got["calf"] != "red" {
			t.Errorf("the red calf closed without a yes: %v", got)
		}
		c, err = e.s.ClearPlace(e.ctx, e.member(t), &calf, Yes)
		if err != nil || !c.Closed {
			t.Fatalf("clear the red calf on yes: %+v, %v", c, err)
		}
		// The last open place, named by nothing.
		if c, err = e.s.ClearPlace(e.ctx, c.Member, nil, NotAsked); err != nil || !c.Closed || c.Place.Place != "left knee" {
			t.Errorf("clear the only open place: %+v, %v", c, err)
		}
		if got := e.member(t).Places; len(got) != 0 {
			t.Errorf("places left: %+v", got)
		}
		if c, err = e.s.ClearPlace(e.ctx, e.member(t), &shin, Yes); err != nil || c.Found || c.Closed {
			t.Errorf("clear a place with nothing open: %+v, %v", c, err)
		}
		// Places are not what reminders plan from: no re-plan.
		if len(e.replans) != replans {
			t.Errorf("%d re-plans from closing places, want none", len(e.replans)-replans)
		}
	})
}

// The next-morning answers: which report, a record when the level moves,
// the answered mark, the state, and the re-plan that asks again tomorrow.
func TestAnswerCheckin(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		if _, err := e.s.CheckinReport(e.ctx, e.m, "", t0); !errors.Is(err, ErrNoRecentReport) {
			t.Errorf("check-in with no report: %v, want ErrNoRecentReport", err)
		}
		e.report(t, "5 left knee", t0)
		morning := t0.Add(20 * time.Hour)
		if _, err := e.s.CheckinReport(e.ctx, e.m, "p9", morning); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("check-in on p9: %v, want ErrNotFound", err)
		}
		if _, err := e.s.CheckinReport(e.ctx, e.m, "", t0.Add(ReportWindow+time.Hour)); !errors.Is(err, ErrNoRecentReport) {
			t.Errorf("check-in after the window: %v, want ErrNoRecentReport", err)
		}
		named, err := e.s.CheckinReport(e.ctx, e.m, "P1", morning)
		if err != nil || named.ID != "p1" {
			t.Fatalf("check-in on P1: %+v, %v", named, err)
		}
		// About the same: no new record, asked again tomorrow.
		replans := len(e.replans)
		ans, err := e.s.AnswerCheckin(e.ctx, Morning{Member: e.m, Level: coach.Amber, Answer: "same", Now: morning})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Report.ID != "p1" || ans.About != "p1" || !ans.Member.LastPain.Equal(morning) || len(e.replans) != replans+1 {
			t.Errorf("'same': report %s about %s, last pain %v, %d re-plans; want p1, moved to this morning, one re-plan",
				ans.Report.ID, ans.About, ans.Member.LastPain, len(e.replans)-replans)
		}
		if ok, err := e.st.Marked(e.ctx, ann, checkin.AnsweredKey(t0)); err != nil || !ok {
			t.Errorf("the check-in for the report at t0 is not marked answered: %v, %v", ok, err)
		}
		if ps, _ := e.st.Pains(e.ctx, ann, time.Time{}); len(ps) != 1 {
			t.Errorf("'same' stored a record: %d reports", len(ps))
		}
		// Worse next morning: a check-in record, red, with the words kept.
		next := morning.Add(24 * time.Hour)
		ans, err = e.s.AnswerCheckin(e.ctx, Morning{Member: ans.Member, Level: coach.Red, Flags: []coach.Flag{coach.FlagSwelling}, Answer: "worse and swollen", Now: next})
		if err != nil {
			t.Fatal(err)
		}
		p := ans.Report
		if p.ID != "p2" || ans.About != "p1" || p.Source != "checkin" || p.Level != "red" || p.Where != "left knee" || p.Score != 5 ||
			p.Notes != "next-morning check: worse and swollen" || len(p.Flags) != 1 || p.Club != "telegram:-1" {
			t.Errorf("'worse' record: %+v about %s", p, ans.About)
		}
		if got := levels(ans.Member.Places); got["left knee"] != "red" {
			t.Errorf("state after 'worse': %v", got)
		}
		// Settled: green, but the red flag only asks.
		ans, err = e.s.AnswerCheckin(e.ctx, Morning{Member: ans.Member, Level: coach.Green, Answer: "settled", Now: next.Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Report.ID != "p3" || ans.Member.LastPainLvl != "green" || !ans.Member.LastPain.Equal(next) || len(ans.Ask) != 1 {
			t.Errorf("'settled': report %s, level %q, last pain %v, ask %+v; want p3, green, not moved, the red knee asked",
				ans.Report.ID, ans.Member.LastPainLvl, ans.Member.LastPain, ans.Ask)
		}
		if got := levels(ans.Member.Places); got["left knee"] != "red" {
			t.Errorf("'settled' closed the red flag: %v", got)
		}
	})
}

// A check-in answer that would add a record stops at the daily cap, with
// nothing saved.
func TestAnswerCheckinCap(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for i := 0; i < MaxPainsPerDay; i++ {
			e.report(t, "3 knee", t0.Add(time.Duration(i)*time.Minute))
		}
		before := e.member(t)
		_, err := e.s.AnswerCheckin(e.ctx, Morning{Member: before, Level: coach.Red, Answer: "worse", Now: t0.Add(time.Hour)})
		var ce *CapError
		if !errors.As(err, &ce) {
			t.Fatalf("check-in past the cap: %v, want a CapError", err)
		}
		if ps, _ := e.st.Pains(e.ctx, ann, time.Time{}); len(ps) != MaxPainsPerDay {
			t.Errorf("%d reports stored, want %d", len(ps), MaxPainsPerDay)
		}
		if after := e.member(t); after.LastPainLvl != before.LastPainLvl || !after.LastPain.Equal(before.LastPain) {
			t.Errorf("the member moved: %q %v → %q %v", before.LastPainLvl, before.LastPain, after.LastPainLvl, after.LastPain)
		}
	})
}

// A red-flag answer amends the report it names (or the latest) to red,
// opens the flag on its places and, on the latest report, sets what the
// check-in asks about.
func TestAmendFlags(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		if tg, err := e.s.FlagTarget(e.ctx, ann, "", t0); err != nil || tg.ID != "" {
			t.Errorf("target with no reports: %+v, %v", tg, err)
		}
		e.report(t, "4 shin", t0.Add(-ReportWindow-time.Hour)) // p1: too old to amend
		e.report(t, "3 left knee", t0)                         // p2
		e.report(t, "2 calf", t0.Add(time.Minute))             // p3
		now := t0.Add(time.Hour)
		for _, c := range []struct {
			id   string
			want FlagTarget
		}{{"", FlagTarget{"p3", true}}, {"P2", FlagTarget{"p2", false}}, {"p1", FlagTarget{}}, {"p9", FlagTarget{}}} {
			if got, err := e.s.FlagTarget(e.ctx, ann, c.id, now); err != nil || got != c.want {
				t.Errorf("target %q: %+v, %v; want %+v", c.id, got, err, c.want)
			}
		}
		replans := len(e.replans)
		p, a, err := e.s.AmendFlags(e.ctx, ann, FlagTarget{ID: "p2"}, []coach.Flag{coach.FlagNightPain}, now)
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != "p2" || p.Level != "red" || a.Level != coach.Red || len(p.Flags) == 0 {
			t.Errorf("amended %+v (%v); want p2 red with the flag", p, a.Level)
		}
		m := e.member(t)
		if got := levels(m.Places); got["left knee"] != "red" {
			t.Errorf("state after the flag: %v; want the knee red", got)
		}
		if m.LastPainLvl != "green" || len(e.replans) != replans {
			t.Errorf("an older report moved the check-in: level %q, %d re-plans", m.LastPainLvl, len(e.replans)-replans)
		}
		if _, _, err := e.s.AmendFlags(e.ctx, ann, FlagTarget{ID: "p3", Latest: true}, []coach.Flag{coach.FlagSwelling}, now); err != nil {
			t.Fatal(err)
		}
		if m := e.member(t); m.LastPainLvl != "red" || len(e.replans) != replans+1 {
			t.Errorf("the latest report amended: level %q, %d re-plans; want red, one", m.LastPainLvl, len(e.replans)-replans)
		}
		if _, _, err := e.s.AmendFlags(e.ctx, ann, FlagTarget{ID: "p1"}, []coach.Flag{coach.FlagSwelling}, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("amend a report past the window: %v, want ErrNotFound", err)
		}
	})
}
