package discord

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/platforms/discord/discordfake"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// lateDM lets the router be built before the adapter that delivers the
// messages it starts (a coach's copy of a shared report).
type lateDM struct{ a *Adapter }

func (l *lateDM) DM(ctx context.Context, memberID platforms.MemberID, text string, buttons []platforms.Button) error {
	return l.a.DM(ctx, memberID, text, buttons)
}

// startWithDM is start with the router's Messenger wired to the adapter,
// as cmd/bot wires it.
func startWithDM(t *testing.T) *rig {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	late := &lateDM{}
	router := commands.New(commands.Deps{Store: st, Log: log, DM: late})
	h := &wrapHandler{inner: router}
	bot := fake.NewBot("clubcoach")
	a, err := New(Config{Token: bot.Token, APIURL: fake.URL, DeferAfter: time.Minute}, h, router.Specs(), log)
	if err != nil {
		t.Fatal(err)
	}
	late.a = a
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	bot.Wait(t, "connect and register", func(s discordfake.Snapshot) bool { return s.Connected == 1 && len(s.Puts) == 1 })
	return &rig{a: a, bot: bot, h: h, router: router, logs: logs}
}

var inviteCodeRE = regexp.MustCompile(`/coach join ([A-Z0-9]{4}-[A-Z0-9]{4})`)

// A red report in the server: the runner is asked ephemerally, taps yes,
// and the club's coach gets the facts by DM; nothing is posted in the
// channel, and the invite code only ever shows ephemerally.
func TestCoachHearsOnlyWhenTheRunnerSaysYes(t *testing.T) {
	t.Parallel()
	r := startWithDM(t)
	admin := member("60", discordgo.PermissionManageGuild|discordgo.PermissionSendMessages)
	coach, runner := member("61", 0), member("62", 0)

	inv := r.answer(t, slash(t, r, admin, "club coach", discordfake.Opt{Name: "action", Value: "invite"}), atLeast(1))[0]
	code := inviteCodeRE.FindStringSubmatch(inv.Content)
	if code == nil || !inv.Ephemeral() {
		t.Fatalf("/club coach invite answered %+v, want a code, ephemerally", inv)
	}
	// Accepted in the server too: the reply is ephemeral and nobody saw the code.
	joined := r.answer(t, slash(t, r, coach, "coach join", discordfake.Opt{Name: "code", Value: code[1]}), atLeast(1))[0]
	if !joined.Ephemeral() || !strings.Contains(joined.Content, "You're now a coach") {
		t.Fatalf("/coach join answered %+v", joined)
	}

	red := r.answer(t, slash(t, r, runner, "pain", discordfake.Opt{Name: "level", Value: 7}, discordfake.Opt{Name: "where", Value: "knee"},
		discordfake.Opt{Name: "notes", Value: "swollen after the parkrun"}), atLeast(1))[0]
	if !red.Ephemeral() || !strings.Contains(red.Content, "Share this with your club's coach (Runner 61)?") ||
		!slices.Contains(red.CustomIDs, "/share yes p1") || !slices.Contains(red.CustomIDs, "/share no p1") {
		t.Fatalf("red report answered %+v", red)
	}
	if s := r.bot.Snapshot(); len(s.Messages) != 0 {
		t.Fatalf("something was sent before the runner said yes: %+v", s.Messages)
	}

	id, err := r.bot.Press(runner, "/share yes p1")
	if err != nil {
		t.Fatal(err)
	}
	ok := r.answer(t, id, atLeast(1))[0]
	if !ok.Ephemeral() || !strings.Contains(ok.Content, "Runner 61 received it") {
		t.Fatalf("/share yes answered %+v", ok)
	}
	s := r.bot.Wait(t, "the coach's DM", func(s discordfake.Snapshot) bool { return len(s.Messages) > 0 })
	if len(s.Messages) != 1 || s.Messages[0].DMUser != "61" {
		t.Fatalf("messages = %+v, want one DM to the coach", s.Messages)
	}
	dm := s.Messages[0]
	for _, want := range []string{"Runner 62", "7/10", "knee", "swelling", "<@62>"} {
		if !strings.Contains(dm.Content, want) {
			t.Errorf("the coach's DM lacks %q: %q", want, dm.Content)
		}
	}
	if strings.Contains(dm.Content, "parkrun") || !slices.Contains(dm.CustomIDs, "/coach done s1") {
		t.Errorf("the coach's DM: %+v", dm)
	}
	for _, rep := range s.Replies {
		if !rep.Ephemeral() && (strings.Contains(rep.Content, "knee") || strings.Contains(rep.Content, code[1])) {
			t.Errorf("a public reply carries private details: %+v", rep)
		}
	}
}
