package commands

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Units returns the units the member reads (member.Units).
func (r *Request) Units() coach.Units { return member.Units(r.Member) }

// location returns the member's zone: their own, else their club's, else UTC.
func (r *Router) location(ctx context.Context, req *Request) *time.Location {
	return r.zones.Of(ctx, req.Member, req.ClubID, req.Now)
}

// LoadZone parses an IANA zone name, case-insensitively for the common
// forms people type ("europe/london", "utc"). Only real IANA names pass:
// Go's "Local" (the server's own zone), the zoneinfo directory's
// housekeeping files and its posix/ and right/ copies are refused.
func LoadZone(name string) (*time.Location, string, error) {
	name = strings.TrimSpace(name)
	if !zoneShaped(name) {
		return nil, "", fmt.Errorf("not a time zone name: %q", name)
	}
	if strings.EqualFold(name, "utc") || strings.EqualFold(name, "gmt") || strings.EqualFold(name, "z") {
		return time.UTC, "UTC", nil
	}
	if loc, err := loadIANA(name); err == nil {
		return loc, name, nil
	}
	// Title-case each part: "america/new_york" → "America/New_York".
	parts := strings.Split(name, "/")
	for i, p := range parts {
		words := strings.Split(strings.ToLower(p), "_")
		for j, w := range words {
			if w != "" {
				words[j] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		parts[i] = strings.Join(words, "_")
	}
	fixed := strings.Join(parts, "/")
	if loc, err := loadIANA(fixed); err == nil {
		return loc, fixed, nil
	}
	return nil, "", fmt.Errorf("unknown time zone %q", name)
}

// notZones are names time.LoadLocation accepts that are no IANA zone.
var notZones = map[string]bool{"local": true, "localtime": true, "posixrules": true, "factory": true}

// zoneShaped reports whether name looks like an IANA zone name: parts of
// letters, digits, '_', '-' and '+' (Etc/GMT+5) separated by '/', each
// starting with a letter, and none of the zoneinfo directory's extras.
func zoneShaped(name string) bool {
	if name == "" || len(name) > 64 || notZones[strings.ToLower(name)] {
		return false
	}
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "posix/") || strings.HasPrefix(lower, "right/") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || !unicode.IsLetter(rune(part[0])) {
			return false
		}
		for _, c := range part {
			if !(c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)) || c == '_' || c == '-' || c == '+') {
				return false
			}
		}
	}
	return true
}

// loadIANA loads a zone whose name passed zoneShaped, after the case
// fix-up too (which can turn "local" into "Local").
func loadIANA(name string) (*time.Location, error) {
	if !zoneShaped(name) {
		return nil, fmt.Errorf("not a time zone name: %q", name)
	}
	return time.LoadLocation(name)
}

// ParseClock parses "07:00", "7:00", "7", "0700" into a normalised "HH:MM".
func ParseClock(s string) (string, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	pm := strings.HasSuffix(s, "pm")
	am := strings.HasSuffix(s, "am")
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "pm"), "am"))
	var h, m int
	switch {
	case strings.Contains(s, ":"):
		if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil {
			return "", false
		}
		if len(s) != len(fmt.Sprintf("%d:%02d", h, m)) && len(s) != len(fmt.Sprintf("%02d:%02d", h, m)) {
			return "", false
		}
	case len(s) == 4:
		if _, err := fmt.Sscanf(s, "%02d%02d", &h, &m); err != nil {
			return "", false
		}
	case len(s) >= 1 && len(s) <= 2:
		if _, err := fmt.Sscanf(s, "%d", &h); err != nil {
			return "", false
		}
	default:
		return "", false
	}
	if pm || am {
		if h < 1 || h > 12 {
			return "", false
		}
		if pm && h != 12 {
			h += 12
		}
		if am && h == 12 {
			h = 0
		}
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseDay accepts "sat", "Saturday", "SAT" and returns the short name.
func ParseDay(s string) (string, time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 {
		return "", 0, false
	}
	short := s[:3]
	d, ok := weekdays[short]
	if !ok {
		return "", 0, false
	}
	full := strings.ToLower(d.String())
	if !strings.HasPrefix(full, s) && s != "tues" && s != "thur" && s != "thurs" && s != "weds" {
		return "", 0, false
	}
	return short, d, true
}

// ParseDays accepts "tue,fri", "tue fri", "Tuesday, Friday".
func ParseDays(s string) ([]string, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '/' || r == '+' })
	if len(fields) == 0 {
		return nil, false
	}
	seen := map[time.Weekday]bool{}
	for _, f := range fields {
		_, d, ok := ParseDay(f)
		if !ok {
			return nil, false
		}
		seen[d] = true
	}
	var out []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		if seen[d] {
			out = append(out, strings.ToLower(d.String()[:3]))
		}
	}
	return out, true
}

// saveMember saves the member through the re-plan event (member.Save).
func (r *Router) saveMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	return member.Save(ctx, r.st, id, fn, r.replan)
}

// replan re-plans a member's reminders after a change; a failure only
// delays them (the scheduler re-plans on its own pass) and is logged.
func (r *Router) replan(ctx context.Context, m store.Member) {
	if r.deps.Schedule == nil {
		return
	}
	if _, err := r.deps.Schedule.Replan(ctx, m); err != nil {
		r.log.Warn("re-plan reminders", "member", m.ID, "err", err)
	}
}
