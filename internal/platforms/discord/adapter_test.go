package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/logtest"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/platforms/discord/discordfake"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// fake is one fake Discord for the whole test binary: discordgo's
// endpoints are process-wide, so every adapter here talks to it, each with
// its own bot token.
var fake *discordfake.Server

func TestMain(m *testing.M) {
	fake = discordfake.New()
	if err := SetAPIBase(fake.URL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	fake.Close()
	os.Exit(code)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer = logtest.Buffer

// handlerFunc adapts a function, keeping Undelivered calls, so tests can
// wrap the real router.
type wrapHandler struct {
	inner  platforms.Handler
	handle func(ctx context.Context, m platforms.Message) platforms.Response

	mu          sync.Mutex
	seen        []platforms.Message
	undelivered []string
}

func (w *wrapHandler) Handle(ctx context.Context, m platforms.Message) platforms.Response {
	w.mu.Lock()
	w.seen = append(w.seen, m)
	w.mu.Unlock()
	if w.handle != nil {
		return w.handle(ctx, m)
	}
	return w.inner.Handle(ctx, m)
}

func (w *wrapHandler) Undelivered(ctx context.Context, memberID platforms.MemberID, text string, buttons []platforms.Button) {
	w.mu.Lock()
	w.undelivered = append(w.undelivered, string(memberID)+"|"+text)
	w.mu.Unlock()
	if k, ok := w.inner.(interface {
		Undelivered(context.Context, platforms.MemberID, string, []platforms.Button)
	}); ok {
		k.Undelivered(ctx, memberID, text, buttons)
	}
}

func (w *wrapHandler) messages() []platforms.Message {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]platforms.Message(nil), w.seen...)
}

type rig struct {
	a      *Adapter
	bot    *discordfake.Bot
	h      *wrapHandler
	router *commands.Router
	logs   *syncBuffer
	st     store.Store
}

// start runs an adapter against the fake with a real router on a fresh
// embedded store, and waits until it is connected and has registered its
// commands.
func start(t *testing.T, cfg Config, wrap func(*wrapHandler), extra ...*commands.Command) *rig {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	router := commands.New(commands.Deps{Store: st, Log: log})
	h := &wrapHandler{inner: router}
	if wrap != nil {
		wrap(h)
	}
	bot := fake.NewBot("clubcoach")
	cfg.Token = bot.Token
	cfg.APIURL = fake.URL
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = time.Minute // the quick path, deterministically
	}
	a, err := New(cfg, h, commands.Specs(append(router.Commands(), extra...)), log)
	if err != nil {
		t.Fatal(err)
	}
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
		if strings.Contains(logs.String(), bot.Token) {
			t.Error("the bot token appears in the logs")
		}
	})
	bot.Wait(t, "connect and register", func(s discordfake.Snapshot) bool { return s.Connected == 1 && len(s.Puts) == 1 })
	if !a.Connected() {
		t.Fatal("connected but Ready() is false")
	}
	return &rig{a: a, bot: bot, h: h, router: router, logs: logs, st: st}
}

const (
	guild   = "900000000000000001"
	channel = "900000000000000002"
)

func member(id string, perms int64, roles ...string) discordfake.Invoker {
	return discordfake.Invoker{UserID: id, Username: "runner" + id, GlobalName: "Runner " + id, GuildID: guild, ChannelID: channel, Permissions: perms, Roles: roles}
}

// answer waits for the replies to one interaction until want holds.
func (r *rig) answer(t *testing.T, id string, want func([]discordfake.Reply) bool) []discordfake.Reply {
	t.Helper()
	s := r.bot.Wait(t, "replies to interaction "+id, func(s discordfake.Snapshot) bool { return want(s.RepliesTo(id)) })
	return s.RepliesTo(id)
}

func atLeast(n int) func([]discordfake.Reply) bool {
	return func(rs []discordfake.Reply) bool { return len(rs) >= n }
}

func slash(t *testing.T, r *rig, who discordfake.Invoker, cmd string, opts ...discordfake.Opt) string {
	t.Helper()
	id, err := r.bot.Slash(who, cmd, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestConnectsAndRegistersTheRouterTable(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	s := r.bot.Snapshot()
	if len(s.Identifies) != 1 || s.Identifies[0].Intents != int64(discordgo.IntentsGuilds) {
		t.Errorf("identify = %+v, want intents %d (guilds, nothing privileged)", s.Identifies, discordgo.IntentsGuilds)
	}
	if s.Identifies[0].Shard != nil {
		t.Errorf("a single shard sent shard info %v", *s.Identifies[0].Shard)
	}
	put := s.Puts[0]
	if put.Scope != "global" {
		t.Errorf("registered in %q, want global", put.Scope)
	}
	table := r.router.Commands()
	if len(put.Commands) != len(table) {
		t.Fatalf("registered %d commands, table has %d", len(put.Commands), len(table))
	}
	// The fake validated the payload (400 otherwise); check it is the table.
	for i, c := range table {
		got := put.Commands[i]
		if got.Name != c.Name || got.Description != c.Summary {
			t.Errorf("command %d registered as /%s %q, table has /%s %q", i, got.Name, got.Description, c.Name, c.Summary)
		}
		if len(c.Subs) > 0 {
			for j, sub := range c.Subs {
				if got.Options[j].Type != 1 || got.Options[j].Name != sub.Name || len(got.Options[j].Options) != len(sub.Options) {
					t.Errorf("/%s %s registered as %+v", c.Name, sub.Name, got.Options[j])
				}
			}
		} else if len(got.Options) != len(c.Options) {
			t.Errorf("/%s: %d options registered, table has %d", c.Name, len(got.Options), len(c.Options))
		}
	}
}

func TestRegistersInTheDevelopmentGuild(t *testing.T) {
	t.Parallel()
	r := start(t, Config{GuildID: guild}, nil)
	if put := r.bot.Snapshot().Puts[0]; put.Scope != guild {
		t.Fatalf("registered in %q, want guild %s", put.Scope, guild)
	}
	// Members in that guild can use them at once.
	id := slash(t, r, member("11", 0), "help")
	if got := r.answer(t, id, atLeast(1)); got[0].Type != discordfake.ResponseMessage || !strings.Contains(got[0].Content, "/") {
		t.Errorf("/help answered %+v", got[0])
	}
}

func TestPrivateRepliesAreEphemeralAndPublicOnesAreNot(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	who := member("12", 0)

	mydata := r.answer(t, slash(t, r, who, "mydata"), atLeast(1))
	if mydata[0].Type != discordfake.ResponseMessage || !mydata[0].Ephemeral() || !strings.Contains(mydata[0].Content, "discord:12") {
		t.Errorf("/mydata answered %+v, want an ephemeral reply naming discord:12", mydata[0])
	}
	settings := r.answer(t, slash(t, r, who, "settings show"), atLeast(1))
	if settings[0].Ephemeral() || !strings.Contains(settings[0].Content, "Your settings") {
		t.Errorf("/settings show answered %+v, want a public settings reply", settings[0])
	}
	tz := r.answer(t, slash(t, r, who, "settings tz", discordfake.Opt{Name: "zone", Value: "Europe/London"}), atLeast(1))
	if !strings.Contains(tz[0].Content, "Europe/London") {
		t.Errorf("/settings tz zone:Europe/London answered %q", tz[0].Content)
	}
	m := r.h.messages()
	last := m[len(m)-1]
	want := platforms.Message{Platform: "discord", MemberID: "discord:12", DisplayName: "Runner 12", ClubID: "discord:" + guild, ChatID: "discord:" + channel, Command: "settings", Args: "tz Europe/London"}
	last.Received = time.Time{}
	if last.ID == "" {
		t.Error("message has no ID (the interaction id)")
	}
	last.ID = ""
	if last != want {
		t.Errorf("message = %+v\nwant      %+v", last, want)
	}
}

func TestPainIsAnsweredEphemerallyWithTheRedFlag(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	if _, ok := r.router.Lookup("pain"); !ok {
		t.Skip("/pain is not in the router's table yet")
	}
	id := slash(t, r, member("13", 0), "pain",
		discordfake.Opt{Name: "level", Value: 7}, discordfake.Opt{Name: "where", Value: "knee"}, discordfake.Opt{Name: "notes", Value: "swollen"})
	got := r.answer(t, id, atLeast(1))[0]
	if !got.Ephemeral() || !strings.HasPrefix(got.Content, "🔴") || !strings.Contains(strings.ToLower(got.Content), "swell") {
		t.Errorf("/pain level:7 where:knee notes:swollen answered %+v, want ephemeral 🔴 naming swelling", got)
	}
}

func TestDMInteractionsHaveNoClub(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	who := discordfake.Invoker{UserID: "14", Username: "solo", ChannelID: "900000000000000014"}
	r.answer(t, slash(t, r, who, "start"), atLeast(1))
	m := r.h.messages()[0]
	if !m.DM || m.ClubID != "" || m.Admin || m.MemberID != "discord:14" || m.DisplayName != "solo" || m.ChatID != "discord:900000000000000014" {
		t.Errorf("DM message = %+v", m)
	}
}

func TestSlowHandlerIsDeferredThenCompleted(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	r := start(t, Config{DeferAfter: 20 * time.Millisecond}, func(h *wrapHandler) {
		h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
			<-release
			return h.inner.Handle(ctx, m)
		}
	})
	id := slash(t, r, member("15", 0), "mydata")
	deferred := r.answer(t, id, atLeast(1))[0]
	if deferred.Kind != "callback" || deferred.Type != discordfake.ResponseDeferred || !deferred.Ephemeral() {
		t.Fatalf("first answer = %+v, want an ephemeral deferred response (type 5)", deferred)
	}
	close(release)
	got := r.answer(t, id, atLeast(2))
	if got[1].Kind != "edit" || !strings.Contains(got[1].Content, "discord:15") {
		t.Errorf("completion = %+v, want the original response edited with the data", got[1])
	}
}

func TestDeferredPublicPlaceholderNeverCarriesPrivateText(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	r := start(t, Config{DeferAfter: 20 * time.Millisecond}, func(h *wrapHandler) {
		h.handle = func(context.Context, platforms.Message) platforms.Response {
			<-release
			return platforms.Response{Text: "🔴 knee: swelling", Private: true, Public: "🔒 Sent privately."}
		}
	})
	id := slash(t, r, member("16", 0), "start") // a public command
	if d := r.answer(t, id, atLeast(1))[0]; d.Type != discordfake.ResponseDeferred || d.Ephemeral() {
		t.Fatalf("deferred = %+v, want a public deferral", d)
	}
	close(release)
	got := r.answer(t, id, atLeast(3))
	if got[1].Kind != "edit" || got[1].Content != "🔒 Sent privately." {
		t.Errorf("placeholder edited to %+v", got[1])
	}
	if got[2].Kind != "followup" || !got[2].Ephemeral() || got[2].Content != "🔴 knee: swelling" {
		t.Errorf("private text went out as %+v, want an ephemeral follow-up", got[2])
	}
}

func TestLongRepliesAreSplit(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Easy miles today, then strides.\n", 150) // 4,800 characters
	r := start(t, Config{}, func(h *wrapHandler) {
		h.handle = func(context.Context, platforms.Message) platforms.Response {
			return platforms.Response{Text: text, Private: true, Buttons: []platforms.Button{{Label: "Settled", Command: "/checkin settled"}}}
		}
	})
	got := r.answer(t, slash(t, r, member("17", 0), "mydata"), atLeast(3))
	var all strings.Builder
	for i, g := range got {
		if !g.Ephemeral() || len([]rune(g.Content)) > 2000 {
			t.Errorf("part %d: ephemeral %v, %d characters", i, g.Ephemeral(), len([]rune(g.Content)))
		}
		if (len(g.CustomIDs) > 0) != (i == len(got)-1) {
			t.Errorf("part %d of %d has buttons %v; they belong under the last", i, len(got), g.CustomIDs)
		}
		all.WriteString(g.Content + "\n")
	}
	if strings.TrimSpace(all.String()) != strings.TrimSpace(text) {
		t.Error("the parts do not add up to the reply")
	}
}

func TestDMAndButtons(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	ctx := context.Background()
	err := r.a.DM(ctx, "discord:18", "Morning! How's the knee today?", []platforms.Button{{Label: "Show settings", Command: "/settings show"}})
	if err != nil {
		t.Fatal(err)
	}
	s := r.bot.Snapshot()
	if len(s.Messages) != 1 || s.Messages[0].DMUser != "18" || s.Messages[0].CustomIDs[0] != "/settings show" {
		t.Fatalf("messages = %+v", s.Messages)
	}
	// Pressing the button runs the command it carries.
	id, err := r.bot.Press(discordfake.Invoker{UserID: "18", Username: "r18", ChannelID: s.Messages[0].ChannelID}, "/settings show")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.answer(t, id, atLeast(1))[0]; !strings.Contains(got.Content, "Your settings") {
		t.Errorf("button answered %+v", got)
	}
	if m := r.h.messages()[0]; m.Command != "settings" || m.Args != "show" || !m.DM {
		t.Errorf("button message = %+v", m)
	}

	if err := r.a.Post(ctx, "discord:"+channel, "Club run Saturday 08:00 — warm up first!"); err == nil {
		t.Error("posted to a channel the bot has never seen")
	} else if !errors.Is(err, platforms.ErrUnknownTarget) {
		t.Errorf("post to an unknown channel: %v, want ErrUnknownTarget", err)
	}
	if err := r.a.DM(ctx, "telegram:18", "hi", nil); !errors.Is(err, platforms.ErrUnknownTarget) {
		t.Errorf("DM to a telegram id: %v", err)
	}
}

func TestRefusedDMIsKeptAndShownOnTheNextCommand(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	ctx := context.Background()
	// A member the bot knows: the router keeps nothing for unknown ids.
	r.answer(t, slash(t, r, member("19", 0), "start"), atLeast(1))
	r.bot.CloseDMs("19")
	const reminder = "Time for your strength session: 3×10 calf raises."
	err := r.a.DM(ctx, "discord:19", reminder, nil)
	if !errors.Is(err, platforms.ErrDMRefused) {
		t.Fatalf("DM to closed DMs: %v, want ErrDMRefused", err)
	}
	// The scheduler keeps it, as Sender's callers do.
	r.h.Undelivered(ctx, "discord:19", reminder, nil)
	got := r.answer(t, slash(t, r, member("19", 0), "settings show"), atLeast(1))[0]
	if !got.Ephemeral() || !strings.Contains(got.Content, reminder) {
		t.Errorf("next command answered %+v, want the kept reminder, ephemerally", got)
	}
}

func TestDMRefusedDuringACommandIsShownEphemerally(t *testing.T) {
	t.Parallel()
	var r *rig
	dmErr := make(chan error, 1)
	r = start(t, Config{}, func(h *wrapHandler) {
		h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
			dmErr <- r.a.DM(ctx, m.MemberID, "Your week in detail: 24 km, 3 runs.", nil)
			return platforms.Response{Text: "📬 Sent you the details privately."}
		}
	})
	r.bot.CloseDMs("20")
	got := r.answer(t, slash(t, r, member("20", 0), "start"), atLeast(2))
	if err := <-dmErr; err != nil {
		t.Errorf("DM during a command: %v, want nil (shown instead)", err)
	}
	if got[0].Kind != "callback" || got[0].Content != "📬 Sent you the details privately." {
		t.Errorf("reply = %+v", got[0])
	}
	if got[1].Kind != "followup" || !got[1].Ephemeral() || got[1].Content != "Your week in detail: 24 km, 3 runs." {
		t.Errorf("refused DM shown as %+v, want an ephemeral follow-up", got[1])
	}
	if len(r.h.undelivered) != 0 {
		t.Errorf("kept as undelivered too: %v", r.h.undelivered)
	}
}

// adminOnly is a test command standing in for /club until it exists; its
// handler answers by the Admin flag the adapter computed.
var adminOnly = &commands.Command{Name: "clubtest", Summary: "Admin-only test command", Admin: true}

func adminProbe(h *wrapHandler) {
	h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
		if m.Command != "clubtest" {
			return h.inner.Handle(ctx, m)
		}
		if !m.Admin {
			return platforms.Response{Text: "Only club admins can use /clubtest."}
		}
		return platforms.Response{Text: "ok, admin"}
	}
}

const rolesGuild = "900000000000000099"

func memberIn(g, id string, perms int64, roles ...string) discordfake.Invoker {
	who := member(id, perms, roles...)
	who.GuildID = g
	return who
}

func TestAdminRights(t *testing.T) {
	t.Parallel()
	byName := start(t, Config{AdminRole: "coaches"}, adminProbe, adminOnly)
	byID := start(t, Config{AdminRole: "555"}, adminProbe, adminOnly)
	// The registration hints Manage Server for admin commands.
	for _, c := range byName.bot.Snapshot().Puts[0].Commands {
		if c.Name == "clubtest" && (c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != "32") {
			t.Errorf("/clubtest default_member_permissions = %v, want \"32\"", c.DefaultMemberPermissions)
		}
	}
	byName.bot.AddGuild(discordfake.Guild{ID: rolesGuild, Roles: []discordfake.Role{{ID: "555", Name: "Coaches"}}})
	for _, tc := range []struct {
		name  string
		r     *rig
		who   discordfake.Invoker
		admin bool
	}{
		{"plain member", byName, memberIn(rolesGuild, "21", discordgo.PermissionSendMessages), false},
		{"Manage Server", byName, memberIn(rolesGuild, "22", discordgo.PermissionManageGuild|discordgo.PermissionSendMessages), true},
		{"Administrator", byName, memberIn(rolesGuild, "23", discordgo.PermissionAdministrator), true},
		{"admin role by name", byName, memberIn(rolesGuild, "24", 0, "555"), true},
		{"other role", byName, memberIn(rolesGuild, "25", 0, "556"), false},
		{"admin role by id", byID, member("24", 0, "555"), true},
		{"other role by id", byID, member("25", 0, "556"), false},
		{"DM", byName, discordfake.Invoker{UserID: "26", ChannelID: "900000000000000026"}, false},
	} {
		got := tc.r.answer(t, slash(t, tc.r, tc.who, "clubtest"), atLeast(1))[0]
		if (got.Content == "ok, admin") != tc.admin {
			t.Errorf("%s: /clubtest answered %q, admin should be %v", tc.name, got.Content, tc.admin)
		}
	}

	// The real router's admin check, through /challenge new, when it exists.
	r := byID
	if _, ok := r.router.Lookup("challenge"); !ok {
		return
	}
	today := time.Now().UTC().Format(time.DateOnly)
	end := time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly)
	opts := []discordfake.Opt{{Name: "name", Value: "Test 50"}, {Name: "goal", Value: "50km"}, {Name: "start", Value: today}, {Name: "end", Value: end}}
	refused := r.answer(t, slash(t, r, member("27", 0), "challenge new", opts...), atLeast(1))[0]
	if !strings.Contains(refused.Content, "Only club admins") {
		t.Errorf("non-admin /challenge new answered %q", refused.Content)
	}
	accepted := r.answer(t, slash(t, r, member("28", discordgo.PermissionManageGuild), "challenge new", opts...), atLeast(1))[0]
	if !strings.Contains(accepted.Content, "Test 50") || strings.Contains(accepted.Content, "Only club admins") {
		t.Errorf("admin /challenge new answered %q", accepted.Content)
	}
}

func TestAutocompleteSuggestsByPrefix(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	id, err := r.bot.Autocomplete(member("29", 0), "settings tz", discordfake.Opt{Name: "zone", Value: "eur"})
	if err != nil {
		t.Fatal(err)
	}
	got := r.answer(t, id, atLeast(1))[0]
	var names []string
	for _, c := range got.Choices {
		names = append(names, c.Name)
	}
	if got.Type != discordfake.ResponseAutocomplete || strings.Join(names, ",") != "Europe/London,Europe/Berlin" {
		t.Errorf("autocomplete for %q = type %d %v", "eur", got.Type, names)
	}
	id, err = r.bot.Autocomplete(member("29", 0), "settings tz", discordfake.Opt{Name: "zone", Value: "Mars/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.answer(t, id, atLeast(1))[0]; len(got.Choices) != 0 || got.Type != discordfake.ResponseAutocomplete {
		t.Errorf("autocomplete with no match = %+v", got)
	}
}

func TestRateLimitsAreWaitedOutAndLogged(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	r.bot.RateLimit("/channels/", 1)
	if err := r.a.DM(context.Background(), "discord:30", "Nice run!", nil); err != nil {
		t.Fatalf("DM after a 429: %v", err)
	}
	if s := r.bot.Snapshot(); s.RateLimited != 1 || len(s.Messages) != 1 {
		t.Errorf("rate limited %d times, %d messages", s.RateLimited, len(s.Messages))
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.logs.String(), "rate limited by Discord") {
		if time.Now().After(deadline) {
			t.Fatalf("429 not logged; logs:\n%s", r.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRateLimitWaitsAreReported(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	r := start(t, Config{OnRateLimitWait: func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
	}}, nil)
	reported := func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waits...)
	}
	if got := reported(); len(got) != 0 {
		t.Fatalf("waits reported before any 429: %v", got)
	}
	r.bot.RateLimit("/channels/", 2) // the fake answers retry_after 0.05 s
	if err := r.a.DM(context.Background(), "discord:32", "Nice run!", nil); err != nil {
		t.Fatalf("DM after two 429s: %v", err)
	}
	if s := r.bot.Snapshot(); s.RateLimited != 2 || len(s.Messages) != 1 {
		t.Fatalf("rate limited %d times, %d messages; want 2, 1", s.RateLimited, len(s.Messages))
	}
	// discordgo dispatches the event on its own goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for len(reported()) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("reported waits %v, want two", reported())
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, d := range reported() {
		if d != 50*time.Millisecond {
			t.Errorf("reported wait %v, want the 429's retry_after of 50ms", d)
		}
	}
	// A request that is not limited reports nothing more.
	if err := r.a.DM(context.Background(), "discord:32", "Another one!", nil); err != nil {
		t.Fatal(err)
	}
	if got := reported(); len(got) != 2 {
		t.Errorf("waits after an unlimited request: %v", got)
	}
}

func TestReconnectsAfterGatewayLoss(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	r.bot.DropGateway()
	r.bot.Wait(t, "resume", func(s discordfake.Snapshot) bool { return s.Resumes == 1 && s.Connected == 1 })
	got := r.answer(t, slash(t, r, member("31", 0), "help"), atLeast(1))
	if got[0].Type != discordfake.ResponseMessage {
		t.Errorf("after reconnect /help answered %+v", got[0])
	}
}

func TestShutdownFinishesCommandsInFlight(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	router := commands.New(commands.Deps{Store: st})
	entered, release := make(chan struct{}), make(chan struct{})
	h := &wrapHandler{inner: router}
	h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
		close(entered)
		<-release
		return platforms.Response{Text: "saved"}
	}
	bot := fake.NewBot("clubcoach")
	a, err := New(Config{Token: bot.Token, APIURL: fake.URL, DeferAfter: time.Minute}, h, router.Specs(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	bot.Wait(t, "connect", func(s discordfake.Snapshot) bool { return s.Connected == 1 && len(s.Puts) == 1 })
	id, err := bot.Slash(member("32", 0), "start")
	if err != nil {
		t.Fatal(err)
	}
	<-entered
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for closing := false; !closing; {
		a.mu.Lock()
		closing = a.closing
		a.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatal("adapter did not start closing")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case <-done:
		t.Fatal("Run returned with a command in flight")
	default:
	}
	// New commands during the drain are turned away politely.
	late, err := bot.Slash(member("35", 0), "help")
	if err != nil {
		t.Fatal(err)
	}
	s := bot.Wait(t, "late command refused", func(s discordfake.Snapshot) bool { return len(s.RepliesTo(late)) == 1 })
	if got := s.RepliesTo(late)[0]; !got.Ephemeral() || !strings.Contains(got.Content, "restarting") {
		t.Errorf("command during shutdown answered %+v", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := bot.Snapshot().RepliesTo(id); len(got) != 1 || got[0].Content != "saved" {
		t.Errorf("in-flight command answered %+v", got)
	}
	if a.Connected() {
		t.Error("Ready() after Run returned")
	}
	bot.Wait(t, "gateway closed", func(s discordfake.Snapshot) bool { return s.Connected == 0 })
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	h := &wrapHandler{}
	for name, cfg := range map[string]Config{
		"no token":    {APIURL: fake.URL},
		"bad shard":   {Token: "t", APIURL: fake.URL, ShardID: 2, ShardCount: 2},
		"bad API URL": {Token: "t", APIURL: "discord"},
	} {
		if _, err := New(cfg, h, nil, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRunThenWeek(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	_, hasRun := r.router.Lookup("run")
	_, hasWeek := r.router.Lookup("week")
	if !hasRun || !hasWeek {
		t.Skip("/run or /week is not in the router's table yet")
	}
	who := member("33", 0)
	run := r.answer(t, slash(t, r, who, "run", discordfake.Opt{Name: "distance", Value: "5k"}, discordfake.Opt{Name: "duration", Value: "28:30"}), atLeast(1))[0]
	if !strings.Contains(run.Content, "5 km") {
		t.Errorf("/run distance:5k duration:28:30 answered %q", run.Content)
	}
	week := r.answer(t, slash(t, r, who, "week"), atLeast(1))[0]
	if !week.Ephemeral() || !strings.Contains(week.Content, "5 km") {
		t.Errorf("/week answered %+v, want an ephemeral summary with 5 km", week)
	}
}

func TestShardsIdentifyAndOnlyShardZeroRegisters(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	router := commands.New(commands.Deps{Store: st})
	bot := fake.NewBot("clubcoach")
	var stops []func()
	for shard := range 2 {
		a, err := New(Config{Token: bot.Token, APIURL: fake.URL, ShardID: shard, ShardCount: 2}, router, router.Specs(), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- a.Run(ctx) }()
		stops = append(stops, func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("shard %d: %v", shard, err)
			}
		})
	}
	s := bot.Wait(t, "both shards", func(s discordfake.Snapshot) bool { return s.Connected == 2 && len(s.Puts) == 1 })
	shards := map[[2]int]bool{}
	for _, id := range s.Identifies {
		if id.Shard != nil {
			shards[*id.Shard] = true
		}
	}
	if !shards[[2]int{0, 2}] || !shards[[2]int{1, 2}] {
		t.Errorf("identified shards %v, want [0 2] and [1 2]", shards)
	}
	// A guild on shard 1 ((id >> 22) % 2 == 1) is served by the second adapter.
	const oddGuild = "4194304" // 1 << 22
	id, err := bot.Slash(memberIn(oddGuild, "34", 0), "help")
	if err != nil {
		t.Fatal(err)
	}
	// /help may be long enough to need a follow-up: at least one answer.
	bot.Wait(t, "shard 1 answers", func(s discordfake.Snapshot) bool { return len(s.RepliesTo(id)) >= 1 })
	for _, stop := range stops {
		stop()
	}
	if n := len(bot.Snapshot().Puts); n != 1 {
		t.Errorf("%d registrations from 2 shards, want 1 (shard 0)", n)
	}
}

func TestSlowAdminRoleLookupIsCoveredByTheDeferral(t *testing.T) {
	t.Parallel()
	r := start(t, Config{AdminRole: "coaches", DeferAfter: 50 * time.Millisecond}, adminProbe, adminOnly)
	// Added after connecting: the roles are not in the gateway state, so
	// the adapter asks the REST API, which is slow today.
	r.bot.AddGuild(discordfake.Guild{ID: rolesGuild, Roles: []discordfake.Role{{ID: "555", Name: "Coaches"}}})
	release := r.bot.Stall("/roles")
	t.Cleanup(release)
	id := slash(t, r, memberIn(rolesGuild, "41", 0, "556"), "clubtest")
	// Discord allows 3 s for the first answer, lookups included.
	first := r.answer(t, id, atLeast(1))[0]
	if first.Type != discordfake.ResponseDeferred {
		t.Fatalf("first answer = %+v, want a deferral while the role lookup is slow", first)
	}
	release()
	if got := r.answer(t, id, atLeast(2)); got[1].Kind != "edit" || got[1].Content != "Only club admins can use /clubtest." {
		t.Errorf("completion = %+v, want the refusal", got[1])
	}
}

func TestCheckinRefusedByDMKeepsItsButtonsWhenShownEphemerally(t *testing.T) {
	t.Parallel()
	var r *rig
	dmErr := make(chan error, 1)
	buttons := []platforms.Button{{Label: "🟢 Settled back", Command: "/checkin settled"}, {Label: "🔴 Worse", Command: "/checkin worse"}}
	r = start(t, Config{}, func(h *wrapHandler) {
		h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
			if m.Command != "start" {
				return h.inner.Handle(ctx, m)
			}
			dmErr <- r.a.DM(ctx, m.MemberID, "Morning! How's the knee after yesterday?", buttons)
			return platforms.Response{Text: "Hi!"}
		}
	})
	r.bot.CloseDMs("42")
	who := member("42", 0)
	got := r.answer(t, slash(t, r, who, "start"), atLeast(2))
	if err := <-dmErr; err != nil {
		t.Fatalf("DM during a command: %v, want nil (shown instead)", err)
	}
	shown := got[1]
	if !shown.Ephemeral() || strings.Join(shown.CustomIDs, ",") != "/checkin settled,/checkin worse" {
		t.Fatalf("refused check-in shown as %+v, want an ephemeral follow-up with its buttons", shown)
	}
	// The member answers with a button, as from the DM.
	id, err := r.bot.Press(who, "/checkin worse")
	if err != nil {
		t.Fatal(err)
	}
	if ans := r.answer(t, id, atLeast(1))[0]; !ans.Ephemeral() {
		t.Errorf("check-in answered publicly: %+v", ans)
	}
	if m := r.h.messages(); m[len(m)-1].Command != "checkin" || m[len(m)-1].Args != "worse" || m[len(m)-1].MemberID != "discord:42" {
		t.Errorf("button press handled as %+v", m[len(m)-1])
	}
}

func TestMalformedPainIsAnsweredEphemerally(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	if _, ok := r.router.Lookup("pain"); !ok {
		t.Skip("/pain is not in the router's table yet")
	}
	// No place the coach knows: the router's usage error for a Private
	// command, which must stay with the member like the advice would.
	id := slash(t, r, member("43", 0), "pain",
		discordfake.Opt{Name: "level", Value: 4}, discordfake.Opt{Name: "where", Value: "zzz"}, discordfake.Opt{Name: "notes", Value: "throbbing"})
	got := r.answer(t, id, atLeast(1))[0]
	if !got.Ephemeral() {
		t.Errorf("malformed /pain answered publicly: %+v", got)
	}
	if !strings.Contains(got.Content, "Usage: /pain") {
		t.Errorf("malformed /pain answered %q, want its usage", got.Content)
	}
}

// keptCheckin has a member report pain, then keeps a morning check-in
// that Discord refused (DMs closed), as the scheduler does.
func keptCheckin(t *testing.T, r *rig, who discordfake.Invoker) {
	t.Helper()
	r.answer(t, slash(t, r, who, "pain", discordfake.Opt{Name: "level", Value: 4}, discordfake.Opt{Name: "where", Value: "knee"}), atLeast(1))
	r.bot.CloseDMs(who.UserID)
	r.h.Undelivered(context.Background(), platforms.MemberID("discord:"+who.UserID), "Morning! How's the knee after yesterday?", scheduler.CheckinButtons)
}

func checkinIDs() string {
	ids := make([]string, len(scheduler.CheckinButtons))
	for i, b := range scheduler.CheckinButtons {
		ids[i] = b.Command
	}
	return strings.Join(ids, ",")
}

// Issue 20: a kept check-in meets an unclear /checkin, whose reply offers
// the same three answers. The fake refuses repeated custom_ids as Discord
// does, so one set of buttons is what lets the kept check-in arrive.
func TestKeptCheckinAndUnclearCheckinAnswerWithOneSetOfButtons(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, func(h *wrapHandler) {
		// Discord's client offers /checkin's three choices only; an
		// unclear answer (typed on another platform, or a registration
		// from before the choices) reaches the router as text.
		h.handle = func(ctx context.Context, m platforms.Message) platforms.Response {
			if m.Command == "checkin" && m.Args == "same" {
				m.Args = "hmm, hard to say"
			}
			return h.inner.Handle(ctx, m)
		}
	})
	who := member("45", 0)
	keptCheckin(t, r, who)
	got := r.answer(t, slash(t, r, who, "checkin", discordfake.Opt{Name: "answer", Value: "same"}), atLeast(1))[0]
	if got.Kind != "callback" || !got.Ephemeral() {
		t.Fatalf("answer = %+v, want an ephemeral reply", got)
	}
	if !strings.Contains(got.Content, "How's the knee after yesterday?") {
		t.Errorf("the kept check-in was not delivered: %q", got.Content)
	}
	if ids := strings.Join(got.CustomIDs, ","); ids != checkinIDs() {
		t.Errorf("buttons = %s, want one set: %s", ids, checkinIDs())
	}
	// Delivered, so it is gone: the adapter acknowledges it once Discord
	// took the reply, and the next command carries no kept message.
	deadline := time.Now().Add(10 * time.Second)
	for {
		kept, err := r.st.PeekKept(context.Background(), ids.MemberID("discord:"+who.UserID), time.Now())
		if err == nil && len(kept) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delivered check-in is still kept: %v, %v", kept, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	next := r.answer(t, slash(t, r, who, "settings show"), atLeast(1))[0]
	if strings.Contains(next.Content, "How's the knee after yesterday?") {
		t.Errorf("kept check-in delivered twice: %q", next.Content)
	}
}

// Two refused check-ins (not settled, asked again next morning) carry the
// same buttons: shown together, each button comes once.
func TestTwoKeptCheckinsShowOneSetOfButtons(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	who := member("46", 0)
	keptCheckin(t, r, who)
	r.h.Undelivered(context.Background(), "discord:46", "Morning again! Any better today?", scheduler.CheckinButtons)
	got := r.answer(t, slash(t, r, who, "settings show"), atLeast(1))[0]
	if !strings.Contains(got.Content, "How's the knee after yesterday?") || !strings.Contains(got.Content, "Any better today?") {
		t.Errorf("kept check-ins not delivered: %q", got.Content)
	}
	if ids := strings.Join(got.CustomIDs, ","); ids != checkinIDs() {
		t.Errorf("buttons = %s, want one set: %s", ids, checkinIDs())
	}
}

// A reply carrying kept messages that Discord refuses loses nothing: the
// kept check-in comes with the member's next command.
func TestRefusedReplyKeepsTheKeptCheckin(t *testing.T) {
	t.Parallel()
	r := start(t, Config{}, nil)
	who := member("47", 0)
	keptCheckin(t, r, who)
	r.bot.Refuse("/callback", 1)
	refused := slash(t, r, who, "settings show")
	r.bot.Wait(t, "the refused reply", func(s discordfake.Snapshot) bool {
		return strings.Contains(r.logs.String(), "answer interaction")
	})
	if got := r.bot.Snapshot().RepliesTo(refused); len(got) != 0 {
		t.Fatalf("replies recorded for the refused callback: %+v", got)
	}
	got := r.answer(t, slash(t, r, who, "settings show"), atLeast(1))[0]
	if !strings.Contains(got.Content, "How's the knee after yesterday?") || strings.Join(got.CustomIDs, ",") != checkinIDs() {
		t.Errorf("after a refused reply the next one is %+v, want the kept check-in with its buttons", got)
	}
}

// The wrapper forwards Undelivered by a type assertion, which a signature
// drift would turn into a silent no-op: keep the router's shape pinned.
var _ interface {
	Undelivered(context.Context, platforms.MemberID, string, []platforms.Button)
} = (*commands.Router)(nil)
