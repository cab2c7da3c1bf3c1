package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// Layout of the coaching buckets, created on first use:
//
//	invites/<code>                 invite JSON
//	shares/<club id>/<seq BE>      share JSON (the shares bucket's sequence = share ids)
var (
	bInvites = []byte("invites")
	bShares  = []byte("shares")
)

// AddInvite stores a one-time invite, sweeping expired ones.
func (s *Store) AddInvite(ctx context.Context, inv store.Invite) error {
	inv.Code = shared.InviteCode(inv.Code)
	if inv.Code == "" || inv.Club == "" {
		return errors.New("add invite: empty code or club")
	}
	now := s.now()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bInvites)
		if err != nil {
			return err
		}
		var expired [][]byte
		err = b.ForEach(func(k, v []byte) error {
			var old store.Invite
			if json.Unmarshal(v, &old) != nil || !now.Before(old.Expires) {
				expired = append(expired, append([]byte(nil), k...))
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
		if b.Get([]byte(inv.Code)) != nil {
			return errors.New("code already in use")
		}
		raw, err := json.Marshal(inv)
		if err != nil {
			return err
		}
		return b.Put([]byte(inv.Code), raw)
	})
	if err != nil {
		return fmt.Errorf("add invite for %s: %w", inv.Club, err)
	}
	return nil
}

// TakeInvite removes and returns an unexpired invite.
func (s *Store) TakeInvite(ctx context.Context, code string) (store.Invite, error) {
	code = shared.InviteCode(code)
	var inv store.Invite
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bInvites)
		if b == nil || code == "" {
			return store.ErrNotFound
		}
		raw := b.Get([]byte(code))
		if raw == nil {
			return store.ErrNotFound
		}
		if err := json.Unmarshal(raw, &inv); err != nil {
			return err
		}
		return b.Delete([]byte(code))
	})
	if err == nil && !s.now().Before(inv.Expires) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Invite{}, fmt.Errorf("take invite: %w", err)
	}
	return inv, nil
}

// clubShares returns the club's shares bucket, creating it in write
// transactions; nil when absent in a read.
func clubShares(tx *bolt.Tx, clubID string) (*bolt.Bucket, error) {
	if !tx.Writable() {
		root := tx.Bucket(bShares)
		if root == nil {
			return nil, nil
		}
		return root.Bucket([]byte(clubID)), nil
	}
	root, err := tx.CreateBucketIfNotExists(bShares)
	if err != nil {
		return nil, err
	}
	return root.CreateBucketIfNotExists([]byte(clubID))
}

// pruneShares deletes the club's shares made before cutoff.
func pruneShares(b *bolt.Bucket, cutoff time.Time) error {
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var sh store.Share
		if err := json.Unmarshal(v, &sh); err != nil {
			return err
		}
		if sh.At.Before(cutoff) {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// AddShare stores a share under the next global share id.
func (s *Store) AddShare(ctx context.Context, sh store.Share) (store.Share, error) {
	if err := checkID("club", sh.Club); err != nil {
		return store.Share{}, err
	}
	now := s.now()
	if sh.At.IsZero() {
		sh.At = now
	}
	sh.At = sh.At.UTC()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := clubShares(tx, string(sh.Club))
		if err != nil {
			return err
		}
		if err := pruneShares(b, shared.ShareCutoff(now)); err != nil {
			return err
		}
		seq, err := tx.Bucket(bShares).NextSequence()
		if err != nil {
			return err
		}
		sh.ID = shared.ShareID(seq)
		raw, err := json.Marshal(sh)
		if err != nil {
			return err
		}
		return b.Put(u64(seq), raw)
	})
	if err != nil {
		return store.Share{}, fmt.Errorf("add share in %s: %w", sh.Club, err)
	}
	return sh, nil
}

// Shares prunes the club's old shares, then lists those since since.
func (s *Store) Shares(ctx context.Context, clubID ids.ClubID, since time.Time) ([]store.Share, error) {
	out := []store.Share{}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		root := tx.Bucket(bShares)
		if root == nil || root.Bucket([]byte(clubID)) == nil {
			return nil
		}
		b := root.Bucket([]byte(clubID))
		if err := pruneShares(b, shared.ShareCutoff(s.now())); err != nil {
			return err
		}
		return b.ForEach(func(_, v []byte) error {
			var sh store.Share
			if err := json.Unmarshal(v, &sh); err != nil {
				return err
			}
			if !sh.At.Before(since) {
				out = append(out, sh)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("shares of %s: %w", clubID, err)
	}
	shared.SortShares(out)
	return out, nil
}

// UpdateShare rewrites one share in one transaction.
func (s *Store) UpdateShare(ctx context.Context, clubID ids.ClubID, id string, fn func(*store.Share) error) (store.Share, error) {
	var out store.Share
	err := s.update(ctx, func(tx *bolt.Tx) error {
		root := tx.Bucket(bShares)
		if root == nil || root.Bucket([]byte(clubID)) == nil {
			return store.ErrNotFound
		}
		b := root.Bucket([]byte(clubID))
		seq, ok := shared.ShareSeq(id)
		if !ok {
			return store.ErrNotFound
		}
		raw := b.Get(u64(seq))
		if raw == nil {
			return store.ErrNotFound
		}
		var sh store.Share
		if err := json.Unmarshal(raw, &sh); err != nil {
			return err
		}
		was := sh
		if err := fn(&sh); err != nil {
			return err
		}
		shared.KeepShare(&sh, was)
		raw, err := json.Marshal(sh)
		if err != nil {
			return err
		}
		out = sh
		return b.Put(u64(seq), raw)
	})
	if err != nil {
		return store.Share{}, fmt.Errorf("update share %s in %s: %w", id, clubID, err)
	}
	return out, nil
}

// DeleteShares deletes the club's shares of one member.
func (s *Store) DeleteShares(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		n, err = deleteShares(tx, clubID, memberID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete shares of %s in %s: %w", memberID, clubID, err)
	}
	return n, nil
}

func deleteShares(tx *bolt.Tx, clubID ids.ClubID, memberID ids.MemberID) (int, error) {
	root := tx.Bucket(bShares)
	if root == nil || root.Bucket([]byte(clubID)) == nil {
		return 0, nil
	}
	b := root.Bucket([]byte(clubID))
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var sh store.Share
		if err := json.Unmarshal(v, &sh); err != nil {
			return err
		}
		if sh.Member == memberID {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(doomed), nil
}
