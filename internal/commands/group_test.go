package commands

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// groupCases are the commands every command of the table is tried with in
// a club group: each with its arguments, from a member with one of
// everything on record. A new command must be added here, so someone
// decides what a group may see of it.
var groupCases = map[string][]string{
	"start":      {""},
	"help":       {"", "pain"},
	"pain":       {"7 knee swollen", "3 knee", "knee swollen"},
	"run":        {"8 km 45m 172spm -- knee sore", "15k", "edit r1 6k"},
	"undo":       {""},
	"week":       {""},
	"cadence":    {"", "171", "999"},
	"balance":    {"12 left", "nonsense"},
	"warmup":     {""},
	"strength":   {""},
	"settings":   {"", "tz Europe/London"},
	"mydata":     {""},
	"forgetme":   {""},
	"challenge":  {"list", "board", "join", "pause", "resume"},
	"board":      {"", "month"},
	"club":       {"show"},
	"checkin":    {"worse", "settled"},
	"redflag":    {"night_pain", "none", "swelling p1"},
	"pain_clear": {"knee"},
	"share":      {"yes", "no", "yes with notes"},
	"coach":      {"reports", "join ABCD-EFGH", "leave"},
}

// static commands answer the same text to everyone (help and plans).
var static = map[string]bool{"start": true, "help": true, "warmup": true, "strength": true}

// What a group must never see about a member's health or body: a triage
// marker, a pain score, a red flag, a cadence or balance figure.
var groupLeaks = []*regexp.Regexp{
	regexp.MustCompile(`🟢|🟡|🔴`),
	regexp.MustCompile(`\b\d+ ?/ ?10\b`),
	regexp.MustCompile(`(?i)swell|swollen|locking|numb|night pain|bear weight`),
	regexp.MustCompile(`(?i)\bspm\b|steps per minute|cadence \d`),
	regexp.MustCompile(`\b1[27]1?\b ?(s|sec|seconds)\b|\b16[0-9]\b|\b17[0-9]\b`),
	regexp.MustCompile(`(?i)\bknee\b`),
}

func TestGroupSeesNoHealthOrBodyNumbers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const me, club = "telegram:70", "telegram:-10070"
	group := func(line string, admin bool) platforms.Message {
		m := msg(me, line)
		m.DM, m.ClubID, m.ChatID, m.Admin = false, club, club, admin
		return m
	}
	ctx := context.Background()
	// One of everything on record, said privately.
	h.say(me, "/start")
	h.clock.Add(time.Second)
	h.r.Handle(ctx, group("/challenge new \"Winter 50\" 50km today 2026-12-31", true))
	for _, line := range []string{"/pain 6 knee swollen", "/cadence 165", "/balance 17 right", "/run 5k 30m 170spm", "/run 4k yesterday", "/challenge join"} {
		h.clock.Add(time.Minute)
		if line == "/challenge join" {
			h.r.Handle(ctx, group(line, false))
			continue
		}
		h.say(me, line)
	}
	var cmds []*Command
	cmds = append(cmds, h.r.cmds...)
	for _, c := range cmds {
		args, ok := groupCases[c.Name]
		if !ok {
			t.Errorf("/%s is not in groupCases: add it with what a group may see", c.Name)
			continue
		}
		for _, a := range args {
			for _, admin := range []bool{false, true} {
				line := strings.TrimSpace("/" + c.Name + " " + a)
				h.clock.Add(time.Minute)
				resp := h.r.Handle(ctx, group(line, admin))
				if resp.Private {
					if resp.Public != platforms.PrivatePointer {
						t.Errorf("%s: private answer's group line is %q, want the neutral %q", line, resp.Public, platforms.PrivatePointer)
					}
					continue
				}
				if resp.Public != "" {
					t.Errorf("%s: public answer carries a pointer %q", line, resp.Public)
				}
				if static[c.Name] {
					// Coaching text names body parts; it must be the same
					// for everyone, so it says nothing about this member.
					m := group(line, admin)
					m.MemberID = "telegram:79"
					if fresh := h.r.Handle(ctx, m); fresh.Text != resp.Text {
						t.Errorf("%s: the answer depends on the member:\n%s\n---\n%s", line, resp.Text, fresh.Text)
					}
					continue
				}
				for _, re := range groupLeaks {
					if m := re.FindString(resp.Text); m != "" {
						t.Errorf("%s (admin %v): the group sees %q:\n%s", line, admin, m, resp.Text)
					}
				}
			}
		}
	}
}

// Whatever a handler puts in Public, the group line of a private answer
// is the neutral pointer.
func TestPrivatePointerIsDecidedByTheRouter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.r.add(&Command{Name: "leaky", Usage: "/leaky", Hidden: true, Private: true, Handler: func(context.Context, *Request) (platforms.Response, error) {
		return platforms.Response{Text: "🔴 details", Public: "🔴 Noted — red."}, nil
	}})
	h.r.add(&Command{Name: "leaky2", Usage: "/leaky2", Hidden: true, Handler: func(context.Context, *Request) (platforms.Response, error) {
		return platforms.Response{Text: "details", Private: true, Public: "🟡 amber"}, nil
	}})
	for _, line := range []string{"/leaky", "/leaky2"} {
		resp := h.say("telegram:71", line)
		if !resp.Private || resp.Public != platforms.PrivatePointer {
			t.Errorf("%s: %+v", line, resp)
		}
	}
}
