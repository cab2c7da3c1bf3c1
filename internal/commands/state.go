package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// The training state: one entry per place (store.PlaceState), which every
// reply reads. A red flag stays open until the member says it has been
// checked or has fully settled; a lower score alone never closes it.

// samePlace matches a state entry with a reported place: the same region,
// and the same side unless one of them names none.
func samePlace(s store.PlaceState, p coach.Place) bool {
	return s.Region == p.Region && (s.Side == p.Side || s.Side == "" || p.Side == "")
}

// placeLevel is one place's level in a report: any red flag other than
// the score makes every place red; otherwise the place's own score
// decides (the report's when it gave none).
func placeLevel(a coach.Assessment, p coach.Place) coach.Level {
	for _, f := range a.Flags {
		if f != coach.FlagSevere {
			return coach.Red
		}
	}
	score := p.Score
	if score < 0 {
		score = a.Score
	}
	switch {
	case score >= coach.RedFrom:
		return coach.Red
	case score >= coach.AmberFrom:
		return coach.Amber
	}
	return coach.Green
}

// applyReport updates m's state for a stored report and returns the
// places whose open red flag the report did not close (a lower score): the
// reply asks about each.
func applyReport(m *store.Member, p store.Pain, a coach.Assessment, places []coach.Place) []store.PlaceState {
	var ask []store.PlaceState
	for _, pl := range places {
		lvl := placeLevel(a, pl)
		i := slices.IndexFunc(m.Places, func(s store.PlaceState) bool { return samePlace(s, pl) })
		score := pl.Score
		if score < 0 {
			score = a.Score
		}
		next := store.PlaceState{
			Place: pl.Label(), Region: pl.Region, Side: pl.Side, Level: lvl.String(), Score: score,
			Since: p.At, Report: p.ID, Urgent: lvl == coach.Red && a.Urgent(), Flags: p.Flags,
		}
		switch {
		case i >= 0 && m.Places[i].Level == "red" && lvl != coach.Red:
			ask = append(ask, m.Places[i])
		case i >= 0 && m.Places[i].Level == next.Level:
			next.Since = m.Places[i].Since
			next.Urgent = next.Urgent || m.Places[i].Urgent
			m.Places[i] = next
		case i >= 0 && lvl == coach.Green:
			m.Places = slices.Delete(m.Places, i, i+1)
		case i >= 0:
			m.Places[i] = next
		case lvl != coach.Green:
			m.Places = append(m.Places, next)
		}
	}
	return ask
}

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
	answer := ""
	if n := len(words); n > 0 {
		switch strings.ToLower(words[n-1]) {
		case "yes", "y", "checked", "settled":
			answer, words = "yes", words[:n-1]
		case "no", "n", "not":
			answer, words = "no", words[:n-1]
		}
	}
	m := req.Member
	var idx []int
	label := strings.Join(words, " ")
	if label == "" {
		if len(m.Places) == 1 {
			idx = []int{0}
		} else {
			return platforms.Response{}, Userf("Which place? e.g. /pain clear %s.", placeExample(m))
		}
	} else {
		pl, ok := coach.PlaceOf(label)
		if !ok {
			return platforms.Response{}, Userf("I don't know the place %q. e.g. /pain clear %s.", truncate(label, 30), placeExample(m))
		}
		for i, s := range m.Places {
			if samePlace(s, pl) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		return platforms.Response{Text: fmt.Sprintf("Nothing is open for your %s — good. If something hurts, tell me with %s.", label, coach.PainUsage)}, nil
	}
	s := m.Places[idx[0]]
	if s.Level == "red" {
		switch answer {
		case "":
			q, bs := closeQuestion(s)
			return platforms.Response{Text: q, Buttons: bs}, nil
		case "no":
			return platforms.Response{Text: fmt.Sprintf("OK — your %s red flag stays open: no running on it until it's been checked by a physio or doctor. Walking, cycling or swimming only if they're pain-free.", s.Place)}, nil
		}
	}
	closed := s
	_, err := r.saveMember(ctx, req.MemberID, func(mb *store.Member) error {
		mb.Places = slices.DeleteFunc(mb.Places, func(x store.PlaceState) bool {
			return x.Region == closed.Region && x.Side == closed.Side
		})
		return nil
	})
	if err != nil {
		return platforms.Response{}, err
	}
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

// painByID finds a report of the last 7 days by id ("" = none).
func (r *Router) painByID(ctx context.Context, memberID ids.MemberID, id string, now time.Time) (store.Pain, error) {
	ps, err := r.st.Pains(ctx, memberID, now.Add(-flagCheckWindow))
	if err != nil {
		return store.Pain{}, fmt.Errorf("load pain reports: %w", err)
	}
	for _, p := range ps {
		if strings.EqualFold(p.ID, id) {
			return p, nil
		}
	}
	return store.Pain{}, store.ErrNotFound
}

// placesOf reads a stored report's places ("left knee, shin") back.
func placesOf(where string) []coach.Place {
	var out []coach.Place
	for _, part := range strings.Split(where, ",") {
		if pl, ok := coach.PlaceOf(strings.TrimSpace(part)); ok {
			out = append(out, pl)
		}
	}
	return out
}
