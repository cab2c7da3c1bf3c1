package telegram

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// documentParts builds the calls for a file (sendDocument, multipart)
// with its caption, then text as messages, buttons under the last one. A
// caption past MaxCaption is cut and the rest goes before text. It queues
// behind the same rate limiters as a message.
func documentParts(chatID int64, f platforms.File, text string, o sendOpts) ([]part, error) {
	caption, rest := "", ""
	if parts := split(render(f.Caption), MaxCaption); len(parts) > 0 {
		caption = parts[0]
		rest = strings.Join(parts[1:], "\n")
	}
	if strings.TrimSpace(text) != "" {
		rest = strings.TrimSpace(rest + "\n\n" + text)
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
	parts := []part{{method: "sendDocument", do: func(b *tgbotapi.BotAPI) error {
		_, err := b.Send(doc)
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
