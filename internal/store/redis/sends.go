package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// A scheduled send reads what it needs about a member in one script
// (MemberWithMarks) and, once sent, records it and re-plans the member's
// jobs in one pipeline (SettleJobs): issue 13's round trips for a
// reminder.

// memberMarksScript: KEYS the member document, runs hash, pains hash and
// marks zset (one slot); ARGV as runsAndPainsScript, then now (ms).
// Returns memberHistoryScript's first three results and the keys of the
// unexpired marks.
var memberMarksScript = redis.NewScript(monthsLua + `
return {redis.call('GET', KEYS[1]), months(KEYS[2], ARGV[1], ARGV[2]), months(KEYS[3], ARGV[3], ARGV[4]),
  redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. ARGV[5], '+inf')}`)

// MemberWithMarks returns what MemberWithHistory returns and the keys of
// the member's unexpired marks (scope: the member id), read in one script
// call.
func (s *Store) MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, []string, error) {
	fail := func(err error) (store.Member, []store.Run, []store.Pain, []string, error) {
		return store.Member{}, nil, nil, nil, fmt.Errorf("member %s with marks: %w", id, err)
	}
	if err := shared.CheckRange(from, to); err != nil {
		return fail(err)
	}
	r, _, err := s.readMemberMarks(ctx, id, from, to, since, s.eval, memberMarksScript, 4)
	if err != nil {
		return fail(err)
	}
	return r.Member, r.Runs, r.Pains, r.Marks, nil
}

// readMemberMarks runs sc, memberMarksScript or memberSendScript, through
// run (s.eval for a read, s.write for a script that writes) with the month
// bounds of from..to and since, now, then extra; it checks the script gave
// results results, decodes the first four and returns the rest.
func (s *Store) readMemberMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time,
	run func(context.Context, *redis.Script, []string, ...any) (any, error), sc *redis.Script, results int, extra ...any) (store.SendRead, []any, error) {
	rlo, rhi, plo := monthBounds(from, to, since)
	k := s.mkeys(id)
	args := append([]any{rlo, rhi, plo, "", s.now().UnixMilli()}, extra...)
	raw, err := redis.NewCmdResult(run(ctx, sc, []string{k.doc, k.runs, k.pains, k.once}, args...)).Slice()
	if err == nil && len(raw) != results {
		err = fmt.Errorf("%d results: %w", len(raw), record.ErrCorrupt)
	}
	if err != nil {
		s.docs.drop(k.doc)
		return store.SendRead{}, nil, err
	}
	r, err := s.decodeMemberMarks(k, raw, from, to, since)
	return r, raw[4:], err
}

// monthBounds are the month fields of the runs dated from..to and the
// pain reports since ("" for unbounded), as the month scripts take them.
func monthBounds(from, to string, since time.Time) (rlo, rhi, plo string) {
	if from != "" {
		rlo = runMonth(from)
	}
	if to != "" {
		rhi = runMonth(to)
	}
	if !since.IsZero() {
		plo = painMonth(since)
	}
	return rlo, rhi, plo
}

// decodeMemberMarks reads the first four results of memberMarksScript or
// memberSendScript: the document (ErrNotFound when absent), the runs and
// pains months, the live marks.
func (s *Store) decodeMemberMarks(k memberKeys, raw []any, from, to string, since time.Time) (store.SendRead, error) {
	doc, ok := raw[0].(string)
	if !ok {
		s.docs.drop(k.doc)
		return store.SendRead{}, store.ErrNotFound
	}
	s.docs.put(k.doc, doc)
	m, err := s.members.decode(k.doc, doc)
	if err != nil {
		return store.SendRead{}, err
	}
	runs, pains, err := s.decodeRunsAndPains(k, raw[1:3], from, to, since)
	if err != nil {
		return store.SendRead{}, err
	}
	items, _ := raw[3].([]any)
	marks := make([]string, 0, len(items))
	for _, it := range items {
		if k, ok := it.(string); ok {
			marks = append(marks, k)
		}
	}
	return store.SendRead{Member: m, Runs: runs, Pains: pains, Marks: marks}, nil
}

// memberSendScript: KEYS and ARGV as memberMarksScript, then the claim's
// ttl (ms) and key. Returns memberMarksScript's results (the marks as they
// were before the claim) and 1 when it took the claim, set as markScript
// sets a mark (only when absent or expired); a member not stored gets no
// claim.
var memberSendScript = redis.NewScript(monthsLua + `
local doc = redis.call('GET', KEYS[1])
if not doc then return {false, {}, {}, {}, 0} end
local now, ttl = tonumber(ARGV[5]), tonumber(ARGV[6])
local marks = redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. ARGV[5], '+inf')
local claimed = 0
local cur = redis.call('ZSCORE', KEYS[4], ARGV[7])
if not (cur and tonumber(cur) > now) then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  redis.call('ZADD', KEYS[4], now + ttl, ARGV[7])
  if redis.call('PTTL', KEYS[4]) < ttl then redis.call('PEXPIRE', KEYS[4], ttl) end
  claimed = 1
end
return {doc, months(KEYS[2], ARGV[1], ARGV[2]), months(KEYS[3], ARGV[3], ARGV[4]), marks, claimed}`)

// MemberForSend reads what MemberWithMarks reads and, in the same script
// call, marks claim under the member's scope for ttl as Mark would,
// reporting whether this call took it: a scheduled send's read and its
// sending claim in one round trip (issue 13). On a replicated deployment
// with WAIT on, the claim is confirmed by the replicas as any write is.
func (s *Store) MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error) {
	fail := func(err error) (store.SendRead, error) {
		return store.SendRead{}, fmt.Errorf("member %s for a send: %w", id, err)
	}
	if err := shared.CheckRange(from, to); err != nil {
		return fail(err)
	}
	if err := shared.CheckMark(string(id), claim, ttl); err != nil {
		return fail(err)
	}
	r, rest, err := s.readMemberMarks(ctx, id, from, to, since, s.write, memberSendScript, 5, max(ttl.Milliseconds(), 1), claim)
	if err != nil {
		return fail(err)
	}
	n, _ := rest[0].(int64)
	r.Claimed = n == 1
	return r, nil
}

// settleMarksScript: KEYS the marks zset and the member document (one
// slot); ARGV now (ms), ttl (ms), then the keys to mark. Marks each key
// as markScript would (a live mark keeps its expiry), unless the member
// is gone (0).
var settleMarksScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], 'NX', now + ttl, ARGV[i]) end
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`)

// SettleJobs records marks (each as Mark would, for ttl) under the
// member's scope, sets and unsets the member's jobs on the platform's
// queue, and returns the member as stored after them; ErrNotFound (and no
// marks) when the member is gone, and the caller drops the jobs. On one
// node without WAIT that is one pipeline, the document read last (a
// Forget that deleted it after our queue writes sweeps the queues again);
// with WAIT or on a Cluster, the marks, the queue and the read go one
// after another.
func (s *Store) SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (store.Member, error) {
	for _, k := range marks {
		if err := shared.CheckMark(string(memberID), k, ttl); err != nil {
			return store.Member{}, err
		}
	}
	if platform == "" {
		return store.Member{}, fmt.Errorf("settle jobs of %s: empty platform", memberID)
	}
	k := s.mkeys(memberID)
	margs := []any{s.now().UnixMilli(), max(ttl.Milliseconds(), 1)}
	for _, m := range marks {
		margs = append(margs, m)
	}
	queueOps := func(p redis.Pipeliner) {
		for job, at := range set {
			p.ZAdd(ctx, s.queueKey(platform), redis.Z{Score: float64(at.UnixMilli()), Member: job})
		}
		if len(set) > 0 {
			p.SAdd(ctx, s.queueIndex(), platform)
		}
		if len(unset) > 0 {
			jobs := make([]any, len(unset))
			for i, j := range unset {
				jobs[i] = j
			}
			p.ZRem(ctx, s.queueKey(platform), jobs...)
		}
	}
	if _, cluster := s.rdb.(*redis.ClusterClient); cluster || s.waitN > 0 {
		if len(marks) > 0 {
			if _, err := s.write(ctx, settleMarksScript, []string{k.once, k.doc}, margs...); err != nil {
				return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
			}
		}
		if len(set)+len(unset) > 0 {
			if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error { queueOps(p); return nil }); err != nil {
				return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
			}
		}
		m, err := s.Member(ctx, memberID)
		if err != nil {
			return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
		}
		return m, nil
	}
	for attempt := 0; ; attempt++ {
		var ev *redis.Cmd
		var get *redis.StringCmd
		cmds, _ := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			if len(marks) > 0 {
				ev = settleMarksScript.EvalSha(ctx, p, []string{k.once, k.doc}, margs...)
			}
			queueOps(p)
			get = p.Get(ctx, k.doc)
			return nil
		})
		if ev != nil && ev.Err() != nil {
			if attempt < 2 && redis.HasErrorPrefix(ev.Err(), "NOSCRIPT") {
				// The queue writes and the read are safe to repeat.
				if err := settleMarksScript.Load(ctx, s.rdb).Err(); err != nil {
					return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
				}
				continue
			}
			return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, wrapUncertain(ev.Err()))
		}
		for _, c := range cmds {
			if c != ev && c != get && c.Err() != nil {
				return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, wrapUncertain(c.Err()))
			}
		}
		raw, err := get.Result()
		if errors.Is(err, redis.Nil) {
			s.docs.drop(k.doc)
			return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, store.ErrNotFound)
		}
		if err != nil {
			s.docs.drop(k.doc)
			return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, wrapUncertain(err))
		}
		s.docs.put(k.doc, raw)
		var m store.Member
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
		}
		return m, nil
	}
}

// wrapUncertain marks an error whose write may or may not have happened.
func wrapUncertain(err error) error {
	if uncertain(err) && !errors.Is(err, store.ErrUncertain) {
		return fmt.Errorf("%w: %w", store.ErrUncertain, err)
	}
	return err
}
