package embedded

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// CompactRuns folds the runs dated before before into weekly totals, in
// one transaction.
func (s *Store) CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (int, error) {
	if err := shared.CheckDate(before); err != nil {
		return 0, fmt.Errorf("compact runs of %s: %w", memberID, err)
	}
	removed := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		runs, _ := sub(mb, bRuns)
		idx, _ := sub(mb, bRunDate)
		if runs == nil || idx == nil {
			return nil
		}
		type seqRun struct {
			key []byte
			run store.Run
		}
		weeks := map[string][]seqRun{}
		var order []string
		c := idx.Cursor()
		for k, _ := c.First(); k != nil && string(k[:10]) < before; k, _ = c.Next() {
			key := bytes.Clone(k[10:])
			r, err := decodeRun(key, runs.Get(key))
			if err != nil {
				return err
			}
			w, err := shared.TotalDate(r.Date)
			if err != nil {
				return err
			}
			if _, ok := weeks[w]; !ok {
				order = append(order, w)
			}
			weeks[w] = append(weeks[w], seqRun{key, r})
		}
		for _, w := range order {
			group := weeks[w]
			if len(group) < 2 {
				continue
			}
			rs := make([]store.Run, len(group))
			first := group[0].key
			for i, g := range group {
				rs[i] = g.run
				if bytes.Compare(g.key, first) < 0 {
					first = g.key
				}
				if err := runs.Delete(g.key); err != nil {
					return err
				}
				if err := idx.Delete(concat([]byte(g.run.Date), g.key)); err != nil {
					return err
				}
			}
			total, err := shared.WeeklyTotal(rs)
			if err != nil {
				return err
			}
			raw, err := record.AppendRun(nil, total)
			if err != nil {
				return err
			}
			if err := runs.Put(first, raw); err != nil {
				return err
			}
			if err := idx.Put(concat([]byte(total.Date), first), nil); err != nil {
				return err
			}
			removed += len(group) - 1
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("compact runs of %s: %w", memberID, err)
	}
	return removed, nil
}

// PruneHealth deletes the health records made before before, in one
// transaction: each bucket is keyed by time first.
func (s *Store) PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (int, error) {
	removed := 0
	limit := sortable(before.UnixNano())
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		for _, name := range [][]byte{bPains, bCadence, bBalance} {
			b, _ := sub(mb, name)
			if b == nil {
				continue
			}
			var old [][]byte
			c := b.Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0; k, _ = c.Next() {
				old = append(old, bytes.Clone(k))
			}
			for _, k := range old {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			removed += len(old)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune health records of %s: %w", memberID, err)
	}
	return removed, nil
}
