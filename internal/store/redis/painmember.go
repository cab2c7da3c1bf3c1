package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// addPainMemberScript (op-aware, see opPrelude) stores a pain report and
// the member document it changes in one step: the report and the member
// write are atomic (issue 13). KEYS[3] the pains hash, KEYS[4] the member
// document; ARGV[4] the report's month field, ARGV[5] the record, ARGV[6]
// the id sequence the document was computed for (the report gets
// ARGV[6]+1), ARGV[7] "1" when the document existed as ARGV[8] ("0": it
// must still be absent), ARGV[9] the new document. When the sequence or
// the document moved on meanwhile nothing is written and the reply is
// {2, current sequence, current document or false}, so the caller can
// recompute without reading again.
//
// The sequence and the month are read in one HMGET and written in one
// HSET (four commands where there were six: see appendRecordScript).
var addPainMemberScript = redis.NewScript(opPrelude + uv + `
local v = redis.call('HMGET', KEYS[3], 'n', ARGV[4])
local n = tonumber(v[1] or '0')
local cur = redis.call('GET', KEYS[4])
if n ~= tonumber(ARGV[6]) or (ARGV[7] == '0' and cur) or (ARGV[7] == '1' and cur ~= ARGV[8]) then
  return {2, tostring(n), cur}
end
local seq = n + 1
local e = uv(seq) .. ARGV[5]
redis.call('HSET', KEYS[3], 'n', seq, ARGV[4], (v[2] or '') .. uv(#e) .. e)
redis.call('SET', KEYS[4], ARGV[9])
return done(seq)`)

// AddPainWithMember stores p under a new id and applies fn, given the
// report as stored, to the member, in one script call: both are stored or
// neither. The id is the script's (the member hash's sequence plus one);
// the document and the sequence this process saw last (MemberWithHistory
// remembers both) let the first try go without a read, and a try that
// finds either moved on gets the current ones back and runs fn again.
func (s *Store) AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error) {
	if err := checkID("member", memberID); err != nil {
		return store.Pain{}, store.Member{}, err
	}
	if p.At.IsZero() {
		p.At = s.now()
	}
	p.At = p.At.UTC()
	p.ID = ""
	rec, err := record.AppendPain(nil, p)
	if err != nil {
		return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
	}
	k := s.mkeys(memberID)
	op := opFor(ctx, "pain") // one key for every try: a retry is the same write
	raw, exists := s.docs.get(k.doc)
	seqS, _ := s.docs.get(k.pains)
	seq, seqErr := strconv.ParseUint(seqS, 10, 64)
	if seqErr != nil {
		seqS = "-1" // unknown: the first try fetches it (and the document)
	}
	for attempt := 0; ; attempt++ {
		m := store.Member{ID: memberID}
		if exists {
			if err := json.Unmarshal([]byte(raw), &m); err != nil {
				s.docs.drop(k.doc)
				return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: decode member: %w", memberID, err)
			}
		}
		stored := p
		stored.ID = shared.PainID(seq + 1)
		if err := fn(&m, stored); err != nil {
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
		}
		m.ID = memberID
		if !exists && m.Created.IsZero() {
			m.Created = s.now().UTC()
		}
		doc, err := json.Marshal(m)
		if err != nil {
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
		}
		flag := "0"
		if exists {
			flag = "1"
		}
		res, err := s.write(ctx, addPainMemberScript, append(s.opKeys(string(memberID)), k.pains, k.doc),
			op, s.now().UnixMilli(), store.OpTTL.Milliseconds(), painMonth(p.At), rec, seqS, flag, raw, doc)
		if err != nil {
			s.docs.drop(k.doc)
			s.docs.drop(k.pains)
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
		}
		reply, _ := res.([]any)
		code := int64(-1)
		if len(reply) >= 2 {
			code, _ = reply[0].(int64)
		}
		switch {
		case code == 0 || code == 1:
			store.OpApplied(ctx)
			res, _ := reply[1].(string)
			got := seqOf(res)
			if got == 0 {
				return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: bad sequence %q", memberID, res)
			}
			stored.ID = shared.PainID(got)
			if code == 1 {
				// A repeat of a write already made: its report and member
				// are the first write's.
				s.docs.drop(k.pains)
				cur, err := s.Member(ctx, memberID)
				if err != nil {
					return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
				}
				return stored, cur, nil
			}
			s.docs.put(k.doc, string(doc))
			s.docs.put(k.pains, strconv.FormatUint(got, 10))
			return stored, m, nil
		case code == 2 && len(reply) == 3:
			seqS, _ = reply[1].(string)
			seq = seqOf(seqS)
			raw, exists = reply[2].(string)
		default:
			s.docs.drop(k.doc)
			s.docs.drop(k.pains)
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: unexpected script reply %v", memberID, res)
		}
		if attempt >= 1000 {
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: gave up after %d conflicting writes", memberID, attempt)
		}
		if attempt == 0 {
			continue // what we knew was stale; the reply carried the current state
		}
		select {
		case <-ctx.Done():
			return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, ctx.Err())
		case <-time.After(time.Duration(rand.IntN(1+min(attempt, 20))) * time.Millisecond):
		}
	}
}
