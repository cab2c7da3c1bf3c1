package store

import (
	"context"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
)

// ShareMaxAge is how long a shared copy of a report is kept for the
// club's coaches; older ones are deleted by the store.
const ShareMaxAge = 90 * 24 * time.Hour

// Share is a copy of a red pain report that its runner chose to show
// their club's coaches. It holds only what the runner agreed to share:
// Notes is empty unless they asked to include their own words.
type Share struct {
	ID       string         `json:"id"` // "s1", "s2", … unique across clubs, never reused; assigned by AddShare
	Club     ids.ClubID     `json:"club"`
	Member   ids.MemberID   `json:"member"`            // the runner
	Name     string         `json:"name,omitempty"`    // the runner's display name when shared
	Contact  string         `json:"contact,omitempty"` // how a coach can reach the runner
	Report   string         `json:"report"`            // the pain report's id ("p3")
	ReportAt time.Time      `json:"report_at"`
	Score    int            `json:"score"`
	Where    string         `json:"where"`
	Flags    []string       `json:"flags,omitempty"`
	Notes    string         `json:"notes,omitempty"`
	To       []ids.MemberID `json:"to,omitempty"` // the coaches it went to
	At       time.Time      `json:"at"`           // when shared, UTC
	Done     time.Time      `json:"done,omitzero"`
	DoneBy   ids.MemberID   `json:"done_by,omitempty"`
}

// ShareLog is the runner's own record of one share (/mydata), kept in
// their member document after the coaches' copy is gone.
type ShareLog struct {
	ID     string     `json:"id"`
	Club   ids.ClubID `json:"club"`
	Report string     `json:"report"`
	At     time.Time  `json:"at"`
	To     []string   `json:"to"` // coaches' names
	Notes  bool       `json:"notes,omitempty"`
	Seen   time.Time  `json:"seen,omitzero"` // a coach marked it followed up
}

// Invite is a one-time code that makes whoever sends it a coach of Club.
type Invite struct {
	Code    string     `json:"code"`
	Club    ids.ClubID `json:"club"`
	Expires time.Time  `json:"expires"`
}

// Coaching keeps coach invites and the reports runners shared with their
// club's coaches. Forget deletes a member's shares in every club of
// Member.Clubs, and drops the member from those clubs' Coaches.
type Coaching interface {
	// AddInvite stores a one-time invite until inv.Expires; a code that is
	// already stored and unexpired is an error (the caller draws another).
	AddInvite(ctx context.Context, inv Invite) error
	// TakeInvite removes the invite with that code and returns it;
	// ErrNotFound when there is none or it expired by the store's clock.
	TakeInvite(ctx context.Context, code string) (Invite, error)
	// AddShare stores s under a new id and returns it as stored; a zero At
	// becomes the store's now.
	AddShare(ctx context.Context, s Share) (Share, error)
	// Shares returns the club's shares made at or after since, oldest
	// first. Every AddShare and Shares first deletes the club's shares
	// older than ShareMaxAge by the store's clock.
	Shares(ctx context.Context, clubID ids.ClubID, since time.Time) ([]Share, error)
	// UpdateShare applies fn to the club's share with that id and stores
	// the result atomically (fn may run more than once; ID, Club, Member
	// and At are kept). ErrNotFound when there is no such share.
	UpdateShare(ctx context.Context, clubID ids.ClubID, id string, fn func(*Share) error) (Share, error)
	// DeleteShares deletes the club's shares of memberID and returns how
	// many there were.
	DeleteShares(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error)
}
