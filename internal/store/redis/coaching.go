package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/internal/shared"
)

// Coaching keys: an invite is one string key with a TTL; a club's shares
// are a hash (id → JSON) plus a sorted set of ids by share time, both
// tagged with the club like its document; share ids come from one global
// counter.
func (s *Store) inviteKey(code string) string { return s.key("invite:"+code, "invite") }
func (s *Store) sharesKey(club string) string { return s.key("club:"+club, "shares") }
func (s *Store) sharesAtKey(club string) string {
	return s.key("club:"+club, "shares:at")
}
func (s *Store) sharesSeq() string { return s.key("shares", "seq") }

// AddInvite stores the invite until it expires (SET NX with a TTL).
func (s *Store) AddInvite(ctx context.Context, inv store.Invite) error {
	inv.Code = shared.InviteCode(inv.Code)
	if inv.Code == "" || inv.Club == "" {
		return errors.New("add invite: empty code or club")
	}
	// A TTL relative to the store's clock, so a test clock far from the
	// server's still works; the expiry itself is checked on TakeInvite.
	ttl := inv.Expires.Sub(s.now())
	if ttl <= 0 {
		return fmt.Errorf("add invite for %s: already expired", inv.Club)
	}
	doc, err := json.Marshal(inv)
	if err != nil {
		return fmt.Errorf("add invite for %s: %w", inv.Club, err)
	}
	ok, err := s.rdb.SetNX(ctx, s.inviteKey(inv.Code), doc, ttl+time.Minute).Result()
	if err != nil {
		return fmt.Errorf("add invite for %s: %w", inv.Club, err)
	}
	if !ok {
		return fmt.Errorf("add invite for %s: code already in use", inv.Club)
	}
	return nil
}

// TakeInvite is GETDEL, then the expiry check by the store's clock.
func (s *Store) TakeInvite(ctx context.Context, code string) (store.Invite, error) {
	code = shared.InviteCode(code)
	if code == "" {
		return store.Invite{}, fmt.Errorf("take invite: %w", store.ErrNotFound)
	}
	raw, err := s.rdb.GetDel(ctx, s.inviteKey(code)).Bytes()
	if err != nil {
		return store.Invite{}, fmt.Errorf("take invite: %w", notFound(err))
	}
	var inv store.Invite
	if err := json.Unmarshal(raw, &inv); err != nil {
		return store.Invite{}, fmt.Errorf("take invite: %w", err)
	}
	if !s.now().Before(inv.Expires) {
		return store.Invite{}, fmt.Errorf("take invite: %w", store.ErrNotFound)
	}
	return inv, nil
}

// pruneSharesScript: KEYS shares, shares:at; ARGV cutoff ms. Deletes the
// shares made before the cutoff.
var pruneSharesScript = redis.NewScript(`
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], id) end
if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1]) end
return #old`)

// addShareScript: KEYS shares, shares:at; ARGV id, json, at ms, cutoff ms.
var addShareScript = redis.NewScript(`
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], id) end
if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`)

// casShareScript: KEYS shares; ARGV id, old json, new json. Stores the new
// document only while the old one is still there; 0 otherwise.
var casShareScript = redis.NewScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`)

// deleteSharesScript: KEYS shares, shares:at; ARGV ids.
var deleteSharesScript = redis.NewScript(`
local n = 0
for _, id in ipairs(ARGV) do
  n = n + redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
return n`)

// AddShare takes the next global id, then stores the share and prunes the
// club's old ones in one script.
func (s *Store) AddShare(ctx context.Context, sh store.Share) (store.Share, error) {
	if err := checkID("club", sh.Club); err != nil {
		return store.Share{}, err
	}
	now := s.now()
	if sh.At.IsZero() {
		sh.At = now
	}
	sh.At = sh.At.UTC()
	seq, err := s.rdb.Incr(ctx, s.sharesSeq()).Uint64()
	if err != nil {
		return store.Share{}, fmt.Errorf("add share in %s: %w", sh.Club, err)
	}
	sh.ID = shared.ShareID(seq)
	doc, err := json.Marshal(sh)
	if err != nil {
		return store.Share{}, fmt.Errorf("add share in %s: %w", sh.Club, err)
	}
	keys := []string{s.sharesKey(string(sh.Club)), s.sharesAtKey(string(sh.Club))}
	if err := addShareScript.Run(ctx, s.rdb, keys, sh.ID, doc, sh.At.UnixMilli(), shared.ShareCutoff(now).UnixMilli()).Err(); err != nil {
		return store.Share{}, fmt.Errorf("add share in %s: %w", sh.Club, err)
	}
	return sh, nil
}

// Shares prunes, then reads the club's hash.
func (s *Store) Shares(ctx context.Context, clubID ids.ClubID, since time.Time) ([]store.Share, error) {
	keys := []string{s.sharesKey(string(clubID)), s.sharesAtKey(string(clubID))}
	if err := pruneSharesScript.Run(ctx, s.rdb, keys, shared.ShareCutoff(s.now()).UnixMilli()).Err(); err != nil {
		return nil, fmt.Errorf("shares of %s: %w", clubID, err)
	}
	all, err := s.rdb.HGetAll(ctx, keys[0]).Result()
	if err != nil {
		return nil, fmt.Errorf("shares of %s: %w", clubID, err)
	}
	out := []store.Share{}
	for _, raw := range all {
		var sh store.Share
		if err := json.Unmarshal([]byte(raw), &sh); err != nil {
			return nil, fmt.Errorf("shares of %s: %w", clubID, err)
		}
		if !sh.At.Before(since) {
			out = append(out, sh)
		}
	}
	shared.SortShares(out)
	return out, nil
}

// UpdateShare is a compare-and-set loop on one hash field.
func (s *Store) UpdateShare(ctx context.Context, clubID ids.ClubID, id string, fn func(*store.Share) error) (store.Share, error) {
	if seq, ok := shared.ShareSeq(id); ok {
		id = shared.ShareID(seq)
	}
	key := s.sharesKey(string(clubID))
	for range 100 {
		raw, err := s.rdb.HGet(ctx, key, id).Result()
		if err != nil {
			return store.Share{}, fmt.Errorf("update share %s in %s: %w", id, clubID, notFound(err))
		}
		var sh store.Share
		if err := json.Unmarshal([]byte(raw), &sh); err != nil {
			return store.Share{}, fmt.Errorf("update share %s in %s: %w", id, clubID, err)
		}
		was := sh
		if err := fn(&sh); err != nil {
			return store.Share{}, err
		}
		shared.KeepShare(&sh, was)
		doc, err := json.Marshal(sh)
		if err != nil {
			return store.Share{}, fmt.Errorf("update share %s in %s: %w", id, clubID, err)
		}
		ok, err := casShareScript.Run(ctx, s.rdb, []string{key}, id, raw, doc).Int()
		if err != nil {
			return store.Share{}, fmt.Errorf("update share %s in %s: %w", id, clubID, err)
		}
		if ok == 1 {
			return sh, nil
		}
	}
	return store.Share{}, fmt.Errorf("update share %s in %s: too much contention", id, clubID)
}

// DeleteShares finds the member's shares, then deletes them in one script.
func (s *Store) DeleteShares(ctx context.Context, clubID ids.ClubID, memberID ids.MemberID) (int, error) {
	keys := []string{s.sharesKey(string(clubID)), s.sharesAtKey(string(clubID))}
	all, err := s.rdb.HGetAll(ctx, keys[0]).Result()
	if err != nil {
		return 0, fmt.Errorf("delete shares of %s in %s: %w", memberID, clubID, err)
	}
	var ids []any
	for id, raw := range all {
		var sh store.Share
		if err := json.Unmarshal([]byte(raw), &sh); err != nil {
			return 0, fmt.Errorf("delete shares of %s in %s: %w", memberID, clubID, err)
		}
		if sh.Member == memberID {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	n, err := deleteSharesScript.Run(ctx, s.rdb, keys, ids...).Int()
	if err != nil {
		return 0, fmt.Errorf("delete shares of %s in %s: %w", memberID, clubID, err)
	}
	return n, nil
}
