package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
)

func (r *Router) checkinCommands() []*Command {
	return []*Command{{
		Name:    "checkin",
		Summary: "Answer the next-morning check after a pain report",
		Usage:   "/checkin settled|same|worse [report id]",
		Help: `The morning after a /pain report I ask how it feels. Answer:
  /checkin settled — back to how it was before
  /checkin same — not settled yet
  /checkin worse — worse than yesterday
The answer is about your latest report, or the one named (e.g. /checkin settled p12).`,
		Options: []Option{{Name: "answer", Description: "How it feels now", Type: String, Required: true, Choices: []string{"settled", "same", "worse"}}},
		Private: true,
		Handler: r.checkin,
	}}
}

func (r *Router) checkin(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("checkin")
	answer, id := splitCheckinID(req.Args)
	named, err := r.training.CheckinReport(ctx, req.memberDoc(), id, req.Now)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return platforms.Response{}, Userf("I can't find report %s from the last 7 days.", truncate(id, 10))
	case errors.Is(err, training.ErrNoRecentReport):
		return platforms.Response{}, Userf("There's no recent pain report to check on. If something hurts, tell me with /pain <0-10> <where>.")
	case err != nil:
		return platforms.Response{}, err
	}
	if answer == "" {
		return platforms.Response{}, usageError(c, "How does it feel now?")
	}
	level, advice := coach.NextMorning(answer)
	_, understood := coach.ParseMorning(answer)
	settled := level == coach.Green
	var flags []coach.Flag
	for _, f := range coach.DetectFlags(answer) {
		if f != coach.FlagWorsening { // "worse" is the answer itself, not a flag
			flags = append(flags, f)
		}
	}
	if !understood && len(flags) == 0 {
		// Nothing to record: ask again with the buttons.
		return platforms.Response{Text: advice, Buttons: checkin.Buttons}, nil
	}
	ans, err := r.training.AnswerCheckin(ctx, training.Morning{
		Member: req.memberDoc(), Named: named, Level: level, Flags: flags, Answer: answer, Now: req.Now,
	})
	if err != nil {
		return platforms.Response{}, capped(err)
	}
	last := ans.Report
	if !settled && last.RestM > 0 && level == coach.Amber {
		advice += fmt.Sprintf("\nFor today that's about %s at most.", coach.FormatDistance(float64(last.RestM), req.Units()))
	}
	if !settled {
		advice += "\nI'll ask again tomorrow morning."
	}
	if last.Where != "" {
		advice = fmt.Sprintf("About your %s (report %s):\n%s", last.Where, ans.About, advice)
	}
	resp := platforms.Response{Text: advice}
	// The open red flags as they were before this answer (an answer never
	// closes one: it asks).
	if red := openRedLine(req.Member); red != "" && settled && len(ans.Ask) > 0 {
		// Settled, but a red flag is open: that leads, before any
		// "stay the course".
		resp.Text = red + "\n\n" + advice
	}
	for _, s := range ans.Ask {
		// Settled, but a red flag closes only once it's been checked.
		q, bs := closeQuestion(s)
		resp.Text += "\n\n" + q
		resp.Buttons = append(resp.Buttons, bs...)
	}
	if !settled && last.ID != "" {
		// Not settled or worse: ask about the red flags, as after a report.
		q, bs := flagCheck(last.ID)
		resp.Text += "\n\n" + q
		resp.Buttons = bs
	}
	if level == coach.Red {
		r.offerShare(ctx, req, last, &resp)
	}
	return resp, nil
}

// splitCheckinID takes a report id ("p12") off the end of a check-in answer.
func splitCheckinID(args string) (answer, id string) {
	words := strings.Fields(args)
	if n := len(words); n > 1 {
		w := strings.ToLower(words[n-1])
		if len(w) >= 2 && w[0] == 'p' && isBase36(w[1:]) && w[1] >= '0' && w[1] <= '9' {
			return strings.Join(words[:n-1], " "), w
		}
	}
	return strings.TrimSpace(args), ""
}
