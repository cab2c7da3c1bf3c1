package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// forgetWindow is how long a /forgetme waits for its confirm.
const forgetWindow = 10 * time.Minute

func (r *Router) privacyCommands() []*Command {
	return []*Command{
		{
			Name:    "mydata",
			Summary: "Everything I store about you, as JSON",
			Usage:   "/mydata",
			Help:    "Sends you, privately, every setting, run, pain report and record I keep about you, as JSON.",
			Private: true,
			Handler: r.mydata,
		},
		{
			Name:    "forgetme",
			Summary: "Delete everything I store about you",
			Usage:   "/forgetme [confirm]",
			Help:    "/forgetme asks first; /forgetme confirm (within 10 minutes) deletes your settings, runs, pain reports, records and board entries for good.",
			Options: []Option{{Name: "confirm", Description: "Type confirm to delete for good", Type: String, Choices: []string{"confirm"}}},
			Private: true,
			Handler: r.forgetme,
		},
	}
}

func (r *Router) mydata(ctx context.Context, req *Request) (platforms.Response, error) {
	exp, err := r.st.Export(ctx, req.MemberID)
	if err != nil {
		return platforms.Response{}, fmt.Errorf("export %s: %w", req.MemberID, err)
	}
	if req.Member.Created.IsZero() && len(exp.Runs)+len(exp.Pains)+len(exp.Cadences)+len(exp.Balances) == 0 {
		return platforms.Response{Text: "I don't store anything about you (" + string(req.MemberID) + ").", Public: "🔒 I've sent you your data privately."}, nil
	}
	view, err := r.readableExport(ctx, exp)
	if err != nil {
		return platforms.Response{}, err
	}
	js, err := json.MarshalIndent(view, "", "  ")
	if err != nil {
		return platforms.Response{}, fmt.Errorf("encode export: %w", err)
	}
	if len(js) <= myDataInline {
		return platforms.Response{
			Text: "Here is everything I store about you (" + string(req.MemberID) + "):\n" + string(js),
		}, nil
	}
	// Too long for a chat message: one file instead of dozens of parts.
	return platforms.Response{
		Text: fmt.Sprintf("It holds %d runs, %d pain reports, %d cadence and %d balance records, your settings and anything kept for you.",
			len(exp.Runs), len(exp.Pains), len(exp.Cadences), len(exp.Balances)),
		File: &platforms.File{
			Data: js, MIME: "application/json",
			Name:    "clubcoach-data-" + req.Now.UTC().Format(dateFmt) + ".json",
			Caption: "📎 Everything I store about you (" + string(req.MemberID) + "), as JSON.",
		},
	}, nil
}

// myDataInline is the longest export sent as a message (Telegram takes
// 4,096 characters, and the intro line comes first); longer ones go as a
// file. Discord splits a message at 2,000 into a couple of parts.
const myDataInline = 3500

func (r *Router) forgetme(ctx context.Context, req *Request) (platforms.Response, error) {
	arg := strings.ToLower(strings.TrimSpace(req.Args))
	switch arg {
	case "":
		if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
			m.ForgetAsked = req.Now
			return nil
		}); err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{
			Text: "⚠️ This deletes everything I keep about you — settings, runs, pain reports, records, challenge entries and reports you shared with a coach — and can't be undone. Send /forgetme confirm within 10 minutes to go ahead. (/mydata first if you want a copy.)",
		}, nil
	case "confirm", "yes":
		asked := req.Member.ForgetAsked
		if asked.IsZero() || req.Now.Sub(asked) > forgetWindow {
			return platforms.Response{}, Userf("To be safe, send /forgetme first, then /forgetme confirm within 10 minutes.")
		}
		if err := r.st.Forget(ctx, req.MemberID); err != nil {
			return platforms.Response{}, fmt.Errorf("forget %s: %w", req.MemberID, err)
		}
		if r.deps.Schedule != nil {
			if _, err := r.deps.Schedule.MemberChanged(ctx, req.MemberID); err != nil {
				r.log.Warn("drop reminders after forget", "member", req.MemberID, "err", err)
			}
		}
		return platforms.Response{
			Text: "🗑️ Done: everything I kept about you is deleted. If you write to me again I'll start afresh.",
		}, nil
	default:
		c, _ := r.Lookup("forgetme")
		return platforms.Response{}, usageError(c, "Send /forgetme, then /forgetme confirm.")
	}
}

// readableExport is the export as a person reads it: no zero timestamps,
// challenges by name rather than internal keys, no board bookkeeping.
func (r *Router) readableExport(ctx context.Context, exp store.Export) (any, error) {
	raw, err := json.Marshal(exp)
	if err != nil {
		return nil, fmt.Errorf("encode export: %w", err)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decode export: %w", err)
	}
	if m, ok := v["member"].(map[string]any); ok {
		delete(m, "boards")
		if len(exp.Member.Challenges) > 0 {
			m["challenges"] = r.challenges.Names(ctx, exp.Member.Challenges)
		}
	}
	if runs, ok := v["runs"].([]any); ok {
		for _, run := range runs {
			if rm, ok := run.(map[string]any); ok {
				delete(rm, "boards")
			}
		}
	}
	return dropZeroTimes(v), nil
}

// dropZeroTimes removes "0001-01-01T00:00:00Z" values (never-set times).
func dropZeroTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s == "0001-01-01T00:00:00Z" {
				delete(x, k)
				continue
			}
			x[k] = dropZeroTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = dropZeroTimes(e)
		}
	}
	return v
}
