// Package store defines what the handlers and the scheduler keep, and the
// interfaces a storage backend implements. Two backends exist: embedded (a
// bbolt file, the zero-setup default) and redis (production). Both pass the
// contract suite in storetest, which is the executable form of every
// behaviour documented here.
//
// Members and clubs are JSON documents that the store does not interpret,
// so a new setting is a new struct field and never a schema change.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
)

// ErrNotFound is returned (wrapped) when a member, club, run or entry does
// not exist.
var ErrNotFound = errors.New("not found")

// Member is one person on one platform ("telegram:123").
type Member struct {
	ID           ids.MemberID `json:"id"`
	Name         string       `json:"name,omitempty"`
	Units        string       `json:"units,omitempty"`         // "km" (default) or "mi"
	TZ           string       `json:"tz,omitempty"`            // IANA zone; "" = the club's
	RemindAt     string       `json:"remind_at,omitempty"`     // "HH:MM" local, "" = off
	StrengthDays []string     `json:"strength_days,omitempty"` // "tue", "fri"
	RunDays      []string     `json:"run_days,omitempty"`
	Clubs        []ids.ClubID `json:"clubs,omitempty"`      // clubs the member was seen in, latest last
	Challenges   []string     `json:"challenges,omitempty"` // joined challenge keys (ChallengeKey)
	Boards       []string     `json:"boards,omitempty"`     // every board the member has an entry on
	LastPain     time.Time    `json:"last_pain,omitempty"`  // latest /pain, UTC
	LastPainLvl  string       `json:"last_pain_level,omitempty"`
	ForgetAsked  time.Time    `json:"forget_asked,omitempty"` // /forgetme awaiting confirm
	SendsPaused  bool         `json:"sends_paused,omitempty"` // a private message was refused
	Injured      bool         `json:"injured,omitempty"`      // paused in challenges
	ShowInjured  bool         `json:"show_injured,omitempty"` // opted in to public boards while paused
	HidePublic   bool         `json:"hide_public,omitempty"`  // "a club member" on the club's public web page
	Created      time.Time    `json:"created"`
	Seen         time.Time    `json:"seen,omitempty"`

	// Sharing red reports with the club's coaches.
	Share  string     `json:"share,omitempty"`  // "" (ask each time), "always" or "never"
	Shared []ShareLog `json:"shared,omitempty"` // every share made: when, to whom
	// The usual week and longest recent run a new member gave
	// (/settings baseline); the load checks use them until 4 weeks of runs
	// exist. BaselineAsked: the one-time question was shown.
	BaselineWeekM int64 `json:"baseline_week_m,omitempty"`
	BaselineLongM int64 `json:"baseline_long_m,omitempty"`
	BaselineAsked bool  `json:"baseline_asked,omitempty"`
	// Places is the member's training state per place: an open red flag
	// or an amber niggle (green places are not kept). See state.go.
	Places []PlaceState `json:"places,omitempty"`
}

// Club is a Telegram group, a Discord guild or the console's local club.
type Club struct {
	ID            ids.ClubID     `json:"id"`
	Name          string         `json:"name,omitempty"`
	TZ            string         `json:"tz,omitempty"`      // IANA zone, "" = UTC
	Channel       ids.ChatID     `json:"channel,omitempty"` // where club posts go ("telegram:-100…")
	Runs          []ClubRun      `json:"runs,omitempty"`
	StrengthDays  []string       `json:"strength_days,omitempty"`
	StrengthAt    string         `json:"strength_at,omitempty"`
	WarmupMinutes int            `json:"warmup_minutes,omitempty"` // 0 = default 30
	StandingsDay  string         `json:"standings_day,omitempty"`
	StandingsAt   string         `json:"standings_at,omitempty"`
	Off           bool           `json:"off,omitempty"`
	Members       []ids.MemberID `json:"members,omitempty"`
	Challenges    []Challenge    `json:"challenges,omitempty"`
	ChallengeSeq  int            `json:"challenge_seq,omitempty"` // the highest challenge id number handed out
	DeleteAsked   time.Time      `json:"delete_asked,omitempty"`  // /club delete awaiting confirm
	Updated       time.Time      `json:"updated"`

	Coaches []ids.MemberID `json:"coaches,omitempty"` // members who get the red reports runners share
	Units   string         `json:"units,omitempty"`   // public posts: "km" (default) or "mi"
}

// ClubRun is a weekly club run.
type ClubRun struct {
	Day string `json:"day"` // "sat"
	At  string `json:"at"`  // "08:00" in the club's zone
}

// Challenge is a group mileage challenge; it lives inside its Club.
type Challenge struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	GoalM    int64          `json:"goal_m"`              // metres
	GoalUnit string         `json:"goal_unit,omitempty"` // the unit the goal was set in ("km" or "mi")
	GoalS    int64          `json:"goal_s,omitempty"`    // seconds: a time challenge, scored in seconds (GoalM is 0)
	Team     bool           `json:"team,omitempty"`
	Start    string         `json:"start"` // YYYY-MM-DD, club zone, inclusive
	End      string         `json:"end"`   // inclusive
	Members  []ids.MemberID `json:"members,omitempty"`
	Ended    bool           `json:"ended,omitempty"`
	Created  time.Time      `json:"created"`
	Creator  ids.MemberID   `json:"creator,omitempty"`  // member id; "" once they are forgotten
	Finished bool           `json:"finished,omitempty"` // final results posted
}

// Run is one logged run.
type Run struct {
	ID      string    `json:"id"`   // short, per member; assigned by AddRun
	Date    string    `json:"date"` // YYYY-MM-DD the run was done, member's zone
	Meters  int64     `json:"meters"`
	Seconds int       `json:"seconds,omitempty"`
	Cadence int       `json:"cadence,omitempty"`
	Notes   string    `json:"notes,omitempty"`
	Logged  time.Time `json:"logged"`           // UTC
	Boards  []string  `json:"boards,omitempty"` // boards credited with this run, debited on undo
	// Start is when the activity began (UTC), for runs read from a watch
	// file: the same file sent twice is recognised by it. Zero for typed runs.
	Start time.Time `json:"start,omitzero"`
}

// Pain is one pain report.
type Pain struct {
	ID     string    `json:"id,omitempty"` // "p1", "p2", … per member; assigned by AddPain
	At     time.Time `json:"at"`           // UTC
	Score  int       `json:"score"`
	Where  string    `json:"where"`
	Notes  string    `json:"notes,omitempty"`
	Level  string    `json:"level"` // green, amber, red
	Flags  []string  `json:"flags,omitempty"`
	RestM  int64     `json:"rest_m,omitempty"`
	Source string    `json:"source,omitempty"` // "report" or "checkin"

	Club ids.ClubID `json:"club,omitempty"` // the club chat it came from; "" from a private chat
}

// Cadence is one cadence record in steps per minute.
type Cadence struct {
	At  time.Time `json:"at"`
	SPM int       `json:"spm"`
}

// Balance is one single-leg balance test.
type Balance struct {
	At      time.Time `json:"at"`
	Seconds int       `json:"seconds"`
	Side    string    `json:"side,omitempty"`
}

// Kept is a private message the platform refused, kept for later delivery.
type Kept struct {
	At      time.Time    `json:"at"`
	Text    string       `json:"text"`
	Buttons []KeptButton `json:"buttons,omitempty"`
}

// KeptButton is an action offered under a kept message (a check-in answer).
type KeptButton struct {
	Label   string `json:"label"`
	Command string `json:"command"`
}

// Export is everything stored about one member (/mydata).
type Export struct {
	Member   Member    `json:"member"`
	Runs     []Run     `json:"runs"`
	Pains    []Pain    `json:"pains"`
	Cadences []Cadence `json:"cadences"`
	Balances []Balance `json:"balances"`
	Kept     []Kept    `json:"kept,omitempty"`
}

// Due is a claimed entry of the due-queue.
type Due struct {
	Job string    // opaque to the store, e.g. "remind|telegram:123"
	At  time.Time // the score the job had when claimed
}

// Score is one leaderboard entry.
type Score struct {
	Member ids.MemberID
	Value  int64
	Rank   int // 1-based; tied scores share a rank and the next one skips (1, 1, 3)
}

// Members keeps member documents.
type Members interface {
	// Member returns the member, or ErrNotFound.
	Member(ctx context.Context, id ids.MemberID) (Member, error)
	// UpdateMember applies fn to the stored member (a zero Member with ID
	// set when none exists) and stores the result atomically: concurrent
	// updates of one member never lose each other's changes. If fn returns
	// an error nothing is stored and the error is returned.
	//
	// fn may run more than once (the Redis store retries when another write
	// got in first), so it must only change *m: no sends, no store calls.
	// The ID is always the key; a new member whose Created fn leaves zero
	// gets the store's now.
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*Member) error) (Member, error)
}

// Runs keeps a member's runs.
type Runs interface {
	// AddRun stores r under a new short id (unique per member, never
	// reused) and returns it as stored. Ids read "r1", "r2", … "ra" (base
	// 36) and are accepted back case-insensitively. r.Date must be
	// YYYY-MM-DD; a zero Logged becomes the store's now.
	AddRun(ctx context.Context, memberID ids.MemberID, r Run) (Run, error)
	// Runs returns the runs dated from..to inclusive (YYYY-MM-DD; "" means
	// unbounded), ordered by date then by logging order.
	Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]Run, error)
	// DeleteRun removes the run with that id, or the most recently logged
	// one when id is "", and returns it; ErrNotFound when there is none.
	DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (Run, error)
	// AmendRun applies fn to the stored run with that id and stores the
	// result atomically in its place (a changed Date moves it in Runs
	// order); fn may run more than once, so it must only change *r. ID and
	// Logged are kept. ErrNotFound when no such run exists; an error from
	// fn (or a Date that is not YYYY-MM-DD) stores nothing.
	AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*Run) error) (Run, error)
}

// Health keeps pain reports and cadence and balance records.
type Health interface {
	// AddPain stores p under a new short id ("p1", "p2", … base 36, unique
	// per member, never reused) and returns it as stored. A zero At becomes
	// the store's now.
	AddPain(ctx context.Context, memberID ids.MemberID, p Pain) (Pain, error)
	// Pains returns reports at or after since, oldest first.
	Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]Pain, error)
	// AmendPain applies fn to the stored report with that id (made at or
	// after since) and stores the result atomically in its place; fn may
	// run more than once, so it must only change *p. ID and At are kept.
	// ErrNotFound when no such report exists.
	AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*Pain) error) (Pain, error)
	AddCadence(ctx context.Context, memberID ids.MemberID, c Cadence) error
	// Cadences returns up to n most recent records, newest first (all of
	// them when n <= 0).
	Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]Cadence, error)
	AddBalance(ctx context.Context, memberID ids.MemberID, b Balance) error
	// Balances returns up to n most recent records, newest first (all of
	// them when n <= 0).
	Balances(ctx context.Context, memberID ids.MemberID, n int) ([]Balance, error)
}

// Privacy exports and erases a member.
type Privacy interface {
	// Export returns everything stored about the member, each list oldest
	// first (runs in Runs order). A member with nothing stored exports as
	// its bare id, without error.
	Export(ctx context.Context, memberID ids.MemberID) (Export, error)
	// Forget deletes every trace of the member: documents, runs, health
	// records, kept messages, marks, queue jobs naming the member, and
	// their entries on every board listed in Member.Boards. It also drops
	// the member from the member lists (club and challenge) of every club
	// in Member.Clubs, and clears them as the Creator of its challenges. A job names a member when the member id occurs in it
	// not flanked by a letter, digit or '_' ("remind|telegram:123" names
	// telegram:123, not telegram:12). Forgetting an unknown member is no
	// error.
	Forget(ctx context.Context, memberID ids.MemberID) error
}

// Outbox keeps private messages a platform refused (7 days, at most the
// latest 100 per member).
type Outbox interface {
	Keep(ctx context.Context, memberID ids.MemberID, k Kept) error
	// TakeKept returns and removes the kept messages newer than
	// now-7 days, oldest first; older ones are dropped.
	TakeKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]Kept, error)
	// PeekKept returns what TakeKept would, removing nothing: a caller
	// hands the messages over and calls AckKept once they were delivered,
	// so a failed delivery loses nothing.
	PeekKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]Kept, error)
	// AckKept removes each of delivered (as PeekKept returned them) once;
	// messages kept since stay, and one already gone is no error.
	AckKept(ctx context.Context, memberID ids.MemberID, delivered []Kept) error
}

// Clubs keeps club documents.
type Clubs interface {
	// Club returns the club, or ErrNotFound.
	Club(ctx context.Context, id ids.ClubID) (Club, error)
	// UpdateClub is UpdateMember for clubs (same atomicity, same rules for
	// fn); the club then appears in ClubIDs.
	UpdateClub(ctx context.Context, id ids.ClubID, fn func(*Club) error) (Club, error)
	// ClubIDs lists every club, for the scheduler.
	ClubIDs(ctx context.Context) ([]ids.ClubID, error)
	// MoveClub re-keys a club (a Telegram group became a supergroup): the
	// document moves to the new id, and its Channel too when it was the old
	// chat. Members' Clubs lists and board names are the caller's. Moving
	// an absent club is ErrNotFound unless to already exists (a retried
	// move), which is no error.
	MoveClub(ctx context.Context, from, to ids.ClubID) error
	// DeleteClub removes a club for good (/club delete): its document (and
	// its place in ClubIDs), its marks, the queue jobs naming it (by the
	// rule of Forget) and the given boards, which are the caller's names.
	// Members' documents and records are theirs and stay. The document goes
	// last, so a DeleteClub cut short can be repeated; deleting an absent
	// club is no error.
	DeleteClub(ctx context.Context, id ids.ClubID, boards []string) error
}

// Marks records that something happened once: an idempotency key, a
// handled update id. Scope groups marks (a member id, a club id, or a
// platform name) so Forget can remove a member's marks.
type Marks interface {
	// Mark records key under scope for ttl (which must be positive) and
	// reports whether it was new. Expiry follows the store's clock.
	Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error)
	// Marked reports whether key is recorded and not expired.
	Marked(ctx context.Context, scope, key string) (bool, error)
}

// Queue is the due-queue: jobs per platform scored by their next fire time,
// kept to the millisecond.
type Queue interface {
	// Schedule sets (or moves) job's fire time.
	Schedule(ctx context.Context, platform, job string, at time.Time) error
	// Unschedule removes job; no error when absent.
	Unschedule(ctx context.Context, platform, job string) error
	// Claim atomically takes up to max jobs due at or before now and leases
	// them by moving their time to now+lease, so concurrent claimers never
	// get the same job and a claimer that dies loses nothing: the job is
	// due again when the lease runs out. The caller reschedules or
	// unschedules each job when done.
	Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, max int) ([]Due, error)
	// When returns job's fire time; ErrNotFound when it is not queued.
	When(ctx context.Context, platform, job string) (time.Time, error)
}

// Boards are leaderboards scored in whole metres.
type Boards interface {
	// BoardAdd adds delta to member's score and returns the new score.
	BoardAdd(ctx context.Context, board string, member ids.MemberID, delta int64) (int64, error)
	// BoardTop returns the n highest scores, highest first (ties by member
	// id); every entry when n <= 0.
	BoardTop(ctx context.Context, board string, n int) ([]Score, error)
	// BoardScore returns member's entry and rank; ErrNotFound when absent.
	BoardScore(ctx context.Context, board string, member ids.MemberID) (Score, error)
	// BoardRemove deletes member's entry; no error when absent.
	BoardRemove(ctx context.Context, board string, member ids.MemberID) error
	// BoardDelete deletes the board; no error when absent.
	BoardDelete(ctx context.Context, board string) error
}

// WebPages keeps each club's public web page token: the unguessable part
// of the page's address (/c/<token>). The lookup by token is what serves
// the page, so changing or clearing a token ends the old address at once,
// on every replica. Backends index tokens by their SHA-256, so a lookup's
// timing says nothing about how close a guess was.
type WebPages interface {
	// SetWebToken makes token the club's page token, replacing any earlier
	// one (whose lookup ends in the same step); "" turns the page off.
	// A token is 22 to 64 characters of base64url ([A-Za-z0-9_-]).
	// MoveClub carries the token to the club's new id.
	SetWebToken(ctx context.Context, clubID ids.ClubID, token string) error
	// WebToken returns the club's page token, "" when its page is off.
	WebToken(ctx context.Context, clubID ids.ClubID) (string, error)
	// WebClub returns the id of the club whose current page token is
	// token; ErrNotFound for any other string.
	WebClub(ctx context.Context, token string) (ids.ClubID, error)
}

// Retention trims old detail so a member's records stay bounded (README:
// Retention). Both methods are idempotent and safe beside concurrent
// writes of the member.
type Retention interface {
	// CompactRuns replaces the runs dated before before (YYYY-MM-DD) by
	// weekly totals: within each month, the runs of one Monday–Sunday week
	// become one run (shared.WeeklyTotal) under the id of the week's first
	// logged run; a week that is already one run stays as it is. It returns
	// how many runs went.
	CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (int, error)
	// PruneHealth deletes the pain reports, cadence and balance records
	// made before before, and returns how many went.
	PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (int, error)
}

// Store is everything a backend provides.
type Store interface {
	Retention
	Members
	Runs
	Health
	Privacy
	Outbox
	Clubs
	Marks
	Queue
	Boards
	WebPages
	Coaching
	// Ping reports whether the backend is reachable.
	Ping(ctx context.Context) error
	Close() error
}

// ChallengeKey names a challenge across clubs: "<club id>/<challenge id>".
func ChallengeKey(clubID ids.ClubID, challengeID string) string {
	return string(clubID) + "/" + challengeID
}
