package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
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

func viewerOf(req *Request) challenge.Viewer {
	return challenge.Viewer{ID: req.MemberID, Admin: req.Admin, Private: req.DM}
}

func (r *Router) challengeBoardReply(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	args, chart := wantsChart(args)
	ch, err := pickChallenge(club, argName(args), today, "board", func(ch store.Challenge) bool { return slices.Contains(ch.Members, req.MemberID) }, true)
	if err != nil {
		return platforms.Response{}, err
	}
	if chart {
		c, err := r.challenges.Chart(ctx, club, ch, req.Units(), req.Now)
		if err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{Image: imageOf(c)}, nil
	}
	text, err := r.challenges.Board(ctx, club, ch, viewerOf(req), req.Units(), today)
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
		return daily.AddDays(today, -back), today, "this week", nil
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
		if daily.DaysBetween(from, to)+1 > maxBoardDays {
			return "", "", "", Userf("Boards cover up to %d days at a time.", maxBoardDays)
		}
		return from, to, challenge.PrettyDate(from, today) + " → " + challenge.PrettyDate(to, today), nil
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
	scores, err := r.challenges.RangeScores(ctx, members, from, to)
	if err != nil {
		return platforms.Response{}, err
	}
	v := viewerOf(req)
	es, selfHidden, err := r.challenges.Entries(ctx, scores, v)
	if err != nil {
		return platforms.Response{}, err
	}
	units := req.Units()
	var b strings.Builder
	span := challenge.PrettyDate(from, today) + " → " + challenge.PrettyDate(to, today)
	if label == span { // a custom range's label is already its dates
		fmt.Fprintf(&b, "🏃 Club distance, %s\n", span)
	} else {
		fmt.Fprintf(&b, "🏃 Club distance, %s (%s)\n", label, span)
	}
	if len(es) == 0 {
		b.WriteString("No runs logged in that range yet. /run 5k logs one.\n")
	}
	dist := func(m int64) string { return coach.FormatDistance(float64(m), units) }
	challenge.WriteEntries(&b, es, dist, 0, nil)
	me, ok := challenge.FindEntry(es, req.MemberID)
	switch {
	case selfHidden:
		// Nothing: even "not shown here" would tell the group they're resting.
	case ok && me.Paused:
		fmt.Fprintf(&b, "\nYou: ⏸ paused · %s", dist(me.Value))
	case ok:
		fmt.Fprintf(&b, "\nYou: #%d · %s", me.Rank, dist(me.Value))
	default:
		b.WriteString("\nYou: nothing logged in that range.")
	}
	return platforms.Response{Text: strings.TrimRight(b.String(), "\n")}, nil
}
