package commands

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/workout"
)

const (
	// maxImport caps the runs one file or zip logs; typed runs' limits do
	// not apply to imports, this one does.
	maxImport = 1000
	// futureSlack forgives a watch clock a little ahead of ours.
	futureSlack = 10 * time.Minute
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
	lim.MaxActivities = maxImport
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

// sameActivity reports whether a stored run is this activity again: the
// same start within a minute and the same distance within 1%.
func sameActivity(run store.Run, start time.Time, meters int64) bool {
	if run.Start.IsZero() {
		return false
	}
	d := run.Start.Sub(start)
	if d < -time.Minute || d > time.Minute {
		return false
	}
	diff := run.Meters - meters
	if diff < 0 {
		diff = -diff
	}
	return float64(diff) <= 0.01*float64(max(run.Meters, meters))
}

// fileActivity is one activity judged for logging.
type fileActivity struct {
	a      workout.Activity
	day    time.Time // local midnight of its start
	date   string
	meters int64
}

func newFileActivity(a workout.Activity) fileActivity {
	y, m, d := a.Start.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, a.Start.Location())
	return fileActivity{a: a, day: day, date: day.Format(dateFmt), meters: int64(a.Meters + 0.5)}
}

// refusal says why an activity is not logged, "" when it may be.
func (fa fileActivity) refusal(now time.Time, u coach.Units) string {
	a := fa.a
	what := dayLabel(fa.day, now.In(a.Start.Location()))
	if fa.meters > 0 {
		what = coach.FormatDistance(float64(fa.meters), u) + " on " + what
	}
	switch {
	case a.Sport != workout.Run:
		return fmt.Sprintf("That looks like a %s (%s), so I haven't logged it: only runs count here. Good cross-training, though!", a.Label, what)
	case a.Start.After(now.Add(futureSlack)):
		return fmt.Sprintf("That file is dated %s, which hasn't happened yet — check the date and time on your watch, then send it again.",
			a.Start.Format("Mon 2 Jan 2006 15:04"))
	case fa.meters > maxRunMeters:
		return fmt.Sprintf("That file says %s, more than the %d km I can log as one run — was it a ride or a drive?", coach.FormatDistance(float64(fa.meters), u), maxRunMeters/1000)
	}
	return ""
}

func (r *Router) fileRun(ctx context.Context, req *Request, loc *time.Location, a workout.Activity) (platforms.Response, error) {
	u := req.Units()
	fa := newFileActivity(a)
	if why := fa.refusal(req.Now, u); why != "" {
		return platforms.Response{}, userErr(why)
	}
	around, err := r.st.Runs(ctx, req.MemberID, daily.AddDays(fa.date, -1), daily.AddDays(fa.date, 1))
	if err != nil {
		return platforms.Response{}, fmt.Errorf("load runs: %w", err)
	}
	var typed []store.Run
	for _, run := range around {
		if sameActivity(run, a.Start, fa.meters) {
			return platforms.Response{Text: fmt.Sprintf("👍 Already logged: that's your run %s (%s on %s), so I haven't counted it again.",
				run.ID, coach.FormatDistance(float64(run.Meters), u), dayLabel(fa.day, req.Now.In(loc)))}, nil
		}
		if run.Start.IsZero() && run.Date == fa.date {
			typed = append(typed, run)
		}
	}
	run, text, err := r.recordRun(ctx, req, loc, fa.day, store.Run{
		Meters: fa.meters, Seconds: a.Seconds(), Cadence: a.Cadence, Start: a.Start.UTC(),
	}, " from your watch")
	if err != nil {
		return platforms.Response{}, err
	}
	var b strings.Builder
	b.WriteString(text)
	if a.Cadence > 0 && coach.ValidCadence(a.Cadence) {
		if err := r.st.AddCadence(ctx, req.MemberID, store.Cadence{At: a.Start.UTC(), SPM: a.Cadence}); err != nil {
			r.log.Warn("record cadence from file", "member", req.MemberID, "err", err)
		}
		switch {
		case !req.DM:
			// A body number: not in a group (/cadence shows it privately).
		case openRedLine(req.Member) != "":
			// No targets while a red flag is open, cadence included.
			fmt.Fprintf(&b, "\n👣 Cadence %d spm (saved for /cadence).\n", a.Cadence)
		default:
			lo, hi := coach.CadenceTarget(a.Cadence)
			fmt.Fprintf(&b, "\n👣 Cadence %d spm (saved for /cadence). A gentle target: %d–%d spm, built up over weeks.\n", a.Cadence, lo, hi)
		}
	}
	for _, t := range typed {
		fmt.Fprintf(&b, "\nℹ️ You also typed a run that day (%s, %s). If it's this same run, /undo %s removes the typed one.\n",
			t.ID, coach.FormatDistance(float64(t.Meters), u), t.ID)
	}
	fmt.Fprintf(&b, "\nWrong? /undo %s removes it.", run.ID)
	return platforms.Response{Text: b.String()}, nil
}

// importTally counts what a zip (or a multisport file) gave.
type importTally struct {
	logged     int
	first      time.Time
	skipped    map[workout.Sport]int
	dup        int
	future     int
	tooFar     int
	typedDays  int
	unreadable []string
	latestCad  store.Cadence
	credit     map[string][2]int64 // board -> metres and seconds to credit
}

// importRuns logs every run of a zip, oldest first, and answers with one
// summary.
func (r *Router) importRuns(ctx context.Context, req *Request, loc *time.Location, res workout.Result) (platforms.Response, error) {
	acts := slices.Clone(res.Activities)
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Start.Before(acts[j].Start) })
	t := importTally{skipped: map[workout.Sport]int{}, credit: map[string][2]int64{}}
	for _, s := range res.Skipped {
		t.unreadable = append(t.unreadable, s.File)
	}
	// Everything already stored over the span, read once for the
	// duplicate and same-day checks.
	var stored []store.Run
	if len(acts) > 0 {
		first := newFileActivity(acts[0]).date
		last := newFileActivity(acts[len(acts)-1]).date
		var err error
		if stored, err = r.st.Runs(ctx, req.MemberID, daily.AddDays(first, -1), daily.AddDays(last, 1)); err != nil {
			return platforms.Response{}, fmt.Errorf("load runs: %w", err)
		}
	}
	typedOn := map[string]bool{}
	for _, run := range stored {
		if run.Start.IsZero() {
			typedOn[run.Date] = true
		}
	}
	var saveErr error
	for _, a := range acts {
		fa := newFileActivity(a)
		switch {
		case a.Sport != workout.Run:
			t.skipped[a.Sport]++
			continue
		case a.Start.After(req.Now.Add(futureSlack)):
			t.future++
			continue
		case fa.meters > maxRunMeters:
			t.tooFar++
			continue
		case slices.ContainsFunc(stored, func(run store.Run) bool { return sameActivity(run, a.Start, fa.meters) }):
			t.dup++
			continue
		}
		boards, err := r.challenges.RunBoards(ctx, req.Member, store.Run{Date: fa.date, Meters: fa.meters, Seconds: a.Seconds()})
		if err != nil {
			saveErr = fmt.Errorf("find challenges: %w", err)
			break
		}
		run, err := r.st.AddRun(ctx, req.MemberID, store.Run{
			Date: fa.date, Meters: fa.meters, Seconds: a.Seconds(), Cadence: a.Cadence,
			Start: a.Start.UTC(), Logged: req.Now.UTC(), Boards: boards,
		})
		if err != nil {
			saveErr = fmt.Errorf("save run: %w", err)
			break
		}
		stored = append(stored, run)
		t.logged++
		if t.first.IsZero() {
			t.first = fa.day
		}
		if typedOn[fa.date] {
			t.typedDays++
		}
		for _, b := range boards {
			c := t.credit[b]
			t.credit[b] = [2]int64{c[0] + fa.meters, c[1] + int64(a.Seconds())}
		}
		if a.Cadence > 0 && coach.ValidCadence(a.Cadence) {
			t.latestCad = store.Cadence{At: a.Start.UTC(), SPM: a.Cadence}
		}
	}
	if saveErr != nil && t.logged == 0 {
		return platforms.Response{}, saveErr
	}
	var b strings.Builder
	b.WriteString(t.summary(req.Now.In(loc)))
	if saveErr != nil {
		r.log.Error("import runs", "member", req.MemberID, "logged", t.logged, "err", saveErr)
		b.WriteString("\n⚠️ Then I lost my storage, so the rest wasn't saved. Send the file again in a moment: the runs already logged are recognised and not counted twice.")
	}
	if len(t.unreadable) > 0 {
		names := t.unreadable
		more := ""
		if len(names) > 3 {
			names, more = names[:3], ", …"
		}
		them := "they may be damaged; export them again if they matter"
		if len(t.unreadable) == 1 {
			them = "it may be damaged; export it again if it matters"
		}
		fmt.Fprintf(&b, "\n⚠️ %s couldn't be read (%s%s) — %s.",
			plural(len(t.unreadable), "file"), strings.Join(names, ", "), more, them)
	}
	if res.Over > 0 {
		fmt.Fprintf(&b, "\nI read the first %d activities only — send the rest in another zip.", maxImport)
	}
	if t.typedDays > 0 {
		fmt.Fprintf(&b, "\nℹ️ %s on days you also typed a run: if one is a double, /undo <id> removes it (/mydata lists the ids).",
			pluralVerb(t.typedDays, "falls", "fall"))
	}
	if t.latestCad.SPM > 0 {
		if err := r.st.AddCadence(ctx, req.MemberID, t.latestCad); err != nil {
			r.log.Warn("record cadence from import", "member", req.MemberID, "err", err)
		} else {
			fmt.Fprintf(&b, "\n👣 Cadence %d spm from your run on %s, saved for /cadence.", t.latestCad.SPM, dayLabel(t.latestCad.At.In(loc), req.Now.In(loc)))
		}
	}
	for _, board := range slices.Sorted(maps.Keys(t.credit)) {
		c := t.credit[board]
		line, err := r.creditRun(ctx, req, []string{board}, c[0], c[1])
		if err != nil {
			r.log.Error("credit imported runs", "member", req.MemberID, "board", board, "err", err)
			b.WriteString("\n(I saved the runs but couldn't update the challenge board just now. Send /challenge join <name> later and I'll recount your runs.)")
			break
		}
		if line != "" {
			b.WriteString("\n" + line)
		}
	}
	if t.logged > 0 {
		b.WriteString("\n/week shows how your weeks look now.")
	}
	return platforms.Response{Text: b.String(), Private: runPrivately(req)}, nil
}

// summary is the import's one line: "✅ 41 runs logged since 3 Aug, 6
// rides skipped, 2 already logged."
func (t importTally) summary(now time.Time) string {
	var parts []string
	for _, s := range []struct {
		sport workout.Sport
		word  string
	}{{workout.Ride, "ride"}, {workout.Walk, "walk"}, {workout.Swim, "swim"}} {
		if n := t.skipped[s.sport]; n > 0 {
			parts = append(parts, plural(n, s.word)+" skipped")
		}
	}
	if n := t.skipped[workout.Other]; n > 0 {
		word := "other activities"
		if n == 1 {
			word = "other activity"
		}
		parts = append(parts, fmt.Sprintf("%d %s skipped", n, word))
	}
	if t.dup > 0 {
		parts = append(parts, fmt.Sprintf("%d already logged", t.dup))
	}
	if t.future > 0 {
		parts = append(parts, fmt.Sprintf("%d dated in the future skipped", t.future))
	}
	if t.tooFar > 0 {
		parts = append(parts, fmt.Sprintf("%d too long to be a run skipped", t.tooFar))
	}
	if t.logged == 0 {
		if len(parts) == 0 {
			return "I found no runs to log in that file."
		}
		return "Nothing new to log: " + strings.Join(parts, ", ") + "."
	}
	since := t.first.Format("2 Jan")
	if t.first.Year() != now.Year() {
		since = t.first.Format("2 Jan 2006")
	}
	head := fmt.Sprintf("✅ %s logged since %s", plural(t.logged, "run"), since)
	if t.logged == 1 {
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
