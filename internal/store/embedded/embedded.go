// Package embedded is the zero-setup store: one bbolt file in a data
// directory. Every write is one bbolt read-write transaction, which fsyncs
// on commit, so a write the bot acknowledged survives a crash. bbolt
// serialises writers, which makes every read-modify-write atomic without
// further locking.
//
// Layout (top-level buckets):
//
//	members/<member id>/doc                   member JSON
//	members/<member id>/runs/<seq BE>         run JSON (logging order; bucket sequence = run ids)
//	members/<member id>/rundate/<date><seq>   index for date ranges
//	members/<member id>/{pains,cadence,balance}/<time BE><seq BE>  record JSON
//	members/<member id>/kept/<seq BE>         kept message JSON
//	marks/<scope>/<key>                       expiry, unix nanos BE
//	clubs/<club id>                           club JSON
//	queues/<platform>/t/<ms BE><job>          due order (Claim is a cursor seek)
//	queues/<platform>/j/<job>                 ms BE (When, Unschedule)
//	boards/<board>/s/<member>                 score BE
//	boards/<board>/o/<inverted score><member> order for Top (highest first, ties by id)
//	web/t|<sha256 hex of token>               club id (page lookup)
//	web/c|<club id>                           the club's page token
//	ops/<scope>/<op key>                      expiry BE + result of a write made under an op (ops.go)
//
// Forgetting a member deletes its bucket in one transaction, together with
// its marks, queue jobs and board entries.
package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// FileName is the bbolt file inside the data directory.
const FileName = "clubcoach.db"

// ErrInUse is returned (wrapped, with the directory named) when another
// process holds the data directory.
var ErrInUse = errors.New("data directory in use")

// lockTimeout bounds the wait for bbolt's file lock: bbolt waits forever by
// default, and a second bot on the same directory must fail fast instead.
const lockTimeout = 500 * time.Millisecond

var (
	bMembers = []byte("members")
	bMarks   = []byte("marks")
	bClubs   = []byte("clubs")
	bQueues  = []byte("queues")
	bBoards  = []byte("boards")
	bWeb     = []byte("web")

	kDoc     = []byte("doc")
	bRuns    = []byte("runs")
	bRunDate = []byte("rundate")
	bPains   = []byte("pains")
	bCadence = []byte("cadence")
	bBalance = []byte("balance")
	bKept    = []byte("kept")

	bByTime  = []byte("t")
	bByJob   = []byte("j")
	bScores  = []byte("s")
	bOrdered = []byte("o")
)

// Store is the bbolt-backed store.Store.
type Store struct {
	db  *bolt.DB
	dir string
	now func() time.Time
}

var _ store.Store = (*Store)(nil)

// Option configures Open.
type Option func(*Store)

// WithClock replaces time.Now for what the store decides by itself (mark
// expiry, default creation and logging times), so tests need no sleeps.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens (creating when needed, mode 0700) the data directory and its
// store file. When another process holds the file it fails within about
// half a second with an error wrapping ErrInUse.
func Open(dir string, opts ...Option) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open store: empty data directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("data directory %s is in use by another clubcoach process: %w", dir, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, dir: dir, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMembers, bMarks, bClubs, bQueues, bBoards, bWeb, bOps} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialise store %s: %w", path, err)
	}
	return s, nil
}

// Dir is the data directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// Close closes the file and releases the directory.
func (s *Store) Close() error { return s.db.Close() }

// Ping reports whether the file is open.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(*bolt.Tx) error { return nil })
}

// update runs fn in a read-write transaction unless ctx is already done
// (bbolt itself takes no context).
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// ---- encoding helpers ----

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// sortable maps an int64 to bytes whose order is the numbers' order.
func sortable(v int64) []byte { return u64(uint64(v) ^ (1 << 63)) }

func unsortable(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

// descending maps an int64 to bytes whose order is the reverse order.
func descending(v int64) []byte { return u64(^(uint64(v) ^ (1 << 63))) }

func undescending(b []byte) int64 { return int64(^binary.BigEndian.Uint64(b) ^ (1 << 63)) }

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// memberBucket returns the member's bucket, nil when absent and !create.
func memberBucket(tx *bolt.Tx, id ids.MemberID, create bool) (*bolt.Bucket, error) {
	root := tx.Bucket(bMembers)
	if !create || !tx.Writable() {
		return root.Bucket([]byte(id)), nil
	}
	return root.CreateBucketIfNotExists([]byte(id))
}

// sub returns a sub-bucket, creating it in write transactions.
func sub(b *bolt.Bucket, name []byte) (*bolt.Bucket, error) {
	if b == nil {
		return nil, nil
	}
	if !b.Writable() {
		return b.Bucket(name), nil
	}
	return b.CreateBucketIfNotExists(name)
}

func checkID[ID ~string](kind string, id ID) error {
	if id == "" {
		return fmt.Errorf("empty %s id", kind)
	}
	return nil
}

// ---- Members ----

// Member returns the member, or ErrNotFound.
func (s *Store) Member(ctx context.Context, id ids.MemberID) (store.Member, error) {
	var m store.Member
	err := s.view(ctx, func(tx *bolt.Tx) (err error) {
		m, err = memberIn(tx, id)
		return err
	})
	if err != nil {
		return store.Member{}, fmt.Errorf("member %s: %w", id, err)
	}
	return m, nil
}

// memberIn reads the stored member inside tx: ErrNotFound when there is none.
func memberIn(tx *bolt.Tx, id ids.MemberID) (store.Member, error) {
	var m store.Member
	mb, _ := memberBucket(tx, id, false)
	if mb == nil || mb.Get(kDoc) == nil {
		return m, store.ErrNotFound
	}
	err := json.Unmarshal(mb.Get(kDoc), &m)
	return m, err
}

// historyIn reads the member with their runs from..to and pain reports
// since, inside tx (MemberWithHistory, MemberWithMarks).
func historyIn(tx *bolt.Tx, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error) {
	m, err := memberIn(tx, id)
	if err != nil {
		return m, nil, nil, err
	}
	runs, err := runsIn(tx, string(id), from, to)
	if err != nil {
		return m, nil, nil, err
	}
	pains, err := painsIn(tx, string(id), since)
	return m, runs, pains, err
}

// updateMemberIn applies fn to the member stored in mb (a new one, with its
// Created time, when there is none) and stores the result: UpdateMember's
// and AddPainWithMember's one rule for a member write.
func (s *Store) updateMemberIn(mb *bolt.Bucket, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	m := store.Member{ID: id}
	isNew := mb.Get(kDoc) == nil
	if !isNew {
		if err := json.Unmarshal(mb.Get(kDoc), &m); err != nil {
			return m, err
		}
	}
	if err := fn(&m); err != nil {
		return m, err
	}
	m.ID = id
	if isNew && m.Created.IsZero() {
		m.Created = s.now().UTC()
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return m, err
	}
	return m, mb.Put(kDoc, raw)
}

// putPain stores p under the next id of the member's pains sequence,
// recording op's result, and sets p.ID (AddPain, AddPainWithMember).
func (s *Store) putPain(tx *bolt.Tx, mb *bolt.Bucket, memberID ids.MemberID, op string, p *store.Pain) error {
	b, err := sub(mb, bPains)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	raw, err := record.AppendPain(nil, *p)
	if err != nil {
		return err
	}
	p.ID = shared.PainID(seq)
	if err := s.opRecord(tx, string(memberID), op, seqResult(seq)); err != nil {
		return err
	}
	return b.Put(concat(sortable(p.At.UnixNano()), u64(seq)), raw)
}

// UpdateMember applies fn inside one write transaction, so concurrent
// updates are serialised by bbolt. fn must not call the store.
func (s *Store) UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error) {
	if err := checkID("member", id); err != nil {
		return store.Member{}, err
	}
	var m store.Member
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, err := memberBucket(tx, id, true)
		if err != nil {
			return err
		}
		m, err = s.updateMemberIn(mb, id, fn)
		return err
	})
	if err != nil {
		return store.Member{}, fmt.Errorf("update member %s: %w", id, err)
	}
	return m, nil
}

// ---- Runs ----

// AddRun stores r under the member's next run id.
func (s *Store) AddRun(ctx context.Context, memberID ids.MemberID, r store.Run) (store.Run, error) {
	if err := checkID("member", memberID); err != nil {
		return store.Run{}, err
	}
	if err := shared.CheckDate(r.Date); err != nil {
		return store.Run{}, fmt.Errorf("add run for %s: %w", memberID, err)
	}
	if r.Logged.IsZero() {
		r.Logged = s.now()
	}
	r.Logged = r.Logged.UTC()
	op := opFor(ctx, "run")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, string(memberID), op); ok {
			r.ID = shared.RunID(resultSeq(res))
			return nil
		}
		mb, err := memberBucket(tx, memberID, true)
		if err != nil {
			return err
		}
		runs, err := sub(mb, bRuns)
		if err != nil {
			return err
		}
		idx, err := sub(mb, bRunDate)
		if err != nil {
			return err
		}
		seq, err := runs.NextSequence()
		if err != nil {
			return err
		}
		r.ID = shared.RunID(seq)
		raw, err := record.AppendRun(nil, r)
		if err != nil {
			return err
		}
		if err := runs.Put(u64(seq), raw); err != nil {
			return err
		}
		if err := s.opRecord(tx, string(memberID), op, seqResult(seq)); err != nil {
			return err
		}
		return idx.Put(concat([]byte(r.Date), u64(seq)), nil)
	})
	if err != nil {
		return store.Run{}, fmt.Errorf("add run for %s: %w", memberID, err)
	}
	return r, nil
}

// Runs returns the runs dated from..to inclusive, by date then logging order.
func (s *Store) Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	var out []store.Run
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = runsIn(tx, string(memberID), from, to)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	return out, nil
}

// runsIn reads the runs dated from..to inclusive within tx.
func runsIn(tx *bolt.Tx, memberID, from, to string) ([]store.Run, error) {
	out := []store.Run{}
	mb, _ := memberBucket(tx, ids.MemberID(memberID), false)
	idx, _ := sub(mb, bRunDate)
	runs, _ := sub(mb, bRuns)
	if idx == nil || runs == nil {
		return out, nil
	}
	c := idx.Cursor()
	var k []byte
	if from == "" {
		k, _ = c.First()
	} else {
		k, _ = c.Seek([]byte(from))
	}
	for ; k != nil; k, _ = c.Next() {
		if to != "" && string(k[:10]) > to {
			break
		}
		r, err := decodeRun(k[10:], runs.Get(k[10:]))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// RunsAndPains returns what Runs(from, to) and Pains(since) return, read
// in one transaction.
func (s *Store) RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return nil, nil, fmt.Errorf("runs and pains of %s: %w", memberID, err)
	}
	var runs []store.Run
	var pains []store.Pain
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		if runs, err = runsIn(tx, string(memberID), from, to); err != nil {
			return err
		}
		pains, err = painsIn(tx, string(memberID), since)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("runs and pains of %s: %w", memberID, err)
	}
	return runs, pains, nil
}

// MemberWithHistory returns what Member(id), Runs(id, from, to) and
// Pains(id, since) return, read in one transaction. A missing member is
// Member's error (ErrNotFound), with no history.
func (s *Store) MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return store.Member{}, nil, nil, fmt.Errorf("member %s with history: %w", id, err)
	}
	var m store.Member
	var runs []store.Run
	var pains []store.Pain
	err := s.view(ctx, func(tx *bolt.Tx) (err error) {
		m, runs, pains, err = historyIn(tx, id, from, to, since)
		return err
	})
	if err != nil {
		return store.Member{}, nil, nil, fmt.Errorf("member %s: %w", id, err)
	}
	return m, runs, pains, nil
}

// DeleteRun removes the run id, or the most recently logged run for "".
func (s *Store) DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (store.Run, error) {
	var r store.Run
	op := opFor(ctx, "undo")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, string(memberID), op); ok && len(res) > 8 {
			var err error
			r, err = decodeRun(res[:8], res[8:])
			return err
		}
		mb, _ := memberBucket(tx, memberID, false)
		runs, _ := sub(mb, bRuns)
		idx, _ := sub(mb, bRunDate)
		if runs == nil || idx == nil {
			return store.ErrNotFound
		}
		var key, raw []byte
		if id == "" {
			key, raw = runs.Cursor().Last()
		} else if seq, ok := shared.RunSeq(id); ok {
			key = u64(seq)
			raw = runs.Get(key)
		}
		if raw == nil {
			return store.ErrNotFound
		}
		var err error
		if r, err = decodeRun(key, raw); err != nil {
			return err
		}
		key = bytes.Clone(key)
		if err := s.opRecord(tx, string(memberID), op, concat(key, raw)); err != nil {
			return err
		}
		if err := runs.Delete(key); err != nil {
			return err
		}
		return idx.Delete(concat([]byte(r.Date), key))
	})
	if err != nil {
		if id == "" {
			return store.Run{}, fmt.Errorf("delete last run of %s: %w", memberID, err)
		}
		return store.Run{}, fmt.Errorf("delete run %s of %s: %w", id, memberID, err)
	}
	return r, nil
}

// AmendRun rewrites one run in place (and its date index), inside one
// transaction.
func (s *Store) AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*store.Run) error) (store.Run, error) {
	var r store.Run
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		runs, _ := sub(mb, bRuns)
		idx, _ := sub(mb, bRunDate)
		seq, ok := shared.RunSeq(id)
		if runs == nil || idx == nil || !ok {
			return store.ErrNotFound
		}
		key := u64(seq)
		raw := runs.Get(key)
		if raw == nil {
			return store.ErrNotFound
		}
		var err error
		if r, err = decodeRun(key, raw); err != nil {
			return err
		}
		oldDate, keepID, keepLogged := r.Date, r.ID, r.Logged
		if err := fn(&r); err != nil {
			return err
		}
		r.ID, r.Logged = keepID, keepLogged
		if err := shared.CheckDate(r.Date); err != nil {
			return err
		}
		raw, err = record.AppendRun(nil, r)
		if err != nil {
			return err
		}
		if err := runs.Put(key, raw); err != nil {
			return err
		}
		if err := idx.Delete(concat([]byte(oldDate), key)); err != nil {
			return err
		}
		return idx.Put(concat([]byte(r.Date), key), nil)
	})
	if err != nil {
		return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
	}
	return r, nil
}

// ---- Health ----

// addRecord stores v in the member's sub-bucket keyed by time then a
// sequence number, so equal times keep their logging order.
func (s *Store) addRecord(ctx context.Context, memberID string, name []byte, at time.Time, v any) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	op := opFor(ctx, string(name))
	return s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if _, ok := s.opDone(tx, memberID, op); ok {
			return nil
		}
		if err := s.opRecord(tx, memberID, op, nil); err != nil {
			return err
		}
		mb, err := memberBucket(tx, ids.MemberID(memberID), true)
		if err != nil {
			return err
		}
		b, err := sub(mb, name)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		return b.Put(concat(sortable(at.UnixNano()), u64(seq)), raw)
	})
}

// records walks a member's sub-bucket oldest first from since (or newest
// first when newest is set, stopping after n when n > 0).
func (s *Store) records(ctx context.Context, memberID string, name []byte, since time.Time, newest bool, n int, each func([]byte) error) error {
	return s.view(ctx, func(tx *bolt.Tx) error { return recordsIn(tx, memberID, name, since, newest, n, each) })
}

// recordsIn is records inside tx.
func recordsIn(tx *bolt.Tx, memberID string, name []byte, since time.Time, newest bool, n int, each func([]byte) error) error {
	mb, _ := memberBucket(tx, ids.MemberID(memberID), false)
	b, _ := sub(mb, name)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	count := 0
	if newest {
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if n > 0 && count == n {
				break
			}
			if err := each(v); err != nil {
				return err
			}
			count++
		}
		return nil
	}
	var k, v []byte
	if since.IsZero() {
		k, v = c.First()
	} else {
		k, v = c.Seek(sortable(since.UnixNano()))
	}
	for ; k != nil; k, v = c.Next() {
		if err := each(v); err != nil {
			return err
		}
	}
	return nil
}

func decodeInto[T any](out *[]T) func([]byte) error {
	return func(raw []byte) error {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		*out = append(*out, v)
		return nil
	}
}

// decodeRun reads a stored run: the compact record of schema version 2, or
// the JSON that version 1 wrote (read as it is; no rewrite needed). The id
// is the key's sequence number.
func decodeRun(key, raw []byte) (store.Run, error) {
	var r store.Run
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &r); err != nil {
			return r, err
		}
	} else {
		var err error
		if r, err = record.Run(raw); err != nil {
			return r, err
		}
	}
	if len(key) == 8 {
		r.ID = shared.RunID(binary.BigEndian.Uint64(key))
	}
	return r, nil
}

// decodePain reads a stored report (compact or version 1 JSON); its id is
// the sequence number that ends the key, so reports written before ids
// existed have one too.
func decodePain(key, raw []byte) (store.Pain, error) {
	var p store.Pain
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &p); err != nil {
			return p, err
		}
	} else {
		var err error
		if p, err = record.Pain(raw); err != nil {
			return p, err
		}
	}
	if len(key) == 16 {
		p.ID = shared.PainID(binary.BigEndian.Uint64(key[8:]))
	}
	return p, nil
}

// AddPain stores a pain report under the next id of the member's pains
// bucket sequence.
func (s *Store) AddPain(ctx context.Context, memberID ids.MemberID, p store.Pain) (store.Pain, error) {
	if err := checkID("member", memberID); err != nil {
		return store.Pain{}, err
	}
	if p.At.IsZero() {
		p.At = s.now()
	}
	p.At = p.At.UTC()
	op := opFor(ctx, "pain")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, string(memberID), op); ok {
			p.ID = shared.PainID(resultSeq(res))
			return nil
		}
		mb, err := memberBucket(tx, memberID, true)
		if err != nil {
			return err
		}
		return s.putPain(tx, mb, memberID, op, &p)
	})
	if err != nil {
		return store.Pain{}, fmt.Errorf("add pain for %s: %w", memberID, err)
	}
	return p, nil
}

// Pains returns the reports at or after since, oldest first.
func (s *Store) Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error) {
	var out []store.Pain
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		out, err = painsIn(tx, string(memberID), since)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pains of %s: %w", memberID, err)
	}
	return out, nil
}

// painsIn reads the reports at or after since within tx.
func painsIn(tx *bolt.Tx, memberID string, since time.Time) ([]store.Pain, error) {
	out := []store.Pain{}
	mb, _ := memberBucket(tx, ids.MemberID(memberID), false)
	b, _ := sub(mb, bPains)
	if b == nil {
		return out, nil
	}
	c := b.Cursor()
	k, v := c.First()
	if !since.IsZero() {
		k, v = c.Seek(sortable(since.UnixNano()))
	}
	for ; k != nil; k, v = c.Next() {
		p, err := decodePain(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// AmendPain rewrites one report in place, inside one transaction.
func (s *Store) AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*store.Pain) error) (store.Pain, error) {
	var out store.Pain
	op := opFor(ctx, "amend")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, string(memberID), op); ok && len(res) > 16 {
			var err error
			out, err = decodePain(res[:16], res[16:])
			return err
		}
		mb, _ := memberBucket(tx, memberID, false)
		b, _ := sub(mb, bPains)
		if b == nil {
			return store.ErrNotFound
		}
		c := b.Cursor()
		k, v := c.First()
		if !since.IsZero() {
			k, v = c.Seek(sortable(since.UnixNano()))
		}
		for ; k != nil; k, v = c.Next() {
			p, err := decodePain(k, v)
			if err != nil {
				return err
			}
			if !strings.EqualFold(p.ID, id) {
				continue
			}
			keepID, keepAt := p.ID, p.At
			if err := fn(&p); err != nil {
				return err
			}
			p.ID, p.At = "", keepAt
			raw, err := record.AppendPain(nil, p)
			if err != nil {
				return err
			}
			p.ID = keepID
			out = p
			if err := s.opRecord(tx, string(memberID), op, concat(k, raw)); err != nil {
				return err
			}
			return b.Put(slices.Clone(k), raw)
		}
		return store.ErrNotFound
	})
	if err != nil {
		return store.Pain{}, fmt.Errorf("amend pain %s of %s: %w", id, memberID, err)
	}
	return out, nil
}

// AddCadence stores a cadence record.
func (s *Store) AddCadence(ctx context.Context, memberID ids.MemberID, c store.Cadence) error {
	if c.At.IsZero() {
		c.At = s.now()
	}
	c.At = c.At.UTC()
	if err := s.addRecord(ctx, string(memberID), bCadence, c.At, c); err != nil {
		return fmt.Errorf("add cadence for %s: %w", memberID, err)
	}
	return nil
}

// Cadences returns up to n (all when n <= 0) records, newest first.
func (s *Store) Cadences(ctx context.Context, memberID ids.MemberID, n int) ([]store.Cadence, error) {
	out := []store.Cadence{}
	if err := s.records(ctx, string(memberID), bCadence, time.Time{}, true, n, decodeInto(&out)); err != nil {
		return nil, fmt.Errorf("cadences of %s: %w", memberID, err)
	}
	return out, nil
}

// AddBalance stores a balance record.
func (s *Store) AddBalance(ctx context.Context, memberID ids.MemberID, b store.Balance) error {
	if b.At.IsZero() {
		b.At = s.now()
	}
	b.At = b.At.UTC()
	if err := s.addRecord(ctx, string(memberID), bBalance, b.At, b); err != nil {
		return fmt.Errorf("add balance for %s: %w", memberID, err)
	}
	return nil
}

// Balances returns up to n (all when n <= 0) records, newest first.
func (s *Store) Balances(ctx context.Context, memberID ids.MemberID, n int) ([]store.Balance, error) {
	out := []store.Balance{}
	if err := s.records(ctx, string(memberID), bBalance, time.Time{}, true, n, decodeInto(&out)); err != nil {
		return nil, fmt.Errorf("balances of %s: %w", memberID, err)
	}
	return out, nil
}

// ---- Privacy ----

// Export returns everything stored about the member, records oldest first.
// A member with no document is exported with only its id set.
func (s *Store) Export(ctx context.Context, memberID ids.MemberID) (store.Export, error) {
	e := store.Export{
		Member: store.Member{ID: memberID}, Runs: []store.Run{}, Pains: []store.Pain{},
		Cadences: []store.Cadence{}, Balances: []store.Balance{}, Kept: []store.Kept{},
	}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		if mb == nil {
			return nil
		}
		if raw := mb.Get(kDoc); raw != nil {
			if err := json.Unmarshal(raw, &e.Member); err != nil {
				return err
			}
		}
		if b := mb.Bucket(bPains); b != nil {
			if err := b.ForEach(func(k, v []byte) error {
				p, err := decodePain(k, v)
				e.Pains = append(e.Pains, p)
				return err
			}); err != nil {
				return err
			}
		}
		each := func(name []byte, fn func([]byte) error) error {
			b := mb.Bucket(name)
			if b == nil {
				return nil
			}
			return b.ForEach(func(_, v []byte) error { return fn(v) })
		}
		// Runs come in date order, as /week and Runs list them.
		if idx, runs := mb.Bucket(bRunDate), mb.Bucket(bRuns); idx != nil && runs != nil {
			if err := idx.ForEach(func(k, _ []byte) error {
				r, err := decodeRun(k[10:], runs.Get(k[10:]))
				e.Runs = append(e.Runs, r)
				return err
			}); err != nil {
				return err
			}
		}
		for _, step := range []struct {
			name []byte
			fn   func([]byte) error
		}{
			{bCadence, decodeInto(&e.Cadences)},
			{bBalance, decodeInto(&e.Balances)},
			{bKept, decodeInto(&e.Kept)},
		} {
			if err := each(step.name, step.fn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.Export{}, fmt.Errorf("export %s: %w", memberID, err)
	}
	return e, nil
}

// Forget deletes every trace of the member in one transaction.
func (s *Store) Forget(ctx context.Context, memberID ids.MemberID) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var m store.Member
		if mb, _ := memberBucket(tx, memberID, false); mb != nil {
			if raw := mb.Get(kDoc); raw != nil {
				if err := json.Unmarshal(raw, &m); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bMembers).DeleteBucket([]byte(memberID)); err != nil {
				return err
			}
		}
		if tx.Bucket(bMarks).Bucket([]byte(memberID)) != nil {
			if err := tx.Bucket(bMarks).DeleteBucket([]byte(memberID)); err != nil {
				return err
			}
		}
		if err := dropOps(tx, string(memberID)); err != nil {
			return err
		}
		for _, board := range m.Boards {
			if err := boardRemove(tx, board, string(memberID)); err != nil {
				return err
			}
		}
		for _, clubID := range m.Clubs {
			if _, err := deleteShares(tx, clubID, memberID); err != nil {
				return err
			}
			clubs := tx.Bucket(bClubs)
			raw := clubs.Get([]byte(clubID))
			if raw == nil {
				continue
			}
			var c store.Club
			if err := json.Unmarshal(raw, &c); err != nil {
				return err
			}
			if !shared.DropMember(&c, memberID) {
				continue
			}
			if raw, err := json.Marshal(c); err != nil {
				return err
			} else if err := clubs.Put([]byte(clubID), raw); err != nil {
				return err
			}
		}
		return dropJobs(tx, string(memberID))
	})
	if err != nil {
		return fmt.Errorf("forget %s: %w", memberID, err)
	}
	return nil
}

// dropJobs removes the jobs naming id (a member or a club) from every
// platform's queue.
func dropJobs(tx *bolt.Tx, id string) error {
	var platforms [][]byte
	err := tx.Bucket(bQueues).ForEachBucket(func(p []byte) error {
		platforms = append(platforms, bytes.Clone(p))
		return nil
	})
	if err != nil {
		return err
	}
	for _, platform := range platforms {
		q := tx.Bucket(bQueues).Bucket(platform)
		jobs, byTime := q.Bucket(bByJob), q.Bucket(bByTime)
		var doomed [][2][]byte
		err := jobs.ForEach(func(k, v []byte) error {
			if shared.JobNames(string(k), id) {
				doomed = append(doomed, [2][]byte{bytes.Clone(k), concat(v, k)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range doomed {
			if err := jobs.Delete(d[0]); err != nil {
				return err
			}
			if err := byTime.Delete(d[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---- Outbox ----

// Keep stores a refused private message (at most KeptMax per member).
func (s *Store) Keep(ctx context.Context, memberID ids.MemberID, k store.Kept) error {
	if err := checkID("member", memberID); err != nil {
		return err
	}
	if k.At.IsZero() {
		k.At = s.now()
	}
	k.At = k.At.UTC()
	raw, err := json.Marshal(k)
	if err != nil {
		return fmt.Errorf("keep message for %s: %w", memberID, err)
	}
	op := opFor(ctx, "keep")
	err = s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if _, ok := s.opDone(tx, string(memberID), op); ok {
			return nil
		}
		if err := s.opRecord(tx, string(memberID), op, nil); err != nil {
			return err
		}
		mb, err := memberBucket(tx, memberID, true)
		if err != nil {
			return err
		}
		b, err := sub(mb, bKept)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if err := b.Put(u64(seq), raw); err != nil {
			return err
		}
		// Drop the oldest beyond KeptMax (keys are in logging order).
		var all [][]byte
		if err := b.ForEach(func(k, _ []byte) error { all = append(all, bytes.Clone(k)); return nil }); err != nil {
			return err
		}
		for len(all) > shared.KeptMax {
			if err := b.Delete(all[0]); err != nil {
				return err
			}
			all = all[1:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep message for %s: %w", memberID, err)
	}
	return nil
}

// TakeKept returns and removes the kept messages newer than now-7 days.
func (s *Store) TakeKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]store.Kept, error) {
	out := []store.Kept{}
	cutoff := now.Add(-shared.KeptMaxAge)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		if mb == nil || mb.Bucket(bKept) == nil {
			return nil
		}
		err := mb.Bucket(bKept).ForEach(func(_, v []byte) error {
			var k store.Kept
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if k.At.After(cutoff) {
				out = append(out, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return mb.DeleteBucket(bKept)
	})
	if err != nil {
		return nil, fmt.Errorf("take kept messages of %s: %w", memberID, err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// PeekKept returns the kept messages newer than now-7 days, removing none.
func (s *Store) PeekKept(ctx context.Context, memberID ids.MemberID, now time.Time) ([]store.Kept, error) {
	out := []store.Kept{}
	cutoff := now.Add(-shared.KeptMaxAge)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		if mb == nil || mb.Bucket(bKept) == nil {
			return nil
		}
		return mb.Bucket(bKept).ForEach(func(_, v []byte) error {
			var k store.Kept
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if k.At.After(cutoff) {
				out = append(out, k)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("peek kept messages of %s: %w", memberID, err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// AckKept deletes one stored entry per delivered message, oldest entry
// first among equal ones, and drops entries past their 7 days on the way.
func (s *Store) AckKept(ctx context.Context, memberID ids.MemberID, delivered []store.Kept) error {
	if len(delivered) == 0 {
		return nil
	}
	cutoff := s.now().Add(-shared.KeptMaxAge)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		if mb == nil || mb.Bucket(bKept) == nil {
			return nil
		}
		b := mb.Bucket(bKept)
		left := slices.Clone(delivered)
		var drop [][]byte
		err := b.ForEach(func(key, v []byte) error {
			var k store.Kept
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if i := slices.IndexFunc(left, func(d store.Kept) bool { return sameKept(d, k) }); i >= 0 {
				left = slices.Delete(left, i, i+1)
				drop = append(drop, bytes.Clone(key))
			} else if !k.At.After(cutoff) {
				drop = append(drop, bytes.Clone(key))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, key := range drop {
			if err := b.Delete(key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ack kept messages of %s: %w", memberID, err)
	}
	return nil
}

func sameKept(a, b store.Kept) bool {
	return a.At.Equal(b.At) && a.Text == b.Text && slices.Equal(a.Buttons, b.Buttons)
}

// ---- Clubs ----

// Club returns the club, or ErrNotFound.
func (s *Store) Club(ctx context.Context, id ids.ClubID) (store.Club, error) {
	var c store.Club
	err := s.view(ctx, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bClubs).Get([]byte(id))
		if raw == nil {
			return store.ErrNotFound
		}
		return json.Unmarshal(raw, &c)
	})
	if err != nil {
		return store.Club{}, fmt.Errorf("club %s: %w", id, err)
	}
	return c, nil
}

// UpdateClub applies fn to the club in one write transaction (a zero club
// with ID set when none exists). fn must not call the store.
func (s *Store) UpdateClub(ctx context.Context, id ids.ClubID, fn func(*store.Club) error) (store.Club, error) {
	if err := checkID("club", id); err != nil {
		return store.Club{}, err
	}
	var c store.Club
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bClubs)
		c = store.Club{ID: id}
		if raw := b.Get([]byte(id)); raw != nil {
			if err := json.Unmarshal(raw, &c); err != nil {
				return err
			}
		}
		if err := fn(&c); err != nil {
			return err
		}
		c.ID = id
		raw, err := json.Marshal(c)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), raw)
	})
	if err != nil {
		return store.Club{}, fmt.Errorf("update club %s: %w", id, err)
	}
	return c, nil
}

// ClubIDs lists every club, sorted.
func (s *Store) ClubIDs(ctx context.Context) ([]ids.ClubID, error) {
	out := []string{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bClubs).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list clubs: %w", err)
	}
	return ids.Clubs(out), nil
}

// MoveClub re-keys a club; see store.Clubs.
func (s *Store) MoveClub(ctx context.Context, from, to ids.ClubID) error {
	if err := checkID("club", to); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bClubs)
		raw := b.Get([]byte(from))
		if raw == nil {
			if b.Get([]byte(to)) != nil {
				return nil // already moved: a retried migration
			}
			return store.ErrNotFound
		}
		var c store.Club
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		moved, err := json.Marshal(shared.MovedClub(c, from, to))
		if err != nil {
			return err
		}
		if err := b.Put([]byte(to), moved); err != nil {
			return err
		}
		if err := moveWebToken(tx, string(from), string(to)); err != nil {
			return err
		}
		return b.Delete([]byte(from))
	})
	if err != nil {
		return fmt.Errorf("move club %s to %s: %w", from, to, err)
	}
	return nil
}

// DeleteClub removes the club, its marks, the jobs naming it and the
// given boards in one transaction; see store.Clubs.
func (s *Store) DeleteClub(ctx context.Context, id ids.ClubID, boards []string) error {
	if err := checkID("club", id); err != nil {
		return err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		for _, name := range boards {
			if tx.Bucket(bBoards).Bucket([]byte(name)) != nil {
				if err := tx.Bucket(bBoards).DeleteBucket([]byte(name)); err != nil {
					return err
				}
			}
			if err := dropOps(tx, boardScope(name)); err != nil {
				return err
			}
		}
		if err := dropOps(tx, string(id)); err != nil {
			return err
		}
		if tx.Bucket(bMarks).Bucket([]byte(id)) != nil {
			if err := tx.Bucket(bMarks).DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
		if err := dropJobs(tx, string(id)); err != nil {
			return err
		}
		return tx.Bucket(bClubs).Delete([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("delete club %s: %w", id, err)
	}
	return nil
}

// ---- Marks ----

// Mark records key under scope until now+ttl; it reports whether the key
// was new (absent or expired).
func (s *Store) Mark(ctx context.Context, scope, key string, ttl time.Duration) (bool, error) {
	if err := shared.CheckMark(scope, key, ttl); err != nil {
		return false, err
	}
	now := s.now()
	fresh := false
	op := opFor(ctx, "mark")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, scope, op); ok {
			fresh = len(res) == 1 && res[0] == 1
			return nil
		}
		b, err := tx.Bucket(bMarks).CreateBucketIfNotExists([]byte(scope))
		if err != nil {
			return err
		}
		if v := b.Get([]byte(key)); v != nil && unsortable(v) > now.UnixNano() {
			return s.opRecord(tx, scope, op, []byte{0})
		}
		fresh = true
		if err := s.opRecord(tx, scope, op, []byte{1}); err != nil {
			return err
		}
		if err := b.Put([]byte(key), sortable(now.Add(ttl).UnixNano())); err != nil {
			return err
		}
		// Sweep expired marks now and then, so per-platform scopes (update
		// ids) do not grow forever. The bucket sequence counts marks.
		n, err := b.NextSequence()
		if err != nil || n%256 != 0 {
			return err
		}
		var expired [][]byte
		err = b.ForEach(func(k, v []byte) error {
			if unsortable(v) <= now.UnixNano() {
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
	})
	if err != nil {
		return false, fmt.Errorf("mark %s/%s: %w", scope, key, err)
	}
	return fresh, nil
}

// Marked reports whether key is recorded under scope and not expired.
func (s *Store) Marked(ctx context.Context, scope, key string) (bool, error) {
	now := s.now()
	marked := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bMarks).Bucket([]byte(scope)); b != nil {
			v := b.Get([]byte(key))
			marked = v != nil && unsortable(v) > now.UnixNano()
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("marked %s/%s: %w", scope, key, err)
	}
	return marked, nil
}

// ---- Queue ----

// queue returns the platform's two buckets.
func queue(tx *bolt.Tx, platform string) (byTime, byJob *bolt.Bucket, err error) {
	root := tx.Bucket(bQueues)
	var q *bolt.Bucket
	if tx.Writable() {
		if q, err = root.CreateBucketIfNotExists([]byte(platform)); err != nil {
			return nil, nil, err
		}
	} else if q = root.Bucket([]byte(platform)); q == nil {
		return nil, nil, nil
	}
	if byTime, err = sub(q, bByTime); err != nil {
		return nil, nil, err
	}
	byJob, err = sub(q, bByJob)
	return byTime, byJob, err
}

// setJob moves (or adds) job to ms, keeping both indexes in step.
func setJob(byTime, byJob *bolt.Bucket, job []byte, ms int64) error {
	if old := byJob.Get(job); old != nil {
		if err := byTime.Delete(concat(old, job)); err != nil {
			return err
		}
	}
	t := sortable(ms)
	if err := byJob.Put(job, t); err != nil {
		return err
	}
	return byTime.Put(concat(t, job), nil)
}

// Schedule sets (or moves) job's fire time, kept to the millisecond.
func (s *Store) Schedule(ctx context.Context, platform, job string, at time.Time) error {
	if platform == "" || job == "" {
		return fmt.Errorf("schedule %q on %q: empty platform or job", job, platform)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		byTime, byJob, err := queue(tx, platform)
		if err != nil {
			return err
		}
		return setJob(byTime, byJob, []byte(job), at.UnixMilli())
	})
	if err != nil {
		return fmt.Errorf("schedule %s on %s: %w", job, platform, err)
	}
	return nil
}

// Unschedule removes job; absent jobs are no error.
func (s *Store) Unschedule(ctx context.Context, platform, job string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		q := tx.Bucket(bQueues).Bucket([]byte(platform))
		if q == nil {
			return nil
		}
		byTime, byJob := q.Bucket(bByTime), q.Bucket(bByJob)
		old := byJob.Get([]byte(job))
		if old == nil {
			return nil
		}
		if err := byTime.Delete(concat(old, []byte(job))); err != nil {
			return err
		}
		return byJob.Delete([]byte(job))
	})
	if err != nil {
		return fmt.Errorf("unschedule %s on %s: %w", job, platform, err)
	}
	return nil
}

// Claim takes up to max due jobs and leases them until now+lease, in one
// write transaction: a cursor walk from the earliest time.
func (s *Store) Claim(ctx context.Context, platform string, now time.Time, lease time.Duration, max int) ([]store.Due, error) {
	out := []store.Due{}
	if max <= 0 {
		return out, nil
	}
	if err := shared.CheckLease(platform, lease); err != nil {
		return nil, err
	}
	nowMS := now.UnixMilli()
	until := now.Add(lease).UnixMilli()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		out = out[:0]
		if tx.Bucket(bQueues).Bucket([]byte(platform)) == nil {
			return nil
		}
		byTime, byJob, err := queue(tx, platform)
		if err != nil {
			return err
		}
		c := byTime.Cursor()
		for k, _ := c.First(); k != nil && len(out) < max; k, _ = c.Next() {
			ms := unsortable(k[:8])
			if ms > nowMS {
				break
			}
			out = append(out, store.Due{Job: string(k[8:]), At: time.UnixMilli(ms).UTC()})
		}
		for _, d := range out {
			if err := setJob(byTime, byJob, []byte(d.Job), until); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim on %s: %w", platform, err)
	}
	return out, nil
}

// When returns job's fire time, or ErrNotFound.
func (s *Store) When(ctx context.Context, platform, job string) (time.Time, error) {
	var at time.Time
	err := s.view(ctx, func(tx *bolt.Tx) error {
		_, byJob, err := queue(tx, platform)
		if err != nil {
			return err
		}
		if byJob == nil || byJob.Get([]byte(job)) == nil {
			return store.ErrNotFound
		}
		at = time.UnixMilli(unsortable(byJob.Get([]byte(job)))).UTC()
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("when %s on %s: %w", job, platform, err)
	}
	return at, nil
}

// ---- Boards ----

func board(tx *bolt.Tx, name string) (scores, ordered *bolt.Bucket, err error) {
	root := tx.Bucket(bBoards)
	var b *bolt.Bucket
	if tx.Writable() {
		if b, err = root.CreateBucketIfNotExists([]byte(name)); err != nil {
			return nil, nil, err
		}
	} else if b = root.Bucket([]byte(name)); b == nil {
		return nil, nil, nil
	}
	if scores, err = sub(b, bScores); err != nil {
		return nil, nil, err
	}
	ordered, err = sub(b, bOrdered)
	return scores, ordered, err
}

// BoardAdd adds delta to member's score and returns the new score.
func (s *Store) BoardAdd(ctx context.Context, name string, member ids.MemberID, delta int64) (int64, error) {
	if name == "" || member == "" {
		return 0, fmt.Errorf("board add %q to %q: empty board or member", member, name)
	}
	var score int64
	op := opFor(ctx, "board")
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		if res, ok := s.opDone(tx, boardScope(name), op); ok && len(res) == 8 {
			score = unsortable(res)
			return nil
		}
		scores, ordered, err := board(tx, name)
		if err != nil {
			return err
		}
		m := []byte(member)
		score = 0
		if old := scores.Get(m); old != nil {
			score = unsortable(old)
			if err := ordered.Delete(concat(descending(score), m)); err != nil {
				return err
			}
		}
		score += delta
		if err := s.opRecord(tx, boardScope(name), op, sortable(score)); err != nil {
			return err
		}
		if err := scores.Put(m, sortable(score)); err != nil {
			return err
		}
		return ordered.Put(concat(descending(score), m), nil)
	})
	if err != nil {
		return 0, fmt.Errorf("board %s add for %s: %w", name, member, err)
	}
	return score, nil
}

// BoardTop returns the n highest entries (all when n <= 0), ties by member
// id; tied scores share a rank.
func (s *Store) BoardTop(ctx context.Context, name string, n int) ([]store.Score, error) {
	out := []store.Score{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		_, ordered, err := board(tx, name)
		if err != nil || ordered == nil {
			return err
		}
		c := ordered.Cursor()
		for k, _ := c.First(); k != nil && (n <= 0 || len(out) < n); k, _ = c.Next() {
			out = append(out, store.Score{Member: ids.MemberID(string(k[8:])), Value: undescending(k[:8])})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("board %s top: %w", name, err)
	}
	shared.CompetitionRanks(out, 1)
	return out, nil
}

// BoardScore returns member's entry with its rank, or ErrNotFound.
func (s *Store) BoardScore(ctx context.Context, name string, member ids.MemberID) (store.Score, error) {
	var sc store.Score
	err := s.view(ctx, func(tx *bolt.Tx) error {
		scores, ordered, err := board(tx, name)
		if err != nil {
			return err
		}
		if scores == nil || scores.Get([]byte(member)) == nil {
			return store.ErrNotFound
		}
		v := unsortable(scores.Get([]byte(member)))
		sc = store.Score{Member: member, Value: v, Rank: 1}
		// Rank = 1 + entries with a strictly higher score.
		mine := descending(v)
		c := ordered.Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:8], mine) < 0; k, _ = c.Next() {
			sc.Rank++
		}
		return nil
	})
	if err != nil {
		return store.Score{}, fmt.Errorf("board %s score of %s: %w", name, member, err)
	}
	return sc, nil
}

func boardRemove(tx *bolt.Tx, name, member string) error {
	if tx.Bucket(bBoards).Bucket([]byte(name)) == nil {
		return nil
	}
	scores, ordered, err := board(tx, name)
	if err != nil {
		return err
	}
	old := scores.Get([]byte(member))
	if old == nil {
		return nil
	}
	if err := ordered.Delete(concat(descending(unsortable(old)), []byte(member))); err != nil {
		return err
	}
	return scores.Delete([]byte(member))
}

// BoardRemove deletes member's entry; absent entries are no error.
func (s *Store) BoardRemove(ctx context.Context, name string, member ids.MemberID) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return boardRemove(tx, name, string(member)) }); err != nil {
		return fmt.Errorf("board %s remove %s: %w", name, member, err)
	}
	return nil
}

// BoardDelete deletes the whole board; absent boards are no error.
func (s *Store) BoardDelete(ctx context.Context, name string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if err := dropOps(tx, boardScope(name)); err != nil {
			return err
		}
		if tx.Bucket(bBoards).Bucket([]byte(name)) == nil {
			return nil
		}
		return tx.Bucket(bBoards).DeleteBucket([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("board %s delete: %w", name, err)
	}
	return nil
}

// ---- Web pages ----

func webClubKey(clubID string) []byte { return []byte("c|" + clubID) }
func webTokenKey(token string) []byte { return []byte("t|" + shared.WebTokenKey(token)) }

// setWebToken replaces the club's token and its lookup in tx.
func setWebToken(tx *bolt.Tx, clubID, token string) error {
	b := tx.Bucket(bWeb)
	if old := b.Get(webClubKey(clubID)); old != nil {
		if err := b.Delete(webTokenKey(string(old))); err != nil {
			return err
		}
	}
	if token == "" {
		return b.Delete(webClubKey(clubID))
	}
	if err := b.Put(webClubKey(clubID), []byte(token)); err != nil {
		return err
	}
	return b.Put(webTokenKey(token), []byte(clubID))
}

// moveWebToken carries a club's page token to its new id (MoveClub).
func moveWebToken(tx *bolt.Tx, from, to string) error {
	tok := tx.Bucket(bWeb).Get(webClubKey(from))
	if tok == nil {
		return nil
	}
	tok = bytes.Clone(tok)
	if err := setWebToken(tx, from, ""); err != nil {
		return err
	}
	return setWebToken(tx, to, string(tok))
}

// SetWebToken sets or clears the club's page token; see store.WebPages.
func (s *Store) SetWebToken(ctx context.Context, clubID ids.ClubID, token string) error {
	if err := checkID("club", clubID); err != nil {
		return err
	}
	if token != "" {
		if err := shared.CheckWebToken(token); err != nil {
			return err
		}
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if token != "" {
			if other := tx.Bucket(bWeb).Get(webTokenKey(token)); other != nil && string(other) != string(clubID) {
				return fmt.Errorf("web token already belongs to another club")
			}
		}
		return setWebToken(tx, string(clubID), token)
	})
	if err != nil {
		return fmt.Errorf("set web token of %s: %w", clubID, err)
	}
	return nil
}

// WebToken returns the club's page token, "" when off.
func (s *Store) WebToken(ctx context.Context, clubID ids.ClubID) (string, error) {
	var tok string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tok = string(tx.Bucket(bWeb).Get(webClubKey(string(clubID))))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("web token of %s: %w", clubID, err)
	}
	return tok, nil
}

// WebClub looks a page token up by its hash.
func (s *Store) WebClub(ctx context.Context, token string) (ids.ClubID, error) {
	var club string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bWeb).Get(webTokenKey(token))
		if v == nil {
			return store.ErrNotFound
		}
		club = string(v)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("web page: %w", err)
	}
	return ids.ClubID(club), nil
}

// AddPainWithMember stores p under the next id of the member's pains
// sequence and applies fn, given the report as stored, to the member, in
// one write transaction: both are stored or neither.
func (s *Store) AddPainWithMember(ctx context.Context, memberID ids.MemberID, p store.Pain, fn func(*store.Member, store.Pain) error) (store.Pain, store.Member, error) {
	if err := checkID("member", memberID); err != nil {
		return store.Pain{}, store.Member{}, err
	}
	if p.At.IsZero() {
		p.At = s.now()
	}
	p.At = p.At.UTC()
	p.ID = ""
	op := opFor(ctx, "pain")
	var m store.Member
	err := s.opUpdate(ctx, func(tx *bolt.Tx) error {
		mb, err := memberBucket(tx, memberID, true)
		if err != nil {
			return err
		}
		if res, ok := s.opDone(tx, string(memberID), op); ok {
			// A repeat of a write already made: its report and member are
			// the first write's.
			p.ID = shared.PainID(resultSeq(res))
			m = store.Member{ID: memberID}
			if raw := mb.Get(kDoc); raw != nil {
				return json.Unmarshal(raw, &m)
			}
			return nil
		}
		if err := s.putPain(tx, mb, memberID, op, &p); err != nil {
			return err
		}
		m, err = s.updateMemberIn(mb, memberID, func(m *store.Member) error { return fn(m, p) })
		return err
	})
	if err != nil {
		return store.Pain{}, store.Member{}, fmt.Errorf("add pain for %s: %w", memberID, err)
	}
	return p, m, nil
}

// MemberWithCadences returns what Member(id) and Cadences(id, n) return,
// read in one transaction. A missing member is Member's error
// (ErrNotFound), with no records.
func (s *Store) MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error) {
	var m store.Member
	out := []store.Cadence{}
	err := s.view(ctx, func(tx *bolt.Tx) (err error) {
		if m, err = memberIn(tx, id); err != nil {
			return err
		}
		return recordsIn(tx, string(id), bCadence, time.Time{}, true, n, decodeInto(&out))
	})
	if err != nil {
		return store.Member{}, nil, fmt.Errorf("member %s with cadences: %w", id, err)
	}
	return m, out, nil
}
