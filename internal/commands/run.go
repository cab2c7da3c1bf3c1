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
	"github.com/clubcoach/clubcoach/internal/training"
)

const dateFmt = "2006-01-02"

func (r *Router) runCommands() []*Command {
	return []*Command{
		{
			Name:    "run",
			Aliases: []string{"log"},
			Summary: "Log a run; I'll check your weekly load and long-run spikes",
			Usage:   runForm,
			Help: `Give the distance, the time or both, in any order:
  /run 5k
  /run 30 min — a run by time only (no distance)
  /run 3.1mi 28:30, /run 8 km 45min 172spm
  /run 5k 4:30/km — the pace gives the time
  /run 10k yesterday, /run 12k sat, /run 5k 3 days ago, /run 5k 2 weeks ago, /run 5k nov 20, /run 5k 2026-11-20 (up to 14 days back)
Notes: put them in quotes or after -- or #: /run 5k 24:10 -- parkrun PB with Sam. Words for the kind of run (easy, tempo, long, parkrun, intervals, race, trail, hills, treadmill…) are noted too.
Every word must make sense to me: anything else is refused, never guessed. 45m means minutes (write 800m or 800 metres for metres).
A bare number is in your units (/settings units).
/run edit r3 6k 32:00 fixes a run (distance, time, date, cadence or notes); /undo removes the last run (or /undo r3).

From your watch: send the activity file (FIT, GPX or TCX, also .gz, or a .zip of many) with /run as its caption — on Discord, the file option of /run; in the console, /run file <path>. I log it on its own date with its distance, time and cadence. Only those numbers are kept: never your GPS track.`,
			Options: []Option{
				{Name: "distance", Description: `How far, e.g. 5k, 8 km, 3.1mi (or give a duration, or attach your watch's file)`, Type: String},
				{Name: "duration", Description: "How long, e.g. 28:30, 45min or 1h10m", Type: String},
				{Name: "pace", Description: "Pace, e.g. 5:30/km or 8:45/mi", Type: String},
				{Name: "cadence", Description: "Steps per minute, e.g. 172spm", Type: String},
				{Name: "when", Description: "today, yesterday, a weekday, 3 days ago or YYYY-MM-DD", Type: String, Suggest: []string{"today", "yesterday"}},
				{Name: "notes", Description: "Anything else about the run", Type: String, Marker: "--"},
				{Name: "file", Description: "Your watch's activity file: FIT, GPX, TCX, or a zip of them", Type: Attachment},
			},
			History: true,
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
	if req.Attachment != nil {
		return r.runFile(ctx, req)
	}
	args := strings.TrimSpace(req.Args)
	first, rest, _ := strings.Cut(args, " ")
	switch strings.ToLower(first) {
	case "undo":
		req.Args = rest
		return r.undoCmd(ctx, req)
	case "edit", "fix":
		return r.runEdit(ctx, req, rest)
	case "file":
		if req.Platform == platforms.Console {
			return platforms.Response{}, Userf("Give the file's path: /run file ~/Downloads/Morning_Run.fit")
		}
		return platforms.Response{}, Userf("Send the file itself: attach your watch's FIT, GPX or TCX file with /run as its caption (on Discord, the file option of /run).")
	}
	if args == "" {
		return platforms.Response{}, usageError(c, "Tell me how far or how long you ran.")
	}
	loc := r.location(ctx, req)
	u := req.Units()
	ra, err := parseRunArgs(args, req.Now.In(loc), u)
	if err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			return platforms.Response{}, usageError(c, ue.Text)
		}
		return platforms.Response{}, err
	}
	run, text, err := r.recordRun(ctx, req, loc, ra.Date, store.Run{
		Meters: ra.Meters, Seconds: ra.Seconds, Cadence: ra.Cadence, Notes: ra.Notes,
	})
	if err != nil {
		return platforms.Response{}, err
	}
	text += fmt.Sprintf("\nWrong? /run edit %s <fixes> corrects it, /undo %s removes it.", run.ID, run.ID)
	return platforms.Response{Text: text}, nil
}

// recordRun stores run on day (local midnight in loc) and writes what a
// logged run's reply says: the run, its week, the checks of the one load
// model (the same function /week calls, so the two always agree), the
// open red flag instead of targets, and challenge credit.
func (r *Router) recordRun(ctx context.Context, req *Request, loc *time.Location, day time.Time, run store.Run) (store.Run, string, error) {
	rec, err := r.training.RecordRun(ctx, training.NewRun{
		Member: req.memberDoc(), Run: run, Day: day, Loc: loc, Now: req.Now, Typed: true,
	})
	if err != nil {
		return store.Run{}, "", capped(err)
	}
	return rec.Run, r.runReply(ctx, req, loc, rec, ""), nil
}

// runReply words a recorded run's reply (see recordRun) and credits the
// run's challenge boards. source names where the run came from (" from
// your watch"), or is empty.
func (r *Router) runReply(ctx context.Context, req *Request, loc *time.Location, rec training.Recorded, source string) string {
	u := req.Units()
	run, stored, boards, ck := rec.Run, rec.Before, rec.Run.Boards, rec.Checks
	base := baselineOf(req.Member)
	// The run is stored: from here on, failures only shorten the reply.
	var b strings.Builder
	// In a group the reply is the same shape for everyone: the run, its
	// week and challenge credit. Load checks, pain edges, an open red flag
	// and notes are the member's, by /week and /run in a DM.
	public := !req.DM
	desc := describeRun(run, u, req.DM, req.Now.In(loc))
	if source != "" {
		desc = strings.Replace(desc, " on ", source+" on ", 1) // "6 km from your watch on Sat 28 Nov"
	}
	fmt.Fprintf(&b, "✅ Logged %s.\n", desc)
	// The run's week as of its end (or today), the checks against the
	// history before the run, and the cap as of today: the same function
	// /week calls, so the two always agree.
	fmt.Fprintf(&b, "Week of %s: %s over %s.\n", ck.WeekStart.Format("Mon 2 Jan"), ck.Week.Text(u), plural(ck.Week.Runs, "run"))
	switch {
	case public:
		b.WriteString("\nYour load check and next long-run cap: /week (I answer privately).\n")
	case openRedLine(req.Member) != "":
		// Logged, but no targets while a red flag is open.
		b.WriteString("\n" + openRedLine(req.Member) + "\n")
	default:
		if t := ck.Spike.Text(u); t != "" {
			b.WriteString("\n" + t + "\n")
		}
		if t := ck.WeekLoad.Week.TextFor(u, ck.Current); t != "" {
			b.WriteString("\n" + t + "\n")
		}
		if t := ck.Today.CapText(u); t != "" {
			b.WriteString("\n" + t + "\n")
		}
		for _, l := range amberEdgeLines(req.Member) {
			b.WriteString("\n" + l + "\n")
		}
	}
	if !public && len(stored) == 0 && !base.Set() && !req.Member.BaselineAsked {
		b.WriteString("\n" + baselineQuestion + "\n")
		if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error { m.BaselineAsked = true; return nil }); err != nil {
			r.log.Warn("note baseline question", "member", req.MemberID, "err", err)
		}
	}
	if len(boards) > 0 {
		line, err := r.creditRun(ctx, req, boards, run.Meters, int64(run.Seconds))
		if err != nil {
			r.log.Error("credit challenge boards", "member", req.MemberID, "run", run.ID, "err", err)
			b.WriteString("\n(I saved the run but couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs.)\n")
		} else if line != "" {
			b.WriteString("\n" + line + "\n")
		}
	}
	return b.String()
}

// describeRun is one run as the reply shows it: "5 km on Wed 25 Nov (id
// r1, 24:10, 4:50 /km) — notes: parkrun", or "30 min on …" without a
// distance.
func describeRun(run store.Run, u coach.Units, private bool, now time.Time) string {
	var b strings.Builder
	when := run.Date
	if d, err := time.Parse(dateFmt, run.Date); err == nil {
		when = dayLabel(d, now)
	}
	if run.Meters > 0 {
		fmt.Fprintf(&b, "%s on %s (id %s", coach.FormatDistance(float64(run.Meters), u), when, run.ID)
		if run.Seconds > 0 {
			fmt.Fprintf(&b, ", %s, %s", formatDuration(run.Seconds), formatPace(run.Seconds, run.Meters, u))
		}
	} else {
		fmt.Fprintf(&b, "%s on %s (id %s, no distance", formatMinutes(run.Seconds), when, run.ID)
	}
	if run.Cadence > 0 && private {
		// Cadence is a body number: said only privately.
		fmt.Fprintf(&b, ", %d spm", run.Cadence)
	}
	b.WriteString(")")
	switch {
	case run.Notes != "" && private:
		fmt.Fprintf(&b, " — notes: %s", run.Notes)
	case run.Notes != "":
		b.WriteString(" — with your notes") // their own words, often about a niggle: not in a group
	}
	return b.String()
}

// runEdit corrects a logged run: "/run edit r3 6k 32:00", "/run edit r3
// yesterday". Fields given replace the stored ones; the rest stay. Boards
// are re-credited for the new distance and date.
func (r *Router) runEdit(ctx context.Context, req *Request, args string) (platforms.Response, error) {
	id, fields, _ := strings.Cut(strings.TrimSpace(args), " ")
	fields = strings.TrimSpace(fields)
	if id == "" || fields == "" {
		return platforms.Response{}, Userf("To fix a run: /run edit <id> <what changes>, e.g. /run edit r3 6k 32:00 or /run edit r3 yesterday. The id is shown when you log a run; /mydata lists them.")
	}
	loc := r.location(ctx, req)
	u := req.Units()
	now := req.Now.In(loc)
	ra, err := parseRunFields(fields, now, u)
	if err != nil {
		return platforms.Response{}, err
	}
	fix := training.RunFix{Meters: ra.Meters, Seconds: ra.Seconds, Cadence: ra.Cadence, Notes: ra.Notes, NotesGiven: ra.NotesGiven}
	if ra.DateGiven {
		fix.Date = ra.Date.Format(dateFmt)
	}
	ed, err := r.training.EditRun(ctx, req.memberDoc(), id, fix)
	var pe *training.PaceError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return platforms.Response{}, Userf("I can't find a run with id %q. The id is shown when you log a run (e.g. r3); /mydata lists them all.", truncate(id, 20))
	case errors.As(err, &pe):
		return platforms.Response{}, Userf("%s in %s doesn't look like a run — check the distance and time?", coach.FormatDistance(float64(pe.Meters), u), formatDuration(pe.Seconds))
	case err != nil:
		return platforms.Response{}, err
	}
	req.Member = ed.Member
	text := fmt.Sprintf("✏️ Fixed: %s.", describeRun(ed.Run, u, req.DM, now))
	if ed.Err != nil {
		r.log.Error("re-credit edited run", "member", req.MemberID, "run", ed.Run.ID, "err", ed.Err)
		text += "\n⚠️ I couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs."
	} else if ed.Boards > 0 {
		text += " Challenge boards updated."
	}
	// The run's notes are the member's own words: privately, like /run.
	return platforms.Response{Text: text, Private: runPrivately(req)}, nil
}

// runPrivately says whether a reply about runs goes privately: in a group
// always, when it can carry the member's own words or numbers (an edit's
// notes, an import's cadence) — whatever it carries this time, so its shape
// tells the group nothing. In a DM it makes no difference.
func runPrivately(req *Request) bool { return !req.DM }

func (r *Router) undoCmd(ctx context.Context, req *Request) (platforms.Response, error) {
	id := strings.TrimSpace(req.Args)
	if strings.ContainsAny(id, " \t") {
		c, _ := r.Lookup("undo")
		return platforms.Response{}, usageError(c, "Give one run id, or none for the last run.")
	}
	un, err := r.training.UndoRun(ctx, req.memberDoc(), id)
	if errors.Is(err, store.ErrNotFound) {
		if id == "" {
			return platforms.Response{}, Userf("There's no run to undo yet.")
		}
		return platforms.Response{}, Userf("I can't find a run with id %q. The id is shown when you log a run (e.g. r3); /mydata lists them all.", truncate(id, 20))
	}
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = un.Member
	run := un.Run
	u := req.Units()
	when := run.Date
	if d, err := time.Parse(dateFmt, run.Date); err == nil {
		when = d.Format("Mon 2 Jan")
	}
	what := coach.FormatDistance(float64(run.Meters), u)
	if run.Meters == 0 {
		what = formatMinutes(run.Seconds)
	}
	text := fmt.Sprintf("↩️ Removed run %s: %s on %s.", run.ID, what, when)
	switch {
	case un.Err != nil:
		r.log.Error("debit challenge boards", "member", req.MemberID, "run", run.ID, "err", un.Err)
		return platforms.Response{Text: text + "\n⚠️ I couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs."}, nil
	case un.Boards > 0:
		text += " It's off the challenge boards too."
	}
	return platforms.Response{Text: text}, nil
}

// dayLabel names a run's day, with the year when it is not this one's.
func dayLabel(day, now time.Time) string {
	if day.Year() != now.Year() {
		return day.Format("Mon 2 Jan 2006")
	}
	return day.Format("Mon 2 Jan")
}
