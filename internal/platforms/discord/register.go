package discord

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/command"
)

// Discord's documented limits for application commands.
const (
	maxCommands      = 100 // chat commands per scope
	maxOptions       = 25
	maxChoices       = 25
	maxDescription   = 100
	maxChoiceLen     = 100
	maxCommandLength = 4000 // name + description + every option's, recursively
)

var nameRE = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// manageGuild is the permission that makes a member a club admin.
const manageGuild = int64(discordgo.PermissionManageGuild)

// BuildCommands derives the slash-command registration from the router's
// table: a command's Options become typed options, its Subs subcommands,
// and admin commands carry Manage Server as a default-permission hint
// (the router still checks admin rights itself). The result is validated
// against Discord's limits, so a table Discord would refuse fails at start.
func BuildCommands(cmds []*command.Spec) ([]*discordgo.ApplicationCommand, error) {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		ac := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        c.Name,
			Description: c.Summary,
		}
		if c.Admin {
			perm := manageGuild
			ac.DefaultMemberPermissions = &perm
		}
		if len(c.Subs) > 0 && len(c.Options) > 0 {
			return nil, fmt.Errorf("command /%s: Discord cannot mix subcommands with plain options", c.Name)
		}
		for _, sub := range c.Subs {
			so := &discordgo.ApplicationCommandOption{
				Type:        discordgo.ApplicationCommandOptionSubCommand,
				Name:        sub.Name,
				Description: sub.Description,
			}
			for _, o := range sub.Options {
				opt, err := buildOption(o)
				if err != nil {
					return nil, fmt.Errorf("command /%s %s: %w", c.Name, sub.Name, err)
				}
				so.Options = append(so.Options, opt)
			}
			ac.Options = append(ac.Options, so)
		}
		for _, o := range c.Options {
			opt, err := buildOption(o)
			if err != nil {
				return nil, fmt.Errorf("command /%s: %w", c.Name, err)
			}
			ac.Options = append(ac.Options, opt)
		}
		out = append(out, ac)
	}
	if err := Validate(out); err != nil {
		return nil, err
	}
	return out, nil
}

func buildOption(o command.Option) (*discordgo.ApplicationCommandOption, error) {
	opt := &discordgo.ApplicationCommandOption{
		Name:         o.Name,
		Description:  o.Description,
		Required:     o.Required,
		Autocomplete: len(o.Suggest) > 0 && len(o.Choices) == 0,
	}
	switch o.Type {
	case command.String:
		opt.Type = discordgo.ApplicationCommandOptionString
	case command.Integer:
		opt.Type = discordgo.ApplicationCommandOptionInteger
	case command.Number:
		opt.Type = discordgo.ApplicationCommandOptionNumber
	case command.Attachment:
		opt.Type = discordgo.ApplicationCommandOptionAttachment
	default:
		return nil, fmt.Errorf("option %s: unknown type %d", o.Name, o.Type)
	}
	if o.Min != nil || o.Max != nil {
		if o.Type == command.String {
			return nil, fmt.Errorf("option %s: min/max apply to numbers only", o.Name)
		}
		opt.MinValue = o.Min
		if o.Max != nil {
			if *o.Max == 0 {
				// discordgo drops a zero max_value (omitempty); refuse
				// rather than register an unbounded option silently.
				return nil, fmt.Errorf("option %s: a max of 0 cannot be registered", o.Name)
			}
			opt.MaxValue = *o.Max
		}
	}
	for _, ch := range o.Choices {
		var v any = ch
		if o.Type != command.String {
			f, err := strconv.ParseFloat(ch, 64)
			if err != nil {
				return nil, fmt.Errorf("option %s: choice %q is not a number", o.Name, ch)
			}
			v = f
		}
		opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch, Value: v})
	}
	return opt, nil
}

// Validate checks application commands against Discord's documented
// limits and returns every problem found.
func Validate(cmds []*discordgo.ApplicationCommand) error {
	var errs []error
	if len(cmds) > maxCommands {
		errs = append(errs, fmt.Errorf("%d commands; Discord allows %d", len(cmds), maxCommands))
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		where := "/" + c.Name
		errs = append(errs, checkName(where, c.Name)...)
		errs = append(errs, checkDescription(where, c.Description)...)
		if seen[c.Name] {
			errs = append(errs, fmt.Errorf("%s: registered twice", where))
		}
		seen[c.Name] = true
		errs = append(errs, checkOptions(where, c.Options, true)...)
		if n := commandLength(c); n > maxCommandLength {
			errs = append(errs, fmt.Errorf("%s: %d characters in names, descriptions and choices; Discord allows %d", where, n, maxCommandLength))
		}
	}
	return errors.Join(errs...)
}

func checkName(where, name string) []error {
	var errs []error
	if !nameRE.MatchString(name) {
		errs = append(errs, fmt.Errorf("%s: name %q must be 1-32 letters, digits, - or _", where, name))
	}
	if strings.ToLower(name) != name {
		errs = append(errs, fmt.Errorf("%s: name %q must be lower case", where, name))
	}
	return errs
}

func checkDescription(where, d string) []error {
	if n := utf8.RuneCountInString(d); n < 1 || n > maxDescription {
		return []error{fmt.Errorf("%s: description must be 1-%d characters, has %d", where, maxDescription, n)}
	}
	return nil
}

func checkOptions(where string, opts []*discordgo.ApplicationCommandOption, top bool) []error {
	var errs []error
	if len(opts) > maxOptions {
		errs = append(errs, fmt.Errorf("%s: %d options; Discord allows %d", where, len(opts), maxOptions))
	}
	subs, plain := 0, 0
	optional := false
	names := map[string]bool{}
	for _, o := range opts {
		w := where + " " + o.Name
		errs = append(errs, checkName(w, o.Name)...)
		errs = append(errs, checkDescription(w, o.Description)...)
		if names[o.Name] {
			errs = append(errs, fmt.Errorf("%s: option name used twice", w))
		}
		names[o.Name] = true
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			subs++
			if !top {
				errs = append(errs, fmt.Errorf("%s: subcommands nest only one level here", w))
			}
			errs = append(errs, checkOptions(w, o.Options, false)...)
			continue
		}
		plain++
		if len(o.Options) > 0 {
			errs = append(errs, fmt.Errorf("%s: only subcommands have options", w))
		}
		if o.Required && optional {
			errs = append(errs, fmt.Errorf("%s: required options must come before optional ones", w))
		}
		if !o.Required {
			optional = true
		}
		if len(o.Choices) > maxChoices {
			errs = append(errs, fmt.Errorf("%s: %d choices; Discord allows %d", w, len(o.Choices), maxChoices))
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			errs = append(errs, fmt.Errorf("%s: autocomplete and choices are exclusive", w))
		}
		for _, ch := range o.Choices {
			if n := utf8.RuneCountInString(ch.Name); n < 1 || n > maxChoiceLen {
				errs = append(errs, fmt.Errorf("%s: choice name %q must be 1-%d characters", w, ch.Name, maxChoiceLen))
			}
			if s, ok := ch.Value.(string); ok && utf8.RuneCountInString(s) > maxChoiceLen {
				errs = append(errs, fmt.Errorf("%s: choice value %q longer than %d characters", w, s, maxChoiceLen))
			}
		}
		if (o.MinValue != nil || o.MaxValue != 0) && o.Type != discordgo.ApplicationCommandOptionInteger && o.Type != discordgo.ApplicationCommandOptionNumber {
			errs = append(errs, fmt.Errorf("%s: min/max apply to numbers only", w))
		}
		if o.MinValue != nil && o.MaxValue != 0 && *o.MinValue > o.MaxValue {
			errs = append(errs, fmt.Errorf("%s: min %v above max %v", w, *o.MinValue, o.MaxValue))
		}
	}
	if subs > 0 && plain > 0 {
		errs = append(errs, fmt.Errorf("%s: subcommands cannot be mixed with plain options", where))
	}
	return errs
}

// commandLength counts what Discord limits to 4000 characters per command.
func commandLength(c *discordgo.ApplicationCommand) int {
	n := utf8.RuneCountInString(c.Name) + utf8.RuneCountInString(c.Description)
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			n += utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
			for _, ch := range o.Choices {
				n += utf8.RuneCountInString(ch.Name)
				if s, ok := ch.Value.(string); ok {
					n += utf8.RuneCountInString(s)
				}
			}
			walk(o.Options)
		}
	}
	walk(c.Options)
	return n
}
