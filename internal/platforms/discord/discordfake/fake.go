// Package discordfake is a fake Discord for tests: an httptest server that
// speaks the parts of Discord's API v9 the discord adapter uses, built from
// Discord's documented payloads (developer docs: Gateway, Interactions,
// Application Commands, Channel, User, Webhook resources) — no public
// Discord emulator exists. It is test support, not a Discord replacement.
//
// REST, under /api/v9: GET /gateway, GET /gateway/bot, GET /users/@me,
// PUT /applications/{app}/commands and …/guilds/{guild}/commands (bulk
// overwrite, validated against Discord's limits, 400 code 50035 when
// invalid), POST /interactions/{id}/{token}/callback (once per interaction,
// within 3 s, else 40060 / 10062), PATCH /webhooks/{app}/{token}/messages/@original,
// POST /webhooks/{app}/{token} (follow-ups), POST /users/@me/channels (DM
// channels), POST /channels/{id}/messages (403 code 50007 for members with
// DMs closed, 404 code 10003 for unknown channels), GET /guilds/{id}/roles.
// Attachments a member picks for an attachment option (type 11) are
// served without a token at GET /attachments/{id}/{filename}, like
// Discord's CDN.
// Requests need "Authorization: Bot <token>" except the interaction
// callback and webhook routes, which are authorised by their token, as on
// Discord. Messages are limited to 2,000 characters.
//
// Gateway (websocket at the URL GET /gateway returns): HELLO (op 10) with
// heartbeat_interval, IDENTIFY (op 2) answered by a READY dispatch (op 0)
// carrying user, session_id and application {id}, then GUILD_CREATE for
// each guild the bot was added to; heartbeats (op 1) are ACKed (op 11);
// RESUME (op 6) is answered by RESUMED. Tests inject INTERACTION_CREATE
// dispatches with Slash, Autocomplete and Press; these check the options
// against the registered command as Discord's client would.
//
// Several bots (tokens) can share one Server; each keeps its own records.
// Every request and reply is recorded for assertions; Wait polls a
// condition with a deadline.
package discordfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Discord's documented limits the fake enforces.
const (
	maxContent       = 2000
	interactionLimit = 3 * time.Second
)

// Discord error codes (JSON error codes table).
const (
	CodeUnknownChannel      = 10003
	CodeUnknownMessage      = 10008
	CodeUnknownWebhook      = 10015
	CodeUnknownInteraction  = 10062
	CodeCannotDMUser        = 50007
	CodeInvalidFormBody     = 50035
	CodeAlreadyAcknowledged = 40060
)

// Interaction and response types.
const (
	InteractionCommand      = 2
	InteractionComponent    = 3
	InteractionAutocomplete = 4

	ResponseMessage      = 4
	ResponseDeferred     = 5
	ResponseDeferUpdate  = 6
	ResponseUpdate       = 7
	ResponseAutocomplete = 8

	FlagEphemeral = 1 << 6
)

// Server is the fake. Close it when done.
type Server struct {
	// URL is the API base to configure (like "https://discord.com/").
	URL string
	// HeartbeatInterval is sent in HELLO. Default 41.25 s, as Discord.
	HeartbeatInterval time.Duration

	srv      *httptest.Server
	upgrader websocket.Upgrader
	ids      atomic.Int64

	mu    sync.Mutex
	bots  map[string]*Bot   // by token
	files map[string][]byte // attachment id -> content, served under /attachments/
}

// New starts a fake Discord.
func New() *Server {
	s := &Server{HeartbeatInterval: 41250 * time.Millisecond, bots: map[string]*Bot{}}
	s.ids.Store(1_200_000_000_000_000_000)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL + "/"
	return s
}

// Close stops the server and drops every gateway connection.
func (s *Server) Close() {
	s.mu.Lock()
	bots := make([]*Bot, 0, len(s.bots))
	for _, b := range s.bots {
		bots = append(bots, b)
	}
	s.mu.Unlock()
	for _, b := range bots {
		b.DropGateway()
	}
	s.srv.Close()
}

// Stop makes the fake unreachable, as an outage would: new connections
// are refused, open ones (REST keep-alives, every gateway connection) are
// cut. Start brings it back on the same address, with its records kept.
func (s *Server) Stop() {
	s.mu.Lock()
	bots := make([]*Bot, 0, len(s.bots))
	for _, b := range s.bots {
		bots = append(bots, b)
	}
	s.mu.Unlock()
	_ = s.srv.Listener.Close()
	s.srv.CloseClientConnections()
	for _, b := range bots {
		b.DropGateway()
	}
}

// Start reopens a stopped fake on its old address.
func (s *Server) Start() error {
	addr := s.srv.Listener.Addr().String()
	var err error
	for range 50 { // the port may linger a moment after Stop
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			s.srv.Listener = l
			go func() { _ = s.srv.Config.Serve(l) }()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("discordfake: listen again on %s: %w", addr, err)
}

func (s *Server) id() string { return strconv.FormatInt(s.ids.Add(1), 10) }

// NewBot registers an application with its bot user and token.
func (s *Server) NewBot(name string) *Bot {
	b := &Bot{
		srv:          s,
		Token:        "fake-" + s.id() + "-token",
		AppID:        s.id(),
		Name:         name,
		commands:     map[string][]Command{},
		interactions: map[string]*interactionState{},
		dmChannels:   map[string]string{},
		dmByUser:     map[string]string{},
		closedDMs:    map[string]bool{},
		guilds:       map[string]*Guild{},
		channels:     map[string]string{},
		limited:      map[string]int{},
		refused:      map[string]int{},
		stalled:      map[string]chan struct{}{},
	}
	s.mu.Lock()
	s.bots[b.Token] = b
	s.mu.Unlock()
	return b
}

// Bot is one application as the fake sees it, with what it did.
type Bot struct {
	srv   *Server
	Token string
	AppID string // also the bot user's id
	Name  string

	mu           sync.Mutex
	conns        []*gatewayConn
	identifies   []Identify
	resumes      int
	heartbeats   int
	commands     map[string][]Command // scope ("global" or guild id) → last bulk overwrite
	puts         []Put
	interactions map[string]*interactionState
	replies      []Reply
	messages     []Message
	dmChannels   map[string]string // channel id → user id
	dmByUser     map[string]string
	closedDMs    map[string]bool
	guilds       map[string]*Guild
	channels     map[string]string        // guild channel id → guild id
	limited      map[string]int           // path substring → 429s still to give
	refused      map[string]int           // path substring → 400s still to give
	stalled      map[string]chan struct{} // path substring → closed when released
	rateLimited  int
	requests     []string
}

// Guild is a guild the bot was added to.
type Guild struct {
	ID    string
	Name  string
	Roles []Role
}

// Role is a guild role.
type Role struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Identify is a recorded IDENTIFY payload.
type Identify struct {
	Token   string `json:"token"`
	Intents int64  `json:"intents"`
	Shard   *[2]int
}

// Put is one recorded bulk overwrite.
type Put struct {
	Scope    string // "global" or the guild id
	Commands []Command
	Raw      json.RawMessage
}

// Command is an application command as registered.
type Command struct {
	ID                       string          `json:"id,omitempty"`
	ApplicationID            string          `json:"application_id,omitempty"`
	GuildID                  string          `json:"guild_id,omitempty"`
	Version                  string          `json:"version,omitempty"`
	Type                     int             `json:"type,omitempty"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	Options                  []CommandOption `json:"options,omitempty"`
	DefaultMemberPermissions *string         `json:"default_member_permissions,omitempty"`
}

// CommandOption is an option or subcommand of a registered command.
type CommandOption struct {
	Type         int             `json:"type"`
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	Required     bool            `json:"required,omitempty"`
	Choices      []Choice        `json:"choices,omitempty"`
	Options      []CommandOption `json:"options,omitempty"`
	MinValue     *float64        `json:"min_value,omitempty"`
	MaxValue     *float64        `json:"max_value,omitempty"`
	Autocomplete bool            `json:"autocomplete,omitempty"`
}

// Choice is an option choice or an autocomplete result.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Reply is something the bot said on an interaction.
type Reply struct {
	Kind          string // "callback", "edit" or "followup"
	InteractionID string
	Type          int // callback type; 0 for edits and follow-ups
	Content       string
	Flags         int
	CustomIDs     []string // buttons
	Choices       []Choice // autocomplete results
	Files         []File   // attachments
	Raw           json.RawMessage
	At            time.Time
}

// Ephemeral reports whether the reply is visible to the invoker only.
func (r Reply) Ephemeral() bool { return r.Flags&FlagEphemeral != 0 }

// Message is a message the bot sent to a channel.
type Message struct {
	ID        string
	ChannelID string
	DMUser    string // set when the channel is a DM channel
	Content   string
	CustomIDs []string
	Files     []File // attachments
	Raw       json.RawMessage
}

type interactionState struct {
	id, token  string
	typ        int
	created    time.Time
	responded  int // callback type, 0 = none yet
	original   string
	originalID string
}

// AddGuild adds the bot to a guild; it appears in READY and GUILD_CREATE.
func (b *Bot) AddGuild(g Guild) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.guilds[g.ID] = &g
}

// CloseDMs makes private messages to userID fail with 50007.
func (b *Bot) CloseDMs(userID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closedDMs[userID] = true
}

// RateLimit makes the next n requests whose path contains route answer
// 429 with a short retry_after.
func (b *Bot) RateLimit(route string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.limited[route] += n
}

// Refuse makes the next n requests whose path contains route answer 400
// Invalid Form Body, as Discord answers a body it rejects.
func (b *Bot) Refuse(route string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refused[route] += n
}

// Stall holds every bot-authorised request whose path contains route until
// release is called (a slow Discord); release is safe to call twice.
func (b *Bot) Stall(route string) (release func()) {
	ch := make(chan struct{})
	b.mu.Lock()
	b.stalled[route] = ch
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.stalled, route)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// stall waits while r's route is stalled or the request ends.
func (b *Bot) stall(r *http.Request) {
	b.mu.Lock()
	var waits []chan struct{}
	for route, ch := range b.stalled {
		if strings.Contains(r.URL.Path, route) {
			waits = append(waits, ch)
		}
	}
	b.mu.Unlock()
	for _, ch := range waits {
		select {
		case <-ch:
		case <-r.Context().Done():
		}
	}
}

// Snapshot is a copy of what the fake recorded for a bot.
type Snapshot struct {
	Identifies  []Identify
	Connected   int // open gateway connections
	Resumes     int
	Heartbeats  int
	Puts        []Put
	Commands    map[string][]Command
	Replies     []Reply
	Messages    []Message
	RateLimited int
	Requests    []string // "METHOD /path" in order, tokens elided
}

// RepliesTo returns the replies on one interaction, in order.
func (s Snapshot) RepliesTo(interactionID string) []Reply {
	var out []Reply
	for _, r := range s.Replies {
		if r.InteractionID == interactionID {
			out = append(out, r)
		}
	}
	return out
}

// Snapshot copies the records.
func (b *Bot) Snapshot() Snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := Snapshot{
		Identifies:  append([]Identify(nil), b.identifies...),
		Connected:   len(b.conns),
		Resumes:     b.resumes,
		Heartbeats:  b.heartbeats,
		Puts:        append([]Put(nil), b.puts...),
		Commands:    map[string][]Command{},
		Replies:     append([]Reply(nil), b.replies...),
		Messages:    append([]Message(nil), b.messages...),
		RateLimited: b.rateLimited,
		Requests:    append([]string(nil), b.requests...),
	}
	for k, v := range b.commands {
		s.Commands[k] = append([]Command(nil), v...)
	}
	return s
}

// Wait polls the bot's records until cond holds, failing the test after
// the deadline (5 s) with what.
func (b *Bot) Wait(t testing.TB, what string, cond func(Snapshot) bool) Snapshot {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := b.Snapshot()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("discordfake: timed out waiting for %s; replies: %+v; messages: %+v", what, s.Replies, s.Messages)
		}
		time.Sleep(5 * time.Millisecond) // poll tick, not a wait for an outcome
	}
}

// DropGateway closes the bot's gateway connections abruptly, as a network
// loss would; the client is expected to reconnect and RESUME.
func (b *Bot) DropGateway() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dropLocked()
}

func (b *Bot) dropLocked() {
	for _, c := range b.conns {
		_ = c.ws.Close()
	}
}

// ---- REST ----

var (
	reCallback = regexp.MustCompile(`^/api/v9/interactions/([^/]+)/([^/]+)/callback$`)
	reOriginal = regexp.MustCompile(`^/api/v9/webhooks/([^/]+)/([^/]+)/messages/@original$`)
	reFollowup = regexp.MustCompile(`^/api/v9/webhooks/([^/]+)/([^/]+)$`)
	reGlobal   = regexp.MustCompile(`^/api/v9/applications/([^/]+)/commands$`)
	reGuild    = regexp.MustCompile(`^/api/v9/applications/([^/]+)/guilds/([^/]+)/commands$`)
	reMessages = regexp.MustCompile(`^/api/v9/channels/([^/]+)/messages$`)
	reRoles    = regexp.MustCompile(`^/api/v9/guilds/([^/]+)/roles$`)
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/gateway" || p == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	if rest, ok := strings.CutPrefix(p, "/attachments/"); ok && r.Method == http.MethodGet {
		// The CDN: attachment URLs need no token, as on Discord.
		id, _, _ := strings.Cut(rest, "/")
		s.mu.Lock()
		data, found := s.files[id]
		s.mu.Unlock()
		if !found {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		_, _ = w.Write(data)
		return
	}
	if !strings.HasPrefix(p, "/api/v9/") {
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	// Token-authorised routes.
	if m := reCallback.FindStringSubmatch(p); m != nil && r.Method == http.MethodPost {
		s.withInteraction(w, r, func(b *Bot, st *interactionState) bool { return st.id == m[1] && st.token == m[2] }, func(b *Bot, st *interactionState) {
			b.callback(w, r, st)
		})
		return
	}
	if m := reOriginal.FindStringSubmatch(p); m != nil && r.Method == http.MethodPatch {
		s.withInteraction(w, r, func(b *Bot, st *interactionState) bool { return b.AppID == m[1] && st.token == m[2] }, func(b *Bot, st *interactionState) {
			b.editOriginal(w, r, st)
		})
		return
	}
	if m := reFollowup.FindStringSubmatch(p); m != nil && r.Method == http.MethodPost {
		s.withInteraction(w, r, func(b *Bot, st *interactionState) bool { return b.AppID == m[1] && st.token == m[2] }, func(b *Bot, st *interactionState) {
			b.followup(w, r, st)
		})
		return
	}
	b := s.bot(r.Header.Get("Authorization"))
	if b == nil {
		apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	if b.limit(w, r) {
		return
	}
	b.stall(r)
	switch {
	case p == "/api/v9/gateway" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"})
	case p == "/api/v9/gateway/bot" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{
			"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway", "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
		})
	case p == "/api/v9/users/@me" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, b.user())
	case p == "/api/v9/users/@me/channels" && r.Method == http.MethodPost:
		b.createDM(w, r)
	case r.Method == http.MethodPut && (reGlobal.MatchString(p) || reGuild.MatchString(p)):
		b.bulkOverwrite(w, r)
	case r.Method == http.MethodPost && reMessages.MatchString(p):
		b.sendMessage(w, r, reMessages.FindStringSubmatch(p)[1])
	case r.Method == http.MethodGet && reRoles.MatchString(p):
		b.roles(w, reRoles.FindStringSubmatch(p)[1])
	default:
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

func (s *Server) bot(auth string) *Bot {
	tok, ok := strings.CutPrefix(auth, "Bot ")
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bots[tok]
}

func (s *Server) withInteraction(w http.ResponseWriter, r *http.Request, match func(*Bot, *interactionState) bool, fn func(*Bot, *interactionState)) {
	s.mu.Lock()
	bots := make([]*Bot, 0, len(s.bots))
	for _, b := range s.bots {
		bots = append(bots, b)
	}
	s.mu.Unlock()
	for _, b := range bots {
		b.mu.Lock()
		for _, st := range b.interactions {
			if match(b, st) {
				b.requests = append(b.requests, r.Method+" "+redact(r.URL.Path))
				if b.limitLocked(w, r) {
					b.mu.Unlock()
					return
				}
				fn(b, st)
				b.mu.Unlock()
				return
			}
		}
		b.mu.Unlock()
	}
	apiError(w, http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook")
}

// redact elides interaction tokens from recorded paths.
func redact(p string) string {
	segs := strings.Split(p, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] == "interactions" || segs[i] == "webhooks" {
			segs[i+2] = "TOKEN"
		}
	}
	return strings.Join(segs, "/")
}

func (b *Bot) limit(w http.ResponseWriter, r *http.Request) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests = append(b.requests, r.Method+" "+redact(r.URL.Path))
	return b.limitLocked(w, r)
}

func (b *Bot) limitLocked(w http.ResponseWriter, r *http.Request) bool {
	for route, n := range b.limited {
		if n > 0 && strings.Contains(r.URL.Path, route) {
			b.limited[route] = n - 1
			b.rateLimited++
			w.Header().Set("X-RateLimit-Limit", "5")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "0.050")
			w.Header().Set("X-RateLimit-Scope", "user")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false})
			return true
		}
	}
	for route, n := range b.refused {
		if n > 0 && strings.Contains(r.URL.Path, route) {
			b.refused[route] = n - 1
			apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
			return true
		}
	}
	return false
}

func (b *Bot) user() map[string]any {
	return map[string]any{"id": b.AppID, "username": b.Name, "discriminator": "0", "global_name": nil, "bot": true, "avatar": nil}
}

func decode(r *http.Request, v any) error {
	defer r.Body.Close()
	return json.NewDecoder(r.Body).Decode(v)
}

func (b *Bot) createDM(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := decode(r, &body); err != nil || body.RecipientID == "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	b.mu.Lock()
	ch, ok := b.dmByUser[body.RecipientID]
	if !ok {
		ch = b.srv.id()
		b.dmByUser[body.RecipientID] = ch
		b.dmChannels[ch] = body.RecipientID
	}
	b.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": ch, "type": 1, "last_message_id": nil, "flags": 0,
		"recipients": []map[string]any{{"id": body.RecipientID, "username": "member" + body.RecipientID, "discriminator": "0", "global_name": nil, "avatar": nil}},
	})
}

type messageBody struct {
	Content    string          `json:"content"`
	Flags      int             `json:"flags"`
	Components json.RawMessage `json:"components"`
	Choices    []Choice        `json:"choices"`
}

func customIDs(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var rows []struct {
		Type       int `json:"type"`
		Components []struct {
			Type     int    `json:"type"`
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
			Style    int    `json:"style"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, err
	}
	if len(rows) > 5 {
		return nil, fmt.Errorf("%d action rows; at most 5", len(rows))
	}
	var ids []string
	for r, row := range rows {
		if row.Type != 1 || len(row.Components) == 0 || len(row.Components) > 5 {
			return nil, fmt.Errorf("an action row (type 1) holds 1-5 components")
		}
		for n, c := range row.Components {
			if c.Type != 2 || c.CustomID == "" || len(c.CustomID) > 100 || c.Style < 1 || c.Style > 4 || utf8.RuneCountInString(c.Label) > 80 {
				return nil, fmt.Errorf("invalid button %+v", c)
			}
			// Discord: custom ids must be unique within a message.
			if slices.Contains(ids, c.CustomID) {
				return nil, fmt.Errorf("components[%d].components[%d].custom_id: Component custom id cannot be duplicated", r, n)
			}
			ids = append(ids, c.CustomID)
		}
	}
	return ids, nil
}

// checkContent applies Discord's rules for a message body.
func checkContent(mb messageBody, ids []string, needContent bool) string {
	if utf8.RuneCountInString(mb.Content) > maxContent {
		return "content: Must be 2000 or fewer in length."
	}
	if needContent && mb.Content == "" && len(ids) == 0 {
		return "Cannot send an empty message"
	}
	return ""
}

func (b *Bot) sendMessage(w http.ResponseWriter, r *http.Request, channel string) {
	var mb messageBody
	raw, err := readRaw(r, &mb)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	ids, err := customIDs(mb.Components)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	if msg := checkContent(mb, ids, len(filesOf(r)) == 0); msg != "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, msg)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	user, isDM := b.dmChannels[channel]
	if !isDM {
		if _, ok := b.channels[channel]; !ok {
			apiError(w, http.StatusNotFound, CodeUnknownChannel, "Unknown Channel")
			return
		}
	}
	if isDM && b.closedDMs[user] {
		apiError(w, http.StatusForbidden, CodeCannotDMUser, "Cannot send messages to this user")
		return
	}
	m := Message{ID: b.srv.id(), ChannelID: channel, DMUser: user, Content: mb.Content, CustomIDs: ids, Files: filesOf(r), Raw: raw}
	b.messages = append(b.messages, m)
	writeJSON(w, http.StatusOK, b.messageObject(m.ID, channel, mb.Content, 0, mb.Components))
}

func (b *Bot) messageObject(id, channel, content string, flags int, components json.RawMessage) map[string]any {
	if len(components) == 0 || string(components) == "null" {
		components = json.RawMessage("[]")
	}
	return map[string]any{
		"id": id, "channel_id": channel, "content": content, "type": 0, "flags": flags,
		"author": b.user(), "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "pinned": false, "components": components,
		"application_id": b.AppID,
	}
}

func readRaw(r *http.Request, v any) (json.RawMessage, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		// Attachments: the JSON body is the payload_json field, the files
		// files[n] parts (kept in r.MultipartForm for filesOf).
		if err := r.ParseMultipartForm(maxUpload); err != nil {
			return nil, err
		}
		raw := json.RawMessage(r.FormValue("payload_json"))
		return raw, json.Unmarshal(raw, v)
	}
	var raw json.RawMessage
	if err := decode(r, &raw); err != nil {
		return nil, err
	}
	return raw, json.Unmarshal(raw, v)
}

// maxUpload is Discord's default attachment size limit.
const maxUpload = 10 << 20

// File is an attachment uploaded with a message or interaction response.
type File struct {
	Field       string // "files[0]"
	Name        string
	ContentType string
	Data        []byte
}

// filesOf returns the attachments of a request readRaw has read.
func filesOf(r *http.Request) []File {
	if r.MultipartForm == nil {
		return nil
	}
	var out []File
	for n := 0; n < 10; n++ {
		field := fmt.Sprintf("files[%d]", n)
		hs := r.MultipartForm.File[field]
		if len(hs) == 0 {
			break
		}
		f, err := hs[0].Open()
		if err != nil {
			continue
		}
		b, err := io.ReadAll(f)
		_ = f.Close()
		if err == nil {
			out = append(out, File{Field: field, Name: hs[0].Filename, ContentType: hs[0].Header.Get("Content-Type"), Data: b})
		}
	}
	return out
}

func (b *Bot) roles(w http.ResponseWriter, guild string) {
	b.mu.Lock()
	g, ok := b.guilds[guild]
	var roles []Role
	if ok {
		roles = append(roles, g.Roles...)
	}
	b.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return
	}
	out := []map[string]any{{"id": guild, "name": "@everyone", "permissions": "0", "position": 0}}
	for n, r := range roles {
		out = append(out, map[string]any{"id": r.ID, "name": r.Name, "permissions": "0", "position": n + 1})
	}
	writeJSON(w, http.StatusOK, out)
}

// callback: POST /interactions/{id}/{token}/callback. Called with b.mu held.
func (b *Bot) callback(w http.ResponseWriter, r *http.Request, st *interactionState) {
	var body struct {
		Type int         `json:"type"`
		Data messageBody `json:"data"`
	}
	raw, err := readRaw(r, &body)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if st.responded != 0 {
		apiError(w, http.StatusBadRequest, CodeAlreadyAcknowledged, "Interaction has already been acknowledged.")
		return
	}
	if time.Since(st.created) > interactionLimit {
		apiError(w, http.StatusNotFound, CodeUnknownInteraction, "Unknown interaction")
		return
	}
	allowed := map[int][]int{
		InteractionCommand:      {ResponseMessage, ResponseDeferred},
		InteractionComponent:    {ResponseMessage, ResponseDeferred, ResponseDeferUpdate, ResponseUpdate},
		InteractionAutocomplete: {ResponseAutocomplete},
	}[st.typ]
	ok := false
	for _, t := range allowed {
		ok = ok || t == body.Type
	}
	if !ok {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, fmt.Sprintf("Invalid Form Body: response type %d not valid for interaction type %d", body.Type, st.typ))
		return
	}
	ids, err := customIDs(body.Data.Components)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	if body.Type == ResponseAutocomplete {
		var check struct {
			Data struct {
				Choices *[]Choice `json:"choices"`
			} `json:"data"`
		}
		_ = json.Unmarshal(raw, &check)
		if check.Data.Choices == nil || len(*check.Data.Choices) > 25 {
			apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: data.choices: 0-25 choices required")
			return
		}
	}
	if msg := checkContent(body.Data, ids, body.Type == ResponseMessage && len(filesOf(r)) == 0); msg != "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, msg)
		return
	}
	st.responded = body.Type
	if body.Type == ResponseMessage || body.Type == ResponseDeferred {
		st.original = body.Data.Content
		st.originalID = b.srv.id()
	}
	b.replies = append(b.replies, Reply{
		Kind: "callback", InteractionID: st.id, Type: body.Type, Content: body.Data.Content,
		Flags: body.Data.Flags, CustomIDs: ids, Choices: body.Data.Choices, Files: filesOf(r), Raw: raw, At: time.Now(),
	})
	w.WriteHeader(http.StatusNoContent)
}

// editOriginal: PATCH /webhooks/{app}/{token}/messages/@original. b.mu held.
func (b *Bot) editOriginal(w http.ResponseWriter, r *http.Request, st *interactionState) {
	var mb messageBody
	raw, err := readRaw(r, &mb)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if st.originalID == "" {
		apiError(w, http.StatusNotFound, CodeUnknownMessage, "Unknown Message")
		return
	}
	ids, err := customIDs(mb.Components)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	if msg := checkContent(mb, ids, false); msg != "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, msg)
		return
	}
	st.original = mb.Content
	b.replies = append(b.replies, Reply{Kind: "edit", InteractionID: st.id, Content: mb.Content, Flags: mb.Flags, CustomIDs: ids, Files: filesOf(r), Raw: raw, At: time.Now()})
	writeJSON(w, http.StatusOK, b.messageObject(st.originalID, "", mb.Content, 0, mb.Components))
}

// followup: POST /webhooks/{app}/{token}. b.mu held.
func (b *Bot) followup(w http.ResponseWriter, r *http.Request, st *interactionState) {
	var mb messageBody
	raw, err := readRaw(r, &mb)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if st.responded == 0 {
		apiError(w, http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook")
		return
	}
	ids, err := customIDs(mb.Components)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	if msg := checkContent(mb, ids, len(filesOf(r)) == 0); msg != "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, msg)
		return
	}
	id := b.srv.id()
	b.replies = append(b.replies, Reply{Kind: "followup", InteractionID: st.id, Content: mb.Content, Flags: mb.Flags, CustomIDs: ids, Files: filesOf(r), Raw: raw, At: time.Now()})
	if r.URL.Query().Get("wait") == "true" {
		writeJSON(w, http.StatusOK, b.messageObject(id, "", mb.Content, mb.Flags, mb.Components))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// bulkOverwrite: PUT /applications/{app}[/guilds/{guild}]/commands.
func (b *Bot) bulkOverwrite(w http.ResponseWriter, r *http.Request) {
	var cmds []Command
	raw, err := readRaw(r, &cmds)
	if err != nil {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	app, scope := "", "global"
	if m := reGuild.FindStringSubmatch(r.URL.Path); m != nil {
		app, scope = m[1], m[2]
	} else {
		app = reGlobal.FindStringSubmatch(r.URL.Path)[1]
	}
	if app != b.AppID {
		apiError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	if problem := validateCommands(cmds); problem != "" {
		apiError(w, http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body: "+problem)
		return
	}
	b.mu.Lock()
	for i := range cmds {
		cmds[i].ID = b.srv.id()
		cmds[i].ApplicationID = b.AppID
		cmds[i].Version = b.srv.id()
		if cmds[i].Type == 0 {
			cmds[i].Type = 1
		}
		if scope != "global" {
			cmds[i].GuildID = scope
		}
	}
	b.commands[scope] = cmds
	b.puts = append(b.puts, Put{Scope: scope, Commands: cmds, Raw: raw})
	b.mu.Unlock()
	writeJSON(w, http.StatusOK, cmds)
}

var nameRE = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// validateCommands checks Discord's documented limits for chat commands
// and returns the first problem.
func validateCommands(cmds []Command) string {
	if len(cmds) > 100 {
		return "at most 100 commands"
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		if c.Type != 0 && c.Type != 1 {
			return c.Name + ": only chat commands are supported by the fake"
		}
		if p := checkNameDesc(c.Name, c.Description); p != "" {
			return p
		}
		if seen[c.Name] {
			return c.Name + ": duplicate name"
		}
		seen[c.Name] = true
		if p := checkOpts(c.Name, c.Options, 0); p != "" {
			return p
		}
	}
	return ""
}

func checkNameDesc(name, desc string) string {
	if !nameRE.MatchString(name) || strings.ToLower(name) != name {
		return fmt.Sprintf("name %q: must match ^[-_\\p{L}\\p{N}]{1,32}$ in lower case", name)
	}
	if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
		return fmt.Sprintf("%s: description must be 1-100 characters", name)
	}
	return ""
}

// checkOpts checks options below a parent: 0 a command, 1 a subcommand,
// 2 a subcommand group.
func checkOpts(where string, opts []CommandOption, parent int) string {
	if len(opts) > 25 {
		return where + ": at most 25 options"
	}
	subs, plain, optional := 0, 0, false
	seen := map[string]bool{}
	for _, o := range opts {
		w := where + " " + o.Name
		if p := checkNameDesc(o.Name, o.Description); p != "" {
			return w + ": " + p
		}
		if seen[o.Name] {
			return w + ": duplicate option name"
		}
		seen[o.Name] = true
		switch o.Type {
		case 1, 2:
			subs++
			if parent == 1 || (parent == 2 && o.Type == 2) {
				return w + ": subcommands nested too deep"
			}
			if p := checkOpts(w, o.Options, o.Type); p != "" {
				return p
			}
			continue
		case 3, 4, 5, 6, 7, 8, 9, 10, 11:
		default:
			return fmt.Sprintf("%s: unknown option type %d", w, o.Type)
		}
		plain++
		if o.Required && optional {
			return w + ": required options must be placed before non-required options"
		}
		optional = optional || !o.Required
		if len(o.Choices) > 25 {
			return w + ": at most 25 choices"
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			return w + ": autocomplete cannot be set with choices"
		}
		for _, ch := range o.Choices {
			if n := utf8.RuneCountInString(ch.Name); n < 1 || n > 100 {
				return w + ": choice names must be 1-100 characters"
			}
		}
		if (o.MinValue != nil || o.MaxValue != nil) && o.Type != 4 && o.Type != 10 {
			return w + ": min_value/max_value only for integer and number options"
		}
	}
	if subs > 0 && plain > 0 {
		return where + ": subcommands cannot be mixed with other option types"
	}
	return ""
}
