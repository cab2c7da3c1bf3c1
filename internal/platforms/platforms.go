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

	"github.com/clubcoach/clubcoach/internal/ids"
)

// Platform names, used everywhere: member and club ids, store keys,
// BOT_ADMINS, /mydata.
const (
	Telegram = "telegram"
	Discord  = "discord"
	Console  = "console"
)

// MemberID names a member ("telegram:123"), ChatID a chat where posts go
// ("discord:987") and ClubID a club: different types (package ids), so a
// member id cannot be passed where a chat is meant when sending (the
// compiler says so). The aliases keep the adapters' spelling.
type (
	MemberID = ids.MemberID
	ChatID   = ids.ChatID
	ClubID   = ids.ClubID
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
	Platform    string   // Telegram, Discord or Console
	MemberID    MemberID // "telegram:123"
	DisplayName string   // how to name the member in public (boards)
	ClubID      ClubID   // "telegram:-100123"; "" in a DM that belongs to no club
	ChatID      ChatID   // where replies go, namespaced like ClubID ("discord:<channel>")
	DM          bool     // a private conversation between the member and the bot
	Admin       bool     // the member may run admin-only commands in ClubID
	Command     string   // lower-case name without "/" or "@botname"
	Args        string   // everything after the command, untrimmed
	Received    time.Time
	// Attachment is a file sent with the command (a watch's activity file
	// with /run), or nil.
	Attachment *Attachment
	// ID is the command's id, the same when the platform delivers the
	// command again and never reused (the Telegram update id, the Discord
	// interaction id; on the console a random per-process prefix and a
	// sequence number). The router makes it the op id of the command's
	// store writes, so a redelivery or a retried write is applied once.
	// "" when unknown.
	ID string
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
// Public is posted there as a one-line pointer. The router sets Public to
// PrivatePointer for every private response, whatever the handler wrote,
// so the group learns nothing from it.
type Response struct {
	Text    string
	Private bool
	Public  string
	Buttons []Button
	// Delivered, when set, is called by the adapter once: with reached
	// true after the reply reached the member, or false after the platform
	// refused a private reply (the member never opened a DM, or closed
	// DMs): the handler then keeps it, buttons and all, for the member's
	// next command. When delivery failed otherwise it is not called, so
	// what it would release (messages kept for the member, shown in Text)
	// stays for the member's next command.
	Delivered func(ctx context.Context, reached bool)
	// Image, when set, is sent first with its caption; Text, if any, is
	// longer detail that follows it. A platform that cannot send images
	// gets the caption and Text as text (see TextOf).
	Image *Image
	// File, when set, is a document attached to the answer (a large
	// /mydata export), with Text as the message that goes with it. A
	// platform that cannot attach files says FileText instead.
	File *File
}

// Reached reports a response's outcome to its Delivered hook, if any.
func (r Response) Reached(ctx context.Context, reached bool) {
	if r.Delivered != nil {
		r.Delivered(ctx, reached)
	}
}

// Image is a picture to send (a chart) and the words that go with it.
type Image struct {
	Data    []byte
	MIME    string // "image/png"
	Name    string // a file name: "week-2026-12-06.png"
	Caption string // the headline numbers in text, at most MaxCaption characters
	Alt     string // a description for screen readers
}

// MaxCaption is the longest image caption every platform accepts
// (Telegram's photo caption limit, in characters).
const MaxCaption = 1024

// TextOf is what a platform without images says for r: the caption, then
// the text.
func TextOf(r Response) string {
	if r.Image == nil || strings.TrimSpace(r.Image.Caption) == "" {
		return r.Text
	}
	if strings.TrimSpace(r.Text) == "" {
		return r.Image.Caption
	}
	return r.Image.Caption + "\n\n" + r.Text
}

// ImageSender is the optional capability of a Sender that can send
// pictures. Callers check for it with a type assertion, or use SendImage
// and PostImage, which fall back to the caption as text.
type ImageSender interface {
	// DMImage sends img privately to a member, then text when not empty.
	DMImage(ctx context.Context, memberID MemberID, img Image, text string) error
	// PostImage sends img to a club channel, then text when not empty.
	PostImage(ctx context.Context, channelID ChatID, img Image, text string) error
}

// PostImage posts img through s when s can send images, else its caption
// and text as a message.
func PostImage(ctx context.Context, s Sender, channelID ChatID, img Image, text string) error {
	if is, ok := s.(ImageSender); ok {
		return is.PostImage(ctx, channelID, img, text)
	}
	return s.Post(ctx, channelID, TextOf(Response{Image: &img, Text: text}))
}

// DMImage is PostImage for a private message.
func DMImage(ctx context.Context, s Sender, memberID MemberID, img Image, text string) error {
	if is, ok := s.(ImageSender); ok {
		return is.DMImage(ctx, memberID, img, text)
	}
	return s.DM(ctx, memberID, TextOf(Response{Image: &img, Text: text}), nil)
}

// PrivatePointer is the one line a group sees when a member's answer went
// to them privately. It is the same for every command and outcome: a
// pointer that varied (a level marker, "check-in noted") would tell the
// group something about the member's health.
const PrivatePointer = "📬 Sent you a private reply"

// Sender starts conversations: the scheduler's reminders and club posts.
// Implementations block until the platform accepted the message or
// refused it for good, respecting the platform's rate limits.
type Sender interface {
	// DM sends a private message to a member ("telegram:123").
	DM(ctx context.Context, memberID MemberID, text string, buttons []Button) error
	// Post sends a message to a club channel ("discord:987").
	Post(ctx context.Context, channelID ChatID, text string) error
}

// Handler is what adapters call for every command they receive. It is
// one method: what happens to the reply afterwards comes back through the
// Response's Delivered hook.
type Handler interface {
	// Handle runs one command and returns what to say. It never panics.
	Handle(ctx context.Context, m Message) Response
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
func (s Senders) DM(ctx context.Context, memberID MemberID, text string, buttons []Button) error {
	snd, ok := s[PlatformOf(string(memberID))]
	if !ok {
		return ErrUnknownTarget
	}
	return snd.DM(ctx, memberID, text, buttons)
}

// Post implements Sender by the platform prefix of channelID.
func (s Senders) Post(ctx context.Context, channelID ChatID, text string) error {
	snd, ok := s[PlatformOf(string(channelID))]
	if !ok {
		return ErrUnknownTarget
	}
	return snd.Post(ctx, channelID, text)
}

// DMImage implements ImageSender by the platform prefix of memberID; a
// platform without images gets the caption as text.
func (s Senders) DMImage(ctx context.Context, memberID MemberID, img Image, text string) error {
	snd, ok := s[PlatformOf(string(memberID))]
	if !ok {
		return ErrUnknownTarget
	}
	return DMImage(ctx, snd, memberID, img, text)
}

// PostImage implements ImageSender by the platform prefix of channelID.
func (s Senders) PostImage(ctx context.Context, channelID ChatID, img Image, text string) error {
	snd, ok := s[PlatformOf(string(channelID))]
	if !ok {
		return ErrUnknownTarget
	}
	return PostImage(ctx, snd, channelID, img, text)
}

// CanSendImages reports whether the adapter for target's platform sends
// images.
func (s Senders) CanSendImages(target string) bool {
	return CanSendImages(s[PlatformOf(target)], target)
}

// CanSendImages reports whether s sends images to target, so a caller can
// skip rendering one that would only be replaced by its caption.
func CanSendImages(s Sender, target string) bool {
	if r, ok := s.(interface{ CanSendImages(string) bool }); ok {
		return r.CanSendImages(target)
	}
	_, ok := s.(ImageSender)
	return ok
}

// SendRate is how many messages a second the adapter for platform sends
// at most, from its own rate limits (0 when it has none or does not say).
func (s Senders) SendRate(platform string) float64 {
	if r, ok := s[platform].(interface{ SendRate() float64 }); ok {
		return r.SendRate()
	}
	return 0
}

// Platforms lists the platforms s can reach, for claiming reminders.
func (s Senders) Platforms() []string {
	out := make([]string, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	return out
}
