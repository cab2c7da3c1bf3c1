package telegram

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// sendDocument uploads f (sendDocument, multipart) with its caption, then
// text as messages, buttons under the last one. It waits for the same
// rate limiters as a message.
func (a *Adapter) sendDocument(ctx context.Context, chatID int64, f platforms.File, text string, o sendOpts) error {
	caption, rest := "", ""
	if parts := split(render(f.Caption), MaxCaption); len(parts) > 0 {
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
	name := f.Name
	if name == "" {
		name = "data.json"
	}
	doc := tgbotapi.NewDocument(chatID, tgbotapi.FileBytes{Name: name, Bytes: f.Data})
	doc.Caption = caption
	if o.replyTo != 0 {
		doc.ReplyToMessageID = o.replyTo
		doc.AllowSendingWithoutReply = true
	}
	if rest == "" && len(o.buttons) > 0 {
		doc.ReplyMarkup = keyboard(o.buttons)
	}
	err := a.call(ctx, "sendDocument", retryTransient, func(b *tgbotapi.BotAPI) error {
		_, err := b.Send(doc)
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

// sendAttachment sends a response's picture or file, then its text.
func (a *Adapter) sendAttachment(ctx context.Context, chatID int64, resp platforms.Response, o sendOpts) error {
	if resp.File != nil {
		return a.sendDocument(ctx, chatID, *resp.File, resp.Text, o)
	}
	return a.sendPhoto(ctx, chatID, *resp.Image, resp.Text, o)
}
