package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// RouteLibraryLogs sends discordgo's own log lines (gateway reconnects,
// heartbeat failures) to l instead of the standard logger, so they share
// the bot's format, level and secret redaction. discordgo keeps its logger
// in a package variable, so the program calls this once at start.
func RouteLibraryLogs(l *slog.Logger) {
	discordgo.Logger = func(msgL, _ int, format string, a ...any) {
		lvl := slog.LevelDebug
		switch msgL {
		case discordgo.LogError:
			lvl = slog.LevelError
		case discordgo.LogWarning:
			lvl = slog.LevelWarn
		case discordgo.LogInformational:
			lvl = slog.LevelInfo
		}
		if strings.HasPrefix(format, "error connecting to gateway") {
			// Always followed by the caller's own line for the same
			// attempt (the adapter's at start, discordgo's "error
			// reconnecting" later): one line per backoff step is enough.
			lvl = slog.LevelDebug
		}
		l.Log(context.Background(), lvl, fmt.Sprintf(format, a...), "component", "discordgo")
	}
}
