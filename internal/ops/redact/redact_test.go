package redact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/config"
	"github.com/clubcoach/clubcoach/internal/ops/redact"
)

const (
	tgToken  = "123456:AAE-secretTelegramToken"
	redisPw  = "p@ss/w0rd!"
	redisURL = "redis://default:p%40ss%2Fw0rd%21@redis.internal:6379/0"
)

func secrets(t *testing.T) []string {
	t.Helper()
	env := map[string]string{"TELEGRAM_TOKEN": tgToken, "REDIS_URL": redisURL, "DATA_DIR": t.TempDir()}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Secrets()
}

// logEverything logs the secrets through every path a value can take.
func logEverything(log *slog.Logger) {
	log.Info("calling https://api.telegram.org/bot" + tgToken + "/getMe")
	log.Warn("redis unreachable", "url", redisURL, "err", fmt.Errorf("open store: %w", errors.New("auth failed for password "+redisPw)))
	u, _ := url.Parse(redisURL)
	log.Error("as a url value", "u", u, "bytes", []string{"x", tgToken})
	log.With("token", tgToken).WithGroup("req").Info("grouped", slog.Group("inner", "secret", redisPw, "n", 3))
	log.Info("clean line", "member", "telegram:42", "n", 7)
}

func TestRedactsEverySecretInTextAndJSON(t *testing.T) {
	t.Parallel()
	sec := secrets(t)
	for name, mk := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			logEverything(slog.New(redact.NewHandler(mk(&out), sec)))
			text := out.String()
			for _, s := range []string{tgToken, redisPw, "p%40ss%2Fw0rd%21", "secretTelegramToken"} {
				if strings.Contains(text, s) {
					t.Errorf("log output contains secret %q:\n%s", s, text)
				}
			}
			for _, want := range []string{"/bot" + redact.Mask + "/getMe", "auth failed for password " + redact.Mask, "telegram:42", "clean line"} {
				if !strings.Contains(text, want) {
					t.Errorf("log output lost %q:\n%s", want, text)
				}
			}
			if got := strings.Count(text, "\n"); got != 5 {
				t.Errorf("%d log lines, want 5", got)
			}
		})
	}
}

func TestCleanValuesKeepTheirType(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(redact.NewHandler(slog.NewJSONHandler(&out, nil), []string{tgToken}))
	log.Info("counts", "n", 7, "ok", true, "ids", []int{1, 2})
	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["n"] != 7.0 || rec["ok"] != true || fmt.Sprint(rec["ids"]) != "[1 2]" {
		t.Errorf("values changed type: %s", out.String())
	}
}

func TestNoSecretsPassesThrough(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	slog.New(redact.NewHandler(slog.NewTextHandler(&out, nil), []string{"", ""})).Info("hello", "k", "v")
	if !strings.Contains(out.String(), "msg=hello k=v") {
		t.Errorf("output changed with no secrets: %s", out.String())
	}
}

func TestExpandLongestFirst(t *testing.T) {
	t.Parallel()
	got := redact.Expand([]string{"abc", "", "redis://:pw12345@h:1", "abc"})
	want := []string{"redis://:pw12345@h:1", "pw12345", "abc"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	// A secret that contains another is masked whole, not in pieces.
	var out bytes.Buffer
	slog.New(redact.NewHandler(slog.NewTextHandler(&out, nil), []string{"tok", "tokenlong"})).Info("tokenlong")
	if !strings.Contains(out.String(), "msg="+redact.Mask+"\n") && !strings.Contains(out.String(), `msg="`+redact.Mask+`"`) {
		t.Errorf("overlapping secrets masked in pieces: %s", out.String())
	}
}
