package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func (r *Router) redflagCommands() []*Command {
	return []*Command{{
		Name:    "redflag",
		Summary: "Answer the red-flag check after a pain report",
		Usage:   "/redflag <flag> [more flags] [report id] | /redflag none",
		Help: `After a /pain report I ask whether any red-flag symptom applies. Tap the buttons, or type them:
  /redflag night_pain
  /redflag swollen numb
  /redflag none
The answer amends your latest report (or the one named, e.g. /redflag night_pain p12) from the last 7 days.
The flags: ` + strings.TrimPrefix(strings.ReplaceAll(coach.FlagAnswerHelp(), "\n• ", ", "), ", ") + `. ` + disclaimer,
		Options: []Option{{Name: "answers", Description: "Flags that apply, e.g. night_pain numbness, or none", Type: String, Required: true,
			Suggest: append(flagNames(), coach.FlagAnswerNone)}},
		Private: true,
		Handler: r.redflag,
	}}
}

func flagNames() []string {
	var out []string
	for _, f := range coach.CheckFlags() {
		out = append(out, string(f))
	}
	return out
}

// flagCheck is the one-tap check under a non-red reply: one button per
// symptom flag, naming the report it amends, and "none of these".
func flagCheck(reportID string) (string, []platforms.Button) {
	suffix := ""
	if reportID != "" {
		suffix = " " + reportID
	}
	bs := make([]platforms.Button, 0, len(coach.CheckFlags())+1)
	for _, f := range coach.CheckFlags() {
		bs = append(bs, platforms.Button{Label: coach.CheckLabel(f), Command: "/redflag " + string(f) + suffix})
	}
	bs = append(bs, platforms.Button{Label: "None of these", Command: "/redflag none" + suffix})
	return "Red-flag check — " + coach.CheckQuestion, bs
}

// splitReportID takes a report id ("p12") out of the answer words; words
// that are also flag words ("pop") stay answers.
func splitReportID(args string) (answers, id string) {
	var keep []string
	for _, w := range strings.Fields(args) {
		lw := strings.ToLower(w)
		if id == "" && len(lw) >= 2 && lw[0] == 'p' && isBase36(lw[1:]) {
			if fl, _, unknown := coach.ParseFlagAnswer(lw); len(fl) == 0 && len(unknown) == 1 {
				id = lw
				continue
			}
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " "), id
}

func isBase36(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return s != ""
}

func (r *Router) redflag(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("redflag")
	answers, id := splitReportID(req.Args)
	flags, none, unknown := coach.ParseFlagAnswer(answers)
	switch {
	case len(unknown) > 0:
		return platforms.Response{}, Userf("I didn't understand %q. Answer with any of these (several at once is fine):%s\nUsage: %s",
			strings.Join(unknown, " "), coach.FlagAnswerHelp(), c.Usage)
	case len(flags) == 0 && !none:
		return platforms.Response{}, usageError(c, "Which of the red-flag symptoms apply?"+coach.FlagAnswerHelp())
	case len(flags) > 0 && none:
		return platforms.Response{}, Userf("That says both “none” and %s. Send just the ones that apply, or /redflag none.", flagList(flags))
	}
	u := req.Units()
	target, err := r.training.FlagTarget(ctx, req.MemberID, id, req.Now)
	if err != nil {
		return platforms.Response{}, err
	}
	if none {
		if target.ID == "" && id != "" {
			return platforms.Response{}, Userf("I can't find report %s from the last 7 days.", id)
		}
		return platforms.Response{Text: "👍 Thanks — none of the red flags. Stick with the plan from your report, and tell me with /pain if anything changes."}, nil
	}
	if target.ID == "" {
		if id != "" {
			return platforms.Response{}, Userf("I can't find report %s from the last 7 days. Without an id I use your latest report.", id)
		}
		// No report to amend: the flag's advice still stands, nothing is kept.
		a := coach.Triage(coach.PainReport{Flags: flags})
		return platforms.Response{Text: a.Advice(u) + "\n\n(You have no pain report from the last 7 days, so I haven't saved anything. To log one: " + coach.PainUsage + ")"}, nil
	}
	p, a, err := r.training.AmendFlags(ctx, req.MemberID, target, flags, req.Now)
	if errors.Is(err, store.ErrNotFound) {
		return platforms.Response{}, Userf("I can't find report %s from the last 7 days.", target.ID)
	}
	if err != nil {
		return platforms.Response{}, err
	}
	text := fmt.Sprintf("Thanks for telling me. I've updated your %s report (%s) to red.\n\n", p.Where, p.ID) + a.Advice(u)
	resp := platforms.Response{Text: text}
	r.offerShare(ctx, req, p, &resp)
	return resp, nil
}

func flagList(fs []coach.Flag) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Plain()
	}
	return strings.Join(names, ", ")
}
