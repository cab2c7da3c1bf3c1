package store

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"
)

// ErrUncertain is returned (wrapped) when a write's outcome is unknown:
// the store timed out after the write was sent, the connection dropped
// before the answer came, or the configured replicas did not confirm it in
// time. The write may or may not be kept; the member should check before
// repeating it.
var ErrUncertain = errors.New("write not confirmed")

// OpTTL is how long a store remembers the key of a write made under an op
// (WithOp), so a retry or a redelivery within it is applied once.
const OpTTL = time.Hour

type opCtxKey struct{}

// op is one command's write counters.
type op struct {
	id      string
	n       atomic.Int64 // keys handed out
	applied atomic.Bool  // a write under the op was stored
}

// WithOp returns ctx carrying id, the id of the command whose writes
// follow (a Telegram update id, a Discord interaction id): each write a
// store makes under it that is not idempotent by itself (appending a run,
// a pain report, a record or a kept message, a board increment, a mark)
// takes the next key from OpKey and records it with its result for
// OpTTL. The same command run again (a redelivery, or a client retrying
// after a timeout) makes the same writes in the same order, so they get
// the same keys and the store returns the first results instead of
// applying them twice. An empty id returns ctx unchanged.
func WithOp(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, opCtxKey{}, &op{id: id})
}

// OpKey returns the key of the next write made under ctx's op: "<id>#1",
// "<id>#2", … in call order; "" when ctx carries none. A store calls it
// once per write method call, before any retry of its own, so a retried
// attempt reuses the key.
func OpKey(ctx context.Context) string {
	o, _ := ctx.Value(opCtxKey{}).(*op)
	if o == nil {
		return ""
	}
	return o.id + "#" + strconv.FormatInt(o.n.Add(1), 10)
}

// OpApplied records that a write under ctx's op was stored (or found
// stored by an earlier attempt). Stores call it after each such write.
func OpApplied(ctx context.Context) {
	if o, _ := ctx.Value(opCtxKey{}).(*op); o != nil {
		o.applied.Store(true)
	}
}

// OpWasApplied reports whether any write under ctx's op was stored, so a
// command that fails later can tell the member something may have been
// saved rather than that nothing was.
func OpWasApplied(ctx context.Context) bool {
	o, _ := ctx.Value(opCtxKey{}).(*op)
	return o != nil && o.applied.Load()
}
