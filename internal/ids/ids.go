// Package ids holds the kinds of id that travel through the house: a
// member ("telegram:123"), a club ("telegram:-100123", "discord:<guild>")
// and a chat where messages go ("discord:<channel>"). They are all
// "<platform>:<local>" strings, and distinct types so that one kind cannot
// be passed where another is meant. The stored form is the plain string,
// so the types change nothing on disk, in Redis or in /mydata.
//
// The package imports nothing of ours: every layer may use it.
package ids

import "strings"

type (
	// MemberID names one person on one platform ("telegram:123").
	MemberID string
	// ClubID names a club: a Telegram group, a Discord guild, the
	// console's local club.
	ClubID string
	// ChatID names a chat where posts and replies go. On Telegram a club's
	// chat has the club's id; on Discord it is a channel of the guild.
	ChatID string
)

func (id MemberID) String() string { return string(id) }
func (id ClubID) String() string   { return string(id) }
func (id ChatID) String() string   { return string(id) }

// Platform returns the platform part of the id ("" when malformed).
func (id MemberID) Platform() string { return platform(string(id)) }

// Platform returns the platform part of the id ("" when malformed).
func (id ClubID) Platform() string { return platform(string(id)) }

// Platform returns the platform part of the id ("" when malformed).
func (id ChatID) Platform() string { return platform(string(id)) }

func platform(id string) string {
	p, _, ok := strings.Cut(id, ":")
	if !ok {
		return ""
	}
	return p
}

// Chat is the club's own chat, where its posts go when no other channel
// was chosen: a Telegram group is both the club and its chat.
func (id ClubID) Chat() ChatID { return ChatID(id) }

// Strings converts typed ids back to plain strings (to join or store them).
func Strings[ID ~string](s []ID) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// Members converts plain ids (as stored in a document's lists) to
// MemberIDs.
func Members(s []string) []MemberID {
	if s == nil {
		return nil
	}
	out := make([]MemberID, len(s))
	for i, v := range s {
		out[i] = MemberID(v)
	}
	return out
}

// Clubs converts plain ids (as stored in a document's lists) to ClubIDs.
func Clubs(s []string) []ClubID {
	if s == nil {
		return nil
	}
	out := make([]ClubID, len(s))
	for i, v := range s {
		out[i] = ClubID(v)
	}
	return out
}
