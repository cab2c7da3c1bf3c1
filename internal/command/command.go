// Package command describes chat commands as data and parses command lines:
// what the adapters need to register commands with a platform (Discord's
// slash commands, Telegram's menu) and to read "/cmd@Bot args", without
// importing the router that runs them.
package command

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// OptionType is the type of a command option, as Discord shows it.
type OptionType int

// Option types.
const (
	String OptionType = iota
	Integer
	Number
	// Attachment is a file the member picks (Discord); it reaches the
	// handler as Message.Attachment, never as text.
	Attachment
)

// Option is one typed argument of a command. Text platforms take options
// positionally; Discord shows them as named, typed fields and the adapter
// joins them back into text in table order (quoting Quoted values).
type Option struct {
	Name        string
	Description string
	Type        OptionType
	Required    bool
	Min, Max    *float64 // for Integer and Number
	Choices     []string // fixed values
	Suggest     []string // autocomplete suggestions; free text still allowed
	Quoted      bool     // a value with spaces must be quoted in text form
	Marker      string   // written before the value in text form ("--" marks free notes)
}

// Sub is a subcommand of a command family (/settings tz, /club runs).
type Sub struct {
	Name        string
	Description string
	Options     []Option
	Admin       bool
}

// Spec is one command as the platforms see it.
type Spec struct {
	Name    string
	Aliases []string
	Summary string // one line, ≤ 100 characters (Discord's limit)
	Usage   string // e.g. "/pain <0-10> <where> [what it feels like]"
	Options []Option
	Subs    []Sub // a family of actions; exclusive with Options
	Admin   bool  // the whole command is admin-only
	Private bool  // replies carry health details
	Hidden  bool  // not listed in help nor registered (aliases of buttons)
}

// Parse splits a text line into a command name and its argument text. It
// accepts "/cmd args", "/cmd@BotName args" (botName compared
// case-insensitively, another bot's name makes ok false), and ignores
// surrounding white space. Text that is not a command gives ok false.
func Parse(text, botName string) (cmd, args string, ok bool) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	text = text[1:]
	end := strings.IndexFunc(text, unicode.IsSpace)
	head, rest := text, ""
	if end >= 0 {
		head, rest = text[:end], text[end:]
	}
	name, at, hasAt := strings.Cut(head, "@")
	if hasAt && botName != "" && !strings.EqualFold(at, botName) {
		return "", "", false
	}
	if name == "" || !utf8.ValidString(name) {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}
