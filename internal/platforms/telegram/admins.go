package telegram

import (
	"context"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// failedLookupTTL is how long a failed admin lookup counts as "no admins":
// long enough not to hammer a server that lacks getChatAdministrators,
// short enough that a real admin is not locked out for long by a blip.
const failedLookupTTL = 30 * time.Second

// adminCache remembers each group's administrators for a while.
type adminCache struct {
	ttl   time.Duration
	mu    sync.Mutex
	chats map[int64]adminEntry
}

type adminEntry struct {
	ids     map[int64]bool
	expires time.Time
}

func newAdminCache(ttl time.Duration) *adminCache {
	return &adminCache{ttl: ttl, chats: map[int64]adminEntry{}}
}

func (c *adminCache) get(chat int64, now time.Time) (map[int64]bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.chats[chat]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e.ids, true
}

func (c *adminCache) put(chat int64, ids map[int64]bool, now, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.chats) > maxChats {
		for id, e := range c.chats {
			if !now.Before(e.expires) {
				delete(c.chats, id)
			}
		}
	}
	c.chats[chat] = adminEntry{ids: ids, expires: expires}
}

func (c *adminCache) forget(chat int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.chats, chat)
}

// isAdmin reports whether user administers the group chat, from the
// chat's administrator list (getChatAdministrators, cached AdminTTL). When
// the lookup fails the member is not an admin: admin commands change club
// settings, so failing closed is the safe side.
func (a *Adapter) isAdmin(ctx context.Context, chat, user int64) bool {
	now := a.now()
	if ids, ok := a.admins.get(chat, now); ok {
		return ids[user]
	}
	var members []tgbotapi.ChatMember
	err := a.request(ctx, "getChatAdministrators", retryNever, tgbotapi.Params{"chat_id": strconv.FormatInt(chat, 10)}, &members)
	if err != nil {
		a.log.Warn("telegram admin lookup failed; treating member as not an admin", "method", "getChatAdministrators", "chat", chat, "err", err)
		a.admins.put(chat, map[int64]bool{}, now, now.Add(failedLookupTTL))
		return false
	}
	ids := make(map[int64]bool, len(members))
	for _, m := range members {
		if m.User != nil && (m.Status == "creator" || m.Status == "administrator") {
			ids[m.User.ID] = true
		}
	}
	a.admins.put(chat, ids, now, now.Add(a.cfg.AdminTTL))
	return ids[user]
}
