package telegram

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// fastClock runs the adapter's clock speedup times faster than the wall
// clock. Telegram's group limit (burst 3, then one message every ~3.5 s)
// stays in the send path unchanged, but each of its waits costs the test
// 1/speedup of the time.
type fastClock struct {
	start   time.Time
	speedup time.Duration
}

func newFastClock(speedup int) *fastClock {
	return &fastClock{start: time.Now(), speedup: time.Duration(speedup)}
}

func (c *fastClock) now() time.Time { return c.start.Add(time.Since(c.start) * c.speedup) }

func (c *fastClock) sleep(ctx context.Context, d time.Duration) error {
	return sleep(ctx, d/c.speedup)
}

// runIDRE matches a run id as admins see it on boards ("r12").
var runIDRE = regexp.MustCompile(`\br\d+\b`)

// A club group with three members runs a challenge through the emulator:
// only the admin can start it, runs count wherever they are logged, and
// the group's board ranks members by display name without showing who is
// resting an injury.
func TestE2EClubChallenge(t *testing.T) {
	t.Parallel()
	clock := newFastClock(50)
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	b := startBotWith(t, botOptions{
		admins: []string{"telegram:1001"}, // Ana
		config: func(c *Config) {
			c.Now, c.Sleep = clock.now, clock.sleep
			c.IdlePause = 50 * time.Millisecond * clock.speedup
			c.OnRateLimitWait = func(d time.Duration) {
				mu.Lock()
				defer mu.Unlock()
				waits = append(waits, d)
			}
		},
	})
	requireCommands(t, b.router, "challenge", "run")
	emu, ctx := b.emu, context.Background()
	clubID := "telegram:" + club.String()

	// Club dates are UTC until the club sets a zone.
	today := time.Now().UTC()
	create := fmt.Sprintf(`/challenge new "Test 50" 50km %s %s`, today.Format(time.DateOnly), today.AddDate(0, 0, 30).Format(time.DateOnly))

	expect := func(c chat, what string, want ...string) string {
		t.Helper()
		got := emu.next(c).Text
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Fatalf("%s: the bot answered %q, want it to contain %q", what, got, w)
			}
		}
		return got
	}

	// Ben is not an admin: refused, with the reason, and nothing created.
	emu.say(ben, club, create, nil)
	refusal := emu.next(club)
	if !strings.Contains(refusal.Text, "Only club admins can start a challenge") || refusal.replyTo() == 0 || refusal.outdated() != "" {
		t.Fatalf("non-admin /challenge new answered %+v", refusal)
	}
	switch c, err := b.st.Club(ctx, ids.ClubID(clubID)); {
	case err == nil && len(c.Challenges) != 0:
		t.Fatalf("a refused /challenge new created %+v", c.Challenges)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		t.Fatal(err)
	}

	// Ana is an admin through BOT_ADMINS.
	emu.say(ana, club, create, nil)
	expect(club, "admin /challenge new", "New challenge: Test 50", "50 km each", "/challenge join")

	for _, m := range []member{ben, cleo} {
		emu.say(m, club, "/challenge join", nil)
		expect(club, m.Name+"'s /challenge join", "You're in Test 50")
	}

	// Ben logs privately, Cleo in the group: both count.
	emu.say(ben, dm(ben), "/run 5k", nil)
	expect(dm(ben), "Ben's /run 5k", "Test 50: 5 km of 50 km")
	emu.say(ben, dm(ben), "/run 2mi", nil)
	expect(dm(ben), "Ben's /run 2mi", "Test 50: 8.2 km of 50 km")
	emu.say(cleo, club, "/run 3k", nil)
	expect(club, "Cleo's group /run 3k", "Test 50: 3 km of 50 km")

	// Ana joins by DM, runs the most, then pauses for an injury from the
	// group: the group learns nothing about it.
	emu.say(ana, dm(ana), "/challenge join", nil)
	expect(dm(ana), "Ana's DM /challenge join", "You're in Test 50")
	emu.say(ana, dm(ana), "/run 10k", nil)
	expect(dm(ana), "Ana's /run 10k", "Test 50: 10 km of 50 km")
	emu.say(ana, club, "/challenge pause", nil)
	if got := emu.next(club).Text; strings.Contains(strings.ToLower(got), "paus") || strings.Contains(got, "⏸") || strings.Contains(strings.ToLower(got), "rest") {
		t.Fatalf("the group's answer to /challenge pause gives it away: %q", got)
	}
	expect(dm(ana), "Ana's pause details", "Paused")

	emu.say(cleo, club, "/challenge board", nil)
	board := expect(club, "group /challenge board", "Test 50", " 1. Ben — 8.2 km\n", " 2. Cleo — 3 km\n", "You: #2 · 3 km of 50 km")
	for _, leak := range []string{"Ana", "10 km", "paus", "⏸", "telegram:"} {
		if strings.Contains(strings.ToLower(board), strings.ToLower(leak)) {
			t.Errorf("the group board shows %q:\n%s", leak, board)
		}
	}
	if id := runIDRE.FindString(board); id != "" {
		t.Errorf("the group board shows run id %s to a non-admin:\n%s", id, board)
	}

	// Ana's entry is on the board: hidden in the group, shown to her alone.
	emu.say(ana, dm(ana), "/challenge board", nil)
	expect(dm(ana), "Ana's private board", " 1. Ana — 10 km ⏸ paused", "Ben — 8.2 km", "Cleo — 3 km")

	// Nothing else reached the group: refusal, new, two joins, run, pause
	// pointer, board.
	if got := emu.sent(club); len(got) != 7 {
		t.Errorf("the bot sent %d messages to the group, want 7: %+v", len(got), got)
	}
	if got := emu.sent(dm(cleo)); len(got) != 0 {
		t.Errorf("Cleo got DMs she did not ask for: %+v", got)
	}
	mu.Lock()
	t.Logf("rate limiter waits (adapter clock, ×%d): %v", clock.speedup, waits)
	mu.Unlock()
}
