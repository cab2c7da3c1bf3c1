package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildBot compiles cmd/bot once per test binary run.
func buildBot(t *testing.T) string {
	t.Helper()
	botOnce.Do(func() {
		dir, err := os.MkdirTemp("", "clubcoach-e2e")
		if err != nil {
			botErr = err
			return
		}
		botPath = filepath.Join(dir, "clubcoach")
		out, err := exec.Command("go", "build", "-o", botPath, ".").CombinedOutput()
		if err != nil {
			botErr = &buildError{out: string(out), err: err}
		}
	})
	if botErr != nil {
		t.Fatalf("build: %v", botErr)
	}
	return botPath
}

type buildError struct {
	out string
	err error
}

func (b *buildError) Error() string { return b.err.Error() + "\n" + b.out }

// runConsole runs the built bot with piped input on dataDir and returns stdout,
// stderr and the exit status.
func runConsole(t *testing.T, bot, dataDir, input string, env ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bot, "--data-dir", dataDir)
	cmd.Env = append(cleanEnv(), env...)
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run bot: %v", err)
	}
	return stdout.String(), stderr.String(), code
}

// cleanEnv drops settings of the caller's environment that would change
// which store or platform the bot uses.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "REDIS_URL", "DATA_DIR", "TELEGRAM_TOKEN", "DISCORD_TOKEN", "HTTP_ADDR", "LOG_LEVEL", "LOG_FORMAT":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TZ=UTC")
}

var markerRE = regexp.MustCompile(`🟢|🟡|🔴`)

func TestConsoleScenario(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	dir := t.TempDir()
	out, stderr, code := runConsole(t, bot, dir, "/pain 3 knee\n/pain 7 knee swollen and it locked on the stairs\n/pain 2 knee not swollen\n")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	markers := markerRE.FindAllString(out, -1)
	// Each reply's first line starts with its marker; take the first marker
	// of each reply block.
	var firsts []string
	for _, block := range strings.Split(out, "\n") {
		if m := markerRE.FindString(block); m != "" && strings.HasPrefix(block, m) {
			firsts = append(firsts, m)
		}
	}
	if len(firsts) < 3 {
		t.Fatalf("want 3 triage replies, found markers %v in:\n%s", markers, out)
	}
	if firsts[0] == "🔴" {
		t.Errorf("/pain 3 knee: got red")
	}
	if !strings.Contains(out, "🔴") || !regexp.MustCompile(`(?i)swell|swollen`).MatchString(out) || !strings.Contains(strings.ToLower(out), "lock") {
		t.Errorf("red reply must name swelling and locking:\n%s", out)
	}
	if strings.Contains(stderr, "level=ERROR") {
		t.Errorf("errors logged:\n%s", stderr)
	}
	if strings.Contains(out, "level=") {
		t.Errorf("logs mixed into replies:\n%s", out)
	}
}

func TestRunSurvivesRestart(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	dir := t.TempDir()
	if _, stderr, code := runConsole(t, bot, dir, "/run 5k\n"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, stderr, code := runConsole(t, bot, dir, "/week\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`This week: 5 km, 1 run`).MatchString(out) {
		t.Errorf("/week after restart lacks the 5 km run:\n%s", out)
	}
}

func TestSecondProcessOnSameDataDirFailsFast(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	dir := t.TempDir()
	first := exec.Command(bot, "--data-dir", dir)
	first.Env = cleanEnv()
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := first.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		once := false
		for sc.Scan() {
			if !once && strings.Contains(sc.Text(), "/help") {
				once = true
				close(answered)
			}
		}
	}()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = first.Wait() }()
	// Wait until the first process answers, so it holds the lock.
	if _, err := stdin.Write([]byte("/help\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-answered:
	case <-time.After(20 * time.Second):
		t.Fatal("first process never answered")
	}
	start := time.Now()
	_, stderr, code := runConsole(t, bot, dir, "/help\n")
	if code == 0 || !strings.Contains(stderr, "in use") {
		t.Errorf("second process: exit %d, stderr %q; want a 'data directory in use' error", code, stderr)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second process took %v to fail", d)
	}
}

func TestBadConfigExitsWithUsage(t *testing.T) {
	t.Parallel()
	bot := buildBot(t)
	_, stderr, code := runConsole(t, bot, t.TempDir(), "", "LOG_FORMAT=xml")
	if code != 2 || !strings.Contains(stderr, "LOG_FORMAT") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

var (
	botOnce sync.Once
	botPath string
	botErr  error
)
