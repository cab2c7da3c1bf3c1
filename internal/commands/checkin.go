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
)

// checkinMaxAge is how long after a pain report /checkin still answers it:
// the same window as /redflag.
const checkinMaxAge = flagCheckWindow

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
	m := req.Member
	answer, id := splitCheckinID(req.Args)
	var named store.Pain
	if id != "" {
		p, err := r.painByID(ctx, req.MemberID, id, req.Now)
		if errors.Is(err, store.ErrNotFound) {
			return platforms.Response{}, Userf("I can't find report %s from the last 7 days.", truncate(id, 10))
		}
		if err != nil {
			return platforms.Response{}, err
		}
		named = p
	} else if m.LastPain.IsZero() || req.Now.Sub(m.LastPain) > checkinMaxAge {
		return platforms.Response{}, Userf("There's no recent pain report to check on. If something hurts, tell me with /pain <0-10> <where>.")
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
	last := named
	// The latest record: the report, or an earlier check-in that re-armed
	// this one (it moved LastPain on).
	if id == "" {
		if ps, err := r.st.Pains(ctx, req.MemberID, m.LastPain.Add(-2*checkinMaxAge)); err != nil {
			return platforms.Response{}, fmt.Errorf("load pain report: %w", err)
		} else if len(ps) > 0 {
			last = ps[len(ps)-1]
		}
	}
	about := last.ID
	if id == "" && level.String() != m.LastPainLvl || id != "" && level.String() != last.Level {
		names := make([]string, 0, len(flags))
		for _, f := range flags {
			names = append(names, string(f))
		}
		p := store.Pain{
			At: req.Now.UTC(), Score: last.Score, Where: last.Where, Level: level.String(), Flags: names, RestM: last.RestM,
			Notes: "next-morning check: " + truncate(answer, 200), Source: "checkin",
			Club: last.Club,
		}
		if err := r.capPains(ctx, req); err != nil {
			return platforms.Response{}, err
		}
		saved, err := r.st.AddPain(ctx, req.MemberID, p)
		if err != nil {
			return platforms.Response{}, fmt.Errorf("save check-in: %w", err)
		}
		last = saved
	}
	if _, err := r.st.Mark(ctx, string(req.MemberID), checkin.AnsweredKey(m.LastPain), checkin.AnsweredTTL); err != nil {
		return platforms.Response{}, fmt.Errorf("record check-in answer: %w", err)
	}
	places := placesOf(last.Where)
	var ask []store.PlaceState
	_, err := r.saveMember(ctx, req.MemberID, func(mb *store.Member) error {
		mb.LastPainLvl = level.String()
		if !settled {
			// Not settled: ask again tomorrow morning.
			mb.LastPain = req.Now.UTC()
		}
		ask = applyReport(mb, last, morningAssessment(level, last, flags), places)
		return nil
	})
	if err != nil {
		return platforms.Response{}, err
	}
	if !settled && last.RestM > 0 && level == coach.Amber {
		advice += fmt.Sprintf("\nFor today that's about %s at most.", coach.FormatDistance(float64(last.RestM), req.Units()))
	}
	if !settled {
		advice += "\nI'll ask again tomorrow morning."
	}
	if last.Where != "" {
		advice = fmt.Sprintf("About your %s (report %s):\n%s", last.Where, about, advice)
	}
	resp := platforms.Response{Text: advice}
	if red := openRedLine(req.Member); red != "" && settled && len(ask) > 0 {
		// Settled, but a red flag is open: that leads, before any
		// "stay the course".
		resp.Text = red + "\n\n" + advice
	}
	for _, s := range ask {
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

// morningAssessment turns a check-in answer into the assessment the
// training state applies to the report's places: settled is green (a red
// flag still asks before closing), not settled amber, worse red.
func morningAssessment(level coach.Level, last store.Pain, flags []coach.Flag) coach.Assessment {
	switch level {
	case coach.Red:
		return coach.Assessment{Level: coach.Red, Score: last.Score, Flags: append([]coach.Flag{coach.FlagWorsening}, flags...)}
	case coach.Amber:
		return coach.Assessment{Level: coach.Amber, Score: min(max(last.Score, coach.AmberFrom), coach.RedFrom-1)}
	}
	return coach.Assessment{Level: coach.Green}
}
