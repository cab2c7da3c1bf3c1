package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// ---- Coaching ----

func testInvites(t *testing.T, s store.Store) {
	clock := ClockFor(t)
	inv := store.Invite{Code: "ABCD-EFGH", Club: "telegram:-100", Expires: Epoch.Add(24 * time.Hour)}
	must(t, s.AddInvite(ctx(t), inv))
	if err := s.AddInvite(ctx(t), store.Invite{Code: "abcd-efgh", Club: "telegram:-200", Expires: Epoch.Add(time.Hour)}); err == nil {
		t.Error("a second invite with a live code was stored")
	}
	_, err := s.TakeInvite(ctx(t), "WXYZ-0000")
	wantNotFound(t, err, "unknown code")
	got, err := s.TakeInvite(ctx(t), " abcd-efgh ") // typed back loosely
	must(t, err)
	if got.Club != inv.Club || !got.Expires.Equal(inv.Expires) || got.Code != inv.Code {
		t.Errorf("TakeInvite = %+v, want %+v", got, inv)
	}
	_, err = s.TakeInvite(ctx(t), inv.Code)
	wantNotFound(t, err, "an invite taken once")

	// Expiry follows the store's clock.
	must(t, s.AddInvite(ctx(t), store.Invite{Code: "LATE-1111", Club: "telegram:-100", Expires: Epoch.Add(24 * time.Hour)}))
	must(t, s.AddInvite(ctx(t), store.Invite{Code: "SOON-2222", Club: "telegram:-100", Expires: Epoch.Add(24 * time.Hour)}))
	clock.Advance(23 * time.Hour)
	if _, err := s.TakeInvite(ctx(t), "SOON-2222"); err != nil {
		t.Errorf("an invite 23 h old: %v", err)
	}
	clock.Advance(time.Hour)
	_, err = s.TakeInvite(ctx(t), "LATE-1111")
	wantNotFound(t, err, "an invite 24 h old")
}

func share(member, club string, at time.Time) store.Share {
	return store.Share{Club: ids.ClubID(club), Member: ids.MemberID(member), Name: "Ann", Report: "p1", ReportAt: at.Add(-time.Hour), Score: 7,
		Where: "knee", Flags: []string{"swelling"}, To: []ids.MemberID{"telegram:9"}, At: at}
}

func testSharesAddListUpdate(t *testing.T, s store.Store) {
	const club, other = "telegram:-100", "telegram:-200"
	a, err := s.AddShare(ctx(t), share("telegram:1", club, Epoch.Add(time.Hour)))
	must(t, err)
	b, err := s.AddShare(ctx(t), share("telegram:2", other, Epoch))
	must(t, err)
	c, err := s.AddShare(ctx(t), share("telegram:2", club, Epoch))
	must(t, err)
	if a.ID == "" || a.ID == b.ID || b.ID == c.ID || a.ID == c.ID {
		t.Fatalf("share ids not unique across clubs: %q %q %q", a.ID, b.ID, c.ID)
	}
	list, err := s.Shares(ctx(t), club, time.Time{})
	must(t, err)
	if len(list) != 2 || list[0].ID != c.ID || list[1].ID != a.ID {
		t.Fatalf("Shares = %+v, want %s then %s (oldest first)", list, c.ID, a.ID)
	}
	if want := share("telegram:1", club, Epoch.Add(time.Hour)); list[1].Score != 7 || list[1].Where != "knee" ||
		!slices.Equal(list[1].Flags, want.Flags) || !list[1].ReportAt.Equal(want.ReportAt) || list[1].Notes != "" {
		t.Errorf("stored share = %+v", list[1])
	}
	list, err = s.Shares(ctx(t), club, Epoch.Add(30*time.Minute))
	must(t, err)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("Shares since = %+v, want only %s", list, a.ID)
	}
	none, err := s.Shares(ctx(t), "discord:5", time.Time{})
	must(t, err)
	if len(none) != 0 {
		t.Errorf("a club with no shares lists %+v", none)
	}
	// Zero At becomes the store's now.
	d, err := s.AddShare(ctx(t), store.Share{Club: club, Member: "telegram:3", Report: "p2"})
	must(t, err)
	if !d.At.Equal(ClockFor(t).Now()) {
		t.Errorf("At = %v, want the store's now", d.At)
	}

	done := Epoch.Add(2 * time.Hour)
	got, err := s.UpdateShare(ctx(t), club, a.ID, func(sh *store.Share) error {
		sh.Done, sh.DoneBy = done, "telegram:9"
		sh.ID, sh.Member, sh.At = "s999", "telegram:666", time.Time{} // not changeable
		return nil
	})
	must(t, err)
	if got.ID != a.ID || got.Member != "telegram:1" || !got.At.Equal(a.At) || !got.Done.Equal(done) {
		t.Errorf("UpdateShare = %+v", got)
	}
	list, err = s.Shares(ctx(t), club, Epoch.Add(30*time.Minute))
	must(t, err)
	if len(list) != 1 || !list[0].Done.Equal(done) || list[0].DoneBy != "telegram:9" {
		t.Errorf("after UpdateShare: %+v", list)
	}
	_, err = s.UpdateShare(ctx(t), other, a.ID, func(*store.Share) error { return nil })
	wantNotFound(t, err, "a share looked up in another club")
	_, err = s.UpdateShare(ctx(t), club, "s999", func(*store.Share) error { return nil })
	wantNotFound(t, err, "an unknown share")
	boom := errors.New("boom")
	if _, err := s.UpdateShare(ctx(t), club, a.ID, func(*store.Share) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("fn's error: %v", err)
	}
}

func testSharesPruned(t *testing.T, s store.Store) {
	const club = "telegram:-100"
	clock := ClockFor(t)
	old, err := s.AddShare(ctx(t), share("telegram:1", club, Epoch))
	must(t, err)
	clock.Advance(store.ShareMaxAge - time.Minute)
	list, err := s.Shares(ctx(t), club, time.Time{})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("a share just under 90 days old: %+v", list)
	}
	clock.Advance(2 * time.Minute)
	list, err = s.Shares(ctx(t), club, time.Time{})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("a share over 90 days old is still listed: %+v", list)
	}
	_, err = s.UpdateShare(ctx(t), club, old.ID, func(*store.Share) error { return nil })
	wantNotFound(t, err, "a pruned share")
	// Writing prunes too.
	_, err = s.AddShare(ctx(t), share("telegram:1", club, clock.Now().Add(-store.ShareMaxAge-time.Hour)))
	must(t, err)
	fresh, err := s.AddShare(ctx(t), share("telegram:2", club, clock.Now()))
	must(t, err)
	list, err = s.Shares(ctx(t), club, time.Time{})
	must(t, err)
	if len(list) != 1 || list[0].ID != fresh.ID {
		t.Errorf("after AddShare: %+v, want only %s", list, fresh.ID)
	}
}

func testSharesDeleteAndForget(t *testing.T, s store.Store) {
	const club, other, member, coach = "telegram:-100", "telegram:-200", "telegram:12", "telegram:9"
	_, err := s.UpdateMember(ctx(t), member, func(m *store.Member) error {
		m.Clubs = []ids.ClubID{club, other}
		return nil
	})
	must(t, err)
	_, err = s.UpdateClub(ctx(t), club, func(c *store.Club) error {
		c.Members, c.Coaches = []ids.MemberID{member, coach}, []ids.MemberID{coach, member}
		return nil
	})
	must(t, err)
	for _, sh := range []store.Share{share(member, club, Epoch), share(member, other, Epoch), share("telegram:123", club, Epoch)} {
		_, err := s.AddShare(ctx(t), sh)
		must(t, err)
	}
	n, err := s.DeleteShares(ctx(t), other, member)
	must(t, err)
	if n != 1 {
		t.Errorf("DeleteShares = %d, want 1", n)
	}
	if list, err := s.Shares(ctx(t), other, time.Time{}); err != nil || len(list) != 0 {
		t.Errorf("after DeleteShares: %+v, %v", list, err)
	}
	if n, err := s.DeleteShares(ctx(t), "discord:5", member); err != nil || n != 0 {
		t.Errorf("DeleteShares in a club without shares = %d, %v", n, err)
	}

	must(t, s.Forget(ctx(t), member))
	list, err := s.Shares(ctx(t), club, time.Time{})
	must(t, err)
	if len(list) != 1 || list[0].Member != "telegram:123" {
		t.Errorf("after Forget the club's shares are %+v, want only telegram:123's", list)
	}
	c, err := s.Club(ctx(t), club)
	must(t, err)
	if !slices.Equal(c.Coaches, []ids.MemberID{coach}) {
		t.Errorf("coaches after Forget = %v, want %v", c.Coaches, []string{coach})
	}
}
