// Command bot runs clubcoach: it reads its settings, opens the store,
// starts the platform adapters that have tokens (the console when none
// has), the router and the scheduler, and runs until SIGINT/SIGTERM or the
// end of console input, then drains in-flight work and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // members' zones work even where the system has no zone database

	"golang.org/x/term"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/config"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/ops"
	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/ops/redact"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/platforms/console"
	"github.com/clubcoach/clubcoach/internal/platforms/discord"
	"github.com/clubcoach/clubcoach/internal/platforms/telegram"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// component is one long-running part of the bot. Run returns when its
// input ends or ctx is cancelled, after finishing the work it had started.
type component struct {
	name string
	run  func(ctx context.Context) error
}

// run is main with its dependencies passed in; it returns the exit status.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	// config
	cfg, err := config.Load(args, getenv, stdout) // --help and --version go to stdout
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "clubcoach: %v\n", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// store, timed for /metrics
	raw, err := openStore(ctx, cfg, log)
	if err != nil {
		log.Error("cannot open the store", "err", err)
		fmt.Fprintf(stderr, "clubcoach: %v\n", err)
		return 1
	}
	defer func() { // runs last: after the listener and every component stopped
		if err := raw.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	m := metrics.New()
	st := metrics.InstrumentStore(raw, m)

	// The ops listener (health, readiness, metrics; the Telegram webhook
	// when TELEGRAM_WEBHOOK_LISTEN is empty). Off unless HTTP_ADDR is set.
	var opsSrv *ops.Server
	if cfg.HTTPAddr != "" {
		opsSrv = ops.New(ops.Config{Addr: cfg.HTTPAddr, Log: log, Metrics: m.Handler()})
		opsSrv.AddCheck("store", st.Ping)
		if err := opsSrv.Start(); err != nil {
			log.Error("cannot start the ops listener", "err", err)
			fmt.Fprintf(stderr, "clubcoach: %v\n", err)
			return 1
		}
		defer func() { // after the components drained, before the store closes
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := opsSrv.Shutdown(sctx); err != nil {
				log.Warn("ops listener shutdown", "err", err)
			}
		}()
	}

	// services the scheduler and the router share: one zone rule (and
	// cache), the challenge service (whose boards the web pages show too). The scheduler comes before the router,
	// which tells it about changed settings; senders fills in as the
	// adapters are built below.
	senders := platforms.Senders{}
	served := servedPlatforms(cfg)
	zones := member.NewZones(st)
	challenges := challenge.New(st, log, nil)
	sched := scheduler.New(scheduler.Deps{
		Store: st, Sender: senders, Platforms: served, Log: log, Zones: zones,
		LateWindow: cfg.RemindLateWindow, Metrics: m,
		Challenges: challenges,
	})

	// router
	router := commands.New(commands.Deps{Store: st, Log: log, Zones: zones, Challenges: challenges, Admins: cfg.Admins(), Observe: m.Observe, Schedule: sched, PublicURL: cfg.PublicURL, DM: senders})

	// The clubs' public web pages: on WEB_ADDR, else on the ops listener.
	webSrv, err := startWeb(cfg, st, challenges, opsSrv, log)
	if err != nil {
		log.Error("cannot start the web pages", "err", err)
		fmt.Fprintf(stderr, "clubcoach: %v\n", err)
		return 1
	}
	if webSrv != nil {
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := webSrv.Shutdown(sctx); err != nil {
				log.Warn("web listener shutdown", "err", err)
			}
		}()
	}

	// platforms: each adapter sends, runs and reports readiness the same way
	var adapters []platforms.Adapter
	if cfg.ConsoleMode() {
		con := console.New(stdin, stdout, isTerminal(stdin))
		con.ChartDir = filepath.Join(cfg.DataDir, "charts")
		adapters = append(adapters, con.For(router))
		log.Debug("console mode: no TELEGRAM_TOKEN or DISCORD_TOKEN set")
	}
	if cfg.TelegramToken != "" {
		menu := make([]telegram.Command, 0, len(router.Commands()))
		for _, c := range router.Commands() {
			menu = append(menu, telegram.Command{Name: c.Name, Summary: c.Summary})
		}
		tg, err := telegram.New(telegram.Config{
			Token:           cfg.TelegramToken,
			APIURL:          cfg.TelegramAPIURL,
			WebhookURL:      cfg.TelegramWebhookURL,
			WebhookSecret:   cfg.TelegramWebhookSecret,
			WebhookListen:   cfg.TelegramWebhookListen,
			Commands:        menu,
			MoveClub:        challenges.MoveClub,
			WithOp:          store.WithOp,
			Known:           func(name string) bool { _, ok := router.Lookup(name); return ok },
			OnRateLimitWait: func(d time.Duration) { m.RateLimitWait(platforms.Telegram, d) },
			Share:           cfg.SchedulerReplicas, // the send limits are the adapter's
		}, router, st, log)
		if err != nil {
			fmt.Fprintf(stderr, "clubcoach: telegram: %v\n", err)
			return 2
		}
		if opsSrv != nil && cfg.TelegramWebhookURL != "" && cfg.TelegramWebhookListen == "" {
			opsSrv.Handle(tg.WebhookPath(), tg.WebhookHandler())
		}
		adapters = append(adapters, tg)
	}
	if cfg.DiscordToken != "" {
		discord.RouteLibraryLogs(log)
		dc, err := discord.New(discord.Config{
			Token: cfg.DiscordToken, GuildID: cfg.DiscordGuildID, APIURL: cfg.DiscordAPIURL,
			AdminRole: cfg.DiscordAdminRole, ShardID: cfg.DiscordShardID, ShardCount: cfg.DiscordShardCount,
			DrainTimeout:    cfg.ShutdownTimeout,
			OnRateLimitWait: func(d time.Duration) { m.RateLimitWait(platforms.Discord, d) },
			Share:           cfg.SchedulerReplicas,
		}, router, router.Specs(), log)
		if err != nil {
			fmt.Fprintf(stderr, "clubcoach: discord: %v\n", err)
			return 2
		}
		adapters = append(adapters, dc)
	}
	var components []component
	for _, a := range adapters {
		senders[a.Name()] = a
		if opsSrv != nil && a.Name() != platforms.Console {
			opsSrv.AddCheck(a.Name(), a.Ready)
		}
		components = append(components, component{a.Name(), a.Run})
	}

	components = append(components, component{"scheduler", sched.Run})

	return runAll(ctx, components, cfg.ShutdownTimeout, log, func() {
		if opsSrv != nil {
			opsSrv.Drain() // /readyz 503: load balancers stop sending webhooks
		}
	}, func(name string, err error) { fmt.Fprintln(stderr, failureLine(name, err)) })
}

// failureLine is the one line a person reads when the bot stops on a
// failed component, with the likely fix.
func failureLine(name string, err error) string {
	hint := ""
	var api *telegram.APIError
	switch {
	case errors.As(err, &api) && (api.Code == 401 || api.Code == 404):
		hint = " — Telegram refused the bot token: check TELEGRAM_TOKEN (from @BotFather)"
	case name == "discord" && strings.Contains(err.Error(), "401"):
		hint = " — Discord refused the bot token: check DISCORD_TOKEN"
	}
	return fmt.Sprintf("clubcoach: %s stopped: %v%s", name, err, hint)
}

// runAll runs every component until one ends (console EOF) or a signal
// comes; then it cancels the rest and waits for them to drain, bounded by
// timeout. A component that fails makes the exit status 1, or 2 when a
// platform refused its token. (Platform outages never end a component:
// the adapters wait them out.)
func runAll(ctx context.Context, components []component, timeout time.Duration, log *slog.Logger, draining func(), reason func(name string, err error)) int {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		name string
		err  error
	}
	done := make(chan result, len(components))
	for _, c := range components {
		go func() { done <- result{c.name, c.run(runCtx)} }()
	}
	status, remaining := 0, len(components)
	report := func(r result) {
		if r.err != nil && !errors.Is(r.err, context.Canceled) {
			if !errors.Is(r.err, platforms.ErrTokenRefused) {
				// A refused token is a setting to fix: the one line below
				// says it, and a log line too would say it twice.
				log.Error("component stopped", "component", r.name, "err", r.err)
			}
			if status == 0 {
				reason(r.name, r.err)
			}
			status = max(status, 1)
			if errors.Is(r.err, platforms.ErrTokenRefused) {
				// A setting to fix, like a bad flag: exit 2, which the
				// systemd unit does not restart (RestartPreventExitStatus).
				status = 2
			}
		}
	}
	select {
	case r := <-done:
		remaining--
		report(r)
	case <-ctx.Done():
		log.Info("signal received; finishing in-flight work", "timeout", timeout)
	}
	draining()
	cancel()
	deadline := time.After(timeout)
	for range remaining {
		select {
		case r := <-done:
			report(r)
		case <-deadline:
			log.Warn("shutdown timeout reached; exiting with work in flight", "timeout", timeout)
			return status
		}
	}
	return status
}

// servedPlatforms lists the platforms this process runs adapters for: the
// scheduler claims only their reminders and posts only for their clubs.
func servedPlatforms(cfg config.Config) []string {
	var ps []string
	if cfg.ConsoleMode() {
		ps = append(ps, platforms.Console)
	}
	if cfg.TelegramToken != "" {
		ps = append(ps, platforms.Telegram)
	}
	if cfg.DiscordToken != "" {
		ps = append(ps, platforms.Discord)
	}
	return ps
}

func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, error) {
	if cfg.RedisURL != "" {
		redisstore.RouteLibraryLogs(log)
		return redisstore.Open(ctx, redisstore.Config{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix, Logger: log,
			WaitReplicas: cfg.WaitReplicas(), WaitTimeout: cfg.RedisWaitTimeout})
	}
	return embedded.Open(cfg.DataDir)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	if strings.EqualFold(cfg.LogLevel, "warning") {
		lvl = slog.LevelWarn
	} else if err := lvl.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(redact.NewHandler(h, cfg.Secrets()))
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
