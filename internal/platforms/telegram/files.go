package telegram

import (
	"context"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// downloadTimeout bounds fetching one file (20 MB on a slow link).
const downloadTimeout = 90 * time.Second

// fetch downloads a document the member sent, for the router: getFile,
// then the file path. The size Telegram declared is checked before
// anything is downloaded, and the download is cut off at the cap however
// much the server sends. On failure the attachment goes without data and
// the router tells the member.
func (a *Adapter) fetch(ctx context.Context, doc *tgbotapi.Document) *platforms.Attachment {
	att := &platforms.Attachment{Name: doc.FileName, Size: int64(doc.FileSize)}
	if att.Name == "" {
		att.Name = "file"
	}
	if att.Size > platforms.MaxAttachment {
		return att
	}
	var f tgbotapi.File
	err := a.call(ctx, "getFile", retryTransient, func(b *tgbotapi.BotAPI) error {
		var err error
		f, err = b.GetFile(tgbotapi.FileConfig{FileID: doc.FileID})
		return err
	})
	if err != nil {
		a.log.Warn("telegram getFile failed", "file", att.Name, "err", err)
		return att
	}
	if f.FileSize > 0 {
		att.Size = int64(f.FileSize)
	}
	if att.Size > platforms.MaxAttachment || f.FilePath == "" {
		if f.FilePath == "" {
			a.log.Warn("telegram getFile gave no path (over the Bot API's 20 MB?)", "file", att.Name)
		}
		return att
	}
	data, err := a.download(ctx, f.FilePath)
	if err != nil {
		a.log.Warn("telegram file download failed", "file", att.Name, "err", redact(err, a.cfg.Token))
		return att
	}
	if int64(len(data)) > platforms.MaxAttachment {
		att.Size = int64(len(data))
		return att
	}
	att.Data = data
	return att
}

// download reads <APIURL>/file/bot<token>/<path>, at most one byte past
// the cap.
func (a *Adapter) download(ctx context.Context, path string) ([]byte, error) {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.TrimRight(a.cfg.APIURL, "/") + "/file/bot" + a.cfg.Token + "/" + strings.Join(segs, "/")
	return platforms.Download(ctx, a.http, u, downloadTimeout)
}

// captionCommand reads a command from a message's caption. The Bot API
// library's IsCommand looks at text entities only, never caption
// entities, so a file sent with "/run" as its caption is read here: a
// bot_command entity at the start of the caption, or (for clients that
// send no entities) a caption that parses as a command.
func captionCommand(m *tgbotapi.Message, botName string) (cmd, args string, ok bool) {
	if m.Text != "" || m.Caption == "" {
		return "", "", false
	}
	for _, e := range m.CaptionEntities {
		if e.Type == "bot_command" && e.Offset == 0 {
			break
		}
		if e.Offset == 0 {
			return "", "", false // the caption starts with a link or a mention, not a command
		}
	}
	return command.Parse(m.Caption, botName)
}
