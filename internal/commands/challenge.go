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
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/web"
)

// Challenge limits.
const (
	minGoalM         = 1_000           // 1 km
	maxGoalM         = 100_000_000     // 100,000 km (a whole club's year)
	maxChallengeName = 40              // runes
	maxChallengeDays = 366             // longest challenge
	maxLeadDays      = 366             // how far ahead a challenge may start
	maxOpenPerClub   = 20              // challenges not yet ended, per club
	boardTopN        = 10              // entries a board shows
	quietDays        = 7               // days without a run before a nudge
	markTTL          = 800 * time.Hour // join marks outlive the quiet window
	struckTTL        = 2 * 366 * 24 * time.Hour
)

// boardPrefix starts every challenge board name: "chal:<club id>/<id>".
const boardPrefix = "chal:"

// challengeBoard names the leaderboard of a challenge.
func challengeBoard(clubID, id string) string {
	return boardPrefix + store.ChallengeKey(clubID, id)
}

// splitChallengeKey is the inverse of store.ChallengeKey. Club ids never
// hold "/", challenge ids neither, so the last "/" separates them.
func splitChallengeKey(key string) (clubID, id string, ok bool) {
	i := strings.LastIndexByte(key, '/')
	if i <= 0 || i == len(key)-1 {
		return "", "", false
	}
	return key[:i], key[i+1:], true
}

// boardChallenge parses a challenge board name.
func boardChallenge(board string) (clubID, id string, ok bool) {
	key, ok := strings.CutPrefix(board, boardPrefix)
	if !ok {
		return "", "", false
	}
	return splitChallengeKey(key)
}

// Marks kept in the member's scope (so /forgetme removes them).
func joinedMark(key, date string) string { return "chal-joined|" + key + "|" + date }
func struckMark(key, runID string) string {
	return "chal-struck|" + key + "|" + strings.ToLower(runID)
}

// NudgeKey is the mark (scope: the member) that records the one quiet
// nudge a member gets per challenge.
func NudgeKey(challengeKey string) string { return "chal-nudge|" + challengeKey }

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
	return r.loadClub(ctx, id)
}

// loadClub reads a club; one never configured is an empty club, with no
// challenges and no settings.
func (r *Challenges) loadClub(ctx context.Context, id string) (store.Club, error) {
	c, err := r.st.Club(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Club{ID: id}, nil
	}
	if err != nil {
		return store.Club{}, fmt.Errorf("load club %s: %w", id, err)
	}
	return c, nil
}

// clubZone is the club's time zone (UTC when unset or unknown).
func clubZone(c store.Club) *time.Location { return member.ClubZone(c) }

func clubToday(c store.Club, now time.Time) string {
	return now.In(clubZone(c)).Format(time.DateOnly)
}

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
	units := coach.Units(req.Units())
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
	case daysBetween(today, start) > maxLeadDays:
		return platforms.Response{}, Userf("That starts more than a year away. Pick a start within the next %d days.", maxLeadDays)
	case daysBetween(start, end)+1 > maxChallengeDays:
		return platforms.Response{}, Userf("A challenge can last up to %d days; that one is %d.", maxChallengeDays, daysBetween(start, end)+1)
	}
	var made store.Challenge
	_, err = r.st.UpdateClub(ctx, club.ID, func(cl *store.Club) error {
		open, maxID := 0, cl.ChallengeSeq // ids of pruned challenges are never reused
		for _, ch := range cl.Challenges {
			if n, err := strconv.Atoi(strings.TrimPrefix(ch.ID, "c")); err == nil && n > maxID {
				maxID = n
			}
			if ch.Ended || ch.End < today {
				// Recently ended ones keep their name, so every reference
				// means one challenge.
				if sameName(ch.Name, name) && ch.End >= addDays(today, -nameReuseDays) {
					return Userf("%q was the name of a challenge that ended recently (%s to %s). Pick another name, e.g. %q.", ch.Name, prettyDate(ch.Start, today), prettyDate(ch.End, today), name+" 2")
				}
				continue
			}
			open++
			if sameName(ch.Name, name) {
				return Userf("There's already a challenge called “%s” (%s to %s). Pick another name.", shown(ch.Name), ch.Start, ch.End)
			}
		}
		if open >= maxOpenPerClub {
			return Userf("This club already has %d challenges running or coming up; end one first (/challenge end <name>).", open)
		}
		made = store.Challenge{
			ID: "c" + strconv.Itoa(maxID+1), Name: name, GoalM: goal, GoalUnit: goalUnit, GoalS: goalS, Team: team,
			Start: start, End: end, Created: req.Now.UTC(), Creator: req.MemberID,
		}
		cl.Challenges = append(cl.Challenges, made)
		cl.ChallengeSeq = maxID + 1
		return nil
	})
	if err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			return platforms.Response{}, err
		}
		return platforms.Response{}, fmt.Errorf("create challenge in %s: %w", club.ID, err)
	}
	r.log.Info("challenge created", "club", club.ID, "challenge", made.ID, "goal_m", made.GoalM, "goal_s", made.GoalS)
	return platforms.Response{Text: fmt.Sprintf("🏁 New challenge: %s\n%s\nJoin with /challenge join%s — runs count by the day they're run.",
		shown(made.Name), describeChallenge(made, units, today), joinHint(club, made, today))}, nil
}

// joinHint names the challenge in the join hint when the club has others.
func joinHint(club store.Club, ch store.Challenge, today string) string {
	for _, c := range club.Challenges {
		if c.ID != ch.ID && !c.Ended && c.End >= today {
			return " " + quoteName(ch.Name)
		}
	}
	return ""
}

func quoteName(name string) string {
	if strings.ContainsAny(name, " \t") {
		return `"` + shown(name) + `"`
	}
	return shown(name)
}

// shown marks member-written text (a challenge or display name) for the
// adapter that shows it, which neutralises its markup, mentions and links.
func shown(s string) string { return platforms.MemberText(s) }

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// daysBetween counts calendar days from a to b (YYYY-MM-DD).
func daysBetween(a, b string) int {
	ta, errA := time.Parse(time.DateOnly, a)
	tb, errB := time.Parse(time.DateOnly, b)
	if errA != nil || errB != nil {
		return 0
	}
	return int(math.Round(tb.Sub(ta).Hours() / 24))
}

func addDays(date string, n int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// prettyDate shows "25 Nov", with the year when it isn't this year's.
func prettyDate(date, today string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	if len(today) >= 4 && date[:4] != today[:4] {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// describeChallenge is one line: goal, dates, status.
func describeChallenge(ch store.Challenge, units coach.Units, today string) string {
	goal := showGoal(ch, units) + " each"
	if ch.Team {
		goal = showGoal(ch, units) + " together"
	}
	status := ""
	switch {
	case ch.Ended || ch.End < today:
		status = "finished"
	case today < ch.Start:
		status = plural(daysBetween(today, ch.Start), "day") + " to go before it starts"
	default:
		left := daysBetween(today, ch.End) + 1
		status = plural(left, "day") + " left"
		if left == 1 {
			status = "last day"
		}
	}
	return fmt.Sprintf("%s · %s → %s · %s", goal, prettyDate(ch.Start, today), prettyDate(ch.End, today), status)
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
	units := coach.Units(req.Units())
	var open, done []string
	for i := len(club.Challenges) - 1; i >= 0; i-- {
		ch := club.Challenges[i]
		mark := ""
		if slices.Contains(ch.Members, req.MemberID) {
			mark = " ✅ you're in"
		}
		line := fmt.Sprintf("• %s — %s · %s%s", shown(ch.Name), describeChallenge(ch, units, today), plural(len(ch.Members), "runner"), mark)
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
			hint = `Start one: /challenge new "December 100" 100km ` + today + " " + addDays(today, 30)
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
					return store.Challenge{}, Userf("%s has ended (it ran %s to %s). /challenge list shows what's on now.", quoteName(ch.Name), prettyDate(ch.Start, today), prettyDate(ch.End, today))
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
			return store.Challenge{}, Userf("Which one? %s. Add the name, e.g. /challenge %s %s", names(set), verb, quoteName(set[0].Name))
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
		out[i] = quoteName(c.Name)
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
	key := store.ChallengeKey(club.ID, ch.ID)
	board := challengeBoard(club.ID, ch.ID)
	already := slices.Contains(ch.Members, req.MemberID) && slices.Contains(req.Member.Challenges, key)
	if _, err := r.st.UpdateClub(ctx, club.ID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == ch.ID && !slices.Contains(cl.Challenges[i].Members, req.MemberID) {
				cl.Challenges[i].Members = append(cl.Challenges[i].Members, req.MemberID)
			}
		}
		return nil
	}); err != nil {
		return platforms.Response{}, fmt.Errorf("join %s: %w", key, err)
	}
	m, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		if !slices.Contains(m.Challenges, key) {
			m.Challenges = append(m.Challenges, key)
		}
		if !slices.Contains(m.Boards, board) {
			m.Boards = append(m.Boards, board)
		}
		return nil
	})
	if err != nil {
		return platforms.Response{}, err
	}
	req.Member = m
	if !already {
		if _, err := r.st.Mark(ctx, req.MemberID, joinedMark(key, today), markTTL); err != nil {
			r.log.Warn("mark challenge join", "member", req.MemberID, "challenge", key, "err", err)
		}
	}
	// Runs already logged in range count: set the entry to their sum.
	sum, err := r.syncEntry(ctx, req.MemberID, club.ID, ch)
	if err != nil {
		return platforms.Response{}, err
	}
	units := coach.Units(req.Units())
	if already {
		return platforms.Response{Text: fmt.Sprintf("You're already in %s: %s so far. /challenge board shows where you stand.", shown(ch.Name), showAmount(ch, sum, units))}, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "✅ You're in %s!\n%s\n", shown(ch.Name), describeChallenge(ch, units, today))
	switch {
	case sum > 0:
		fmt.Fprintf(&b, "Your runs since %s already count: %s.", prettyDate(ch.Start, today), showAmount(ch, sum, units))
	case today < ch.Start:
		fmt.Fprintf(&b, "Runs count from %s. Log them with /run as usual.", prettyDate(ch.Start, today))
	case timed(ch):
		b.WriteString("Log runs with their time (/run 30 min, /run 5k 28:00) and the minutes count here.")
	default:
		b.WriteString("Log runs with /run as usual and they count here.")
	}
	b.WriteString("\nSteady beats heroic: the board is long, and easy runs add up.")
	return platforms.Response{Text: b.String()}, nil
}

// syncEntry sets the member's entry on a challenge board to the sum of
// their runs dated within it (less runs an admin took off), creating the
// entry when absent. Used on join, where runs logged before joining must
// count.
func (r *Router) syncEntry(ctx context.Context, memberID, clubID string, ch store.Challenge) (int64, error) {
	key := store.ChallengeKey(clubID, ch.ID)
	board := challengeBoard(clubID, ch.ID)
	runs, err := r.st.Runs(ctx, memberID, ch.Start, ch.End)
	if err != nil {
		return 0, fmt.Errorf("runs for %s: %w", key, err)
	}
	var want int64
	for _, run := range runs {
		struck, err := r.st.Marked(ctx, memberID, struckMark(key, run.ID))
		if err != nil {
			return 0, fmt.Errorf("check removed run %s: %w", run.ID, err)
		}
		if !struck {
			want += amountOf(ch, run)
		}
	}
	var cur int64
	sc, err := r.st.BoardScore(ctx, board, memberID)
	switch {
	case err == nil:
		cur = sc.Value
	case !errors.Is(err, store.ErrNotFound):
		return 0, fmt.Errorf("read %s entry: %w", key, err)
	}
	if err == nil && want == cur {
		return want, nil
	}
	got, err := r.st.BoardAdd(ctx, board, memberID, want-cur)
	if err != nil {
		return 0, fmt.Errorf("credit %s: %w", key, err)
	}
	return got, nil
}

func (r *Router) challengeLeave(ctx context.Context, req *Request, club store.Club, args []string) (platforms.Response, error) {
	today := clubToday(club, req.Now)
	ch, err := pickChallenge(club, argName(args), today, "leave", func(ch store.Challenge) bool { return slices.Contains(ch.Members, req.MemberID) }, true)
	if err != nil {
		return platforms.Response{}, err
	}
	key := store.ChallengeKey(club.ID, ch.ID)
	board := challengeBoard(club.ID, ch.ID)
	if !slices.Contains(ch.Members, req.MemberID) && !slices.Contains(req.Member.Challenges, key) {
		return platforms.Response{}, Userf("You're not in %s.", shown(ch.Name))
	}
	if err := r.st.BoardRemove(ctx, board, req.MemberID); err != nil {
		return platforms.Response{}, fmt.Errorf("leave %s: %w", key, err)
	}
	if _, err := r.st.UpdateClub(ctx, club.ID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == ch.ID {
				cl.Challenges[i].Members = slices.DeleteFunc(cl.Challenges[i].Members, func(s string) bool { return s == req.MemberID })
			}
		}
		return nil
	}); err != nil {
		return platforms.Response{}, fmt.Errorf("leave %s: %w", key, err)
	}
	if _, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
		m.Challenges = slices.DeleteFunc(m.Challenges, func(s string) bool { return s == key })
		m.Boards = slices.DeleteFunc(m.Boards, func(s string) bool { return s == board })
		return nil
	}); err != nil {
		return platforms.Response{}, err
	}
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
	if _, err := r.st.UpdateClub(ctx, club.ID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == ch.ID {
				cl.Challenges[i].Ended = true
			}
		}
		return nil
	}); err != nil {
		return platforms.Response{}, fmt.Errorf("end %s: %w", ch.ID, err)
	}
	ch.Ended = true
	text, err := r.renderChallengeBoard(ctx, club, ch, viewer{}, coach.Units(req.Units()), today)
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
	runs, err := r.st.Runs(ctx, memberID, "", "")
	if err != nil {
		return platforms.Response{}, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	var run *store.Run
	for i := range runs {
		if strings.EqualFold(runs[i].ID, runID) {
			run = &runs[i]
		}
	}
	if run == nil {
		return platforms.Response{}, Userf("%s has no run %s (it may have been undone already).", name, runID)
	}
	units := coach.Units(req.Units())
	var done []string
	for _, ch := range club.Challenges {
		key := store.ChallengeKey(club.ID, ch.ID)
		if !slices.Contains(ch.Members, memberID) || run.Date < ch.Start || run.Date > ch.End || amountOf(ch, *run) == 0 {
			continue
		}
		fresh, err := r.st.Mark(ctx, memberID, struckMark(key, run.ID), struckTTL)
		if err != nil {
			return platforms.Response{}, fmt.Errorf("mark removed run: %w", err)
		}
		if !fresh {
			continue
		}
		if _, err := r.debit(ctx, challengeBoard(club.ID, ch.ID), memberID, amountOf(ch, *run)); err != nil {
			return platforms.Response{}, err
		}
		done = append(done, shown(ch.Name))
	}
	if len(done) == 0 {
		return platforms.Response{}, Userf("Run %s (%s on %s) doesn't count on any of this club's boards.", runID, describeRunAmount(*run, units), run.Date)
	}
	r.log.Info("run removed from boards", "club", club.ID, "member", memberID, "run", run.ID, "by", req.MemberID)
	return platforms.Response{Text: fmt.Sprintf("Removed %s's run %s (%s on %s) from %s. It stays in their own log.",
		name, runID, describeRunAmount(*run, units), run.Date, strings.Join(done, ", "))}, nil
}

// findClubMember resolves a display name or id among the club's
// challenge members.
func (r *Router) findClubMember(ctx context.Context, club store.Club, who string) (id, name string, err error) {
	seen := map[string]bool{}
	var byName []store.Member
	for _, ch := range club.Challenges {
		for _, mid := range ch.Members {
			if seen[mid] {
				continue
			}
			seen[mid] = true
			if mid == who {
				m, err := r.st.Member(ctx, mid)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return "", "", fmt.Errorf("load member %s: %w", mid, err)
				}
				return mid, displayName(m, mid), nil
			}
			m, err := r.st.Member(ctx, mid)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return "", "", fmt.Errorf("load member %s: %w", mid, err)
			}
			if sameName(m.Name, who) {
				byName = append(byName, m)
			}
		}
	}
	switch len(byName) {
	case 1:
		return byName[0].ID, displayName(byName[0], byName[0].ID), nil
	case 0:
		return "", "", Userf("No one called %q is in this club's challenges. Use the name as the board shows it.", truncate(who, 40))
	}
	ids := make([]string, len(byName))
	for i, m := range byName {
		ids[i] = m.ID
	}
	return "", "", Userf("More than one member is called %q: use their id instead (%s).", truncate(who, 40), strings.Join(ids, ", "))
}

func displayName(m store.Member, id string) string {
	if n := strings.TrimSpace(m.Name); n != "" {
		return shown(truncate(n, 32))
	}
	if _, local, ok := platforms.SplitID(id); ok {
		return "runner " + truncate(local, 6)
	}
	return "a runner"
}

// debit takes an amount (metres or seconds) off a member's entry, never below zero, and leaves
// absent entries absent (a member who left has nothing to take off).
func (r *Router) debit(ctx context.Context, board, memberID string, amount int64) (int64, error) {
	sc, err := r.st.BoardScore(ctx, board, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s entry: %w", board, err)
	}
	d := min(amount, sc.Value)
	if d <= 0 {
		return sc.Value, nil
	}
	v, err := r.st.BoardAdd(ctx, board, memberID, -d)
	if err != nil {
		return 0, fmt.Errorf("debit %s: %w", board, err)
	}
	return v, nil
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

// ---- the contract with /run ----

// runBoards returns the boards run (dated run.Date, YYYY-MM-DD in the
// member's zone) by m counts toward: every challenge m joined, in any
// club, that is not ended, whose Start..End holds the date and that the
// run has something for (a distance for distance challenges, a time for
// time challenges).
func (r *Router) runBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error) {
	date := run.Date
	clubs := map[string]store.Club{}
	var out []string
	for _, key := range m.Challenges {
		clubID, id, ok := splitChallengeKey(key)
		if !ok {
			continue
		}
		ch, ok, err := r.challengeByKey(ctx, clubs, clubID, id)
		if err != nil {
			return nil, err
		}
		if !ok || ch.Ended || date < ch.Start || date > ch.End || amountOf(ch, run) == 0 {
			continue
		}
		out = append(out, challengeBoard(clubID, id))
	}
	return out, nil
}

// undoBoards returns the boards to debit when run is undone: those it was
// credited to when logged, plus those of challenges joined later whose
// join counted it, minus boards an admin already took it off.
func (r *Router) undoBoards(ctx context.Context, m store.Member, run store.Run) ([]string, error) {
	now, err := r.runBoards(ctx, m, run)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, b := range append(slices.Clone(run.Boards), now...) {
		if slices.Contains(out, b) {
			continue
		}
		if _, _, ok := boardChallenge(b); ok {
			key := strings.TrimPrefix(b, boardPrefix)
			struck, err := r.st.Marked(ctx, m.ID, struckMark(key, run.ID))
			if err != nil {
				return nil, fmt.Errorf("check removed run %s: %w", run.ID, err)
			}
			if struck {
				continue
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// challengeByKey loads a challenge through a per-call club cache.
func (r *Router) challengeByKey(ctx context.Context, clubs map[string]store.Club, clubID, id string) (store.Challenge, bool, error) {
	c, ok := clubs[clubID]
	if !ok {
		var err error
		c, err = r.st.Club(ctx, clubID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Challenge{}, false, fmt.Errorf("load club %s: %w", clubID, err)
		}
		clubs[clubID] = c
	}
	for _, ch := range c.Challenges {
		if ch.ID == id {
			return ch, true, nil
		}
	}
	return store.Challenge{}, false, nil
}

// creditRun adds a run's metres to each distance board and its seconds
// to each time board (both negative on undo) and keeps Member.Boards up
// to date. It returns the lines for the /run reply, one per challenge
// ("🏁 December 100: 8.2 km of 100 km", "🏁 Winter hours: 12 h 30 min of
// 50 h"), or "" when there are no boards. The lines report progress and
// never urge more: the coach's single-run spike cap outranks any goal.
func (r *Router) creditRun(ctx context.Context, req *Request, boards []string, meters, seconds int64) (string, error) {
	if len(boards) == 0 || (meters == 0 && seconds == 0) {
		return "", nil
	}
	if meters > 0 || seconds > 0 {
		var missing []string
		for _, b := range boards {
			if !slices.Contains(req.Member.Boards, b) {
				missing = append(missing, b)
			}
		}
		if len(missing) > 0 {
			m, err := r.saveMember(ctx, req.MemberID, func(m *store.Member) error {
				for _, b := range missing {
					if !slices.Contains(m.Boards, b) {
						m.Boards = append(m.Boards, b)
					}
				}
				return nil
			})
			if err != nil {
				return "", err
			}
			req.Member = m
		}
	}
	units := coach.Units(req.Units())
	spiked := meters > 0 && r.spiked(ctx, req, meters)
	clubs := map[string]store.Club{}
	var lines []string
	for _, b := range boards {
		var ch store.Challenge
		found := false
		if clubID, id, ok := boardChallenge(b); ok {
			var err error
			if ch, found, err = r.challengeByKey(ctx, clubs, clubID, id); err != nil {
				return "", err
			}
		}
		amount := meters
		if found && timed(ch) {
			amount = seconds
		}
		var score int64
		var err error
		switch {
		case amount > 0:
			score, err = r.st.BoardAdd(ctx, b, req.MemberID, amount)
			if err != nil {
				return "", fmt.Errorf("credit %s: %w", b, err)
			}
		case amount < 0:
			if !slices.Contains(req.Member.Boards, b) {
				continue // left the challenge: nothing to take off
			}
			if score, err = r.debit(ctx, b, req.MemberID, -amount); err != nil {
				return "", err
			}
		default:
			continue // nothing of the run counts here
		}
		if !found {
			continue
		}
		line, err := r.creditLine(ctx, req, b, ch, score, amount, units)
		if err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	if spiked && len(lines) > 0 {
		lines = append(lines, "No need to chase the board: the coach's cap for your next long run comes first, and steady runs get you there.")
	}
	return strings.Join(lines, "\n"), nil
}

// spiked reports whether the run just credited was a single-run spike
// (coach.SpikeCheck), so the challenge lines add no pull toward more. The
// run is the latest logged one of that distance in the last month; when
// it is not stored yet, it is taken as today's.
func (r *Router) spiked(ctx context.Context, req *Request, meters int64) bool {
	today := req.Now.In(r.location(ctx, req)).Format(time.DateOnly)
	runs, err := r.st.Runs(ctx, req.MemberID, addDays(today, -(coach.SpikeWindowDays+2)), addDays(today, 1))
	if err != nil {
		r.log.Warn("runs for spike check", "member", req.MemberID, "err", err)
		return false
	}
	date := today
	var latest time.Time
	history := make([]coach.Run, 0, len(runs))
	for _, run := range runs {
		d, err := time.Parse(time.DateOnly, run.Date)
		if err != nil {
			continue
		}
		history = append(history, coach.Run{Date: d, Meters: float64(run.Meters)})
		if run.Meters == meters && !run.Logged.Before(latest) {
			date, latest = run.Date, run.Logged
		}
	}
	d, _ := time.Parse(time.DateOnly, date)
	return coach.SpikeCheck(history, coach.Run{Date: d, Meters: float64(meters)}).Spiked
}

// creditLine is one challenge's line under a /run reply; amount is what
// the run added (negative when taken off), in the board's unit.
func (r *Router) creditLine(ctx context.Context, req *Request, board string, ch store.Challenge, score, amount int64, units coach.Units) (string, error) {
	d := func(v int64) string { return showAmount(ch, v, units) }
	goal := goalOf(ch)
	if ch.Team {
		scores, err := r.st.BoardTop(ctx, board, 0)
		if err != nil {
			return "", fmt.Errorf("team total %s: %w", board, err)
		}
		var total int64
		for _, s := range scores {
			total += s.Value
		}
		line := fmt.Sprintf("🏁 %s: %s of %s together (you: %s)", shown(ch.Name), d(total), showGoal(ch, units), d(score))
		if amount > 0 && total >= goal && total-amount < goal {
			line += " — team goal reached! 🎉"
		}
		return line, nil
	}
	line := fmt.Sprintf("🏁 %s: %s of %s", shown(ch.Name), d(score), showGoal(ch, units))
	switch {
	case amount < 0:
		line = fmt.Sprintf("🏁 %s: back to %s of %s", shown(ch.Name), d(score), showGoal(ch, units))
	case req.Member.Injured && req.DM: // in a group it would tell everyone they're resting
		line += " (you're paused — rest comes first, the board can wait)"
	case score >= goal && score-amount < goal:
		line += " — goal reached! 🎉 Anything more is a bonus, not a target."
	}
	return line, nil
}

// ---- scheduler hooks ----

// Standings is the weekly club post: the public board of every challenge
// that has started and not ended, or "" when none has. Paused members who
// did not opt in are left out, and nothing names a run id.
func (r *Challenges) Standings(ctx context.Context, clubID string, now time.Time) (string, error) {
	club, err := r.loadClub(ctx, clubID)
	if err != nil {
		return "", err
	}
	today := clubToday(club, now)
	var parts, empty []string
	for _, ch := range club.Challenges {
		if ch.Ended || today < ch.Start || today > ch.End {
			continue
		}
		// A board with nothing on it is one line for all such, not a post each.
		if top, err := r.st.BoardTop(ctx, challengeBoard(club.ID, ch.ID), 1); err != nil {
			return "", fmt.Errorf("board of %s: %w", ch.ID, err)
		} else if len(top) == 0 {
			empty = append(empty, quoteName(ch.Name))
			continue
		}
		text, err := r.renderChallengeBoard(ctx, club, ch, viewer{}, clubUnits(club), today)
		if err != nil {
			return "", err
		}
		parts = append(parts, text)
	}
	if len(empty) > 0 && len(parts) > 0 {
		parts = append(parts, "No runs yet on "+strings.Join(empty, ", ")+" — /challenge join to take part.")
	}
	if len(parts) == 0 {
		return "", nil // nothing to show: no post
	}
	return "📊 This week's standings\n\n" + strings.Join(parts, "\n\n"), nil
}

// ChallengeResult is the final-results post of one challenge that is over.
// Its Key ("chal-final|<club>/<id>") marks the post once it went out. The
// type is shared with the scheduler (package challenge), which sends it.
type ChallengeResult = challenge.Result

// FinalResults returns the final-results posts of the club's challenges
// that are over (ended by an admin, or past their last day in the club's
// zone) and not yet marked finished. The caller posts each, then calls
// FinishChallenge so it is not posted again.
func (r *Challenges) FinalResults(ctx context.Context, clubID string, now time.Time) ([]ChallengeResult, error) {
	club, err := r.loadClub(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := clubToday(club, now)
	var out []ChallengeResult
	for _, ch := range club.Challenges {
		if ch.Finished || (!ch.Ended && ch.End >= today) {
			continue
		}
		text, err := r.renderChallengeBoard(ctx, club, ch, viewer{}, clubUnits(club), today)
		if err != nil {
			return nil, err
		}
		out = append(out, ChallengeResult{
			ChallengeID: ch.ID,
			Key:         "chal-final|" + store.ChallengeKey(clubID, ch.ID),
			Text:        "🏆 Final results: " + shown(ch.Name) + "\n\n" + text + "\n\nThank you all for running — see you at the next one!",
		})
	}
	return out, nil
}

// FinishChallenge records that a challenge's final results went out; it
// also ends the challenge, so no run counts toward it afterwards.
func (r *Challenges) FinishChallenge(ctx context.Context, clubID, challengeID string) error {
	var gone []store.Challenge
	_, err := r.st.UpdateClub(ctx, clubID, func(cl *store.Club) error {
		for i := range cl.Challenges {
			if cl.Challenges[i].ID == challengeID {
				cl.Challenges[i].Ended = true
				cl.Challenges[i].Finished = true
			}
		}
		gone = pruneFinished(cl, clubToday(*cl, r.now()))
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish challenge %s in %s: %w", challengeID, clubID, err)
	}
	for _, ch := range gone {
		if err := r.st.BoardDelete(ctx, challengeBoard(clubID, ch.ID)); err != nil {
			r.log.Warn("delete the board of a pruned challenge", "club", clubID, "challenge", ch.ID, "err", err)
		}
	}
	return nil
}

// keepFinished bounds the finished challenges a club document carries:
// those shown anywhere (the three newest in /challenge list, the public
// page's last web.FinishedDays days), at most this many.
const keepFinished = 10

// pruneFinished removes from the club the finished challenges no one is
// shown any more: ended more than web.FinishedDays days ago, or past the
// keepFinished newest. Without it every challenge ever run stays in the
// document read and rewritten on each club update. Ids stay unique
// through ChallengeSeq. It returns what it removed, whose boards the
// caller deletes.
func pruneFinished(cl *store.Club, today string) []store.Challenge {
	var kept, gone []store.Challenge
	finished := 0
	for i := len(cl.Challenges) - 1; i >= 0; i-- { // newest first
		ch := cl.Challenges[i]
		if n, err := strconv.Atoi(strings.TrimPrefix(ch.ID, "c")); err == nil && n > cl.ChallengeSeq {
			cl.ChallengeSeq = n
		}
		if ch.Finished {
			finished++
			if finished > keepFinished || daysBetween(ch.End, today) > web.FinishedDays {
				gone = append(gone, ch)
				continue
			}
		}
		kept = append(kept, ch)
	}
	if len(gone) == 0 {
		return nil
	}
	slices.Reverse(kept)
	cl.Challenges = kept
	return gone
}

// Nudge is one friendly DM to a challenge member who has gone quiet.
// Its Key (NudgeKey of the challenge) is the mark, scope MemberID, to set
// once sent, kept for TTL (past the challenge's end).
type Nudge = challenge.Nudge

// NudgeCandidates returns the members of the club's running challenges who
// joined at least quietDays ago, logged no run in the last quietDays days,
// are not paused, and were not nudged about that challenge before. The
// caller DMs each and then sets the mark st.Mark(ctx, n.MemberID, n.Key,
// n.TTL), so each member gets one nudge per challenge.
func (r *Challenges) NudgeCandidates(ctx context.Context, clubID string, now time.Time) ([]Nudge, error) {
	club, err := r.loadClub(ctx, clubID)
	if err != nil {
		return nil, err
	}
	today := clubToday(club, now)
	from := addDays(today, -(quietDays - 1))
	var out []Nudge
	for _, ch := range club.Challenges {
		// The whole quiet window must lie inside the challenge.
		if ch.Ended || from < ch.Start || today > ch.End {
			continue
		}
		key := store.ChallengeKey(clubID, ch.ID)
		for _, mid := range ch.Members {
			ok, err := r.nudgeDue(ctx, mid, key, from, today)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			m, err := r.st.Member(ctx, mid)
			if err != nil {
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				return nil, fmt.Errorf("load member %s: %w", mid, err)
			}
			if m.Injured {
				continue
			}
			units := coach.KM
			if m.Units == "mi" {
				units = coach.MI
			}
			easy := "/run 3k"
			switch {
			case timed(ch):
				easy = "/run 20 min"
			case units == coach.MI:
				easy = "/run 2mi"
			}
			out = append(out, Nudge{
				MemberID: mid,
				Key:      NudgeKey(key),
				TTL:      time.Duration(daysBetween(today, ch.End)+30) * 24 * time.Hour,
				Text: fmt.Sprintf("👋 Hi %s! %s runs until %s and I haven't seen a run from you this past week. No pressure — an easy one counts just the same (%s). Nursing a niggle? /challenge pause keeps your place while you rest.",
					displayName(m, mid), shown(ch.Name), prettyDate(ch.End, today), easy),
			})
		}
	}
	return out, nil
}

// nudgeDue reports whether a member was quiet for the whole window: not
// joined during it, no run dated in it, not nudged about it before.
func (r *Challenges) nudgeDue(ctx context.Context, memberID, key, from, today string) (bool, error) {
	nudged, err := r.st.Marked(ctx, memberID, NudgeKey(key))
	if err != nil || nudged {
		return false, wrapIf(err, "check nudge mark")
	}
	for d := from; d <= today; d = addDays(d, 1) {
		joined, err := r.st.Marked(ctx, memberID, joinedMark(key, d))
		if err != nil || joined {
			return false, wrapIf(err, "check join mark")
		}
	}
	// The member's calendar may run a day ahead of or behind the club's.
	runs, err := r.st.Runs(ctx, memberID, addDays(from, -1), addDays(today, 1))
	if err != nil {
		return false, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	return len(runs) == 0, nil
}

func wrapIf(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// MoveClub follows a Telegram group that became a supergroup: the club's
// document moves to the new id and ClubMoved re-keys the rest. A club with
// nothing stored is no error; a retried move is safe.
func (r *Router) MoveClub(ctx context.Context, from, to string) error {
	if err := r.st.MoveClub(ctx, from, to); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("move club %s to %s: %w", from, to, err)
	}
	return r.ClubMoved(ctx, from, to)
}

// ClubMoved re-keys a club's challenges after store.MoveClub(from, to) (a
// Telegram group became a supergroup): board entries move to the new board
// names, and the club's members' challenge keys, board names and club
// lists follow, so their runs keep counting. It is safe to retry. Marks
// keyed by the old id (removed runs, join dates, nudges) stay behind: a
// member may get one more nudge, nothing counts twice.
func (r *Router) ClubMoved(ctx context.Context, from, to string) error {
	club, err := r.st.Club(ctx, to)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load moved club %s: %w", to, err)
	}
	members := slices.Clone(club.Members)
	for _, ch := range club.Challenges {
		oldB, newB := challengeBoard(from, ch.ID), challengeBoard(to, ch.ID)
		scores, err := r.st.BoardTop(ctx, oldB, 0)
		if err != nil {
			return fmt.Errorf("read board %s: %w", oldB, err)
		}
		for _, sc := range scores {
			// Set, not add, so a retried move does not count twice.
			var cur int64
			got, err := r.st.BoardScore(ctx, newB, sc.Member)
			switch {
			case err == nil:
				cur = got.Value
			case !errors.Is(err, store.ErrNotFound):
				return fmt.Errorf("read board %s: %w", newB, err)
			}
			if _, err := r.st.BoardAdd(ctx, newB, sc.Member, sc.Value-cur); err != nil {
				return fmt.Errorf("move entry to %s: %w", newB, err)
			}
		}
		if err := r.st.BoardDelete(ctx, oldB); err != nil {
			return fmt.Errorf("delete board %s: %w", oldB, err)
		}
		members = append(members, ch.Members...)
	}
	slices.Sort(members)
	oldKey, newKey := store.ChallengeKey(from, ""), store.ChallengeKey(to, "")
	rekey := func(list []string, old, new string) []string {
		out := make([]string, 0, len(list))
		for _, v := range list {
			if rest, ok := strings.CutPrefix(v, old); ok {
				v = new + rest
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	for _, mid := range slices.Compact(members) {
		if _, err := r.st.UpdateMember(ctx, mid, func(m *store.Member) error {
			m.Challenges = rekey(m.Challenges, oldKey, newKey)
			m.Boards = rekey(m.Boards, boardPrefix+oldKey, boardPrefix+newKey)
			for i, c := range m.Clubs {
				if c == from {
					m.Clubs[i] = to
				}
			}
			m.Clubs = slices.Compact(m.Clubs)
			return nil
		}); err != nil {
			return fmt.Errorf("re-key member %s: %w", mid, err)
		}
	}
	r.log.Info("challenges moved with their club", "from", from, "to", to, "challenges", len(club.Challenges))
	return nil
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
