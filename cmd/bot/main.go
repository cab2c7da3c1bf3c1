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
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/config"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/platforms/console"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is main with its dependencies passed in; it returns the exit status.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stderr)
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

	st, err := openStore(ctx, cfg, log)
	if err != nil {
		log.Error("cannot open the store", "err", err)
		fmt.Fprintf(stderr, "clubcoach: %v\n", err)
		return 1
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()

	router := commands.New(commands.Deps{Store: st, Log: log, Admins: cfg.Admins()})
	senders := platforms.Senders{}

	var runners []func(context.Context) error
	if cfg.ConsoleMode() {
		con := console.New(stdin, stdout, isTerminal(stdin))
		senders[platforms.Console] = con
		runners = append(runners, func(ctx context.Context) error { return con.Run(ctx, router) })
		log.Debug("console mode: no TELEGRAM_TOKEN or DISCORD_TOKEN set")
	}

	// Run every component until one ends (console EOF) or a signal comes;
	// then stop the rest and wait for them, bounded by the shutdown timeout.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, len(runners))
	for _, r := range runners {
		go func() { done <- r(runCtx) }()
	}
	status, remaining := 0, len(runners)
	select {
	case err := <-done:
		remaining--
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Error("component stopped", "err", err)
			status = 1
		}
	case <-ctx.Done():
		log.Info("shutting down", "signal", "received")
	}
	cancel()
	deadline := time.After(cfg.ShutdownTimeout)
	for range remaining {
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, context.Canceled) {
				log.Error("component stopped with error", "err", err)
			}
		case <-deadline:
			log.Warn("shutdown timeout reached; exiting with work in flight", "timeout", cfg.ShutdownTimeout)
			return status
		}
	}
	return status
}

func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, error) {
	if cfg.RedisURL != "" {
		return redisstore.Open(ctx, redisstore.Config{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix, Logger: log})
	}
	return embedded.Open(cfg.DataDir)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
