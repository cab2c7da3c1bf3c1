package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// MaxText is the longest message text Telegram accepts, in characters.
const MaxText = 4096

// Telegram's documented send limits: about 30 messages/s per bot, 1/s
// per chat, 20/min per group. A token bucket lets through its burst plus
// rate × window in any window, so each is set to stay inside the limit in
// every window, not just on average, with one message spare for network
// jitter: the global 28/s with no burst puts at most 29 sends in any
// one-second window and still sends at 0.93 of 30/s; a group's burst of 3
// plus 16/min makes at most 19 in any minute, and a group also waits for
// the chat's 1/s. Limits are per process: Config.Share divides the global
// rate between replicas sending for the same bot.
var (
	globalRate  = rate.Limit(28)
	globalBurst = 1
	chatRate    = rate.Every(time.Second)
	chatBurst   = 1
	groupRate   = rate.Every(time.Minute / 16)
	groupBurst  = 3
	maxChats    = 10000 // idle per-chat limiters are dropped past this many
)

// limiters is the adapter's one limiter chain: per chat, per group, then
// global. Every send (replies, DMs, club posts, photos, retries after a
// 429) waits for each link in order.
type limiters struct {
	global *rate.Limiter
	mu     sync.Mutex
	chats  map[int64]*rate.Limiter // 1/s, every chat
	groups map[int64]*rate.Limiter // 20/min, group chats only
}

func newLimiters(share int) *limiters {
	share = max(share, 1)
	return &limiters{
		global: rate.NewLimiter(globalRate/rate.Limit(share), globalBurst),
		chats:  map[int64]*rate.Limiter{},
		groups: map[int64]*rate.Limiter{},
	}
}

// group chats have negative ids in the Bot API.
func isGroup(chatID int64) bool { return chatID < 0 }

// chain returns the limiters a send to chatID waits for: the chat's own
// (1/s, and 20/min for a group) and the global one.
func (l *limiters) chain(chatID int64, now time.Time) (own []*rate.Limiter, global *rate.Limiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	own = []*rate.Limiter{l.get(l.chats, chatID, now, chatRate, chatBurst)}
	if isGroup(chatID) {
		own = append(own, l.get(l.groups, chatID, now, groupRate, groupBurst))
	}
	return own, l.global
}

// get returns m's limiter for chatID, making one when needed; l.mu held.
func (l *limiters) get(m map[int64]*rate.Limiter, chatID int64, now time.Time, r rate.Limit, b int) *rate.Limiter {
	if lim, ok := m[chatID]; ok {
		return lim
	}
	if len(m) >= maxChats {
		for id, lim := range m {
			if lim.TokensAt(now) >= float64(lim.Burst()) {
				delete(m, id) // full bucket: forgetting it changes nothing
			}
		}
	}
	lim := rate.NewLimiter(r, b)
	m[chatID] = lim
	return lim
}

// SendRate is how many messages a second this process sends at most
// (the global limiter's rate): the scheduler sizes its claims by it.
func (a *Adapter) SendRate() float64 { return float64(a.limits.global.Limit()) }

// wait takes one token from lim, sleeping on the injected clock.
func (a *Adapter) wait(ctx context.Context, lim *rate.Limiter) error {
	now := a.now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("telegram: rate limiter refuses a single message")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if a.cfg.OnRateLimitWait != nil {
		a.cfg.OnRateLimitWait(d)
	}
	if err := a.nap(ctx, d); err != nil {
		r.CancelAt(a.now())
		return err
	}
	return nil
}

// gate waits until a message may go to chatID: first until the chat's
// own limiters have a token, then for the global one, and only then
// takes the chat's tokens, at the moment of sending. Taken earlier, the
// global wait would push the send past the time the chat's limiter
// counted, and two sends to one chat could land within its window. Only
// the chat's queue goroutine sends to a chat, so the tokens it saw are
// still there.
func (a *Adapter) gate(ctx context.Context, chatID int64) error {
	own, global := a.limits.chain(chatID, a.now())
	for _, lim := range own {
		if err := a.until(ctx, lim); err != nil {
			return fmt.Errorf("telegram: wait to send to %d: %w", chatID, err)
		}
	}
	if err := a.wait(ctx, global); err != nil {
		return fmt.Errorf("telegram: wait to send: %w", err)
	}
	now := a.now()
	for _, lim := range own {
		lim.ReserveN(now, 1)
	}
	return nil
}

// until waits, without taking it, until lim has a token.
func (a *Adapter) until(ctx context.Context, lim *rate.Limiter) error {
	var waited time.Duration
	defer func() {
		if waited > 0 && a.cfg.OnRateLimitWait != nil {
			a.cfg.OnRateLimitWait(waited)
		}
	}()
	for {
		missing := 1 - lim.TokensAt(a.now())
		if missing <= 0 {
			return nil
		}
		// Rounded up to a microsecond, so float error never spins.
		d := time.Duration(missing/float64(lim.Limit())*float64(time.Second)) + time.Microsecond
		if err := a.nap(ctx, d); err != nil {
			return err
		}
		waited += d
	}
}

// sendOpts are the optional parts of a message.
type sendOpts struct {
	buttons []platforms.Button
	replyTo int // message id to reply to in a group
}

// send delivers text to a chat and waits for the outcome: the message
// queues behind the chat's earlier ones (see outbox.go), each part waits
// for the limiter chain, and a 429 goes back through it after its
// retry_after.
func (a *Adapter) send(ctx context.Context, chatID int64, text string, o sendOpts) error {
	parts, err := textParts(chatID, text, o)
	if err != nil {
		return err
	}
	return a.sendWait(ctx, chatID, parts)
}

// textParts builds the sendMessage calls for text, split into parts of
// at most MaxText characters; buttons go under the last part and the
// reply reference on the first.
func textParts(chatID int64, text string, o sendOpts) ([]part, error) {
	texts := split(render(text), MaxText)
	parts := make([]part, 0, len(texts))
	for i, t := range texts {
		replyTo := 0
		if i == 0 {
			replyTo = o.replyTo
		}
		var buttons []platforms.Button
		if i == len(texts)-1 {
			buttons = o.buttons
		}
		params, err := sendMessageParams(chatID, t, replyTo, buttons)
		if err != nil {
			return nil, fmt.Errorf("telegram: build sendMessage: %w", err)
		}
		parts = append(parts, part{method: "sendMessage", do: func(b *tgbotapi.BotAPI) error {
			_, err := b.MakeRequest("sendMessage", params)
			return err
		}})
	}
	return parts, nil
}

// keyboard lays buttons out compactly: short labels share a row (up to
// three, about a phone's width of text), long ones get their own. Pressing
// one sends its command back as callback data (at most 64 bytes, which
// commands fit).
func keyboard(bs []platforms.Button) tgbotapi.InlineKeyboardMarkup {
	const perRow, rowChars = 3, 36
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	width := 0
	for _, b := range bs {
		n := utf8.RuneCountInString(b.Label)
		if len(row) > 0 && (len(row) == perRow || width+n > rowChars) {
			rows, row, width = append(rows, row), nil, 0
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Label, truncateBytes(b.Command, 64)))
		width += n
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}

// split cuts text into parts of at most n characters, at line breaks when
// possible, else at spaces, else anywhere. Empty text gives no parts.
func split(text string, n int) []string {
	text = strings.TrimSpace(text)
	var parts []string
	for utf8.RuneCountInString(text) > n {
		cut := byteIndexOfRune(text, n) // the first n characters
		head := text[:cut]
		at := strings.LastIndex(head, "\n")
		if at < len(head)/2 {
			if sp := strings.LastIndex(head, " "); sp > len(head)/2 {
				at = sp
			}
		}
		if at <= 0 {
			at = cut
		}
		parts = append(parts, strings.TrimSpace(text[:at]))
		text = strings.TrimSpace(text[at:])
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

// byteIndexOfRune returns the byte offset of the n-th rune of s.
func byteIndexOfRune(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}

func truncateBytes(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// localID parses the Telegram part of "telegram:<id>".
func localID(id string) (int64, error) {
	p, local, ok := platforms.SplitID(id)
	if !ok || p != platforms.Telegram {
		return 0, fmt.Errorf("telegram: %q: %w", id, platforms.ErrUnknownTarget)
	}
	n, err := strconv.ParseInt(local, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("telegram: %q: %w", id, platforms.ErrUnknownTarget)
	}
	return n, nil
}

// DM implements platforms.Sender: a private message to "telegram:<user>".
// A member who never opened a chat with the bot gives
// platforms.ErrDMRefused, one who blocked it platforms.ErrBlocked (both
// wrapped, both final).
func (a *Adapter) DM(ctx context.Context, member platforms.MemberID, text string, buttons []platforms.Button) error {
	memberID := string(member)
	user, err := localID(memberID)
	if err != nil {
		return err
	}
	if isGroup(user) {
		return fmt.Errorf("telegram: %s is a group, not a member: %w", memberID, platforms.ErrUnknownTarget)
	}
	if err := a.send(ctx, user, text, sendOpts{buttons: buttons}); err != nil {
		a.logGiveUp("dm", memberID, err)
		return fmt.Errorf("telegram: DM %s: %w", memberID, err)
	}
	return nil
}

// Post implements platforms.Sender: a message to a club chat
// ("telegram:-100…").
func (a *Adapter) Post(ctx context.Context, channel platforms.ChatID, text string) error {
	channelID := string(channel)
	chat, err := localID(channelID)
	if err != nil {
		return err
	}
	if err := a.send(ctx, chat, text, sendOpts{}); err != nil {
		a.logGiveUp("post", channelID, err)
		return fmt.Errorf("telegram: post to %s: %w", channelID, err)
	}
	return nil
}

func (a *Adapter) logGiveUp(kind, target string, err error) {
	switch {
	case isFinal(err):
		a.log.Info("telegram refused the message; not retrying", "kind", kind, "target", target, "err", err)
	default:
		a.log.Warn("telegram send failed", "kind", kind, "target", target, "err", err)
	}
}
