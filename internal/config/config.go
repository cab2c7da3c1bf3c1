// Package config reads the bot's settings from flags and the environment.
// Every setting is one field of Config with its variable name, default and
// documentation in struct tags: the README table, the deploy files and the
// tests that cross-check them all read the same source.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the bot. Secrets are marked secret:"true" and
// never printed.
type Config struct {
	DataDir     string `env:"DATA_DIR" flag:"data-dir" doc:"Directory of the embedded store (one file). Default: $XDG_DATA_HOME/clubcoach or ~/.local/share/clubcoach."`
	RedisURL    string `env:"REDIS_URL" secret:"true" doc:"Use Redis instead of the embedded store: redis://, rediss://, redis-sentinel:// or redis-cluster:// URL (see internal/store/redis/README.md)."`
	RedisPrefix string `env:"REDIS_PREFIX" default:"cc:" doc:"Prefix of every Redis key."`
	// RedisWaitReplicas is read through WaitReplicas.
	RedisWaitReplicas string        `env:"REDIS_WAIT_REPLICAS" default:"auto" doc:"Replicas that must confirm each write (Redis WAIT) before the bot acknowledges it: auto (1 when the Redis master or any Cluster master has a replica at start, else none), off, or a number. A write they do not confirm in time is answered as not sure to be saved."`
	RedisWaitTimeout  time.Duration `env:"REDIS_WAIT_TIMEOUT" default:"1s" doc:"How long a write waits for its replicas; shorter than three quarters of the Redis read timeout (3s by default)."`

	TelegramToken         string `env:"TELEGRAM_TOKEN" secret:"true" doc:"Bot token from @BotFather; turns the Telegram adapter on."`
	TelegramAPIURL        string `env:"TELEGRAM_API_URL" default:"https://api.telegram.org" doc:"Bot API server base URL; the bot calls <base>/bot<token>/<method>."`
	TelegramWebhookURL    string `env:"TELEGRAM_WEBHOOK_URL" doc:"Public HTTPS URL for webhook mode (several replicas); empty = long polling."`
	TelegramWebhookListen string `env:"TELEGRAM_WEBHOOK_LISTEN" doc:"Address the webhook server listens on (host:port); empty = share HTTP_ADDR."`
	TelegramWebhookSecret string `env:"TELEGRAM_WEBHOOK_SECRET" secret:"true" doc:"Secret token Telegram sends in X-Telegram-Bot-Api-Secret-Token, checked in constant time: 1-256 characters of A-Z a-z 0-9 _ -. Empty = derived from the token (the same on every replica)."`

	DiscordToken      string `env:"DISCORD_TOKEN" secret:"true" doc:"Bot token; turns the Discord adapter on."`
	DiscordGuildID    string `env:"DISCORD_GUILD_ID" doc:"Register slash commands in this guild only (instant; for development). Empty = global."`
	DiscordAPIURL     string `env:"DISCORD_API_URL" default:"https://discord.com/" doc:"Discord-compatible server base URL (REST and gateway lookup go to <base>api/v9/...)."`
	DiscordAdminRole  string `env:"DISCORD_ADMIN_ROLE" doc:"Role id or name whose holders are club admins (besides Manage Server)."`
	DiscordShardID    int    `env:"DISCORD_SHARD_ID" default:"0" doc:"This process's shard id."`
	DiscordShardCount int    `env:"DISCORD_SHARD_COUNT" default:"1" doc:"Total number of shards."`

	BotAdmins string `env:"BOT_ADMINS" doc:"Comma-separated member ids that are admins everywhere, e.g. telegram:123,discord:456."`

	HTTPAddr  string `env:"HTTP_ADDR" doc:"Address of the health/metrics listener (/healthz, /readyz, /metrics), e.g. :8080. Off when empty."`
	LogLevel  string `env:"LOG_LEVEL" default:"info" doc:"debug, info, warn or error."`
	LogFormat string `env:"LOG_FORMAT" default:"text" doc:"text or json."`

	WebAddr           string `env:"WEB_ADDR" doc:"Address of the listener for the clubs' public web pages (/c/<token>), e.g. :8081. Empty = serve them on HTTP_ADDR; a separate listener keeps /metrics, /readyz and the webhook private."`
	PublicURL         string `env:"PUBLIC_URL" doc:"Public base URL of the web pages' listener, e.g. https://club.example.org; /club web on prints PUBLIC_URL/c/<token>."`
	WebFrameAncestors string `env:"WEB_FRAME_ANCESTORS" doc:"Sites that may show a club page in an iframe (?embed=1): CSP frame-ancestors sources, space-separated, e.g. https://club.example.org. Empty = any site."`
	TrustedProxies    string `env:"TRUSTED_PROXIES" doc:"Comma-separated addresses or CIDR prefixes of reverse proxies in front of the web pages; only their X-Forwarded-For is believed (per-client rate limit)."`

	RemindLateWindow  time.Duration `env:"REMIND_LATE_WINDOW" default:"2h" doc:"Reminders later than this after downtime are skipped (and counted in a log line)."`
	SchedulerReplicas int           `env:"SCHEDULER_REPLICAS" default:"1" doc:"How many replicas send reminders for the same platforms; each takes 1/N of the platform's send-rate budget."`
	ShutdownTimeout   time.Duration `env:"SHUTDOWN_TIMEOUT" default:"8s" doc:"How long SIGTERM waits for in-flight commands and sends."`
}

// Var describes one setting.
type Var struct {
	Env, Flag, Default, Doc string
	Secret                  bool
}

// Vars lists every setting in declaration order.
func Vars() []Var {
	t := reflect.TypeOf(Config{})
	out := make([]Var, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		out = append(out, Var{
			Env: f.Tag.Get("env"), Flag: f.Tag.Get("flag"), Default: f.Tag.Get("default"),
			Doc: f.Tag.Get("doc"), Secret: f.Tag.Get("secret") == "true",
		})
	}
	return out
}

// Load reads settings from the environment, then flags (flags win).
// --help and --version print to out and return flag.ErrHelp; every other
// problem is returned, never printed.
func Load(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	stderr := out
	var c Config
	v := reflect.ValueOf(&c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		raw := getenv(f.Tag.Get("env"))
		if raw == "" {
			raw = f.Tag.Get("default")
		}
		if err := set(v.Field(i), raw); err != nil {
			return Config{}, fmt.Errorf("%s: %w", f.Tag.Get("env"), err)
		}
	}
	fs := flag.NewFlagSet("clubcoach", flag.ContinueOnError)
	// Errors are returned, not printed: the caller says them once.
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory of the embedded store (env DATA_DIR)")
	version := fs.Bool("version", false, "print the version and exit")
	fs.Usage = func() {}
	usage := func() {
		fmt.Fprintf(stderr, "Usage: clubcoach [--data-dir DIR]\n\nRuns the bot. With no TELEGRAM_TOKEN or DISCORD_TOKEN set it runs in the console:\neach line you type is a command from you, the local member.\n\nEnvironment:\n")
		for _, v := range Vars() {
			d := ""
			if v.Default != "" {
				d = " (default " + v.Default + ")"
			}
			fmt.Fprintf(stderr, "  %-24s %s%s\n", v.Env, v.Doc, d)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return Config{}, err
		}
		return Config{}, fmt.Errorf("%w (clubcoach --help lists the options)", err)
	}
	if *version {
		fmt.Fprintln(stderr, "clubcoach", Version())
		return Config{}, flag.ErrHelp
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if c.DataDir == "" {
		c.DataDir = defaultDataDir(getenv)
	}
	return c, c.validate()
}

// Version is the module version the binary was built from ("(devel)" for
// a local build).
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// WaitReplicas is REDIS_WAIT_REPLICAS as the Redis store takes it: 0 for
// auto, negative for off, else the number.
func (c Config) WaitReplicas() int {
	switch v := strings.ToLower(strings.TrimSpace(c.RedisWaitReplicas)); v {
	case "", "auto":
		return 0
	case "off", "0":
		return -1
	default:
		n, _ := strconv.Atoi(v)
		return n
	}
}

func (c Config) validate() error {
	var errs []error
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "warning", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", c.LogLevel))
	}
	if v := strings.ToLower(strings.TrimSpace(c.RedisWaitReplicas)); v != "" && v != "auto" && v != "off" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("REDIS_WAIT_REPLICAS must be auto, off or a number of replicas, not %q", c.RedisWaitReplicas))
		}
	}
	if c.RedisWaitTimeout <= 0 {
		errs = append(errs, fmt.Errorf("REDIS_WAIT_TIMEOUT must be positive, e.g. 1s"))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT must be text or json, not %q", c.LogFormat))
	}
	if c.DiscordShardCount < 1 || c.DiscordShardID < 0 || c.DiscordShardID >= c.DiscordShardCount {
		errs = append(errs, fmt.Errorf("DISCORD_SHARD_ID must be in [0, DISCORD_SHARD_COUNT); got %d of %d", c.DiscordShardID, c.DiscordShardCount))
	}
	if c.TelegramWebhookURL != "" && !strings.HasPrefix(c.TelegramWebhookURL, "https://") && !strings.HasPrefix(c.TelegramWebhookURL, "http://") {
		errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL must be an http(s) URL"))
	}
	if c.TelegramWebhookURL != "" && c.TelegramWebhookListen == "" && c.HTTPAddr == "" {
		errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_LISTEN or HTTP_ADDR to serve the webhook on"))
	}
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "https://") && !strings.HasPrefix(c.PublicURL, "http://") {
		errs = append(errs, fmt.Errorf("PUBLIC_URL must be an http(s) URL like https://club.example.org, not %q", c.PublicURL))
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, err)
	}
	if c.TelegramWebhookSecret != "" && !validWebhookSecret(c.TelegramWebhookSecret) {
		// Telegram's setWebhook refuses anything else, which would stop
		// the bot at start with a less helpful error.
		errs = append(errs, errors.New("TELEGRAM_WEBHOOK_SECRET must be 1–256 characters, each one of A–Z, a–z, 0–9, _ and - (Telegram's rule); leave it empty to derive one from the token"))
	}
	if c.SchedulerReplicas < 1 {
		errs = append(errs, fmt.Errorf("SCHEDULER_REPLICAS must be at least 1, not %d", c.SchedulerReplicas))
	}
	if c.RemindLateWindow < 0 || c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("REMIND_LATE_WINDOW and SHUTDOWN_TIMEOUT must be positive durations like 2h or 8s"))
	}
	return errors.Join(errs...)
}

// validWebhookSecret is Telegram's rule for secret_token (telegram.ValidWebhookSecret
// applies the same one inside the adapter).
func validWebhookSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ConsoleMode reports whether no chat platform is configured.
func (c Config) ConsoleMode() bool { return c.TelegramToken == "" && c.DiscordToken == "" }

// Admins splits BOT_ADMINS.
func (c Config) Admins() []string {
	var out []string
	for _, a := range strings.Split(c.BotAdmins, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Proxies parses TRUSTED_PROXIES: addresses or CIDR prefixes, separated by
// commas or spaces.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(c.TrustedProxies, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR prefix", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Secrets returns the configured secret values, for log redaction tests.
func (c Config) Secrets() []string {
	var out []string
	v := reflect.ValueOf(c)
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("secret") == "true" {
			if s := v.Field(i).String(); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func set(f reflect.Value, raw string) error {
	switch f.Interface().(type) {
	case string:
		f.SetString(raw)
	case int:
		if raw == "" {
			return nil
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", raw)
		}
		f.SetInt(int64(n))
	case time.Duration:
		if raw == "" {
			return nil
		}
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("want a duration like 2h or 30s, got %q", raw)
		}
		f.SetInt(int64(d))
	default:
		return fmt.Errorf("unsupported setting type %s", f.Type())
	}
	return nil
}

func defaultDataDir(getenv func(string) string) string {
	if x := getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "clubcoach")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "clubcoach")
	}
	return "clubcoach-data"
}
