package discord

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/commands"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// A token Discord refuses is a setting to fix, not an outage: Run stops at
// once with ErrTokenRefused naming DISCORD_TOKEN, without the token. (An
// unreachable Discord is waited out instead: cmd/bot's
// TestPlatformOutagesAreWaitedOut stops and restarts the fake, which this
// package's tests share.)
func TestRunStopsOnRefusedToken(t *testing.T) {
	t.Parallel()
	router := commands.New(commands.Deps{Store: nil, Log: slog.New(slog.DiscardHandler)})
	const bad = "not-a-registered-token"
	a, err := New(Config{Token: bad, APIURL: fake.URL}, router, router.Specs(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.Run(ctx)
	if !errors.Is(err, platforms.ErrTokenRefused) || !strings.Contains(err.Error(), "DISCORD_TOKEN") || strings.Contains(err.Error(), bad) {
		t.Fatalf("Run = %v, want ErrTokenRefused naming DISCORD_TOKEN", err)
	}
	if a.Connected() {
		t.Fatal("Ready after a refused token")
	}
}
