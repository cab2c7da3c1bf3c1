package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

const dateFmt = "2006-01-02"

func (r *Router) runCommands() []*Command {
	return []*Command{
		{
			Name:    "run",
			Aliases: []string{"log"},
			Summary: "Log a run; I'll check your weekly load and long-run spikes",
			Usage:   "/run <distance> [duration] [cadence] [when] [notes]",
			Help: `Examples:
  /run 5k
  /run 3.1mi 28:30
  /run 8 km 45m 172spm
  /run 10k yesterday
  /run 12k sat — the most recent Saturday
  /run 5k 3 days ago, /run 5k nov 20
  /run 5k 2026-11-20 — up to 14 days back
A bare number is in your units (/settings units). /undo removes the last run (or /undo <id>).`,
			Options: []Option{
				{Name: "distance", Description: `How far, e.g. 5k, 8 km, 3.1mi`, Type: String, Required: true},
				{Name: "duration", Description: "How long, e.g. 28:30 or 45m", Type: String},
				{Name: "cadence", Description: "Steps per minute, e.g. 172spm", Type: String},
				{Name: "when", Description: "today, yesterday, a weekday or YYYY-MM-DD", Type: String, Suggest: []string{"today", "yesterday"}},
				{Name: "notes", Description: "Anything else about the run", Type: String},
			},
			Handler: r.runCmd,
		},
		{
			Name:    "undo",
			Summary: "Remove your last logged run, or the one with that id",
			Usage:   "/undo [run id]",
			Help:    "Removes the run you logged last (or /undo r3 for a specific one) and takes it off any challenge boards. Same as /run undo.",
			Options: []Option{{Name: "id", Description: "The run id shown when you logged it, e.g. r3", Type: String}},
			Handler: r.undoCmd,
		},
	}
}

func (r *Router) runCmd(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("run")
	args := strings.TrimSpace(req.Args)
	if first, rest, _ := strings.Cut(args, " "); strings.EqualFold(first, "undo") {
		req.Args = rest
		return r.undoCmd(ctx, req)
	}
	if args == "" {
		return platforms.Response{}, usageError(c, "Tell me how far you ran.")
	}
	loc := r.location(ctx, req)
	u := coach.Units(req.Units())
	ra, err := parseRunArgs(args, req.Now.In(loc), u)
	if err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			return platforms.Response{}, usageError(c, ue.Text)
		}
		return platforms.Response{}, err
	}
	date := ra.Date.Format(dateFmt)
	// History for the load checks: the 30 days before the run's date, and
	// the weeks the reply talks about.
	weekStart := coach.WeekStart(ra.Date)
	from := ra.Date.AddDate(0, 0, -30)
	if prev := weekStart.AddDate(0, 0, -7); prev.Before(from) {
		from = prev
	}
	history, err := r.st.Runs(ctx, req.MemberID, from.Format(dateFmt), "")
	if err != nil {
		return platforms.Response{}, fmt.Errorf("load runs: %w", err)
	}
	if err := capRuns(history, req.Now); err != nil {
		return platforms.Response{}, err
	}
	boards, err := r.runBoards(ctx, req.Member, date)
	if err != nil {
		return platforms.Response{}, fmt.Errorf("find challenges: %w", err)
	}
	run, err := r.st.AddRun(ctx, req.MemberID, store.Run{
		Date: date, Meters: ra.Meters, Seconds: ra.Seconds, Cadence: ra.Cadence,
		Notes: ra.Notes, Logged: req.Now.UTC(), Boards: boards,
	})
	if err != nil {
		return platforms.Response{}, fmt.Errorf("save run: %w", err)
	}
	r.keepBounded(ctx, req)
	// The run is stored: from here on, failures only shorten the reply.
	var b strings.Builder
	fmt.Fprintf(&b, "✅ Logged %s on %s (id %s", coach.FormatDistance(float64(run.Meters), u), ra.Date.Format("Mon 2 Jan"), run.ID)
	if run.Seconds > 0 {
		fmt.Fprintf(&b, ", %s, %s", formatDuration(run.Seconds), formatPace(run.Seconds, run.Meters, u))
	}
	if run.Cadence > 0 && req.DM {
		// Cadence is a body number: said only privately.
		fmt.Fprintf(&b, ", %d spm", run.Cadence)
	}
	b.WriteString(").\n")

	prior := toCoachRuns(history, loc)
	var thisWeek, lastWeek float64
	var nThis int
	for _, h := range append(history, run) {
		d, _ := time.ParseInLocation(dateFmt, h.Date, loc)
		switch {
		case !d.Before(weekStart) && d.Before(weekStart.AddDate(0, 0, 7)):
			thisWeek += float64(h.Meters)
			nThis++
		case !d.Before(weekStart.AddDate(0, 0, -7)) && d.Before(weekStart):
			lastWeek += float64(h.Meters)
		}
	}
	fmt.Fprintf(&b, "Week of %s: %s over %s.\n", weekStart.Format("Mon 2 Jan"), coach.FormatDistance(thisWeek, u), plural(nThis, "run"))
	spike := coach.SpikeCheck(prior, coach.Run{Date: utcDate(ra.Date), Meters: float64(run.Meters)})
	if t := spike.Text(u); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	if t := coach.WeekCheck(thisWeek, lastWeek).Text(u); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	if len(boards) > 0 {
		line, err := r.creditRun(ctx, req, boards, run.Meters)
		if err != nil {
			r.log.Error("credit challenge boards", "member", req.MemberID, "run", run.ID, "err", err)
			b.WriteString("\n(I saved the run but couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs.)\n")
		} else if line != "" {
			b.WriteString("\n" + line + "\n")
		}
	}
	fmt.Fprintf(&b, "\nWrong? /undo %s removes it.", run.ID)
	return platforms.Response{Text: b.String()}, nil
}

func (r *Router) undoCmd(ctx context.Context, req *Request) (platforms.Response, error) {
	id := strings.TrimSpace(req.Args)
	if strings.ContainsAny(id, " \t") {
		c, _ := r.Lookup("undo")
		return platforms.Response{}, usageError(c, "Give one run id, or none for the last run.")
	}
	run, err := r.st.DeleteRun(ctx, req.MemberID, id)
	if errors.Is(err, store.ErrNotFound) {
		if id == "" {
			return platforms.Response{}, Userf("There's no run to undo yet.")
		}
		return platforms.Response{}, Userf("I can't find a run with id %q. The id is shown when you log a run (e.g. r3); /mydata lists them all.", truncate(id, 20))
	}
	if err != nil {
		return platforms.Response{}, fmt.Errorf("delete run: %w", err)
	}
	u := coach.Units(req.Units())
	when := run.Date
	if d, err := time.Parse(dateFmt, run.Date); err == nil {
		when = d.Format("Mon 2 Jan")
	}
	text := fmt.Sprintf("↩️ Removed run %s: %s on %s.", run.ID, coach.FormatDistance(float64(run.Meters), u), when)
	boards, err := r.undoBoards(ctx, req.Member, run)
	if err != nil {
		r.log.Error("find boards to debit", "member", req.MemberID, "run", run.ID, "err", err)
	}
	if len(boards) > 0 {
		if _, err := r.creditRun(ctx, req, boards, -run.Meters); err != nil {
			r.log.Error("debit challenge boards", "member", req.MemberID, "run", run.ID, "err", err)
			return platforms.Response{Text: text + "\n⚠️ I couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs."}, nil
		}
		text += " It's off the challenge boards too."
	}
	return platforms.Response{Text: text}, nil
}

// toCoachRuns converts stored runs to the coach's values (dates as UTC
// midnights, which is what the coach's day arithmetic expects).
func toCoachRuns(runs []store.Run, loc *time.Location) []coach.Run {
	out := make([]coach.Run, 0, len(runs))
	for _, r := range runs {
		d, err := time.ParseInLocation(dateFmt, r.Date, loc)
		if err != nil {
			continue
		}
		out = append(out, coach.Run{Date: utcDate(d), Meters: float64(r.Meters)})
	}
	return out
}

func utcDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
