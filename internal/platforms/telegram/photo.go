package telegram

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// MaxCaption is the longest photo caption Telegram accepts, in characters.
const MaxCaption = 1024

var _ platforms.ImageSender = (*Adapter)(nil)

// sendPhoto uploads img (sendPhoto, multipart) with its caption, then
// text as messages, and waits for the outcome. A photo queues and waits
// for the same rate limiters as a message.
func (a *Adapter) sendPhoto(ctx context.Context, chatID int64, img platforms.Image, text string, o sendOpts) error {
	parts, err := photoParts(chatID, img, text, o)
	if err != nil {
		return err
	}
	return a.sendWait(ctx, chatID, parts)
}

// photoParts builds the calls for a photo: the upload with its caption,
// then text as messages (see uploadParts).
func photoParts(chatID int64, img platforms.Image, text string, o sendOpts) ([]part, error) {
	name := img.Name
	if name == "" {
		name = "chart.png"
	}
	return uploadParts(chatID, "sendPhoto", img.Caption, text, o, func(u upload) tgbotapi.Chattable {
		photo := tgbotapi.NewPhoto(chatID, tgbotapi.FileBytes{Name: name, Bytes: img.Data})
		photo.Caption, photo.ReplyToMessageID, photo.AllowSendingWithoutReply, photo.ReplyMarkup = u.caption, u.replyTo, u.replyTo != 0, u.markup
		return photo
	})
}

// upload is what an upload's call carries besides the file.
type upload struct {
	caption string
	replyTo int
	markup  any // the keyboard, on the last message only
}

// uploadParts builds the calls for an upload (a photo, a document): the
// file with its caption, then text as messages. A caption past MaxCaption
// is cut at a line or word and the rest goes before text; buttons go under
// the last message. Uploads queue behind the same limiters as messages.
func uploadParts(chatID int64, method, caption, text string, o sendOpts, build func(upload) tgbotapi.Chattable) ([]part, error) {
	u, rest := upload{replyTo: o.replyTo}, ""
	if parts := split(render(caption), MaxCaption); len(parts) > 0 {
		u.caption = parts[0]
		rest = strings.Join(parts[1:], "\n")
	}
	if strings.TrimSpace(text) != "" {
		rest = strings.TrimSpace(rest + "\n\n" + text)
	}
	if rest == "" && len(o.buttons) > 0 {
		u.markup = keyboard(o.buttons)
	}
	call := build(u)
	parts := []part{{method: method, do: func(b *tgbotapi.BotAPI) error {
		_, err := b.Send(call)
		return err
	}}}
	if rest == "" {
		return parts, nil
	}
	more, err := textParts(chatID, rest, sendOpts{buttons: o.buttons})
	if err != nil {
		return nil, err
	}
	return append(parts, more...), nil
}

// CanSendImages implements the optional check: Telegram always can.
func (a *Adapter) CanSendImages(string) bool { return true }

// DMImage implements platforms.ImageSender: a photo in the member's
// private chat, errors as for DM.
func (a *Adapter) DMImage(ctx context.Context, member platforms.MemberID, img platforms.Image, text string) error {
	memberID := string(member)
	user, err := localID(memberID)
	if err != nil {
		return err
	}
	if isGroup(user) {
		return fmt.Errorf("telegram: %s is a group, not a member: %w", memberID, platforms.ErrUnknownTarget)
	}
	if err := a.sendPhoto(ctx, user, img, text, sendOpts{}); err != nil {
		a.logGiveUp("dm photo", memberID, err)
		return fmt.Errorf("telegram: DM photo to %s: %w", memberID, err)
	}
	return nil
}

// PostImage implements platforms.ImageSender: a photo in a club chat.
func (a *Adapter) PostImage(ctx context.Context, channel platforms.ChatID, img platforms.Image, text string) error {
	channelID := string(channel)
	chat, err := localID(channelID)
	if err != nil {
		return err
	}
	if err := a.sendPhoto(ctx, chat, img, text, sendOpts{}); err != nil {
		a.logGiveUp("post photo", channelID, err)
		return fmt.Errorf("telegram: post photo to %s: %w", channelID, err)
	}
	return nil
}
