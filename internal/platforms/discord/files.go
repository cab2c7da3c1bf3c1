package discord

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// downloadTimeout bounds fetching one attachment.
const downloadTimeout = 60 * time.Second

// attachmentOf finds the file a member picked for an attachment option
// (top level or in a subcommand) in the interaction's resolved data.
func attachmentOf(data discordgo.ApplicationCommandInteractionData) *discordgo.MessageAttachment {
	if data.Resolved == nil || len(data.Resolved.Attachments) == 0 {
		return nil
	}
	opts := data.Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		opts = opts[0].Options
	}
	for _, o := range opts {
		if o.Type != discordgo.ApplicationCommandOptionAttachment {
			continue
		}
		if id, ok := o.Value.(string); ok {
			if att := data.Resolved.Attachments[id]; att != nil {
				return att
			}
		}
	}
	return nil
}

// fetch downloads an attachment for the router with the same caps as the
// other platforms: the size Discord declared is checked before anything
// is downloaded, and the download stops one byte past the cap. Only
// Discord's CDN (or the configured API server, for tests) is fetched
// from. On failure the attachment goes without data and the router tells
// the member.
func (a *Adapter) fetch(ctx context.Context, att *discordgo.MessageAttachment) *platforms.Attachment {
	out := &platforms.Attachment{Name: att.Filename, Size: int64(att.Size)}
	if out.Name == "" {
		out.Name = "file"
	}
	if out.Size > platforms.MaxAttachment {
		return out
	}
	data, err := a.download(ctx, att.URL)
	if err != nil {
		a.log.Warn("discord attachment download failed", "file", out.Name, "err", err)
		return out
	}
	if int64(len(data)) > platforms.MaxAttachment {
		out.Size = int64(len(data))
		return out
	}
	out.Data = data
	return out
}

func (a *Adapter) download(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("attachment URL: %w", err)
	}
	if !a.trustedHost(u) {
		return nil, fmt.Errorf("attachment URL on unexpected host %q", u.Host)
	}
	return platforms.Download(ctx, a.cfg.HTTPClient, u.String(), downloadTimeout)
}

// trustedHost: Discord's CDN hosts, or the API server the adapter was
// pointed at (a fake in tests). The URL comes from the gateway, but a
// fetch by URL is worth the check.
func (a *Adapter) trustedHost(u *url.URL) bool {
	if u.Scheme != "https" && u.Scheme != "http" {
		return false
	}
	switch strings.ToLower(u.Hostname()) {
	case "cdn.discordapp.com", "media.discordapp.net":
		return u.Scheme == "https"
	}
	base, err := url.Parse(a.cfg.APIURL)
	return err == nil && strings.EqualFold(base.Host, u.Host)
}
