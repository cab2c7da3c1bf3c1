package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

func (r *Router) helpCommands() []*Command {
	return []*Command{
		{
			Name:    "start",
			Summary: "Meet the coach and see how to begin",
			Usage:   "/start",
			Help:    "Says hello and shows the first few things to try.",
			Handler: r.start,
		},
		{
			Name:    "help",
			Summary: "List the commands, or explain one",
			Usage:   "/help [command]",
			Help:    "Without a name, lists every command. With one (/help pain), explains it with examples.",
			Options: []Option{{Name: "command", Description: "The command to explain, e.g. pain", Type: String}},
			Handler: r.help,
		},
	}
}

const disclaimer = "I'm a running coach bot, not a clinician: I can't diagnose anything, and when something sounds serious I'll tell you to get it checked."

func (r *Router) start(_ context.Context, req *Request) (platforms.Response, error) {
	name := "runner"
	if req.DisplayName != "" {
		name = shown(req.DisplayName)
	}
	return platforms.Response{Text: fmt.Sprintf(`👋 Hi %s, I'm clubcoach. I help you train steadily and deal with niggles before they turn into injuries.

Try:
  /pain 3 knee — tell me about a niggle (0–10 and where)
  /run 5k — log a run, and I'll check your load
  /week — your last five weeks at a glance
  /settings units mi — switch to miles

%s
Send /help for everything else.`, name, disclaimer)}, nil
}

func (r *Router) help(_ context.Context, req *Request) (platforms.Response, error) {
	arg := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(req.Args)), "/")
	if arg != "" {
		c, ok := r.Lookup(arg)
		if !ok || c.Hidden {
			return platforms.Response{}, Userf("I don't have a /%s command. Send /help to see them all.", truncate(arg, 32))
		}
		return platforms.Response{Text: commandHelp(c)}, nil
	}
	return platforms.Response{Text: r.helpList}, nil
}

// helpList is /help's list of every command: the table is fixed once New
// has built it, so the text is written once there, not per /help.
func helpList(cmds []*Command) string {
	var b strings.Builder
	b.WriteString("Here's what I can do (send /help <command> for details):\n")
	for _, c := range cmds {
		admin := ""
		if c.Admin {
			admin = " (admins)"
		}
		fmt.Fprintf(&b, "  %s — %s%s\n", c.Usage, c.Summary, admin)
	}
	b.WriteString("\n" + disclaimer)
	return b.String()
}

// commandHelp is the full help of one command; usage errors reuse it.
func commandHelp(c *Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", c.Usage, c.Summary)
	if c.Help != "" {
		b.WriteString("\n" + c.Help + "\n")
	}
	if len(c.Subs) > 0 {
		b.WriteString("\n")
		for _, s := range c.Subs {
			admin := ""
			if s.Admin && !c.Admin {
				admin = " (admins)"
			}
			fmt.Fprintf(&b, "  /%s %s — %s%s\n", c.Name, s.Name, s.Description, admin)
		}
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\nAlso: /%s\n", strings.Join(c.Aliases, ", /"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// usageError is the reply to a malformed command: what went wrong and the
// right form.
func usageError(c *Command, problem string) error {
	return Userf("%s\nUsage: %s\n(/help %s for examples)", problem, c.Usage, c.Name)
}
