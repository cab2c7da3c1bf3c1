package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// lockedBuffer is a goroutine-safe log sink.
type lockedBuffer = logtest.Buffer

type harness struct {
	t     *testing.T
	r     *Router
	st    store.Store
	clock *fakeClock
	logs  *lockedBuffer
}

// newHarness builds a router over a real embedded store in a temp dir.
// The default time is Wednesday 25 Nov 2026, 12:00 UTC.
func newHarness(t *testing.T, opts ...func(*Deps)) *harness {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return newHarnessOn(t, st, opts...)
}

func newHarnessOn(t *testing.T, st store.Store, opts ...func(*Deps)) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	logs := &lockedBuffer{}
	d := Deps{Store: st, Clock: clock.Now, Log: slog.New(slog.NewTextHandler(logs, nil))}
	for _, o := range opts {
		o(&d)
	}
	return &harness{t: t, r: New(d), st: st, clock: clock, logs: logs}
}

// msg builds a console-like DM message from member for a text line.
func msg(member, line string) platforms.Message {
	cmd, args, ok := Parse(line, "")
	m := platforms.Message{Platform: platforms.PlatformOf(member), MemberID: platforms.MemberID(member), DisplayName: "Sam", DM: true}
	if ok {
		m.Command, m.Args = cmd, args
	} else {
		m.Args = line
	}
	return m
}

// say sends one line as member, a few seconds after the previous one (a
// person typing, well under the flood limit).
func (h *harness) say(member, line string) platforms.Response {
	h.t.Helper()
	h.clock.Add(3 * time.Second)
	return h.r.Handle(context.Background(), msg(member, line))
}

func (h *harness) sayText(member, line string) string { h.t.Helper(); return h.say(member, line).Text }

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	got = platforms.Render(got, nil)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q:\n%s", w, got)
		}
	}
}

func TestUnknownCommandAndChatterStoreNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, line := range []string{"/frobnicate 3", "hello coach, how are you?", "/😀"} {
		got := h.sayText("telegram:1", line)
		if !strings.Contains(got, "/help") || strings.Count(got, "\n") > 0 {
			t.Errorf("%q: want a one-line hint to /help, got %q", line, got)
		}
	}
	if _, err := h.st.Member(context.Background(), "telegram:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown commands created a member record (err %v)", err)
	}
}

func TestPanicBecomesFriendlyReplyAndLoggedStack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.r.add(&Command{Name: "boom", Usage: "/boom", Hidden: true, Handler: func(_ context.Context, req *Request) (platforms.Response, error) {
		words := strings.Fields(req.Args)
		return platforms.Response{Text: words[3]}, nil // index out of range: a real runtime panic
	}})
	got := h.sayText("console:me", "/boom")
	mustContain(t, got, "went wrong", "try again")
	mustContain(t, h.logs.String(), "handler panic", "router_test.go")
	// The router still works afterwards.
	mustContain(t, h.sayText("console:me", "/help"), "/settings")
}

func TestLongInputIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	got := h.sayText("console:me", "/settings "+strings.Repeat("x", MaxInput+1))
	mustContain(t, got, "too long", fmt.Sprintf("over %d characters", MaxInput))
	// Characters, not bytes: one past the limit in Cyrillic is refused the
	// same way, exactly at it is read.
	mustContain(t, h.sayText("console:me", "/settings "+strings.Repeat("ж", MaxInput+1)), "too long", "characters")
	if got := h.sayText("console:me", "/settings "+strings.Repeat("ж", MaxInput)); strings.Contains(got, "too long") {
		t.Errorf("%d Cyrillic characters refused as too long: %s", MaxInput, got)
	}
}

// Issue 20: a report well under the limit in characters but over it in
// bytes (Cyrillic takes two bytes a letter) is read and triaged.
func TestLongCyrillicPainReportIsTriaged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	args := []rune("4 knee " + strings.Repeat("ноет колено после длинной пробежки по холмам, ", 100))[:3000]
	if len(string(args)) <= MaxInput {
		t.Fatalf("the report is %d bytes; the test needs more than %d", len(string(args)), MaxInput)
	}
	got := h.sayText("telegram:5", "/pain "+string(args))
	if strings.Contains(got, "too long") {
		t.Fatalf("a 3,000-character report was refused: %s", got)
	}
	mustContain(t, got, "4/10", "knee")
	pains, err := h.st.Pains(context.Background(), "telegram:5", time.Time{})
	if err != nil || len(pains) != 1 || pains[0].Score != 4 || pains[0].Level == "" || !strings.Contains(pains[0].Where, "knee") {
		t.Fatalf("stored pains = %+v, %v; want the triaged report", pains, err)
	}
}

func TestFloodLimitPerMember(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	say := func(member, text string) platforms.Response {
		return h.r.Handle(context.Background(), msg(member, text))
	}
	// 100 commands in the same instant: the burst passes, the first one
	// refused gets the warning, the rest get no answer at all.
	answered, warned, dropped := 0, 0, 0
	for range 100 {
		switch got := say("telegram:7", "/help"); {
		case strings.Contains(got.Text, "Easy there"):
			warned++
		case got.Text == "" && got.Image == nil:
			dropped++
		default:
			answered++
		}
	}
	if answered != floodBurst || warned != 1 || dropped != 100-floodBurst-1 {
		t.Fatalf("answered %d, warned %d, dropped %d; want %d, 1, %d", answered, warned, dropped, floodBurst, 100-floodBurst-1)
	}
	// Chatter is part of the flood too.
	if got := say("telegram:7", "hello?"); got.Text != "" {
		t.Errorf("chatter inside a flood answered %q", got.Text)
	}
	// Another member is unaffected, and time restores the first, whose
	// next flood is warned about once again.
	if got := say("telegram:8", "/help"); got.Text == "" || strings.Contains(got.Text, "Easy there") {
		t.Errorf("a second member was limited by the first one's flood: %q", got.Text)
	}
	h.clock.Add(10 * time.Second)
	if got := say("telegram:7", "/help"); got.Text == "" || strings.Contains(got.Text, "Easy there") {
		t.Errorf("still limited after 10 s: %q", got.Text)
	}
	warned = 0
	for range 20 {
		if strings.Contains(say("telegram:7", "/help").Text, "Easy there") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("a second flood was warned about %d times, want once", warned)
	}
	// Discord must answer every interaction: each refused one gets the
	// warning, privately (ephemeral).
	for i := range floodBurst + 3 {
		got := say("discord:9", "/help")
		if i >= floodBurst && (!strings.Contains(got.Text, "Easy there") || !got.Private) {
			t.Fatalf("Discord command %d past the burst got %+v", i, got)
		}
	}
	// The console is one trusted local user and is never limited.
	for range 50 {
		if got := say("console:me", "/help"); got.Text == "" || strings.Contains(got.Text, "Easy there") {
			t.Fatal("console input was flood-limited")
		}
	}
}

func TestAdminOnlyCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(d *Deps) { d.Admins = []string{"telegram:42"} })
	h.r.add(&Command{Name: "secret", Usage: "/secret", Admin: true, Hidden: true, Handler: func(context.Context, *Request) (platforms.Response, error) {
		return platforms.Response{Text: "admin ok"}, nil
	}})
	if got := h.sayText("telegram:41", "/secret"); !strings.Contains(got, "Only club admins") {
		t.Errorf("non-admin got %q", got)
	}
	if got := h.sayText("telegram:42", "/secret"); got != "admin ok" {
		t.Errorf("BOT_ADMINS member got %q", got)
	}
	m := msg("discord:5", "/secret")
	m.Admin = true // the adapter found the Manage Server permission
	if got := h.r.Handle(context.Background(), m).Text; got != "admin ok" {
		t.Errorf("platform admin got %q", got)
	}
}

// failingStore breaks every member read, as an unreachable backend does.
type failingStore struct{ store.Store }

func (failingStore) Member(context.Context, ids.MemberID) (store.Member, error) {
	return store.Member{}, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

func TestStoreFailureSaysTryAgain(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h := newHarnessOn(t, failingStore{st})
	got := h.sayText("telegram:1", "/settings units mi")
	mustContain(t, got, "wasn't saved", "try again")
	if strings.Contains(got, "127.0.0.1") {
		t.Errorf("reply leaks internals: %q", got)
	}
	mustContain(t, h.logs.String(), "connection refused")
}

func TestHelp(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	all := h.sayText("console:me", "/help")
	for _, c := range h.r.Commands() {
		mustContain(t, all, c.Usage)
	}
	mustContain(t, all, "not a clinician")
	mustContain(t, h.sayText("console:me", "/help settings"), "/settings tz Europe/London")
	mustContain(t, h.sayText("console:me", "/help /settings"), "/settings show")
	mustContain(t, h.sayText("console:me", "/help nope"), "don't have a /nope")
	mustContain(t, h.sayText("console:me", "/start"), "/pain 3 knee", "/help")
}

func TestCommandTableIsWellFormed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, c := range h.r.Commands() {
		if c.Name != strings.ToLower(c.Name) || c.Name == "" || len(c.Name) > 32 {
			t.Errorf("bad name %q", c.Name)
		}
		if c.Summary == "" || len([]rune(c.Summary)) > 100 {
			t.Errorf("/%s: summary must be 1–100 characters, got %d", c.Name, len([]rune(c.Summary)))
		}
		if !strings.HasPrefix(c.Usage, "/"+c.Name) {
			t.Errorf("/%s: usage %q does not start with the command", c.Name, c.Usage)
		}
		if len(c.Subs) > 0 && len(c.Options) > 0 {
			t.Errorf("/%s mixes subcommands and options", c.Name)
		}
		optional := false
		for _, o := range c.Options {
			if o.Required && optional {
				t.Errorf("/%s: required option %s after an optional one", c.Name, o.Name)
			}
			optional = optional || !o.Required
			if o.Description == "" || len([]rune(o.Description)) > 100 {
				t.Errorf("/%s %s: description must be 1–100 characters", c.Name, o.Name)
			}
		}
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:9"
	mustContain(t, h.sayText(me, "/settings"), "Time zone: UTC", "Units: km", "Reminders: off", "Strength days: tue,fri")
	mustContain(t, h.sayText(me, "/settings tz europe/london units mi remind 7:00"), "Saved", "Europe/London", "units mi", "07:00")
	m, err := h.st.Member(context.Background(), me)
	if err != nil {
		t.Fatal(err)
	}
	if m.TZ != "Europe/London" || m.Units != "mi" || m.RemindAt != "07:00" {
		t.Errorf("stored %+v", m)
	}
	for line, want := range map[string]string{
		"/settings tz Mars/Olympus":    "don't know the time zone",
		"/settings remind 25:00":       "HH:MM",
		"/settings units furlongs":     "km or mi",
		"/settings colour blue":        "don't have a setting",
		"/settings tz":                 "needs a value",
		"/settings strength someday":   "tue,fri",
		"/settings rundays mon,funday": "mon,wed,sat",
	} {
		mustContain(t, h.sayText(me, line), want)
	}
	after, _ := h.st.Member(context.Background(), me)
	if after.TZ != "Europe/London" || after.Units != "mi" || after.RemindAt != "07:00" {
		t.Errorf("a bad /settings changed stored values: %+v", after)
	}
	mustContain(t, h.sayText(me, "/settings remind off strength mon,thu rundays sat"), "reminders off", "strength days mon,thu", "run days sat")
}

func TestForgetMeNeedsConfirmation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:3"
	h.sayText(me, "/settings units mi")
	mustContain(t, h.sayText(me, "/forgetme confirm"), "send /forgetme first")
	if _, err := h.st.Member(context.Background(), me); err != nil {
		t.Fatalf("confirm without asking deleted the member: %v", err)
	}
	resp := h.say(me, "/forgetme")
	if !resp.Private {
		t.Error("/forgetme reply should be private")
	}
	mustContain(t, resp.Text, "/forgetme confirm")
	h.clock.Add(11 * time.Minute)
	mustContain(t, h.sayText(me, "/forgetme confirm"), "send /forgetme first")
	h.sayText(me, "/forgetme")
	mustContain(t, h.sayText(me, "/forgetme confirm"), "deleted")
	if _, err := h.st.Member(context.Background(), me); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("member still stored after /forgetme confirm: %v", err)
	}
}

func TestMyDataIsPrivateJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.sayText("telegram:4", "/settings units mi")
	resp := h.say("telegram:4", "/mydata")
	if !resp.Private || resp.Public == "" {
		t.Errorf("want private with a public pointer, got %+v", resp)
	}
	mustContain(t, resp.Text, `"units": "mi"`, `"id": "telegram:4"`)
}

func TestUndeliveredIsKeptAndHandedOverOnNextCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:5"
	h.sayText(me, "/start")
	h.r.Undelivered(context.Background(), me, "🟡 how is the knee this morning?", []platforms.Button{{Label: "Settled", Command: "/checkin settled"}})
	m, _ := h.st.Member(context.Background(), me)
	if !m.SendsPaused {
		t.Fatal("sends not paused after a refused DM")
	}
	resp := h.say(me, "/help")
	if !resp.Private {
		t.Error("kept messages must be delivered privately")
	}
	mustContain(t, resp.Text, "how is the knee this morning?", "paused", "/settings")
	if len(resp.Buttons) != 1 || resp.Buttons[0].Command != "/checkin settled" {
		t.Errorf("the kept message's buttons were not handed over: %+v", resp.Buttons)
	}
	if resp.Delivered == nil {
		t.Fatal("a reply carrying kept messages has no Delivered hook")
	}
	// The adapter reports the delivery.
	resp.Reached(context.Background(), true)
	m, _ = h.st.Member(context.Background(), me)
	if m.SendsPaused {
		t.Error("sends still paused after the member came back")
	}
	if strings.Contains(h.sayText(me, "/help"), "how is the knee") {
		t.Error("kept message delivered twice")
	}
}

// A reply carrying kept messages that never reached the member (Discord
// refused the interaction reply) loses nothing: they come again with the
// next command, and reminders stay paused until then.
func TestKeptMessagesStayUntilDelivered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:6"
	h.sayText(me, "/start")
	h.r.Undelivered(ctx, me, "Strength day: 3×10 calf raises.", nil)
	failed := h.say(me, "/help") // delivery failed: Delivered never called
	mustContain(t, failed.Text, "calf raises")
	if m, _ := h.st.Member(ctx, me); !m.SendsPaused {
		t.Error("reminders resumed although the member never saw the reply")
	}
	again := h.say(me, "/help")
	mustContain(t, again.Text, "calf raises")
	again.Reached(ctx, true)
	if kept, err := h.st.PeekKept(ctx, me, h.clock.Now()); err != nil || len(kept) != 0 {
		t.Errorf("kept after delivery: %+v, %v", kept, err)
	}
	if m, _ := h.st.Member(ctx, me); m.SendsPaused {
		t.Error("reminders still paused after delivery")
	}
}

// Refused again (a Telegram member who still never pressed Start): the
// adapter reports the refusal through the reply's Delivered hook, which
// keeps the whole reply, so the old copies leave and the message is kept
// once, inside the new one.
func TestKeptMessagesRefusedAgainAreKeptOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:8"
	h.sayText(me, "/start")
	h.r.Undelivered(ctx, me, "Strength day: 3×10 calf raises.", nil)
	resp := h.say(me, "/help")
	resp.Reached(ctx, false)
	kept, err := h.st.PeekKept(ctx, me, h.clock.Now())
	if err != nil || len(kept) != 1 || kept[0].Text != resp.Text {
		t.Fatalf("kept = %+v, %v; want the refused reply alone", kept, err)
	}
	if m, _ := h.st.Member(ctx, me); !m.SendsPaused {
		t.Error("reminders resumed after a refusal")
	}
}

// Issue 20: a kept check-in meets an unclear /checkin, which offers the
// same three answers: the reply carries each button once.
func TestKeptCheckinButtonsAreNotRepeated(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "discord:9"
	h.sayText(me, "/pain 4 knee")
	buttons := []platforms.Button{{Label: "🟢 Settled back", Command: "/checkin settled"}, {Label: "🟡 About the same", Command: "/checkin same"}, {Label: "🔴 Worse", Command: "/checkin worse"}}
	h.r.Undelivered(ctx, me, "Morning! How's the knee today?", buttons)
	resp := h.say(me, "/checkin hmm")
	mustContain(t, resp.Text, "How's the knee today?")
	seen := map[string]bool{}
	for _, b := range resp.Buttons {
		if seen[b.Command] {
			t.Errorf("button %q twice in %+v", b.Command, resp.Buttons)
		}
		seen[b.Command] = true
	}
	if len(seen) != 3 {
		t.Errorf("buttons = %+v, want the three check-in answers", resp.Buttons)
	}
}

func TestClubZoneIsCachedBrieflyAndRefreshedOnClubTZ(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const club = "telegram:-100"
	group := func(line string) string {
		m := msg("telegram:1", line)
		m.DM, m.ClubID, m.ChatID, m.Admin = false, club, club, true
		h.clock.Add(3 * time.Second)
		return h.r.Handle(ctx, m).Text
	}
	mustContain(t, group("/settings"), "Time zone: UTC")
	// Another replica changes the zone behind this router's back: seen
	// once the cached value is a minute old.
	if _, err := h.st.UpdateClub(ctx, club, func(c *store.Club) error { c.TZ = "Asia/Tokyo"; return nil }); err != nil {
		t.Fatal(err)
	}
	mustContain(t, group("/settings"), "Time zone: UTC")
	h.clock.Add(time.Minute)
	mustContain(t, group("/settings"), "Time zone: Asia/Tokyo")
	// A change made through this router applies at once.
	group("/club tz Europe/Paris")
	mustContain(t, group("/settings"), "Time zone: Europe/Paris")
}

// Days written with spaces ("mon thu", "Tuesday, Friday") are one list, as
// ParseDays reads them, not a day followed by a setting called "thu".
func TestSettingsDaysWithSpaces(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me = "telegram:10"
	mustContain(t, h.sayText(me, "/settings strength mon thu"), "strength days mon,thu")
	mustContain(t, h.sayText(me, "/settings strength tuesday, friday units mi"), "strength days tue,fri", "units mi")
	mustContain(t, h.sayText(me, "/settings rundays mon wed sat remind 07:00"), "run days mon,wed,sat", "07:00")
	m, err := h.st.Member(context.Background(), me)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.StrengthDays, ",") != "tue,fri" || strings.Join(m.RunDays, ",") != "mon,wed,sat" || m.Units != "mi" {
		t.Errorf("stored %+v", m)
	}
}

func TestUndeliveredDoesNotRecreateAForgottenMember(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	h.r.Undelivered(ctx, "telegram:77", "advice nobody will read", nil)
	if _, err := h.st.Member(ctx, "telegram:77"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused DM to an unknown member created a record: %v", err)
	}
	if kept, err := h.st.TakeKept(ctx, "telegram:77", h.clock.Now()); err != nil || len(kept) != 0 {
		t.Errorf("kept %d messages for a member who doesn't exist (err %v)", len(kept), err)
	}
}
