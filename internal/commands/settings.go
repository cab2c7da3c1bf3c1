package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func (r *Router) settingsCommands() []*Command {
	return []*Command{{
		Name:    "settings",
		Summary: "Show or change your time zone, units and reminders",
		Usage:   "/settings [tz <zone>] [units km|mi] [remind <HH:MM>|off] [strength <days>] [rundays <days>|none]",
		Help: `Examples:
  /settings — show your settings
  /settings tz London — your time zone: a city, a country or an IANA name (Europe/London); I confirm the zone I picked
  /settings units mi — miles (or km)
  /settings remind 07:00 — a daily private reminder at 07:00 your time; "off" stops them
  /settings strength tue,fri — your strength days
  /settings rundays mon,wed,sat — days you run (warm-up reminders); "none" clears
  /settings public off — show you as "a club member" on the club's public web page and its charts ("on": first name and initial)
  /settings share ask — after a 🔴 report, ask before sharing it with your club's coach (default); "always" shares at once, "never" never asks
  /settings baseline 30km 12km — your usual week and longest recent run, for my load checks until I have 4 weeks of your runs ("off" clears)
Several can go in one message: /settings tz Europe/London units mi`,
		Subs: []Sub{
			{Name: "show", Description: "Show your settings"},
			{Name: "tz", Description: "Set your time zone", Options: []Option{{Name: "zone", Description: "IANA zone, e.g. Europe/London", Type: String, Required: true, Suggest: []string{"UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney"}}}},
			{Name: "units", Description: "Kilometres or miles", Options: []Option{{Name: "units", Description: "km or mi", Type: String, Required: true, Choices: []string{"km", "mi"}}}},
			{Name: "remind", Description: "Daily reminder time, or off", Options: []Option{{Name: "time", Description: "HH:MM in your zone, or off", Type: String, Required: true}}},
			{Name: "strength", Description: "Your strength-training days", Options: []Option{{Name: "days", Description: "e.g. tue,fri", Type: String, Required: true}}},
			{Name: "rundays", Description: "Days you run, for warm-up reminders", Options: []Option{{Name: "days", Description: "e.g. mon,wed,sat or none", Type: String, Required: true}}},
			{Name: "public", Description: "Your name on the club's public web page", Options: []Option{{Name: "shown", Description: "on: first name and initial; off: \"a club member\"", Type: String, Required: true, Choices: []string{"on", "off"}}}},
			{Name: "share", Description: "Share red-flag reports with your club's coach: ask, always or never", Options: []Option{{Name: "choice", Description: "ask (default), always or never", Type: String, Required: true, Choices: []string{"ask", "always", "never"}}}},
			{Name: "baseline", Description: "Your usual week and longest recent run", Options: []Option{{Name: "week", Description: "A usual week, e.g. 30km (or off)", Type: String, Required: true}, {Name: "longest", Description: "Longest recent run, e.g. 12km", Type: String}}},
		},
		Handler: r.settings,
	}}
}

// DefaultStrengthDays are two non-consecutive days.
var defaultStrengthDays = []string{"tue", "fri"}

func (r *Router) settings(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("settings")
	fields := strings.Fields(req.Args)
	if len(fields) == 1 && strings.EqualFold(fields[0], "show") {
		fields = nil
	}
	if len(fields) == 0 {
		return platforms.Response{Text: r.describeSettings(ctx, req, req.Member, "")}, nil
	}
	type change func(*store.Member)
	var changes []change
	var said, notes []string
	var buttons []platforms.Button
	schedule := false
	for i := 0; i < len(fields); i++ {
		key := strings.ToLower(fields[i])
		if i+1 >= len(fields) {
			return platforms.Response{}, usageError(c, fmt.Sprintf("%q needs a value.", key))
		}
		val := fields[i+1]
		i++
		if key == "strength" || key == "rundays" || key == "runs" {
			// "mon thu" and "Tuesday, Friday" are one list of days.
			for i+1 < len(fields) {
				if _, ok := ParseDays(fields[i+1]); !ok {
					break
				}
				val += "," + fields[i+1]
				i++
			}
		}
		switch key {
		case "baseline":
			ch, text, used, err := parseBaseline(fields[i-1:], req.Units())
			if err != nil {
				return platforms.Response{}, err
			}
			i += used - 2
			changes = append(changes, ch)
			said = append(said, text)
		case "tz", "zone", "timezone":
			typed, used := zoneWords(fields, i)
			i += used - 1
			z, err := resolveZone(typed)
			if err != nil {
				return platforms.Response{}, Userf("I don't know the time zone %q. Try a city (London, New York), or an IANA name like Europe/London or America/New_York.", truncate(typed, 40))
			}
			if z.Ask != "" {
				return platforms.Response{Text: z.Ask + " Nothing is saved until you pick one.", Buttons: z.Buttons}, nil
			}
			name := z.Name
			changes = append(changes, func(m *store.Member) { m.TZ = name })
			said = append(said, "time zone "+z.Confirm(req.Now))
			if z.Note != "" {
				notes = append(notes, z.Note)
			}
			buttons = append(buttons, z.Buttons...)
			schedule = true
		case "units", "unit":
			u := strings.ToLower(val)
			switch u {
			case "km", "kms", "kilometres", "kilometers", "k", "metric":
				u = "km"
			case "mi", "mile", "miles", "imperial":
				u = "mi"
			default:
				return platforms.Response{}, Userf("Units can be km or mi, e.g. /settings units mi.")
			}
			changes = append(changes, func(m *store.Member) { m.Units = u })
			said = append(said, "units "+u)
		case "remind", "reminder", "reminders":
			if strings.EqualFold(val, "off") || strings.EqualFold(val, "none") {
				changes = append(changes, func(m *store.Member) { m.RemindAt = "" })
				said = append(said, "reminders off")
			} else {
				at, ok := ParseClock(val)
				if !ok {
					return platforms.Response{}, Userf("I couldn't read %q as a time. Use 24-hour HH:MM, e.g. /settings remind 07:00 (or off).", truncate(val, 20))
				}
				changes = append(changes, func(m *store.Member) { m.RemindAt = at })
				said = append(said, "daily reminder at "+at)
			}
			schedule = true
		case "strength":
			days, ok := ParseDays(val)
			if !ok {
				return platforms.Response{}, Userf("I couldn't read %q as days. Use short names, e.g. /settings strength tue,fri.", truncate(val, 30))
			}
			changes = append(changes, func(m *store.Member) { m.StrengthDays = days })
			said = append(said, "strength days "+strings.Join(days, ","))
			schedule = true
		case "rundays", "runs":
			var days []string
			if !strings.EqualFold(val, "none") && !strings.EqualFold(val, "off") {
				var ok bool
				if days, ok = ParseDays(val); !ok {
					return platforms.Response{}, Userf("I couldn't read %q as days. Use short names, e.g. /settings rundays mon,wed,sat (or none).", truncate(val, 30))
				}
			}
			changes = append(changes, func(m *store.Member) { m.RunDays = days })
			if len(days) == 0 {
				said = append(said, "no run days")
			} else {
				said = append(said, "run days "+strings.Join(days, ","))
			}
			schedule = true
		case "public":
			hide, ok := map[string]bool{"on": false, "yes": false, "show": false, "off": true, "no": true, "hide": true}[strings.ToLower(val)]
			if !ok {
				return platforms.Response{}, Userf("Use /settings public on (first name and initial on the club's public page) or /settings public off (\"a club member\").")
			}
			changes = append(changes, func(m *store.Member) { m.HidePublic = hide })
			if hide {
				said = append(said, `shown as "a club member" on the public page`)
			} else {
				said = append(said, "shown by first name and initial on the public page")
			}
		case "share", "sharing":
			choice, said1, err := shareSetting(val)
			if err != nil {
				return platforms.Response{}, err
			}
			changes = append(changes, func(m *store.Member) { m.Share = choice })
			said = append(said, said1)
		default:
			return platforms.Response{}, usageError(c, fmt.Sprintf("I don't have a setting called %q.", truncate(key, 20)))
		}
	}
	m, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		for _, ch := range changes {
			ch(m)
		}
		return nil
	})
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = m
	next := ""
	if schedule && r.deps.Schedule != nil {
		// saveMember re-planned what changed; read when the next one is.
		at, err := r.deps.Schedule.NextDue(ctx, m.ID)
		if err != nil {
			r.log.Warn("read next reminder", "member", req.MemberID, "err", err)
		} else if !at.IsZero() {
			loc := r.location(ctx, req)
			next = at.In(loc).Format("Mon 2 Jan 15:04") + " (" + loc.String() + ")"
		}
	}
	text := "✅ Saved: " + strings.Join(said, ", ") + "."
	if len(notes) > 0 {
		text += "\n" + strings.Join(notes, "\n")
	}
	return platforms.Response{Text: text + "\n\n" + r.describeSettings(ctx, req, m, next), Buttons: buttons}, nil
}

func (r *Router) describeSettings(ctx context.Context, req *Request, m store.Member, next string) string {
	loc := r.location(ctx, req)
	zone := loc.String()
	if m.TZ == "" {
		zone += ", your club's — set your own with /settings tz <zone>"
	}
	remind := "off"
	if m.RemindAt != "" {
		remind = "daily at " + m.RemindAt + " " + loc.String()
		if next == "" && r.deps.Schedule != nil {
			if at, err := r.deps.Schedule.NextDue(ctx, m.ID); err == nil && !at.IsZero() {
				next = at.In(loc).Format("Mon 2 Jan 15:04") + " (" + loc.String() + ")"
			}
		}
		if next != "" {
			remind += "; next one " + next
		}
	}
	strength := m.StrengthDays
	if len(strength) == 0 {
		strength = defaultStrengthDays
	}
	rundays := "none set"
	if len(m.RunDays) > 0 {
		rundays = strings.Join(m.RunDays, ",")
	}
	now := req.Now.In(loc)
	return fmt.Sprintf(`Your settings:
  Time zone: %s; it's %s there now
  Units: %s
  Reminders: %s
  Strength days: %s
  Run days: %s
  Red reports to your club's coach: %s
  Baseline: %s`, zone, now.Format("15:04 Mon"), member.Units(m), remind, strings.Join(strength, ","), rundays, describeShare(m.Share), describeBaseline(m, member.Units(m))) +
		"\n  Public page name: " + challenge.PublicName(m)
}
