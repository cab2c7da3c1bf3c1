package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/record"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// CompactRuns folds the runs dated before before into weekly totals. A
// weekly total never leaves its month (shared.TotalDate), so each month
// field is rewritten on its own with the compare-and-set swap, retried
// when the member wrote to that month meanwhile.
func (s *Store) CompactRuns(ctx context.Context, memberID ids.MemberID, before string) (int, error) {
	if err := shared.CheckDate(before); err != nil {
		return 0, fmt.Errorf("compact runs of %s: %w", memberID, err)
	}
	key := s.mkeys(memberID).runs
	all, err := s.months(ctx, key, "", runMonth(before))
	if err != nil {
		return 0, fmt.Errorf("compact runs of %s: %w", memberID, err)
	}
	removed := 0
	for field := range all {
		if field == seqField {
			continue
		}
		n, err := s.compactMonth(ctx, string(memberID), key, field, before)
		if err != nil {
			return removed, fmt.Errorf("compact runs of %s: %w", memberID, err)
		}
		removed += n
	}
	return removed, nil
}

// compactMonth rewrites one month field with its weeks before before
// folded.
func (s *Store) compactMonth(ctx context.Context, memberID, key, field, before string) (int, error) {
	for range 20 {
		cur, err := s.months(ctx, key, field, field)
		if err != nil {
			return 0, err
		}
		blob := cur[field]
		es, err := splitMonth(blob)
		if err != nil {
			return 0, err
		}
		type group struct {
			at   int // index of the total in out
			seq  uint64
			runs []store.Run
		}
		groups := map[string]*group{}
		var out []entry
		for _, e := range es {
			r, err := record.Run(e.rec)
			if err != nil {
				return 0, err
			}
			if r.Date >= before {
				out = append(out, e)
				continue
			}
			w, err := shared.TotalDate(r.Date)
			if err != nil {
				return 0, err
			}
			g := groups[w]
			if g == nil {
				g = &group{at: len(out), seq: e.seq}
				groups[w] = g
				out = append(out, e) // replaced below when the week has more
			}
			g.seq = min(g.seq, e.seq)
			g.runs = append(g.runs, r)
		}
		removed := 0
		for _, g := range groups {
			if len(g.runs) < 2 {
				continue
			}
			total, err := shared.WeeklyTotal(g.runs)
			if err != nil {
				return 0, err
			}
			rec, err := record.AppendRun(nil, total)
			if err != nil {
				return 0, err
			}
			out[g.at] = entry{seq: g.seq, rec: rec}
			removed += len(g.runs) - 1
		}
		if removed == 0 {
			return 0, nil
		}
		// Upkeep, not a member's command: no op key.
		flag, _, err := s.opWrite(ctx, swapMonthScript, memberID, "", []string{key}, field, blob, joinMonth(out), "")
		if err != nil {
			return 0, err
		}
		if flag == 0 {
			return removed, nil
		}
	}
	return 0, fmt.Errorf("too much contention on %s", key)
}

// PruneHealth deletes the pain reports (whole month fields, then the
// month of before entry by entry) and the cadence and balance records
// (by score) made before before.
func (s *Store) PruneHealth(ctx context.Context, memberID ids.MemberID, before time.Time) (int, error) {
	k := s.mkeys(memberID)
	removed := 0
	for _, z := range []string{k.cadence, k.balance} {
		n, err := s.rdb.ZRemRangeByScore(ctx, z, "-inf", "("+strconv.FormatFloat(micros(before), 'f', -1, 64)).Result()
		if err != nil {
			return removed, fmt.Errorf("prune health records of %s: %w", memberID, err)
		}
		removed += int(n)
	}
	limit := painMonth(before)
	all, err := s.months(ctx, k.pains, "", limit)
	if err != nil {
		return removed, fmt.Errorf("prune health records of %s: %w", memberID, err)
	}
	for field := range all {
		if field == seqField {
			continue
		}
		n, err := s.prunePainMonth(ctx, string(memberID), k.pains, field, before)
		if err != nil {
			return removed, fmt.Errorf("prune health records of %s: %w", memberID, err)
		}
		removed += n
	}
	return removed, nil
}

// prunePainMonth drops the reports of one month field made before before.
func (s *Store) prunePainMonth(ctx context.Context, memberID, key, field string, before time.Time) (int, error) {
	for range 20 {
		cur, err := s.months(ctx, key, field, field)
		if err != nil {
			return 0, err
		}
		blob := cur[field]
		es, err := splitMonth(blob)
		if err != nil {
			return 0, err
		}
		var keep []entry
		for _, e := range es {
			p, err := record.Pain(e.rec)
			if err != nil {
				return 0, err
			}
			if !p.At.Before(before) {
				keep = append(keep, e)
			}
		}
		if len(keep) == len(es) {
			return 0, nil
		}
		// An empty month field is deleted (the swap's "" new value).
		flag, _, err := s.opWrite(ctx, swapMonthScript, memberID, "", []string{key}, field, blob, joinMonth(keep), "")
		if err != nil {
			return 0, err
		}
		if flag == 0 {
			return len(es) - len(keep), nil
		}
	}
	return 0, fmt.Errorf("too much contention on %s", key)
}
