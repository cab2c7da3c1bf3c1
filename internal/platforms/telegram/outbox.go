package telegram

import (
	"context"
	"runtime/debug"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Every message the adapter sends goes through the outbox: one FIFO queue
// per chat, drained by one goroutine per chat with something queued. A
// message waits there for its chat's limiters and the global one, so
// handling an update never waits for a send slot: the worker queues the
// reply and takes the next update, a busy group's replies wait behind the
// group's 20/min while other chats' replies go, and the parts of a long
// message (and a DM and its group pointer) stay in order.

// part is one Bot API call of a message (a sendMessage, a sendPhoto).
type part struct {
	method string
	do     func(*tgbotapi.BotAPI) error
}

// outMsg is one queued message: its calls, the context that bounds them
// (a caller's, or a reply's own deadline) and what to do with the outcome.
type outMsg struct {
	ctx   context.Context
	parts []part
	done  func(err error) // called once, from the chat's goroutine; may queue more
}

// outbox holds the per-chat queues.
type outbox struct {
	mu      sync.Mutex
	queues  map[int64][]*outMsg // a key is present while its chat's goroutine runs
	pending int                 // messages queued or being sent
	idle    chan struct{}       // closed while pending is 0
}

func newOutbox() *outbox {
	idle := make(chan struct{})
	close(idle)
	return &outbox{queues: map[int64][]*outMsg{}, idle: idle}
}

// enqueue adds m behind chatID's queued messages and returns at once.
func (a *Adapter) enqueue(chatID int64, m *outMsg) {
	o := a.out
	o.mu.Lock()
	if o.pending == 0 {
		o.idle = make(chan struct{})
	}
	o.pending++
	q, running := o.queues[chatID]
	o.queues[chatID] = append(q, m)
	o.mu.Unlock()
	if !running {
		go a.drainChat(chatID)
	}
}

// drainChat sends chatID's messages in order until its queue is empty.
func (a *Adapter) drainChat(chatID int64) {
	o := a.out
	for {
		o.mu.Lock()
		q := o.queues[chatID]
		if len(q) == 0 {
			delete(o.queues, chatID)
			o.mu.Unlock()
			return
		}
		m := q[0]
		q[0] = nil
		o.queues[chatID] = q[1:]
		o.mu.Unlock()

		a.sendOne(chatID, m)
		o.mu.Lock()
		o.pending--
		if o.pending == 0 {
			close(o.idle)
		}
		o.mu.Unlock()
	}
}

// sendParts makes m's calls in order, each through the limiter chain;
// the first failure ends the message.
func (a *Adapter) sendParts(chatID int64, m *outMsg) error {
	gate := func(ctx context.Context) error { return a.gate(ctx, chatID) }
	for _, p := range m.parts {
		if err := a.callGated(m.ctx, p.method, retryTransient, gate, p.do); err != nil {
			return err
		}
	}
	return nil
}

// sendWait queues parts for chatID and waits for the outcome, or for ctx:
// a message still queued when ctx ends is not sent.
func (a *Adapter) sendWait(ctx context.Context, chatID int64, parts []part) error {
	if len(parts) == 0 {
		return nil
	}
	res := make(chan error, 1)
	a.enqueue(chatID, &outMsg{ctx: ctx, parts: parts, done: func(err error) { res <- err }})
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return &APIError{Method: parts[0].method, Err: ctx.Err()}
	}
}

// queue sends parts to chatID in the background under a deadline of
// ReplyTimeout and then calls done (when set) with the outcome.
func (a *Adapter) queue(ctx context.Context, chatID int64, parts []part, done func(context.Context, error)) {
	if len(parts) == 0 {
		if done != nil {
			done(ctx, nil)
		}
		return
	}
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ReplyTimeout)
	a.enqueue(chatID, &outMsg{ctx: qctx, parts: parts, done: func(err error) {
		defer cancel()
		if done != nil {
			// The outcome's own work (keeping a refused message, the
			// pointer in the group) gets fresh time, not the leftovers.
			dctx, dcancel := context.WithTimeout(context.WithoutCancel(qctx), outcomeTimeout)
			defer dcancel()
			done(dctx, err)
		}
	}})
}

// outcomeTimeout bounds what a queued reply's outcome does (store writes).
const outcomeTimeout = 30 * time.Second

// waitIdle waits until nothing is queued or being sent, or ctx ends.
func (a *Adapter) waitIdle(ctx context.Context) error {
	a.out.mu.Lock()
	idle := a.out.idle
	a.out.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// queued reports how many messages are queued or being sent.
func (a *Adapter) queued() int {
	a.out.mu.Lock()
	defer a.out.mu.Unlock()
	return a.out.pending
}

// sendOne sends one queued message and reports its outcome. A panic in
// the callback (router code: kept messages, re-planning) is logged and
// contained, as the router contains a handler's: the chat's queue and the
// process go on.
func (a *Adapter) sendOne(chatID int64, m *outMsg) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("send callback panic", "chat", chatID, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	err := a.sendParts(chatID, m)
	if m.done != nil {
		m.done(err) // before pending drops, so what it queues keeps the outbox busy
	}
}
