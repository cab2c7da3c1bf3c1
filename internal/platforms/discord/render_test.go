package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

func dataOpt(name string, v any) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Value: v, Type: discordgo.ApplicationCommandOptionString}
}

func TestRenderArgs(t *testing.T) {
	t.Parallel()
	pain := &command.Spec{Name: "pain", Options: []command.Option{
		{Name: "level", Type: command.Integer}, {Name: "where"}, {Name: "notes"},
	}}
	challenge := &command.Spec{Name: "challenge", Subs: []command.Sub{
		{Name: "new", Options: []command.Option{{Name: "name", Quoted: true}, {Name: "goal"}, {Name: "start"}, {Name: "end"}}},
		{Name: "list"},
	}}
	run := &command.Spec{Name: "run", Options: []command.Option{{Name: "distance"}, {Name: "duration"}, {Name: "notes", Marker: "--"}}}
	sub := func(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
		return []*discordgo.ApplicationCommandInteractionDataOption{{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}}
	}
	for _, tc := range []struct {
		name string
		cmd  *command.Spec
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want string
	}{
		{"table order, not arrival order", pain, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("notes", "swollen"), dataOpt("where", "knee"), dataOpt("level", 7.0)}, "7 knee swollen"},
		{"optional left out", pain, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("level", 3.0), dataOpt("where", "left knee")}, "3 left knee"},
		{"number keeps decimals", pain, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("level", 2.5)}, "2.5"},
		{"unknown option ignored", pain, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("bogus", "x"), dataOpt("level", 1.0)}, "1"},
		{"subcommand with quoted value", challenge, sub("new", dataOpt("goal", "100km"), dataOpt("name", `December "100"`), dataOpt("start", "2026-12-01"), dataOpt("end", "2026-12-31")), `new "December '100'" 100km 2026-12-01 2026-12-31`},
		{"quoted without spaces stays bare", challenge, sub("new", dataOpt("name", "Dec100")), "new Dec100"},
		{"bare subcommand", challenge, sub("list"), "list"},
		{"marked notes", run, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("notes", "windy"), dataOpt("duration", "30 min")}, "30 min -- windy"},
		{"unknown command", nil, []*discordgo.ApplicationCommandInteractionDataOption{dataOpt("a", "b")}, ""},
	} {
		if got := RenderArgs(tc.cmd, tc.opts); got != tc.want {
			t.Errorf("%s: RenderArgs = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSplitContent(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("word ", 30) + "\n" // 151 characters
	long := strings.Repeat(line, 40)           // 6,040
	emoji := strings.Repeat("🏃", 1500)         // 3,000 UTF-16 units
	for name, text := range map[string]string{"lines": long, "emoji": emoji, "one word": strings.Repeat("x", 4500)} {
		parts := splitContent(text, maxContent)
		if len(parts) < 2 {
			t.Fatalf("%s: %d parts", name, len(parts))
		}
		for i, p := range parts {
			if n := utf16Len(p); n > maxContent || n == 0 {
				t.Errorf("%s: part %d has %d UTF-16 units", name, i, n)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(parts, "")), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Errorf("%s: text changed by splitting", name)
		}
	}
	if parts := splitContent(long, maxContent); !strings.HasSuffix(parts[0], "word") {
		t.Errorf("split mid-line: first part ends %q", parts[0][len(parts[0])-10:])
	}
	if got := splitContent("short", maxContent); len(got) != 1 || got[0] != "short" {
		t.Errorf("short text = %q", got)
	}
	if got := splitContent("", maxContent); got != nil {
		t.Errorf("empty text = %q", got)
	}
}

func TestComponents(t *testing.T) {
	t.Parallel()
	var buttons []platforms.Button
	for i := range 7 {
		buttons = append(buttons, platforms.Button{Label: "b", Command: "/checkin " + string(rune('a'+i))})
	}
	buttons = append(buttons, platforms.Button{Label: "too long", Command: "/" + strings.Repeat("x", 100)})
	rows := components(buttons)
	if len(rows) != 2 {
		t.Fatalf("%d rows for 7 buttons", len(rows))
	}
	first := rows[0].(discordgo.ActionsRow)
	second := rows[1].(discordgo.ActionsRow)
	if len(first.Components) != 5 || len(second.Components) != 2 {
		t.Fatalf("rows of %d and %d buttons", len(first.Components), len(second.Components))
	}
	if b := first.Components[0].(discordgo.Button); b.CustomID != "/checkin a" || b.Label != "b" {
		t.Errorf("first button = %+v", b)
	}
	if components(nil) != nil {
		t.Error("no buttons gave components")
	}
}

// Discord refuses a message whose custom_ids repeat: a repeated command
// keeps its first button only.
func TestComponentsDropRepeatedCustomIDs(t *testing.T) {
	t.Parallel()
	checkin := []platforms.Button{{Label: "🟢 Settled back", Command: "/checkin settled"}, {Label: "🟡 About the same", Command: "/checkin same"}, {Label: "🔴 Worse", Command: "/checkin worse"}}
	rows := components(append(append([]platforms.Button{}, checkin...), append(checkin, platforms.Button{Label: "Same, again", Command: "/checkin same"})...))
	var ids []string
	for _, r := range rows {
		for _, c := range r.(discordgo.ActionsRow).Components {
			ids = append(ids, c.(discordgo.Button).CustomID)
		}
	}
	if got := strings.Join(ids, ","); got != "/checkin settled,/checkin same,/checkin worse" || len(rows) != 1 {
		t.Errorf("custom_ids = %s in %d rows, want each check-in answer once", got, len(rows))
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"http://x/api/v9/interactions/123/secret-token/callback":     "http://x/api/v9/interactions/123/REDACTED/callback",
		"http://x/api/v9/webhooks/9/secret-token/messages/@original": "http://x/api/v9/webhooks/9/REDACTED/messages/@original",
		"http://x/api/v9/webhooks/9/secret-token?wait=true":          "http://x/api/v9/webhooks/9/REDACTED",
		"http://x/api/v9/channels/5/messages":                        "http://x/api/v9/channels/5/messages",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
