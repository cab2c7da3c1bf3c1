package discord

import (
	"bytes"
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

var _ platforms.ImageSender = (*Adapter)(nil)

// file is img as a discordgo upload (multipart: files[0]).
func file(img platforms.Image) []*discordgo.File {
	name, mime := img.Name, img.MIME
	if name == "" {
		name = "chart.png"
	}
	if mime == "" {
		mime = "image/png"
	}
	return []*discordgo.File{{Name: name, ContentType: mime, Reader: bytes.NewReader(img.Data)}}
}

// caption is the message content that carries the picture: its caption,
// at most one message long.
func caption(img platforms.Image) string {
	if parts := splitContent(render(img.Caption), maxContent); len(parts) > 0 {
		return parts[0]
	}
	return ""
}

// replyImage answers at once with the picture attached and the caption as
// content (ephemeral when private); text follows as follow-ups, buttons
// under the last message.
func (a *Adapter) replyImage(ctx context.Context, i *discordgo.Interaction, resp platforms.Response) error {
	rest := splitContent(render(resp.Text), maxContent)
	data := &discordgo.InteractionResponseData{Content: caption(*resp.Image), Files: file(*resp.Image), Flags: flagsFor(resp.Private), AllowedMentions: noMentions()}
	if len(rest) == 0 {
		data.Components = components(resp.Buttons)
	}
	if err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: data,
	}, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("answer interaction with an image", "err", redactErr(err))
		return err
	}
	a.followups(ctx, i, rest, resp.Private, resp.Buttons)
	return nil
}

// completeDeferredImage fills a deferred response with the picture. A
// private picture on a public placeholder goes in an ephemeral follow-up
// and the placeholder gets only the pointer.
func (a *Adapter) completeDeferredImage(ctx context.Context, i *discordgo.Interaction, resp platforms.Response, deferredPrivate bool) error {
	img := *resp.Image
	rest := splitContent(render(resp.Text), maxContent)
	var buttons []platforms.Button
	if len(rest) == 0 {
		buttons = resp.Buttons
	}
	if resp.Private && !deferredPrivate {
		pointer := resp.Public
		if pointer == "" {
			pointer = "🔒 I've answered you privately."
		}
		a.editOriginal(ctx, i, pointer, nil)
		params := &discordgo.WebhookParams{Content: caption(img), Files: file(img), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(), Components: components(buttons)}
		if _, err := a.s.FollowupMessageCreate(i, true, params, discordgo.WithContext(ctx)); err != nil {
			a.log.Error("send image follow-up", "err", redactErr(err))
			return err
		}
		a.followups(ctx, i, rest, true, resp.Buttons)
		return nil
	}
	text := caption(img)
	edit := &discordgo.WebhookEdit{Content: &text, Files: file(img), AllowedMentions: noMentions()}
	if comps := components(buttons); len(comps) > 0 {
		edit.Components = &comps
	}
	if _, err := a.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("complete deferred response with an image", "err", redactErr(err))
		return err
	}
	a.followups(ctx, i, rest, resp.Private || deferredPrivate, resp.Buttons)
	return nil
}

// CanSendImages implements the optional check: Discord always can.
func (a *Adapter) CanSendImages(string) bool { return true }

// DMImage implements platforms.ImageSender: the picture in the member's DM
// channel, errors as for DM. When DMs are closed and the member has a
// command in flight, the caption and text are shown there instead.
func (a *Adapter) DMImage(ctx context.Context, member platforms.MemberID, img platforms.Image, text string) error {
	return a.dm(ctx, string(member), "DM image",
		func(channelID string) error { return a.sendImage(ctx, channelID, img, text) },
		func() bool {
			return a.showInstead(string(member), platforms.TextOf(platforms.Response{Image: &img, Text: text}), nil)
		})
}

// PostImage implements platforms.ImageSender: the picture in a channel.
func (a *Adapter) PostImage(ctx context.Context, channel platforms.ChatID, img platforms.Image, text string) error {
	channelID := string(channel)
	ch, err := a.local(channelID)
	if err != nil {
		return err
	}
	if err := a.pace(ctx); err != nil {
		return err
	}
	if err := a.sendImage(ctx, ch, img, text); err != nil {
		if isCode(err, discordgo.ErrCodeUnknownChannel) || isCode(err, discordgo.ErrCodeMissingAccess) {
			return fmt.Errorf("discord post image to %s: %w: %w", channelID, platforms.ErrUnknownTarget, redactErr(err))
		}
		return fmt.Errorf("discord post image to %s: %w", channelID, redactErr(err))
	}
	return nil
}

// sendImage posts the picture with its caption, then text. Each request
// goes through discordgo's rate limiter like any message.
func (a *Adapter) sendImage(ctx context.Context, channel string, img platforms.Image, text string) error {
	msg := &discordgo.MessageSend{Content: caption(img), Files: file(img), AllowedMentions: noMentions()}
	if _, err := a.s.ChannelMessageSendComplex(channel, msg, discordgo.WithContext(ctx)); err != nil {
		return err
	}
	if text == "" {
		return nil
	}
	return a.send(ctx, channel, text, nil)
}
