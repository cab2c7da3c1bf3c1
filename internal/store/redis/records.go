package redisstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// Runs and pain reports (schema version 2) live in one hash per member and
// kind: field "n" is the id sequence, and one field per month ("202603")
// holds that month's records packed one after another, each as
// uvarint(len) uvarint(seq) record. A member-year is a dozen small fields
// instead of hundreds of sorted-set entries of JSON: about 12 KB instead of
// 94 KB (BenchmarkMemberYearMemory). Appends happen in a script; the rare
// rewrites (an undo, an amended report) read the month and swap it with a
// compare-and-set script.

const seqField = "n"

// uv is the Lua uvarint encoder the scripts share. Sequence numbers and
// record lengths nearly always take one or two bytes: those are written
// without the table and table.concat of the general case, which cost
// Redis more than the script's own commands (issue 13).
const uv = `local function uv(n)
  if n < 128 then return string.char(n) end
  if n < 16384 then return string.char(n % 128 + 128, math.floor(n / 128)) end
  local s = {} while n >= 128 do s[#s+1] = string.char(n % 128 + 128); n = math.floor(n / 128) end s[#s+1] = string.char(n) return table.concat(s)
end
`

// nextSeq is the Lua that reads a record hash's sequence and one month
// field in one HMGET (KEYS[3], field ARGV[4]): seq(v) is the sequence
// plus one, and an error reply, as HINCRBY would give, for a sequence that
// is not an integer.
const nextSeq = `local function seq(v)
  local n = tonumber(v[1] or '0')
  if not n or n ~= math.floor(n) then return nil end
  return n + 1
end
`

// appendRecordScript (op-aware, see opPrelude): KEYS[3] hash; ARGV[4]
// month field, ARGV[5] record. The result is the record's new sequence
// number. The sequence and the month are read in one HMGET and written in
// one HSET: each command a script calls costs Redis about as much as a
// round trip's worth of Lua.
var appendRecordScript = redis.NewScript(opPrelude + uv + nextSeq + `
local v = redis.call('HMGET', KEYS[3], 'n', ARGV[4])
local n = seq(v)
if not n then return redis.error_reply('ERR hash value is not an integer') end
local e = uv(n) .. ARGV[5]
redis.call('HSET', KEYS[3], 'n', n, ARGV[4], (v[2] or '') .. uv(#e) .. e)
return done(n)`)

// monthsScript: KEYS hash (and the slot's ops hash); ARGV lowest and
// highest month field ("" for unbounded) (and an op key). Returns field,
// value pairs: a range read in one round trip; when the op key is recorded
// already, only "" and its result.
var monthsScript = redis.NewScript(`
if #KEYS > 1 and ARGV[3] ~= '' then
  local r = redis.call('HGET', KEYS[2], ARGV[3])
  if r then return {'', r} end
end
local want = {}
for _, k in ipairs(redis.call('HKEYS', KEYS[1])) do
  if k ~= 'n' and (ARGV[1] == '' or k >= ARGV[1]) and (ARGV[2] == '' or k <= ARGV[2]) then want[#want+1] = k end
end
if #want == 0 then return {} end
local vs = redis.call('HMGET', KEYS[1], unpack(want))
local out = {}
for i, k in ipairs(want) do out[#out+1] = k; out[#out+1] = vs[i] or '' end
return out`)

// swapMonthScript (op-aware): KEYS[3] hash; ARGV[4] field, ARGV[5]
// expected value, ARGV[6] new value ("" deletes the field), ARGV[7] the
// result to record. Flag 2 (nothing written) when the month changed
// meanwhile.
var swapMonthScript = redis.NewScript(opPrelude + `
local cur = redis.call('HGET', KEYS[3], ARGV[4]) or ''
if cur ~= ARGV[5] then return {2, ''} end
if ARGV[6] == '' then redis.call('HDEL', KEYS[3], ARGV[4]) else redis.call('HSET', KEYS[3], ARGV[4], ARGV[6]) end
return done(ARGV[7])`)

// entry is one record of a month field.
type entry struct {
	seq uint64
	rec []byte
}

// splitMonth cuts a month field into its entries.
func splitMonth(blob string) ([]entry, error) {
	b := []byte(blob)
	var out []entry
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, record.ErrCorrupt
		}
		e := b[k : k+int(n)]
		b = b[k+int(n):]
		seq, j := binary.Uvarint(e)
		if j <= 0 {
			return nil, record.ErrCorrupt
		}
		out = append(out, entry{seq: seq, rec: e[j:]})
	}
	return out, nil
}

// joinMonth is the inverse of splitMonth.
func joinMonth(es []entry) string {
	var b []byte
	for _, e := range es {
		body := binary.AppendUvarint(nil, e.seq)
		body = append(body, e.rec...)
		b = binary.AppendUvarint(b, uint64(len(body)))
		b = append(b, body...)
	}
	return string(b)
}

// months reads the month fields from lo to hi inclusive.
func (s *Store) months(ctx context.Context, key, lo, hi string) (map[string]string, error) {
	return s.monthsOrOp(ctx, key, "", lo, hi, "")
}

// monthsOrOp is months that first checks op (recorded in opsKey): when it
// is, the map holds only "" and the op's result.
func (s *Store) monthsOrOp(ctx context.Context, key, opsKey, lo, hi, op string) (map[string]string, error) {
	keys, args := []string{key}, []any{lo, hi}
	if op != "" {
		keys, args = append(keys, opsKey), append(args, op)
	}
	raw, err := redis.NewCmdResult(s.eval(ctx, monthsScript, keys, args...)).StringSlice()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(raw)/2)
	for i := 0; i+1 < len(raw); i += 2 {
		out[raw[i]] = raw[i+1]
	}
	return out, nil
}

// rewrite applies edit to the entries of the one month holding the entry
// chosen by pick (from all months), and swaps the month in, retrying when
// another write got in first. pick returns the field and index; ok false
// means not found. edit returns the new entries and the rewritten entry,
// which is recorded under ctx's op (of kind): the same op again calls
// repeat with that entry instead of rewriting anything.
func (s *Store) rewrite(ctx context.Context, memberID, key, kind string, pick func(map[string][]entry) (field string, i int, ok bool),
	edit func(es []entry, i int) ([]entry, entry, error), repeat func(entry) error) error {
	op := opFor(ctx, kind)
	for range 20 {
		all, err := s.monthsOrOp(ctx, key, s.opKeys(memberID)[0], "", "", op)
		if err != nil {
			return err
		}
		if r, done := all[""]; done {
			es, err := splitMonth(r)
			if err != nil || len(es) != 1 {
				return fmt.Errorf("op result: %w", record.ErrCorrupt)
			}
			return repeat(es[0])
		}
		parsed := make(map[string][]entry, len(all))
		for f, blob := range all {
			if parsed[f], err = splitMonth(blob); err != nil {
				return err
			}
		}
		field, i, ok := pick(parsed)
		if !ok {
			return store.ErrNotFound
		}
		es, changed, err := edit(slices.Clone(parsed[field]), i)
		if err != nil {
			return err
		}
		flag, r, err := s.opWrite(ctx, swapMonthScript, memberID, op, []string{key},
			field, all[field], joinMonth(es), joinMonth([]entry{changed}))
		if err != nil {
			return err
		}
		if flag == 1 { // recorded by an attempt whose answer was lost
			es, err := splitMonth(r)
			if err != nil || len(es) != 1 {
				return fmt.Errorf("op result: %w", record.ErrCorrupt)
			}
			return repeat(es[0])
		}
		if flag == 0 {
			return nil
		}
	}
	return fmt.Errorf("too much contention on %s", key)
}

func runMonth(date string) string { return date[:4] + date[5:7] }

// ---- Runs ----

// AddRun appends r to its month in one script call: id and record.
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
	rec, err := record.AppendRun(nil, r)
	if err != nil {
		return store.Run{}, fmt.Errorf("add run for %s: %w", memberID, err)
	}
	_, res, err := s.opWrite(ctx, appendRecordScript, string(memberID), opFor(ctx, "run"), []string{s.mkeys(memberID).runs}, runMonth(r.Date), rec)
	seq := seqOf(res)
	if err == nil && seq == 0 {
		err = fmt.Errorf("bad sequence %q", res)
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("add run for %s: %w", memberID, err)
	}
	r.ID = shared.RunID(seq)
	return r, nil
}

// Runs returns the runs dated from..to inclusive: one script call over the
// months in range.
func (s *Store) Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	lo, hi := "", ""
	if from != "" {
		lo = runMonth(from)
	}
	if to != "" {
		hi = runMonth(to)
	}
	all, err := s.months(ctx, s.mkeys(memberID).runs, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	out, err := s.decodeRuns(s.mkeys(memberID).runs, all, from, to)
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", memberID, err)
	}
	return out, nil
}

// decodeRuns decodes month fields into runs dated from..to, by date then
// logging order.
func (s *Store) decodeRuns(key string, months map[string]string, from, to string) ([]store.Run, error) {
	return decodeMonths(&s.monthRecs, key, months, record.Run,
		func(r store.Run) bool { return (from == "" || r.Date >= from) && (to == "" || r.Date <= to) },
		func(r *store.Run, seq uint64) { r.ID = shared.RunID(seq) },
		func(a, b store.Run) int { return strings.Compare(a.Date, b.Date) },
		func(r *store.Run) { r.Boards = slices.Clone(r.Boards) })
}

// decodeMonths decodes the records of month fields of hash key (through
// the month cache c, which may be nil), keeps those keep accepts with their
// ids set, and orders them by order, then logging order. own makes a kept
// record's slices its own (the cache's stay shared).
func decodeMonths[T any](c *monthCache, key string, months map[string]string, decode func([]byte) (T, error), keep func(T) bool,
	setID func(*T, uint64), order func(a, b T) int, own func(*T)) ([]T, error) {
	less := func(a, b *seqRec[T]) int {
		if c := order(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	}
	// Month by month in field order, the kept records nearly always come
	// out in order already (a month's are appended as they are logged):
	// then they are copied once, with no sort. Otherwise sort as before.
	fields := make([]string, 0, len(months))
	for f := range months {
		if f != seqField {
			fields = append(fields, f)
		}
	}
	slices.Sort(fields)
	byMonth := make([][]seqRec[T], len(fields))
	n, sorted := 0, true
	var last *seqRec[T]
	for i, f := range fields {
		recs, err := monthRecords(c, key, f, months[f], decode, setID)
		if err != nil {
			return nil, err
		}
		byMonth[i] = recs
		for j := range recs {
			if r := &recs[j]; keep(r.v) {
				if last != nil && less(last, r) > 0 {
					sorted = false
				}
				last = r
				n++
			}
		}
	}
	if sorted {
		out := make([]T, 0, n)
		for _, recs := range byMonth {
			for _, r := range recs {
				if keep(r.v) {
					out = append(out, r.v)
					own(&out[len(out)-1])
				}
			}
		}
		return out, nil
	}
	rs := make([]seqRec[T], 0, n)
	for _, recs := range byMonth {
		for _, r := range recs {
			if keep(r.v) {
				rs = append(rs, r)
			}
		}
	}
	slices.SortFunc(rs, func(a, b seqRec[T]) int { return less(&a, &b) })
	out := make([]T, len(rs))
	for i, x := range rs {
		out[i] = x.v
		own(&out[i])
	}
	return out, nil
}

// DeleteRun removes a run (the last logged for "") by rewriting its month.
func (s *Store) DeleteRun(ctx context.Context, memberID ids.MemberID, id string) (store.Run, error) {
	what := "last run"
	var want uint64
	if id != "" {
		what = "run " + id
		seq, ok := shared.RunSeq(id)
		if !ok {
			return store.Run{}, fmt.Errorf("delete %s of %s: %w", what, memberID, store.ErrNotFound)
		}
		want = seq
	}
	var deleted store.Run
	setDeleted := func(e entry) error {
		r, err := record.Run(e.rec)
		if err != nil {
			return err
		}
		r.ID = shared.RunID(e.seq)
		deleted = r
		return nil
	}
	err := s.rewrite(ctx, string(memberID), s.mkeys(memberID).runs, "undo", func(ms map[string][]entry) (string, int, bool) {
		field, at, best := "", -1, uint64(0)
		for f, es := range ms {
			for i, e := range es {
				if (want != 0 && e.seq == want) || (want == 0 && e.seq > best) {
					field, at, best = f, i, e.seq
				}
			}
		}
		return field, at, at >= 0
	}, func(es []entry, i int) ([]entry, entry, error) {
		e := es[i]
		if err := setDeleted(e); err != nil {
			return nil, e, err
		}
		return slices.Delete(es, i, i+1), e, nil
	}, setDeleted)
	if err != nil {
		return store.Run{}, fmt.Errorf("delete %s of %s: %w", what, memberID, err)
	}
	return deleted, nil
}

// AmendRun rewrites one run with a compare-and-set on its month; a new
// date may move it to another month, which is two fields of one hash, so
// the move is one script call too.
func (s *Store) AmendRun(ctx context.Context, memberID ids.MemberID, id string, fn func(*store.Run) error) (store.Run, error) {
	want, ok := shared.RunSeq(id)
	if !ok {
		return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, store.ErrNotFound)
	}
	key := s.mkeys(memberID).runs
	for range 20 {
		all, err := s.months(ctx, key, "", "")
		if err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		field, at := "", -1
		var es []entry
		for f, blob := range all {
			if f == seqField {
				continue
			}
			parsed, err := splitMonth(blob)
			if err != nil {
				return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
			}
			for i, e := range parsed {
				if e.seq == want {
					field, at, es = f, i, parsed
				}
			}
		}
		if at < 0 {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, store.ErrNotFound)
		}
		r, err := record.Run(es[at].rec)
		if err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		r.ID = shared.RunID(want)
		keepLogged := r.Logged
		if err := fn(&r); err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		r.ID, r.Logged = shared.RunID(want), keepLogged
		if err := shared.CheckDate(r.Date); err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		rec, err := record.AppendRun(nil, r)
		if err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		newField := runMonth(r.Date)
		oldRest := slices.Delete(slices.Clone(es), at, at+1)
		var keys []string
		var args []any
		if newField == field {
			es[at].rec = rec
			keys, args = []string{key}, []any{field, all[field], joinMonth(es), "", "", ""}
		} else {
			target, err := splitMonth(all[newField])
			if err != nil {
				return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
			}
			target = append(target, entry{seq: want, rec: rec})
			keys, args = []string{key}, []any{field, all[field], joinMonth(oldRest), newField, all[newField], joinMonth(target)}
		}
		// Through write: WAIT for replicas, "not sure" on an unknown
		// outcome, and the cluster's redirects, like every other write.
		res, err := s.write(ctx, swapMonthsScript, keys, args...)
		if err != nil {
			return store.Run{}, fmt.Errorf("amend run %s of %s: %w", id, memberID, err)
		}
		if swapped, _ := res.(int64); swapped == 1 {
			return r, nil
		}
	}
	return store.Run{}, fmt.Errorf("amend run %s of %s: too much contention", id, memberID)
}

// swapMonthsScript: KEYS hash; ARGV field1, expected1, new1, field2,
// expected2, new2 (field2 "" for one field). Both swaps happen only if both
// months are as read; an empty new value deletes the field.
var swapMonthsScript = redis.NewScript(`
for i = 1, 4, 3 do
  if ARGV[i] ~= '' and (redis.call('HGET', KEYS[1], ARGV[i]) or '') ~= ARGV[i+1] then return 0 end
end
for i = 1, 4, 3 do
  if ARGV[i] ~= '' then
    if ARGV[i+2] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i+2]) end
  end
end
return 1`)

// ---- Pain reports ----

func painMonth(at time.Time) string { return at.UTC().Format("200601") }

// AddPain appends p to its month in one script call: id and record.
func (s *Store) AddPain(ctx context.Context, memberID ids.MemberID, p store.Pain) (store.Pain, error) {
	if err := checkID("member", memberID); err != nil {
		return store.Pain{}, err
	}
	if p.At.IsZero() {
		p.At = s.now()
	}
	p.At = p.At.UTC()
	p.ID = ""
	rec, err := record.AppendPain(nil, p)
	if err != nil {
		return store.Pain{}, fmt.Errorf("add pain for %s: %w", memberID, err)
	}
	_, res, err := s.opWrite(ctx, appendRecordScript, string(memberID), opFor(ctx, "pain"), []string{s.mkeys(memberID).pains}, painMonth(p.At), rec)
	seq := seqOf(res)
	if err == nil && seq == 0 {
		err = fmt.Errorf("bad sequence %q", res)
	}
	if err != nil {
		s.docs.drop(s.mkeys(memberID).pains)
		return store.Pain{}, fmt.Errorf("add pain for %s: %w", memberID, err)
	}
	s.docs.put(s.mkeys(memberID).pains, res) // AddPainWithMember's next id
	p.ID = shared.PainID(seq)
	return p, nil
}

// Pains returns the reports at or after since, oldest first.
func (s *Store) Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error) {
	lo := ""
	if !since.IsZero() {
		lo = painMonth(since)
	}
	all, err := s.months(ctx, s.mkeys(memberID).pains, lo, "")
	if err != nil {
		return nil, fmt.Errorf("pains of %s: %w", memberID, err)
	}
	out, err := s.decodePains(s.mkeys(memberID).pains, all, since)
	if err != nil {
		return nil, fmt.Errorf("pains of %s: %w", memberID, err)
	}
	return out, nil
}

func (s *Store) decodePains(key string, months map[string]string, since time.Time) ([]store.Pain, error) {
	return decodeMonths(&s.monthRecs, key, months, record.Pain,
		func(p store.Pain) bool { return since.IsZero() || !p.At.Before(since) },
		func(p *store.Pain, seq uint64) { p.ID = shared.PainID(seq) },
		func(a, b store.Pain) int { return a.At.Compare(b.At) },
		func(p *store.Pain) { p.Flags = slices.Clone(p.Flags) })
}

// AmendPain rewrites one report in its month with a compare-and-set.
func (s *Store) AmendPain(ctx context.Context, memberID ids.MemberID, id string, since time.Time, fn func(*store.Pain) error) (store.Pain, error) {
	want, ok := shared.PainSeq(id)
	if !ok {
		return store.Pain{}, fmt.Errorf("amend pain %s of %s: %w", id, memberID, store.ErrNotFound)
	}
	var out store.Pain
	setOut := func(e entry) error {
		p, err := record.Pain(e.rec)
		if err != nil {
			return err
		}
		p.ID = shared.PainID(e.seq)
		out = p
		return nil
	}
	err := s.rewrite(ctx, string(memberID), s.mkeys(memberID).pains, "amend", func(ms map[string][]entry) (string, int, bool) {
		for f, es := range ms {
			for i, e := range es {
				if e.seq == want {
					return f, i, true
				}
			}
		}
		return "", 0, false
	}, func(es []entry, i int) ([]entry, entry, error) {
		p, err := record.Pain(es[i].rec)
		if err != nil {
			return nil, entry{}, err
		}
		if !since.IsZero() && p.At.Before(since) {
			return nil, entry{}, store.ErrNotFound
		}
		at := p.At
		if err := fn(&p); err != nil {
			return nil, entry{}, err
		}
		p.ID, p.At = "", at
		rec, err := record.AppendPain(nil, p)
		if err != nil {
			return nil, entry{}, err
		}
		p.ID = shared.PainID(want)
		out = p
		es[i].rec = rec
		return es, es[i], nil
	}, setOut)
	if err != nil {
		return store.Pain{}, fmt.Errorf("amend pain %s of %s: %w", id, memberID, err)
	}
	return out, nil
}

// seqOf reads a hash's id sequence (0 when absent).
func seqOf(v string) uint64 {
	n, _ := strconv.ParseUint(v, 10, 64)
	return n
}

// monthsLua is the Lua range read the combined scripts share: a hash's
// month fields from lo to hi inclusive as field, value pairs.
const monthsLua = `local function months(key, lo, hi)
  local want = {}
  for _, k in ipairs(redis.call('HKEYS', key)) do
    if k ~= 'n' and (lo == '' or k >= lo) and (hi == '' or k <= hi) then want[#want+1] = k end
  end
  if #want == 0 then return {} end
  local vs = redis.call('HMGET', key, unpack(want))
  local out = {}
  for i, k in ipairs(want) do out[#out+1] = k; out[#out+1] = vs[i] or '' end
  return out
end
`

// runsAndPainsScript: KEYS the runs hash and the pains hash (one slot);
// ARGV the runs' lowest and highest month field and the pains' lowest and
// highest ("" for unbounded). Returns two lists of field, value pairs, as
// monthsScript does for each: both range reads in one round trip.
var runsAndPainsScript = redis.NewScript(monthsLua + `
return {months(KEYS[1], ARGV[1], ARGV[2]), months(KEYS[2], ARGV[3], ARGV[4])}`)

// RunsAndPains returns what Runs(from, to) and Pains(since) return, read
// in one script call.
func (s *Store) RunsAndPains(ctx context.Context, memberID ids.MemberID, from, to string, since time.Time) ([]store.Run, []store.Pain, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return nil, nil, fmt.Errorf("runs and pains of %s: %w", memberID, err)
	}
	rlo, rhi, plo := "", "", ""
	if from != "" {
		rlo = runMonth(from)
	}
	if to != "" {
		rhi = runMonth(to)
	}
	if !since.IsZero() {
		plo = painMonth(since)
	}
	k := s.mkeys(memberID)
	raw, err := redis.NewCmdResult(s.eval(ctx, runsAndPainsScript, []string{k.runs, k.pains}, rlo, rhi, plo, "")).Slice()
	if err != nil {
		return nil, nil, fmt.Errorf("runs and pains of %s: %w", memberID, err)
	}
	runs, pains, err := s.decodeRunsAndPains(k, raw, from, to, since)
	if err != nil {
		return nil, nil, fmt.Errorf("runs and pains of %s: %w", memberID, err)
	}
	return runs, pains, nil
}

// decodeRunsAndPains decodes the two field, value lists runsAndPainsScript
// returns into what Runs(from, to) and Pains(since) return.
func (s *Store) decodeRunsAndPains(k memberKeys, raw []any, from, to string, since time.Time) ([]store.Run, []store.Pain, error) {
	maps, err := monthLists(raw)
	if err != nil {
		return nil, nil, err
	}
	runs, err := s.decodeRuns(k.runs, maps[0], from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("runs: %w", err)
	}
	pains, err := s.decodePains(k.pains, maps[1], since)
	if err != nil {
		return nil, nil, fmt.Errorf("pains: %w", err)
	}
	return runs, pains, nil
}

// monthLists reads the two field, value lists runsAndPainsScript returns
// (runs, then pains) as month maps.
func monthLists(raw []any) ([2]map[string]string, error) {
	var maps [2]map[string]string
	if len(raw) != 2 {
		return maps, fmt.Errorf("%d results: %w", len(raw), record.ErrCorrupt)
	}
	for i, r := range raw {
		pairs, ok := r.([]any)
		if !ok {
			return maps, fmt.Errorf("result %T: %w", r, record.ErrCorrupt)
		}
		maps[i] = make(map[string]string, len(pairs)/2)
		for j := 0; j+1 < len(pairs); j += 2 {
			f, ok1 := pairs[j].(string)
			v, ok2 := pairs[j+1].(string)
			if !ok1 || !ok2 {
				return maps, fmt.Errorf("field %T: %w", pairs[j], record.ErrCorrupt)
			}
			maps[i][f] = v
		}
	}
	return maps, nil
}

// memberHistoryScript: KEYS the member document, the runs hash and the
// pains hash (one slot); ARGV as runsAndPainsScript. Returns the document
// (false when absent), the two field, value lists and the pains' id
// sequence (false when none): a command's member and history in one round
// trip (issue 13).
var memberHistoryScript = redis.NewScript(monthsLua + `
return {redis.call('GET', KEYS[1]), months(KEYS[2], ARGV[1], ARGV[2]), months(KEYS[3], ARGV[3], ARGV[4]),
  redis.call('HGET', KEYS[3], 'n')}`)

// MemberWithHistory returns what Member(id), Runs(id, from, to) and
// Pains(id, since) return, read in one script call. A missing member is
// Member's error (ErrNotFound), with no history.
func (s *Store) MemberWithHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, error) {
	m, k, maps, err := s.memberWithMonths(ctx, id, from, to, since)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	runs, err := s.decodeRuns(k.runs, maps[0], from, to)
	if err == nil {
		var pains []store.Pain
		if pains, err = s.decodePains(k.pains, maps[1], since); err == nil {
			return m, runs, pains, nil
		}
		err = fmt.Errorf("pains: %w", err)
	} else {
		err = fmt.Errorf("runs: %w", err)
	}
	return store.Member{}, nil, nil, fmt.Errorf("history of %s: %w", id, err)
}

// MemberWithLazyHistory reads what MemberWithHistory reads, in the same
// one script call, and decodes the history only when asked: runs and pains
// each decode the months read, afresh on every call (slices the caller
// owns). A command that reads only its runs never decodes its pain
// reports, and a command's reads need no second copy of either.
func (s *Store) MemberWithLazyHistory(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, func() ([]store.Run, error), func() ([]store.Pain, error), error) {
	m, k, maps, err := s.memberWithMonths(ctx, id, from, to, since)
	if err != nil {
		return store.Member{}, nil, nil, err
	}
	runs := func() ([]store.Run, error) {
		rs, err := s.decodeRuns(k.runs, maps[0], from, to)
		if err != nil {
			return nil, fmt.Errorf("history of %s: runs: %w", id, err)
		}
		return rs, nil
	}
	pains := func() ([]store.Pain, error) {
		ps, err := s.decodePains(k.pains, maps[1], since)
		if err != nil {
			return nil, fmt.Errorf("history of %s: pains: %w", id, err)
		}
		return ps, nil
	}
	return m, runs, pains, nil
}

// memberWithMonths runs memberHistoryScript: the member, decoded, and the
// month fields of their runs and pain reports in the window, undecoded.
func (s *Store) memberWithMonths(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, memberKeys, [2]map[string]string, error) {
	var none [2]map[string]string
	if err := shared.CheckRange(from, to); err != nil {
		return store.Member{}, memberKeys{}, none, fmt.Errorf("member %s with history: %w", id, err)
	}
	rlo, rhi, plo := "", "", ""
	if from != "" {
		rlo = runMonth(from)
	}
	if to != "" {
		rhi = runMonth(to)
	}
	if !since.IsZero() {
		plo = painMonth(since)
	}
	k := s.mkeys(id)
	raw, maps, multi, err := s.historyMulti(ctx, k, rlo, rhi, plo)
	if !multi && err == nil {
		raw, err = redis.NewCmdResult(s.eval(ctx, memberHistoryScript, []string{k.doc, k.runs, k.pains}, rlo, rhi, plo, "")).Slice()
	}
	if err != nil {
		s.docs.drop(k.doc)
		return store.Member{}, k, none, fmt.Errorf("member %s with history: %w", id, err)
	}
	if len(raw) != 4 {
		s.docs.drop(k.doc)
		return store.Member{}, k, none, fmt.Errorf("member %s with history: %d results: %w", id, len(raw), record.ErrCorrupt)
	}
	// The pains' sequence too, so AddPainWithMember knows the next id.
	if seq, ok := raw[3].(string); ok {
		s.docs.put(k.pains, seq)
	} else {
		s.docs.put(k.pains, "0")
	}
	doc, ok := raw[0].(string)
	if !ok { // GET's nil comes back from Lua as false, read here as nil
		s.docs.drop(k.doc)
		return store.Member{}, k, none, fmt.Errorf("member %s: %w", id, store.ErrNotFound)
	}
	// Seed the document cache as Member does, so the command's own
	// UpdateMember compares-and-sets without reading the document again.
	s.docs.put(k.doc, doc)
	m, err := s.members.decode(k.doc, doc)
	if err != nil {
		return store.Member{}, k, none, fmt.Errorf("member %s: %w", id, err)
	}
	if !multi { // the script's field, value lists
		if maps, err = monthLists(raw[1:3]); err != nil {
			return store.Member{}, k, none, fmt.Errorf("history of %s: %w", id, err)
		}
	}
	return m, k, maps, nil
}

// historyMulti reads what memberHistoryScript reads, and answers in its
// shape, with plain commands in one MULTI: the document, each hash's
// field names, and the pains' sequence with the months the window should
// hold (from its first month to a few months on, or the store clock's next
// month if later). Redis answers that in about a quarter of the time the
// script takes, which passed every month through Lua. ok is false, with
// nothing read, for a window it does not cover (unbounded below, or longer
// than two years), and when a field in the window was not among the months
// read (dated further ahead), or a slot moved: the script then reads.
func (s *Store) historyMulti(ctx context.Context, k memberKeys, rlo, rhi, plo string) (raw []any, maps [2]map[string]string, ok bool, err error) {
	now := s.now().UTC()
	runMonths, ok1 := monthSpan(rlo, rhi, now)
	painMonths, ok2 := monthSpan(plo, "", now)
	if !ok1 || !ok2 {
		return nil, maps, false, nil
	}
	var (
		doc          *redis.StringCmd
		rkeys, pkeys *redis.StringSliceCmd
		rvals, pvals *redis.SliceCmd
	)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		doc = p.Get(ctx, k.doc)
		rkeys = p.HKeys(ctx, k.runs)
		if len(runMonths) > 0 {
			rvals = p.HMGet(ctx, k.runs, runMonths...)
		}
		pkeys = p.HKeys(ctx, k.pains)
		pvals = p.HMGet(ctx, k.pains, append([]string{seqField}, painMonths...)...) // the sequence first
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) { // a missing document or sequence is no error
		if retryable(err) || redirected(err) {
			return nil, maps, false, nil // the script's call retries these
		}
		return nil, maps, false, err
	}
	for _, c := range []redis.Cmder{doc, rkeys, rvals, pkeys, pvals} {
		if c != nil && c.Err() != nil && !errors.Is(c.Err(), redis.Nil) {
			return nil, maps, false, c.Err()
		}
	}
	var rv []any
	if rvals != nil {
		rv = rvals.Val()
	}
	pv := pvals.Val()
	if len(rv) != len(runMonths) || len(pv) != len(painMonths)+1 {
		return nil, maps, false, fmt.Errorf("%d and %d months: %w", len(rv), len(pv), record.ErrCorrupt)
	}
	if maps[0], ok1 = pickMonths(rkeys.Val(), rv, runMonths, rlo, rhi); ok1 {
		maps[1], ok2 = pickMonths(pkeys.Val(), pv[1:], painMonths, plo, "")
	}
	if !ok1 || !ok2 {
		return nil, maps, false, nil
	}
	raw = []any{nil, nil, nil, pv[0]} // the script's shape, its lists as maps; a missing sequence is nil
	if doc.Err() == nil {
		raw[0] = doc.Val()
	}
	return raw, maps, true, nil
}

// monthSpan lists the month fields from lo to hi inclusive ("YYYYMM"),
// or to three months past lo (or the month after now, if later) when hi
// is "" (unbounded): the months a window from lo holds, unless something
// is dated further ahead. ok is false for an unbounded lo, a malformed
// field or more than two years.
func monthSpan(lo, hi string, now time.Time) ([]string, bool) {
	first, ok := monthNumber(lo)
	if !ok {
		return nil, false
	}
	var last int
	if hi != "" {
		if last, ok = monthNumber(hi); !ok {
			return nil, false
		}
	} else {
		last = max(first+3, now.Year()*12+int(now.Month())) // now.Month() is 1-based: the month after now
	}
	if last-first >= 24 {
		return nil, false
	}
	out := make([]string, 0, max(0, last-first+1))
	for m := first; m <= last; m++ {
		y, mo := m/12, m%12+1 // y < 10000: monthNumber reads six digits
		out = append(out, string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), byte('0' + mo/10), byte('0' + mo%10)}))
	}
	return out, true
}

// monthNumber reads a month field "YYYYMM" as months since year 0.
func monthNumber(f string) (int, bool) {
	if len(f) != 6 {
		return 0, false
	}
	n, err := strconv.Atoi(f)
	if err != nil || n < 0 || n%100 < 1 || n%100 > 12 {
		return 0, false
	}
	return n/100*12 + n%100 - 1, true
}

// pickMonths answers monthsLua's months(key, lo, hi), as the map
// monthLists makes of it, from the hash's field names and the values of
// the months read: the fields in lo..hi (but the sequence) with their
// values. ok is false when such a field was not among the months read.
func pickMonths(keys []string, vals []any, months []string, lo, hi string) (map[string]string, bool) {
	out := make(map[string]string, len(months))
	for _, f := range keys {
		if f == seqField || lo != "" && f < lo || hi != "" && f > hi {
			continue
		}
		i := slices.Index(months, f)
		if i < 0 {
			return nil, false
		}
		v, _ := vals[i].(string) // as the script's vs[i] or ''
		out[f] = v
	}
	return out, true
}

// memberCadencesScript: KEYS the member document and the cadence zset (one
// slot); ARGV the last rank to read (-1 for all). Returns the document
// (false when absent) and the newest records: /cadence's member and
// records in one round trip.
var memberCadencesScript = redis.NewScript(`
return {redis.call('GET', KEYS[1]), redis.call('ZREVRANGE', KEYS[2], 0, tonumber(ARGV[1]))}`)

// MemberWithCadences returns what Member(id) and Cadences(id, n) return,
// read in one script call. A missing member is Member's error
// (ErrNotFound), with no records.
func (s *Store) MemberWithCadences(ctx context.Context, id ids.MemberID, n int) (store.Member, []store.Cadence, error) {
	stop := int64(n) - 1
	if n <= 0 {
		stop = -1
	}
	k := s.mkeys(id)
	doc, found, recs, ok, err := s.cadencesMulti(ctx, k, stop)
	if !ok && err == nil {
		doc, found, recs, err = s.cadencesScript(ctx, id, k, stop)
	}
	if err != nil {
		s.docs.drop(k.doc)
		return store.Member{}, nil, fmt.Errorf("member %s with cadences: %w", id, err)
	}
	if !found {
		s.docs.drop(k.doc)
		return store.Member{}, nil, fmt.Errorf("member %s: %w", id, store.ErrNotFound)
	}
	s.docs.put(k.doc, doc) // as Member does: the command's own update needs no GET
	m, err := s.members.decode(k.doc, doc)
	if err != nil {
		return store.Member{}, nil, fmt.Errorf("member %s: %w", id, err)
	}
	cs, err := decodeAll[store.Cadence](recs)
	if err != nil {
		return store.Member{}, nil, fmt.Errorf("cadences of %s: %w", id, err)
	}
	return m, cs, nil
}

// cadencesScript reads through memberCadencesScript what cadencesMulti
// reads.
func (s *Store) cadencesScript(ctx context.Context, id ids.MemberID, k memberKeys, stop int64) (doc string, found bool, recs []string, err error) {
	raw, err := redis.NewCmdResult(s.eval(ctx, memberCadencesScript, []string{k.doc, k.cadence}, stop)).Slice()
	if err == nil && len(raw) != 2 {
		err = fmt.Errorf("%d results: %w", len(raw), record.ErrCorrupt)
	}
	if err != nil {
		return "", false, nil, err
	}
	doc, found = raw[0].(string)
	items, _ := raw[1].([]any)
	recs = make([]string, 0, len(items))
	for _, it := range items {
		v, ok := it.(string)
		if !ok {
			return "", false, nil, fmt.Errorf("cadences of %s: record %T: %w", id, it, record.ErrCorrupt)
		}
		recs = append(recs, v)
	}
	return doc, found, recs, nil
}

// cadencesMulti reads what memberCadencesScript reads with the two plain
// commands in one MULTI (no Lua to pass the document through). ok is
// false, with nothing read, when a slot moved or the cluster asked to try
// again: the script's call retries those.
func (s *Store) cadencesMulti(ctx context.Context, k memberKeys, stop int64) (doc string, found bool, recs []string, ok bool, err error) {
	var get *redis.StringCmd
	var rng *redis.StringSliceCmd
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		get = p.Get(ctx, k.doc)
		rng = p.ZRevRange(ctx, k.cadence, 0, stop)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) { // a missing document is no error
		if retryable(err) || redirected(err) {
			return "", false, nil, false, nil
		}
		return "", false, nil, false, err
	}
	if err := rng.Err(); err != nil {
		return "", false, nil, false, err
	}
	return get.Val(), get.Err() == nil, rng.Val(), true, nil
}
