package telegram

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// lateDM lets the router be built before the adapter that delivers the
// messages it starts (a coach's copy of a shared report).
type lateDM struct{ a *Adapter }

func (l *lateDM) DM(ctx context.Context, memberID platforms.MemberID, text string, buttons []platforms.Button) error {
	return l.a.DM(ctx, memberID, text, buttons)
}

// startCoachBot is startBotWith plus the router's Messenger wired to the
// adapter, as cmd/bot wires it.
func startCoachBot(t *testing.T, admins ...string) *bot {
	t.Helper()
	emu := startEmulator(t)
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	late := &lateDM{}
	router := commands.New(commands.Deps{Store: st, Log: log, Admins: admins, DM: late})
	a, err := New(Config{Token: e2eToken, APIURL: emu.url, IdlePause: 50 * time.Millisecond}, router, st, log)
	if err != nil {
		t.Fatal(err)
	}
	late.a = a
	runAdapter(t, a, st)
	return &bot{a: a, st: st, router: router, emu: emu}
}

var coachCodeRE = regexp.MustCompile(`/coach join ([A-Z0-9]{4}-[A-Z0-9]{4})`)

// A red report in the club group: the runner is asked privately, taps
// yes, and the club's coach gets the facts by DM; the group sees only the
// usual one-line pointers.
func TestE2ECoachHearsOnlyWhenTheRunnerSaysYes(t *testing.T) {
	t.Parallel()
	b := startCoachBot(t, "telegram:1001") // Ana administers the club
	emu := b.emu

	emu.say(ana, club, "/club coach invite", nil)
	if got := emu.next(club).Text; got != platforms.PrivatePointer || coachCodeRE.MatchString(got) {
		t.Fatalf("group pointer for the invite: %q", got)
	}
	invite := emu.next(dm(ana)).Text
	code := coachCodeRE.FindStringSubmatch(invite)
	if code == nil {
		t.Fatalf("the admin's DM has no code: %q", invite)
	}
	emu.say(cleo, dm(cleo), "/coach join "+code[1], nil)
	if got := emu.next(dm(cleo)).Text; !strings.Contains(got, "You're now a coach") {
		t.Fatalf("/coach join answered %q", got)
	}

	emu.say(ben, club, "/pain 7 knee swollen after the parkrun", nil)
	pointer := emu.next(club).Text
	if pointer != platforms.PrivatePointer {
		t.Fatalf("group pointer for the red report: %q", pointer)
	}
	advice := emu.next(dm(ben))
	if !strings.Contains(advice.Text, "Share this with your club's coach (Cleo)?") ||
		!strings.Contains(string(advice.ReplyMarkup), `"/share yes p1"`) || !strings.Contains(string(advice.ReplyMarkup), `"/share no p1"`) {
		t.Fatalf("the runner's DM lacks the consent question and buttons: %q %s", advice.Text, advice.ReplyMarkup)
	}
	if got := emu.sent(dm(cleo)); len(got) != 1 {
		t.Fatalf("the coach got %d messages before the runner said yes, want only the join answer", len(got))
	}

	emu.press(ben, dm(ben), "/share yes p1")
	if got := emu.next(dm(ben)).Text; !strings.Contains(got, "Cleo received it") || !strings.Contains(got, "clinician") {
		t.Fatalf("the runner's confirmation: %q", got)
	}
	shared := emu.next(dm(cleo))
	for _, want := range []string{"Ben", "7/10", "knee", "swelling", "tg://user?id=1002", "/coach done s1"} {
		if !strings.Contains(shared.Text, want) {
			t.Errorf("the coach's DM lacks %q: %q", want, shared.Text)
		}
	}
	if strings.Contains(shared.Text, "parkrun") {
		t.Errorf("the coach got the runner's own words: %q", shared.Text)
	}
	if got := emu.sent(club); len(got) != 2 {
		t.Errorf("the group got %d messages, want the two pointers: %+v", len(got), got)
	}
}
