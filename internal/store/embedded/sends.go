package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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
	var marks []string
	err := s.view(ctx, func(tx *bolt.Tx) (err error) {
		if m, runs, pains, err = historyIn(tx, id, from, to, since); err != nil {
			return err
		}
		marks, err = liveMarksIn(tx, id, now)
		return err
	})
	if err != nil {
		return store.Member{}, nil, nil, nil, fmt.Errorf("member %s with marks: %w", id, err)
	}
	return m, runs, pains, marks, nil
}

// liveMarksIn lists the keys of the member's marks that expire after now
// (unix ns), inside tx.
func liveMarksIn(tx *bolt.Tx, id ids.MemberID, now int64) ([]string, error) {
	marks := []string{}
	b := tx.Bucket(bMarks).Bucket([]byte(id))
	if b == nil {
		return marks, nil
	}
	err := b.ForEach(func(k, v []byte) error {
		if len(v) == 8 && unsortable(v) > now {
			marks = append(marks, string(k))
		}
		return nil
	})
	return marks, err
}

// MemberForSend reads what MemberWithMarks reads and, in the same
// transaction, marks claim under the member's scope for ttl as Mark would,
// reporting whether this call took it (Marks are as they were before). A
// member not stored gets no claim: ErrNotFound.
func (s *Store) MemberForSend(ctx context.Context, id ids.MemberID, from, to string, since time.Time, claim string, ttl time.Duration) (store.SendRead, error) {
	if err := shared.CheckRange(from, to); err != nil {
		return store.SendRead{}, fmt.Errorf("member %s for a send: %w", id, err)
	}
	if err := shared.CheckMark(string(id), claim, ttl); err != nil {
		return store.SendRead{}, fmt.Errorf("member %s for a send: %w", id, err)
	}
	now := s.now()
	var r store.SendRead
	err := s.update(ctx, func(tx *bolt.Tx) (err error) {
		r = store.SendRead{}
		if r.Member, r.Runs, r.Pains, err = historyIn(tx, id, from, to, since); err != nil {
			return err
		}
		if r.Marks, err = liveMarksIn(tx, id, now.UnixNano()); err != nil {
			return err
		}
		if slices.Contains(r.Marks, claim) {
			return nil // a live claim keeps its expiry
		}
		b, err := tx.Bucket(bMarks).CreateBucketIfNotExists([]byte(id))
		if err != nil {
			return err
		}
		r.Claimed = true
		return b.Put([]byte(claim), sortable(now.Add(ttl).UnixNano()))
	})
	if err != nil {
		return store.SendRead{}, fmt.Errorf("member %s for a send: %w", id, err)
	}
	return r, nil
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
