package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// Requests are built here as tgbotapi.Params rather than with the
// library's config types: go-telegram-bot-api v5.5.1 predates Bot API 7,
// so its MessageConfig sends parameters Telegram has since replaced
// (disable_web_page_preview, reply_to_message_id) and empty optional
// arrays as JSON null (entities=null). Every parameter below is one the
// current Bot API documents; optional ones are left out when unused.
// testdata/botapi-params.json lists them, and a test checks every request
// against it.

// request makes one Bot API call through call (context, retries, error
// classification) and decodes its result into out when out is not nil.
func (a *Adapter) request(ctx context.Context, method string, policy retryPolicy, params tgbotapi.Params, out any) error {
	return a.call(ctx, method, policy, func(b *tgbotapi.BotAPI) error {
		resp, err := b.MakeRequest(method, params)
		if err != nil {
			return err
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Result, out); err != nil {
			return fmt.Errorf("decode %s result: %w", method, err)
		}
		return nil
	})
}

// replyParameters is the Bot API's ReplyParameters object (Bot API 7.0),
// which replaced reply_to_message_id and allow_sending_without_reply.
type replyParameters struct {
	MessageID                int  `json:"message_id"`
	AllowSendingWithoutReply bool `json:"allow_sending_without_reply,omitempty"`
}

// linkPreviewOptions is the Bot API's LinkPreviewOptions object (Bot API
// 7.0), which replaced disable_web_page_preview.
type linkPreviewOptions struct {
	IsDisabled bool `json:"is_disabled,omitempty"`
}

// sendMessageParams builds one sendMessage call. Link previews are off:
// the bot's texts mention sites in passing, and a preview card would
// crowd out the advice. A reply goes through even when the member's
// message was deleted meanwhile.
func sendMessageParams(chatID int64, text string, replyTo int, buttons []platforms.Button) (tgbotapi.Params, error) {
	p := tgbotapi.Params{"chat_id": strconv.FormatInt(chatID, 10), "text": text}
	if err := p.AddInterface("link_preview_options", linkPreviewOptions{IsDisabled: true}); err != nil {
		return nil, err
	}
	if replyTo != 0 {
		if err := p.AddInterface("reply_parameters", replyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}); err != nil {
			return nil, err
		}
	}
	if len(buttons) > 0 {
		if err := p.AddInterface("reply_markup", keyboard(buttons)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// getUpdatesParams asks for the next batch of updates: only messages and
// button presses, the two kinds the bot answers.
func getUpdatesParams(offset int, timeoutSeconds int) (tgbotapi.Params, error) {
	p := tgbotapi.Params{"limit": "100"}
	p.AddNonZero("offset", offset)
	p.AddNonZero("timeout", timeoutSeconds)
	if err := p.AddInterface("allowed_updates", []string{"message", "callback_query"}); err != nil {
		return nil, err
	}
	return p, nil
}

// setMyCommandsParams registers the command menu (default scope, every
// language).
func setMyCommandsParams(cmds []tgbotapi.BotCommand) (tgbotapi.Params, error) {
	p := tgbotapi.Params{}
	if err := p.AddInterface("commands", cmds); err != nil {
		return nil, err
	}
	return p, nil
}
