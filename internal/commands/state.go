package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/training"
)

// The training state: one entry per place (store.PlaceState), which every
// reply reads. A red flag stays open until the member says it has been
// checked or has fully settled; a lower score alone never closes it.

// closeQuestion asks whether an open red flag can close, with buttons that
// name the place.
func closeQuestion(s store.PlaceState) (string, []platforms.Button) {
	q := fmt.Sprintf("🔴 Your %s red flag from %s is still open. Has it been checked, or has it fully settled?", s.Place, s.Since.Format("Mon 2 Jan"))
	if s.Urgent {
		q = fmt.Sprintf("🔴 Your %s red flag from %s needed an urgent check and is still open. Has it been checked by a physio or doctor?", s.Place, s.Since.Format("Mon 2 Jan"))
	}
	return q, []platforms.Button{
		{Label: "✅ Yes — " + truncate(s.Place, 20), Command: "/pain clear " + s.Place + " yes"},
		{Label: "Not yet", Command: "/pain clear " + s.Place + " no"},
	}
}

// openRedLine is the one line every training reply leads with while a red
// flag is open; empty when none is.
func openRedLine(m store.Member) string {
	reds := m.OpenRedFlags()
	if len(reds) == 0 {
		return ""
	}
	names := make([]string, len(reds))
	for i, s := range reds {
		names[i] = fmt.Sprintf("%s (since %s)", s.Place, s.Since.Format("Mon 2 Jan"))
	}
	noun := "The red flag on your %s is still open"
	if len(reds) > 1 {
		noun = "The red flags on your %s are still open"
	}
	return fmt.Sprintf("🔴 "+noun+": no running on it until it's been checked — so no targets from me for now. Once it has, /pain clear %s.",
		strings.Join(names, ", "), reds[0].Place)
}

// amberEdgeLines states the pain edge of each amber place once.
func amberEdgeLines(m store.Member) []string {
	var out []string
	for _, s := range m.Places {
		if s.Level == "amber" {
			out = append(out, "🟡 "+coach.EdgeLine(coach.Place{Region: s.Region, Side: s.Side}))
		}
	}
	return out
}

// painClear is "/pain clear <place> [yes|no]": closes an amber niggle, or
// asks before closing a red flag and closes it only on yes.
func (r *Router) painClear(ctx context.Context, req *Request, args string) (platforms.Response, error) {
	words := strings.Fields(args)
	confirm := training.NotAsked
	if n := len(words); n > 0 {
		switch strings.ToLower(words[n-1]) {
		case "yes", "y", "checked", "settled":
			confirm, words = training.Yes, words[:n-1]
		case "no", "n", "not":
			confirm, words = training.No, words[:n-1]
		}
	}
	m := req.Member
	var place *coach.Place
	label := strings.Join(words, " ")
	if label == "" {
		if len(m.Places) != 1 {
			return platforms.Response{}, Userf("Which place? e.g. /pain clear %s.", placeExample(m))
		}
	} else {
		pl, ok := coach.PlaceOf(label)
		if !ok {
			return platforms.Response{}, Userf("I don't know the place %q. e.g. /pain clear %s.", truncate(label, 30), placeExample(m))
		}
		place = &pl
	}
	c, err := r.training.ClearPlace(ctx, req.memberDoc(), place, confirm)
	if err != nil {
		return platforms.Response{}, err
	}
	s := c.Place
	switch {
	case !c.Found:
		return platforms.Response{Text: fmt.Sprintf("Nothing is open for your %s — good. If something hurts, tell me with %s.", label, coach.PainUsage)}, nil
	case !c.Closed && confirm == training.No:
		return platforms.Response{Text: fmt.Sprintf("OK — your %s red flag stays open: no running on it until it's been checked by a physio or doctor. Walking, cycling or swimming only if they're pain-free.", s.Place)}, nil
	case !c.Closed:
		q, bs := closeQuestion(s)
		return platforms.Response{Text: q, Buttons: bs}, nil
	}
	req.Member = c.Member
	if s.Level == "red" {
		return platforms.Response{Text: fmt.Sprintf("✅ Closed the red flag for your %s. Ease back in with short, easy runs.\n%s", s.Place, coach.EdgeLine(coach.Place{Region: s.Region, Side: s.Side}))}, nil
	}
	return platforms.Response{Text: fmt.Sprintf("✅ Glad your %s has settled — I've closed it. Tell me with /pain if it comes back.", s.Place)}, nil
}

func placeExample(m store.Member) string {
	if len(m.Places) > 0 {
		return m.Places[0].Place
	}
	return "knee"
}
