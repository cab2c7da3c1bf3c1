package discord

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// maxContent is Discord's message length limit. Discord counts UTF-16
// code units, so splitting by them keeps emoji-heavy replies inside it.
const maxContent = 2000

// RenderArgs turns the typed options of a slash command back into the
// text arguments the router parses: values in table order, Quoted values
// with spaces in double quotes, and "<sub> <options…>" for a subcommand.
// Options the table does not know are ignored; the router then answers
// with its usual usage hint.
func RenderArgs(c *command.Spec, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	if c == nil {
		return ""
	}
	table := c.Options
	var parts []string
	if len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		sub := opts[0]
		parts = append(parts, sub.Name)
		table = nil
		for _, s := range c.Subs {
			if s.Name == sub.Name {
				table = s.Options
				break
			}
		}
		opts = sub.Options
	}
	given := make(map[string]*discordgo.ApplicationCommandInteractionDataOption, len(opts))
	for _, o := range opts {
		given[o.Name] = o
	}
	for _, t := range table {
		o, ok := given[t.Name]
		if !ok || t.Type == command.Attachment {
			continue // a file travels as Message.Attachment, not as text
		}
		v := optionText(o.Value)
		if v == "" {
			continue
		}
		if t.Quoted && strings.ContainsAny(v, " \t") {
			// The router's parser takes "…" as one value and has no
			// escapes; a double quote inside becomes a single one.
			v = `"` + strings.ReplaceAll(v, `"`, `'`) + `"`
		}
		if t.Marker != "" {
			v = t.Marker + " " + v
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " ")
}

// optionText formats a decoded option value as the member would type it.
// JSON numbers arrive as float64; integers print without a decimal point.
func optionText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	default:
		return fmt.Sprint(x)
	}
}

// splitContent cuts text into messages of at most max UTF-16 code units,
// preferring line breaks, then spaces, so no message is cut mid-word when
// it can be helped.
func splitContent(text string, max int) []string {
	if text == "" {
		return nil
	}
	var out []string
	for utf16Len(text) > max {
		cut := prefixWithin(text, max)
		if i := strings.LastIndex(text[:cut], "\n"); i > cut/2 {
			cut = i + 1
		} else if i := strings.LastIndex(text[:cut], " "); i > cut/2 {
			cut = i + 1
		}
		if part := strings.TrimRight(text[:cut], "\n "); strings.TrimSpace(part) != "" {
			out = append(out, part)
		}
		text = text[cut:]
	}
	if strings.TrimSpace(text) != "" || len(out) == 0 {
		out = append(out, text)
	}
	return out
}

// prefixWithin returns the byte length of the longest prefix of s that
// fits in max UTF-16 code units, never splitting a rune.
func prefixWithin(s string, max int) int {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if n+w > max {
			return i
		}
		n += w
	}
	return len(s)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// Discord's limits for buttons.
const (
	maxButtonsPerRow = 5
	maxRows          = 5
	maxCustomID      = 100
	maxLabel         = 80
)

// components turns buttons into rows of Discord buttons whose custom_id is
// the command they send ("/checkin settled"); a pressed button comes back
// as a component interaction and is run as that command. Discord refuses
// a whole message whose custom_ids repeat, so a repeated command keeps
// only its first button.
func components(buttons []platforms.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	seen := make(map[string]bool, len(buttons))
	for _, b := range buttons {
		if len(rows) == maxRows {
			break
		}
		if len(b.Command) > maxCustomID || b.Command == "" || seen[b.Command] {
			continue // cannot be a button; the text already says what to type
		}
		seen[b.Command] = true
		label := b.Label
		if r := []rune(label); len(r) > maxLabel {
			label = string(r[:maxLabel-1]) + "…"
		}
		if label == "" {
			label = b.Command
		}
		row.Components = append(row.Components, discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: b.Command})
		if len(row.Components) == maxButtonsPerRow {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 && len(rows) < maxRows {
		rows = append(rows, row)
	}
	return rows
}
