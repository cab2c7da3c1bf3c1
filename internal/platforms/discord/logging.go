package discord

import (
	"context"
	"fmt"
	"log/slog"

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
		l.Log(context.Background(), lvl, fmt.Sprintf(format, a...), "component", "discordgo")
	}
}
