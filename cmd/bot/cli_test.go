package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

// --help goes to stdout with status 0; an unknown flag or a bad LOG_LEVEL
// is said once on stderr with status 2; --version prints one line.
func TestCommandLineSaysThingsOnce(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	if code := run([]string{"--help"}, env(nil), strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "Usage: clubcoach") || errb.Len() != 0 {
		t.Errorf("--help: exit %d, stdout %d bytes, stderr %q", code, out.Len(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"--version"}, env(nil), strings.NewReader(""), &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "clubcoach ") || strings.Count(out.String(), "\n") != 1 || errb.Len() != 0 {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"--frobnicate"}, env(nil), strings.NewReader(""), &out, &errb); code != 2 || strings.Count(errb.String(), "frobnicate") != 1 || strings.Contains(errb.String(), "Environment:") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run(nil, env(map[string]string{"LOG_LEVEL": "loud", "DATA_DIR": t.TempDir()}), strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), `LOG_LEVEL must be debug, info, warn or error, not "loud"`) {
		t.Errorf("LOG_LEVEL=loud: exit %d, stderr %q", code, errb.String())
	}
}

// A refused Telegram token ends with one line that says why and what to fix.
func TestBadTelegramTokenSaysWhy(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
	}))
	defer api.Close()
	var out, errb bytes.Buffer
	code := run(nil, env(map[string]string{"TELEGRAM_TOKEN": "1:bad", "TELEGRAM_API_URL": api.URL, "DATA_DIR": t.TempDir(), "LOG_LEVEL": "error"}), strings.NewReader(""), &out, &errb)
	last := strings.TrimSpace(errb.String())
	if i := strings.LastIndex(last, "\n"); i >= 0 {
		last = last[i+1:]
	}
	// Exit 2: a setting to fix, which the systemd unit does not restart.
	if code != 2 || !strings.HasPrefix(last, "clubcoach: telegram stopped:") || !strings.Contains(last, "TELEGRAM_TOKEN") || !strings.Contains(last, "check") || strings.Contains(last, "1:bad") {
		t.Errorf("exit %d, last line %q\nstderr:\n%s", code, last, errb.String())
	}
}
