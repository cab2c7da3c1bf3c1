package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

const maxBoardDays = 366

func (r *Router) boardCommand() *Command {
	return &Command{
		Name:    "board",
		Summary: "The club's distance board for this week, this month or any dates",
		Usage:   "/board [week|month|<from> <to>]",
		Help: `Examples:
  /board — this week (Monday to today, club time)
  /board month — this month so far
  /board 2026-11-01 2026-11-30 — any dates, YYYY-MM-DD
Everyone in the club who logged runs counts, challenge or not.`,
		Options: []Option{
			{Name: "range", Description: "week, month, or a start date YYYY-MM-DD", Type: String, Suggest: []string{"week", "month"}},
			{Name: "to", Description: "last date, YYYY-MM-DD (with a start date)", Type: String},
		},
		Handler: r.board,
	}
}

// viewer is who a board is rendered for. The zero viewer is a public club
// post: no own line, no paused entries, no run ids.
type viewer struct {
	id      string // the asking member; "" for a club post
	admin   bool   // a club admin: run ids, and paused entries in private
	private bool   // a DM (the console counts): paused entries may show
}

func viewerOf(req *Request) viewer {
	return viewer{id: req.MemberID, admin: req.Admin, private: req.DM}
}

// entry is one visible line of a board.
type entry struct {
	id     string
	name   string
	public string // the name on the club's public web page
	value  int64  // metres, or seconds on a time challenge's board
	rank   int
	paused bool // shown with a pause mark (only to the member or admins, privately)
}

// visibleEntries turns scores (highest first) into the entries v may see,
// ranked among themselves. A paused member who did not opt in is seen only
// by themselves and admins, and only in private; selfHidden reports that
// the asker's own entry was left out for that reason.
func (r *Challenges) visibleEntries(ctx context.Context, scores []store.Score, v viewer) (out []entry, selfHidden bool, err error) {
	for _, s := range scores {
		m, err := r.st.Member(ctx, s.Member)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, false, fmt.Errorf("load member %s: %w", s.Member, err)
		}
		e := entry{id: s.Member, name: displayName(m, s.Member), public: publicName(m), value: s.Value}
		if m.Injured {
			insider := v.private && (v.admin || v.id == s.Member)
			if !m.ShowInjured && !insider {
				if v.id == s.Member {
					selfHidden = true
				}
				continue
			}
			e.paused = insider
		}
		out = append(out, e)
	}
	for i := range out {
		if i > 0 && out[i].value == out[i-1].value {
			out[i].rank = out[i-1].rank
		} else {
			out[i].rank = i + 1
		}
	}
	return out, selfHidden, nil
}

// writeEntries writes up to boardTopN entries, each value as show puts
// it; extra, when set, adds a line under an entry (an admin's run ids).
func writeEntries(b *strings.Builder, es []entry, show func(int64) string, goal int64, extra func(entry) string) {
	for i, e := range es {
		if i == boardTopN {
			break
		}
		fmt.Fprintf(b, "%2d. %s — %s", e.rank, e.name, show(e.value))
		if goal > 0 && e.value >= goal {
			b.WriteString(" ✅")
		}
		if e.paused {
			b.WriteString(" ⏸ paused")
		}
		b.WriteString("\n")
		if extra != nil {
			if s := extra(e); s != "" {
				b.WriteString("      " + s + "\n")
			}
		}
	}
}

func findEntry(es []entry, id string) (entry, bool) {
	for _, e := range es {
		if e.id == id {
			return e, true
		}
	}
	return entry{}, false
}

func percent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return part * 100 / whole
}

// renderChallengeBoard is a challenge's board as v sees it.
func (r *Challenges) renderChallengeBoard(ctx context.Context, club store.Club, ch store.Challenge, v viewer, units coach.Units, today string) (string, error) {
	board := challengeBoard(club.ID, ch.ID)
	scores, err := r.st.BoardTop(ctx, board, 0)
	if err != nil {
		return "", fmt.Errorf("board %s: %w", board, err)
	}
	es, selfHidden, err := r.visibleEntries(ctx, scores, v)
	if err != nil {
		return "", err
	}
	d := func(v int64) string { return showAmount(ch, v, units) }
	var b strings.Builder
	fmt.Fprintf(&b, "🏁 %s — %s\n", shown(ch.Name), describeChallenge(ch, units, today))
	goal := goalOf(ch)
	if ch.Team {
		var total int64
		for _, s := range scores {
			total += s.Value
		}
		if len(es) > 0 { // an empty board says so once, below
			fmt.Fprintf(&b, "Together: %s of %s (%d%%)\n", d(total), showGoal(ch, units), percent(total, goal))
		}
		goal = 0 // no per-member tick on a shared goal
	}
	if len(es) == 0 {
		b.WriteString("No runs yet.")
		if !ch.Ended && ch.End >= today {
			b.WriteString(" /challenge join to take part.")
		}
		b.WriteString("\n")
	}
	var extra func(entry) string
	// Run ids and dates are members' details: only in an admin's private chat.
	if v.admin && v.private && v.id != "" {
		extra = func(e entry) string { return r.adminRuns(ctx, e.id, club.ID, ch, units) }
	}
	writeEntries(&b, es, d, goal, extra)
	if v.id != "" {
		b.WriteString(ownChallengeLine(es, v, selfHidden, ch, units, today, slices.Contains(ch.Members, v.id)))
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

func ownChallengeLine(es []entry, v viewer, selfHidden bool, ch store.Challenge, units coach.Units, today string, joined bool) string {
	d := func(v int64) string { return showAmount(ch, v, units) }
	me, ok := findEntry(es, v.id)
	switch {
	case selfHidden:
		if v.private {
			return "\nYour entry is kept while you're paused and hidden from public boards."
		}
		return "" // said in public, even "not shown" would tell the group they're resting
	case !ok && joined:
		return "\nYou're in, with nothing logged yet."
	case !ok:
		if ch.Ended || ch.End < today {
			return ""
		}
		return "\nYou're not in yet: /challenge join " + quoteName(ch.Name)
	case me.paused:
		return fmt.Sprintf("\nYou: ⏸ paused · %s — your place is kept while you rest.", d(me.value))
	case ch.Team:
		return fmt.Sprintf("\nYou: #%d · %s", me.rank, d(me.value))
	}
	line := fmt.Sprintf("\nYou: #%d · %s of %s (%d%%)", me.rank, d(me.value), showGoal(ch, units), percent(me.value, goalOf(ch)))
	if me.value >= goalOf(ch) {
		line += " — goal reached 🎉"
	}
	return line
}

// adminRuns lists a member's three longest runs counted on a challenge, so
// an admin can spot a mistake and /challenge remove it.
func (r *Challenges) adminRuns(ctx context.Context, memberID, clubID string, ch store.Challenge, units coach.Units) string {
	runs, err := r.st.Runs(ctx, memberID, ch.Start, ch.End)
	if err != nil {
		r.log.Warn("runs for admin board", "member", memberID, "err", err)
		return ""
	}
	key := store.ChallengeKey(clubID, ch.ID)
	runs = slices.DeleteFunc(runs, func(run store.Run) bool {
		if amountOf(ch, run) == 0 {
			return true // never counted here
		}
		struck, err := r.st.Marked(ctx, memberID, struckMark(key, run.ID))
		return err == nil && struck
	})
	slices.SortStableFunc(runs, func(a, b store.Run) int {
		switch {
		case amountOf(ch, a) > amountOf(ch, b):
			return -1
		case amountOf(ch, a) < amountOf(ch, b):
			return 1
		}
		return 0
	})
	var parts []string
	for i, run := range runs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more", len(runs)-3))
			break
		}
		day := run.Date
		if t, err := time.Parse(time.DateOnly, run.Date); err == nil {
			day = t.Format("2 Jan")
		}
		what := coach.FormatDistance(float64(run.Meters), units)
		if timed(ch) {
			what = formatMinutes(run.Seconds)
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", run.ID, what, day))
	}
	return strings.Join(parts, " · ")
}

func (r *Router) challengeBoardReply(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	args, chart := wantsChart(args)
	ch, err := pickChallenge(club, argName(args), today, "board", func(ch store.Challenge) bool { return slices.Contains(ch.Members, req.MemberID) }, true)
	if err != nil {
		return platforms.Response{}, err
	}
	if chart {
		c, err := r.challengeChart(ctx, club, ch, coach.Units(req.Units()), req.Now)
		if err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{Image: imageOf(c)}, nil
	}
	text, err := r.renderChallengeBoard(ctx, club, ch, viewerOf(req), coach.Units(req.Units()), today)
	if err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: text}, nil
}

// ---- /board: date-range boards ----

// boardRange reads /board's arguments into an inclusive date range.
func boardRange(args []string, today string) (from, to, label string, err error) {
	t, _ := time.Parse(time.DateOnly, today)
	switch {
	case len(args) == 0 || (len(args) == 1 && strings.EqualFold(args[0], "week")):
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return addDays(today, -back), today, "this week", nil
	case len(args) == 1 && strings.EqualFold(args[0], "month"):
		return today[:8] + "01", today, "this month", nil
	case len(args) == 2:
		if from, err = parseChallengeDate(args[0], today); err != nil {
			return "", "", "", err
		}
		if to, err = parseChallengeDate(args[1], today); err != nil {
			return "", "", "", err
		}
		if to < from {
			return "", "", "", Userf("The range ends (%s) before it starts (%s): start date first.", to, from)
		}
		if daysBetween(from, to)+1 > maxBoardDays {
			return "", "", "", Userf("Boards cover up to %d days at a time.", maxBoardDays)
		}
		return from, to, prettyDate(from, today) + " → " + prettyDate(to, today), nil
	}
	return "", "", "", Userf("Use /board, /board week, /board month or /board <from> <to> with dates as YYYY-MM-DD.")
}

func (r *Router) board(ctx context.Context, req *Request) (platforms.Response, error) {
	club, err := r.challengeClub(ctx, req)
	if err != nil {
		return platforms.Response{}, err
	}
	today := clubToday(club, req.Now)
	from, to, label, err := boardRange(splitArgs(req.Args), today)
	if err != nil {
		return platforms.Response{}, err
	}
	members := club.Members
	if !slices.Contains(members, req.MemberID) {
		members = append(slices.Clone(members), req.MemberID)
	}
	var scores []store.Score
	for _, mid := range members {
		runs, err := r.st.Runs(ctx, mid, from, to)
		if err != nil {
			return platforms.Response{}, fmt.Errorf("runs of %s: %w", mid, err)
		}
		var sum int64
		for _, run := range runs {
			sum += run.Meters
		}
		if sum > 0 {
			scores = append(scores, store.Score{Member: mid, Value: sum})
		}
	}
	slices.SortFunc(scores, func(a, b store.Score) int {
		switch {
		case a.Value != b.Value && a.Value > b.Value:
			return -1
		case a.Value != b.Value:
			return 1
		}
		return strings.Compare(a.Member, b.Member)
	})
	v := viewerOf(req)
	es, selfHidden, err := r.visibleEntries(ctx, scores, v)
	if err != nil {
		return platforms.Response{}, err
	}
	units := coach.Units(req.Units())
	var b strings.Builder
	span := prettyDate(from, today) + " → " + prettyDate(to, today)
	if label == span { // a custom range's label is already its dates
		fmt.Fprintf(&b, "🏃 Club distance, %s\n", span)
	} else {
		fmt.Fprintf(&b, "🏃 Club distance, %s (%s)\n", label, span)
	}
	if len(es) == 0 {
		b.WriteString("No runs logged in that range yet. /run 5k logs one.\n")
	}
	dist := func(m int64) string { return coach.FormatDistance(float64(m), units) }
	writeEntries(&b, es, dist, 0, nil)
	me, ok := findEntry(es, req.MemberID)
	switch {
	case selfHidden:
		// Nothing: even "not shown here" would tell the group they're resting.
	case ok && me.paused:
		fmt.Fprintf(&b, "\nYou: ⏸ paused · %s", dist(me.value))
	case ok:
		fmt.Fprintf(&b, "\nYou: #%d · %s", me.rank, dist(me.value))
	default:
		b.WriteString("\nYou: nothing logged in that range.")
	}
	return platforms.Response{Text: strings.TrimRight(b.String(), "\n")}, nil
}
