package commands

import (
	"context"
	"errors"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/training"
)

func (r *Router) painCommands() []*Command {
	return []*Command{{
		Name:    "pain",
		Aliases: []string{"niggle", "hurt"},
		Summary: "Report a niggle: a 0–10 score and where; I'll triage it privately",
		Usage:   "/pain <0-10> <where> [what it feels like]",
		Help: `Score it 0–10 as it was during or after your run, then say where.
Examples:
  /pain 3 knee
  /pain 6 left knee swollen, started at 2 miles
  /pain 3/10 achilles stiff in the morning
  /pain knee 4, shin 2
  /pain clear shin — once a niggle has settled (a red flag closes once it's been checked)
I'll answer 🟢 (keep going), 🟡 (relative rest) or 🔴 (stop and get it checked), privately. ` + disclaimer,
		Options: []Option{
			{Name: "level", Description: "How bad, 0 (none) to 10 (worst)", Type: Integer, Required: true, Min: ptr(0), Max: ptr(10)},
			{Name: "where", Description: "Where it hurts, e.g. left knee", Type: String, Required: true,
				Suggest: []string{"knee", "front of knee", "outside of knee (IT band)", "shin", "calf", "achilles", "heel", "foot", "arch", "hip", "groin", "hamstring", "lower back"}},
			{Name: "notes", Description: "What it feels like, when it started (e.g. swollen, at 2 miles)", Type: String},
		},
		Private: true,
		History: true,
		Handler: r.pain,
	}, {
		// Discord can't mix "/pain clear" with /pain's typed options.
		Name:    "pain_clear",
		Summary: "Close a niggle that has settled, or a red flag once it's been checked",
		Usage:   "/pain_clear <where> [yes|no] (same as /pain clear)",
		Help:    "Closes an amber niggle at once. A red flag asks first: has it been checked, or has it fully settled? It closes only on yes.",
		Options: []Option{
			{Name: "where", Description: "The place, e.g. left knee", Type: String, Required: true},
			{Name: "answer", Description: "Has a red flag been checked or fully settled?", Type: String, Choices: []string{"yes", "no"}},
		},
		Private: true,
		Handler: func(ctx context.Context, req *Request) (platforms.Response, error) {
			return r.painClear(ctx, req, req.Args)
		},
	}}
}

func (r *Router) pain(ctx context.Context, req *Request) (platforms.Response, error) {
	if first, rest, _ := strings.Cut(strings.TrimSpace(req.Args), " "); strings.EqualFold(first, "clear") {
		return r.painClear(ctx, req, rest)
	}
	u := req.Units()
	rep, perr := coach.ParsePain(req.Args)
	if perr != nil {
		// Not a report (nothing stored), but a red flag in the words still
		// gets its advice: never hold safety back over a formatting slip.
		c, _ := r.Lookup("pain")
		msg := coach.UserMessage(perr)
		if len(rep.Flags) > 0 {
			a := coach.Triage(rep)
			return platforms.Response{
				Text:   a.Advice(u) + "\n\n(I haven't saved this: " + msg + ")\nUsage: " + c.Usage,
				Public: a.Summary() + " I've replied privately.",
			}, nil
		}
		return platforms.Response{}, usageError(c, msg)
	}
	a := coach.Triage(rep)
	rec, err := r.training.RecordReport(ctx, req.MemberID, req.Now, rep, a, req.ClubID)
	p, m, ask := rec.Pain, rec.Member, rec.Ask
	var ce *training.CapError
	if errors.As(err, &ce) {
		return platforms.Response{}, capped(err)
	}
	switch {
	case errors.Is(err, training.ErrReportStored):
		// The report itself is stored; only the check-in bookkeeping failed.
		r.log.Error("record last pain", "member", req.MemberID, "err", err)
	case err != nil:
		return platforms.Response{}, err
	default:
		req.Member = m
	}
	resp := platforms.Response{Text: a.Advice(u)}
	if a.Level == coach.Red && len(req.Member.Challenges) > 0 && !req.Member.Injured {
		resp.Text += "\n\nYou're in a challenge: /challenge pause keeps your place on the board while you recover, and I won't nudge you."
		resp.Buttons = []platforms.Button{{Label: "⏸ Pause my challenges", Command: "/challenge pause"}}
	}
	for _, s := range ask {
		// A lower score doesn't close an open red flag: ask.
		q, bs := closeQuestion(s)
		resp.Text += "\n\n" + q
		resp.Buttons = append(resp.Buttons, bs...)
	}
	if a.Level == coach.Red {
		r.offerShare(ctx, req, p, &resp)
	}
	if a.Level != coach.Red {
		// Words miss some red flags; a question about each one does not.
		q, bs := flagCheck(p.ID)
		resp.Text += "\n\n" + q
		resp.Buttons = append(resp.Buttons, bs...)
	}
	return resp, nil
}
