package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// A scheduled send reads what it needs about a member in one transaction
// (MemberWithMarks) and, once sent, records it and re-plans the member's
// jobs in another (SettleJobs): issue 13's round trips, on both stores.

// MemberWithMarks returns what MemberWithHistory returns and the keys of
// the member's unexpired marks (scope: the member id), read in one
// transaction.
func (s *Store) MemberWithMarks(ctx context.Context, id ids.MemberID, from, to string, since time.Time) (store.Member, []store.Run, []store.Pain, []string, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return store.Member{}, nil, nil, nil, fmt.Errorf("member %s with marks: %w", id, err)
	}
	now := s.now().UnixNano()
	var m store.Member
	var runs []store.Run
	var pains []store.Pain
	marks := []string{}
	err := s.view(ctx, func(tx *bolt.Tx) (err error) {
		if m, runs, pains, err = historyIn(tx, id, from, to, since); err != nil {
			return err
		}
		if b := tx.Bucket(bMarks).Bucket([]byte(id)); b != nil {
			return b.ForEach(func(k, v []byte) error {
				if len(v) == 8 && unsortable(v) > now {
					marks = append(marks, string(k))
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return store.Member{}, nil, nil, nil, fmt.Errorf("member %s with marks: %w", id, err)
	}
	return m, runs, pains, marks, nil
}

// SettleJobs records marks (each as Mark would, for ttl) under the
// member's scope, sets and unsets the member's jobs on the platform's
// queue, and returns the member as stored, in one transaction. A member no
// longer stored gets neither marks nor jobs: ErrNotFound.
func (s *Store) SettleJobs(ctx context.Context, memberID ids.MemberID, platform string, marks []string, ttl time.Duration, set map[string]time.Time, unset []string) (store.Member, error) {
	for _, k := range marks {
		if err := shared.CheckMark(string(memberID), k, ttl); err != nil {
			return store.Member{}, err
		}
	}
	if platform == "" {
		return store.Member{}, fmt.Errorf("settle jobs of %s: empty platform", memberID)
	}
	now := s.now()
	var m store.Member
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mb, _ := memberBucket(tx, memberID, false)
		if mb == nil || mb.Get(kDoc) == nil {
			return store.ErrNotFound
		}
		if err := json.Unmarshal(mb.Get(kDoc), &m); err != nil {
			return err
		}
		if len(marks) > 0 {
			b, err := tx.Bucket(bMarks).CreateBucketIfNotExists([]byte(memberID))
			if err != nil {
				return err
			}
			for _, k := range marks {
				if v := b.Get([]byte(k)); v != nil && unsortable(v) > now.UnixNano() {
					continue // as Mark: a live mark keeps its expiry
				}
				if err := b.Put([]byte(k), sortable(now.Add(ttl).UnixNano())); err != nil {
					return err
				}
			}
		}
		byTime, byJob, err := queue(tx, platform)
		if err != nil {
			return err
		}
		for job, at := range set {
			if err := setJob(byTime, byJob, []byte(job), at.UnixMilli()); err != nil {
				return err
			}
		}
		for _, job := range unset {
			old := byJob.Get([]byte(job))
			if old == nil {
				continue
			}
			if err := byTime.Delete(concat(old, []byte(job))); err != nil {
				return err
			}
			if err := byJob.Delete([]byte(job)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.Member{}, fmt.Errorf("settle jobs of %s: %w", memberID, err)
	}
	return m, nil
}
