// Package redisstore is the production store.Store on Redis (a single node,
// Redis Cluster or Sentinel, through go-redis's UniversalClient).
//
// Every key starts with the configured prefix and carries a hash tag, so a
// member's keys (tag = member id) live in one Cluster slot and every Lua
// script or MULTI block touches one slot only. README.md in this directory
// documents the URL forms and the full key schema.
//
// Durability is Redis's: a write is acknowledged once Redis has it, which
// survives a restart when the server runs with AOF (appendonly yes,
// appendfsync always in the shipped compose file). Open warns when the
// server has persistence off.
package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// DefaultPrefix starts every key unless Config.Prefix says otherwise.
const DefaultPrefix = "cc:"

// Config says where Redis is and how to talk to it.
type Config struct {
	// URL is one of the forms documented on the package's URL constants
	// and in README.md: redis://, rediss://, redis-cluster://,
	// redis-sentinel:// (and their rediss- TLS forms).
	URL string
	// Prefix starts every key (default "cc:"); it may not contain '{' or '}'.
	Prefix string
	// Logger receives start-up warnings (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock for what the store decides by itself, such as mark
	// expiry (default time.Now). Tests inject a fake one.
	Now func() time.Time
	// StartupWait bounds how long Open retries an unreachable server
	// (default 30s); ctx's deadline, when sooner, wins.
	StartupWait time.Duration
	// WaitReplicas is how many replicas must confirm a write (Redis WAIT,
	// pipelined with the write on the same connection) before the store
	// acknowledges it; a write they do not confirm in WaitTimeout fails
	// with store.ErrUncertain. 0 means automatic: 1 when the master (any
	// Cluster master) has a replica at Open, else none; negative turns
	// waiting off.
	WaitReplicas int
	// WaitTimeout bounds each WAIT (default 1s); it must be shorter than
	// the connection's read timeout (3s unless the URL says otherwise).
	WaitTimeout time.Duration
}

// DefaultWaitTimeout is Config.WaitTimeout's default.
const DefaultWaitTimeout = time.Second

// Store is the Redis-backed store.Store.
type Store struct {
	rdb    redis.UniversalClient
	prefix string
	addr   string
	log    *slog.Logger
	now    func() time.Time

	waitN       int           // replicas each write waits for; 0 = none
	waitTimeout time.Duration // bound of each WAIT
	nodes       nodeClients   // Cluster nodes, for following redirects with WAIT
	docs        docCache      // last seen member and club documents
	monthRecs   monthCache    // decoded month fields of runs and pains (monthcache.go)
	members     memberCache   // decoded member documents (membercache.go)
	keys        keysCache     // member key names (mkeys)
}

var _ store.Store = (*Store)(nil)

// Open connects to Redis and checks it answers. An unreachable server is
// retried with exponential backoff (logged, without credentials) until
// cfg.StartupWait or ctx runs out; the error then names the address. A
// server without persistence gets a warning in the log.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	ep, err := parseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	prefix := cfg.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if strings.ContainsAny(prefix, "{}") {
		return nil, fmt.Errorf("redis key prefix %q must not contain '{' or '}' (they make hash tags)", prefix)
	}
	s := &Store{prefix: prefix, addr: ep.addr, log: cfg.Logger, now: cfg.Now, waitTimeout: cfg.WaitTimeout}
	if s.waitTimeout <= 0 {
		s.waitTimeout = DefaultWaitTimeout
	}
	if rt := ep.readTimeout(); s.waitTimeout > rt-rt/4 {
		return nil, fmt.Errorf("redis wait timeout %v must be shorter than three quarters of the read timeout (%v)", s.waitTimeout, rt)
	}
	if ep.cluster != nil {
		ep.cluster.NewClient = s.nodes.hook(ep.cluster.NewClient)
	}
	s.rdb = ep.client()
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	wait := cfg.StartupWait
	if wait <= 0 {
		wait = 30 * time.Second
	}
	if err := s.waitReachable(ctx, wait, ep.redact); err != nil {
		s.rdb.Close()
		return nil, err
	}
	s.checkPersistence(ctx)
	if err := s.setupWait(ctx, cfg.WaitReplicas); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.rdb.Close()
		return nil, fmt.Errorf("redis store: %w", err)
	}
	return s, nil
}

// Addr is the server address the store talks to, without credentials.
func (s *Store) Addr() string { return s.addr }

// Client is the underlying go-redis client, for tests and benchmarks.
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// Prefix is the key prefix in use.
func (s *Store) Prefix() string { return s.prefix }

// waitReachable pings with exponential backoff until Redis answers.
func (s *Store) waitReachable(ctx context.Context, wait time.Duration, redact func(string) string) error {
	deadline := time.Now().Add(wait)
	backoff := 200 * time.Millisecond
	for {
		err := s.rdb.Ping(ctx).Err()
		if err == nil {
			return nil
		}
		msg := redact(err.Error())
		if redis.IsAuthError(err) || redis.IsPermissionError(err) {
			// Waiting will not fix a wrong password.
			return fmt.Errorf("redis at %s refused the credentials: %s", s.addr, msg)
		}
		left := time.Until(deadline)
		if ctx.Err() != nil || left <= 0 {
			return fmt.Errorf("redis at %s unreachable: %s", s.addr, msg)
		}
		in := min(backoff, left)
		s.log.Warn("redis unreachable, retrying", "addr", s.addr, "err", msg, "in", in)
		select {
		case <-ctx.Done():
			return fmt.Errorf("redis at %s unreachable: %s", s.addr, msg)
		case <-time.After(in):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// checkPersistence warns when acknowledged writes would not survive a
// restart. Managed services often refuse CONFIG; INFO is the fallback and
// any error is only logged at debug level.
func (s *Store) checkPersistence(ctx context.Context) {
	aof, fsync, save := "", "", ""
	if cfg, err := s.rdb.ConfigGet(ctx, "appendonly").Result(); err == nil {
		aof = cfg["appendonly"]
		if c, err := s.rdb.ConfigGet(ctx, "appendfsync").Result(); err == nil {
			fsync = c["appendfsync"]
		}
		if c, err := s.rdb.ConfigGet(ctx, "save").Result(); err == nil {
			save = c["save"]
		}
	} else if info, err := s.rdb.Info(ctx, "persistence").Result(); err == nil {
		for _, line := range strings.Split(info, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "aof_enabled:"); ok {
				aof = map[string]string{"1": "yes", "0": "no"}[v]
			}
		}
	} else {
		s.log.Debug("redis persistence unknown", "addr", s.addr, "err", err)
		return
	}
	switch {
	case aof == "no" && save == "":
		s.log.Warn("redis persistence is off: acknowledged writes are lost when Redis restarts; run it with appendonly yes",
			"addr", s.addr)
	case aof == "no":
		s.log.Warn("redis AOF is off: writes since the last RDB snapshot are lost when Redis restarts; run it with appendonly yes",
			"addr", s.addr, "save", save)
	case aof == "yes" && fsync != "" && fsync != "always":
		s.log.Info("redis appendfsync is not always: up to a second of writes may be lost on a power cut",
			"addr", s.addr, "appendfsync", fsync)
	}
}

// Close closes the client.
func (s *Store) Close() error {
	s.nodes.close()
	return s.rdb.Close()
}

// WaitReplicas is how many replicas each acknowledged write waits for (0:
// none).
func (s *Store) WaitReplicas() int { return s.waitN }

// setupWait decides how many replicas writes wait for: want when positive,
// none when negative, and for 0 one when the deployment has replicas now.
func (s *Store) setupWait(ctx context.Context, want int) error {
	switch {
	case want < 0:
		s.waitN = 0
	case want > 0:
		s.waitN = want
	default:
		has, err := s.hasReplicas(ctx)
		if err != nil {
			s.log.Warn("redis replicas unknown; writes will not wait for replicas", "addr", s.addr, "err", err)
			return nil
		}
		if has {
			s.waitN = 1
		}
	}
	if s.waitN > 0 {
		s.log.Info("redis writes wait for replicas", "addr", s.addr, "replicas", s.waitN, "timeout", s.waitTimeout)
	}
	return nil
}

// hasReplicas reports whether the master (any Cluster master) has a
// connected replica.
func (s *Store) hasReplicas(ctx context.Context) (bool, error) {
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		var any atomic.Bool
		err := cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			has, err := connectedReplicas(ctx, c)
			if has {
				any.Store(true)
			}
			return err
		})
		return any.Load(), err
	}
	return connectedReplicas(ctx, s.rdb)
}

// connectedReplicas reads INFO replication of one node.
func connectedReplicas(ctx context.Context, c redis.Cmdable) (bool, error) {
	info, err := c.Info(ctx, "replication").Result()
	if err != nil {
		return false, err
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "connected_slaves:"); ok {
			n, _ := strconv.Atoi(v)
			return n > 0, nil
		}
	}
	return false, nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis at %s: %w", s.addr, err)
	}
	return nil
}

// ---- keys ----

// key builds prefix{tag}:suffix.
func (s *Store) key(tag, suffix string) string { return s.prefix + "{" + tag + "}:" + suffix }

// memberKeys are every key of one member; Forget deletes exactly these.
type memberKeys struct {
	doc, runs, pains, cadence, balance, kept, once string
	ops, opt                                       string // op keys (ops.go)
	// Keys of schema version 1, read only by the migration.
	v1runs, v1runsSeq, v1pains, v1painsSeq string
}

// mkeys returns memberID's keys, built once per member and remembered:
// every command names several of them, and building all thirteen was a
// fifth of a command's allocations.
func (s *Store) mkeys(memberID ids.MemberID) memberKeys {
	if k, ok := s.keys.get(memberID); ok {
		return k
	}
	k := s.buildKeys(memberID)
	s.keys.put(memberID, k)
	return k
}

func (s *Store) buildKeys(memberID ids.MemberID) memberKeys {
	id := string(memberID)
	return memberKeys{
		doc:        s.key(id, "member"),
		runs:       s.key(id, "r"),
		pains:      s.key(id, "p"),
		v1runs:     s.key(id, "runs"),
		v1runsSeq:  s.key(id, "runs:seq"),
		v1pains:    s.key(id, "pains"),
		v1painsSeq: s.key(id, "pains:seq"),
		cadence:    s.key(id, "cadence"),
		balance:    s.key(id, "balance"),
		kept:       s.key(id, "kept"),
		once:       s.marksKey(id),
		ops:        s.key(id, "ops"),
		opt:        s.key(id, "opt"),
	}
}

func (k memberKeys) all() []string {
	return []string{k.runs, k.pains, k.v1runs, k.v1runsSeq, k.v1pains, k.v1painsSeq, k.cadence, k.balance, k.kept, k.once, k.ops, k.opt, k.doc}
}

// marksKey holds the marks of a scope: a member (their "once" key), a club
// or a platform name.
func (s *Store) marksKey(scope string) string { return s.key(scope, "once") }

func (s *Store) clubKey(id ids.ClubID) string    { return s.key("club:"+string(id), "club") }
func (s *Store) clubIndex() string               { return s.key("clubs", "all") }
func (s *Store) queueKey(platform string) string { return s.key("due:"+platform, "queue") }
func (s *Store) queueIndex() string              { return s.key("due", "platforms") }
func (s *Store) boardKey(name string) string     { return s.key(boardTag(name), "z") }
func boardTag(name string) string                { return "board:" + name }

// Web page tokens live in one slot ({web}) so a change of token and its
// lookup is one script: tokens maps sha256(token) to the club id, clubs
// maps the club id to "<sha256 hex>:<token>".
func (s *Store) webKeys() []string { return []string{s.key("web", "tokens"), s.key("web", "clubs")} }

// knownPlatforms are always searched by Forget, even if the platform index
// were lost.
var knownPlatforms = []string{"telegram", "discord", "console"}

// ---- scripts (each touches the keys of one hash slot) ----

// casScript stores ARGV[3] at KEYS[1] if the value is still ARGV[2] (or
// still absent when ARGV[1] is "0"): optimistic concurrency in two round
// trips (GET, then this), with no connection pinned as WATCH would.
var casScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if cur then return 0 end
elseif cur ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3])
return 1`)

// addRecordScript (op-aware, see opPrelude) adds ARGV[5] to the ZSET
// KEYS[3] at score ARGV[4]; a byte-identical record gets trailing spaces
// (still the same JSON) so duplicates are each kept, as the embedded store
// keeps them.
var addRecordScript = redis.NewScript(opPrelude + `
local m = ARGV[5]
while redis.call('ZADD', KEYS[3], 'NX', ARGV[4], m) == 0 do m = m .. ' ' end
return done(1)`)

// markScript (op-aware; now is the prelude's NOW): KEYS[3] once; ARGV[4]
// ttl ms, ARGV[5] key. Marks of a scope are one ZSET scored by expiry;
// expired ones are swept on each Mark and the key lives as long as its
// longest mark.
var markScript = redis.NewScript(opPrelude + `
local exp = NOW + tonumber(ARGV[4])
local cur = redis.call('ZSCORE', KEYS[3], ARGV[5])
if cur and tonumber(cur) > NOW then return done(0) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', NOW)
redis.call('ZADD', KEYS[3], exp, ARGV[5])
local pttl = redis.call('PTTL', KEYS[3])
if pttl < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
return done(1)`)

// keepScript (op-aware): KEYS[3] kept list; ARGV[4] message, ARGV[5] how
// many to keep, ARGV[6] the list's ttl in ms.
var keepScript = redis.NewScript(opPrelude + `
redis.call('RPUSH', KEYS[3], ARGV[4])
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
redis.call('PEXPIRE', KEYS[3], ARGV[6])
return done(1)`)

// boardAddScript (op-aware): KEYS[3] board; ARGV[4] delta (negated, see
// BoardAdd), ARGV[5] member. The result is the new stored score.
var boardAddScript = redis.NewScript(opPrelude + `
return done(redis.call('ZINCRBY', KEYS[3], ARGV[4], ARGV[5]))`)

// claimScript: KEYS queue; ARGV now ms, lease-until ms, max. Returns job,
// old score pairs.
var claimScript = redis.NewScript(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #due, 2 do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], due[i]) end
return due`)

// boardScoreScript: KEYS board; ARGV member. Scores are stored negated
// (see BoardAdd), so the entries above are those with a lower stored score.
var boardScoreScript = redis.NewScript(`
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then return {} end
return {s, redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. s)}`)

// setWebScript: KEYS tokens, clubs; ARGV club, "<hash>:<token>" or "" to
// clear. Returns 0 when the token belongs to another club.
var setWebScript = redis.NewScript(`
local hash = string.sub(ARGV[2], 1, 64)
if ARGV[2] ~= '' then
  local owner = redis.call('HGET', KEYS[1], hash)
  if owner and owner ~= ARGV[1] then return 0 end
end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then redis.call('HDEL', KEYS[1], string.sub(old, 1, 64)) end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[1], hash, ARGV[1])
end
return 1`)

// moveWebScript: KEYS tokens, clubs; ARGV from, to. The page token follows
// a moved club; a token the new id had is dropped.
var moveWebScript = redis.NewScript(`
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then return 0 end
local had = redis.call('HGET', KEYS[2], ARGV[2])
if had then redis.call('HDEL', KEYS[1], string.sub(had, 1, 64)) end
redis.call('HSET', KEYS[2], ARGV[2], v)
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], string.sub(v, 1, 64), ARGV[2])
return 1`)

// ---- helpers ----

// notFound maps redis.Nil to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, redis.Nil) {
		return store.ErrNotFound
	}
	return err
}

func checkID[ID ~string](kind string, id ID) error {
	if id == "" {
		return fmt.Errorf("empty %s id", kind)
	}
	return nil
}

// micros scores records: exact in a float64 for any plausible date.
func micros(t time.Time) float64 { return float64(t.UnixMicro()) }

// update is the optimistic read-modify-write behind UpdateMember and
// UpdateClub: GET, apply, compare-and-set; on a conflict retry with a
// little jitter until it wins or ctx ends.
func update[T any](ctx context.Context, s *Store, key string, init func() T, fn func(*T) error, fix func(*T, bool)) (T, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		// First try from the document this process saw last (no GET);
		// if another write got in since, the compare-and-set fails and
		// the next attempt reads the current one.
		raw, exists := "", false
		if cached, ok := s.docs.get(key); ok && attempt == 0 {
			raw, exists = cached, true
		} else {
			var err error
			raw, err = s.rdb.Get(ctx, key).Result()
			exists = err == nil
			if err != nil && !errors.Is(err, redis.Nil) {
				return zero, err
			}
		}
		v := init()
		if exists {
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				s.docs.drop(key)
				return zero, fmt.Errorf("decode %s: %w", key, err)
			}
		}
		if err := fn(&v); err != nil {
			return zero, err
		}
		fix(&v, !exists)
		doc, err := json.Marshal(v)
		if err != nil {
			return zero, err
		}
		flag := "1"
		if !exists {
			flag = "0"
		}
		res, err := s.write(ctx, casScript, []string{key}, flag, raw, doc)
		if err != nil {
			s.docs.drop(key)
			return zero, err
		}
		if ok, _ := res.(int64); ok == 1 {
			s.docs.put(key, string(doc))
			return v, nil
		}
		s.docs.drop(key)
		if attempt >= 1000 {
			return zero, fmt.Errorf("gave up after %d conflicting writes", attempt)
		}
		if attempt == 0 {
			continue // the cached version was stale: read and retry at once
		}
		select {
		case <-ctx.Done():
			return zero, ctx.Err()
		case <-time.After(time.Duration(rand.IntN(1+min(attempt, 20))) * time.Millisecond):
		}
	}
}

// ---- Members ----

// Member returns the member, or ErrNotFound.
func (s *Store) Member(ctx context.Context, id ids.MemberID) (store.Member, error) {
	key := s.mkeys(id).doc
	raw, err := s.rdb.Get(ctx, key).Bytes()
	if err != nil {
		s.docs.drop(key)
		return store.Member{}, fmt.Errorf("member %s: %w", id, notFound(err))
	}
	s.docs.put(key, string(raw))
	m, err := s.members.decode(key, string(raw))
	if err != nil {
		return store.Member{}, fmt.Errorf("member %s: %w", id, err)
	}
	return m, nil
}

// UpdateMember is an optimistic compare-and-set loop: fn may run again
// when another write got in first.
func (s *Store) UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	if err := checkID("member", id); err != nil {
		return store.Member{}, err
	}
	m, err := update(ctx, s, s.mkeys(id).doc,
		func() store.Member { return store.Member{ID: id} }, fn,
		func(m *store.Member, isNew bool) {
			m.ID = id
			if isNew && m.Created.IsZero() {
				m.Created = s.now().UTC()
			}
		})
	if err != nil {
		return store.Member{}, fmt.Errorf("update member %s: %w", id, err)
	}
	return m, nil
}

// ---- Health ----

func (s *Store) addRecord(ctx context.Context, memberID, kind, key string, at time.Time, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, _, err = s.opWrite(ctx, addRecordScript, memberID, opFor(ctx, kind), []string{key}, micros(at), doc)
	return err
}

// decodeAll decodes JSON members of a record ZSET.
func decodeAll[T any](raw []string) ([]T, error) {
	out := make([]T, 0, len(raw))
	for _, r := range raw {
		var v T
		if c, ok := any(&v).(*store.Cadence); ok && cadenceJSON(r, c) {
			out = append(out, v)
			continue
		}
		if err := json.Unmarshal([]byte(r), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// newest reads up to n (all when n <= 0) newest records.
func newest[T any](ctx context.Context, s *Store, key string, n int) ([]T, error) {
	stop := int64(n) - 1
	if n <= 0 {
		stop = -1
	}
	raw, err := s.rdb.ZRevRange(ctx, key, 0, stop).Result()
	if err != nil {
		return nil, err
	}
	return decodeAll[T](raw)
}

// AddCadence stores a cadence record.
func (s *Store) AddCadence(ctx context.Context, memberID ids.MemberID, c store.Cadence) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = s.now()
	}
	c.At = c.At.UTC()
	if err := s.addRecord(ctx, string(memberID), "cadence", s.mkeys(memberID).cadence, c.At, c); err != nil {
		return fmt.Errorf("add cadence for %s: %w", memberID, err)
	}
	return nil
}

// Cadences returns up to n (all when n <= 0) records, newest first.
func (s *Store) Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]store.Cadence, error) {
	out, err := newest[store.Cadence](ctx, s, s.mkeys(memberID).cadence, n)
	if err != nil {
		return nil, fmt.Errorf("cadences of %s: %w", memberID, err)
	}
	return out, nil
}

// AddBalance stores a balance record.
func (s *Store) AddBalance(ctx context.Context, memberID ids.MemberID, b store.Balance) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	if b.At.IsZero() {
		b.At = s.now()
	}
	b.At = b.At.UTC()
	if err := s.addRecord(ctx, string(memberID), "balance", s.mkeys(memberID).balance, b.At, b); err != nil {
		return fmt.Errorf("add balance for %s: %w", memberID, err)
	}
	return nil
}

// Balances returns up to n (all when n <= 0) records, newest first.
func (s *Store) Balances(ctx context.Context, memberID ids.MemberID, n int) ([]store.Balance, error) {
	out, err := newest[store.Balance](ctx, s, s.mkeys(memberID).balance, n)
	if err != nil {
		return nil, fmt.Errorf("balances of %s: %w", memberID, err)
	}
	return out, nil
}

// ---- Privacy ----

// Export reads every key of the member in one pipelined round trip.
func (s *Store) Export(ctx context.Context, memberID ids.MemberID) (store.Export, error) {
	k := s.mkeys(memberID)
	var (
		doc                    *redis.StringCmd
		cadence, balance, kept *redis.StringSliceCmd
	)
	var runs, pains *redis.MapStringStringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		doc = p.Get(ctx, k.doc)
		runs = p.HGetAll(ctx, k.runs)
		pains = p.HGetAll(ctx, k.pains)
		cadence = p.ZRange(ctx, k.cadence, 0, -1)
		balance = p.ZRange(ctx, k.balance, 0, -1)
		kept = p.LRange(ctx, k.kept, 0, -1)
		return nil
	})
	if err != nil {
		// Pipelined reports the first failure, which may be the harmless
		// redis.Nil of a member without a document: check each reply.
		for _, c := range []redis.Cmder{doc, runs, pains, cadence, balance, kept} {
			if err := c.Err(); err != nil && !errors.Is(err, redis.Nil) {
				return store.Export{}, fmt.Errorf("export %s: %w", memberID, err)
			}
		}
	}
	e := store.Export{Member: store.Member{ID: memberID}, Runs: []store.Run{}}
	if raw, err := doc.Bytes(); err == nil {
		if err := json.Unmarshal(raw, &e.Member); err != nil {
			return store.Export{}, fmt.Errorf("export %s: %w", memberID, err)
		}
	}
	if e.Runs, err = s.decodeRuns(k.runs, runs.Val(), "", ""); err == nil {
		if e.Pains, err = s.decodePains(k.pains, pains.Val(), time.Time{}); err == nil {
			if e.Cadences, err = decodeAll[store.Cadence](cadence.Val()); err == nil {
				if e.Balances, err = decodeAll[store.Balance](balance.Val()); err == nil {
					e.Kept, err = decodeAll[store.Kept](kept.Val())
				}
			}
		}
	}
	if err != nil {
		return store.Export{}, fmt.Errorf("export %s: %w", memberID, err)
	}
	sort.SliceStable(e.Cadences, func(i, j int) bool { return e.Cadences[i].At.Before(e.Cadences[j].At) })
	sort.SliceStable(e.Balances, func(i, j int) bool { return e.Balances[i].At.Before(e.Balances[j].At) })
	return e, nil
}

// Forget removes the member from boards, clubs and queues, then deletes
// every key of the member in one DEL (one slot). The member document goes
// last, so a Forget cut short by an outage can simply be repeated.
func (s *Store) Forget(ctx context.Context, memberID ids.MemberID) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	m, err := s.Member(ctx, memberID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("forget %s: %w", memberID, err)
	}
	if len(m.Boards) > 0 {
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, b := range m.Boards {
				p.ZRem(ctx, s.boardKey(b), string(memberID))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("forget %s: boards: %w", memberID, err)
		}
	}
	for _, clubID := range m.Clubs {
		if _, err := s.DeleteShares(ctx, clubID, memberID); err != nil {
			return fmt.Errorf("forget %s: shares in %s: %w", memberID, clubID, err)
		}
		if err := s.dropFromClub(ctx, string(clubID), string(memberID)); err != nil {
			return fmt.Errorf("forget %s: club %s: %w", memberID, clubID, err)
		}
	}
	if err := s.dropJobs(ctx, string(memberID)); err != nil {
		return fmt.Errorf("forget %s: queue: %w", memberID, err)
	}
	k := s.mkeys(memberID)
	if err := s.rdb.Del(ctx, k.all()...).Err(); err != nil {
		return fmt.Errorf("forget %s: %w", memberID, err)
	}
	s.docs.drop(k.doc)
	// Decoded health records must not outlive the member in this process.
	s.monthRecs.dropKeys(k.runs, k.pains)
	s.members.drop(k.doc)
	// A scheduler that read the member before the DEL may have queued a
	// job after the first sweep; it checks the document after queueing,
	// so a second sweep after the DEL leaves no such job behind.
	if err := s.dropJobs(ctx, string(memberID)); err != nil {
		return fmt.Errorf("forget %s: queue: %w", memberID, err)
	}
	return nil
}

// dropFromClub removes the member from an existing club's lists.
func (s *Store) dropFromClub(ctx context.Context, clubID, memberID string) error {
	key := s.clubKey(ids.ClubID(clubID))
	for attempt := 0; attempt < 100; attempt++ {
		raw, err := s.rdb.Get(ctx, key).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return err
		}
		var c store.Club
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return err
		}
		if !shared.DropMember(&c, ids.MemberID(memberID)) {
			return nil
		}
		doc, err := json.Marshal(c)
		if err != nil {
			return err
		}
		res, err := s.write(ctx, casScript, []string{key}, "1", raw, doc)
		if ok, _ := res.(int64); err != nil || ok == 1 {
			return err
		}
	}
	return errors.New("too many conflicting writes")
}

// globEscape quotes the glob metacharacters of s for MATCH.
func globEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// dropJobs removes, from every platform's queue, the jobs naming member
// (or club: the rule is the same).
func (s *Store) dropJobs(ctx context.Context, memberID string) error {
	platforms, err := s.rdb.SMembers(ctx, s.queueIndex()).Result()
	if err != nil {
		return err
	}
	if p, _, ok := strings.Cut(memberID, ":"); ok {
		platforms = append(platforms, p)
	}
	platforms = append(platforms, knownPlatforms...)
	slices.Sort(platforms)
	pattern := "*" + globEscape(memberID) + "*"
	for _, platform := range slices.Compact(platforms) {
		key := s.queueKey(platform)
		var doomed []any
		iter := s.rdb.ZScan(ctx, key, 0, pattern, 500).Iterator()
		for i := 0; iter.Next(ctx); i++ {
			if i%2 == 0 && shared.JobNames(iter.Val(), memberID) { // job, score, job, score…
				doomed = append(doomed, iter.Val())
			}
		}
		if err := iter.Err(); err != nil {
			return err
		}
		if len(doomed) > 0 {
			if err := s.rdb.ZRem(ctx, key, doomed...).Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---- Outbox ----

// keptTTL lets a refused message's list outlive its 7 days a little, so
// TakeKept can still tell "dropped" from "never kept".
const keptTTL = shared.KeptMaxAge + 24*time.Hour

// Keep appends the message, trims the list to KeptMax and refreshes its
// expiry in one script.
func (s *Store) Keep(ctx context.Context, memberID ids.MemberID, k store.Kept) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	if k.At.IsZero() {
		k.At = s.now()
	}
	k.At = k.At.UTC()
	doc, err := json.Marshal(k)
	if err != nil {
		return fmt.Errorf("keep message for %s: %w", memberID, err)
	}
	_, _, err = s.opWrite(ctx, keepScript, string(memberID), opFor(ctx, "keep"), []string{s.mkeys(memberID).kept},
		doc, shared.KeptMax, keptTTL.Milliseconds())
	if err != nil {
		return fmt.Errorf("keep message for %s: %w", memberID, err)
	}
	return nil
}

// TakeKept reads and deletes the list in one MULTI, then keeps the
// messages newer than now-7 days.
func (s *Store) TakeKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]store.Kept, error) {
	key := s.mkeys(memberID).kept
	var list *redis.StringSliceCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		list = p.LRange(ctx, key, 0, -1)
		p.Del(ctx, key)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("take kept messages of %s: %w", memberID, err)
	}
	all, err := decodeAll[store.Kept](list.Val())
	if err != nil {
		return nil, fmt.Errorf("take kept messages of %s: %w", memberID, err)
	}
	cutoff := now.Add(-shared.KeptMaxAge)
	out := slices.DeleteFunc(all, func(k store.Kept) bool { return !k.At.After(cutoff) })
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// PeekKept reads the list without changing it.
func (s *Store) PeekKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]store.Kept, error) {
	list, err := s.rdb.LRange(ctx, s.mkeys(memberID).kept, 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("peek kept messages of %s: %w", memberID, err)
	}
	all, err := decodeAll[store.Kept](list)
	if err != nil {
		return nil, fmt.Errorf("peek kept messages of %s: %w", memberID, err)
	}
	cutoff := now.Add(-shared.KeptMaxAge)
	out := slices.DeleteFunc(all, func(k store.Kept) bool { return !k.At.After(cutoff) })
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// AckKept removes one list entry per delivered message in one MULTI. An
// entry is the message's JSON as Keep wrote it, which encoding the decoded
// message again reproduces (UTC time, same fields).
func (s *Store) AckKept(ctx context.Context, memberID ids.MemberID, delivered []store.Kept) error {
	if len(delivered) == 0 {
		return nil
	}
	key := s.mkeys(memberID).kept
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range delivered {
			k.At = k.At.UTC()
			doc, err := json.Marshal(k)
			if err != nil {
				return err
			}
			p.LRem(ctx, key, 1, doc)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ack kept messages of %s: %w", memberID, err)
	}
	return nil
}

// ---- Clubs ----

// Club returns the club, or ErrNotFound.
func (s *Store) Club(ctx context.Context, id ids.ClubID) (store.Club, error) {
	raw, err := s.rdb.Get(ctx, s.clubKey(id)).Bytes()
	if err != nil {
		return store.Club{}, fmt.Errorf("club %s: %w", id, notFound(err))
	}
	var c store.Club
	if err := json.Unmarshal(raw, &c); err != nil {
		return store.Club{}, fmt.Errorf("club %s: %w", id, err)
	}
	return c, nil
}

// UpdateClub is UpdateMember for clubs; the club joins the club index
// after its document is written (the index lives in another slot).
func (s *Store) UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (store.Club, error) {
	if err := checkID("club", id); err != nil {
		return store.Club{}, err
	}
	c, err := update(ctx, s, s.clubKey(id), func() store.Club { return store.Club{ID: id} }, fn,
		func(c *store.Club, _ bool) { c.ID = id })
	if err == nil {
		err = s.rdb.SAdd(ctx, s.clubIndex(), string(id)).Err()
	}
	if err != nil {
		return store.Club{}, fmt.Errorf("update club %s: %w", id, err)
	}
	return c, nil
}

// ClubIDs lists every club, sorted.
func (s *Store) ClubIDs(ctx context.Context) ([]ids.ClubID, error) {
	all, err := s.rdb.SMembers(ctx, s.clubIndex()).Result()
	if err != nil {
		return nil, fmt.Errorf("list clubs: %w", err)
	}
	slices.Sort(all)
	return ids.Clubs(all), nil
}

// MoveClub writes the club under its new id, then fixes the index and
// deletes the old document, so a move cut short can be repeated.
func (s *Store) MoveClub(ctx context.Context, from, to ids.ClubID) error {
	defer s.docs.drop(s.clubKey(from))
	defer s.docs.drop(s.clubKey(to))
	if err := checkID("club", to); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	err := func() error {
		raw, err := s.rdb.Get(ctx, s.clubKey(from)).Bytes()
		if errors.Is(err, redis.Nil) {
			n, err := s.rdb.Exists(ctx, s.clubKey(to)).Result()
			if err != nil {
				return err
			}
			if n == 1 {
				return s.rdb.SRem(ctx, s.clubIndex(), string(from)).Err() // a retried move
			}
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		var c store.Club
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		doc, err := json.Marshal(shared.MovedClub(c, from, to))
		if err != nil {
			return err
		}
		if err := s.rdb.Set(ctx, s.clubKey(to), doc, 0).Err(); err != nil {
			return err
		}
		if _, err := s.write(ctx, moveWebScript, s.webKeys(), string(from), string(to)); err != nil {
			return err
		}
		_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.SAdd(ctx, s.clubIndex(), string(to))
			p.SRem(ctx, s.clubIndex(), string(from))
			p.Del(ctx, s.clubKey(from))
			return nil
		})
		return err
	}()
	if err != nil {
		return fmt.Errorf("move club %s to %s: %w", from, to, err)
	}
	return nil
}

// ---- Web pages ----

// SetWebToken sets or clears the club's page token; see store.WebPages.
func (s *Store) SetWebToken(ctx context.Context, clubID ids.ClubID, token string) error {
	if err := checkID("club", clubID); err != nil {
		return err
	}
	val := ""
	if token != "" {
		if err := shared.CheckWebToken(token); err != nil {
			return err
		}
		val = shared.WebTokenKey(token) + ":" + token
	}
	res, err := s.write(ctx, setWebScript, s.webKeys(), string(clubID), val)
	if n, _ := res.(int64); err == nil && n == 0 {
		err = errors.New("web token already belongs to another club")
	}
	if err != nil {
		return fmt.Errorf("set web token of %s: %w", clubID, err)
	}
	return nil
}

// DeleteClub removes the given boards, the club's marks and the jobs
// naming it, then its document and index entry; see store.Clubs.
func (s *Store) DeleteClub(ctx context.Context, id ids.ClubID, boards []string) error {
	defer s.docs.drop(s.clubKey(id))
	if err := checkID("club", id); err != nil {
		return err
	}
	err := func() error {
		// Boards live in slots of their own: one DEL each, pipelined.
		if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, b := range boards {
				p.Del(ctx, s.boardKey(b))
				p.Del(ctx, s.opKeys(boardTag(b))...)
			}
			p.Del(ctx, s.marksKey(string(id)))
			p.Del(ctx, s.opKeys(string(id))...)
			return nil
		}); err != nil {
			return err
		}
		if err := s.dropJobs(ctx, string(id)); err != nil {
			return err
		}
		if err := s.rdb.Del(ctx, s.clubKey(id)).Err(); err != nil {
			return err
		}
		return s.rdb.SRem(ctx, s.clubIndex(), string(id)).Err()
	}()
	if err != nil {
		return fmt.Errorf("delete club %s: %w", id, err)
	}
	return nil
}

// WebToken returns the club's page token, "" when off.
func (s *Store) WebToken(ctx context.Context, clubID ids.ClubID) (string, error) {
	v, err := s.rdb.HGet(ctx, s.webKeys()[1], string(clubID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("web token of %s: %w", clubID, err)
	}
	_, tok, _ := strings.Cut(v, ":")
	return tok, nil
}

// WebClub looks a page token up by its hash: one HGET.
func (s *Store) WebClub(ctx context.Context, token string) (ids.ClubID, error) {
	club, err := s.rdb.HGet(ctx, s.webKeys()[0], shared.WebTokenKey(token)).Result()
	if err != nil {
		return "", fmt.Errorf("web page: %w", notFound(err))
	}
	return ids.ClubID(club), nil
}

// ---- Marks ----

// Mark records key under scope until now+ttl, by the store's clock.
func (s *Store) Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error) {
	if err := shared.CheckMark(scope, key, ttl); err != nil {
		return false, err
	}
	ms := max(ttl.Milliseconds(), 1)
	_, n, err := s.opWrite(ctx, markScript, scope, opFor(ctx, "mark"), []string{s.marksKey(scope)}, ms, key)
	if err != nil {
		return false, fmt.Errorf("mark %s/%s: %w", scope, key, err)
	}
	return n == "1", nil
}

// Marked reports whether key is recorded under scope and not expired.
func (s *Store) Marked(ctx context.Context, scope, key string) (bool, error) {
	exp, err := s.rdb.ZScore(ctx, s.marksKey(scope), key).Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("marked %s/%s: %w", scope, key, err)
	}
	return exp > float64(s.now().UnixMilli()), nil
}

// ---- Queue ----

// Schedule sets the job's score to its fire time in unix milliseconds and
// records the platform for Forget, in one pipelined round trip.
func (s *Store) Schedule(ctx context.Context, platform, job string, at time.Time) error {
	if platform == "" || job == "" {
		return fmt.Errorf("schedule %q on %q: empty platform or job", job, platform)
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, s.queueKey(platform), redis.Z{Score: float64(at.UnixMilli()), Member: job})
		p.SAdd(ctx, s.queueIndex(), platform)
		return nil
	})
	if err != nil {
		return fmt.Errorf("schedule %s on %s: %w", job, platform, err)
	}
	return nil
}

// Unschedule removes the job; absent jobs are no error.
func (s *Store) Unschedule(ctx context.Context, platform, job string) error {
	if err := s.rdb.ZRem(ctx, s.queueKey(platform), job).Err(); err != nil {
		return fmt.Errorf("unschedule %s on %s: %w", job, platform, err)
	}
	return nil
}

// Claim takes and leases due jobs in one Lua script, so two claimers never
// get the same job.
func (s *Store) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, max int) ([]store.Due, error) {
	out := []store.Due{}
	if max <= 0 {
		return out, nil
	}
	if err := shared.CheckLease(platform, lease); err != nil {
		return nil, err
	}
	flat, err := redis.NewCmdResult(s.eval(ctx, claimScript, []string{s.queueKey(platform)},
		now.UnixMilli(), now.Add(lease).UnixMilli(), max)).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("claim on %s: %w", platform, err)
	}
	for i := 0; i+1 < len(flat); i += 2 {
		ms, err := strconv.ParseFloat(flat[i+1], 64)
		if err != nil {
			return nil, fmt.Errorf("claim on %s: score %q: %w", platform, flat[i+1], err)
		}
		out = append(out, store.Due{Job: flat[i], At: time.UnixMilli(int64(ms)).UTC()})
	}
	return out, nil
}

// When returns the job's fire time, or ErrNotFound.
func (s *Store) When(ctx context.Context, platform, job string) (time.Time, error) {
	ms, err := s.rdb.ZScore(ctx, s.queueKey(platform), job).Result()
	if err != nil {
		return time.Time{}, fmt.Errorf("when %s on %s: %w", job, platform, notFound(err))
	}
	return time.UnixMilli(int64(ms)).UTC(), nil
}

// ---- Boards ----

// Boards store each score negated: ZRANGE then yields the highest first
// with ties in ascending member order, as BoardTop promises (ZREVRANGE
// would order ties descending).

func unneg(v float64) int64 {
	if v == 0 {
		return 0
	}
	return -int64(math.Round(v))
}

// BoardAdd adds delta with ZINCRBY and returns the new score.
func (s *Store) BoardAdd(ctx context.Context, board string, member ids.MemberID, delta int64) (int64, error) {
	if board == "" || member == "" {
		return 0, fmt.Errorf("board add %q to %q: empty board or member", member, board)
	}
	_, raw, err := s.opWrite(ctx, boardAddScript, boardTag(board), opFor(ctx, "board"), []string{s.boardKey(board)},
		-delta, string(member))
	var v float64
	if err == nil {
		v, err = strconv.ParseFloat(raw, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("board %s add for %s: %w", board, member, err)
	}
	return unneg(v), nil
}

// BoardTop returns the n highest entries (all when n <= 0).
func (s *Store) BoardTop(ctx context.Context, board string, n int) ([]store.Score, error) {
	stop := int64(n) - 1
	if n <= 0 {
		stop = -1
	}
	zs, err := s.rdb.ZRangeWithScores(ctx, s.boardKey(board), 0, stop).Result()
	if err != nil {
		return nil, fmt.Errorf("board %s top: %w", board, err)
	}
	out := make([]store.Score, 0, len(zs))
	for _, z := range zs {
		m, _ := z.Member.(string)
		out = append(out, store.Score{Member: ids.MemberID(m), Value: unneg(z.Score)})
	}
	shared.CompetitionRanks(out, 1)
	return out, nil
}

// BoardScore returns the entry and its rank in one script call.
func (s *Store) BoardScore(ctx context.Context, board string, member ids.MemberID) (store.Score, error) {
	reply, err := s.eval(ctx, boardScoreScript, []string{s.boardKey(board)}, string(member))
	res, _ := reply.([]any)
	if err == nil && len(res) != 2 {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Score{}, fmt.Errorf("board %s score of %s: %w", board, member, err)
	}
	raw, _ := res[0].(string)
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return store.Score{}, fmt.Errorf("board %s score of %s: %q: %w", board, member, raw, err)
	}
	above, _ := res[1].(int64)
	return store.Score{Member: member, Value: unneg(v), Rank: int(above) + 1}, nil
}

// BoardRemove deletes the entry; absent entries are no error.
func (s *Store) BoardRemove(ctx context.Context, board string, member ids.MemberID) error {
	if err := s.rdb.ZRem(ctx, s.boardKey(board), string(member)).Err(); err != nil {
		return fmt.Errorf("board %s remove %s: %w", board, member, err)
	}
	return nil
}

// BoardDelete deletes the board; absent boards are no error.
func (s *Store) BoardDelete(ctx context.Context, board string) error {
	if err := s.rdb.Del(ctx, s.boardKey(board)).Err(); err != nil {
		return fmt.Errorf("board %s delete: %w", board, err)
	}
	if err := s.rdb.Del(ctx, s.opKeys(boardTag(board))...).Err(); err != nil {
		return fmt.Errorf("board %s delete: %w", board, err)
	}
	return nil
}

// RouteLibraryLogs sends go-redis's own log lines (mostly failed dials
// during an outage, which the store already reports as errors) to l at
// debug level instead of stderr. It sets go-redis's process-wide logger,
// so the program calls it once at start.
func RouteLibraryLogs(l *slog.Logger) { redis.SetLogger(libLogger{l}) }

type libLogger struct{ l *slog.Logger }

func (g libLogger) Printf(ctx context.Context, format string, v ...any) {
	g.l.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
