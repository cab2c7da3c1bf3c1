package challenge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/charts"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/web"
)

// Viewer is who a board is rendered for. The zero Viewer is a public club
// post: no own line, no paused entries, no run ids.
type Viewer struct {
	ID      ids.MemberID // the asking member; "" for a club post
	Admin   bool         // a club admin: run ids, and paused entries in private
	Private bool         // a DM (the console counts): paused entries may show
}

// Entry is one visible line of a board.
type Entry struct {
	ID     ids.MemberID
	Name   string // DisplayName
	Public string // PublicName: the name on the club's public web page
	Value  int64  // metres, or seconds on a time challenge's board
	Rank   int
	Paused bool // shown with a pause mark (only to the member or admins, privately)
}

// Entries turns scores (highest first) into the entries v may see, ranked
// among themselves. A paused member who did not opt in is seen only by
// themselves and admins, and only in private; selfHidden reports that the
// asker's own entry was left out for that reason.
func (s *Service) Entries(ctx context.Context, scores []store.Score, v Viewer) (out []Entry, selfHidden bool, err error) {
	for _, sc := range scores {
		m, err := s.st.Member(ctx, sc.Member)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, false, fmt.Errorf("load member %s: %w", sc.Member, err)
		}
		e := Entry{ID: sc.Member, Name: DisplayName(m, sc.Member), Public: PublicName(m), Value: sc.Value}
		if m.Injured {
			insider := v.Private && (v.Admin || v.ID == sc.Member)
			if !m.ShowInjured && !insider {
				if v.ID == sc.Member {
					selfHidden = true
				}
				continue
			}
			e.Paused = insider
		}
		out = append(out, e)
	}
	for i := range out {
		if i > 0 && out[i].Value == out[i-1].Value {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out, selfHidden, nil
}

// WriteEntries writes up to the first ten entries, each value as show
// puts it, ticked when it reaches goal (> 0); extra, when set, adds a line
// under an entry (an admin's run ids).
func WriteEntries(b *strings.Builder, es []Entry, show func(int64) string, goal int64, extra func(Entry) string) {
	for i, e := range es {
		if i == boardTopN {
			break
		}
		fmt.Fprintf(b, "%2d. %s — %s", e.Rank, e.Name, show(e.Value))
		if goal > 0 && e.Value >= goal {
			b.WriteString(" ✅")
		}
		if e.Paused {
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

// FindEntry finds a member's entry among es.
func FindEntry(es []Entry, id ids.MemberID) (Entry, bool) {
	for _, e := range es {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

func percent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return part * 100 / whole
}

// Board is a challenge's board as v sees it: the heading, the team total,
// the top ten, an admin's run ids in private, and v's own line.
func (s *Service) Board(ctx context.Context, club store.Club, ch store.Challenge, v Viewer, units coach.Units, today string) (string, error) {
	board := BoardName(club.ID, ch.ID)
	scores, err := s.st.BoardTop(ctx, board, 0)
	if err != nil {
		return "", fmt.Errorf("board %s: %w", board, err)
	}
	es, selfHidden, err := s.Entries(ctx, scores, v)
	if err != nil {
		return "", err
	}
	d := func(v int64) string { return Amount(ch, v, units) }
	var b strings.Builder
	fmt.Fprintf(&b, "🏁 %s — %s\n", shown(ch.Name), Describe(ch, units, today))
	goal := GoalOf(ch)
	if ch.Team {
		var total int64
		for _, sc := range scores {
			total += sc.Value
		}
		if len(es) > 0 { // an empty board says so once, below
			fmt.Fprintf(&b, "Together: %s of %s (%d%%)\n", d(total), Goal(ch, units), percent(total, goal))
		}
		goal = 0 // no per-member tick on a shared goal
	}
	if len(es) == 0 {
		b.WriteString("No runs yet.")
		if Open(ch, today) {
			b.WriteString(" /challenge join to take part.")
		}
		b.WriteString("\n")
	}
	var extra func(Entry) string
	// Run ids and dates are members' details: only in an admin's private chat.
	if v.Admin && v.Private && v.ID != "" {
		extra = func(e Entry) string { return s.adminRuns(ctx, e.ID, club.ID, ch, units) }
	}
	WriteEntries(&b, es, d, goal, extra)
	if v.ID != "" {
		b.WriteString(ownLine(es, v, selfHidden, ch, units, today, slices.Contains(ch.Members, v.ID)))
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

func ownLine(es []Entry, v Viewer, selfHidden bool, ch store.Challenge, units coach.Units, today string, joined bool) string {
	d := func(v int64) string { return Amount(ch, v, units) }
	me, ok := FindEntry(es, v.ID)
	switch {
	case selfHidden:
		if v.Private {
			return "\nYour entry is kept while you're paused and hidden from public boards."
		}
		return "" // said in public, even "not shown" would tell the group they're resting
	case !ok && joined:
		return "\nYou're in, with nothing logged yet."
	case !ok:
		if !Open(ch, today) {
			return ""
		}
		return "\nYou're not in yet: /challenge join " + QuoteName(ch.Name)
	case me.Paused:
		return fmt.Sprintf("\nYou: ⏸ paused · %s — your place is kept while you rest.", d(me.Value))
	case ch.Team:
		return fmt.Sprintf("\nYou: #%d · %s", me.Rank, d(me.Value))
	}
	line := fmt.Sprintf("\nYou: #%d · %s of %s (%d%%)", me.Rank, d(me.Value), Goal(ch, units), percent(me.Value, GoalOf(ch)))
	if me.Value >= GoalOf(ch) {
		line += " — goal reached 🎉"
	}
	return line
}

// adminRuns lists a member's three longest runs counted on a challenge, so
// an admin can spot a mistake and /challenge remove it.
func (s *Service) adminRuns(ctx context.Context, memberID ids.MemberID, clubID ids.ClubID, ch store.Challenge, units coach.Units) string {
	runs, err := s.st.Runs(ctx, memberID, ch.Start, ch.End)
	if err != nil {
		s.log.Warn("runs for admin board", "member", memberID, "err", err)
		return ""
	}
	key := store.ChallengeKey(clubID, ch.ID)
	runs = slices.DeleteFunc(runs, func(run store.Run) bool {
		if AmountOf(ch, run) == 0 {
			return true // never counted here
		}
		struck, err := s.st.Marked(ctx, string(memberID), struckMark(key, run.ID))
		return err == nil && struck
	})
	slices.SortStableFunc(runs, func(a, b store.Run) int {
		switch {
		case AmountOf(ch, a) > AmountOf(ch, b):
			return -1
		case AmountOf(ch, a) < AmountOf(ch, b):
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
		if Timed(ch) {
			what = formatMinutes(run.Seconds)
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", run.ID, what, day))
	}
	return strings.Join(parts, " · ")
}

// RangeScores are the club distance of each of memberIDs over from..to
// (inclusive, YYYY-MM-DD): every run counts, challenge or not. Members
// with nothing are left out; the rest come highest first, ties by id.
func (s *Service) RangeScores(ctx context.Context, memberIDs []ids.MemberID, from, to string) ([]store.Score, error) {
	var scores []store.Score
	for _, mid := range memberIDs {
		runs, err := s.st.Runs(ctx, mid, from, to)
		if err != nil {
			return nil, fmt.Errorf("runs of %s: %w", mid, err)
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
		return strings.Compare(string(a.Member), string(b.Member))
	})
	return scores, nil
}

// Chart draws a challenge's public board: display names and distances (or
// times) only; paused members who did not opt in are left out, as on the
// public text board.
func (s *Service) Chart(ctx context.Context, club store.Club, ch store.Challenge, units coach.Units, now time.Time) (charts.Chart, error) {
	board := BoardName(club.ID, ch.ID)
	scores, err := s.st.BoardTop(ctx, board, 0)
	if err != nil {
		return charts.Chart{}, fmt.Errorf("board %s: %w", board, err)
	}
	es, _, err := s.Entries(ctx, scores, Viewer{})
	if err != nil {
		return charts.Chart{}, err
	}
	loc := member.ClubZone(club)
	d := charts.ChallengeData{Name: shown(ch.Name), Team: ch.Team, GoalMeters: float64(GoalOf(ch)), Ended: ch.Ended, Today: now.In(loc), Units: units, Time: Timed(ch)}
	d.Start, _ = time.ParseInLocation(time.DateOnly, ch.Start, loc)
	d.End, _ = time.ParseInLocation(time.DateOnly, ch.End, loc)
	for _, e := range es {
		d.Entries = append(d.Entries, charts.Entry{Name: e.Name, Meters: float64(e.Value)})
	}
	c, err := charts.Challenge(d)
	if err != nil {
		return charts.Chart{}, fmt.Errorf("draw challenge chart: %w", err)
	}
	return c, nil
}

// Image is a chart as the platforms send it.
func Image(c charts.Chart) *platforms.Image {
	return &platforms.Image{Data: c.PNG, MIME: "image/png", Name: c.Name, Caption: c.Caption, Alt: c.Alt}
}

// StandingsCharts are the pictures for the weekly standings post: one per
// challenge that has started and not ended (none when none has).
func (s *Service) StandingsCharts(ctx context.Context, clubID ids.ClubID, now time.Time) ([]platforms.Image, error) {
	club, err := s.Club(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := Today(club, now)
	var out []platforms.Image
	for _, ch := range club.Challenges {
		if ch.Ended || today < ch.Start || today > ch.End {
			continue
		}
		c, err := s.Chart(ctx, club, ch, coach.KM, now)
		if err != nil {
			return nil, err
		}
		out = append(out, *Image(c))
	}
	return out, nil
}

// WebPage is the club's public page data (web.Pages): its open challenges
// and those finished in the last web.FinishedDays days, each with its
// public board. The board rules are the chat's public ones (paused members
// left out unless they chose to stay visible); names are PublicName. No
// ids, runs, notes or health data leave here. An unknown club is
// store.ErrNotFound.
func (s *Service) WebPage(ctx context.Context, clubID ids.ClubID, now time.Time) (web.Page, error) {
	club, err := s.st.Club(ctx, clubID)
	if err != nil {
		return web.Page{}, fmt.Errorf("load club %s: %w", clubID, err)
	}
	today := Today(club, now)
	since := daily.AddDays(today, -web.FinishedDays)
	p := web.Page{Club: club.Name, Units: string(coach.KM), Today: today}
	for _, ch := range club.Challenges {
		if ch.End < since {
			continue
		}
		board := BoardName(club.ID, ch.ID)
		scores, err := s.st.BoardTop(ctx, board, 0)
		if err != nil {
			return web.Page{}, fmt.Errorf("board %s: %w", board, err)
		}
		es, _, err := s.Entries(ctx, scores, Viewer{})
		if err != nil {
			return web.Page{}, err
		}
		wc := web.Challenge{
			ID: ch.ID, Name: ch.Name, GoalM: GoalOf(ch), Team: ch.Team, Time: Timed(ch),
			Start: ch.Start, End: ch.End, Ended: ch.Ended || ch.Finished, Board: []web.Entry{},
		}
		if ch.Team {
			// A team's total is the club's effort, paused members included.
			for _, sc := range scores {
				wc.TotalM += sc.Value
			}
		} else {
			// Per member: only what the board shows, so the total cannot
			// reveal a paused member's distance.
			for _, e := range es {
				wc.TotalM += e.Value
			}
		}
		for _, e := range es {
			wc.Board = append(wc.Board, web.Entry{Place: e.Rank, Name: e.Public, Meters: e.Value})
		}
		p.Challenges = append(p.Challenges, wc)
	}
	return p, nil
}
