package commands

import (
	"errors"
	"slices"
	"testing"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// A club that stops using the bot: an admin deletes it in two steps, and
// everything of the club goes while members keep their own data.
func TestClubDeleteRemovesTheClubAndKeepsMembersData(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		has(e.t, e.text(ann, "/club tz Europe/London"), "Europe/London")
		has(e.t, e.text(ann, "/club runs sat 08:00"), "sat 08:00")
		has(e.t, e.text(ann, `/challenge new "Club Fifty" 50km today `+e.day(20)), "New challenge")
		has(e.t, e.text(sam, "/settings units mi"), "units mi")
		has(e.t, e.text(sam, "/challenge join"), "You're in")
		has(e.t, e.text(sam, "/run 5k"), "Logged")
		other := tClub + "1" // an id that extends this one
		has(e.t, e.text(kim, "/club show", from{club: other}), "schedule")
		board := challenge.BoardName(tClub, "c1")
		if c, err := e.st.Club(e.ctx, tClub); err == nil && len(c.Challenges) == 1 {
			board = challenge.BoardName(tClub, c.Challenges[0].ID)
		}

		page := e.text(ann, "/club web on")
		token, _ := e.st.WebToken(e.ctx, tClub)
		if token == "" {
			e.t.Fatalf("/club web on set no token: %s", page)
		}

		has(e.t, e.text(sam, "/club delete"), "Only club admins")
		has(e.t, e.text(ann, "/club delete confirm"), "send /club delete first")
		if _, err := e.st.Club(e.ctx, tClub); err != nil {
			e.t.Fatalf("the club went before the confirm: %v", err)
		}
		has(e.t, e.text(ann, "/club delete"), "/club delete confirm within 10 minutes", "Members keep their own runs")
		has(e.t, e.text(ann, "/club delete please"), "/club delete confirm")
		has(e.t, e.text(ann, "/club delete confirm"), "deleted", "Members' own runs and settings stay theirs")

		if _, err := e.st.Club(e.ctx, tClub); !errors.Is(err, store.ErrNotFound) {
			e.t.Errorf("the club document is still there: %v", err)
		}
		if id, err := e.st.WebClub(e.ctx, token); !errors.Is(err, store.ErrNotFound) {
			e.t.Errorf("the public page still answers for the deleted club: %q, %v", id, err)
		}
		if all, _ := e.st.ClubIDs(e.ctx); slices.Contains(all, tClub) || !slices.Contains(all, ids.ClubID(other)) {
			e.t.Errorf("ClubIDs after delete = %v", all)
		}
		if top, err := e.st.BoardTop(e.ctx, board, 0); err != nil || len(top) != 0 {
			e.t.Errorf("the challenge board is still there: %v, %v", top, err)
		}
		m, err := e.st.Member(e.ctx, sam)
		if err != nil {
			e.t.Fatal(err)
		}
		if slices.Contains(m.Clubs, tClub) || len(m.Challenges) != 0 || len(m.Boards) != 0 {
			e.t.Errorf("the member still points at the deleted club: %+v", m)
		}
		if m.Units != "mi" {
			e.t.Errorf("the member's settings changed: %+v", m)
		}
		if runs, err := e.st.Runs(e.ctx, sam, "", ""); err != nil || len(runs) != 1 {
			e.t.Errorf("the member's runs after the club's delete: %v, %v", runs, err)
		}
		// Using the bot in the group again starts the club afresh.
		has(e.t, e.text(kim, "/club show"), "not set yet", "none yet")
		lacks(e.t, e.text(kim, "/challenge list"), "Club Fifty")
	})
}
