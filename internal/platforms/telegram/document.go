package telegram

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// documentParts builds the calls for a file (sendDocument, multipart) with
// its caption, then text as messages (see uploadParts).
func documentParts(chatID int64, f platforms.File, text string, o sendOpts) ([]part, error) {
	name := f.Name
	if name == "" {
		name = "data.json"
	}
	return uploadParts(chatID, "sendDocument", f.Caption, text, o, func(u upload) tgbotapi.Chattable {
		doc := tgbotapi.NewDocument(chatID, tgbotapi.FileBytes{Name: name, Bytes: f.Data})
		doc.Caption, doc.ReplyToMessageID, doc.AllowSendingWithoutReply, doc.ReplyMarkup = u.caption, u.replyTo, u.replyTo != 0, u.markup
		return doc
	})
}
