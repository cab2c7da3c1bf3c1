package discord

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

var _ platforms.Sender = (*Adapter)(nil)

// sendRate paces the messages the bot starts itself (DMs and posts: the
// scheduler's reminders and club posts). Discord allows 50 requests/s per
// bot and a DM can take two (open the channel, send), so 20 messages/s
// stays under it with room for interaction replies, which do not wait
// here. Per-route buckets and 429s are discordgo's: it follows Discord's
// X-RateLimit headers and waits out retry_after itself.
const sendRate = rate.Limit(20)

// SendRate is how many messages a second DM and Post send at most; the
// scheduler sizes its claims by it.
func (a *Adapter) SendRate() float64 { return float64(a.sends.Limit()) }

// pace waits for the bot's own send budget.
func (a *Adapter) pace(ctx context.Context) error {
	if err := a.sends.Wait(ctx); err != nil {
		return fmt.Errorf("discord: wait to send: %w", err)
	}
	return nil
}

// DM sends a private message through the member's DM channel, buttons
// under the last part. When Discord refuses it (DMs closed, error 50007)
// and the member has a command in flight, the text and its buttons are
// shown to them ephemerally on that interaction instead and DM returns
// nil. Otherwise DM
// returns an error wrapping platforms.ErrDMRefused, final like Telegram's:
// the caller (the scheduler) keeps the text for the member's next command.
func (a *Adapter) DM(ctx context.Context, member platforms.MemberID, text string, buttons []platforms.Button) error {
	return a.dm(ctx, string(member), "DM",
		func(channelID string) error { return a.send(ctx, channelID, text, buttons) },
		func() bool { return a.showInstead(string(member), text, buttons) })
}

// dm opens the member's DM channel and sends through it, mapping Discord's
// refusals to the platforms errors; when DMs are closed, instead may show
// the message on the member's interaction (it reports whether it did).
func (a *Adapter) dm(ctx context.Context, memberID, what string, send func(channelID string) error, instead func() bool) error {
	user, err := a.local(memberID)
	if err != nil {
		return err
	}
	if err := a.pace(ctx); err != nil {
		return err
	}
	ch, err := a.s.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err == nil {
		err = send(ch.ID)
	}
	switch {
	case err == nil:
		return nil
	case isCode(err, discordgo.ErrCodeCannotSendMessagesToThisUser):
		if instead() {
			a.log.Info("DM refused; shown on the member's interaction instead", "member", memberID)
			return nil
		}
		return fmt.Errorf("discord %s to %s: %w", what, memberID, platforms.ErrDMRefused)
	case isCode(err, discordgo.ErrCodeUnknownUser):
		return fmt.Errorf("discord %s to %s: %w", what, memberID, platforms.ErrUnknownTarget)
	default:
		return fmt.Errorf("discord %s to %s: %w", what, memberID, redactErr(err))
	}
}

// Post sends a message to a channel ("discord:<channel id>").
func (a *Adapter) Post(ctx context.Context, channel platforms.ChatID, text string) error {
	channelID := string(channel)
	ch, err := a.local(channelID)
	if err != nil {
		return err
	}
	if err := a.pace(ctx); err != nil {
		return err
	}
	if err := a.send(ctx, ch, text, nil); err != nil {
		if isCode(err, discordgo.ErrCodeUnknownChannel) || isCode(err, discordgo.ErrCodeMissingAccess) {
			return fmt.Errorf("discord post to %s: %w: %w", channelID, platforms.ErrUnknownTarget, redactErr(err))
		}
		return fmt.Errorf("discord post to %s: %w", channelID, redactErr(err))
	}
	return nil
}

func (a *Adapter) local(id string) (string, error) {
	p, local, ok := platforms.SplitID(id)
	if !ok || p != platforms.Discord || local == "" {
		return "", fmt.Errorf("discord: %q: %w", id, platforms.ErrUnknownTarget)
	}
	return local, nil
}

// send posts text to a channel in parts of at most 2,000 characters.
func (a *Adapter) send(ctx context.Context, channel, text string, buttons []platforms.Button) error {
	chunks := splitContent(render(text), maxContent)
	for n, c := range chunks {
		msg := &discordgo.MessageSend{Content: c, AllowedMentions: noMentions()}
		if n == len(chunks)-1 {
			msg.Components = components(buttons)
		}
		if _, err := a.s.ChannelMessageSendComplex(channel, msg, discordgo.WithContext(ctx)); err != nil {
			return err
		}
	}
	return nil
}

func isCode(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == code
}

// redactErr keeps interaction and webhook tokens, which travel in URL
// paths, out of errors and logs.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

// redactURL replaces the token segment of interaction and webhook URLs:
// …/interactions/<id>/<token>/callback, …/webhooks/<app>/<token>/….
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	segs := strings.Split(u.Path, "/")
	for n := 0; n+2 < len(segs); n++ {
		if segs[n] == "interactions" || segs[n] == "webhooks" {
			segs[n+2] = "REDACTED"
		}
	}
	u.Path = strings.Join(segs, "/")
	u.RawQuery = ""
	return u.String()
}
