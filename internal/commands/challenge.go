package commands

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// The /challenge commands read what a member typed, ask the challenge
// service (package challenge, which holds the rules and is shared with the
// scheduler) and word its answers.

// Challenge input limits.
const (
	minGoalM         = 1_000       // 1 km
	maxGoalM         = 100_000_000 // 100,000 km (a whole club's year)
	maxChallengeName = 40          // runes
	maxChallengeDays = 366         // longest challenge
	maxLeadDays      = 366         // how far ahead a challenge may start
)

func (r *Router) challengeCommands() []*Command {
	nameOpt := Option{Name: "name", Description: "Challenge name", Type: String, Quoted: true}
	return []*Command{{
		Name:    "challenge",
		Aliases: []string{"challenges"},
		Summary: "Club mileage and time challenges: join one, see the board",
		Usage:   `/challenge [new|list|join|leave|board|end|remove|pause|resume] …`,
		Help: `Examples:
  /challenge list — the club's challenges
  /challenge join — join the current one (or /challenge join "December 100")
  /challenge board — the top 10 and where you stand
  /challenge board chart — the board as a picture
  /challenge leave "December 100" — leave it (your entry is removed)
  /challenge pause — resting an injury: your entry is kept, hidden from public boards, and I won't nudge you
  /challenge pause public — same, but stay visible on the boards
  /challenge resume — back in
Admins:
  /challenge new "December 100" 100km 2026-12-01 2026-12-31 — 100 km each (dates in the club's time zone; "today" works)
  /challenge new "Club to the Moon" 5000km today 2027-06-30 team — one shared club goal
  /challenge new "Winter hours" 50h dec 1 dec 31 — a time goal (also 90 min, 1h30m): every run with a time counts its minutes, time-only runs too
  /challenge end "December 100" — stop counting now
  /challenge remove Sam r12 — take a run off this club's boards (run ids show on the board for admins)
Every run you log counts, by the day you ran it, toward each challenge you joined; joining late counts your runs since the start.`,
		Subs: []Sub{
			{Name: "new", Description: "Start a challenge", Admin: true, Options: []Option{
				{Name: "name", Description: "Challenge name, e.g. December 100", Type: String, Required: true, Quoted: true},
				{Name: "goal", Description: "Goal distance or time, e.g. 100km, 60mi, 50h or 90 min", Type: String, Required: true},
				{Name: "start", Description: "First day, YYYY-MM-DD or today", Type: String, Required: true},
				{Name: "end", Description: "Last day, YYYY-MM-DD", Type: String, Required: true},
				{Name: "team", Description: "team: one shared goal; each: a goal per member (default)", Type: String, Choices: []string{"each", "team"}},
			}},
			{Name: "list", Description: "The club's challenges"},
			{Name: "join", Description: "Join a challenge", Options: []Option{nameOpt}},
			{Name: "leave", Description: "Leave a challenge", Options: []Option{nameOpt}},
			{Name: "board", Description: "The leaderboard and your place", Options: []Option{nameOpt,
				{Name: "view", Description: "chart: the board as a picture", Type: String, Choices: []string{chartWord}}}},
			{Name: "end", Description: "End a challenge now", Admin: true, Options: []Option{withRequired(nameOpt)}},
			{Name: "remove", Description: "Take a run off the boards", Admin: true, Options: []Option{
				{Name: "member", Description: "Display name or id, as on the board", Type: String, Required: true, Quoted: true},
				{Name: "run", Description: "Run id, e.g. r12", Type: String, Required: true},
			}},
			{Name: "pause", Description: "Resting an injury: keep your entry, hide it, no nudges", Options: []Option{
				{Name: "visibility", Description: "public: stay visible on boards while paused", Type: String, Choices: []string{"public"}},
			}},
			{Name: "resume", Description: "Back from a pause"},
		},
		Handler: r.challenge,
	}, r.boardCommand()}
}

func withRequired(o Option) Option { o.Required = true; return o }

// challenge dispatches /challenge <sub>.
func (r *Router) challenge(ctx context.Context, req *Request) (platforms.Response, error) {
	args := splitArgs(req.Args)
	sub := "list"
	if len(args) > 0 {
		sub = strings.ToLower(args[0])
		args = args[1:]
	}
	switch sub {
	case "pause":
		return r.challengePause(ctx, req, args)
	case "resume":
		return r.challengeResume(ctx, req)
	}
	club, err := r.challengeClub(ctx, req)
	if err != nil {
		return platforms.Response{}, err
	}
	switch sub {
	case "new", "create", "add":
		return r.challengeNew(ctx, req, club, args)
	case "list", "ls":
		return r.challengeList(req, club)
	case "join":
		return r.challengeJoin(ctx, req, club, args)
	case "leave", "quit":
		return r.challengeLeave(ctx, req, club, args)
	case "board", "standings", "leaderboard":
		return r.challengeBoardReply(ctx, req, club, args)
	case "end", "stop":
		return r.challengeEnd(ctx, req, club, args)
	case "remove", "strike":
		return r.challengeRemove(ctx, req, club, args)
	}
	c, _ := r.Lookup("challenge")
	return platforms.Response{}, usageError(c, fmt.Sprintf("I don't know /challenge %s.", truncate(sub, 20)))
}

// challengeClub picks the club a challenge command is about: the chat's
// club, else the member's only club.
func (r *Router) challengeClub(ctx context.Context, req *Request) (store.Club, error) {
	id := req.ClubID
	if id == "" {
		switch len(req.Member.Clubs) {
		case 0:
			return store.Club{}, Userf("Challenges belong to a club. Send this in your club's group and I'll know which one.")
		case 1:
			id = req.Member.Clubs[0]
		default:
			return store.Club{}, Userf("You're in more than one club, so I can't tell which one you mean. Send this in that club's group.")
		}
	}
	return r.challenges.Club(ctx, id)
}

// loadClub reads a club; one never configured is an empty club, with no

// clubZone is the club's time zone (UTC when unset or unknown).
func clubZone(c store.Club) *time.Location { return member.ClubZone(c) }

func clubToday(c store.Club, now time.Time) string { return challenge.Today(c, now) }

func requireAdmin(req *Request, what string) error {
	if req.Admin {
		return nil
	}
	if req.DM && req.ClubID == "" {
		return Userf("Only club admins can %s. If you are one, send it in the club's group so I can check.", what)
	}
	return Userf("Only club admins can %s. Ask one of them!", what)
}

// ---- /challenge new ----

// challengeDates reads a challenge's start and end with the date reader
// /run uses, pointing forward: "2026-12-01 2026-12-31", "dec 1 dec 31",
// "today sun". Dates are YYYY-MM-DD in the club's calendar.
func challengeDates(words []string, today string) (start, end string, err error) {
	t, _ := time.Parse(time.DateOnly, today)
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(strings.Trim(w, ",;"))
	}
	var out []string
	for i := 0; i < len(lower); {
		d, used, err := readDate(lower[i:min(i+3, len(lower))], t, futureDate)
		if err != nil {
			return "", "", err
		}
		if used == 0 {
			return "", "", Userf("I couldn't read %q as a date. Use YYYY-MM-DD (e.g. %s), a month and day (dec 1) or today.", truncate(words[i], 20), today)
		}
		out = append(out, d.Format(time.DateOnly))
		i += used
	}
	if len(out) != 2 {
		return "", "", Userf("A challenge needs a start and an end date, e.g. dec 1 dec 31 or 2026-12-01 2026-12-31.")
	}
	return out[0], out[1], nil
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

// parseChallengeDate reads YYYY-MM-DD, "today" or "tomorrow" in the club's
// calendar.
func parseChallengeDate(s, today string) (string, error) {
	t, _ := time.Parse(time.DateOnly, today)
	switch strings.ToLower(s) {
	case "today":
		return today, nil
	case "tomorrow":
		return t.AddDate(0, 0, 1).Format(time.DateOnly), nil
	}
	if !dateRE.MatchString(s) {
		return "", Userf("I couldn't read %q as a date. Use YYYY-MM-DD, e.g. %s (or \"today\").", truncate(s, 20), today)
	}
	var y, m, d int
	if _, err := fmt.Sscanf(s, "%d-%d-%d", &y, &m, &d); err != nil {
		return "", Userf("I couldn't read %q as a date. Use YYYY-MM-DD, e.g. %s.", truncate(s, 20), today)
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if day.Year() != y || int(day.Month()) != m || day.Day() != d {
		return "", Userf("%s isn't a real date.", s)
	}
	return day.Format(time.DateOnly), nil
}

var goalRE = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*([a-z]*)$`)

// parseGoal reads "100km", "60 mi", "5000k" or a bare number in the
// member's units, in whole metres. Goals go far past a single run's range,
// so coach.ParseDistance (capped at one run) does not fit.
func parseGoal(s string, units coach.Units) (int64, error) {
	g := goalRE.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if g == nil {
		return 0, Userf("I couldn't read %q as a goal. Try 100km, 60mi or a time like 50h.", truncate(s, 20))
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(g[1], ",", "."), 64)
	if err != nil {
		return 0, Userf("I couldn't read %q as a goal. Try 100km or 60mi.", truncate(s, 20))
	}
	u := units
	if g[2] != "" {
		var ok bool
		if u, ok = coach.ParseUnits(g[2]); !ok {
			return 0, Userf("I couldn't read %q as a goal: use km or mi, e.g. 100km.", truncate(s, 20))
		}
	}
	m := v * u.Meters()
	if m < minGoalM || m > maxGoalM || math.IsNaN(m) {
		return 0, Userf("A goal should be between 1 km and 100,000 km (0.6 to 62,137 mi).")
	}
	return int64(math.Round(m)), nil
}

func (r *Router) challengeNew(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	c, _ := r.Lookup("challenge")
	if err := requireAdmin(req, "start a challenge"); err != nil {
		return platforms.Response{}, err
	}
	// "50 km", "50 h" or "1h 30m" typed with a space is one goal.
	if len(args) >= 3 {
		joined := args[1] + args[2]
		_, isTime, _ := parseTimeGoal(joined)
		if _, ok := coach.ParseUnits(args[2]); isTime || (ok && goalRE.MatchString(args[1]) && !strings.ContainsAny(args[1], "abcdefghijklmnopqrstuvwxyz")) {
			args = append([]string{args[0], joined}, args[3:]...)
		}
	}
	if len(args) < 4 {
		return platforms.Response{}, Userf(`To start a challenge: /challenge new "<name>" <goal> <start> <end> [team]
e.g. /challenge new "December 100" 100km 2026-12-01 2026-12-31
or by time: /challenge new "Winter hours" 50h dec 1 dec 31
Put a name with spaces in quotes.`)
	}
	name := strings.Join(strings.Fields(args[0]), " ")
	if name == "" || utf8.RuneCountInString(name) > maxChallengeName {
		return platforms.Response{}, Userf("A challenge name needs 1 to %d characters.", maxChallengeName)
	}
	// Without quotes a two-word name shifts every later argument.
	hint := func(err error) error {
		if strings.ContainsAny(req.Args, `"“”„`) {
			return err
		}
		return Userf("%s\n(A name with spaces goes in quotes: /challenge new \"December 100\" 100km …)", err.Error())
	}
	units := req.Units()
	goalS, isTime, err := parseTimeGoal(args[1])
	if err != nil {
		return platforms.Response{}, hint(err)
	}
	var goal int64
	goalUnit := ""
	if !isTime {
		if goal, err = parseGoal(args[1], units); err != nil {
			return platforms.Response{}, hint(err)
		}
		goalUnit = string(units)
		if g := goalRE.FindStringSubmatch(strings.ToLower(strings.TrimSpace(args[1]))); g != nil && g[2] != "" {
			if gu, ok := coach.ParseUnits(g[2]); ok {
				goalUnit = string(gu)
			}
		}
	}
	today := clubToday(club, req.Now)
	team := false
	dateWords := args[2:]
	if n := len(dateWords); n >= 3 {
		switch strings.ToLower(dateWords[n-1]) {
		case "team", "club", "together", "shared":
			team, dateWords = true, dateWords[:n-1]
		case "each", "solo", "individual":
			dateWords = dateWords[:n-1]
		}
	}
	start, end, err := challengeDates(dateWords, today)
	if err != nil {
		if n := len(dateWords); n >= 3 {
			if _, _, err2 := challengeDates(dateWords[:n-1], today); err2 == nil {
				return platforms.Response{}, usageError(c, fmt.Sprintf("The last word can be team (one shared goal) or each, not %q.", truncate(dateWords[n-1], 20)))
			}
		}
		return platforms.Response{}, hint(err)
	}
	switch {
	case start < today:
		return platforms.Response{}, Userf("%s is in the past (it's %s in the club's time zone, %s). A challenge can start today at the earliest.", start, today, clubZone(club))
	case end < start:
		return platforms.Response{}, Userf("That challenge would end (%s) before it starts (%s). Check the order: start first, then end.", end, start)
	case daily.DaysBetween(today, start) > maxLeadDays:
		return platforms.Response{}, Userf("That starts more than a year away. Pick a start within the next %d days.", maxLeadDays)
	case daily.DaysBetween(start, end)+1 > maxChallengeDays:
		return platforms.Response{}, Userf("A challenge can last up to %d days; that one is %d.", maxChallengeDays, daily.DaysBetween(start, end)+1)
	}
	made, err := r.challenges.Create(ctx, club.ID, store.Challenge{
		Name: name, GoalM: goal, GoalUnit: goalUnit, GoalS: goalS, Team: team,
		Start: start, End: end, Created: req.Now.UTC(), Creator: req.MemberID,
	}, today)
	var taken *challenge.NameTakenError
	var many *challenge.TooManyError
	switch {
	case errors.As(err, &taken) && taken.Ended:
		// Recently ended ones keep their name, so every reference means
		// one challenge.
		ch := taken.Existing
		return platforms.Response{}, Userf("%q was the name of a challenge that ended recently (%s to %s). Pick another name, e.g. %q.", ch.Name, challenge.PrettyDate(ch.Start, today), challenge.PrettyDate(ch.End, today), name+" 2")
	case errors.As(err, &taken):
		ch := taken.Existing
		return platforms.Response{}, Userf("There's already a challenge called “%s” (%s to %s). Pick another name.", shown(ch.Name), ch.Start, ch.End)
	case errors.As(err, &many):
		return platforms.Response{}, Userf("This club already has %d challenges running or coming up; end one first (/challenge end <name>).", many.Open)
	case err != nil:
		return platforms.Response{}, err
	}
	return platforms.Response{Text: fmt.Sprintf("🏁 New challenge: %s\n%s\nJoin with /challenge join%s — runs count by the day they're run.",
		shown(made.Name), challenge.Describe(made, units, today), joinHint(club, made, today))}, nil
}

// joinHint names the challenge in the join hint when the club has others.
func joinHint(club store.Club, ch store.Challenge, today string) string {
	for _, c := range club.Challenges {
		if c.ID != ch.ID && !c.Ended && c.End >= today {
			return " " + challenge.QuoteName(ch.Name)
		}
	}
	return ""
}

// shown marks member-written text (a challenge or display name) for the
// adapter that shows it, which neutralises its markup, mentions and links.
func shown(s string) string { return platforms.MemberText(s) }

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// ---- list, join, leave, end ----

func (r *Router) challengeList(req *Request, club store.Club) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	units := req.Units()
	var open, done []string
	for i := len(club.Challenges) - 1; i >= 0; i-- {
		ch := club.Challenges[i]
		mark := ""
		if slices.Contains(ch.Members, req.MemberID) {
			mark = " ✅ you're in"
		}
		line := fmt.Sprintf("• %s — %s · %s%s", shown(ch.Name), challenge.Describe(ch, units, today), plural(len(ch.Members), "runner"), mark)
		if ch.Ended || ch.End < today {
			if len(done) < 3 {
				done = append(done, line)
			}
			continue
		}
		open = append(open, line)
	}
	if len(open) == 0 && len(done) == 0 {
		hint := "An admin can start one with /challenge new."
		if req.Admin {
			hint = `Start one: /challenge new "December 100" 100km ` + today + " " + daily.AddDays(today, 30)
		}
		return platforms.Response{Text: "No challenges in this club yet. " + hint}, nil
	}
	var b strings.Builder
	if len(open) > 0 {
		b.WriteString("🏁 Challenges:\n" + strings.Join(open, "\n") + "\n")
	} else {
		b.WriteString("No challenge running right now.\n")
	}
	if len(done) > 0 {
		b.WriteString("\nFinished:\n" + strings.Join(done, "\n") + "\n")
	}
	b.WriteString("\n/challenge join <name> · /challenge board <name>")
	return platforms.Response{Text: b.String()}, nil
}

// pickChallenge finds the challenge a command names (exactly, else by a
// unique prefix; an open challenge before finished ones of that name).
// With no name it takes the one open challenge that fits prefer, else the
// only open one, else (includeEnded) the newest. verb names the
// subcommand for the "which one?" hint.
func pickChallenge(club store.Club, name, today, verb string, prefer func(store.Challenge) bool, includeEnded bool) (store.Challenge, error) {
	open := func(ch store.Challenge) bool { return !ch.Ended && ch.End >= today }
	newestFirst := func(keep func(store.Challenge) bool) []store.Challenge {
		var out []store.Challenge
		for i := len(club.Challenges) - 1; i >= 0; i-- {
			if ch := club.Challenges[i]; keep(ch) && (includeEnded || open(ch)) {
				out = append(out, ch)
			}
		}
		return out
	}
	if name != "" {
		exact := func(ch store.Challenge) bool { return sameName(ch.Name, name) }
		prefix := func(ch store.Challenge) bool {
			return strings.HasPrefix(strings.ToLower(ch.Name), strings.ToLower(strings.Join(strings.Fields(name), " ")))
		}
		for _, match := range []func(store.Challenge) bool{exact, prefix} {
			set := newestFirst(match)
			if len(set) == 0 {
				continue
			}
			opens := slices.DeleteFunc(slices.Clone(set), func(ch store.Challenge) bool { return !open(ch) })
			switch {
			case len(opens) == 1:
				return opens[0], nil
			case len(opens) > 1:
				return store.Challenge{}, Userf("%q matches more than one challenge: %s. Use the full name.", truncate(name, 40), names(opens))
			}
			return set[0], nil // only finished ones: the newest
		}
		if !includeEnded {
			for i := len(club.Challenges) - 1; i >= 0; i-- {
				if ch := club.Challenges[i]; sameName(ch.Name, name) {
					return store.Challenge{}, Userf("%s has ended (it ran %s to %s). /challenge list shows what's on now.", challenge.QuoteName(ch.Name), challenge.PrettyDate(ch.Start, today), challenge.PrettyDate(ch.End, today))
				}
			}
		}
		return store.Challenge{}, Userf("I don't know a challenge called %q here. /challenge list shows them.", truncate(name, 40))
	}
	opens := newestFirst(open)
	var fits []store.Challenge
	if prefer != nil {
		fits = slices.DeleteFunc(slices.Clone(opens), func(ch store.Challenge) bool { return !prefer(ch) })
	}
	for _, set := range [][]store.Challenge{fits, opens} {
		switch {
		case len(set) == 1:
			return set[0], nil
		case len(set) > 1:
			return store.Challenge{}, Userf("Which one? %s. Add the name, e.g. /challenge %s %s", names(set), verb, challenge.QuoteName(set[0].Name))
		}
	}
	if includeEnded && len(club.Challenges) > 0 {
		return club.Challenges[len(club.Challenges)-1], nil
	}
	return store.Challenge{}, Userf("There's no challenge running in this club right now. /challenge list shows what there is.")
}

func names(cs []store.Challenge) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = challenge.QuoteName(c.Name)
	}
	return strings.Join(out, ", ")
}

func argName(args []string) string { return strings.Join(args, " ") }

func (r *Router) challengeJoin(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	ch, err := pickChallenge(club, argName(args), today, "join", func(ch store.Challenge) bool { return !slices.Contains(ch.Members, req.MemberID) }, false)
	if err != nil {
		return platforms.Response{}, err
	}
	// Runs already logged in range count: the entry is set to their sum.
	joined, err := r.challenges.Join(ctx, club.ID, ch, req.memberDoc(), today)
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = joined.Member
	already, sum := joined.Already, joined.Total
	units := req.Units()
	if already {
		return platforms.Response{Text: fmt.Sprintf("You're already in %s: %s so far. /challenge board shows where you stand.", shown(ch.Name), challenge.Amount(ch, sum, units))}, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "✅ You're in %s!\n%s\n", shown(ch.Name), challenge.Describe(ch, units, today))
	switch {
	case sum > 0:
		fmt.Fprintf(&b, "Your runs since %s already count: %s.", challenge.PrettyDate(ch.Start, today), challenge.Amount(ch, sum, units))
	case today < ch.Start:
		fmt.Fprintf(&b, "Runs count from %s. Log them with /run as usual.", challenge.PrettyDate(ch.Start, today))
	case challenge.Timed(ch):
		b.WriteString("Log runs with their time (/run 30 min, /run 5k 28:00) and the minutes count here.")
	default:
		b.WriteString("Log runs with /run as usual and they count here.")
	}
	b.WriteString("\nSteady beats heroic: the board is long, and easy runs add up.")
	return platforms.Response{Text: b.String()}, nil
}

func (r *Router) challengeLeave(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	ch, err := pickChallenge(club, argName(args), today, "leave", func(ch store.Challenge) bool { return slices.Contains(ch.Members, req.MemberID) }, true)
	if err != nil {
		return platforms.Response{}, err
	}
	m, err := r.challenges.Leave(ctx, club.ID, ch, req.memberDoc())
	if errors.Is(err, challenge.ErrNotJoined) {
		return platforms.Response{}, Userf("You're not in %s.", shown(ch.Name))
	}
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = m
	return platforms.Response{Text: fmt.Sprintf("👋 You've left %s and your entry is off the board. Your runs stay in your log; rejoin any time before it ends and they'll count again.", shown(ch.Name))}, nil
}

func (r *Router) challengeEnd(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	if err := requireAdmin(req, "end a challenge"); err != nil {
		return platforms.Response{}, err
	}
	if len(args) == 0 {
		return platforms.Response{}, Userf(`Which challenge? /challenge end "<name>"`)
	}
	today := clubToday(club, req.Now)
	ch, err := pickChallenge(club, argName(args), today, "end", nil, false)
	if err != nil {
		return platforms.Response{}, err
	}
	if err := r.challenges.End(ctx, club.ID, ch.ID); err != nil {
		return platforms.Response{}, err
	}
	ch.Ended = true
	text, err := r.challenges.Board(ctx, club, ch, challenge.Viewer{}, req.Units(), today)
	if err != nil {
		return platforms.Response{}, err
	}
	return platforms.Response{Text: "🏁 " + shown(ch.Name) + " has ended; runs no longer count toward it. Final board:\n\n" + text}, nil
}

// ---- remove (admin) ----

var runIDRE = regexp.MustCompile(`^[rR][0-9a-zA-Z]+$`)

func (r *Router) challengeRemove(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	if err := requireAdmin(req, "remove runs from a board"); err != nil {
		return platforms.Response{}, err
	}
	if len(args) < 2 || !runIDRE.MatchString(args[len(args)-1]) {
		return platforms.Response{}, Userf("Use /challenge remove <member> <run id>, e.g. /challenge remove Sam r12. Admins see run ids on /challenge board.")
	}
	runID := strings.ToLower(args[len(args)-1])
	who := strings.TrimPrefix(strings.Join(args[:len(args)-1], " "), "@")
	memberID, name, err := r.findClubMember(ctx, club, who)
	if err != nil {
		return platforms.Response{}, err
	}
	run, struck, err := r.challenges.Strike(ctx, club, memberID, runID)
	if errors.Is(err, challenge.ErrNoRun) {
		return platforms.Response{}, Userf("%s has no run %s (it may have been undone already).", name, runID)
	}
	if err != nil {
		return platforms.Response{}, err
	}
	units := req.Units()
	if len(struck) == 0 {
		return platforms.Response{}, Userf("Run %s (%s on %s) doesn't count on any of this club's boards.", runID, challenge.RunAmount(run, units), run.Date)
	}
	done := make([]string, len(struck))
	for i, ch := range struck {
		done[i] = shown(ch.Name)
	}
	r.log.Info("run removed from boards", "club", club.ID, "member", memberID, "run", run.ID, "by", req.MemberID)
	return platforms.Response{Text: fmt.Sprintf("Removed %s's run %s (%s on %s) from %s. It stays in their own log.",
		name, runID, challenge.RunAmount(run, units), run.Date, strings.Join(done, ", "))}, nil
}

// findClubMember resolves a display name or id among the club's
// challenge members (challenge.Service.FindMember) and words a miss.
func (r *Router) findClubMember(ctx context.Context, club store.Club, who string) (id ids.MemberID, name string, err error) {
	id, name, err = r.challenges.FindMember(ctx, club, who)
	var amb *challenge.AmbiguousNameError
	switch {
	case errors.Is(err, challenge.ErrNoSuchMember):
		return "", "", Userf("No one called %q is in this club's challenges. Use the name as the board shows it.", truncate(who, 40))
	case errors.As(err, &amb):
		return "", "", Userf("More than one member is called %q: use their id instead (%s).", truncate(who, 40), strings.Join(ids.Strings(amb.IDs), ", "))
	}
	return id, name, err
}

// ---- pause / resume ----

func (r *Router) challengePause(ctx context.Context, req *Request, args []string) (platforms.Response, error) {
	public := len(args) > 0 && strings.EqualFold(args[0], "public")
	if len(args) > 0 && !public {
		return platforms.Response{}, Userf("Use /challenge pause, or /challenge pause public to stay visible on the boards.")
	}
	if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		m.Injured = true
		m.ShowInjured = public
		return nil
	}); err != nil {
		return platforms.Response{}, err
	}
	seen := "Your entries are hidden from public boards (only you and club admins see them, marked paused)."
	if public {
		seen = "You stay visible on the boards, as you asked."
	}
	return platforms.Response{
		Text: "⏸ Paused. Your challenge entries and distance are kept, and I won't nudge you about them.\n" + seen +
			"\nRest comes first: follow the coach's advice, not the board. /challenge resume when you're back.",
		Private: true,
	}, nil
}

func (r *Router) challengeResume(ctx context.Context, req *Request) (platforms.Response, error) {
	was := req.Member.Injured
	if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		m.Injured = false
		m.ShowInjured = false
		return nil
	}); err != nil {
		return platforms.Response{}, err
	}
	text := "You weren't paused — you're on the boards as usual."
	if was {
		text = "▶️ Welcome back! You're on the boards again. Ease in: build back up gradually rather than making up the missed distance."
	}
	return platforms.Response{Text: text, Private: true}, nil
}

// creditRun credits a run's metres and seconds to boards (both negative
// on undo) through the challenge service and returns the lines for the
// /run reply, one per challenge ("🏁 December 100: 8.2 km of 100 km",
// "🏁 Winter hours: 12 h 30 min of 50 h"), or "" when there are no
// boards. The lines report progress and never urge more: the coach's
// single-run spike cap outranks any goal.
func (r *Router) creditRun(ctx context.Context, req *Request, boards []string, meters, seconds int64) (string, error) {
	if len(boards) == 0 || (meters == 0 && seconds == 0) {
		return "", nil
	}
	m, credits, err := r.challenges.Credit(ctx, req.memberDoc(), boards, meters, seconds)
	req.Member = m
	if err != nil {
		return "", err
	}
	return r.creditText(ctx, req, credits, meters), nil
}

// creditText is creditRun's lines for credits already made; meters is
// what was credited to distance boards.
func (r *Router) creditText(ctx context.Context, req *Request, credits []challenge.Credit, meters int64) string {
	units := req.Units()
	var lines []string
	for _, c := range credits {
		lines = append(lines, creditLine(req, c, units))
	}
	if len(lines) > 0 && meters > 0 && r.training.Spiked(ctx, req.MemberID, meters, r.location(ctx, req), req.Now) {
		lines = append(lines, "No need to chase the board: the coach's cap for your next long run comes first, and steady runs get you there.")
	}
	return strings.Join(lines, "\n")
}

// creditLine is one challenge's line under a /run reply.
func creditLine(req *Request, c challenge.Credit, units coach.Units) string {
	ch := c.Challenge
	d := func(v int64) string { return challenge.Amount(ch, v, units) }
	if ch.Team {
		line := fmt.Sprintf("🏁 %s: %s of %s together (you: %s)", shown(ch.Name), d(c.Total), challenge.Goal(ch, units), d(c.Score))
		if c.Reached() {
			line += " — team goal reached! 🎉"
		}
		return line
	}
	line := fmt.Sprintf("🏁 %s: %s of %s", shown(ch.Name), d(c.Score), challenge.Goal(ch, units))
	switch {
	case c.Amount < 0:
		line = fmt.Sprintf("🏁 %s: back to %s of %s", shown(ch.Name), d(c.Score), challenge.Goal(ch, units))
	case req.Member.Injured && req.DM: // in a group it would tell everyone they're resting
		line += " (you're paused — rest comes first, the board can wait)"
	case c.Reached():
		line += " — goal reached! 🎉 Anything more is a bonus, not a target."
	}
	return line
}

// MoveClub follows a Telegram group that became a supergroup (the
// challenge service's MoveClub): the club, its boards and its members'
// references move to the new id.
func (r *Router) MoveClub(ctx context.Context, from, to ids.ClubID) error {
	return r.challenges.MoveClub(ctx, from, to)
}

// splitArgs splits on white space, keeping "quoted text" (straight or
// curly quotes, as phones type them) as one argument.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, had := false, false
	for _, c := range s {
		switch {
		case c == '"' || c == '“' || c == '”' || c == '„':
			if inQuote {
				out = append(out, cur.String())
				cur.Reset()
				had = false
			}
			inQuote = !inQuote
		case !inQuote && (c == ' ' || c == '\t' || c == '\n'):
			if had {
				out = append(out, cur.String())
				cur.Reset()
				had = false
			}
		default:
			cur.WriteRune(c)
			had = true
		}
	}
	if had || (inQuote && cur.Len() > 0) {
		out = append(out, cur.String())
	}
	return out
}
