// Package discord is the Discord platform: slash commands generated from
// the router's command table, interactions answered inside Discord's
// 3-second window (deferred when the handler is slow), ephemeral replies
// for private responses, buttons as message components, and a Sender for
// DMs and channel posts. Every discordgo call of the project lives here.
//
// A Private response is an ephemeral reply, seen by the member alone, so
// Response.Public (the pointer text platforms without ephemeral replies
// post in the group) is only used when a deferred public placeholder has
// to point at a private follow-up.
//
// discordgo keeps its endpoint URLs in package variables; see SetAPIBase:
// one Discord API base per process.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/clubcoach/clubcoach/internal/command"
	"github.com/clubcoach/clubcoach/internal/platforms"
)

// Config configures the adapter (DISCORD_* settings).
type Config struct {
	Token     string // bot token, without the "Bot " prefix
	GuildID   string // register commands in this guild only; "" = globally
	APIURL    string // Discord-compatible server; default DefaultAPIURL
	AdminRole string // role id (or name) whose holders are club admins
	// ShardID and ShardCount split guilds across processes; commands are
	// registered by shard 0 only.
	ShardID, ShardCount int

	// DeferAfter is how long a handler may run before the interaction is
	// acknowledged with a deferred response. Discord allows 3 s in all,
	// network included. Default 2 s.
	DeferAfter time.Duration
	// HandleTimeout bounds one command's work and its replies. Default 60 s
	// (an interaction token lives 15 minutes).
	HandleTimeout time.Duration
	// DrainTimeout bounds the wait for in-flight commands at shutdown.
	// Default 10 s.
	DrainTimeout time.Duration
	// HTTPClient makes the REST calls. Default: 20 s timeout.
	HTTPClient *http.Client
	// Clock stamps received messages. Default time.Now.
	Clock func() time.Time
	// OnRateLimitWait, when set, is told the retry_after of every 429
	// discordgo waits out (metrics). discordgo dispatches events on their
	// own goroutines, so it may be called concurrently.
	OnRateLimitWait func(d time.Duration)
	// Share is how many processes send for this bot (SCHEDULER_REPLICAS);
	// each takes 1/Share of SendRate (default 1).
	Share int
}

func (c *Config) defaults() {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.ShardCount < 1 {
		c.ShardCount = 1
	}
	if c.Share < 1 {
		c.Share = 1
	}
	if c.DeferAfter <= 0 {
		c.DeferAfter = 2 * time.Second
	}
	if c.HandleTimeout <= 0 {
		c.HandleTimeout = time.Minute
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = 10 * time.Second
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
}

// Adapter connects one shard to Discord. It is also the platforms.Sender
// for Discord ids.
type Adapter struct {
	cfg     Config
	h       platforms.Handler
	log     *slog.Logger
	s       *discordgo.Session
	byName  map[string]*command.Spec
	appCmds []*discordgo.ApplicationCommand
	ready   atomic.Bool
	sends   *rate.Limiter // messages the bot starts (DMs, posts); see send.go

	mu       sync.Mutex
	base     context.Context // Run's context; handlers outlive its cancellation
	closing  bool
	inflight sync.WaitGroup
	active   map[string]*pending // member id → the interaction being handled
}

// pending is an interaction being handled. Private messages refused while
// it runs are shown to the member ephemerally on it instead.
type pending struct {
	extras []platforms.Response
}

// New builds an adapter for the router's commands (Router.Commands()). It
// validates the slash-command registration against Discord's limits and
// points discordgo at cfg.APIURL; nothing is sent until Run.
func New(cfg Config, h platforms.Handler, cmds []*command.Spec, log *slog.Logger) (*Adapter, error) {
	cfg.defaults()
	if cfg.Token == "" {
		return nil, errors.New("discord: no bot token")
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("discord: shard id %d out of range for %d shards", cfg.ShardID, cfg.ShardCount)
	}
	if log == nil {
		log = slog.Default()
	}
	base, err := normalizeBase(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	cfg.APIURL = base
	appCmds, err := BuildCommands(cmds)
	if err != nil {
		return nil, fmt.Errorf("discord: slash commands: %w", err)
	}
	if discordgo.EndpointDiscord != base {
		if err := SetAPIBase(base); err != nil {
			return nil, err
		}
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	s.Client = cfg.HTTPClient
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	// Slash commands need no privileged intent (no message content).
	s.Identify.Intents = discordgo.IntentsGuilds
	a := &Adapter{
		cfg:     cfg,
		h:       h,
		log:     log.With("platform", platforms.Discord, "shard", cfg.ShardID),
		s:       s,
		byName:  map[string]*command.Spec{},
		appCmds: appCmds,
		sends:   rate.NewLimiter(sendRate/rate.Limit(cfg.Share), 1),
		base:    context.Background(),
		active:  map[string]*pending{},
	}
	for _, c := range cmds {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			a.byName[n] = c
		}
	}
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { a.ready.Store(true) })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		a.ready.Store(false)
		a.log.Warn("gateway disconnected; discordgo reconnects")
	})
	s.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) {
		var wait time.Duration
		if rl.TooManyRequests != nil {
			wait = rl.RetryAfter
		}
		a.log.Warn("rate limited by Discord; waiting", "route", redactURL(rl.URL), "retry_after", wait)
		if rl.TooManyRequests != nil && a.cfg.OnRateLimitWait != nil {
			a.cfg.OnRateLimitWait(wait)
		}
	})
	s.AddHandler(a.onInteraction)
	return a, nil
}

// Connected reports whether the gateway connection is up.
func (a *Adapter) Connected() bool { return a.ready.Load() }

// Ready implements platforms.Adapter: nil once the gateway is connected.
func (a *Adapter) Ready(context.Context) error {
	if !a.Connected() {
		return errors.New("discord gateway not connected")
	}
	return nil
}

// Name implements platforms.Adapter.
func (a *Adapter) Name() string { return platforms.Discord }

var _ platforms.Adapter = (*Adapter)(nil)

// Commands returns the registration payload New built (for tests and
// diagnostics).
func (a *Adapter) Commands() []*discordgo.ApplicationCommand { return a.appCmds }

// Run opens the gateway, registers the slash commands (shard 0 only) and
// serves interactions until ctx is done; then it stops taking new ones,
// waits up to DrainTimeout for those in flight, and closes the session.
// A gateway or API that cannot be reached at start is retried with
// backoff for as long as it takes (Ready is false meanwhile), so the other
// platforms and the scheduler carry on; reconnects after a lost connection
// are discordgo's, which also back off forever. Run returns an error only
// for what waiting cannot fix: Discord refuses the token
// (platforms.ErrTokenRefused) or rejects the command registration.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	a.base = ctx
	a.closing = false
	a.mu.Unlock()
	if err := a.retry(ctx, "connect to the gateway", a.open); err != nil {
		return err
	}
	if ctx.Err() != nil {
		a.shutdown()
		return nil
	}
	a.ready.Store(true)
	a.log.Info("connected to Discord", "api", a.cfg.APIURL, "shards", a.cfg.ShardCount)
	if a.cfg.ShardID == 0 {
		if err := a.retry(ctx, "register slash commands", a.register); err != nil {
			a.shutdown()
			return err
		}
	}
	<-ctx.Done()
	a.shutdown()
	return nil
}

// open connects the gateway once.
func (a *Adapter) open(context.Context) error {
	if err := a.s.Open(); err != nil {
		if tokenRefused(err) {
			return fmt.Errorf("discord: Discord refused DISCORD_TOKEN (%v); check the bot token in the developer portal: %w", redactErr(err), platforms.ErrTokenRefused)
		}
		return fmt.Errorf("discord: connect to the gateway at %s: %w", a.cfg.APIURL, redactErr(err))
	}
	return nil
}

// retry runs try until it succeeds, ctx ends (nil) or it fails in a way
// waiting cannot fix. Each failed attempt is one backoff step and one log
// line.
func (a *Adapter) retry(ctx context.Context, what string, try func(context.Context) error) error {
	b := platforms.Backoff{Min: time.Second, Max: 2 * time.Minute}
	for {
		err := try(ctx)
		if err == nil {
			if b.Tries() > 0 {
				a.log.Info("Discord reachable again", "step", what, "down_for", b.Down(time.Now()).Round(time.Second), "tries", b.Tries()+1)
			}
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, platforms.ErrTokenRefused) || clientError(err) {
			return err
		}
		wait := b.Fail(time.Now())
		a.log.Warn("Discord unreachable; trying again", "step", what, "err", err, "tries", b.Tries(), "retry_in", wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil
		}
	}
}

// tokenRefused reports whether Discord rejected the token: 401 from the
// API, or the gateway closing with 4004 Authentication failed.
func tokenRefused(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return true
	}
	var ce *websocket.CloseError
	return errors.As(err, &ce) && ce.Code == 4004
}

// clientError reports a request Discord answered with a 4xx other than
// 429: the request is wrong, and sending it again will not help.
func clientError(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return false
	}
	c := re.Response.StatusCode
	return c >= 400 && c < 500 && c != http.StatusTooManyRequests
}

func (a *Adapter) shutdown() {
	a.mu.Lock()
	a.closing = true
	a.mu.Unlock()
	drained := make(chan struct{})
	go func() {
		a.inflight.Wait()
		close(drained)
	}()
	t := time.NewTimer(a.cfg.DrainTimeout)
	defer t.Stop()
	select {
	case <-drained:
	case <-t.C:
		a.log.Warn("shutdown: gave up waiting for commands in flight", "waited", a.cfg.DrainTimeout)
	}
	a.ready.Store(false)
	if err := a.s.Close(); err != nil {
		a.log.Warn("close gateway", "err", redactErr(err))
	}
}

// register bulk-overwrites the application's commands, so commands removed
// from the table disappear from Discord too.
func (a *Adapter) register(ctx context.Context) error {
	appID := a.applicationID()
	if appID == "" {
		return errors.New("discord: READY carried no application id")
	}
	got, err := a.s.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, a.appCmds, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: register %d slash commands: %w", len(a.appCmds), redactErr(err))
	}
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	a.log.Info("registered slash commands", "count", len(got), "scope", scope)
	return nil
}

func (a *Adapter) applicationID() string {
	st := a.s.State
	st.RLock()
	defer st.RUnlock()
	if st.Application != nil && st.Application.ID != "" {
		return st.Application.ID
	}
	if st.User != nil {
		return st.User.ID // a bot's user id is its application id
	}
	return ""
}

// onInteraction is discordgo's handler for INTERACTION_CREATE; discordgo
// runs each in its own goroutine.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	i := ic.Interaction
	a.mu.Lock()
	if a.closing {
		a.mu.Unlock()
		a.refuseWhileClosing(i)
		return
	}
	a.inflight.Add(1)
	base := a.base
	a.mu.Unlock()
	defer a.inflight.Done()
	// Replies must go out even when shutdown has begun; HandleTimeout bounds them.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(base), a.cfg.HandleTimeout)
	defer cancel()

	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		c := a.byName[data.Name]
		a.serve(ctx, i, data.Name, RenderArgs(c, data.Options), c == nil || c.Private)
	case discordgo.InteractionMessageComponent:
		data := i.MessageComponentData()
		name, args, ok := command.Parse(data.CustomID, "")
		if !ok {
			a.replyText(ctx, i, "That button doesn't do anything any more. Send /help to see what I can do.", true)
			return
		}
		c := a.byName[name]
		a.serve(ctx, i, name, args, c == nil || c.Private)
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(ctx, i)
	default:
		a.log.Debug("ignored interaction", "type", i.Type.String())
	}
}

func (a *Adapter) refuseWhileClosing(i *discordgo.Interaction) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		if err := a.respondChoices(ctx, i, nil); err != nil {
			a.log.Debug("answer autocomplete while closing", "err", redactErr(err))
		}
		return
	}
	a.replyText(ctx, i, "I'm restarting right now — please send that again in a minute. Nothing was saved.", true)
}

// invoker is the user who sent the interaction, and their guild nickname.
func invoker(i *discordgo.Interaction) (user *discordgo.User, nick string) {
	if i.Member != nil {
		return i.Member.User, i.Member.Nick
	}
	return i.User, ""
}

// memberID is the invoker's member id ("" when the interaction has none).
func memberID(i *discordgo.Interaction) string {
	if user, _ := invoker(i); user != nil {
		return platforms.ID(platforms.Discord, user.ID)
	}
	return ""
}

// message turns an interaction into the neutral Message. It may call the
// REST API (the admin role's name) and fetch an attached file, so it runs
// inside the deferral window.
func (a *Adapter) message(ctx context.Context, i *discordgo.Interaction, name, args string) platforms.Message {
	user, nick := invoker(i)
	m := platforms.Message{
		Platform: platforms.Discord,
		ChatID:   platforms.ChatID(platforms.ID(platforms.Discord, i.ChannelID)),
		DM:       i.GuildID == "",
		Command:  strings.ToLower(name),
		Args:     args,
		Received: a.cfg.Clock(),
		ID:       i.ID,
	}
	if user != nil {
		m.MemberID = platforms.MemberID(platforms.ID(platforms.Discord, user.ID))
		m.DisplayName = displayName(user, nick)
	}
	if !m.DM {
		m.ClubID = platforms.ClubID(platforms.ID(platforms.Discord, i.GuildID))
		m.Admin = a.isAdmin(ctx, i.GuildID, i.Member)
	}
	if i.Type == discordgo.InteractionApplicationCommand {
		if att := attachmentOf(i.ApplicationCommandData()); att != nil {
			m.Attachment = a.fetch(ctx, att)
		}
	}
	return m
}

func displayName(u *discordgo.User, nick string) string {
	switch {
	case nick != "":
		return nick
	case u.GlobalName != "":
		return u.GlobalName
	default:
		return u.Username
	}
}

// isAdmin: Manage Server or Administrator in the member's permissions
// for the channel, or the configured admin role (by id, or by name).
func (a *Adapter) isAdmin(ctx context.Context, guildID string, mem *discordgo.Member) bool {
	if mem == nil {
		return false
	}
	if mem.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	role := a.cfg.AdminRole
	if role == "" {
		return false
	}
	for _, r := range mem.Roles {
		if r == role {
			return true
		}
	}
	if len(mem.Roles) == 0 {
		return false
	}
	names := a.roleNames(ctx, guildID)
	for _, r := range mem.Roles {
		if strings.EqualFold(names[r], role) {
			return true
		}
	}
	return false
}

// roleNames maps a guild's role ids to names, from the gateway's state
// (GUILD_CREATE) or, failing that, the REST API.
func (a *Adapter) roleNames(ctx context.Context, guildID string) map[string]string {
	out := map[string]string{}
	if g, err := a.s.State.Guild(guildID); err == nil && len(g.Roles) > 0 {
		for _, r := range g.Roles {
			out[r.ID] = r.Name
		}
		return out
	}
	roles, err := a.s.GuildRoles(guildID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("look up guild roles for the admin role", "guild", guildID, "err", redactErr(err))
		return out
	}
	for _, r := range roles {
		out[r.ID] = r.Name
	}
	return out
}

// serve runs one command and answers the interaction: at once (type 4)
// when the handler is quick, otherwise deferred (type 5) after DeferAfter
// and completed by editing the original response. The clock starts before
// the message is built: the admin check may wait on the REST API, and
// Discord's 3 seconds count from the interaction, not from the handler.
func (a *Adapter) serve(ctx context.Context, i *discordgo.Interaction, name, args string, private bool) {
	timer := time.NewTimer(a.cfg.DeferAfter)
	defer timer.Stop()
	member := memberID(i)
	p := a.track(member)
	done := make(chan platforms.Response, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				a.log.Error("handler panic", "command", name, "panic", r, "stack", string(debug.Stack()))
				done <- platforms.Response{Text: "Sorry — something went wrong on my side. Please try again.", Private: true}
			}
		}()
		done <- a.h.Handle(ctx, a.message(ctx, i, name, args))
	}()
	// The response's Delivered hook hears only of a complete delivery: a
	// refused reply leaves what it would release (kept messages) in place.
	select {
	case resp := <-done:
		if a.reply(ctx, i, resp) == nil {
			resp.Reached(ctx, true)
		}
	case <-timer.C:
		var flags discordgo.MessageFlags
		if private {
			flags = discordgo.MessageFlagsEphemeral
		}
		if err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: flags},
		}, discordgo.WithContext(ctx)); err != nil {
			a.log.Error("defer interaction response", "command", name, "err", redactErr(err))
		}
		var resp platforms.Response
		select {
		case resp = <-done:
		case <-ctx.Done():
			resp = platforms.Response{Text: "Sorry — that took too long and I gave up. Please try again.", Private: true}
		}
		if a.completeDeferred(ctx, i, resp, private) == nil {
			resp.Reached(ctx, true)
		}
	}
	// Buttons stay with their own message (a check-in's answers).
	for _, x := range a.untrack(member, p) {
		_ = a.followups(ctx, i, splitContent(x.Text, maxContent), true, x.Buttons) // logged
	}
}

func (a *Adapter) track(member string) *pending {
	p := &pending{}
	a.mu.Lock()
	a.active[member] = p
	a.mu.Unlock()
	return p
}

func (a *Adapter) untrack(member string, p *pending) []platforms.Response {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.active[member] == p {
		delete(a.active, member)
	}
	extras := p.extras
	p.extras = nil
	return extras
}

// showInstead queues a refused private message, buttons included, for the
// member's interaction in flight, if there is one.
func (a *Adapter) showInstead(member, text string, buttons []platforms.Button) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.active[member]
	if !ok {
		return false
	}
	p.extras = append(p.extras, platforms.Response{Text: text, Buttons: buttons, Private: true})
	return true
}

func flagsFor(private bool) discordgo.MessageFlags {
	if private {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// noMentions stops replies from pinging anyone (display names and notes
// are member-written).
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func contentOf(resp platforms.Response) []string {
	chunks := splitContent(render(resp.Text), maxContent)
	if len(chunks) == 0 {
		chunks = []string{"✅"}
	}
	return chunks
}

// reply answers at once (type 4); text past 2,000 characters follows as
// follow-up messages with the same visibility, buttons under the last.
// Failures are logged and returned.
func (a *Adapter) reply(ctx context.Context, i *discordgo.Interaction, resp platforms.Response) error {
	resp = fileAsAttachment(resp)
	if resp.Image != nil {
		return a.replyImage(ctx, i, resp)
	}
	chunks := contentOf(resp)
	data := &discordgo.InteractionResponseData{Content: chunks[0], Flags: flagsFor(resp.Private), AllowedMentions: noMentions()}
	if len(chunks) == 1 {
		data.Components = components(resp.Buttons)
	}
	if err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: data,
	}, discordgo.WithContext(ctx)); err != nil {
		err = redactErr(err)
		a.log.Error("answer interaction", "err", err)
		return err
	}
	return a.followups(ctx, i, chunks[1:], resp.Private, resp.Buttons)
}

func (a *Adapter) replyText(ctx context.Context, i *discordgo.Interaction, text string, private bool) {
	_ = a.reply(ctx, i, platforms.Response{Text: text, Private: private}) // logged
}

// completeDeferred fills in a deferred response. Its visibility was fixed
// when deferring; a private answer to a public placeholder goes into an
// ephemeral follow-up and the placeholder gets only a pointer.
// The private text is what must arrive: the public pointer failing
// alone does not make the delivery fail.
func (a *Adapter) completeDeferred(ctx context.Context, i *discordgo.Interaction, resp platforms.Response, deferredPrivate bool) error {
	resp = fileAsAttachment(resp)
	if resp.Image != nil {
		return a.completeDeferredImage(ctx, i, resp, deferredPrivate)
	}
	chunks := contentOf(resp)
	if resp.Private && !deferredPrivate {
		pointer := resp.Public
		if pointer == "" {
			pointer = platforms.PrivatePointer
		}
		_ = a.editOriginal(ctx, i, pointer, nil) // logged
		return a.followups(ctx, i, chunks, true, resp.Buttons)
	}
	var buttons []platforms.Button
	if len(chunks) == 1 {
		buttons = resp.Buttons
	}
	if err := a.editOriginal(ctx, i, chunks[0], buttons); err != nil {
		return err
	}
	return a.followups(ctx, i, chunks[1:], resp.Private || deferredPrivate, resp.Buttons)
}

func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, text string, buttons []platforms.Button) error {
	edit := &discordgo.WebhookEdit{Content: &text, AllowedMentions: noMentions()}
	if comps := components(buttons); len(comps) > 0 {
		edit.Components = &comps
	}
	if _, err := a.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
		err = redactErr(err)
		a.log.Error("complete deferred response", "err", err)
		return err
	}
	return nil
}

// followups sends texts as follow-up messages, buttons under the last,
// stopping at the first failure (logged and returned).
func (a *Adapter) followups(ctx context.Context, i *discordgo.Interaction, texts []string, private bool, buttons []platforms.Button) error {
	for n, t := range texts {
		params := &discordgo.WebhookParams{Content: t, Flags: flagsFor(private), AllowedMentions: noMentions()}
		if n == len(texts)-1 {
			params.Components = components(buttons)
		}
		if _, err := a.s.FollowupMessageCreate(i, true, params, discordgo.WithContext(ctx)); err != nil {
			err = redactErr(err)
			a.log.Error("send follow-up message", "err", err)
			return err
		}
	}
	return nil
}

// autocomplete answers with the option's suggestions that start with what
// the member has typed so far (free text stays allowed).
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	c := a.byName[data.Name]
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if c != nil {
		table, focused := c.Options, focusedOption(data.Options)
		if len(data.Options) == 1 && data.Options[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			table = nil
			for _, s := range c.Subs {
				if s.Name == data.Options[0].Name {
					table = s.Options
				}
			}
		}
		if focused != nil {
			typed := strings.ToLower(optionText(focused.Value))
			for _, o := range table {
				if o.Name != focused.Name {
					continue
				}
				for _, s := range o.Suggest {
					if strings.HasPrefix(strings.ToLower(s), typed) && len(choices) < maxChoices {
						choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
					}
				}
			}
		}
	}
	if err := a.respondChoices(ctx, i, choices); err != nil {
		a.log.Warn("answer autocomplete", "err", redactErr(err))
	}
}

// autocompleteResponse is the type 8 callback. discordgo's
// InteractionResponseData omits an empty choices list, which Discord
// requires, so the body is built here.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

func (a *Adapter) respondChoices(ctx context.Context, i *discordgo.Interaction, choices []*discordgo.ApplicationCommandOptionChoice) error {
	body := autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	body.Data.Choices = choices
	if body.Data.Choices == nil {
		body.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	_, err := a.s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(ctx))
	return err
}

func focusedOption(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focusedOption(o.Options); f != nil {
			return f
		}
	}
	return nil
}
