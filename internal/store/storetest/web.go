package storetest

import (
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Tokens of the right shape (22+ base64url characters).
const (
	tokA = "AAAAAAAAAAAAAAAAAAAAAAAa"
	tokB = "BBBBBBBBBBBBBBBBBBBBBB-_"
	tokC = "CCCCCCCCCCCCCCCCCCCCCC09"
)

func testWebTokens(t *testing.T, s store.Store) {
	const club, other = "telegram:-100", "discord:5"
	tok, err := s.WebToken(ctx(t), club)
	must(t, err)
	if tok != "" {
		t.Fatalf("a new club's page token = %q, want off", tok)
	}
	_, err = s.WebClub(ctx(t), tokA)
	wantNotFound(t, err, "WebClub before any token")

	must(t, s.SetWebToken(ctx(t), club, tokA))
	must(t, s.SetWebToken(ctx(t), other, tokC))
	wantWebClub(t, s, tokA, club)
	wantWebClub(t, s, tokC, other)
	if tok, err := s.WebToken(ctx(t), club); err != nil || tok != tokA {
		t.Errorf("WebToken = %q, %v; want %q", tok, err, tokA)
	}
	// Near misses resolve to nothing: a prefix, a longer string, another case.
	for _, guess := range []string{tokA[:22], tokA + "A", strings.ToLower(tokA), "", "telegram:-100"} {
		_, err := s.WebClub(ctx(t), guess)
		wantNotFound(t, err, "WebClub of "+guess)
	}

	// A new token ends the old one in the same step.
	must(t, s.SetWebToken(ctx(t), club, tokB))
	_, err = s.WebClub(ctx(t), tokA)
	wantNotFound(t, err, "WebClub of a replaced token")
	wantWebClub(t, s, tokB, club)

	// Another club cannot take a token in use.
	if err := s.SetWebToken(ctx(t), other, tokB); err == nil {
		t.Error("a second club took a token in use")
	}
	wantWebClub(t, s, tokB, club)
	wantWebClub(t, s, tokC, other)

	// Revoking removes the lookup at once and leaves other clubs alone.
	must(t, s.SetWebToken(ctx(t), club, ""))
	_, err = s.WebClub(ctx(t), tokB)
	wantNotFound(t, err, "WebClub after revoking")
	if tok, err := s.WebToken(ctx(t), club); err != nil || tok != "" {
		t.Errorf("WebToken after revoking = %q, %v", tok, err)
	}
	must(t, s.SetWebToken(ctx(t), club, "")) // revoking twice is fine
	wantWebClub(t, s, tokC, other)

	// Bad tokens are refused and change nothing.
	for _, bad := range []string{"short", strings.Repeat("a", 65), "AAAAAAAAAAAAAAAAAAAAAA/A", "AAAAAAAAAAAAAAAAAAAAAA A"} {
		if err := s.SetWebToken(ctx(t), club, bad); err == nil {
			t.Errorf("SetWebToken(%q) accepted", bad)
		}
	}
	if tok, _ := s.WebToken(ctx(t), club); tok != "" {
		t.Errorf("a refused token was stored: %q", tok)
	}
	if err := s.SetWebToken(ctx(t), "", tokA); err == nil {
		t.Error("SetWebToken with an empty club id accepted")
	}
}

// A moved club keeps its page at the same address.
func testWebTokenMove(t *testing.T, s store.Store) {
	const from, to = "telegram:-100", "telegram:-1001"
	_, err := s.UpdateClub(ctx(t), from, func(c *store.Club) error { c.Name = "Group"; return nil })
	must(t, err)
	must(t, s.SetWebToken(ctx(t), from, tokA))
	must(t, s.MoveClub(ctx(t), from, to))
	wantWebClub(t, s, tokA, to)
	if tok, err := s.WebToken(ctx(t), to); err != nil || tok != tokA {
		t.Errorf("WebToken of the moved club = %q, %v", tok, err)
	}
	if tok, err := s.WebToken(ctx(t), from); err != nil || tok != "" {
		t.Errorf("WebToken of the old id = %q, %v; want none", tok, err)
	}
	must(t, s.MoveClub(ctx(t), from, to)) // a retried move keeps it
	wantWebClub(t, s, tokA, to)
}

func wantWebClub(t *testing.T, s store.Store, token string, club ids.ClubID) {
	t.Helper()
	got, err := s.WebClub(ctx(t), token)
	if err != nil || got != club {
		t.Errorf("WebClub(%q) = %q, %v; want %q", token, got, err, club)
	}
}
