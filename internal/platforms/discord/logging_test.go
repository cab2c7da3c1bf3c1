package discord

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Not parallel: discordgo's logger is a package variable.
func TestRouteLibraryLogs(t *testing.T) {
	old := discordgo.Logger
	t.Cleanup(func() { discordgo.Logger = old })
	var buf bytes.Buffer
	RouteLibraryLogs(slog.New(slog.NewTextHandler(&buf, nil)))
	discordgo.Logger(discordgo.LogWarning, 1, "heartbeat %s", "missed")
	discordgo.Logger(discordgo.LogDebug, 1, "noise")
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, `msg="heartbeat missed"`) || !strings.Contains(out, "component=discordgo") {
		t.Errorf("warning not routed: %q", out)
	}
	if strings.Contains(out, "noise") {
		t.Errorf("debug line logged at the default info level: %q", out)
	}
}
