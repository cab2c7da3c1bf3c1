package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Club post kinds.
const (
	kindWarmup   = "warmup"
	kindStrength = "strength"
)

// DefaultWarmupMinutes is how long before a club run its warm-up post goes
// (coach.WarmupLeadMinutes).
const DefaultWarmupMinutes = coach.WarmupLeadMinutes

// clubSchedule is one cron entry: one club run's warm-up post, or the
// club's strength-day post.
type clubSchedule struct {
	key  string // clubID|kind|detail: identifies the entry across reloads
	spec string // with CRON_TZ=<club zone>
	kind string
	at   string // the club run's time (warm-up) or the post time (strength)
}

type clubEntry struct {
	id cron.EntryID
	sc clubSchedule
}

// clubZone is the club's zone, UTC until set.
func clubZone(c store.Club) *time.Location { return member.ClubZone(c) }

var dayNumber = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

// schedulesFor lists the cron entries a club needs: none when it is off.
func schedulesFor(c store.Club) []clubSchedule {
	if c.Off {
		return nil
	}
	zone := clubZone(c).String()
	warm := c.WarmupMinutes
	if warm <= 0 {
		warm = DefaultWarmupMinutes
	}
	var out []clubSchedule
	for _, r := range c.Runs {
		dow, ok := dayNumber[strings.ToLower(r.Day)]
		d, err := daily.Parse(r.At, time.UTC)
		if !ok || err != nil {
			continue
		}
		// Wall-clock arithmetic within the week: a 00:15 Saturday run
		// warms up on Friday at 23:45.
		const week = 7 * 24 * 60
		at := ((dow*24*60+d.Hour*60+d.Minute-warm)%week + week) % week
		out = append(out, clubSchedule{
			key:  fmt.Sprintf("%s|%s|%s %s", c.ID, kindWarmup, r.Day, r.At),
			spec: fmt.Sprintf("CRON_TZ=%s %d %d * * %d", zone, at%60, at/60%24, at/(24*60)),
			kind: kindWarmup,
			at:   r.At,
		})
	}
	if d, err := daily.Parse(c.StrengthAt, time.UTC); err == nil && len(c.StrengthDays) > 0 {
		var dows []string
		for _, day := range c.StrengthDays {
			if n, ok := dayNumber[strings.ToLower(day)]; ok {
				dows = append(dows, fmt.Sprint(n))
			}
		}
		if len(dows) > 0 {
			out = append(out, clubSchedule{
				key:  fmt.Sprintf("%s|%s", c.ID, kindStrength),
				spec: fmt.Sprintf("CRON_TZ=%s %d %d * * %s", zone, d.Minute, d.Hour, strings.Join(dows, ",")),
				kind: kindStrength,
				at:   c.StrengthAt,
			})
		}
	}
	return out
}

// ReloadClubs re-reads every club this process serves and brings the cron
// entries in line: Run calls it at start and every ReloadEvery, so
// schedules set in an earlier run or on another replica are picked up.
func (s *Scheduler) ReloadClubs(ctx context.Context) error {
	all, err := s.d.Store.ClubIDs(ctx)
	if err != nil {
		return fmt.Errorf("list clubs: %w", err)
	}
	seen := map[string]bool{}
	var errs []error
	for _, id := range all {
		if !s.serves[id.Platform()] {
			continue
		}
		seen[string(id)] = true
		if err := s.loadClub(ctx, id); err != nil {
			errs = append(errs, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, e := range s.entries {
		if club, _, _ := strings.Cut(key, "|"); !seen[club] {
			s.cron.Remove(e.id)
			delete(s.entries, key)
		}
	}
	return errors.Join(errs...)
}

// ClubChanged re-plans a club's posts, and the reminders of its members
// who live by the club's zone. /club calls it after every change.
func (s *Scheduler) ClubChanged(ctx context.Context, clubID ids.ClubID) error {
	s.d.Zones.Forget(clubID)
	if err := s.loadClub(ctx, clubID); err != nil {
		return err
	}
	c, err := s.d.Store.Club(ctx, clubID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted: loadClub has dropped its posts
	}
	if err != nil {
		return fmt.Errorf("load club %s: %w", clubID, err)
	}
	var errs []error
	for _, id := range c.Members {
		m, err := s.d.Store.Member(ctx, id)
		if err != nil || m.TZ != "" || len(m.Clubs) == 0 || m.Clubs[len(m.Clubs)-1] != clubID {
			continue
		}
		if _, err := s.replan(ctx, m); err != nil {
			errs = append(errs, fmt.Errorf("re-plan member %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

// loadClub replaces the club's cron entries with what its document says.
func (s *Scheduler) loadClub(ctx context.Context, clubID ids.ClubID) error {
	var want []clubSchedule
	c, err := s.d.Store.Club(ctx, clubID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return fmt.Errorf("load club %s: %w", clubID, err)
	case s.serves[clubID.Platform()]:
		want = s.schedules(c)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := map[string]bool{}
	for _, sc := range want {
		keep[sc.key] = true
		if e, ok := s.entries[sc.key]; ok {
			if e.sc.spec == sc.spec {
				continue
			}
			s.cron.Remove(e.id)
		}
		id, err := s.cron.AddFunc(sc.spec, func() { s.fireClub(s.jobContext(), clubID, sc) })
		if err != nil {
			delete(s.entries, sc.key)
			s.log.Warn("bad club schedule", "club", clubID, "spec", sc.spec, "err", err)
			continue
		}
		s.entries[sc.key] = clubEntry{id: id, sc: sc}
	}
	for key, e := range s.entries {
		if strings.HasPrefix(key, string(clubID+"|")) && !keep[key] {
			s.cron.Remove(e.id)
			delete(s.entries, key)
		}
	}
	return nil
}

func (s *Scheduler) jobContext() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runCtx
}

// clubSpecs returns the cron specs in force, by entry key (for tests and
// /club show).
func (s *Scheduler) clubSpecs() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.entries))
	for k, e := range s.entries {
		out[k] = e.sc.spec
	}
	return out
}

// fireClub posts one club message, once: every replica's cron fires, and
// cron fires twice when clocks go back, so the first to record the key
// (club + kind + local date + time) posts and the others stand down.
// Club posts are therefore at most once: a crash between the record and
// the post loses that post.
func (s *Scheduler) fireClub(runCtx context.Context, clubID ids.ClubID, sc clubSchedule) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(runCtx), s.d.SendTimeout+10*time.Second)
	defer cancel()
	c, err := s.d.Store.Club(ctx, clubID)
	if err != nil {
		s.log.Warn("load club for its post", "club", clubID, "err", err)
		return
	}
	// Another replica may have changed the schedule since our last reload.
	if !slices.ContainsFunc(s.schedules(c), func(x clubSchedule) bool { return x.key == sc.key && x.spec == sc.spec }) {
		return
	}
	if sc.kind == kindChallenges {
		// Its own bounds: it may send many nudges, and stops at shutdown.
		s.challengeDay(runCtx, c)
		return
	}
	channel, ok := s.channelOf(c)
	if !ok {
		return
	}
	var text string
	var imgs []platforms.Image
	switch sc.kind {
	case kindStandings:
		if text, err = s.d.Challenges.Standings(ctx, clubID, s.now()); err != nil {
			s.log.Warn("weekly standings", "club", clubID, "err", err)
			return
		}
		if text == "" { // no challenge running this week
			return
		}
		imgs = s.standingsCharts(ctx, clubID, channel)
	default:
		text = clubText(c, sc)
	}
	local := s.now().In(clubZone(c))
	key := sc.kind + "|" + local.Format(time.DateOnly) + "|" + sc.at
	fresh, err := s.d.Store.Mark(ctx, string(clubID), key, markTTL)
	if err != nil {
		s.log.Warn("record club post; not posting", "club", clubID, "key", key, "err", err)
		return
	}
	if !fresh {
		return
	}
	if sc.kind == kindStandings {
		s.postStandings(ctx, clubID, channel, text, imgs)
		return
	}
	_ = s.post(ctx, clubID, channel, sc.kind, text) // logged by post
}

// channelOf is where the club's posts go, and whether this process serves
// that platform.
func (s *Scheduler) channelOf(c store.Club) (ids.ChatID, bool) {
	channel := c.Channel
	if channel == "" {
		channel = c.ID.Chat()
	}
	if !s.serves[channel.Platform()] {
		s.log.Warn("club channel is on a platform this process does not serve", "club", c.ID, "channel", channel)
		return "", false
	}
	return channel, true
}

// post sends a club post, retrying twice on errors that may pass; the
// last error is logged and returned.
func (s *Scheduler) post(ctx context.Context, clubID ids.ClubID, channel ids.ChatID, kind, text string) error {
	for attempt := 1; ; attempt++ {
		err := s.d.Sender.Post(ctx, channel, text)
		if err == nil {
			s.delivered(channel.Platform(), 0)
			return nil
		}
		if attempt == 3 || errors.Is(err, platforms.ErrUnknownTarget) || errors.Is(err, platforms.ErrBlocked) {
			s.log.Error("club post failed", "club", clubID, "channel", channel, "kind", kind, "err", err)
			return err
		}
		if werr := s.d.Wait(ctx, time.Duration(attempt)*2*time.Second); werr != nil {
			return fmt.Errorf("club post interrupted: %w (last error: %w)", werr, err)
		}
	}
}

func clubText(c store.Club, sc clubSchedule) string {
	switch sc.kind {
	case kindWarmup:
		warm := c.WarmupMinutes
		if warm <= 0 {
			warm = DefaultWarmupMinutes
		}
		return fmt.Sprintf("🏃 Club run at %s, in %d minutes! Warm up before you set off:\n%s", sc.at, warm, coach.WarmupPlan())
	default:
		return "Strength day for the club! 🏋️\n" + coach.StrengthPlan()
	}
}

// cronLogger adapts slog to robfig/cron's Logger; cron's chatty Info
// (every wake-up) goes to Debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
