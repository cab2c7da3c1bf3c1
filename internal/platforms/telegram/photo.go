package telegram

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// MaxCaption is the longest photo caption Telegram accepts, in characters.
const MaxCaption = 1024

var _ platforms.ImageSender = (*Adapter)(nil)

// sendPhoto uploads img (sendPhoto, multipart) with its caption, then
// text as messages. A caption past MaxCaption is cut at a line or word and
// the rest goes before text. Buttons go under the last message. A photo
// waits for the same rate limiters as a message.
func (a *Adapter) sendPhoto(ctx context.Context, chatID int64, img platforms.Image, text string, o sendOpts) error {
	caption, rest := "", ""
	if parts := split(render(img.Caption), MaxCaption); len(parts) > 0 {
		caption = parts[0]
		rest = strings.Join(parts[1:], "\n")
	}
	if strings.TrimSpace(text) != "" {
		rest = strings.TrimSpace(rest + "\n\n" + text)
	}
	if err := a.wait(ctx, a.limits.chat(chatID, a.now())); err != nil {
		return fmt.Errorf("telegram: wait to send to %d: %w", chatID, err)
	}
	if err := a.wait(ctx, a.limits.global); err != nil {
		return fmt.Errorf("telegram: wait to send: %w", err)
	}
	name := img.Name
	if name == "" {
		name = "chart.png"
	}
	photo := tgbotapi.NewPhoto(chatID, tgbotapi.FileBytes{Name: name, Bytes: img.Data})
	photo.Caption = caption
	if o.replyTo != 0 {
		photo.ReplyToMessageID = o.replyTo
		photo.AllowSendingWithoutReply = true
	}
	if rest == "" && len(o.buttons) > 0 {
		photo.ReplyMarkup = keyboard(o.buttons)
	}
	err := a.call(ctx, "sendPhoto", retryTransient, func(b *tgbotapi.BotAPI) error {
		_, err := b.Send(photo)
		return err
	})
	if err != nil {
		return err
	}
	if rest == "" {
		return nil
	}
	return a.send(ctx, chatID, rest, sendOpts{buttons: o.buttons})
}

// CanSendImages implements the optional check: Telegram always can.
func (a *Adapter) CanSendImages(string) bool { return true }

// DMImage implements platforms.ImageSender: a photo in the member's
// private chat, errors as for DM.
func (a *Adapter) DMImage(ctx context.Context, memberID string, img platforms.Image, text string) error {
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
func (a *Adapter) PostImage(ctx context.Context, channelID string, img platforms.Image, text string) error {
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

// deliverImage is deliver for a response with a picture or a file: in a
// DM or for a public answer, the photo or document in the chat; a private
// answer in a group goes by DM, with only the usual pointer in the group.
func (a *Adapter) deliverImage(ctx context.Context, in incoming, resp platforms.Response) {
	if in.msg.DM || !resp.Private {
		o := sendOpts{buttons: resp.Buttons}
		if !in.msg.DM {
			o.replyTo = in.replyTo
		}
		if err := a.sendAttachment(ctx, in.chatID, resp, o); err != nil {
			a.logGiveUp("reply photo", in.msg.ChatID, err)
			return
		}
		resp.Reached(ctx, true)
		return
	}
	user, err := localID(in.msg.MemberID)
	if err == nil {
		err = a.sendAttachment(ctx, user, resp, sendOpts{buttons: resp.Buttons})
		if err != nil {
			a.logGiveUp("dm photo", in.msg.MemberID, err)
		}
	}
	switch {
	case err == nil:
		resp.Reached(ctx, true)
		public := resp.Public
		if public == "" {
			public = platforms.PrivatePointer
		}
		a.reply(ctx, in, public, nil)
	case errors.Is(err, platforms.ErrDMRefused) || errors.Is(err, platforms.ErrBlocked):
		// Kept messages are text: the caption carries the numbers.
		a.h.Undelivered(ctx, in.msg.MemberID, platforms.TextOf(resp), resp.Buttons)
		resp.Reached(ctx, false)
		a.reply(ctx, in, a.openChatHint(in.msg.DisplayName), nil)
	default:
		a.reply(ctx, in, "⚠️ I couldn't send you that privately just now. Please try again in a moment.", nil)
	}
}
