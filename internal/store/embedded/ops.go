package embedded

import (
	"bytes"
	"context"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Writes that are not idempotent by themselves record their op key
// (store.OpKey plus the kind of write) with their result, in the same
// transaction, under ops/<scope>/<op key> (value: expiry in unix nanos BE,
// then the result). The same op again returns the recorded result and
// writes nothing, so a redelivered command is applied once. Scopes are a
// member id, a club id or "board:<name>"; Forget, DeleteClub and
// BoardDelete drop theirs.

var bOps = []byte("ops")

// opFor returns the key of the next write of ctx's op, for a write of kind;
// "" when ctx carries no op.
func opFor(ctx context.Context, kind string) string {
	op := store.OpKey(ctx)
	if op != "" {
		op += "/" + kind
	}
	return op
}

// opUpdate is update for a write made under ctx's op: on success the op
// is told (store.OpApplied).
func (s *Store) opUpdate(ctx context.Context, fn func(*bolt.Tx) error) error {
	err := s.update(ctx, fn)
	if err == nil {
		store.OpApplied(ctx)
	}
	return err
}

func boardScope(name string) string { return "board:" + name }

// opDone returns the result recorded for op under scope, if it is recorded
// and not expired.
func (s *Store) opDone(tx *bolt.Tx, scope, op string) ([]byte, bool) {
	if op == "" {
		return nil, false
	}
	b := tx.Bucket(bOps).Bucket([]byte(scope))
	if b == nil {
		return nil, false
	}
	v := b.Get([]byte(op))
	if len(v) < 8 || unsortable(v[:8]) <= s.now().UnixNano() {
		return nil, false
	}
	return bytes.Clone(v[8:]), true
}

// opRecord records op's result under scope for store.OpTTL, sweeping the
// scope's expired ops now and then.
func (s *Store) opRecord(tx *bolt.Tx, scope, op string, result []byte) error {
	if op == "" {
		return nil
	}
	b, err := tx.Bucket(bOps).CreateBucketIfNotExists([]byte(scope))
	if err != nil {
		return err
	}
	now := s.now()
	if err := b.Put([]byte(op), concat(sortable(now.Add(store.OpTTL).UnixNano()), result)); err != nil {
		return err
	}
	n, err := b.NextSequence()
	if err != nil || n%64 != 0 {
		return err
	}
	var expired [][]byte
	err = b.ForEach(func(k, v []byte) error {
		if len(v) < 8 || unsortable(v[:8]) <= now.UnixNano() {
			expired = append(expired, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range expired {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// dropOps deletes every op recorded under scope.
func dropOps(tx *bolt.Tx, scope string) error {
	if tx.Bucket(bOps).Bucket([]byte(scope)) == nil {
		return nil
	}
	return tx.Bucket(bOps).DeleteBucket([]byte(scope))
}

// seqResult and resultSeq carry a sequence number as an op result.
func seqResult(seq uint64) []byte { return binary.AppendUvarint(nil, seq) }

func resultSeq(b []byte) uint64 {
	v, _ := binary.Uvarint(b)
	return v
}
