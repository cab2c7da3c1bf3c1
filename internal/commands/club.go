package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/club"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

func (r *Router) clubCommands() []*Command {
	days := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	return []*Command{{
		Name:    "club",
		Summary: "The club's runs, warm-up, strength-day and standings posts, and time zone",
		Usage:   "/club [show|tz <zone>|runs <day> <HH:MM>|runs clear|strength <days> <HH:MM>|warmup <minutes>|standings <day> <HH:MM>|units km|mi|channel|off|on]",
		Help: `Club admins set the club's week; everyone can see it with /club show.
  /club tz Europe/London — the club's time zone (UTC until set)
  /club runs sat 08:00 — add a weekly club run (several allowed); /club runs remove sat 08:00, /club runs clear
  /club strength tue,fri 07:00 — a strength-day post on those days; /club strength off
  /club warmup 20 — post the warm-up this many minutes before each run (default 30)
  /club standings sun 18:00 — post the challenge standings weekly while a challenge runs; /club standings off
  /club web on — a public, read-only web page of the club's challenges (its address comes privately); /club web new changes the address, /club web off takes it down
  /club units mi — units of the club's public posts (standings, results); each member still reads their own
  /club channel — post here (Discord needs this once)
  /club off, /club on — pause or resume the club's posts
  /club delete, then /club delete confirm — the club stops using me: its schedule, challenges, boards and posts are deleted (members keep their own runs and settings)
Posts go to the chat where /club was last set up. In a private chat, /club acts on your club if you're in just one.
Coaches (admins): /club coach invite — a one-time code for a coach; /club coach list; /club coach remove <name>.
  /club remove <name> (admins) takes a member out; /club leave takes you out (reports you shared with the club's coaches are deleted).`,
		Subs: append([]Sub{
			{Name: "show", Description: "Show the club's schedule"},
			{Name: "tz", Description: "Set the club's time zone", Admin: true, Options: []Option{{Name: "zone", Description: "IANA zone, e.g. Europe/London", Type: String, Required: true, Suggest: []string{"UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney"}}}},
			{Name: "runs", Description: "Add a weekly club run, or clear them", Admin: true, Options: []Option{
				{Name: "day", Description: "Day of the run, or clear", Type: String, Required: true, Choices: append(slices.Clone(days), "clear")},
				{Name: "time", Description: "HH:MM in the club's zone", Type: String},
			}},
			{Name: "strength", Description: "Strength-day posts: days and time, or off", Admin: true, Options: []Option{
				{Name: "days", Description: "e.g. tue,fri or off", Type: String, Required: true},
				{Name: "time", Description: "HH:MM in the club's zone", Type: String},
			}},
			{Name: "warmup", Description: "Minutes before each run for the warm-up post", Admin: true, Options: []Option{{Name: "minutes", Description: "5 to 120", Type: Integer, Required: true, Min: ptr(5), Max: ptr(120)}}},
			{Name: "standings", Description: "Weekly challenge standings post: day and time, or off", Admin: true, Options: []Option{
				{Name: "day", Description: "Day of the post, or off", Type: String, Required: true, Choices: append(slices.Clone(days), "off")},
				{Name: "time", Description: "HH:MM in the club's zone", Type: String},
			}},
			{Name: "web", Description: "The club's public web page: on, off, or a new address", Admin: true, Options: []Option{
				{Name: "action", Description: "on, off, new (a new address), or show", Type: String, Choices: []string{"on", "off", "new", "show"}},
			}},
			{Name: "units", Description: "Units for the club's public posts and goals", Admin: true, Options: []Option{{Name: "units", Description: "km or mi", Type: String, Required: true, Choices: []string{"km", "mi"}}}},
			{Name: "channel", Description: "Post the club's reminders in this channel", Admin: true},
			{Name: "off", Description: "Pause the club's posts", Admin: true},
			{Name: "on", Description: "Resume the club's posts", Admin: true},
			{Name: "delete", Description: "Delete the club's data (then /club delete confirm)", Admin: true, Options: []Option{
				{Name: "confirm", Description: "Type confirm to delete for good", Type: String, Choices: []string{"confirm"}},
			}},
		}, clubMemberSubs()...),
		Handler: r.club,
	}}
}

func (r *Router) club(ctx context.Context, req *Request) (platforms.Response, error) {
	c, _ := r.Lookup("club")
	fields := strings.Fields(req.Args)
	sub := "show"
	if len(fields) > 0 {
		sub, fields = strings.ToLower(fields[0]), fields[1:]
	}
	switch sub {
	case "run":
		sub = "runs"
	case "zone", "timezone":
		sub = "tz"
	case "warm-up":
		sub = "warmup"
	}
	if resp, ok, err := r.clubMember(ctx, req, sub, fields); ok {
		return resp, err
	}
	known := sub == "show"
	for _, s := range c.Subs {
		known = known || s.Name == sub
	}
	if !known {
		return platforms.Response{}, usageError(c, fmt.Sprintf("I don't know /club %s.", truncate(sub, 20)))
	}
	clubID, err := r.clubOf(req)
	if err != nil {
		return platforms.Response{}, err
	}
	if sub == "web" {
		return r.clubWeb(ctx, req, clubID, fields)
	}
	if sub == "show" {
		cl, err := r.clubs.Club(ctx, clubID)
		if err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{Text: describeClub(cl, req) + r.webLine(ctx, clubID, req)}, nil
	}
	if !req.Admin {
		return platforms.Response{}, Userf("Only club admins can change the club's schedule. Anyone can see it with /club show.")
	}
	if sub == "delete" {
		return r.clubDelete(ctx, req, clubID, fields)
	}
	change, said, err := clubChange(c, sub, fields, req, clubID)
	if err != nil {
		return platforms.Response{}, err
	}
	// Posts go where the club was last set up (a private chat is no
	// place for them).
	var from ids.ChatID
	if !req.DM {
		from = req.ChatID
	}
	cl, err := r.clubs.Change(ctx, clubID, from, req.Now, change)
	if err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			return platforms.Response{}, ue
		}
		return platforms.Response{}, err
	}
	return platforms.Response{Text: "✅ " + said + "\n\n" + describeClub(cl, req)}, nil
}

// clubDelete deletes a club that stops using the bot (club.Service),
// after a confirm. Members' own runs, records and settings stay theirs.
func (r *Router) clubDelete(ctx context.Context, req *Request, clubID ids.ClubID, args []string) (platforms.Response, error) {
	switch {
	case len(args) == 0:
		if err := r.clubs.AskDelete(ctx, clubID, req.Now); err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{Text: "⚠️ This deletes the club's schedule, posts, challenges and boards for good. Members keep their own runs, records and settings. Send /club delete confirm within 10 minutes to go ahead."}, nil
	case len(args) > 1 || !strings.EqualFold(args[0], "confirm"):
		c, _ := r.Lookup("club")
		return platforms.Response{}, usageError(c, "Send /club delete, then /club delete confirm.")
	}
	err := r.clubs.Delete(ctx, clubID, req.MemberID, req.Now)
	if errors.Is(err, club.ErrDeleteNotAsked) {
		return platforms.Response{}, Userf("To be safe, send /club delete first, then /club delete confirm within 10 minutes.")
	}
	if err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: "🗑️ Done: the club's schedule, posts, challenges and boards are deleted. Members' own runs and settings stay theirs. If you use /club here again, the club starts afresh."}, nil
}

// clubOf is the club a /club command acts on: the chat's club, or in a
// private chat the member's only club.
func (r *Router) clubOf(req *Request) (ids.ClubID, error) {
	if req.ClubID != "" {
		return req.ClubID, nil
	}
	switch len(req.Member.Clubs) {
	case 0:
		return "", Userf("I don't know your club yet. Run /club in your club's group chat (or Discord server) first.")
	case 1:
		return req.Member.Clubs[0], nil
	}
	return "", Userf("You're in %d clubs with me, so please run /club in the group of the club you mean.", len(req.Member.Clubs))
}

// clubChange parses a mutating /club subcommand into a change of the club
// document and the words that confirm it.
func clubChange(c *Command, sub string, args []string, req *Request, clubID ids.ClubID) (func(*store.Club) error, string, error) {
	switch sub {
	case "tz":
		if len(args) == 0 {
			return nil, "", usageError(c, "/club tz needs a zone, e.g. /club tz London or /club tz Europe/London.")
		}
		z, err := resolveZone(strings.Join(args, " "))
		if err != nil {
			return nil, "", Userf("I don't know the time zone %q. Try a city (London, New York), or an IANA name like Europe/London or America/New_York.", truncate(strings.Join(args, " "), 40))
		}
		if z.Ask != "" {
			opts := make([]string, len(z.Buttons))
			for i, b := range z.Buttons {
				opts[i] = strings.TrimPrefix(b.Command, "/settings tz ")
			}
			return nil, "", Userf("%s Send /club tz with one of: %s.", z.Ask, strings.Join(opts, ", "))
		}
		name := z.Name
		return func(cl *store.Club) error { cl.TZ = name; return nil }, "Club time zone: " + z.Confirm(req.Now) + ".", nil
	case "runs":
		return clubRunsChange(c, args)
	case "strength":
		if len(args) == 1 && (strings.EqualFold(args[0], "off") || strings.EqualFold(args[0], "none")) {
			return func(cl *store.Club) error { cl.StrengthDays, cl.StrengthAt = nil, ""; return nil }, "Strength-day posts off.", nil
		}
		if len(args) != 2 {
			return nil, "", usageError(c, "/club strength needs days and a time, e.g. /club strength tue,fri 07:00 (or off).")
		}
		days, ok := ParseDays(args[0])
		at, okAt := ParseClock(args[1])
		if !ok || !okAt {
			return nil, "", Userf("I couldn't read that. Try /club strength tue,fri 07:00: short day names, then a 24-hour time.")
		}
		return func(cl *store.Club) error { cl.StrengthDays, cl.StrengthAt = days, at; return nil },
			fmt.Sprintf("Strength-day posts on %s at %s.", strings.Join(days, ","), at), nil
	case "warmup":
		n := 0
		if len(args) == 1 {
			n, _ = strconv.Atoi(strings.TrimSuffix(strings.ToLower(args[0]), "min"))
		}
		if n < 5 || n > 120 {
			return nil, "", Userf("Give the warm-up lead time in minutes, 5 to 120, e.g. /club warmup 30.")
		}
		return func(cl *store.Club) error { cl.WarmupMinutes = n; return nil },
			fmt.Sprintf("Warm-up posts go %d minutes before each club run.", n), nil
	case "standings":
		return standingsChange(c, args)
	case "units", "unit":
		return clubUnitsChange(args)
	case "channel":
		if req.ChatID == "" || (req.DM && req.ChatID != clubID.Chat()) {
			return nil, "", Userf("Run /club channel in the group or channel where the club's posts should go.")
		}
		ch := req.ChatID
		return func(cl *store.Club) error { cl.Channel = ch; return nil }, "Club posts will go to this chat.", nil
	case "off":
		return func(cl *store.Club) error { cl.Off = true; return nil }, "Club posts paused. /club on resumes them.", nil
	case "on":
		return func(cl *store.Club) error { cl.Off = false; return nil }, "Club posts are on.", nil
	}
	return nil, "", usageError(c, fmt.Sprintf("I don't know /club %s.", truncate(sub, 20)))
}

// standingsChange sets (or turns off) the weekly standings post.
func standingsChange(c *Command, args []string) (func(*store.Club) error, string, error) {
	if len(args) == 1 && (strings.EqualFold(args[0], "off") || strings.EqualFold(args[0], "none")) {
		return func(cl *store.Club) error { cl.StandingsDay, cl.StandingsAt = "", ""; return nil }, "Weekly standings posts off.", nil
	}
	if len(args) != 2 {
		return nil, "", usageError(c, "/club standings needs one day and a time, e.g. /club standings sun 18:00 (or off).")
	}
	day, _, ok := ParseDay(args[0])
	at, okAt := ParseClock(args[1])
	if !ok || !okAt {
		return nil, "", Userf("I couldn't read %q as a day and a time. Try /club standings sun 18:00: one day, then a 24-hour time.", truncate(args[0]+" "+args[1], 30))
	}
	return func(cl *store.Club) error { cl.StandingsDay, cl.StandingsAt = day, at; return nil },
		fmt.Sprintf("Challenge standings will be posted every %s at %s while a challenge runs.", day, at), nil
}

func clubRunsChange(c *Command, args []string) (func(*store.Club) error, string, error) {
	if len(args) == 1 && strings.EqualFold(args[0], "clear") {
		return func(cl *store.Club) error { cl.Runs = nil; return nil }, "Club runs cleared.", nil
	}
	remove := len(args) > 0 && strings.EqualFold(args[0], "remove")
	if remove {
		args = args[1:]
	}
	if len(args) == 0 || len(args)%2 != 0 {
		return nil, "", usageError(c, "/club runs needs a day and a time, e.g. /club runs sat 08:00 (several pairs allowed), or /club runs clear.")
	}
	var runs []store.ClubRun
	for i := 0; i < len(args); i += 2 {
		day, _, ok := ParseDay(args[i])
		at, okAt := ParseClock(args[i+1])
		if !ok || !okAt {
			return nil, "", Userf("I couldn't read %q as a day and a time. Try /club runs sat 08:00.", truncate(args[i]+" "+args[i+1], 30))
		}
		runs = append(runs, store.ClubRun{Day: day, At: at})
	}
	names := make([]string, len(runs))
	for i, run := range runs {
		names[i] = run.Day + " " + run.At
	}
	if remove {
		del := club.RemoveRuns(runs)
		return func(cl *store.Club) error {
			if err := del(cl); errors.Is(err, club.ErrNoSuchRun) {
				return Userf("There's no club run on %s to remove. /club show lists them.", strings.Join(names, ", "))
			}
			return nil
		}, "Removed the club run " + strings.Join(names, ", ") + ".", nil
	}
	add := club.AddRuns(runs)
	return func(cl *store.Club) error {
		var many *club.TooManyRunsError
		if err := add(cl); errors.As(err, &many) {
			return Userf("That's more than %d club runs a week. Remove some first (/club runs remove <day> <HH:MM> or /club runs clear).", many.Max)
		}
		return nil
	}, "Club run added: " + strings.Join(names, ", ") + ".", nil
}

func describeClub(cl store.Club, req *Request) string {
	loc := time.UTC
	zone := "UTC (not set yet: /club tz <zone>)"
	if cl.TZ != "" {
		if l, err := time.LoadLocation(cl.TZ); err == nil {
			loc, zone = l, cl.TZ
		}
	}
	warm := cl.WarmupMinutes
	if warm <= 0 {
		warm = coach.WarmupLeadMinutes
	}
	var b strings.Builder
	name := "Club"
	if cl.Name != "" {
		name = cl.Name
	}
	fmt.Fprintf(&b, "%s schedule (%s; it's %s there now):\n", name, zone, req.Now.In(loc).Format("Mon 15:04"))
	if len(cl.Runs) == 0 {
		b.WriteString("  Club runs: none yet (/club runs sat 08:00)\n")
	} else {
		runs := make([]string, len(cl.Runs))
		for i, run := range cl.Runs {
			runs[i] = run.Day + " " + run.At
		}
		fmt.Fprintf(&b, "  Club runs: %s; warm-up post %d min before\n", strings.Join(runs, ", "), warm)
		if next, ok := nextWarmup(cl, loc, warm, req.Now); ok {
			fmt.Fprintf(&b, "  Next warm-up post: %s\n", next.In(loc).Format("Mon 2 Jan 15:04"))
		}
	}
	if len(cl.StrengthDays) > 0 && cl.StrengthAt != "" {
		fmt.Fprintf(&b, "  Strength-day posts: %s at %s\n", strings.Join(cl.StrengthDays, ","), cl.StrengthAt)
	} else {
		b.WriteString("  Strength-day posts: off (/club strength tue,fri 07:00)\n")
	}
	if cl.StandingsDay != "" && cl.StandingsAt != "" {
		fmt.Fprintf(&b, "  Challenge standings: %s at %s, while a challenge runs\n", cl.StandingsDay, cl.StandingsAt)
	} else {
		b.WriteString("  Challenge standings: off (/club standings sun 18:00)\n")
	}
	switch {
	case cl.Channel == "" || cl.Channel == cl.ID.Chat():
		b.WriteString("  Posts go to: the club's chat\n")
	case cl.Channel == req.ChatID:
		b.WriteString("  Posts go to: this chat\n")
	default:
		fmt.Fprintf(&b, "  Posts go to: another chat (%s); /club channel to move them here\n", cl.Channel)
	}
	if cl.Off {
		b.WriteString("  Posts are paused (/club on to resume).")
	} else {
		b.WriteString("  Posts are on.")
	}
	return b.String()
}

// nextWarmup is the next warm-up post after now, in the club's zone.
func nextWarmup(cl store.Club, loc *time.Location, warm int, now time.Time) (time.Time, bool) {
	var best time.Time
	for _, run := range cl.Runs {
		_, wd, ok := ParseDay(run.Day)
		d, err := daily.Parse(run.At, loc)
		if !ok || err != nil {
			continue
		}
		lead := time.Duration(warm) * time.Minute
		for t := d.Next(now.Add(lead)); ; t = d.Next(t) {
			if t.In(loc).Weekday() == wd {
				if post := t.Add(-lead); best.IsZero() || post.Before(best) {
					best = post
				}
				break
			}
		}
	}
	return best, !best.IsZero()
}
