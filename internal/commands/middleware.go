package commands

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Call is one message on its way through the router: what the middleware
// learn about it as it goes (the command, the member) and what the
// outermost ones report (its name and error, for metrics).
type Call struct {
	platforms.Message
	Now    time.Time
	Name   string // the command's name for metrics: "flood", "chatter", "unknown" too
	Err    error  // the handler's error, if any, for metrics
	Cmd    *Command
	Member store.Member
	Kept   []store.Kept // private messages waiting for the member
}

// Step handles a call; Middleware wraps the next step, net/http style, so
// each concern (recover, metrics, flood limit, input limits, admin rights,
// kept messages) is one small function, tested alone, and the order is
// one list (Router.middleware).
type (
	Step       func(ctx context.Context, c *Call) platforms.Response
	Middleware func(next Step) Step
)

// Chain wraps final in middleware, the first one outermost.
func Chain(final Step, mw ...Middleware) Step {
	for i := len(mw) - 1; i >= 0; i-- {
		final = mw[i](final)
	}
	return final
}

// middleware is the router's order: metrics see everything, a panic
// anywhere becomes a friendly reply, one place decides what a group sees,
// the flood limit comes before any work, and the member is loaded only
// for a known command within the input limit.
func (r *Router) middleware() []Middleware {
	return []Middleware{
		Observe(r.observe),
		Recover(r.log),
		GroupPointer(),
		FloodLimit(r.allow),
		Resolve(r.Lookup),
		InputLimit(MaxInput),
		OpContext(),
		r.loadMember,
		AdminOnly(r.admins),
		r.keepRefused,
		r.handOverKept,
	}
}

// Observe reports every call's command name and error (metrics).
func Observe(observe func(command, platform string, err error)) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			resp := next(ctx, c)
			if observe != nil {
				observe(c.Name, c.Platform, c.Err)
			}
			return resp
		}
	}
}

// Recover turns a panic into a friendly reply and a logged stack.
func Recover(log *slog.Logger) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) (resp platforms.Response) {
			defer func() {
				if p := recover(); p != nil {
					log.Error("handler panic", "command", c.Name, "member", c.MemberID, "panic", p, "stack", string(debug.Stack()))
					resp = platforms.Response{Text: "Sorry — something went wrong on my side and I couldn't finish that. Check /week before you try again (part of it may have been saved), or /help."}
					c.Err = fmt.Errorf("panic: %v", p)
				}
			}()
			return next(ctx, c)
		}
	}
}

// GroupPointer is the one place that decides what a group sees of a
// private answer: the same neutral line, whatever the handler wrote.
func GroupPointer() Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			resp := next(ctx, c)
			resp.Public = ""
			if resp.Private {
				resp.Public = platforms.PrivatePointer
			}
			return resp
		}
	}
}

// FloodLimit answers a burst once and drops the rest. Chatter and unknown
// commands count too: each would cost a reply.
func FloodLimit(allow func(member ids.MemberID, platform string, now time.Time) floodVerdict) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			switch allow(c.MemberID, c.Platform, c.Now) {
			case floodWarn:
				c.Name = "flood"
				// On Discord an ephemeral line only the member sees;
				// elsewhere where the burst came from.
				return platforms.Response{Text: floodText, Private: c.Platform == platforms.Discord}
			case floodDrop:
				c.Name = "flood"
				return platforms.Response{} // no answer at all
			}
			return next(ctx, c)
		}
	}
}

// Resolve finds the command, or answers chatter and unknown commands.
func Resolve(lookup func(string) (*Command, bool)) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			if c.Command == "" {
				c.Name = "chatter"
				return platforms.Response{Text: "I only understand commands. Send /help to see them."}
			}
			cmd, ok := lookup(c.Command)
			if !ok {
				c.Name = "unknown"
				return platforms.Response{Text: fmt.Sprintf("I don't know /%s. Send /help to see what I can do.", truncate(c.Command, 32))}
			}
			c.Cmd, c.Name = cmd, cmd.Name
			return next(ctx, c)
		}
	}
}

// InputLimit refuses argument text longer than max characters, friendly,
// before anything parses it.
func InputLimit(max int) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			if utf8.RuneCountInString(c.Args) > max {
				return platforms.Response{Text: fmt.Sprintf("That message is too long for me (over %d characters). Please keep it shorter.", max)}
			}
			return next(ctx, c)
		}
	}
}

// AdminOnly resolves admin rights (the platform's, or BOT_ADMINS) and
// refuses admin commands to everyone else.
func AdminOnly(admins map[string]bool) Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			c.Admin = c.Admin || admins[string(c.MemberID)]
			if c.Cmd.Admin && !c.Admin {
				return platforms.Response{Text: fmt.Sprintf("Only club admins can use /%s.", c.Cmd.Name)}
			}
			return next(ctx, c)
		}
	}
}

// OpContext gives every write of the command its id (store.WithOp), so a
// redelivery or a write retried after a timeout is applied once.
func OpContext() Middleware {
	return func(next Step) Step {
		return func(ctx context.Context, c *Call) platforms.Response {
			if c.ID != "" {
				ctx = store.WithOp(ctx, c.Platform+":"+c.ID)
			}
			return next(ctx, c)
		}
	}
}

// loadMember reads (and on first sight records) the member, with any
// private messages kept for them; for a command that reads history, with
// that history, which the handler's reads then come from (prefetch.go).
func (r *Router) loadMember(next Step) Step {
	return func(ctx context.Context, c *Call) platforms.Response {
		member, kept, pre, err := r.touchMember(ctx, c.Message, c.Now, c.Cmd)
		if err != nil {
			c.Err = err
			return r.errorResponse(ctx, c.Cmd, c.Message, err)
		}
		if pre != nil {
			ctx = withPrefetch(ctx, pre)
		}
		c.Member, c.Kept = member, kept
		return next(ctx, c)
	}
}

// handOverKept adds waiting private messages to the reply; they leave the
// store once the adapter says the reply arrived.
func (r *Router) handOverKept(next Step) Step {
	return func(ctx context.Context, c *Call) platforms.Response {
		resp := next(ctx, c)
		if len(c.Kept) > 0 && c.Err == nil { // an error reply carries nothing else
			resp = withKept(resp, c.Kept)
			resp.Delivered = r.handedOver(c.MemberID, c.Kept)
		}
		return resp
	}
}

// keepRefused keeps a private reply the platform refused to deliver (the
// adapter calls the response's Delivered hook with false), for the
// member's next command. It wraps handOverKept, so the reply is kept
// before the old kept copies it carried are let go.
func (r *Router) keepRefused(next Step) Step {
	return func(ctx context.Context, c *Call) platforms.Response {
		resp := next(ctx, c)
		if resp.Text == "" && resp.Image == nil && resp.File == nil {
			return resp // nothing to deliver (a dropped flood)
		}
		inner := resp.Delivered
		text, buttons := platforms.TextOf(resp), resp.Buttons // kept messages are text: a caption carries the numbers
		resp.Delivered = func(ctx context.Context, reached bool) {
			if !reached && r.keep(ctx, c.MemberID, text, buttons) != nil {
				return // not kept: the old kept copies it carried stay
			}
			if inner != nil {
				inner(ctx, reached)
			}
		}
		return resp
	}
}

// dispatch runs the command's handler: the end of the chain.
func (r *Router) dispatch(ctx context.Context, c *Call) platforms.Response {
	req := &Request{Message: c.Message, Member: c.Member, Now: c.Now, cmd: c.Cmd}
	resp, err := c.Cmd.Handler(ctx, req)
	if err != nil {
		c.Err = err
		return r.errorResponse(ctx, c.Cmd, c.Message, err)
	}
	if c.Cmd.Private {
		resp.Private = true
	}
	return resp
}
