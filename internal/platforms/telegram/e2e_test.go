package telegram

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// bot is the real router on a real embedded store, behind the adapter,
// talking to a telegram-test-api emulator.
type bot struct {
	a      *Adapter
	st     store.Store
	router *commands.Router
	emu    *emulator
}

func startBot(t *testing.T, edit func(*Config)) *bot {
	t.Helper()
	return startBotWith(t, botOptions{config: edit})
}

// botOptions vary the bot a test starts.
type botOptions struct {
	// admins are BOT_ADMINS member ids ("telegram:<id>"): the emulator has
	// no getChatAdministrators, so group admins come from here.
	admins []string
	config func(*Config) // edits the adapter's configuration
}

func startBotWith(t *testing.T, o botOptions) *bot {
	t.Helper()
	edit := o.config
	emu := startEmulator(t)
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	router := commands.New(commands.Deps{Store: st, Log: log, Admins: o.admins})
	var menu []Command
	for _, c := range router.Commands() {
		menu = append(menu, Command{Name: c.Name, Summary: c.Summary})
	}
	cfg := Config{Token: e2eToken, APIURL: emu.url, Commands: menu, IdlePause: 50 * time.Millisecond, MoveClub: router.MoveClub}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg, router, st, log)
	if err != nil {
		t.Fatal(err)
	}
	runAdapter(t, a, st)
	return &bot{a: a, st: st, router: router, emu: emu}
}

// runAdapter runs a until the test ends (then checks it stopped and closes
// st) and returns once the adapter is ready.
func runAdapter(t *testing.T, a *Adapter, st io.Closer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run = %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop within 10s of cancellation")
		}
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for a.Ready(ctx) != nil {
		select {
		case err := <-done:
			t.Fatalf("Run ended at start: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the adapter did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var (
	ana  = member{ID: 1001, Name: "Ana"}
	ben  = member{ID: 1002, Name: "Ben"}
	cleo = member{ID: 1003, Name: "Cleo"}
	club = group(-100200300)
)

// requireCommands skips the (sub)test while the router lacks a command it
// drives: the coaching commands land in the router separately.
func requireCommands(t *testing.T, r *commands.Router, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, ok := r.Lookup(n); !ok {
			t.Skipf("the router has no /%s command yet", n)
		}
	}
}

func TestE2EPrivateChat(t *testing.T) {
	t.Parallel()
	b := startBot(t, nil)
	emu, me := b.emu, dm(ana)

	emu.say(ana, me, "/start", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "clubcoach") || !strings.Contains(got, "Ana") {
		t.Fatalf("/start answered %q", got)
	}
	emu.say(ana, me, "/help", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "/help") || !strings.Contains(got, "/settings") {
		t.Fatalf("/help answered %q", got)
	}
	emu.say(ana, me, "/frobnicate", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "/frobnicate") || !strings.Contains(got, "/help") {
		t.Fatalf("unknown command answered %q", got)
	}
	emu.say(ana, me, "hello coach", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "/help") {
		t.Fatalf("chatter in a DM answered %q", got)
	}
	emu.press(ana, me, "/help settings")
	if got := emu.next(me).Text; !strings.Contains(got, "/settings") {
		t.Fatalf("button press answered %q", got)
	}
	if _, err := b.st.Member(context.Background(), "telegram:1001"); err != nil {
		t.Fatalf("member record: %v", err)
	}
}

func TestE2EPrivateCoaching(t *testing.T) {
	t.Parallel()
	b := startBot(t, nil)
	requireCommands(t, b.router, "pain", "run", "week")
	emu, me := b.emu, dm(ana)

	emu.say(ana, me, "/pain 3 knee", nil)
	if got := emu.next(me).Text; !(strings.HasPrefix(got, "🟢") || strings.HasPrefix(got, "🟡")) {
		t.Fatalf("/pain 3 knee answered %q", got)
	}
	emu.say(ana, me, "/pain@TestNameBot 7 knee swollen and it locked on the stairs", nil)
	if got := emu.next(me).Text; !strings.HasPrefix(got, "🔴") || !strings.Contains(got, "swell") {
		t.Fatalf("red /pain answered %q", got)
	}
	emu.say(ana, me, "/run 5k 28:30", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "5 km") {
		t.Fatalf("/run 5k answered %q", got)
	}
	emu.say(ana, me, "/week", nil)
	if got := emu.next(me).Text; !strings.Contains(got, "5 km") {
		t.Fatalf("/week answered %q", got)
	}
	runs, err := b.st.Runs(context.Background(), "telegram:1001", "", "")
	if err != nil || len(runs) != 1 {
		t.Fatalf("stored runs = %+v, %v", runs, err)
	}
}

func TestE2EGroup(t *testing.T) {
	t.Parallel()
	b := startBot(t, nil)
	emu := b.emu
	ctx := context.Background()

	emu.say(ben, club, "morning all, who's in for saturday?", nil)
	emu.say(ben, club, "/help@SomeOtherBot", nil)
	emu.say(ana, club, "/help@TestNameBot", nil)
	help := emu.next(club)
	if !strings.Contains(help.Text, "/settings") || help.replyTo() == 0 || help.outdated() != "" {
		t.Fatalf("group /help: %+v", help)
	}
	emu.say(ana, club, "/start", nil)
	if got := emu.next(club).Text; !strings.Contains(got, "Ana") {
		t.Fatalf("group /start answered %q", got)
	}
	// Ben's chatter and his command for another bot left no trace.
	if _, err := b.st.Member(ctx, "telegram:1002"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("chatter created a member record (err %v)", err)
	}
	if got := len(emu.sent(club)); got != 2 {
		t.Fatalf("the bot sent %d messages to the group, want 2 (help, start)", got)
	}

	// A private answer in the group: the data by DM, a pointer in the group.
	emu.say(ana, club, "/mydata", nil)
	if got := emu.next(club).Text; got != platforms.PrivatePointer {
		t.Fatalf("group pointer for /mydata: %q", got)
	}
	if got := emu.next(dm(ana)).Text; !strings.Contains(got, "telegram:1001") {
		t.Fatalf("/mydata by DM: %q", got)
	}

	t.Run("pain and run", func(t *testing.T) {
		requireCommands(t, b.router, "pain", "run")
		// The group learns nothing about the injury, not even its level:
		// only the neutral pointer, the same for every private answer.
		emu.say(ana, club, "/pain@TestNameBot 7 knee swollen", nil)
		if ack := emu.next(club); ack.Text != platforms.PrivatePointer {
			t.Fatalf("group ack %q, want only the neutral pointer", ack.Text)
		}
		advice := emu.next(dm(ana))
		if !strings.HasPrefix(advice.Text, "🔴") || !strings.Contains(strings.ToLower(advice.Text), "swell") {
			t.Fatalf("DM advice %q lacks the details", advice.Text)
		}
		emu.say(ana, club, "/balance 12 left", nil)
		if ack := emu.next(club); ack.Text != platforms.PrivatePointer {
			t.Fatalf("group answer to /balance %q, want only the neutral pointer", ack.Text)
		}
		if got := emu.next(dm(ana)).Text; !strings.Contains(got, "Recorded") {
			t.Fatalf("/balance by DM: %q", got)
		}
		// In the group a run's reply has the same shape for everyone: the
		// run and its week, nothing of Ana's open red flag.
		emu.say(ana, club, "/run 5k", nil)
		anaRun := emu.next(club).Text
		if !strings.Contains(anaRun, "5 km") || strings.Contains(strings.ToLower(anaRun), "red flag") || strings.Contains(strings.ToLower(anaRun), "knee") {
			t.Fatalf("group /run answered %q", anaRun)
		}
		emu.say(ben, club, "/run 5k", nil)
		if got := emu.next(club).Text; !strings.Contains(got, "5 km") {
			t.Fatalf("group /run of a member with no niggle answered %q", got)
		}
	})

	// The group becomes a supergroup: the club's data follows it.
	emu.say(cleo, club, "", map[string]any{"migrate_to_chat_id": -1009990001})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := b.st.Club(ctx, "telegram:-1009990001"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the club was not moved to its supergroup id")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := b.st.Club(ctx, "telegram:-100200300"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("old club id still there (err %v)", err)
	}
	for { // ClubMoved runs after the club document moved
		m, err := b.st.Member(ctx, "telegram:1001")
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(m.Clubs, "telegram:-1009990001") && !slices.Contains(m.Clubs, "telegram:-100200300") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("member's clubs not re-keyed: %v", m.Clubs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestE2EWebhook(t *testing.T) {
	t.Parallel()
	// The adapter's handler on the caller's mux, as on HTTP_ADDR; the
	// emulator POSTs each update to it. It cannot send the secret header
	// Telegram sends, so a test middleware adds the derived secret.
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := startBot(t, func(c *Config) { c.WebhookURL = srv.URL + "/telegram/webhook" })
	mux.Handle(b.a.WebhookPath(), withSecret(b.a.WebhookHandler(), DeriveWebhookSecret(e2eToken)))
	emu := b.emu

	emu.say(cleo, dm(cleo), "/start", nil)
	if got := emu.next(dm(cleo)).Text; !strings.Contains(got, "Cleo") {
		t.Fatalf("/start over the webhook answered %q", got)
	}
	emu.say(cleo, club, "nice run everyone", nil)
	emu.say(cleo, club, "/help", nil)
	if got := emu.next(club).Text; !strings.Contains(got, "/settings") {
		t.Fatalf("group /help over the webhook: %q", got)
	}
	if got := len(emu.sent(club)); got != 1 {
		t.Fatalf("the bot sent %d messages to the group, want 1", got)
	}

	t.Run("pain", func(t *testing.T) {
		requireCommands(t, b.router, "pain")
		emu.say(cleo, club, "/pain 2 calf tight", nil)
		if got := emu.next(club).Text; got != platforms.PrivatePointer {
			t.Fatalf("group ack over the webhook: %q", got)
		}
		if got := emu.next(dm(cleo)).Text; !strings.Contains(strings.ToLower(got), "calf") {
			t.Fatalf("DM over the webhook: %q", got)
		}
	})
}

// withSecret adds the secret header Telegram sends and the emulator does not.
func withSecret(h http.Handler, secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set(SecretHeader, secret)
		h.ServeHTTP(w, r)
	})
}
