package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

const tg = platforms.Telegram

func TestReminderOncePerDayAtLocalTime(t *testing.T) {
	t.Parallel()
	// Monday 2 March 2026, 06:00 UTC = 06:00 GMT in London.
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	h := newHarness(t, clk, openEmbedded(t, clk), nil)
	ctx := context.Background()
	h.member(t, "telegram:1", func(m *store.Member) { m.TZ = "Europe/London"; m.RemindAt = "07:00"; m.Name = "Ann" })
	next, err := h.s.MemberChanged(ctx, "telegram:1")
	if err != nil || !next.Equal(utc("2026-03-02T07:00:00Z")) {
		t.Fatalf("MemberChanged = %s, %v; want 07:00Z", next, err)
	}
	clk.Set(utc("2026-03-02T06:59:59Z"))
	if n := h.s.Poll(ctx); n != 0 || len(h.snd.DMs()) != 0 {
		t.Fatalf("a second early: claimed %d, sent %d", n, len(h.snd.DMs()))
	}
	clk.Set(utc("2026-03-02T07:00:00Z"))
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	dms := h.dmsTo("telegram:1")
	if len(dms) != 1 {
		t.Fatalf("sent %d DMs at 07:00, want 1", len(dms))
	}
	// Monday: no strength day (default tue,fri), no run days, no pain:
	// the prompt to log yesterday's run.
	if !contains(dms[0].text, "Good morning, Ann") || !contains(dms[0].text, "/run") || contains(dms[0].text, "Strength") {
		t.Errorf("Monday reminder = %q", dms[0].text)
	}
	if at, ok := when(t, h.st, tg, "remind|telegram:1"); !ok || !at.Equal(utc("2026-03-03T07:00:00Z")) {
		t.Errorf("next reminder at %s (%v), want Tuesday 07:00Z", at, ok)
	}
	// Changing the time the same day does not bring a second one today.
	h.member(t, "telegram:1", func(m *store.Member) { m.RemindAt = "09:00" })
	clk.Set(utc("2026-03-02T09:00:00Z"))
	h.s.Poll(ctx)
	if n := len(h.dmsTo("telegram:1")); n != 1 {
		t.Errorf("after moving today's reminder to 09:00: %d DMs, want still 1", n)
	}
	// Tuesday: strength day.
	clk.Set(utc("2026-03-03T09:00:00Z"))
	h.s.Poll(ctx)
	dms = h.dmsTo("telegram:1")
	if len(dms) != 2 || !contains(dms[1].text, "Strength day") {
		t.Fatalf("Tuesday: %d DMs, last %q", len(dms), dms[len(dms)-1].text)
	}
	// Reminders off: nothing queued.
	h.member(t, "telegram:1", func(m *store.Member) { m.RemindAt = "" })
	if _, ok := when(t, h.st, tg, "remind|telegram:1"); ok {
		t.Error("reminder still queued after remind off")
	}
}

func TestReminderCombinesWhatAppliesThatDay(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T18:00:00Z")) // Monday evening
	st := openEmbedded(t, clk)
	h := newHarness(t, clk, st, nil)
	ctx := context.Background()
	pain := utc("2026-03-02T18:00:00Z")
	if _, err := st.AddPain(ctx, "telegram:2", store.Pain{At: pain, Score: 4, Where: "left knee", Level: "amber", Source: "report"}); err != nil {
		t.Fatal(err)
	}
	h.member(t, "telegram:2", func(m *store.Member) {
		m.TZ = "UTC"
		m.RemindAt = "06:30"
		m.RunDays = []string{"tue", "sat"}
		m.LastPain, m.LastPainLvl = pain, "amber"
	})
	clk.Set(utc("2026-03-03T06:30:00Z")) // Tuesday: run day, strength day, the morning after
	h.s.Poll(ctx)
	dms := h.dmsTo("telegram:2")
	if len(dms) != 1 {
		t.Fatalf("%d DMs, want one combined", len(dms))
	}
	for _, want := range []string{"left knee pain (4/10)", "/checkin settled", "Run day", "Strength day"} {
		if !contains(dms[0].text, want) {
			t.Errorf("combined reminder lacks %q:\n%s", want, dms[0].text)
		}
	}
	if contains(dms[0].text, "Did you run yesterday") {
		t.Errorf("the log prompt is only for days with nothing else:\n%s", dms[0].text)
	}
	if len(dms[0].buttons) != 3 || dms[0].buttons[2].Command != "/checkin worse p1" { // the answer names its report
		t.Errorf("buttons = %+v", dms[0].buttons)
	}
	if ok, _ := st.Marked(ctx, "telegram:2", "checkin|2026-03-03"); !ok {
		t.Error("the check-in carried by the reminder is not recorded")
	}
	// Wednesday: the check-in is not repeated.
	clk.Set(utc("2026-03-04T06:30:00Z"))
	h.s.Poll(ctx)
	dms = h.dmsTo("telegram:2")
	if len(dms) != 2 || contains(dms[1].text, "/checkin") {
		t.Fatalf("Wednesday: %d DMs, last %q", len(dms), dms[len(dms)-1].text)
	}
}

func TestCheckinAloneAtEightWhenRemindersOff(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T20:00:00Z"))
	st := openEmbedded(t, clk)
	h := newHarness(t, clk, st, nil)
	ctx := context.Background()
	pain := clk.Now()
	h.member(t, "telegram:3", func(m *store.Member) {
		m.TZ = "America/New_York"
		m.LastPain, m.LastPainLvl = pain, "amber"
	})
	next, err := h.s.MemberChanged(ctx, "telegram:3")
	// 20:00Z is 15:00 EST on Monday; the check-in is Tuesday 08:00 EST.
	if err != nil || !next.Equal(utc("2026-03-03T13:00:00Z")) {
		t.Fatalf("check-in planned at %s (%v), want 2026-03-03T13:00Z", next, err)
	}
	clk.Set(next)
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	dms := h.dmsTo("telegram:3")
	if len(dms) != 1 || !contains(dms[0].text, "settled back") || len(dms[0].buttons) != 3 {
		t.Fatalf("check-in DMs = %+v", dms)
	}
	if contains(dms[0].text, "Strength") {
		t.Errorf("a lone check-in carries nothing else: %q", dms[0].text)
	}
	if _, ok := when(t, st, tg, "checkin|telegram:3"); ok {
		t.Error("check-in still queued after it was sent")
	}

	// Answered before the morning: not sent.
	clk.Set(pain)
	h.member(t, "telegram:4", func(m *store.Member) { m.LastPain, m.LastPainLvl = pain, "green" })
	if _, ok := when(t, st, tg, "checkin|telegram:4"); !ok {
		t.Fatal("check-in not planned")
	}
	if _, err := st.Mark(ctx, "telegram:4", CheckinAnsweredKey(pain), CheckinAnsweredTTL); err != nil {
		t.Fatal(err)
	}
	clk.Set(utc("2026-03-03T08:00:00Z"))
	h.s.Poll(ctx)
	if n := len(h.dmsTo("telegram:4")); n != 0 {
		t.Errorf("answered check-in sent anyway (%d DMs)", n)
	}
	if next, _ := h.s.MemberChanged(ctx, "telegram:4"); !next.IsZero() {
		t.Errorf("answered check-in re-planned at %s", next)
	}
}

// TestQueueAcrossDST runs the whole queue minute by minute (10-minute
// steps) through each zone's DST changes and counts reminders per local
// date: exactly one every day, never two, none skipped.
func TestQueueAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		zone, at, from string
		days           int
		firstGap       string // when the gap day's reminder must fire ("" if none)
	}{
		{"Europe/London", "01:30", "2026-03-27T12:00:00Z", 4, "2026-03-29T01:00:00Z"},
		{"Europe/London", "01:30", "2026-10-23T12:00:00Z", 4, ""},
		{"America/New_York", "02:30", "2026-03-06T12:00:00Z", 4, "2026-03-08T07:00:00Z"},
		{"America/New_York", "01:30", "2026-10-30T12:00:00Z", 4, ""},
		{"Australia/Sydney", "02:30", "2026-04-03T00:00:00Z", 4, ""},
		{"Australia/Sydney", "02:30", "2026-10-02T00:00:00Z", 4, "2026-10-03T16:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.zone+" "+c.from[:10], func(t *testing.T) {
			t.Parallel()
			clk := newClock(utc(c.from))
			h := newHarness(t, clk, openEmbedded(t, clk), nil)
			ctx := context.Background()
			h.member(t, "telegram:9", func(m *store.Member) { m.TZ = c.zone; m.RemindAt = c.at })
			loc := mustZone(t, c.zone)
			end := clk.Now().Add(time.Duration(c.days) * 24 * time.Hour)
			for clk.Now().Before(end) {
				clk.Advance(10 * time.Minute)
				h.s.Poll(ctx)
			}
			perDate := map[string]int{}
			for _, d := range h.dmsTo("telegram:9") {
				perDate[d.at.In(loc).Format(time.DateOnly)]++
				if c.firstGap != "" && d.at.Equal(utc(c.firstGap)) {
					c.firstGap = ""
				}
			}
			if len(perDate) < c.days-1 {
				t.Errorf("reminders on %d dates in %d days: %v", len(perDate), c.days, perDate)
			}
			for date, n := range perDate {
				if n != 1 {
					t.Errorf("%s: %d reminders", date, n)
				}
			}
			if c.firstGap != "" {
				t.Errorf("no reminder at the first valid instant after the gap; sent at %v", h.dmsTo("telegram:9"))
			}
		})
	}
}

func TestRestartAfterDowntime(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		down   time.Duration
		sent   bool
		logged bool
	}{
		{"1h late is sent", time.Hour, true, false},
		{"5h late is skipped and counted", 5 * time.Hour, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock(utc("2026-03-02T06:00:00Z"))
			st := openEmbedded(t, clk)
			ctx := context.Background()
			before := newHarness(t, clk, st, nil)
			before.member(t, "telegram:5", func(m *store.Member) { m.RemindAt = "07:00" })
			before.member(t, "telegram:6", func(m *store.Member) { m.RemindAt = "07:00" })
			// The process is down from 06:00; a new one starts late.
			clk.Set(utc("2026-03-02T07:00:00Z").Add(c.down))
			after := newHarness(t, clk, st, nil)
			after.s.Poll(ctx)
			got := len(after.snd.DMs())
			if c.sent && got != 2 {
				t.Errorf("sent %d after %s down, want 2", got, c.down)
			}
			if !c.sent && got != 0 {
				t.Errorf("sent %d after %s down, want 0", got, c.down)
			}
			logs := after.logs.String()
			if c.logged != (contains(logs, "too late after downtime") && contains(logs, "count=2")) {
				t.Errorf("late log line present=%v, want %v:\n%s", !c.logged, c.logged, logs)
			}
			if at, ok := when(t, st, tg, "remind|telegram:5"); !ok || !at.Equal(utc("2026-03-03T07:00:00Z")) {
				t.Errorf("next reminder %s (%v), want tomorrow 07:00Z", at, ok)
			}
		})
	}
}

// TestCrashAfterClaim: a poller claims and dies; nothing is sent until its
// lease runs out, then another poller sends it exactly once, for the
// right day.
func TestCrashAfterClaim(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T23:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	h := newHarness(t, clk, st, nil)
	h.member(t, "telegram:7", func(m *store.Member) { m.RemindAt = "23:59"; m.RunDays = []string{"mon"} })
	clk.Set(utc("2026-03-02T23:59:00Z"))
	dues, err := st.Claim(ctx, tg, clk.Now(), 2*time.Minute, 10) // then the claimer dies
	if err != nil || len(dues) != 1 {
		t.Fatalf("claim = %v, %v", dues, err)
	}
	clk.Advance(time.Minute)
	h.s.Poll(ctx)
	if n := len(h.snd.DMs()); n != 0 {
		t.Fatalf("sent %d while the dead claimer's lease holds", n)
	}
	clk.Advance(time.Minute) // 00:01 Tuesday: the lease is over
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	dms := h.snd.DMs()
	if len(dms) != 1 {
		t.Fatalf("sent %d after the lease ran out, want 1", len(dms))
	}
	// It is Monday's reminder (run day), though it goes out on Tuesday.
	if !contains(dms[0].text, "Run day") {
		t.Errorf("reminder is not Monday's: %q", dms[0].text)
	}
	if ok, _ := st.Marked(ctx, "telegram:7", "remind|2026-03-02"); !ok {
		t.Error("not recorded under Monday's date")
	}
	if at, _ := when(t, st, tg, "remind|telegram:7"); !at.Equal(utc("2026-03-03T23:59:00Z")) {
		t.Errorf("next at %s, want Tuesday 23:59Z", at)
	}
}

func TestRefusedAndBlockedPause(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	h := newHarness(t, clk, st, nil)
	h.snd.fail = func(id string) error {
		switch id {
		case "telegram:10":
			return fmt.Errorf("send: %w", platforms.ErrDMRefused)
		case "telegram:11":
			return fmt.Errorf("send: %w", platforms.ErrBlocked)
		case "telegram:12":
			return errors.New("connection reset")
		}
		return nil
	}
	for _, id := range []string{"telegram:10", "telegram:11", "telegram:12"} {
		h.member(t, id, func(m *store.Member) { m.RemindAt = "07:00" })
	}
	clk.Set(utc("2026-03-02T07:00:00Z"))
	h.s.Poll(ctx)
	for _, id := range []string{"telegram:10", "telegram:11"} {
		m, err := st.Member(ctx, ids.MemberID(id))
		if err != nil || !m.SendsPaused {
			t.Errorf("%s not paused: %+v %v", id, m, err)
		}
		if _, ok := when(t, st, tg, "remind|"+id); ok {
			t.Errorf("%s still queued while paused", id)
		}
	}
	kept, err := st.TakeKept(ctx, "telegram:10", clk.Now())
	if err != nil || len(kept) != 1 || !contains(kept[0].Text, "/run") {
		t.Errorf("refused reminder kept = %+v, %v", kept, err)
	}
	if kept, _ := st.TakeKept(ctx, "telegram:11", clk.Now()); len(kept) != 0 {
		t.Errorf("a blocked member's reminder was kept: %+v", kept)
	}
	if !contains(h.logs.String(), "reminders paused") {
		t.Error("no log line for the pause")
	}
	// A transient failure is retried a minute later, once, not in a storm.
	if at, _ := when(t, st, tg, "remind|telegram:12"); !at.Equal(utc("2026-03-02T07:01:00Z")) {
		t.Errorf("transient failure retried at %s, want 07:01Z", at)
	}
	h.snd.fail = nil
	h.s.Poll(ctx)
	if n := len(h.dmsTo("telegram:12")); n != 0 {
		t.Errorf("retried before its minute: %d", n)
	}
	clk.Advance(time.Minute)
	h.s.Poll(ctx)
	h.s.Poll(ctx)
	if n := len(h.dmsTo("telegram:12")); n != 1 {
		t.Errorf("after the retry: %d DMs, want 1", n)
	}
	// Paused members get nothing until the router resumes them.
	clk.Set(utc("2026-03-03T07:00:00Z"))
	h.s.Poll(ctx)
	if n := len(h.dmsTo("telegram:10")) + len(h.dmsTo("telegram:11")); n != 0 {
		t.Errorf("paused members sent %d", n)
	}
	if _, err := st.UpdateMember(ctx, "telegram:10", func(m *store.Member) error { m.SendsPaused = false; return nil }); err != nil {
		t.Fatal(err)
	}
	if next, err := h.s.MemberChanged(ctx, "telegram:10"); err != nil || !next.Equal(utc("2026-03-04T07:00:00Z")) {
		t.Errorf("resumed member planned at %s, %v", next, err)
	}
}

// TestTenThousandDueInOneMinute: every member gets exactly one reminder
// through a Sender with Telegram's limit (fake time), and the scheduler's
// claims keep that limit busy.
func TestTenThousandDueInOneMinute(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("10,000 members")
	}
	const n = 10000
	const perSec, burst = 28, 1
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	met := &countMetrics{}
	h := newHarness(t, clk, st, func(d *Deps) {
		d.Workers = 1 // so each send's recorded time is when the limiter let it go
		d.Metrics = met
	})
	h.snd.lim, h.snd.wait = rate.NewLimiter(perSec, burst), clk.wait
	for i := range n {
		id := fmt.Sprintf("telegram:%d", 100000+i)
		if _, err := st.UpdateMember(ctx, ids.MemberID(id), func(m *store.Member) error {
			m.RemindAt = "07:00"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// Spread within the minute, as members' settings would be.
		if err := st.Schedule(ctx, tg, "remind|"+id, utc("2026-03-02T07:00:00Z").Add(time.Duration(i%60)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(utc("2026-03-02T07:01:00Z"))
	start := clk.Now()
	for polls := 0; len(h.snd.DMs()) < n && polls < 1000; polls++ {
		h.s.Poll(ctx)
		clk.Advance(time.Second) // the poll tick
	}
	dms := h.snd.DMs()
	seen := map[string]bool{}
	for _, d := range dms {
		if seen[d.to] {
			t.Fatalf("%s got two reminders", d.to)
		}
		seen[d.to] = true
	}
	if len(seen) != n {
		t.Fatalf("%d members got a reminder, want %d", len(seen), n)
	}
	// Sliding one-second windows over the send times.
	j := 0
	for i := range dms {
		for dms[i].at.Sub(dms[j].at) >= time.Second {
			j++
		}
		if i-j+1 > perSec+burst {
			t.Fatalf("%d sends within one second ending %s", i-j+1, dms[i].at)
		}
	}
	took := dms[len(dms)-1].at.Sub(start)
	if min := time.Duration(n-burst) * time.Second / perSec; took < min-time.Second {
		t.Errorf("10,000 sends took %s of fake time, faster than the limit allows (%s)", took, min)
	}
	if took > 10*time.Minute {
		t.Errorf("10,000 sends took %s, want about %ds", took, n/perSec)
	}
	if contains(h.logs.String(), "too late") {
		t.Error("reminders skipped as late")
	}
	if met.sent != n || met.maxLate < took {
		t.Errorf("metrics: %d sent, max lateness %s", met.sent, met.maxLate)
	}
	t.Logf("10,000 reminders in %s of fake time (limit %d/s)", took.Round(time.Second), perSec)
}

// TestRunStopsCleanly: cancelling Run lets the send in flight finish and be
// recorded, and hands the unsent claimed jobs back at their own time.
func TestRunStopsCleanly(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx, cancel := context.WithCancel(context.Background())
	entered, release := make(chan string, 10), make(chan struct{})
	ticks := make(chan time.Time)
	h := newHarness(t, clk, st, func(d *Deps) {
		d.Workers = 1
		d.Tick = func(time.Duration) (<-chan time.Time, func()) { return ticks, func() {} }
	})
	h.snd.fail = func(id string) error {
		entered <- id
		<-release
		return nil
	}
	for i := range 3 {
		h.member(t, fmt.Sprintf("telegram:%d", 20+i), func(m *store.Member) { m.RemindAt = "07:00" })
	}
	clk.Set(utc("2026-03-02T07:00:05Z"))
	done := make(chan error, 1)
	go func() { done <- h.s.Run(ctx) }()
	first := <-entered // Run polls at once; the first send is in flight
	cancel()
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if dms := h.snd.DMs(); len(dms) != 1 || dms[0].to != first {
		t.Fatalf("sent %+v, want only the one in flight (%s)", dms, first)
	}
	if ok, _ := st.Marked(context.Background(), first, "remind|2026-03-02"); !ok {
		t.Error("the in-flight send was not recorded")
	}
	for i := range 3 {
		id := fmt.Sprintf("telegram:%d", 20+i)
		if id == first {
			continue
		}
		if at, ok := when(t, st, tg, "remind|"+id); !ok || !at.Equal(utc("2026-03-02T07:00:00Z")) {
			t.Errorf("%s released at %s (%v), want its own time 07:00Z", id, at, ok)
		}
	}
}

func TestPlatformsServedOnly(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	st := openEmbedded(t, clk)
	ctx := context.Background()
	console := newHarness(t, clk, st, nil, platforms.Console)
	console.member(t, "telegram:30", func(m *store.Member) { m.RemindAt = "07:00" })
	console.member(t, "console:me", func(m *store.Member) { m.RemindAt = "07:00" })
	clk.Set(utc("2026-03-02T07:00:00Z"))
	console.s.Poll(ctx)
	dms := console.snd.DMs()
	if len(dms) != 1 || dms[0].to != "console:me" {
		t.Fatalf("console process sent %+v, want only console:me", dms)
	}
	if _, ok := when(t, st, tg, "remind|telegram:30"); !ok {
		t.Error("the Telegram member's reminder was taken by the console process")
	}
	if got := strings.Count(dms[0].text, "\n"); got < 1 {
		t.Errorf("reminder has no greeting line: %q", dms[0].text)
	}
}

// TestClaimsSizedBySenderRate: the scheduler keeps no limiter of its own;
// it claims what the Sender says it can send in half a lease.
func TestClaimsSizedBySenderRate(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	h := newHarness(t, clk, openEmbedded(t, clk), nil)
	if got := h.s.batch(tg); got != 500 {
		t.Errorf("a sender without limits: batch %d, want 500", got)
	}
	h.snd.lim = rate.NewLimiter(4, 1)
	if got := h.s.batch(tg); got != 240 { // 4/s × 2m lease / 2
		t.Errorf("a 4/s sender: batch %d, want 240", got)
	}
}

// Issue 14: today's reminder went at 07:00; moving it to 09:00 plans
// tomorrow's, not a time today that would never come.
func TestReminderMovedLaterAfterTodaysWentIsTomorrow(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	h := newHarness(t, clk, openEmbedded(t, clk), nil)
	ctx := context.Background()
	const me = "telegram:31"
	h.member(t, me, func(m *store.Member) { m.TZ, m.RemindAt = "UTC", "07:00" })
	clk.Advance(70 * time.Minute) // 07:10
	h.s.Poll(ctx)
	if n := len(h.dmsTo(me)); n != 1 {
		t.Fatalf("%d reminders at 07:10, want 1", n)
	}
	h.member(t, me, func(m *store.Member) { m.RemindAt = "09:00" })
	next, err := h.s.NextDue(ctx, me)
	if err != nil || !next.Equal(utc("2026-03-03T09:00:00Z")) {
		t.Errorf("next reminder %v (%v), want tomorrow 09:00", next, err)
	}
	// Moved to later today before today's went: today's slot still counts.
	const other = "telegram:32"
	h.member(t, other, func(m *store.Member) { m.TZ, m.RemindAt = "UTC", "08:00" })
	h.member(t, other, func(m *store.Member) { m.RemindAt = "09:30" })
	if next, _ := h.s.NextDue(ctx, other); !next.Equal(utc("2026-03-02T09:30:00Z")) {
		t.Errorf("unsent today's reminder moved to %v, want today 09:30", next)
	}
}
