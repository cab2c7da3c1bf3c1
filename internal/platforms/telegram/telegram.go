// Package telegram is the Telegram platform: it receives updates from the
// Bot API (long polling or a webhook), turns commands into
// platforms.Message values for the router, delivers the router's responses
// (health details by DM, a short pointer in groups) and implements
// platforms.Sender for the scheduler, within Telegram's rate limits.
//
// go-telegram-bot-api is used only inside this package, for its types and
// MakeRequest; the parameters are built in botapi.go as the current Bot API
// documents them. Every call goes through Adapter.call, which adds a
// context, retries and error classification the library lacks.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// DefaultAPIURL is the official Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Command is one entry of the bot's command menu (setMyCommands).
type Command struct {
	Name    string // without "/"
	Summary string
}

// Config configures an Adapter. Only Token is required.
type Config struct {
	Token  string // from @BotFather; never logged
	APIURL string // Bot API base; the bot calls <APIURL>/bot<token>/<method>

	// WebhookURL switches Run to webhook mode: Run registers it with
	// setWebhook and updates arrive at WebhookHandler. Empty: long polling.
	WebhookURL string
	// WebhookSecret is sent to setWebhook and required in the
	// X-Telegram-Bot-Api-Secret-Token header of every webhook request. It
	// must satisfy ValidWebhookSecret; when empty, New derives one from the
	// token (DeriveWebhookSecret), so a webhook never runs unauthenticated.
	WebhookSecret string
	// WebhookListen, when set in webhook mode, makes Run serve
	// WebhookHandler on this address itself; when empty the caller mounts
	// WebhookHandler on its own mux (HTTP_ADDR) at WebhookPath.
	WebhookListen string

	// WithOp, when set, gives a write its idempotency key (store.WithOp):
	// the handled-update mark uses it, so a mark retried after a timeout is
	// not mistaken for a redelivery.
	WithOp func(ctx context.Context, id string) context.Context

	// MoveClub, when set, is called when a group became a supergroup, so
	// the club's data follows it to the new chat id (the router's
	// MoveClub: the club document, challenge boards, members' club lists).
	// It returns nil when there was nothing to move.
	MoveClub func(ctx context.Context, from, to platforms.ClubID) error

	// Commands is the menu registered with setMyCommands at start.
	Commands []Command
	// Known, when set, reports whether a command name (or alias) is the
	// router's. In a group, an unknown command without @thisbot belongs to
	// another bot there and is ignored like chatter; nil answers them all.
	Known func(name string) bool

	// Workers bounds the updates handled at once (default 16).
	Workers int
	// PollTimeout is the long-poll timeout sent to getUpdates (default 25s).
	PollTimeout time.Duration
	// IdlePause is the wait after a poll that returned nothing (default 1s):
	// some Bot API servers (emulators) answer at once instead of holding
	// the poll, and the loop must not spin.
	IdlePause time.Duration
	// HandleTimeout bounds one update's handling (default 60s); its
	// replies are queued, not waited for (see ReplyTimeout).
	HandleTimeout time.Duration
	// ReplyTimeout bounds how long a reply may wait in its chat's queue
	// and for the rate limits before it is given up (default 5m): a busy
	// group's replies drain at 20 a minute.
	ReplyTimeout time.Duration
	// Share is how many processes send for this bot (SCHEDULER_REPLICAS);
	// each takes 1/Share of the global send rate (default 1).
	Share int
	// AdminTTL is how long a chat's administrator list is cached (default 5m).
	AdminTTL time.Duration

	// OnRateLimitWait, when set, is told how long a send waited for a rate
	// limiter or a 429's retry_after (metrics).
	OnRateLimitWait func(d time.Duration)
	// OnAPIError, when set, is told about every failed Bot API call (metrics).
	OnAPIError func(method string, err error)

	// Now and Sleep replace the clock and timers in tests.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// HTTPClient replaces the default client (timeouts set) in tests.
	HTTPClient *http.Client
}

// Store is what the adapter keeps: handled update ids, so a redelivery
// is skipped. (The store satisfies it; the adapter never imports it.)
type Store interface {
	// Mark records key under scope for ttl and reports whether it was new.
	Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error)
}

// Adapter connects one bot to the router. It is safe for concurrent use.
type Adapter struct {
	cfg  Config
	h    platforms.Handler
	st   Store
	log  *slog.Logger
	bot  *tgbotapi.BotAPI // template: each call uses a copy with its own client
	http *http.Client
	now  func() time.Time
	nap  func(ctx context.Context, d time.Duration) error

	limits *limiters
	out    *outbox
	admins *adminCache

	mu       sync.Mutex
	username string // learnt from getMe in Run; "" until then
	started  bool   // start-up done: updates flow (webhook set or polling)
	down     error  // why the Bot API cannot be reached now; nil when it can
	stopping bool   // no new updates accepted
	inflight sync.WaitGroup
	slots    chan struct{} // worker pool
}

// New builds an adapter. It does no I/O: Run asks the server who the bot
// is, so a wrong token is reported by Run, with a context.
func New(cfg Config, h platforms.Handler, st Store, log *slog.Logger) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: no bot token")
	}
	if strings.ContainsAny(cfg.Token, "/?# ") {
		return nil, errors.New("telegram: the bot token has characters a token never has")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if _, err := url.ParseRequestURI(cfg.APIURL); err != nil {
		return nil, fmt.Errorf("telegram: API URL %q: %w", cfg.APIURL, err)
	}
	if cfg.WebhookURL != "" {
		if _, err := url.ParseRequestURI(cfg.WebhookURL); err != nil {
			return nil, fmt.Errorf("telegram: webhook URL: %w", err)
		}
	}
	if h == nil || st == nil {
		return nil, errors.New("telegram: handler and store are required")
	}
	if log == nil {
		log = slog.Default()
	}
	if cfg.WebhookSecret != "" && !ValidWebhookSecret(cfg.WebhookSecret) {
		return nil, fmt.Errorf("telegram: the webhook secret must be %s", SecretRule)
	}
	if cfg.WebhookSecret == "" {
		// Every request to the webhook must prove it comes from Telegram:
		// without a configured secret, anyone who finds the URL could
		// forge updates as any member.
		cfg.WebhookSecret = DeriveWebhookSecret(cfg.Token)
		if cfg.WebhookURL != "" {
			log.Info("TELEGRAM_WEBHOOK_SECRET not set; derived the webhook secret from the bot token", "platform", platforms.Telegram)
		}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 25 * time.Second
	}
	if cfg.IdlePause <= 0 {
		cfg.IdlePause = time.Second
	}
	if cfg.HandleTimeout <= 0 {
		cfg.HandleTimeout = 60 * time.Second
	}
	if cfg.ReplyTimeout <= 0 {
		cfg.ReplyTimeout = 5 * time.Minute
	}
	if cfg.AdminTTL <= 0 {
		cfg.AdminTTL = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	hc := cfg.HTTPClient
	if hc == nil {
		// The long poll holds a request for PollTimeout; every call also
		// gets a context deadline, this is only the backstop.
		hc = &http.Client{Timeout: cfg.PollTimeout + 30*time.Second}
	}
	// Built by hand rather than with NewBotAPIWithClient, which calls
	// getMe without a context or deadline at construction.
	bot := &tgbotapi.BotAPI{Token: cfg.Token, Client: hc, Buffer: 100}
	bot.SetAPIEndpoint(strings.TrimRight(cfg.APIURL, "/") + "/bot%s/%s")
	a := &Adapter{
		cfg: cfg, h: h, st: st, log: log.With("platform", platforms.Telegram),
		bot: bot, http: hc, now: cfg.Now, nap: cfg.Sleep,
		slots: make(chan struct{}, cfg.Workers),
	}
	a.limits = newLimiters(cfg.Share)
	a.out = newOutbox()
	a.admins = newAdminCache(cfg.AdminTTL)
	return a, nil
}

// Username is the bot's @username without "@", known once Run has started.
func (a *Adapter) Username() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.username
}

// Ready reports whether the adapter is taking updates (for /readyz): Run
// has identified the bot, set up the webhook or the poll, and is not
// shutting down.
// Name implements platforms.Adapter.
func (a *Adapter) Name() string { return platforms.Telegram }

var _ platforms.Adapter = (*Adapter)(nil)

func (a *Adapter) Ready(context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.stopping:
		return errors.New("telegram: shutting down")
	case a.down != nil:
		return fmt.Errorf("telegram: Bot API unreachable: %w", a.down)
	case !a.started:
		return errors.New("telegram: not connected to the Bot API yet")
	}
	return nil
}

// setDown records why the Bot API cannot be reached (nil: it can), for
// Ready.
func (a *Adapter) setDown(err error) {
	a.mu.Lock()
	a.down = err
	a.mu.Unlock()
}

// WebhookPath is the path of WebhookURL, where the caller mounts
// WebhookHandler ("/" when no webhook is configured).
func (a *Adapter) WebhookPath() string {
	u, err := url.Parse(a.cfg.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Run receives updates until ctx is cancelled, then waits for the handlers
// in flight to finish (each bounded by HandleTimeout) and returns
// ctx.Err(). An unreachable Bot API, at start or later, is waited out with
// backoff for as long as it takes (Ready says why meanwhile), so the other
// platforms and the scheduler carry on. Run returns early with an error
// only for what waiting cannot fix: the server refuses the token
// (platforms.ErrTokenRefused) or rejects the webhook URL.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain()
	if err := a.connect(ctx); err != nil {
		return err
	}
	a.mu.Lock()
	a.started = true
	a.mu.Unlock()
	if a.cfg.WebhookURL != "" {
		return a.runWebhook(ctx)
	}
	return a.poll(ctx)
}

// connect runs start until it succeeds, ctx ends or the failure is one
// that waiting cannot fix. Each failed attempt is one backoff step and
// one log line.
func (a *Adapter) connect(ctx context.Context) error {
	b := platforms.Backoff{Min: time.Second, Max: 2 * time.Minute}
	for {
		err := a.start(ctx)
		if err == nil {
			a.setDown(nil)
			if b.Tries() > 0 {
				a.log.Info("telegram Bot API reachable again", "down_for", b.Down(a.now()).Round(time.Second), "tries", b.Tries()+1)
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if fatalAtStart(err) {
			return err
		}
		a.setDown(err)
		wait := b.Fail(a.now())
		a.log.Warn("telegram Bot API unreachable; trying again", "err", err, "tries", b.Tries(), "retry_in", wait)
		if err := a.nap(ctx, wait); err != nil {
			return err
		}
	}
}

// fatalAtStart tells a setting to fix (a refused token, a webhook URL the
// server rejects) from an outage to wait out.
func fatalAtStart(err error) bool {
	if errors.Is(err, platforms.ErrTokenRefused) {
		return true
	}
	var e *APIError
	return errors.As(err, &e) && e.Method == "setWebhook" && e.Code == http.StatusBadRequest
}

// start learns the bot's username, registers the command menu and sets up
// the update channel (webhook or none). Its calls are tried once each:
// connect paces the retries.
func (a *Adapter) start(ctx context.Context) error {
	var me tgbotapi.User
	err := a.request(ctx, "getMe", retryNever, nil, &me)
	var apiErr *APIError
	if errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound) {
		// Telegram answers 401 for a revoked or wrong token and 404 for
		// one that is not a token at all (or a wrong TELEGRAM_API_URL).
		why := apiErr.Description
		if why == "" {
			why = http.StatusText(apiErr.Code)
		}
		return fmt.Errorf("telegram: the Bot API refused TELEGRAM_TOKEN (getMe: %d %s); check the token @BotFather gave you and TELEGRAM_API_URL: %w",
			apiErr.Code, why, platforms.ErrTokenRefused)
	}
	if err != nil {
		return fmt.Errorf("telegram: who am I (getMe): %w", err)
	}
	if me.UserName == "" {
		return errors.New("telegram: getMe returned no username")
	}
	a.mu.Lock()
	a.username = me.UserName
	a.mu.Unlock()
	a.log.Info("telegram bot connected", "username", me.UserName, "mode", a.mode())

	a.setCommands(ctx)

	if a.cfg.WebhookURL == "" {
		// getUpdates is refused while a webhook is set.
		err := a.request(ctx, "deleteWebhook", retryNever, nil, nil)
		if err != nil && ctx.Err() == nil {
			a.log.Warn("telegram optional call failed", "method", "deleteWebhook", "err", err)
		}
		return nil
	}
	// The library's WebhookConfig has no secret_token field.
	params := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}
	if err := params.AddInterface("allowed_updates", []string{"message", "callback_query"}); err != nil {
		return fmt.Errorf("telegram: setWebhook params: %w", err)
	}
	err = a.call(ctx, "setWebhook", retryNever, func(b *tgbotapi.BotAPI) error {
		_, err := b.MakeRequest("setWebhook", params)
		return err
	})
	if err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	return nil
}

func (a *Adapter) mode() string {
	if a.cfg.WebhookURL != "" {
		return "webhook"
	}
	return "polling"
}

// setCommands registers the command menu. Optional: some Bot API servers
// do not implement setMyCommands, and the bot works without a menu.
func (a *Adapter) setCommands(ctx context.Context) {
	var cmds []tgbotapi.BotCommand
	for _, c := range a.cfg.Commands {
		if !validCommandName(c.Name) || c.Summary == "" {
			a.log.Debug("command not registrable on Telegram", "command", c.Name)
			continue
		}
		cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: truncate(c.Summary, 256)})
	}
	if len(cmds) == 0 {
		return
	}
	params, err := setMyCommandsParams(cmds)
	if err == nil {
		err = a.request(ctx, "setMyCommands", retryNever, params, nil)
	}
	if err != nil && ctx.Err() == nil {
		a.log.Warn("telegram optional call failed", "method", "setMyCommands", "err", err)
	}
}

// validCommandName follows the Bot API: 1-32 of a-z, 0-9 and _.
func validCommandName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// runWebhook waits for ctx while WebhookHandler receives updates, serving
// it on WebhookListen when that is set.
func (a *Adapter) runWebhook(ctx context.Context) error {
	if a.cfg.WebhookListen == "" {
		<-ctx.Done()
		return ctx.Err()
	}
	mux := http.NewServeMux()
	mux.Handle(a.WebhookPath(), a.WebhookHandler())
	srv := &http.Server{Addr: a.cfg.WebhookListen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return fmt.Errorf("telegram: webhook listener %s: %w", a.cfg.WebhookListen, err)
	case <-ctx.Done():
	}
	a.stop()
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.HandleTimeout)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		a.log.Warn("webhook listener shutdown", "err", err)
	}
	return ctx.Err()
}

// stop refuses new updates from now on.
func (a *Adapter) stop() {
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
}

// drain stops taking updates, waits for the handlers in flight, then for
// their queued replies (bounded by HandleTimeout; the caller's shutdown
// timeout may end it sooner).
func (a *Adapter) drain() {
	a.stop()
	a.inflight.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.HandleTimeout)
	defer cancel()
	if err := a.waitIdle(ctx); err != nil {
		a.log.Warn("shutting down with replies still queued", "queued", a.queued())
	}
}

// begin registers one update's work; false once the adapter is stopping.
func (a *Adapter) begin() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		return false
	}
	a.inflight.Add(1)
	return true
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
