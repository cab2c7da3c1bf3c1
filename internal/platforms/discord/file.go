package discord

import "github.com/clubcoach/clubcoach/internal/platforms"

// fileAsAttachment sends a response's file the way pictures go: Discord
// attaches any file to a message, with its caption as the content.
func fileAsAttachment(resp platforms.Response) platforms.Response {
	if resp.File == nil || resp.Image != nil {
		return resp
	}
	f := resp.File
	resp.Image = &platforms.Image{Data: f.Data, MIME: f.MIME, Name: f.Name, Caption: f.Caption}
	return resp
}
