package main

import (
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/logtest"
)

// The built bot with HTTP_ADDR serves health, readiness and per-command
// metrics, keeps its secrets out of the logs, and ends cleanly on SIGTERM.
func TestOpsListenerMetricsAndSIGTERM(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	const secret = "wh-secret-never-logged-4711"
	cmd := exec.Command(bot, "--data-dir", t.TempDir())
	cmd.Env = append(cleanEnv(), "HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=debug", "TELEGRAM_WEBHOOK_SECRET="+secret)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// The listener logs the address it bound.
	addrRE := regexp.MustCompile(`ops listener started"? addr=(\S+)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no ops listener address logged within 20s:\n%s", logs.String())
		}
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if code, body := get("/readyz"); code != 200 || !strings.Contains(body, "store: ok") {
		t.Errorf("/readyz = %d %q", code, body)
	}

	io.WriteString(stdin, "/pain 3 knee\n/run 5k\n")
	want := []string{`clubcoach_commands_total{command="pain",platform="console"} 1`, `clubcoach_commands_total{command="run",platform="console"} 1`}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, body := get("/metrics")
		if strings.Contains(body, want[0]) && strings.Contains(body, want[1]) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %q after 10s:\n%.2000s", want, body)
		}
	}

	t0 := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after SIGTERM")
	}
	t.Logf("SIGTERM to exit: %v", time.Since(t0).Round(time.Millisecond))
	if strings.Contains(logs.String(), secret) {
		t.Errorf("a secret reached the logs:\n%s", logs.String())
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer = logtest.Buffer
