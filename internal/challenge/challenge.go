// Package challenge holds what a club's challenges hand the scheduler to
// send: final results posts and nudges to quiet members. The router
// writes them (the rules and words of challenges live with its commands);
// the scheduler sends them, and neither imports the other.
package challenge

import "time"

// Result is the final-results post of one challenge that is over.
type Result struct {
	ChallengeID string
	Key         string // mark (scope: the club) set once the post went out
	Text        string
}

// Nudge is one friendly DM to a quiet challenge member.
type Nudge struct {
	MemberID string
	Key      string        // mark (scope: the member) set once sent
	TTL      time.Duration // how long that mark is kept
	Text     string
}
