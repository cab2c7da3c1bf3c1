package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/scheduler"
	"github.com/clubcoach/clubcoach/internal/store"
)

// checkinMaxAge is how long after a pain report /checkin still answers it.
const checkinMaxAge = 72 * time.Hour

func (r *Router) checkinCommands() []*Command {
	return []*Command{{
		Name:    "checkin",
		Summary: "Answer the next-morning check after a pain report",
		Usage:   "/checkin settled|same|worse",
		Help: `The morning after a /pain report I ask how it feels. Answer:
  /checkin settled — back to how it was before
  /checkin same — not settled yet
  /checkin worse — worse than yesterday`,
		Options: []Option{{Name: "answer", Description: "How it feels now", Type: String, Required: true, Choices: []string{"settled", "same", "worse"}}},
		Private: true,
		Handler: r.checkin,
	}}
}

func (r *Router) checkin(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("checkin")
	m := req.Member
	if m.LastPain.IsZero() || req.Now.Sub(m.LastPain) > checkinMaxAge {
		return platforms.Response{}, Userf("There's no recent pain report to check on. If something hurts, tell me with /pain <0-10> <where>.")
	}
	answer := strings.TrimSpace(req.Args)
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
		return platforms.Response{Text: advice, Buttons: scheduler.CheckinButtons}, nil
	}
	var last store.Pain
	// The latest record: the report, or an earlier check-in that re-armed
	// this one (it moved LastPain on).
	if ps, err := r.st.Pains(ctx, req.MemberID, m.LastPain.Add(-2*checkinMaxAge)); err != nil {
		return platforms.Response{}, fmt.Errorf("load pain report: %w", err)
	} else if len(ps) > 0 {
		last = ps[len(ps)-1]
	}
	if level.String() != m.LastPainLvl {
		names := make([]string, 0, len(flags))
		for _, f := range flags {
			names = append(names, string(f))
		}
		p := store.Pain{
			At: req.Now.UTC(), Score: last.Score, Where: last.Where, Level: level.String(), Flags: names, RestM: last.RestM,
			Notes: "next-morning check: " + truncate(answer, 200), Source: "checkin",
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
	if _, err := r.st.Mark(ctx, req.MemberID, scheduler.CheckinAnsweredKey(m.LastPain), scheduler.CheckinAnsweredTTL); err != nil {
		return platforms.Response{}, fmt.Errorf("record check-in answer: %w", err)
	}
	_, err := r.saveMember(ctx, req.MemberID, func(mb *store.Member) error {
		mb.LastPainLvl = level.String()
		if !settled {
			// Not settled: ask again tomorrow morning.
			mb.LastPain = req.Now.UTC()
		}
		return nil
	})
	if err != nil {
		return platforms.Response{}, err
	}
	if r.deps.Schedule != nil {
		if _, err := r.deps.Schedule.MemberChanged(ctx, req.MemberID); err != nil {
			r.log.Warn("plan next check-in", "member", req.MemberID, "err", err)
		}
	}
	if !settled && last.RestM > 0 && level == coach.Amber {
		advice += fmt.Sprintf("\nFor today that's about %s at most.", coach.FormatDistance(float64(last.RestM), coach.Units(req.Units())))
	}
	if !settled {
		advice += "\nI'll ask again tomorrow morning."
	}
	resp := platforms.Response{Text: advice}
	if !settled && last.ID != "" {
		// Not settled or worse: ask about the red flags, as after a report.
		q, bs := flagCheck(last.ID)
		resp.Text += "\n\n" + q
		resp.Buttons = bs
	}
	return resp, nil
}
