package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/commands"
)

func routerTable(t *testing.T) []*command.Spec {
	t.Helper()
	// Commands() needs no store.
	return commands.New(commands.Deps{}).Specs()
}

func TestBuildCommandsFromRouterTable(t *testing.T) {
	t.Parallel()
	table := routerTable(t)
	got, err := BuildCommands(table)
	if err != nil {
		t.Fatalf("the router's table breaks Discord's limits: %v", err)
	}
	if len(got) != len(table) {
		t.Fatalf("registered %d commands for a table of %d", len(got), len(table))
	}
	for i, c := range table {
		ac := got[i]
		if ac.Name != c.Name || ac.Description != c.Summary || ac.Type != discordgo.ChatApplicationCommand {
			t.Errorf("/%s registered as %q %q type %d", c.Name, ac.Name, ac.Description, ac.Type)
		}
		if c.Admin != (ac.DefaultMemberPermissions != nil && *ac.DefaultMemberPermissions == discordgo.PermissionManageGuild) {
			t.Errorf("/%s: admin %v but default permissions %v", c.Name, c.Admin, ac.DefaultMemberPermissions)
		}
		if len(c.Subs) > 0 {
			if len(ac.Options) != len(c.Subs) {
				t.Fatalf("/%s: %d subcommands registered for %d", c.Name, len(ac.Options), len(c.Subs))
			}
			for j, s := range c.Subs {
				so := ac.Options[j]
				if so.Type != discordgo.ApplicationCommandOptionSubCommand || so.Name != s.Name || so.Description != s.Description {
					t.Errorf("/%s %s registered as %+v", c.Name, s.Name, so)
				}
				checkRegistered(t, c.Name+" "+s.Name, s.Options, so.Options)
			}
			continue
		}
		checkRegistered(t, c.Name, c.Options, ac.Options)
	}
}

func checkRegistered(t *testing.T, where string, want []command.Option, got []*discordgo.ApplicationCommandOption) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("/%s: %d options registered for %d", where, len(got), len(want))
	}
	types := map[command.OptionType]discordgo.ApplicationCommandOptionType{
		command.String:     discordgo.ApplicationCommandOptionString,
		command.Integer:    discordgo.ApplicationCommandOptionInteger,
		command.Number:     discordgo.ApplicationCommandOptionNumber,
		command.Attachment: discordgo.ApplicationCommandOptionAttachment,
	}
	for i, o := range want {
		g := got[i]
		if g.Name != o.Name || g.Description != o.Description || g.Type != types[o.Type] || g.Required != o.Required {
			t.Errorf("/%s %s registered as %+v", where, o.Name, g)
		}
		if (o.Min != nil) != (g.MinValue != nil) || (o.Min != nil && *o.Min != *g.MinValue) || (o.Max != nil && *o.Max != g.MaxValue) {
			t.Errorf("/%s %s: range %v..%v registered as %v..%v", where, o.Name, o.Min, o.Max, g.MinValue, g.MaxValue)
		}
		if len(g.Choices) != len(o.Choices) {
			t.Errorf("/%s %s: %d choices registered for %d", where, o.Name, len(g.Choices), len(o.Choices))
		}
		if g.Autocomplete != (len(o.Suggest) > 0 && len(o.Choices) == 0) {
			t.Errorf("/%s %s: autocomplete %v with suggestions %v", where, o.Name, g.Autocomplete, o.Suggest)
		}
	}
}

func TestBuildCommandsMapsTypes(t *testing.T) {
	t.Parallel()
	lo, hi := 0.0, 10.0
	got, err := BuildCommands([]*command.Spec{{
		Name: "pain", Summary: "Report pain", Options: []command.Option{
			{Name: "level", Description: "0-10", Type: command.Integer, Required: true, Min: &lo, Max: &hi},
			{Name: "where", Description: "Where", Type: command.String, Required: true, Suggest: []string{"knee", "shin"}},
			{Name: "pace", Description: "Pace", Type: command.Number, Choices: []string{"4.5", "5"}},
		},
	}, {Name: "club", Summary: "Club settings", Admin: true, Subs: []command.Sub{{Name: "show", Description: "Show"}}}})
	if err != nil {
		t.Fatal(err)
	}
	level, where, pace := got[0].Options[0], got[0].Options[1], got[0].Options[2]
	if level.Type != discordgo.ApplicationCommandOptionInteger || *level.MinValue != 0 || level.MaxValue != 10 || !level.Required {
		t.Errorf("level = %+v", level)
	}
	if where.Type != discordgo.ApplicationCommandOptionString || !where.Autocomplete || where.Choices != nil {
		t.Errorf("where = %+v", where)
	}
	if pace.Type != discordgo.ApplicationCommandOptionNumber || pace.Choices[0].Value != 4.5 || pace.Choices[1].Name != "5" {
		t.Errorf("pace = %+v, choices %+v", pace, pace.Choices)
	}
	if p := got[1].DefaultMemberPermissions; p == nil || *p != discordgo.PermissionManageGuild {
		t.Errorf("admin command default permissions = %v", p)
	}
}

func TestValidateFindsEveryLimit(t *testing.T) {
	t.Parallel()
	str := discordgo.ApplicationCommandOptionString
	opt := func(name string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: str, Name: name, Description: "d", Required: required}
	}
	many := func(n int) []*discordgo.ApplicationCommandOption {
		var out []*discordgo.ApplicationCommandOption
		for i := range n {
			out = append(out, opt("o"+strings.Repeat("x", i%30)+string(rune('a'+i%26))+string(rune('a'+i/26)), false))
		}
		return out
	}
	choices := func(n int) []*discordgo.ApplicationCommandOptionChoice {
		var out []*discordgo.ApplicationCommandOptionChoice
		for i := range n {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: "c" + string(rune('a'+i)), Value: "v"})
		}
		return out
	}
	one, ten := 1.0, 10.0
	cases := map[string]struct {
		cmd  *discordgo.ApplicationCommand
		want string
	}{
		"upper case":          {&discordgo.ApplicationCommand{Name: "Pain", Description: "d"}, "lower case"},
		"too long name":       {&discordgo.ApplicationCommand{Name: strings.Repeat("a", 33), Description: "d"}, "1-32"},
		"space in name":       {&discordgo.ApplicationCommand{Name: "my pain", Description: "d"}, "1-32"},
		"empty description":   {&discordgo.ApplicationCommand{Name: "pain"}, "description"},
		"long description":    {&discordgo.ApplicationCommand{Name: "pain", Description: strings.Repeat("é", 101)}, "description"},
		"26 options":          {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: many(26)}, "26 options"},
		"26 choices":          {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: str, Name: "x", Description: "d", Choices: choices(26)}}}, "26 choices"},
		"required after opt":  {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{opt("a", false), opt("b", true)}}, "before optional"},
		"subs mixed":          {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "s", Description: "d"}, opt("a", false)}}, "mixed"},
		"autocomplete+choice": {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: str, Name: "x", Description: "d", Autocomplete: true, Choices: choices(1)}}}, "exclusive"},
		"min on string":       {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: str, Name: "x", Description: "d", MinValue: &one}}}, "numbers only"},
		"min above max":       {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionInteger, Name: "x", Description: "d", MinValue: &ten, MaxValue: 1}}}, "above max"},
		"option no desc":      {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: []*discordgo.ApplicationCommandOption{{Type: str, Name: "x"}}}, "description"},
		"too long overall":    {&discordgo.ApplicationCommand{Name: "pain", Description: "d", Options: longOptions()}, "4000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := Validate([]*discordgo.ApplicationCommand{tc.cmd})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error about %q", err, tc.want)
			}
		})
	}
	if err := Validate([]*discordgo.ApplicationCommand{{Name: "pain", Description: "d"}, {Name: "pain", Description: "d"}}); err == nil {
		t.Error("duplicate command names accepted")
	}
	if err := Validate([]*discordgo.ApplicationCommand{{Name: "ünïcode-ok_1", Description: "d", Options: []*discordgo.ApplicationCommandOption{opt("a", true), opt("b", false)}}}); err != nil {
		t.Errorf("a valid command was refused: %v", err)
	}
}

func longOptions() []*discordgo.ApplicationCommandOption {
	var out []*discordgo.ApplicationCommandOption
	for i := range 25 {
		out = append(out, &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "o" + string(rune('a'+i)), Description: strings.Repeat("d", 100),
			Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: strings.Repeat("c", 100), Value: "v"}},
		})
	}
	return out
}

func TestBuildCommandsRefusesWhatDiscordCannotExpress(t *testing.T) {
	t.Parallel()
	zero := 0.0
	for name, c := range map[string]*command.Spec{
		"subs and options": {Name: "x", Summary: "s", Options: []command.Option{{Name: "a", Description: "d"}}, Subs: []command.Sub{{Name: "b", Description: "d"}}},
		"max zero":         {Name: "x", Summary: "s", Options: []command.Option{{Name: "a", Description: "d", Type: command.Integer, Max: &zero}}},
		"min on string":    {Name: "x", Summary: "s", Options: []command.Option{{Name: "a", Description: "d", Min: &zero}}},
		"bad number":       {Name: "x", Summary: "s", Options: []command.Option{{Name: "a", Description: "d", Type: command.Integer, Choices: []string{"five"}}}},
		"long summary":     {Name: "x", Summary: strings.Repeat("s", 101)},
	} {
		if _, err := BuildCommands([]*command.Spec{c}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if got, err := BuildCommands([]*command.Spec{{Name: "x", Summary: "s", Hidden: true}}); err != nil || len(got) != 0 {
		t.Errorf("hidden command registered: %v %v", got, err)
	}
}
