package config

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, env(map[string]string{"XDG_DATA_HOME": "/x"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/x/clubcoach" || c.RedisPrefix != "cc:" || c.LogLevel != "info" || c.LogFormat != "text" ||
		c.RemindLateWindow != 2*time.Hour || c.ShutdownTimeout != 8*time.Second || c.DiscordShardCount != 1 ||
		c.SchedulerReplicas != 1 || c.DiscordAPIURL != "https://discord.com/" || c.TelegramAPIURL != "https://api.telegram.org" {
		t.Errorf("defaults: %+v", c)
	}
	if !c.ConsoleMode() {
		t.Error("no tokens should mean console mode")
	}
}

func TestEnvAndFlags(t *testing.T) {
	t.Parallel()
	c, err := Load([]string{"--data-dir", "/flag"}, env(map[string]string{
		"DATA_DIR": "/env", "TELEGRAM_TOKEN": "1:tok", "BOT_ADMINS": " telegram:1, discord:2 ,,",
		"REMIND_LATE_WINDOW": "90m", "DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "3", "REDIS_URL": "redis://:pw@h:1/0",
	}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/flag" {
		t.Errorf("flag should win over env: %q", c.DataDir)
	}
	if c.ConsoleMode() || c.RemindLateWindow != 90*time.Minute || c.DiscordShardID != 1 {
		t.Errorf("env not applied: %+v", c)
	}
	if got := strings.Join(c.Admins(), "|"); got != "telegram:1|discord:2" {
		t.Errorf("Admins() = %q", got)
	}
	secrets := strings.Join(c.Secrets(), "|")
	if !strings.Contains(secrets, "1:tok") || !strings.Contains(secrets, "redis://:pw@h:1/0") {
		t.Errorf("Secrets() = %q", secrets)
	}
}

func TestBadValuesAreClearErrors(t *testing.T) {
	t.Parallel()
	for k, v := range map[string]string{
		"LOG_FORMAT":           "xml",
		"DISCORD_SHARD_ID":     "5",
		"DISCORD_SHARD_COUNT":  "zero",
		"REMIND_LATE_WINDOW":   "soon",
		"SHUTDOWN_TIMEOUT":     "0s",
		"SCHEDULER_REPLICAS":   "0",
		"TELEGRAM_WEBHOOK_URL": "ftp://x",
		"PUBLIC_URL":           "club.example.org",
		"TRUSTED_PROXIES":      "10.0.0.0/33",
	} {
		_, err := Load(nil, env(map[string]string{k: v}), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: error %v should name the variable", k, v, err)
		}
	}
	for _, secret := range []string{"a+b/c=", "has space", strings.Repeat("x", 257)} {
		_, err := Load(nil, env(map[string]string{"TELEGRAM_WEBHOOK_SECRET": secret}), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "TELEGRAM_WEBHOOK_SECRET") || !strings.Contains(err.Error(), "A–Z, a–z, 0–9, _ and -") || strings.Contains(err.Error(), secret) {
			t.Errorf("TELEGRAM_WEBHOOK_SECRET=%.10q: error %v should name the variable and the allowed characters, not the secret", secret, err)
		}
	}
	if _, err := Load(nil, env(map[string]string{"TELEGRAM_WEBHOOK_SECRET": "Az09_-" + strings.Repeat("x", 250)}), &bytes.Buffer{}); err != nil {
		t.Errorf("a valid secret refused: %v", err)
	}
	_, err := Load(nil, env(map[string]string{"TELEGRAM_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg"}), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Errorf("webhook mode without a listener: %v", err)
	}
	if _, err := Load([]string{"extra"}, env(nil), &bytes.Buffer{}); err == nil {
		t.Error("stray arguments accepted")
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	_, err := Load([]string{"--help"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("want flag.ErrHelp, got %v", err)
	}
	for _, v := range Vars() {
		if v.Env == "" || v.Doc == "" {
			t.Errorf("setting without env name or doc: %+v", v)
		}
		if !strings.Contains(out.String(), v.Env) {
			t.Errorf("--help lacks %s", v.Env)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1 ::1,::ffff:172.16.0.9"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := c.Proxies()
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.0.2.1/32 ::1/128 172.16.0.9/32" {
		t.Errorf("Proxies() = %v", got)
	}
	for _, bad := range []string{"example.org", "10.0.0.1/40", "1.2.3"} {
		if _, err := Load(nil, env(map[string]string{"TRUSTED_PROXIES": bad}), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
			t.Errorf("TRUSTED_PROXIES=%s: %v", bad, err)
		}
	}
}
