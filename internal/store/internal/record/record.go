// Package record is the compact binary form of runs and pain reports that
// both store backends keep (schema version 2). A member-year of daily runs
// and weekly reports is about 12 KB this way, against about 94 KB as JSON.
//
// A record is a version byte, the known fields as varints and
// length-prefixed strings, and a trailing JSON object holding any field
// this package does not know yet, so a field added to store.Run or
// store.Pain is kept even before it gets a compact form here. Ids are not
// encoded: each backend keeps the sequence number beside the record.
package record

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// Version is the first byte of every record. JSON, the version 1 form,
// starts with '{', so readers can tell the two apart.
const Version = 2

// ErrCorrupt is returned for a record that cannot be decoded.
var ErrCorrupt = errors.New("corrupt record")

// epochDay is day 0 of run dates.
var epochDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// runKnown and painKnown are the JSON names of the fields encoded
// compactly; everything else goes to the trailing JSON.
var (
	runKnown  = []string{"id", "date", "meters", "seconds", "cadence", "notes", "logged", "boards"}
	painKnown = []string{"id", "at", "score", "where", "notes", "level", "flags", "rest_m", "source"}
	levels    = []string{"", "green", "amber", "red"}
	sources   = []string{"", "report", "checkin"}
)

// AppendRun appends the record form of r (without its id) to dst.
func AppendRun(dst []byte, r store.Run) ([]byte, error) {
	d, err := time.Parse(time.DateOnly, r.Date)
	if err != nil {
		return nil, fmt.Errorf("encode run: %w", err)
	}
	extra, err := runExtra(r)
	if err != nil {
		return nil, err
	}
	dst = append(dst, Version)
	dst = binary.AppendUvarint(dst, uint64(d.Sub(epochDay)/(24*time.Hour)))
	dst = binary.AppendVarint(dst, r.Meters)
	dst = binary.AppendVarint(dst, int64(r.Seconds))
	dst = binary.AppendVarint(dst, int64(r.Cadence))
	// Logged as nanoseconds after the run's date: small for typed runs,
	// exact for every instant.
	dst = appendTime(dst, r.Logged, d)
	dst = appendString(dst, r.Notes)
	dst = binary.AppendUvarint(dst, uint64(len(r.Boards)))
	for _, b := range r.Boards {
		dst = appendString(dst, b)
	}
	return appendBytes(dst, extra), nil
}

// Run decodes a record made by AppendRun; id is set by the caller.
func Run(b []byte) (store.Run, error) {
	var r store.Run
	rd := reader{b: b}
	if rd.byte() != Version {
		return r, fmt.Errorf("%w: version", ErrCorrupt)
	}
	day := epochDay.AddDate(0, 0, int(rd.uvarint()))
	r.Date = day.Format(time.DateOnly)
	r.Meters = rd.varint()
	r.Seconds = int(rd.varint())
	r.Cadence = int(rd.varint())
	r.Logged = rd.time(day)
	r.Notes = rd.string()
	if n := rd.uvarint(); n > 0 && n < uint64(len(b)) {
		r.Boards = make([]string, 0, n)
		for range n {
			r.Boards = append(r.Boards, rd.string())
		}
	}
	extra := rd.bytes()
	if rd.err != nil {
		return store.Run{}, rd.err
	}
	if len(extra) > 0 {
		if err := json.Unmarshal(extra, &r); err != nil {
			return store.Run{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
	}
	return r, nil
}

// AppendPain appends the record form of p (without its id) to dst.
func AppendPain(dst []byte, p store.Pain) ([]byte, error) {
	extra, err := painExtra(p)
	if err != nil {
		return nil, err
	}
	dst = append(dst, Version)
	dst = appendTime(dst, p.At, time.Time{})
	dst = binary.AppendVarint(dst, int64(p.Score))
	dst = appendString(dst, p.Where)
	dst = appendString(dst, p.Notes)
	dst = appendCode(dst, levels, p.Level)
	dst = binary.AppendUvarint(dst, uint64(len(p.Flags)))
	for _, f := range p.Flags {
		dst = appendString(dst, f)
	}
	dst = binary.AppendVarint(dst, p.RestM)
	dst = appendCode(dst, sources, p.Source)
	return appendBytes(dst, extra), nil
}

// Pain decodes a record made by AppendPain; id is set by the caller.
func Pain(b []byte) (store.Pain, error) {
	var p store.Pain
	rd := reader{b: b}
	if rd.byte() != Version {
		return p, fmt.Errorf("%w: version", ErrCorrupt)
	}
	p.At = rd.time(time.Time{})
	p.Score = int(rd.varint())
	p.Where = rd.string()
	p.Notes = rd.string()
	p.Level = rd.code(levels)
	if n := rd.uvarint(); n > 0 && n < uint64(len(b)) {
		p.Flags = make([]string, 0, n)
		for range n {
			p.Flags = append(p.Flags, rd.string())
		}
	}
	p.RestM = rd.varint()
	p.Source = rd.code(sources)
	extra := rd.bytes()
	if rd.err != nil {
		return store.Pain{}, rd.err
	}
	if len(extra) > 0 {
		if err := json.Unmarshal(extra, &p); err != nil {
			return store.Pain{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
	}
	return p, nil
}

// extraJSON is v as JSON without the fields encoded compactly: nil when
// nothing is left. (Today a run's Start and a report's Club are left: see
// runExtra and painExtra.)
func extraJSON(v any, known []string) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	for _, k := range known {
		delete(m, k)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return json.Marshal(m)
}

// appendTime writes t as signed nanoseconds after base (the Unix epoch
// when base is zero); a zero t is written as a lone flag byte.
func appendTime(dst []byte, t, base time.Time) []byte {
	if t.IsZero() {
		return append(dst, 0)
	}
	if base.IsZero() {
		base = time.Unix(0, 0)
	}
	dst = append(dst, 1)
	return binary.AppendVarint(dst, int64(t.Sub(base)))
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// appendCode writes a string from a small table as its index, and any
// other string after the index len(table).
func appendCode(dst []byte, table []string, s string) []byte {
	for i, t := range table {
		if t == s {
			return append(dst, byte(i))
		}
	}
	return appendString(append(dst, byte(len(table))), s)
}

// reader decodes sequentially, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = ErrCorrupt
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) string() string { return string(r.bytes()) }

func (r *reader) time(base time.Time) time.Time {
	if r.byte() == 0 {
		return time.Time{}
	}
	if base.IsZero() {
		base = time.Unix(0, 0)
	}
	return base.Add(time.Duration(r.varint())).UTC()
}

func (r *reader) code(table []string) string {
	i := int(r.byte())
	if i < len(table) {
		return table[i]
	}
	return r.string()
}

// runExtra is extraJSON(r, runKnown), written directly while Start is the
// only field of store.Run outside runKnown (runFast, checked once from the
// type): every run and report is encoded on each write, and the round trip
// through encoding/json and a map cost more than the rest of the
// encoding. A time JSON cannot encode takes the general path, for its error.
func runExtra(r store.Run) ([]byte, error) {
	if !runFast || !jsonTime(r.Logged) || !jsonTime(r.Start) {
		return extraJSON(r, runKnown)
	}
	if r.Start.IsZero() { // omitzero
		return nil, nil
	}
	b := append(make([]byte, 0, 48), `{"start":"`...)
	b = r.Start.AppendFormat(b, time.RFC3339Nano)
	return append(b, `"}`...), nil
}

// painExtra is extraJSON(p, painKnown), written directly while Club is the
// only field of store.Pain outside painKnown (painFast); see runExtra.
func painExtra(p store.Pain) ([]byte, error) {
	if !painFast || !jsonTime(p.At) {
		return extraJSON(p, painKnown)
	}
	if p.Club == "" { // omitempty
		return nil, nil
	}
	club, err := json.Marshal(string(p.Club))
	if err != nil {
		return nil, err
	}
	b := append(make([]byte, 0, len(club)+10), `{"club":`...)
	b = append(b, club...)
	return append(b, '}'), nil
}

// jsonTime reports whether encoding/json encodes t without an error (a
// four-digit year, a zone offset under a day).
func jsonTime(t time.Time) bool {
	var buf [64]byte
	_, err := t.AppendText(buf[:0])
	return err == nil
}

// runFast and painFast hold while the one field outside runKnown and
// painKnown is as runExtra and painExtra write it; a field added to either
// type turns them off, and the general path keeps it.
var (
	runFast  = jsonFields(reflect.TypeFor[store.Run]()) == strings.Join(append(slices.Clone(runKnown), "start,omitzero"), " ")
	painFast = jsonFields(reflect.TypeFor[store.Pain]()) == strings.Join(append(slices.Clone(painKnown), "club,omitempty"), " ")
)

// jsonFields lists the JSON names of t's fields (with their options for a
// name outside the known lists): the known names first, in the order of
// the known list, then the others in field order.
func jsonFields(t reflect.Type) string {
	known := runKnown
	if t == reflect.TypeFor[store.Pain]() {
		known = painKnown
	}
	var first, rest []string
	have := map[string]bool{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" || name == "" {
			return "" // not a plain named field: the general path
		}
		if slices.Contains(known, name) {
			have[name] = true
		} else {
			rest = append(rest, tag)
		}
	}
	for _, k := range known {
		if have[k] {
			first = append(first, k)
		}
	}
	return strings.Join(append(first, rest...), " ")
}
