package discordfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayConn is one client websocket.
type gatewayConn struct {
	ws        *websocket.Conn
	mu        sync.Mutex // one writer at a time
	seq       int64
	sessionID string
	shard     [2]int
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (c *gatewayConn) send(op int, t string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := frame{Op: op, D: raw}
	if op == 0 {
		c.seq++
		seq := c.seq
		f.S, f.T = &seq, t
	}
	return c.ws.WriteJSON(f)
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("v") != "9" || q.Get("encoding") != "json" {
		http.Error(w, "want ?v=9&encoding=json", http.StatusBadRequest)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	defer ws.Close()
	if err := c.send(10, "", map[string]any{"heartbeat_interval": s.HeartbeatInterval.Milliseconds()}); err != nil {
		return
	}
	var first frame
	if err := ws.ReadJSON(&first); err != nil {
		return
	}
	b, code, reason := s.hello(c, first)
	if b == nil {
		c.mu.Lock()
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason))
		c.mu.Unlock()
		return
	}
	defer b.removeConn(c)
	for {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		switch f.Op {
		case 1: // heartbeat
			b.mu.Lock()
			b.heartbeats++
			b.mu.Unlock()
			if err := c.send(11, "", nil); err != nil {
				return
			}
		default: // presence updates and the like: accepted, ignored
		}
	}
}

// hello handles IDENTIFY (op 2) or RESUME (op 6) and registers the
// connection with its bot. On failure it gives Discord's close code and
// reason instead.
func (s *Server) hello(c *gatewayConn, f frame) (*Bot, int, string) {
	switch f.Op {
	case 2:
		var id struct {
			Token   string `json:"token"`
			Intents int64  `json:"intents"`
			Shard   *[2]int
		}
		if err := json.Unmarshal(f.D, &id); err != nil {
			return nil, 4002, "Decode error"
		}
		b := s.bot(id.Token)
		if b == nil {
			return nil, 4004, "Authentication failed."
		}
		c.sessionID = "session-" + s.id()
		if id.Shard != nil {
			c.shard = *id.Shard
		} else {
			c.shard = [2]int{0, 1}
		}
		b.mu.Lock()
		b.identifies = append(b.identifies, Identify{Token: "Bot " + strings.Repeat("*", 4), Intents: id.Intents, Shard: id.Shard})
		var guilds []*Guild
		for _, g := range b.guilds {
			if shardOf(g.ID, c.shard[1]) == c.shard[0] {
				guilds = append(guilds, g)
			}
		}
		b.mu.Unlock()
		unavailable := make([]map[string]any, 0, len(guilds))
		for _, g := range guilds {
			unavailable = append(unavailable, map[string]any{"id": g.ID, "unavailable": true})
		}
		ready := map[string]any{
			"v": 9, "user": b.user(), "session_id": c.sessionID, "session_type": "normal",
			"resume_gateway_url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway",
			"guilds":             unavailable, "private_channels": []any{}, "user_settings": map[string]any{},
			"relationships": []any{}, "presences": []any{}, "geo_ordered_rtc_regions": []any{}, "guild_join_requests": []any{},
			"application": map[string]any{"id": b.AppID, "flags": 0},
		}
		if id.Shard != nil {
			ready["shard"] = *id.Shard
		}
		if err := c.send(0, "READY", ready); err != nil {
			return nil, 1011, "write failed"
		}
		for _, g := range guilds {
			roles := []map[string]any{{"id": g.ID, "name": "@everyone", "permissions": "0", "position": 0}}
			for n, r := range g.Roles {
				roles = append(roles, map[string]any{"id": r.ID, "name": r.Name, "permissions": "0", "position": n + 1})
			}
			if err := c.send(0, "GUILD_CREATE", map[string]any{
				"id": g.ID, "name": g.Name, "roles": roles, "channels": []any{}, "members": []any{},
				"emojis": []any{}, "features": []any{}, "unavailable": false, "member_count": 1,
				"joined_at": time.Now().UTC().Format(time.RFC3339),
			}); err != nil {
				return nil, 1011, "write failed"
			}
		}
		b.mu.Lock()
		b.conns = append(b.conns, c)
		b.mu.Unlock()
		return b, 0, ""
	case 6:
		var res struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		if err := json.Unmarshal(f.D, &res); err != nil {
			return nil, 4002, "Decode error"
		}
		b := s.bot(res.Token)
		if b == nil {
			return nil, 4004, "Authentication failed."
		}
		c.sessionID, c.seq = res.SessionID, res.Seq
		b.mu.Lock()
		b.mu.Unlock()
		if err := c.send(0, "RESUMED", map[string]any{}); err != nil {
			return nil, 1011, "write failed"
		}
		b.mu.Lock()
		b.resumes++
		b.conns = append(b.conns, c)
		b.mu.Unlock()
		return b, 0, ""
	default:
		return nil, 4003, "Not authenticated."
	}
}

func (b *Bot) removeConn(c *gatewayConn) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, x := range b.conns {
		if x == c {
			b.conns = append(b.conns[:i], b.conns[i+1:]...)
			return
		}
	}
}

// shardOf is Discord's formula: (guild_id >> 22) % num_shards.
func shardOf(guildID string, shards int) int {
	if shards <= 1 {
		return 0
	}
	id, _ := strconv.ParseUint(guildID, 10, 64)
	return int((id >> 22) % uint64(shards))
}

// ---- injected interactions ----

// Invoker is the member who triggers an interaction, and where.
type Invoker struct {
	UserID     string
	Username   string
	GlobalName string
	Nick       string // guild nickname
	GuildID    string // "" for the member's DM with the bot
	ChannelID  string
	// Permissions are the member's computed permissions in the channel
	// (sent as a string, as Discord does). Guild only.
	Permissions int64
	Roles       []string
}

// Opt is an option value the member filled in.
type Opt struct {
	Name  string
	Value any // string, int or float64, per the registered type; an Upload for an attachment
}

// Upload is a file the member picks for an attachment option. Discord
// uploads it to its CDN and sends the interaction with the attachment's
// id, name, size and URL under resolved.attachments.
type Upload struct {
	Name string
	Data []byte
	Size int // the declared size; 0 means len(Data)
}

// Slash sends an application command interaction, as a member choosing
// it in the client: command is "name" or "name sub". The options are
// checked against the registered command (in the invoker's guild, or
// global; only global commands exist in DMs). It returns the interaction id.
func (b *Bot) Slash(who Invoker, command string, opts ...Opt) (string, error) {
	data, err := b.commandData(who, command, opts, nil)
	if err != nil {
		return "", err
	}
	return b.interact(who, InteractionCommand, data, nil)
}

// Autocomplete sends an autocomplete interaction for the focused option
// while the member types; the other options are as filled so far.
func (b *Bot) Autocomplete(who Invoker, command string, focused Opt, others ...Opt) (string, error) {
	data, err := b.commandData(who, command, others, &focused)
	if err != nil {
		return "", err
	}
	return b.interact(who, InteractionAutocomplete, data, nil)
}

// Press sends a component interaction for the button with customID on a
// message the bot sent earlier.
func (b *Bot) Press(who Invoker, customID string) (string, error) {
	b.mu.Lock()
	var msg map[string]any
	for _, r := range b.replies {
		for _, id := range r.CustomIDs {
			if id == customID {
				msg = map[string]any{"id": b.srv.id(), "content": r.Content, "flags": r.Flags, "components": json.RawMessage(componentsOf(r.Raw))}
			}
		}
	}
	for _, m := range b.messages {
		for _, id := range m.CustomIDs {
			if id == customID {
				msg = map[string]any{"id": m.ID, "channel_id": m.ChannelID, "content": m.Content, "components": json.RawMessage(componentsOf(m.Raw))}
			}
		}
	}
	b.mu.Unlock()
	if msg == nil {
		return "", fmt.Errorf("no message from the bot has a button %q", customID)
	}
	data := map[string]any{"custom_id": customID, "component_type": 2}
	return b.interact(who, InteractionComponent, data, msg)
}

func componentsOf(raw json.RawMessage) []byte {
	var m struct {
		Components json.RawMessage `json:"components"`
		Data       struct {
			Components json.RawMessage `json:"components"`
		} `json:"data"`
	}
	_ = json.Unmarshal(raw, &m)
	switch {
	case len(m.Components) > 0:
		return m.Components
	case len(m.Data.Components) > 0:
		return m.Data.Components
	}
	return []byte("[]")
}

func (b *Bot) commandData(who Invoker, command string, opts []Opt, focused *Opt) (map[string]any, error) {
	name, sub, _ := strings.Cut(command, " ")
	scope := "global"
	b.mu.Lock()
	var cmd *Command
	find := func(scope string) {
		for i, c := range b.commands[scope] {
			if c.Name == name {
				cmd = &b.commands[scope][i]
			}
		}
	}
	if who.GuildID != "" {
		find(who.GuildID)
		scope = who.GuildID
	}
	if cmd == nil {
		find("global")
	}
	b.mu.Unlock()
	if cmd == nil {
		return nil, fmt.Errorf("/%s is not registered for %s (or globally)", name, scope)
	}
	table := cmd.Options
	if sub != "" {
		table = nil
		for _, o := range cmd.Options {
			if o.Type == 1 && o.Name == sub {
				table = o.Options
			}
		}
		if table == nil && !hasSub(cmd.Options, sub) {
			return nil, fmt.Errorf("/%s has no subcommand %q", name, sub)
		}
	} else if len(cmd.Options) > 0 && cmd.Options[0].Type == 1 {
		return nil, fmt.Errorf("/%s needs a subcommand", name)
	}
	values, err := buildOptions(table, opts, focused)
	if err != nil {
		return nil, fmt.Errorf("/%s: %w", command, err)
	}
	data := map[string]any{"id": cmd.ID, "name": cmd.Name, "type": 1}
	if resolved := b.srv.upload(values); len(resolved) > 0 {
		data["resolved"] = map[string]any{"attachments": resolved}
	}
	if cmd.GuildID != "" {
		data["guild_id"] = cmd.GuildID
	}
	if sub != "" {
		data["options"] = []map[string]any{{"name": sub, "type": 1, "options": values}}
	} else if len(values) > 0 {
		data["options"] = values
	}
	return data, nil
}

// upload puts the files picked for attachment options on the fake CDN,
// replaces each option value by the attachment id, and returns the
// resolved attachments.
func (s *Server) upload(values []map[string]any) map[string]any {
	resolved := map[string]any{}
	for _, v := range values {
		f, ok := v["value"].(Upload)
		if !ok {
			continue
		}
		id := s.id()
		s.mu.Lock()
		if s.files == nil {
			s.files = map[string][]byte{}
		}
		s.files[id] = f.Data
		s.mu.Unlock()
		size := f.Size
		if size == 0 {
			size = len(f.Data)
		}
		url := s.srv.URL + "/attachments/" + id + "/" + f.Name
		v["value"] = id
		resolved[id] = map[string]any{"id": id, "filename": f.Name, "size": size, "url": url, "proxy_url": url, "content_type": "application/octet-stream"}
	}
	return resolved
}

func hasSub(opts []CommandOption, name string) bool {
	for _, o := range opts {
		if o.Type == 1 && o.Name == name {
			return true
		}
	}
	return false
}

// buildOptions checks values against the registered options as the
// Discord client does (types, ranges, choices, required) and renders them
// as interaction data options.
func buildOptions(table []CommandOption, opts []Opt, focused *Opt) ([]map[string]any, error) {
	byName := map[string]CommandOption{}
	for _, o := range table {
		byName[o.Name] = o
	}
	given := map[string]bool{}
	var out []map[string]any
	all := opts
	if focused != nil {
		all = append(append([]Opt(nil), opts...), *focused)
	}
	for n, o := range all {
		def, ok := byName[o.Name]
		if !ok {
			return nil, fmt.Errorf("unknown option %q", o.Name)
		}
		given[o.Name] = true
		isFocused := focused != nil && n == len(all)-1
		v, err := optionValue(def, o.Value, isFocused)
		if err != nil {
			return nil, fmt.Errorf("option %s: %w", o.Name, err)
		}
		m := map[string]any{"name": o.Name, "type": def.Type, "value": v}
		if isFocused {
			m["focused"] = true
		}
		out = append(out, m)
	}
	if focused == nil {
		for _, def := range table {
			if def.Required && !given[def.Name] {
				return nil, fmt.Errorf("required option %q missing", def.Name)
			}
		}
	}
	return out, nil
}

func optionValue(def CommandOption, v any, focused bool) (any, error) {
	if focused {
		// While typing, Discord sends the partial input as a string.
		s, ok := v.(string)
		if !ok {
			return nil, errors.New("a focused value is the typed text")
		}
		if !def.Autocomplete {
			return nil, errors.New("not an autocomplete option")
		}
		return s, nil
	}
	var num float64
	switch def.Type {
	case 11:
		f, ok := v.(Upload)
		if !ok || f.Name == "" {
			return nil, fmt.Errorf("want an Upload, got %T", v)
		}
		return f, nil
	case 3:
		s, ok := v.(string)
		if !ok || s == "" || utf8Len(s) > 6000 {
			return nil, fmt.Errorf("want a non-empty string, got %v", v)
		}
		if len(def.Choices) > 0 && !inChoices(def.Choices, s) {
			return nil, fmt.Errorf("%q is not one of the choices", s)
		}
		return s, nil
	case 4:
		switch x := v.(type) {
		case int:
			num = float64(x)
		case int64:
			num = float64(x)
		default:
			return nil, fmt.Errorf("want an integer, got %v", v)
		}
	case 10:
		switch x := v.(type) {
		case int:
			num = float64(x)
		case float64:
			num = x
		default:
			return nil, fmt.Errorf("want a number, got %v", v)
		}
	default:
		return nil, fmt.Errorf("option type %d not supported by the fake", def.Type)
	}
	if math.IsNaN(num) || (def.MinValue != nil && num < *def.MinValue) || (def.MaxValue != nil && num > *def.MaxValue) {
		return nil, fmt.Errorf("%v out of range", num)
	}
	if len(def.Choices) > 0 && !inChoices(def.Choices, num) {
		return nil, fmt.Errorf("%v is not one of the choices", num)
	}
	return num, nil
}

func utf8Len(s string) int { return len([]rune(s)) }

func inChoices(cs []Choice, v any) bool {
	for _, c := range cs {
		if fmt.Sprint(c.Value) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

// interact dispatches INTERACTION_CREATE to the shard that owns the guild
// (shard 0 for DMs).
func (b *Bot) interact(who Invoker, typ int, data map[string]any, message map[string]any) (string, error) {
	if who.UserID == "" || who.ChannelID == "" {
		return "", errors.New("an invoker needs a user and a channel")
	}
	id := b.srv.id()
	token := "aW50ZXJhY3Rpb246" + id + strings.Repeat("x", 120)
	user := map[string]any{"id": who.UserID, "username": who.Username, "discriminator": "0", "global_name": nil, "avatar": nil}
	if who.GlobalName != "" {
		user["global_name"] = who.GlobalName
	}
	p := map[string]any{
		"id": id, "application_id": b.AppID, "type": typ, "data": data, "token": token, "version": 1,
		"channel_id": who.ChannelID, "locale": "en-GB", "app_permissions": "2248473465835073", "entitlements": []any{},
	}
	b.mu.Lock()
	if who.GuildID != "" {
		if _, ok := b.guilds[who.GuildID]; !ok {
			b.guilds[who.GuildID] = &Guild{ID: who.GuildID}
		}
		b.channels[who.ChannelID] = who.GuildID
		roles := who.Roles
		if roles == nil {
			roles = []string{}
		}
		var nick any
		if who.Nick != "" {
			nick = who.Nick
		}
		p["guild_id"] = who.GuildID
		p["guild_locale"] = "en-US"
		p["context"] = 0
		p["channel"] = map[string]any{"id": who.ChannelID, "type": 0, "guild_id": who.GuildID}
		p["authorizing_integration_owners"] = map[string]string{"0": who.GuildID}
		p["member"] = map[string]any{
			"user": user, "roles": roles, "permissions": strconv.FormatInt(who.Permissions, 10), "nick": nick,
			"joined_at": "2026-01-02T10:00:00.000000+00:00", "deaf": false, "mute": false, "flags": 0, "avatar": nil, "pending": false,
		}
	} else {
		p["user"] = user
		p["context"] = 1
		p["channel"] = map[string]any{"id": who.ChannelID, "type": 1}
		p["authorizing_integration_owners"] = map[string]string{"0": "0"}
		b.dmChannels[who.ChannelID] = who.UserID
		b.dmByUser[who.UserID] = who.ChannelID
	}
	if message != nil {
		p["message"] = message
	}
	var conn *gatewayConn
	for _, c := range b.conns {
		if who.GuildID == "" && c.shard[0] == 0 || who.GuildID != "" && shardOf(who.GuildID, c.shard[1]) == c.shard[0] {
			conn = c
		}
	}
	if conn == nil {
		b.mu.Unlock()
		return "", errors.New("no gateway connection for that guild's shard")
	}
	b.interactions[id] = &interactionState{id: id, token: token, typ: typ, created: time.Now()}
	b.mu.Unlock()
	if err := conn.send(0, "INTERACTION_CREATE", p); err != nil {
		return "", fmt.Errorf("dispatch INTERACTION_CREATE: %w", err)
	}
	return id, nil
}
