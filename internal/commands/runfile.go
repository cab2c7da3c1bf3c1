package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/training"
	"github.com/clubcoach/clubcoach/internal/workout"
)

// runFile logs the run(s) in a watch file sent with /run. The file's own
// date is trusted (any past date), so history makes the load checks
// better; only runs are logged.
func (r *Router) runFile(ctx context.Context, req *Request) (platforms.Response, error) {
	att := req.Attachment
	if att.Data == nil {
		if req.Platform == platforms.Console && att.Size > platforms.MaxAttachment {
			return platforms.Response{}, Userf("That file is %s, too big for me to read in one go. Zip the activities you want to import (the recent months of your export's activities folder) and send that.", sizeMB(att.Size))
		}
		if att.Size > platforms.MaxAttachment {
			return platforms.Response{}, Userf("That file is %s, over the %d MB I can fetch. Send one activity at a time, or a zip of your recent ones only (see /help run).",
				sizeMB(att.Size), platforms.MaxAttachment>>20)
		}
		return platforms.Response{}, Userf("I couldn't fetch that file just now. Please send it again in a moment.")
	}
	loc := r.location(ctx, req)
	lim := workout.DefaultLimits()
	lim.MaxActivities = training.MaxImport
	if req.Platform == platforms.Console {
		// One person importing a whole export on their own machine: the
		// console allows it minutes (its own handling timeout bounds ctx).
		lim.Timeout = 4 * time.Minute
	}
	res, err := workout.Decode(ctx, att.Name, att.Data, loc, lim)
	var we *workout.Error
	if errors.As(err, &we) {
		r.log.Info("watch file refused", "member", req.MemberID, "file", att.Name, "bytes", len(att.Data), "err", err)
		return platforms.Response{}, userErr(we.Friendly())
	}
	if err != nil {
		return platforms.Response{}, fmt.Errorf("read watch file: %w", err)
	}
	r.log.Info("watch file read", "member", req.MemberID, "file", att.Name, "bytes", len(att.Data),
		"activities", len(res.Activities), "skipped", len(res.Skipped))
	if !res.Zip && len(res.Activities) == 1 {
		return r.fileRun(ctx, req, loc, res.Activities[0])
	}
	if len(res.Activities) >= progressFrom && r.deps.DM != nil {
		// A big export takes a while to log: say it is under way.
		note := fmt.Sprintf("⏳ Found %d activities in %s — logging them now. I'll reply with a summary when I'm done.", len(res.Activities), shown(att.Name))
		if err := r.deps.DM.DM(ctx, req.MemberID, note, nil); err != nil {
			r.log.Debug("import progress note", "member", req.MemberID, "err", err)
		}
	}
	return r.importRuns(ctx, req, loc, res)
}

// progressFrom is how many activities make an import worth a progress note.
const progressFrom = 20

// refusal says why an activity is not logged (its Verdict), "" when it
// may be.
func refusal(fa training.Activity, v training.Verdict, now time.Time, u coach.Units) string {
	what := dayLabel(fa.Day, now.In(fa.Start.Location()))
	if fa.Meters > 0 {
		what = coach.FormatDistance(float64(fa.Meters), u) + " on " + what
	}
	switch v {
	case training.NotARun:
		return fmt.Sprintf("That looks like a %s (%s), so I haven't logged it: only runs count here. Good cross-training, though!", fa.Label, what)
	case training.Future:
		return fmt.Sprintf("That file is dated %s, which hasn't happened yet — check the date and time on your watch, then send it again.",
			fa.Start.Format("Mon 2 Jan 2006 15:04"))
	case training.TooFar:
		return fmt.Sprintf("That file says %s, more than the %d km I can log as one run — was it a ride or a drive?", coach.FormatDistance(float64(fa.Meters), u), training.MaxRunMeters/1000)
	}
	return ""
}

func (r *Router) fileRun(ctx context.Context, req *Request, loc *time.Location, a workout.Activity) (platforms.Response, error) {
	u := req.Units()
	fr, err := r.training.LogActivity(ctx, req.memberDoc(), a, loc, req.Now)
	if why := refusal(fr.Activity, fr.Verdict, req.Now, u); why != "" {
		return platforms.Response{}, userErr(why)
	}
	if err != nil {
		return platforms.Response{}, err
	}
	if run := fr.Dup; run != nil {
		return platforms.Response{Text: fmt.Sprintf("👍 Already logged: that's your run %s (%s on %s), so I haven't counted it again.",
			run.ID, coach.FormatDistance(float64(run.Meters), u), dayLabel(fr.Activity.Day, req.Now.In(loc)))}, nil
	}
	run := fr.Recorded.Run
	var b strings.Builder
	b.WriteString(r.runReply(ctx, req, loc, fr.Recorded, " from your watch"))
	if fr.Cadence > 0 {
		switch {
		case !req.DM:
			// A body number: not in a group (/cadence shows it privately).
		case openRedLine(req.Member) != "":
			// No targets while a red flag is open, cadence included.
			fmt.Fprintf(&b, "\n👣 Cadence %d spm (saved for /cadence).\n", fr.Cadence)
		default:
			lo, hi := coach.CadenceTarget(fr.Cadence)
			fmt.Fprintf(&b, "\n👣 Cadence %d spm (saved for /cadence). A gentle target: %d–%d spm, built up over weeks.\n", fr.Cadence, lo, hi)
		}
	}
	for _, t := range fr.Typed {
		fmt.Fprintf(&b, "\nℹ️ You also typed a run that day (%s, %s). If it's this same run, /undo %s removes the typed one.\n",
			t.ID, coach.FormatDistance(float64(t.Meters), u), t.ID)
	}
	fmt.Fprintf(&b, "\nWrong? /undo %s removes it.", run.ID)
	return platforms.Response{Text: b.String()}, nil
}

// importRuns logs every run of a zip, oldest first, and answers with one
// summary.
func (r *Router) importRuns(ctx context.Context, req *Request, loc *time.Location, res workout.Result) (platforms.Response, error) {
	t, err := r.training.ImportRuns(ctx, req.memberDoc(), res.Activities, req.Now)
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = t.Member
	var b strings.Builder
	b.WriteString(summary(t, req.Now.In(loc)))
	if t.SaveErr != nil {
		r.log.Error("import runs", "member", req.MemberID, "logged", t.Logged, "err", t.SaveErr)
		b.WriteString("\n⚠️ Then I lost my storage, so the rest wasn't saved. Send the file again in a moment: the runs already logged are recognised and not counted twice.")
	}
	var unreadable []string
	for _, s := range res.Skipped {
		unreadable = append(unreadable, s.File)
	}
	if len(unreadable) > 0 {
		names := unreadable
		more := ""
		if len(names) > 3 {
			names, more = names[:3], ", …"
		}
		them := "they may be damaged; export them again if they matter"
		if len(unreadable) == 1 {
			them = "it may be damaged; export it again if it matters"
		}
		fmt.Fprintf(&b, "\n⚠️ %s couldn't be read (%s%s) — %s.",
			plural(len(unreadable), "file"), strings.Join(names, ", "), more, them)
	}
	if res.Over > 0 {
		fmt.Fprintf(&b, "\nI read the first %d activities only — send the rest in another zip.", training.MaxImport)
	}
	if t.TypedDays > 0 {
		fmt.Fprintf(&b, "\nℹ️ %s on days you also typed a run: if one is a double, /undo <id> removes it (/mydata lists the ids).",
			pluralVerb(t.TypedDays, "falls", "fall"))
	}
	if t.Cadence.SPM > 0 {
		fmt.Fprintf(&b, "\n👣 Cadence %d spm from your run on %s, saved for /cadence.", t.Cadence.SPM, dayLabel(t.Cadence.At.In(loc), req.Now.In(loc)))
	}
	for _, c := range t.Credits {
		if line := r.creditText(ctx, req, c.Credits, c.Meters); line != "" {
			b.WriteString("\n" + line)
		}
	}
	if t.CreditErr != nil {
		r.log.Error("credit imported runs", "member", req.MemberID, "err", t.CreditErr)
		b.WriteString("\n(I saved the runs but couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs.)")
	}
	if t.Logged > 0 {
		b.WriteString("\n/week shows how your weeks look now.")
	}
	return platforms.Response{Text: b.String(), Private: runPrivately(req)}, nil
}

// summary is the import's one line: "✅ 41 runs logged since 3 Aug, 6
// rides skipped, 2 already logged."
func summary(t training.Imported, now time.Time) string {
	var parts []string
	for _, s := range []struct {
		sport workout.Sport
		word  string
	}{{workout.Ride, "ride"}, {workout.Walk, "walk"}, {workout.Swim, "swim"}} {
		if n := t.Skipped[s.sport]; n > 0 {
			parts = append(parts, plural(n, s.word)+" skipped")
		}
	}
	if n := t.Skipped[workout.Other]; n > 0 {
		word := "other activities"
		if n == 1 {
			word = "other activity"
		}
		parts = append(parts, fmt.Sprintf("%d %s skipped", n, word))
	}
	if t.Dup > 0 {
		parts = append(parts, fmt.Sprintf("%d already logged", t.Dup))
	}
	if t.Future > 0 {
		parts = append(parts, fmt.Sprintf("%d dated in the future skipped", t.Future))
	}
	if t.TooFar > 0 {
		parts = append(parts, fmt.Sprintf("%d too long to be a run skipped", t.TooFar))
	}
	if t.Logged == 0 {
		if len(parts) == 0 {
			return "I found no runs to log in that file."
		}
		return "Nothing new to log: " + strings.Join(parts, ", ") + "."
	}
	since := t.First.Format("2 Jan")
	if t.First.Year() != now.Year() {
		since = t.First.Format("2 Jan 2006")
	}
	head := fmt.Sprintf("✅ %s logged since %s", plural(t.Logged, "run"), since)
	if t.Logged == 1 {
		head = fmt.Sprintf("✅ 1 run logged (%s)", since)
	}
	return head + joinParts(parts) + "."
}

func joinParts(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

func pluralVerb(n int, one, many string) string {
	if n == 1 {
		return "1 of them " + one
	}
	return fmt.Sprintf("%d of them %s", n, many)
}

func sizeMB(n int64) string {
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}
