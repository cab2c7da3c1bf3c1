package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/privacy"
)

// privacyCommands are /mydata and /forgetme over the privacy service,
// built here with the router's store, challenge names and re-plan event.
func (r *Router) privacyCommands() []*Command {
	h := &privacyHandlers{svc: privacy.New(privacy.Deps{
		Store: r.st, Challenges: r.challenges, Replan: r.replan, Log: r.log,
		Forgotten: []func(ids.MemberID){r.training.Forget},
	})}
	h.forget = &Command{
		Name:    "forgetme",
		Summary: "Delete everything I store about you",
		Usage:   "/forgetme [confirm]",
		Help:    "/forgetme asks first; /forgetme confirm (within 10 minutes) deletes your settings, runs, pain reports, records and board entries for good.",
		Options: []Option{{Name: "confirm", Description: "Type confirm to delete for good", Type: String, Choices: []string{"confirm"}}},
		Private: true,
		Handler: h.forgetme,
	}
	return []*Command{
		{
			Name:    "mydata",
			Summary: "Everything I store about you, as JSON",
			Usage:   "/mydata",
			Help:    "Sends you, privately, every setting, run, pain report and record I keep about you, as JSON.",
			Private: true,
			Handler: h.mydata,
		},
		h.forget,
	}
}

// privacyHandlers parse /mydata and /forgetme, call the privacy service
// and word its answers.
type privacyHandlers struct {
	svc    *privacy.Service
	forget *Command // for its usage line
}

func (h *privacyHandlers) mydata(ctx context.Context, req *Request) (platforms.Response, error) {
	d, err := h.svc.Export(ctx, req.memberDoc())
	if err != nil {
		return platforms.Response{}, err
	}
	if d.Empty {
		return platforms.Response{Text: "I don't store anything about you (" + string(req.MemberID) + ").", Public: "🔒 I've sent you your data privately."}, nil
	}
	if len(d.JSON) <= myDataInline {
		return platforms.Response{
			Text: "Here is everything I store about you (" + string(req.MemberID) + "):\n" + string(d.JSON),
		}, nil
	}
	// Too long for a chat message: one file instead of dozens of parts.
	return platforms.Response{
		Text: fmt.Sprintf("It holds %d runs, %d pain reports, %d cadence and %d balance records, your settings and anything kept for you.",
			d.Runs, d.Pains, d.Cadences, d.Balances),
		File: &platforms.File{
			Data: d.JSON, MIME: "application/json",
			Name:    "clubcoach-data-" + req.Now.UTC().Format(dateFmt) + ".json",
			Caption: "📎 Everything I store about you (" + string(req.MemberID) + "), as JSON.",
		},
	}, nil
}

// myDataInline is the longest export sent as a message (Telegram takes
// 4,096 characters, and the intro line comes first); longer ones go as a
// file. Discord splits a message at 2,000 into a couple of parts.
const myDataInline = 3500

func (h *privacyHandlers) forgetme(ctx context.Context, req *Request) (platforms.Response, error) {
	switch strings.ToLower(strings.TrimSpace(req.Args)) {
	case "":
		if err := h.svc.AskForget(ctx, req.MemberID, req.Now); err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{
			Text: "⚠️ This deletes everything I keep about you — settings, runs, pain reports, records, challenge entries and reports you shared with a coach — and can't be undone. Send /forgetme confirm within 10 minutes to go ahead. (/mydata first if you want a copy.)",
		}, nil
	case "confirm", "yes":
		err := h.svc.Forget(ctx, req.memberDoc(), req.Now)
		if errors.Is(err, privacy.ErrNotAsked) {
			return platforms.Response{}, Userf("To be safe, send /forgetme first, then /forgetme confirm within 10 minutes.")
		}
		if err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{
			Text: "🗑️ Done: everything I kept about you is deleted. If you write to me again I'll start afresh.",
		}, nil
	default:
		return platforms.Response{}, usageError(h.forget, "Send /forgetme, then /forgetme confirm.")
	}
}
