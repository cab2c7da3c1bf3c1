package training

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// The training state: one entry per place (store.PlaceState), which every
// reply reads. A red flag stays open until the member says it has been
// checked or has fully settled; a lower score alone never closes it.

// ReportWindow is how long after a pain report it can still be answered:
// amended by the red-flag check, or checked on next morning.
const ReportWindow = 7 * 24 * time.Hour

// SamePlace matches a state entry with a reported place: the same region,
// and the same side unless one of them names none.
func SamePlace(s store.PlaceState, p coach.Place) bool {
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

// ApplyReport updates m's state for a stored report and returns the
// places whose open red flag the report did not close (a lower score): the
// reply asks about each.
func ApplyReport(m *store.Member, p store.Pain, a coach.Assessment, places []coach.Place) []store.PlaceState {
	var ask []store.PlaceState
	for _, pl := range places {
		lvl := placeLevel(a, pl)
		i := slices.IndexFunc(m.Places, func(s store.PlaceState) bool { return SamePlace(s, pl) })
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

// PlacesOf reads a stored report's places ("left knee, shin") back.
func PlacesOf(where string) []coach.Place {
	var out []coach.Place
	for _, part := range strings.Split(where, ",") {
		if pl, ok := coach.PlaceOf(strings.TrimSpace(part)); ok {
			out = append(out, pl)
		}
	}
	return out
}

// Reported is a stored pain report and what it did to the state.
type Reported struct {
	Pain   store.Pain
	Member store.Member       // as saved (zero when only the report was stored: ErrReportStored)
	Ask    []store.PlaceState // open red flags the report's lower score did not close
}

// RecordReport stores a triaged report (RecordPain: the daily cap, one
// atomic write with the member, the re-plan event): it becomes what
// tomorrow's check-in asks about, and its places move the state.
func (s *Service) RecordReport(ctx context.Context, memberID ids.MemberID, now time.Time, rep coach.PainReport, a coach.Assessment, clubID ids.ClubID) (Reported, error) {
	var ask []store.PlaceState
	p, m, err := s.RecordPain(ctx, memberID, now, PainRecord(rep, a, now, clubID), func(m *store.Member, p store.Pain) error {
		m.LastPain = p.At
		m.LastPainLvl = p.Level
		ask = ApplyReport(m, p, a, rep.Places)
		return nil
	})
	return Reported{Pain: p, Member: m, Ask: ask}, err
}

// saveMember updates the member and fires the re-plan event when the
// change moved what their reminders are planned from.
func (s *Service) saveMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	return member.Save(ctx, s.st, id, fn, s.replan)
}

// Confirm is a member's answer to "has your red flag been checked, or
// fully settled?".
type Confirm int

const (
	NotAsked Confirm = iota
	Yes
	No
)

// Clearing is what closing a place did.
type Clearing struct {
	Place  store.PlaceState // the open entry found
	Found  bool             // something was open there
	Closed bool             // and it is closed now
	Member store.Member     // as saved, when closed
}

// ClearPlace closes the member's open entry for pl (their only one when pl
// is nil): a niggle at once, a red flag only once confirmed (Yes).
func (s *Service) ClearPlace(ctx context.Context, m store.Member, pl *coach.Place, confirm Confirm) (Clearing, error) {
	var found []store.PlaceState
	switch {
	case pl == nil && len(m.Places) == 1:
		found = m.Places
	case pl != nil:
		for _, st := range m.Places {
			if SamePlace(st, *pl) {
				found = append(found, st)
			}
		}
	}
	if len(found) == 0 {
		return Clearing{}, nil
	}
	c := Clearing{Place: found[0], Found: true}
	if c.Place.Level == "red" && confirm != Yes {
		return c, nil
	}
	closed := c.Place
	saved, err := s.saveMember(ctx, m.ID, func(mb *store.Member) error {
		mb.Places = slices.DeleteFunc(mb.Places, func(x store.PlaceState) bool {
			return x.Region == closed.Region && x.Side == closed.Side
		})
		return nil
	})
	if err != nil {
		return c, err
	}
	c.Closed, c.Member = true, saved
	return c, nil
}

// ErrNoRecentReport: there is no pain report of the last ReportWindow to
// check on.
var ErrNoRecentReport = errors.New("no recent pain report")

// ReportByID finds a report of the last ReportWindow by id
// (case-insensitively); store.ErrNotFound when there is none.
func (s *Service) ReportByID(ctx context.Context, memberID ids.MemberID, id string, now time.Time) (store.Pain, error) {
	ps, err := s.st.Pains(ctx, memberID, now.Add(-ReportWindow))
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

// CheckinReport is the report a next-morning answer is about: the one
// named by id (store.ErrNotFound when it is not of the last ReportWindow),
// else the member's latest (ErrNoRecentReport when it is older; the zero
// Pain stands for it until AnswerCheckin reads it).
func (s *Service) CheckinReport(ctx context.Context, m store.Member, id string, now time.Time) (store.Pain, error) {
	if id != "" {
		return s.ReportByID(ctx, m.ID, id, now)
	}
	if m.LastPain.IsZero() || now.Sub(m.LastPain) > ReportWindow {
		return store.Pain{}, ErrNoRecentReport
	}
	return store.Pain{}, nil
}

// Morning is a next-morning check-in answer to record.
type Morning struct {
	Member store.Member
	Named  store.Pain // the report named by id (CheckinReport); zero: the latest
	Level  coach.Level
	Flags  []coach.Flag // red flags in the answer's words
	Answer string       // the member's words, kept in the record's notes
	Now    time.Time
}

// Answered is a recorded check-in answer.
type Answered struct {
	// Report is the latest record about the places: the report answered,
	// or the check-in record this answer added when it moved the level.
	Report store.Pain
	About  string             // the id of the record answered
	Ask    []store.PlaceState // open red flags a settled answer did not close
	Member store.Member       // as saved
}

// AnswerCheckin records a next-morning answer: a check-in record when the
// level moved (after the daily cap: a *CapError refuses it, nothing
// saved), the mark that the check-in was answered, and the state of the
// report's places. An answer that is not settled asks again tomorrow
// morning, through the re-plan event.
func (s *Service) AnswerCheckin(ctx context.Context, in Morning) (Answered, error) {
	m, last := in.Member, in.Named
	// The latest record: the report, or an earlier check-in that re-armed
	// this one (it moved LastPain on).
	if in.Named.ID == "" {
		if ps, err := s.st.Pains(ctx, m.ID, m.LastPain.Add(-2*ReportWindow)); err != nil {
			return Answered{}, fmt.Errorf("load pain report: %w", err)
		} else if len(ps) > 0 {
			last = ps[len(ps)-1]
		}
	}
	about := last.ID
	if in.Named.ID == "" && in.Level.String() != m.LastPainLvl || in.Named.ID != "" && in.Level.String() != last.Level {
		names := make([]string, 0, len(in.Flags))
		for _, f := range in.Flags {
			names = append(names, string(f))
		}
		p := store.Pain{
			At: in.Now.UTC(), Score: last.Score, Where: last.Where, Level: in.Level.String(), Flags: names, RestM: last.RestM,
			Notes: "next-morning check: " + truncate(in.Answer, 200), Source: "checkin",
			Club: last.Club,
		}
		if err := s.CapPains(ctx, m.ID, in.Now); err != nil {
			return Answered{}, err
		}
		saved, err := s.st.AddPain(ctx, m.ID, p)
		if err != nil {
			return Answered{}, fmt.Errorf("save check-in: %w", err)
		}
		last = saved
	}
	if _, err := s.st.Mark(ctx, string(m.ID), checkin.AnsweredKey(m.LastPain), checkin.AnsweredTTL); err != nil {
		return Answered{}, fmt.Errorf("record check-in answer: %w", err)
	}
	settled := in.Level == coach.Green
	places := PlacesOf(last.Where)
	var ask []store.PlaceState
	saved, err := s.saveMember(ctx, m.ID, func(mb *store.Member) error {
		mb.LastPainLvl = in.Level.String()
		if !settled {
			// Not settled: ask again tomorrow morning.
			mb.LastPain = in.Now.UTC()
		}
		ask = ApplyReport(mb, last, morningAssessment(in.Level, last, in.Flags), places)
		return nil
	})
	if err != nil {
		return Answered{}, err
	}
	return Answered{Report: last, About: about, Ask: ask, Member: saved}, nil
}

// morningAssessment turns a check-in answer into the assessment the
// training state applies to the report's places: settled is green (a red
// flag still asks before closing), not settled amber, worse red.
func morningAssessment(level coach.Level, last store.Pain, flags []coach.Flag) coach.Assessment {
	switch level {
	case coach.Red:
		return coach.Assessment{Level: coach.Red, Score: last.Score, Flags: append([]coach.Flag{coach.FlagWorsening}, flags...)}
	case coach.Amber:
		return coach.Assessment{Level: coach.Amber, Score: min(max(last.Score, coach.AmberFrom), coach.RedFrom-1)}
	}
	return coach.Assessment{Level: coach.Green}
}

// truncate keeps the first n characters of s, marking a cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// FlagTarget is the report a red-flag answer amends.
type FlagTarget struct {
	ID     string // "" when there is none
	Latest bool   // it is the member's latest report
}

// FlagTarget finds the report a red-flag answer amends: the one named by
// id (case-insensitively), or the latest, of the last ReportWindow; zero
// when there is none.
func (s *Service) FlagTarget(ctx context.Context, memberID ids.MemberID, id string, now time.Time) (FlagTarget, error) {
	ps, err := s.st.Pains(ctx, memberID, now.Add(-ReportWindow))
	if err != nil {
		return FlagTarget{}, fmt.Errorf("load pain reports: %w", err)
	}
	ps = slices.DeleteFunc(ps, func(p store.Pain) bool { return p.ID == "" })
	if len(ps) == 0 {
		return FlagTarget{}, nil
	}
	if id == "" {
		return FlagTarget{ID: ps[len(ps)-1].ID, Latest: true}, nil
	}
	for i, p := range ps {
		if strings.EqualFold(p.ID, id) {
			return FlagTarget{ID: p.ID, Latest: i == len(ps)-1}, nil
		}
	}
	return FlagTarget{}, nil
}

// AmendFlags adds red flags the member confirmed to a report of the last
// ReportWindow (store.ErrNotFound when it is gone) and returns it with its
// new assessment. Its places then carry an open red flag, and the latest
// report also sets what tomorrow's check-in asks about (the re-plan
// event); a failure there only logs: the report is amended.
func (s *Service) AmendFlags(ctx context.Context, memberID ids.MemberID, target FlagTarget, flags []coach.Flag, now time.Time) (store.Pain, coach.Assessment, error) {
	var a coach.Assessment
	p, err := s.st.AmendPain(ctx, memberID, target.ID, now.Add(-ReportWindow), func(p *store.Pain) error {
		stored := make([]coach.Flag, 0, len(p.Flags))
		for _, f := range p.Flags {
			stored = append(stored, coach.Flag(f))
		}
		a = coach.Amend(p.Score, p.Where, stored, flags)
		p.Level = a.Level.String()
		p.Flags = p.Flags[:0]
		for _, f := range a.Flags {
			p.Flags = append(p.Flags, string(f))
		}
		return nil
	})
	if err != nil {
		return p, a, fmt.Errorf("amend pain report: %w", err)
	}
	places := PlacesOf(p.Where)
	if target.Latest || len(places) > 0 {
		if _, err := s.saveMember(ctx, memberID, func(m *store.Member) error {
			if target.Latest {
				m.LastPainLvl = p.Level
			}
			ApplyReport(m, p, a, places)
			return nil
		}); err != nil {
			s.log.Error("record amended pain level", "member", memberID, "err", err)
		}
	}
	return p, a, nil
}
