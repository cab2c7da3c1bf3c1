package redisstore

import (
	"slices"
	"strings"
	"sync"
)

// monthCacheSize bounds the month fields remembered (a reset only costs
// decoding again).
const monthCacheSize = 4096

// monthCache remembers, per hash key and month field, the last blob this
// process decoded and its records. A command reads a member's recent
// months on every call, and between two reads a month usually either
// stayed the same or had records appended (AddRun, AddPain): the first is
// answered from here and the second decodes only the appended tail. Any
// other change (an undo, an amended report, compaction, Forget) fails the
// prefix test and the blob is decoded in full, so the cache never answers
// for bytes it has not decoded.
type monthCache struct {
	mu sync.Mutex
	m  map[string]cachedMonth
}

type cachedMonth struct {
	blob string
	recs any // []seqRec[T] for the record type of the hash
}

// seqRec is one decoded record with its sequence number.
type seqRec[T any] struct {
	seq uint64
	v   T
}

func (c *monthCache) get(key string) (cachedMonth, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *monthCache) put(key string, v cachedMonth) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= monthCacheSize {
		c.m = make(map[string]cachedMonth, 256)
	}
	c.m[key] = v
}

// dropKeys forgets every month cached for the given hash keys.
func (c *monthCache) dropKeys(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ck := range c.m {
		for _, k := range keys {
			if strings.HasPrefix(ck, k+"\x00") {
				delete(c.m, ck)
			}
		}
	}
}

// monthRecords decodes one month field of hash key, from the cache when
// it holds that blob or a prefix of it. The slice returned is shared: the
// caller copies what it keeps.
func monthRecords[T any](c *monthCache, key, field, blob string, decode func([]byte) (T, error), setID func(*T, uint64)) ([]seqRec[T], error) {
	ck := key + "\x00" + field
	var done []seqRec[T]
	rest := blob
	if c != nil {
		if e, ok := c.get(ck); ok {
			if recs, ok := e.recs.([]seqRec[T]); ok && strings.HasPrefix(blob, e.blob) {
				if len(blob) == len(e.blob) {
					return recs, nil
				}
				done, rest = slices.Clip(recs), blob[len(e.blob):]
			}
		}
	}
	es, err := splitMonth(rest)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		v, err := decode(e.rec)
		if err != nil {
			return nil, err
		}
		setID(&v, e.seq)
		done = append(done, seqRec[T]{e.seq, v})
	}
	if c != nil {
		c.put(ck, cachedMonth{blob: blob, recs: done})
	}
	return done, nil
}
