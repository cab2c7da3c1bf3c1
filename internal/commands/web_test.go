package commands

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
	"github.com/clubcoach/clubcoach/internal/web"
)

var pageURL = regexp.MustCompile(`(?m)^https://club\.example\.org/c/([A-Za-z0-9_-]{22,})$`)

// withPublicURL rebuilds the env's router with PUBLIC_URL set.
func withPublicURL(e *chalEnv) {
	e.r = New(Deps{Store: e.st, Clock: e.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: "https://club.example.org/"})
}

func TestClubWebOnNewOff(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		withPublicURL(e)
		has(t, e.text(sam, "/club web on"), "Only club admins")
		if tok, _ := e.st.WebToken(e.ctx, tClub); tok != "" {
			t.Fatal("a member who is not an admin turned the page on")
		}
		has(t, e.text(kim, "/club show"), "Public web page: off")

		resp := e.say(ann, "/club web on")
		m := pageURL.FindStringSubmatch(resp.Text)
		if m == nil || !resp.Private || strings.Contains(resp.Public, "/c/") {
			t.Fatalf("/club web on in the group should DM the address on a line of its own: %+v", resp)
		}
		tok := m[1]
		if club, err := e.st.WebClub(e.ctx, tok); err != nil || club != tClub {
			t.Fatalf("the printed token resolves to %q, %v", club, err)
		}
		again := e.say(ann, "/club web on")
		has(t, again.Text, "already on", "/c/"+tok)

		// /club show: on for everyone, the address for admins in private only.
		lacks(t, e.text(kim, "/club show"), tok)
		has(t, e.text(kim, "/club show"), "Public web page: on")
		has(t, e.text(ann, "/club show"), "DM me /club web")
		lacks(t, e.text(ann, "/club show"), tok)
		has(t, e.text(ann, "/club show", from{dm: true, club: tClub}), "Public web page: on, at https://club.example.org/c/"+tok)
		has(t, e.say(ann, "/club web", from{dm: true, club: tClub}).Text, "https://club.example.org/c/"+tok)

		// new: another address, the old one ends at once.
		m = pageURL.FindStringSubmatch(e.text(ann, "/club web new"))
		if m == nil || m[1] == tok {
			t.Fatalf("/club web new gave no new address")
		}
		if _, err := e.st.WebClub(e.ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the old token still resolves: %v", err)
		}
		// off: gone.
		has(t, e.text(ann, "/club web off"), "off", "not found")
		if _, err := e.st.WebClub(e.ctx, m[1]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the token resolves after /club web off: %v", err)
		}
		has(t, e.text(ann, "/club web off"), "already off")
		has(t, e.text(kim, "/club show"), "Public web page: off")
		has(t, e.text(ann, "/club web dance"), "I don't know /club web dance")
	})
}

func TestClubWebWithoutPublicURLPrintsThePath(t *testing.T) {
	t.Parallel()
	e := newChalEnv(t, teststores.Embedded(t, newChalClock().Now), newChalClock())
	got := e.text(ann, "/club web on")
	if !regexp.MustCompile(`(?m)^/c/[A-Za-z0-9_-]{24}$`).MatchString(got) || !strings.Contains(got, "PUBLIC_URL") {
		t.Errorf("without PUBLIC_URL: %q", got)
	}
}

func TestWebPageIsThePublicBoard(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty()
		has(t, e.text(ann, `/challenge new "Club Moon" 1000km `+e.today()+" "+e.day(60)+" team"), "Club Moon")
		for _, m := range []string{ann, sam, kim} {
			e.say(m, `/challenge join "Club Fifty"`)
			e.say(m, `/challenge join "Club Moon"`)
		}
		e.logRun(sam, e.today(), 12000)
		e.logRun(kim, e.today(), 7000)
		e.logRun(ann, e.today(), 3000)
		e.say(sam, "/challenge pause")
		has(t, e.text(kim, "/settings public off"), "a club member")
		e.say(kim, "/pain 6 knee swollen after the long run", from{dm: true})
		e.say(ann, "/run 2k easy -- left knee a bit sore", from{dm: true})
		// A finished challenge 10 days ago shows; one 100 days ago does not.
		_, err := e.st.UpdateClub(e.ctx, tClub, func(c *store.Club) error {
			c.Challenges = append(c.Challenges,
				store.Challenge{ID: "old", Name: "Long Gone", GoalM: 1000, Start: e.day(-130), End: e.day(-100)},
				store.Challenge{ID: "recent", Name: "Just Done", GoalM: 1000, Start: e.day(-40), End: e.day(-10)},
			)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		p, err := e.r.challenges.WebPage(e.ctx, tClub, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if p.Today != e.today() || p.Units != "km" || len(p.Challenges) != 3 {
			t.Fatalf("page = %+v", p)
		}
		fifty, moon, done := p.Challenges[0], p.Challenges[1], p.Challenges[2]
		if fifty.Name != "Club Fifty" || fifty.GoalM != 50_000 || fifty.Start != e.today() || fifty.End != e.day(30) || fifty.Team {
			t.Errorf("challenge = %+v", fifty)
		}
		want := []web.Entry{{Place: 1, Name: web.HiddenName, Meters: 7000}, {Place: 2, Name: "Ann", Meters: 5000}}
		if len(fifty.Board) != 2 || fifty.Board[0] != want[0] || fifty.Board[1] != want[1] {
			t.Errorf("board = %+v, want %+v (Sam paused and hidden, Kim by choice as a club member)", fifty.Board, want)
		}
		if !moon.Team || moon.TotalM != 24_000 {
			t.Errorf("team total = %d (%+v), want every entry's distance, the paused one included", moon.TotalM, moon)
		}
		if done.ID != "recent" || len(done.Board) != 0 {
			t.Errorf("finished challenge = %+v", done)
		}
		doc, _ := json.Marshal(p)
		lacks(t, string(doc), "knee", "swollen", "sore", "easy", "pain", "Sam", "telegram:", "r1")

		// Back in public view, by choice.
		e.say(sam, "/challenge pause public")
		e.say(kim, "/settings public on")
		p, _ = e.r.challenges.WebPage(e.ctx, tClub, e.clock.Now())
		if b := p.Challenges[0].Board; len(b) != 3 || b[0].Name != "Sam" || b[1].Name != "Kim" {
			t.Errorf("board after opting back in = %+v", b)
		}
		if _, err := e.r.challenges.WebPage(e.ctx, "telegram:-404", e.clock.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("page of an unknown club: %v", err)
		}
	})
}

func TestSettingsPublic(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	has(t, h.say("console:me", "/settings").Text, "Public page name: Sam")
	has(t, h.say("console:me", "/settings public off").Text, "Saved", `"a club member"`, "Public page name: a club member")
	if m, _ := h.st.Member(t.Context(), "console:me"); !m.HidePublic {
		t.Error("/settings public off did not store it")
	}
	has(t, h.say("console:me", "/settings public maybe").Text, "/settings public on")
	if m, _ := h.st.Member(t.Context(), "console:me"); !m.HidePublic {
		t.Error("a bad value changed the setting")
	}
	h.say("console:me", "/settings public on")
	if m, _ := h.st.Member(t.Context(), "console:me"); m.HidePublic {
		t.Error("/settings public on did not store it")
	}
}
