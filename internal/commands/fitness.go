package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

func (r *Router) fitnessCommands() []*Command {
	return []*Command{
		{
			Name:     "cadence",
			Summary:  "Record your cadence and get a gentle step-rate target",
			Usage:    "/cadence [steps per minute]",
			Help:     "/cadence 162 records it and suggests a target 5–10% higher, built up over weeks. /cadence alone shows your latest and its target.",
			Options:  []Option{{Name: "spm", Description: "Steps per minute, e.g. 162", Type: Integer, Min: ptr(100), Max: ptr(240)}},
			Private:  true, // a member's body numbers and advice
			Cadences: true,
			Handler:  r.cadence,
		},
		{
			Name:    "balance",
			Summary: "Record a single-leg balance test (aim for 30 s)",
			Usage:   "/balance <seconds> [left|right]",
			Help:    "Stand on one leg, eyes open, hands on hips; time how long before the hip drops or you wobble. /balance 25 left. Under 30 s gets hip and ankle work.",
			Options: []Option{
				{Name: "seconds", Description: "How long you held it", Type: Integer, Required: true, Min: ptr(0), Max: ptr(600)},
				{Name: "side", Description: "Which leg", Type: String, Choices: []string{"left", "right"}},
			},
			Private: true, // a member's body numbers and advice
			Handler: r.balance,
		},
		{
			Name:    "warmup",
			Summary: "A 5–10 minute dynamic warm-up",
			Usage:   "/warmup",
			Handler: func(context.Context, *Request) (platforms.Response, error) {
				return platforms.Response{Text: coach.WarmupPlan()}, nil
			},
		},
		{
			Name:    "strength",
			Summary: "The twice-weekly strength plan for runners",
			Usage:   "/strength",
			Handler: func(context.Context, *Request) (platforms.Response, error) {
				return platforms.Response{Text: coach.StrengthPlan()}, nil
			},
		},
	}
}

func (r *Router) cadence(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("cadence")
	arg := strings.ToLower(strings.TrimSpace(req.Args))
	arg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(arg, "spm"), "steps/min"))
	if arg == "" {
		rec, ok, err := r.training.LatestCadence(ctx, req.MemberID)
		if err != nil {
			return platforms.Response{}, err
		}
		if !ok {
			return platforms.Response{Text: "No cadence recorded yet. Count your steps for 30 seconds on an easy run and double it, or read it off your watch, then /cadence <steps per minute>."}, nil
		}
		if red := openRedLine(req.Member); red != "" {
			return platforms.Response{Text: fmt.Sprintf("%s\n\nYour latest cadence: %d spm (%s).", red, rec.SPM, rec.At.Format("2 Jan"))}, nil
		}
		lo, hi := coach.CadenceTarget(rec.SPM)
		return platforms.Response{Text: fmt.Sprintf("Your latest cadence: %d spm (%s). Target: %d–%d spm.\n\n%s",
			rec.SPM, rec.At.Format("2 Jan"), lo, hi, coach.CadenceAdvice(rec.SPM))}, nil
	}
	spm, err := strconv.Atoi(arg)
	if err != nil || !coach.ValidCadence(spm) {
		return platforms.Response{}, usageError(c, "Cadence is steps per minute, a whole number between 100 and 240 (most runners are around 150–190).")
	}
	if err := r.training.RecordCadence(ctx, req.MemberID, req.Now, spm); err != nil {
		return platforms.Response{}, capped(err)
	}
	if red := openRedLine(req.Member); red != "" {
		// No drills while a red flag is open: the red line leads.
		return platforms.Response{Text: fmt.Sprintf("✅ Cadence %d spm recorded.\n\n%s", spm, red)}, nil
	}
	return platforms.Response{Text: fmt.Sprintf("✅ Cadence %d spm recorded.\n\n%s", spm, coach.CadenceAdvice(spm))}, nil
}

func (r *Router) balance(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("balance")
	fields := strings.Fields(strings.ToLower(req.Args))
	if len(fields) == 0 || len(fields) > 2 {
		return platforms.Response{}, usageError(c, "Tell me how many seconds you held a single-leg stand.")
	}
	secStr := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(fields[0], "seconds"), "sec"), "s")
	sec, err := strconv.Atoi(secStr)
	if err != nil || sec < 0 || sec > 600 {
		return platforms.Response{}, usageError(c, "Seconds should be a whole number from 0 to 600.")
	}
	side := ""
	if len(fields) == 2 {
		switch fields[1] {
		case "left", "l":
			side = "left"
		case "right", "r":
			side = "right"
		default:
			return platforms.Response{}, usageError(c, "The side can be left or right.")
		}
	}
	if err := r.training.RecordBalance(ctx, req.MemberID, req.Now, sec, side); err != nil {
		return platforms.Response{}, capped(err)
	}
	if red := openRedLine(req.Member); red != "" {
		// No single-leg drills on a leg with an open red flag.
		return platforms.Response{Text: "✅ Recorded.\n\n" + red}, nil
	}
	return platforms.Response{Text: "✅ Recorded.\n\n" + coach.BalanceAdvice(sec, side)}, nil
}
