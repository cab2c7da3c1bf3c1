package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Writes that are not idempotent by themselves (appends, increments, marks)
// carry an op key (store.OpKey: the command's id and the write's place in
// it, plus what kind of write it is). Each slot that takes such writes has
// two keys for them: {tag}:ops, a hash from op key to the write's first
// result, and {tag}:opt, a sorted set of the same keys scored by their
// expiry (store clock, ms). A script that finds its op key answers the
// stored result and writes nothing, so a go-redis retry after a timeout or
// a redelivered command is applied once.

// opPrelude starts every op-aware script. KEYS[1], KEYS[2] are the slot's
// ops hash and expiry set; ARGV[1] the op key ("" for none), ARGV[2] now
// and ARGV[3] the ttl in ms. Scripts return done(result): {0, result} the
// first time, {1, result} on a repeat. The script's own keys start at
// KEYS[3] and its arguments at ARGV[4].
const opPrelude = `
local OP, NOW, TTL = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if OP ~= '' then
  local exp = redis.call('ZSCORE', KEYS[2], OP)
  if exp and tonumber(exp) > NOW then
    local r = redis.call('HGET', KEYS[1], OP)
    if r then return {1, r} end
  end
end
local function done(r)
  r = tostring(r)
  if OP ~= '' then
    local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', NOW, 'LIMIT', 0, 64)
    if #old > 0 then
      redis.call('HDEL', KEYS[1], unpack(old))
      redis.call('ZREM', KEYS[2], unpack(old))
    end
    redis.call('HSET', KEYS[1], OP, r)
    redis.call('ZADD', KEYS[2], NOW + TTL, OP)
    redis.call('PEXPIRE', KEYS[1], TTL)
    redis.call('PEXPIRE', KEYS[2], TTL)
  end
  return {0, r}
end
`

// opKeys are the op keys of the slot of tag.
func (s *Store) opKeys(tag string) []string {
	return []string{s.key(tag, "ops"), s.key(tag, "opt")}
}

// opFor returns the key of the next write of ctx's op, for a write of
// kind ("run", "board"…: two kinds of write never share a key); "" when
// ctx carries no op.
func opFor(ctx context.Context, kind string) string {
	op := store.OpKey(ctx)
	if op != "" {
		op += "/" + kind
	}
	return op
}

// opWrite runs an op-aware script (see opPrelude) on tag's slot under the
// op key op and returns its reply: flag 0 for a write done now, 1 for a
// repeat (result is then the first write's), anything else as the script
// decides (nothing recorded).
func (s *Store) opWrite(ctx context.Context, sc *redis.Script, tag, op string, keys []string, args ...any) (flag int64, result string, err error) {
	ks := append(s.opKeys(tag), keys...)
	as := append([]any{op, s.now().UnixMilli(), store.OpTTL.Milliseconds()}, args...)
	res, err := s.write(ctx, sc, ks, as...)
	if err != nil {
		return 0, "", err
	}
	pair, ok := res.([]any)
	if !ok || len(pair) != 2 {
		return 0, "", fmt.Errorf("unexpected script reply %v", res)
	}
	flag, _ = pair[0].(int64)
	result, _ = pair[1].(string)
	if flag <= 1 {
		store.OpApplied(ctx)
	}
	return flag, result, nil
}

// write runs a script that changes data: on a replicated deployment with
// WAIT on, pipelined with WAIT on the same connection, so the reply says
// whether enough replicas have it. An outcome the store cannot know (a
// timeout after sending, a dropped connection, replicas not confirming)
// is wrapped in store.ErrUncertain.
func (s *Store) write(ctx context.Context, sc *redis.Script, keys []string, args ...any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // nothing was sent
	}
	var res any
	var err error
	switch cc, isCluster := s.rdb.(*redis.ClusterClient); {
	case s.waitN <= 0:
		res, err = s.eval(ctx, sc, keys, args...)
	case isCluster:
		res, err = s.evalClusterWait(ctx, cc, sc, keys, args)
	default:
		res, err = s.evalWait(ctx, s.rdb, sc, keys, args, false)
	}
	if err != nil && uncertain(err) && !errors.Is(err, store.ErrUncertain) {
		err = fmt.Errorf("%w: %w", store.ErrUncertain, err)
	}
	return res, err
}

// eval runs a script through go-redis (which follows MOVED and ASK), and
// retries while a slot migration answers TRYAGAIN or the cluster is down
// for a moment: a script refused that way never ran, so a retry is safe
// for reads and writes alike. go-redis gives up after a few redirects
// (ASK, then TRYAGAIN on the importing node, then ASK again…) and returns
// the last one; that script never ran either, so it is retried too.
func (s *Store) eval(ctx context.Context, sc *redis.Script, keys []string, args ...any) (any, error) {
	for attempt := 0; ; attempt++ {
		res, err := sc.Run(ctx, s.rdb, keys, args...).Result()
		if !retryable(err) && !redirected(err) || attempt >= maxTryAgain {
			return res, err
		}
		if err := pause(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

// maxTryAgain bounds the retries of a script refused during a slot
// migration (about 3 s with pause's backoff).
const maxTryAgain = 20

func retryable(err error) bool {
	return err != nil && (redis.IsTryAgainError(err) || redis.IsClusterDownError(err))
}

// redirected reports a MOVED or ASK answer: the command did not run.
func redirected(err error) bool {
	if err == nil {
		return false
	}
	_, moved := redis.IsMovedError(err)
	_, ask := redis.IsAskError(err)
	return moved || ask
}

// pause waits before retry attempt n+1: 5 ms doubling up to 200 ms.
func pause(ctx context.Context, n int) error {
	d := min(5*time.Millisecond<<min(n, 6), 200*time.Millisecond)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pipeliner is a client that pipelines on one connection: a single node or
// Sentinel's master (*redis.Client), or a ring of one.
type pipeliner interface {
	Pipelined(ctx context.Context, fn func(redis.Pipeliner) error) ([]redis.Cmder, error)
	redis.Scripter
}

// evalWait pipelines EVALSHA (after ASKING when asking) and WAIT on one
// connection of c, so WAIT counts the replicas that have this write.
//
// WAIT itself has no timeout: the pipeline's context ends it after
// waitTimeout, which makes go-redis drop the connection. That matters after
// a failover: a connection still open to the demoted master (go-redis only
// closes idle ones when Sentinel announces the switch) would otherwise take
// write after unconfirmed write; dropped, the next write dials the new
// master.
func (s *Store) evalWait(ctx context.Context, c pipeliner, sc *redis.Script, keys []string, args []any, asking bool) (any, error) {
	for attempt := 0; ; attempt++ {
		var ev, w *redis.Cmd
		wctx, cancel := context.WithTimeout(ctx, s.waitTimeout)
		_, _ = c.Pipelined(wctx, func(p redis.Pipeliner) error {
			if asking {
				p.Do(wctx, "asking")
			}
			ev = sc.EvalSha(wctx, p, keys, args...)
			w = p.Do(wctx, "wait", s.waitN, 0)
			return nil
		})
		timedOut := errors.Is(wctx.Err(), context.DeadlineExceeded)
		cancel()
		if err := ev.Err(); err != nil {
			if attempt < 2 && redis.HasErrorPrefix(err, "NOSCRIPT") {
				if err := sc.Load(ctx, c).Err(); err != nil {
					return nil, err
				}
				continue
			}
			if timedOut && ctx.Err() == nil {
				return nil, fmt.Errorf("%w: no answer with %d replica(s) confirming within %v: %w",
					store.ErrUncertain, s.waitN, s.waitTimeout, err)
			}
			return nil, err
		}
		got, err := w.Int64()
		if err != nil {
			return nil, fmt.Errorf("%w: %d replica(s) did not confirm the write within %v: %w",
				store.ErrUncertain, s.waitN, s.waitTimeout, err)
		}
		if int(got) < s.waitN {
			return nil, fmt.Errorf("%w: %d of %d replicas confirmed the write", store.ErrUncertain, got, s.waitN)
		}
		return ev.Val(), nil
	}
}

// evalClusterWait is evalWait on the master of the keys' slot, following
// MOVED and ASK itself (go-redis would follow them for the script alone,
// on another connection than the WAIT) and retrying TRYAGAIN.
func (s *Store) evalClusterWait(ctx context.Context, cc *redis.ClusterClient, sc *redis.Script, keys []string, args []any) (any, error) {
	var node *redis.Client
	asking := false
	for attempt := 0; ; attempt++ {
		if node == nil {
			n, err := cc.MasterForKey(ctx, keys[0])
			if err != nil {
				return nil, err
			}
			node = n
		}
		res, err := s.evalWait(ctx, node, sc, keys, args, asking)
		if err == nil || attempt >= maxTryAgain {
			return res, err
		}
		if addr, ok := redis.IsMovedError(err); ok {
			cc.ReloadState(ctx)
			node, asking = s.nodes.client(addr), false
			continue
		}
		if addr, ok := redis.IsAskError(err); ok {
			node, asking = s.nodes.client(addr), true
			continue
		}
		if !retryable(err) {
			return nil, err
		}
		node, asking = nil, false
		if err := pause(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

// nodeClients hands out a client per Cluster node address for following
// redirects by hand. It learns the node options go-redis uses (through
// ClusterOptions.NewClient) and makes its own clients from them, which
// Store.Close closes.
type nodeClients struct {
	mu   sync.Mutex
	tmpl *redis.Options
	own  map[string]*redis.Client
}

// hook wraps a ClusterOptions.NewClient to learn the node options.
func (n *nodeClients) hook(next func(*redis.Options) *redis.Client) func(*redis.Options) *redis.Client {
	return func(o *redis.Options) *redis.Client {
		n.mu.Lock()
		if n.tmpl == nil {
			cp := *o
			n.tmpl = &cp
		}
		n.mu.Unlock()
		if next != nil {
			return next(o)
		}
		return redis.NewClient(o)
	}
}

func (n *nodeClients) client(addr string) *redis.Client {
	n.mu.Lock()
	defer n.mu.Unlock()
	if c, ok := n.own[addr]; ok {
		return c
	}
	o := redis.Options{}
	if n.tmpl != nil {
		o = *n.tmpl
	}
	o.Addr = addr
	c := redis.NewClient(&o)
	if n.own == nil {
		n.own = map[string]*redis.Client{}
	}
	n.own[addr] = c
	return c
}

func (n *nodeClients) close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, c := range n.own {
		c.Close()
	}
	n.own = nil
}

// uncertain reports whether a failed write may nevertheless have been
// applied: anything but a refusal the server answered, a connection that
// was never made, or a context that ended before the write was sent.
func uncertain(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) {
		return false
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		return false // the server answered: it refused the write
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	if errors.Is(err, redis.ErrPoolTimeout) || errors.Is(err, redis.ErrClosed) ||
		strings.Contains(err.Error(), "connection refused") {
		return false
	}
	return true
}
