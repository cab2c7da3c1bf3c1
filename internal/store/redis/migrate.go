package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// schemaVersion is the layout this code writes. Version 1 kept runs and
// pain reports as JSON in sorted sets ("runs", "runs:seq", "pains",
// "pains:seq"); version 2 packs them per month in hashes ("r", "p").
const schemaVersion = 2

func (s *Store) schemaKey() string { return s.key("schema", "version") }

// migrate brings a store written by an older version up to schemaVersion
// once: it finds members with version 1 keys and converts each in one
// transaction. Replicas starting together may race; each member's
// conversion is a WATCHed transaction that only runs while the old keys
// exist, so the work is done once and nothing is lost.
func (s *Store) migrate(ctx context.Context) error {
	v, err := s.rdb.Get(ctx, s.schemaKey()).Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v >= schemaVersion {
		return nil
	}
	members, err := s.v1Members(ctx)
	if err != nil {
		return fmt.Errorf("find version 1 data: %w", err)
	}
	for _, id := range members {
		if err := s.migrateMember(ctx, id); err != nil {
			return fmt.Errorf("migrate %s: %w", id, err)
		}
	}
	if len(members) > 0 {
		s.log.Info("store migrated", "members", len(members), "schema", schemaVersion)
	}
	return s.rdb.Set(ctx, s.schemaKey(), schemaVersion, 0).Err()
}

// v1Members lists members that have version 1 run or pain keys, on every
// master of a cluster.
func (s *Store) v1Members(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	scan := func(ctx context.Context, c redis.Cmdable) error {
		for _, suffix := range []string{"runs", "pains"} {
			it := c.Scan(ctx, 0, globEscape(s.prefix)+"{*}:"+suffix, 1000).Iterator()
			for it.Next(ctx) {
				k := strings.TrimPrefix(it.Val(), s.prefix)
				if i, j := strings.IndexByte(k, '{'), strings.LastIndexByte(k, '}'); i == 0 && j > 0 {
					seen[k[1:j]] = true
				}
			}
			if err := it.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	var err error
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		var mu sync.Mutex // ForEachMaster runs in parallel; seen is shared
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			mu.Lock()
			defer mu.Unlock()
			return scan(ctx, c)
		})
	} else {
		err = scan(ctx, s.rdb)
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, err
}

// migrateMember converts one member's version 1 keys.
func (s *Store) migrateMember(ctx context.Context, id string) error {
	k := s.mkeys(ids.MemberID(id))
	for range 10 {
		err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			runs, err := tx.ZRange(ctx, k.v1runs, 0, -1).Result()
			if err != nil {
				return err
			}
			pains, err := tx.ZRange(ctx, k.v1pains, 0, -1).Result()
			if err != nil {
				return err
			}
			if len(runs) == 0 && len(pains) == 0 {
				return nil // done by another replica
			}
			runSeq, _ := tx.Get(ctx, k.v1runsSeq).Uint64()
			painSeq, _ := tx.Get(ctx, k.v1painsSeq).Uint64()
			curRuns, err := tx.HGetAll(ctx, k.runs).Result()
			if err != nil {
				return err
			}
			curPains, err := tx.HGetAll(ctx, k.pains).Result()
			if err != nil {
				return err
			}
			newRuns, err := convertRuns(runs, curRuns, runSeq)
			if err != nil {
				return err
			}
			newPains, err := convertPains(pains, curPains, painSeq)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				if len(newRuns) > 0 {
					p.HSet(ctx, k.runs, newRuns)
				}
				if len(newPains) > 0 {
					p.HSet(ctx, k.pains, newPains)
				}
				p.Del(ctx, k.v1runs, k.v1runsSeq, k.v1pains, k.v1painsSeq)
				return nil
			})
			return err
		}, k.v1runs, k.v1pains, k.runs, k.pains)
		if !errors.Is(err, redis.TxFailedErr) {
			return err
		}
	}
	return fmt.Errorf("too much contention")
}

// convertRuns turns version 1 run entries ("<seq>|<json>") into month
// fields, merged with any version 2 fields already there.
func convertRuns(v1 []string, cur map[string]string, seq uint64) (map[string]any, error) {
	months := map[string][]entry{}
	for f, blob := range cur {
		if f == seqField {
			seq = max(seq, seqOf(blob))
			continue
		}
		es, err := splitMonth(blob)
		if err != nil {
			return nil, err
		}
		months[f] = es
	}
	for _, m := range v1 {
		n, doc, ok := strings.Cut(m, "|")
		sq, err := strconv.ParseUint(n, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("bad run entry %.20q", m)
		}
		var r store.Run
		if err := json.Unmarshal([]byte(doc), &r); err != nil {
			return nil, err
		}
		rec, err := record.AppendRun(nil, r)
		if err != nil {
			return nil, err
		}
		f := runMonth(r.Date)
		months[f] = append(months[f], entry{seq: sq, rec: rec})
		seq = max(seq, sq)
	}
	return monthFields(months, seq), nil
}

// convertPains turns version 1 reports (JSON, with or without an id) into
// month fields. Reports without an id get the next ones in time order.
func convertPains(v1 []string, cur map[string]string, seq uint64) (map[string]any, error) {
	months := map[string][]entry{}
	for f, blob := range cur {
		if f == seqField {
			seq = max(seq, seqOf(blob))
			continue
		}
		es, err := splitMonth(blob)
		if err != nil {
			return nil, err
		}
		months[f] = es
	}
	ps := make([]store.Pain, 0, len(v1))
	for _, m := range v1 {
		var p store.Pain
		if err := json.Unmarshal([]byte(strings.TrimRight(m, " ")), &p); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	slices.SortStableFunc(ps, func(a, b store.Pain) int { return a.At.Compare(b.At) })
	for _, p := range ps {
		if sq, ok := shared.PainSeq(p.ID); ok {
			seq = max(seq, sq)
		}
	}
	for _, p := range ps {
		sq, ok := shared.PainSeq(p.ID)
		if !ok {
			seq++
			sq = seq
		}
		p.ID = ""
		rec, err := record.AppendPain(nil, p)
		if err != nil {
			return nil, err
		}
		f := painMonth(p.At)
		months[f] = append(months[f], entry{seq: sq, rec: rec})
	}
	return monthFields(months, seq), nil
}

func monthFields(months map[string][]entry, seq uint64) map[string]any {
	if len(months) == 0 && seq == 0 {
		return nil
	}
	out := make(map[string]any, len(months)+1)
	for f, es := range months {
		slices.SortFunc(es, func(a, b entry) int { return int(a.seq) - int(b.seq) })
		out[f] = joinMonth(es)
	}
	out[seqField] = strconv.FormatUint(seq, 10)
	return out
}
