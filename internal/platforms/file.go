package platforms

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// File is a document to attach to an answer: the member's data export,
// too long for chat messages (Telegram takes 4,096 characters a message,
// Discord 2,000). Only adapters know how to attach one.
type File struct {
	Data    []byte
	MIME    string // "application/json"
	Name    string // "clubcoach-data-2026-11-25.json"
	Caption string // one line saying what the file is
}

// FileText is what a platform that cannot attach files says for r: the
// caption on a line of its own, the file's contents, then the text (a
// terminal has no message limit, and a script reading the output finds the
// data right after the first line, as with a short /mydata).
func FileText(r Response) string {
	if r.File == nil {
		return r.Text
	}
	out := string(r.File.Data)
	if r.File.Caption != "" {
		out = r.File.Caption + "\n" + out
	}
	if r.Text != "" {
		out += "\n\n" + r.Text
	}
	return out
}

// Download GETs an attachment's bytes within timeout, reading at most one
// byte past MaxAttachment so the caller can tell an oversized file from a
// whole one without holding more of it.
func Download(ctx context.Context, client *http.Client, url string, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("file download: HTTP %d", resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, MaxAttachment+1))
}
