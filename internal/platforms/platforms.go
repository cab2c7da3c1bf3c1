// Package platforms holds the neutral types every chat adapter speaks: the
// incoming Message, the Response a handler returns, and the Sender the
// scheduler uses to start conversations. Subpackages (console, telegram,
// discord) translate between these types and one platform's SDK; nothing
// platform-specific leaks past them.
package platforms

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Platform names, used everywhere: member and club ids, store keys,
// BOT_ADMINS, /mydata.
const (
	Telegram = "telegram"
	Discord  = "discord"
	Console  = "console"
)

// ID joins a platform name and a platform-local id: ID("telegram", "123")
// is "telegram:123". Member, club and channel ids are always in this form
// outside the adapters, so ids of two platforms never mix.
func ID(platform, local string) string { return platform + ":" + local }

// SplitID is the inverse of ID.
func SplitID(id string) (platform, local string, ok bool) {
	return strings.Cut(id, ":")
}

// PlatformOf returns the platform part of an id ("" when malformed).
func PlatformOf(id string) string {
	p, _, ok := SplitID(id)
	if !ok {
		return ""
	}
	return p
}

// Message is one command as a platform delivered it, already parsed into
// command name and raw argument text.
type Message struct {
	Platform    string // Telegram, Discord or Console
	MemberID    string // "telegram:123"
	DisplayName string // how to name the member in public (boards)
	ClubID      string // "telegram:-100123"; "" in a DM that belongs to no club
	ChatID      string // where replies go, namespaced like ClubID ("discord:<channel>")
	DM          bool   // a private conversation between the member and the bot
	Admin       bool   // the member may run admin-only commands in ClubID
	Command     string // lower-case name without "/" or "@botname"
	Args        string // everything after the command, untrimmed
	Received    time.Time
	// Attachment is a file sent with the command (a watch's activity file
	// with /run), or nil.
	Attachment *Attachment
}

// MaxAttachment is the largest file an adapter fetches: Telegram's limit
// for bots. Over it, adapters do not download and hand over Name and Size
// only.
const MaxAttachment = 20 << 20

// Attachment is a file a member sent. The adapter fetches it and hands
// over its bytes; handlers never open paths or URLs.
type Attachment struct {
	Name string // the file name as sent ("Morning_Run.fit")
	Size int64  // the size the platform declared, known before downloading
	// Data is the content; nil when it was not fetched (over
	// MaxAttachment, or the download failed).
	Data []byte
}

// Button is an action offered under a message; pressing it sends Command
// (e.g. "/checkin settled") as if the member had typed it.
type Button struct {
	Label   string
	Command string
}

// Response is what a handler wants said back. The adapter decides how:
// a Private response goes to the member alone (a DM on Telegram, an
// ephemeral reply on Discord, plain text in the console), and in a group
// Public is posted there as a one-line pointer that carries no health detail.
type Response struct {
	Text    string
	Private bool
	Public  string
	Buttons []Button
}

// Sender starts conversations: the scheduler's reminders and club posts.
// Implementations block until the platform accepted the message or
// refused it for good, respecting the platform's rate limits.
type Sender interface {
	// DM sends a private message to a member ("telegram:123").
	DM(ctx context.Context, memberID, text string, buttons []Button) error
	// Post sends a message to a club channel ("discord:987").
	Post(ctx context.Context, channelID, text string) error
}

// Handler is what adapters call for every command they receive.
type Handler interface {
	// Handle runs one command and returns what to say. It never panics.
	Handle(ctx context.Context, m Message) Response
	// Undelivered is told when a private message to memberID was refused
	// by the platform (the member never opened a DM, or closed DMs), so it
	// can be kept, buttons and all, and handed over on the member's next
	// command.
	Undelivered(ctx context.Context, memberID, text string, buttons []Button)
}

// Errors a Sender returns. Wrap them with %w so callers can use errors.Is.
var (
	// ErrDMRefused: the platform will not deliver a private message to the
	// member yet (Telegram 403 before /start, Discord 50007 DMs closed).
	ErrDMRefused = errors.New("private message refused by the platform")
	// ErrBlocked: the member blocked the bot; do not retry.
	ErrBlocked = errors.New("member blocked the bot")
	// ErrUnknownTarget: the id names no chat this adapter can reach.
	ErrUnknownTarget = errors.New("unknown chat or member for this platform")
)

// Senders routes outgoing messages to the adapter of the target's platform.
type Senders map[string]Sender

// DM implements Sender by the platform prefix of memberID.
func (s Senders) DM(ctx context.Context, memberID, text string, buttons []Button) error {
	snd, ok := s[PlatformOf(memberID)]
	if !ok {
		return ErrUnknownTarget
	}
	return snd.DM(ctx, memberID, text, buttons)
}

// Post implements Sender by the platform prefix of channelID.
func (s Senders) Post(ctx context.Context, channelID, text string) error {
	snd, ok := s[PlatformOf(channelID)]
	if !ok {
		return ErrUnknownTarget
	}
	return snd.Post(ctx, channelID, text)
}

// Platforms lists the platforms s can reach, for claiming reminders.
func (s Senders) Platforms() []string {
	out := make([]string, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	return out
}
