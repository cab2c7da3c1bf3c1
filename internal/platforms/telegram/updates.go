package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// updateTTL is how long a handled update id is remembered: far longer than
// Telegram keeps redelivering an unconfirmed update to a live bot.
const updateTTL = time.Hour

// poll is the long-polling loop. Update ids are acknowledged by asking for
// offset last+1 once; after a poll that confirms everything (an empty
// answer) the offset goes back to 0, because Telegram may restart ids
// below the last one after a quiet week. Handled ids are remembered in the
// store, so a redelivery is never handled twice.
func (a *Adapter) poll(ctx context.Context) error {
	offset := 0
	// A failing poll is an outage: waited out with backoff, one log line
	// per step, and /readyz false until a poll succeeds again.
	b := platforms.Backoff{Min: time.Second, Max: time.Minute}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var updates []tgbotapi.Update
		params, err := getUpdatesParams(offset, int(a.cfg.PollTimeout/time.Second))
		if err != nil {
			return fmt.Errorf("telegram: build getUpdates: %w", err)
		}
		err = a.request(ctx, "getUpdates", retryNever, params, &updates)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			wait := b.Fail(a.now())
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
				wait = apiErr.RetryAfter
			}
			a.setDown(err)
			a.log.Warn("telegram poll failed; trying again", "err", err, "tries", b.Tries(), "retry_in", wait)
			if err := a.nap(ctx, wait); err != nil {
				return err
			}
			continue
		}
		if b.Tries() > 0 {
			a.setDown(nil)
			a.log.Info("telegram Bot API reachable again", "down_for", b.Down(a.now()).Round(time.Second), "tries", b.Tries()+1)
			b.Reset()
		}
		if len(updates) == 0 {
			offset = 0
			if err := a.nap(ctx, a.cfg.IdlePause); err != nil {
				return err
			}
			continue
		}
		offset = 0
		for _, u := range updates {
			// From this batch alone: ids may restart below an old offset.
			offset = max(offset, u.UpdateID+1)
			if !a.dispatch(ctx, u) {
				return ctx.Err()
			}
		}
	}
}

// dispatch hands one update to a worker, waiting for a free one; false
// when ctx ended first.
func (a *Adapter) dispatch(ctx context.Context, u tgbotapi.Update) bool {
	select {
	case a.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if !a.begin() {
		<-a.slots
		return false
	}
	go func() {
		defer a.inflight.Done()
		defer func() { <-a.slots }()
		a.handleUpdate(ctx, u)
	}()
	return true
}

// WebhookHandler receives updates POSTed by Telegram. Each is handled
// (its command run, its writes stored) before the answer; its replies
// are queued, not waited for, so a busy group's replies never hold
// Telegram's webhook connections. Requests without the matching
// X-Telegram-Bot-Api-Secret-Token header are refused (403) before their
// body is read. There is always a secret: the configured one or the one
// derived from the token.
func (a *Adapter) WebhookHandler() http.Handler { return webhook{a} }

// webhook is the handler WebhookHandler returns.
type webhook struct{ a *Adapter }

func (h webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := h.a
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if !secretOK(r, a.cfg.WebhookSecret) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	var u tgbotapi.Update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&u); err != nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if a.Username() == "" {
		// Run has not learnt who the bot is yet; Telegram retries.
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	select {
	case a.slots <- struct{}{}:
	case <-r.Context().Done():
		return
	}
	defer func() { <-a.slots }()
	if !a.begin() {
		// Shutting down: another replica (or this one restarted) takes it.
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer a.inflight.Done()
	a.handleUpdate(r.Context(), u)
	w.WriteHeader(http.StatusOK)
}

// incoming is an update reduced to what the router needs.
type incoming struct {
	msg     platforms.Message
	chatID  int64
	userID  int64
	replyTo int                // message to reply to in a group
	cbID    string             // callback query to answer
	doc     *tgbotapi.Document // a file to fetch for the router
}

// handleUpdate runs one update to the end: its context survives Run's
// cancellation (bounded by HandleTimeout) so a shutdown finishes the
// replies of commands already taken.
func (a *Adapter) handleUpdate(parent context.Context, u tgbotapi.Update) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), a.cfg.HandleTimeout)
	defer cancel()
	if m := u.Message; m != nil && m.MigrateToChatID != 0 {
		a.migrate(ctx, m.Chat.ID, m.MigrateToChatID)
		return
	}
	in, ok := a.toIncoming(u)
	if !ok {
		return // not for us: stored nowhere, not even as handled
	}
	markCtx := ctx
	if a.cfg.WithOp != nil {
		// The mark is a write too: retried after a timeout, it must not
		// read as "already handled" and drop the update.
		markCtx = a.cfg.WithOp(ctx, "telegram:u"+strconv.Itoa(u.UpdateID)+"/seen")
	}
	isNew, err := a.st.Mark(markCtx, platforms.Telegram, "update:"+strconv.Itoa(u.UpdateID), updateTTL)
	if err != nil {
		// Without the mark a redelivery could run the command twice; the
		// member would rather see one than none, so go on.
		a.log.Warn("remember handled update", "update", u.UpdateID, "err", err)
	} else if !isNew {
		a.log.Debug("update already handled", "update", u.UpdateID)
		return
	}
	if in.cbID != "" {
		err := a.request(ctx, "answerCallbackQuery", retryNever, tgbotapi.Params{"callback_query_id": in.cbID}, nil)
		if err != nil {
			a.log.Warn("telegram optional call failed", "method", "answerCallbackQuery", "err", err)
		}
	}
	if !in.msg.DM {
		in.msg.Admin = a.isAdmin(ctx, in.chatID, in.userID)
	}
	if in.doc != nil {
		in.msg.Attachment = a.fetch(ctx, in.doc)
	}
	resp := a.h.Handle(ctx, in.msg)
	a.deliver(ctx, in, resp)
}

// toIncoming maps a message or a button press to a router message. In
// groups only commands addressed to this bot (or to no bot in particular)
// are kept; in a DM chatter is passed on with no command (the router
// answers with a hint).
func (a *Adapter) toIncoming(u tgbotapi.Update) (incoming, bool) {
	var (
		from    *tgbotapi.User
		chat    *tgbotapi.Chat
		text    string
		replyTo int
		cbID    string
		at      time.Time
		doc     *tgbotapi.Document
	)
	switch {
	case u.Message != nil:
		m := u.Message
		from, chat, text, replyTo, at, doc = m.From, m.Chat, m.Text, m.MessageID, m.Time(), m.Document
		if text == "" {
			text = m.Caption
		}
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		q := u.CallbackQuery
		from, chat, text, cbID, at = q.From, q.Message.Chat, q.Data, q.ID, a.now()
	default:
		return incoming{}, false
	}
	if from == nil || chat == nil || from.IsBot {
		return incoming{}, false
	}
	dm := chat.Type == "private"
	cmd, args, isCmd := command.Parse(text, a.Username())
	if u.Message != nil && u.Message.Text == "" {
		cmd, args, isCmd = captionCommand(u.Message, a.Username())
	}
	if !isCmd && !dm {
		return incoming{}, false
	}
	if isCmd && !dm && cbID == "" && a.cfg.Known != nil && !a.cfg.Known(cmd) && !addressed(text) {
		return incoming{}, false // "/weather" for another bot in the group
	}
	if !isCmd && strings.TrimSpace(text) == "" && doc == nil {
		return incoming{}, false // stickers, photos, joins: nothing to answer
	}
	// A file in a private chat without a command goes on with no command:
	// the router takes a bare attachment as a file to log.
	if at.IsZero() || at.Unix() == 0 {
		at = a.now()
	}
	chatID := strconv.FormatInt(chat.ID, 10)
	msg := platforms.Message{
		Platform:    platforms.Telegram,
		MemberID:    platforms.MemberID(platforms.ID(platforms.Telegram, strconv.FormatInt(from.ID, 10))),
		DisplayName: displayName(from),
		ChatID:      platforms.ChatID(platforms.ID(platforms.Telegram, chatID)),
		DM:          dm,
		Command:     cmd,
		Args:        args,
		Received:    at,
		ID:          "u" + strconv.Itoa(u.UpdateID),
	}
	if !dm {
		msg.ClubID = platforms.ClubID(msg.ChatID) // a group is its own club
	}
	if !dm && cbID != "" {
		replyTo = 0 // a button press is not a message to reply to
	}
	return incoming{msg: msg, chatID: chat.ID, userID: from.ID, replyTo: replyTo, cbID: cbID, doc: doc}, true
}

// addressed reports whether a command names its bot ("/cmd@Bot"); Parse
// has already refused other bots' names.
func addressed(text string) bool {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	if end := strings.IndexFunc(text, unicode.IsSpace); end >= 0 {
		text = text[:end]
	}
	return strings.Contains(text, "@")
}

func displayName(u *tgbotapi.User) string {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" && u.UserName != "" {
		name = "@" + u.UserName
	}
	return name
}

// deliver queues resp where it belongs and returns at once (the chat's
// queue sends it within the rate limits): everything in a DM; in a group
// the private text by DM and, once that went, a pointer in the group, or,
// when Telegram refuses the DM, how to open one (the text is kept for
// later). The response's Delivered hook learns the outcome.
func (a *Adapter) deliver(ctx context.Context, in incoming, resp platforms.Response) {
	if in.msg.DM || !resp.Private {
		o := sendOpts{buttons: resp.Buttons}
		if !in.msg.DM {
			o.replyTo = in.replyTo
		}
		parts, err := responseParts(in.chatID, resp, o)
		if err != nil {
			a.log.Error("build reply", "chat", in.msg.ChatID, "err", err)
			return
		}
		a.queue(ctx, in.chatID, parts, func(ctx context.Context, err error) {
			if err != nil {
				a.logGiveUp("reply", string(in.msg.ChatID), err)
				return
			}
			resp.Reached(ctx, true)
		})
		return
	}
	parts, err := responseParts(in.userID, resp, sendOpts{buttons: resp.Buttons})
	if err != nil {
		a.log.Error("build private reply", "member", in.msg.MemberID, "err", err)
		return
	}
	a.queue(ctx, in.userID, parts, func(ctx context.Context, err error) {
		switch {
		case err == nil:
			resp.Reached(ctx, true)
			public := resp.Public
			if public == "" {
				public = platforms.PrivatePointer
			}
			a.reply(ctx, in, public, nil)
		case errors.Is(err, platforms.ErrDMRefused) || errors.Is(err, platforms.ErrBlocked):
			a.logGiveUp("dm", string(in.msg.MemberID), err)
			resp.Reached(ctx, false) // the handler keeps it for the member's next command
			a.reply(ctx, in, a.openChatHint(in.msg.DisplayName), nil)
		default:
			a.logGiveUp("dm", string(in.msg.MemberID), err)
			a.reply(ctx, in, "⚠️ I couldn't send you that privately just now. Please try again in a moment.", nil)
		}
	})
}

// responseParts builds the calls that say resp in chatID: its file or its
// picture then its text, or its text alone.
func responseParts(chatID int64, resp platforms.Response, o sendOpts) ([]part, error) {
	if resp.File != nil {
		return documentParts(chatID, *resp.File, resp.Text, o)
	}
	if resp.Image != nil {
		return photoParts(chatID, *resp.Image, resp.Text, o)
	}
	return textParts(chatID, resp.Text, o)
}

// openChatHint tells a member how to let the bot message them.
func (a *Adapter) openChatHint(name string) string {
	who := ""
	if name != "" {
		who = EscapeText(name) + ", "
	}
	return fmt.Sprintf("🔒 %sI have something private for you but can't message you yet: tap @%s and press Start, then send any command — I've kept it for you.", who, a.Username())
}

// reply queues text in the chat the command came from; a failure is
// logged.
func (a *Adapter) reply(ctx context.Context, in incoming, text string, buttons []platforms.Button) {
	o := sendOpts{buttons: buttons}
	if !in.msg.DM {
		o.replyTo = in.replyTo
	}
	parts, err := textParts(in.chatID, text, o)
	if err != nil {
		a.log.Error("build reply", "chat", in.msg.ChatID, "err", err)
		return
	}
	a.queue(ctx, in.chatID, parts, func(_ context.Context, err error) {
		if err != nil {
			a.logGiveUp("reply", string(in.msg.ChatID), err)
		}
	})
}

// migrate moves a club's data when its group became a supergroup.
func (a *Adapter) migrate(ctx context.Context, from, to int64) {
	oldID := platforms.ID(platforms.Telegram, strconv.FormatInt(from, 10))
	newID := platforms.ID(platforms.Telegram, strconv.FormatInt(to, 10))
	a.admins.forget(from)
	if a.cfg.MoveClub == nil {
		return
	}
	if err := a.cfg.MoveClub(ctx, platforms.ClubID(oldID), platforms.ClubID(newID)); err != nil {
		a.log.Error("move club to its supergroup id", "from", oldID, "to", newID, "err", err)
		return
	}
	a.log.Info("group became a supergroup; club moved", "from", oldID, "to", newID)
}

func isFinal(err error) bool {
	return errors.Is(err, platforms.ErrBlocked) || errors.Is(err, platforms.ErrDMRefused) || errors.Is(err, platforms.ErrUnknownTarget)
}
