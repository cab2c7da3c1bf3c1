// Package scheduler sends what the bot says without being asked: each
// member's daily private reminder and next-morning pain check-in, from a
// due-queue in the store, and each club's warm-up, strength-day and weekly
// challenge standings posts, final results and quiet-member nudges, from
// robfig/cron (one entry per club schedule, never one per member).
//
// Member jobs are claimed from the store's queue with a lease, sent through
// the platform Sender (which owns the platform's rate limits: the
// scheduler keeps none of its own), recorded under an
// idempotency key (member + kind + local date) and re-planned in the
// member's zone. Concurrent replicas never claim the same job; a replica
// that dies after claiming loses nothing (the lease runs out and another
// takes the job). The one window where a message can repeat is a crash
// between the platform accepting it and the record being written: the
// record is checked before every send, and a failed record is logged.
//
// A lease covers one claim of a job, not the member's day: when the member
// moves their reminder to later today while a replica is sending, the
// moved job falls due and another replica claims it before the first has
// written its record. So a replica also holds a short "sending" mark for
// the member while it sends (atomic set-if-absent, expiring after
// SendTimeout plus a margin): one scheduled DM in flight per member,
// whatever its kind or date. The mark's key does not depend on the
// member's local date, so the store takes it in the same step as the read
// of the member (MemberForSend: one round trip for both, issue 13), before
// the scheduler knows whether it will send; a read that ends in no send
// (already recorded, too late, settings changed) leaves the mark to
// expire, which can only delay another of the member's jobs by that long.
// A replica that finds the mark taken sends nothing and re-queues the job
// for when the mark has expired; by then the record is written (nothing
// more goes) or the first send failed or its replica died (the reminder
// goes then, if still inside the late window). Marks cannot be deleted, so
// a failed send retries only after its own sending mark expires.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubcoach/clubcoach/internal/checkin"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Store is what the scheduler reads and writes.
type Store interface {
	store.Members
	store.Clubs
	store.Marks
	store.Queue
	store.Outbox
	Runs(ctx context.Context, memberID ids.MemberID, from, to string) ([]store.Run, error)
	Pains(ctx context.Context, memberID ids.MemberID, since time.Time) ([]store.Pain, error)
}

// Deps are the scheduler's collaborators and settings; zero values take
// the defaults documented on each field.
type Deps struct {
	Store  Store
	Sender platforms.Sender
	// Zones decides members' zones with the router's rule (shared, so the
	// two never disagree); default: its own on Store.
	Zones *member.Zones
	// Platforms are the platforms this process serves: it claims only
	// their members' jobs and posts only for their clubs.
	Platforms []string
	// Clock gives the current time (default time.Now).
	Clock func() time.Time
	Log   *slog.Logger
	// LateWindow: after downtime, reminders later than this are skipped
	// and counted in a log line (default 2h).
	LateWindow time.Duration
	// Metrics, when set, is told about deliveries (*metrics.Metrics from
	// internal/ops/metrics fits; the adapters report their rate-limit
	// waits themselves).
	Metrics Metrics
	// Tick returns a ticker channel and its stop function (default
	// time.NewTicker); tests drive Run through it.
	Tick func(d time.Duration) (<-chan time.Time, func())
	// Wait blocks for d or until ctx ends (default a real timer). Tests
	// advance their fake clock instead, so rate limits cost no real time.
	Wait func(ctx context.Context, d time.Duration) error
	// PollEvery is how often the queue is polled (default 1s).
	PollEvery time.Duration
	// ReloadEvery is how often club schedules are re-read from the store,
	// to pick up other replicas' changes (default 1m).
	ReloadEvery time.Duration
	// Lease is how long a claimed job stays ours (default 2m).
	Lease time.Duration
	// Batch caps the jobs one claim takes (default: what the platform's
	// Sender lets through in half a lease, at most 500).
	Batch int
	// Workers is the number of concurrent sends per platform (default
	// 16): each waits for the Sender's limits, so enough must be in flight
	// to keep the platform's rate busy across store and network latency.
	Workers int
	// SendTimeout bounds one send (default 30s).
	SendTimeout time.Duration
	// Challenges, when set, gives the weekly standings, final results and
	// nudges of the clubs' challenges; without it none are sent.
	Challenges Challenges
}

// Metrics receives the scheduler's measurements.
type Metrics interface {
	// ReminderSent records one delivered scheduled message and how late
	// it went against its due time.
	ReminderSent(platform string, lateness time.Duration)
}

// Scheduler runs member reminders and club posts.
type Scheduler struct {
	d    Deps
	log  *slog.Logger
	now  func() time.Time
	cron *cron.Cron

	serves map[string]bool

	mu      sync.Mutex
	entries map[string]clubEntry // by clubID|kind|detail
	runCtx  context.Context      // the context club jobs run under, set by Run
	mail    *member.Mailbox      // pause-and-keep: the router's rules too
}

// New builds a scheduler; Run starts it.
func New(d Deps) *Scheduler {
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Zones == nil {
		d.Zones = member.NewZones(d.Store)
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.LateWindow <= 0 {
		d.LateWindow = 2 * time.Hour
	}
	if d.Tick == nil {
		d.Tick = func(every time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(every)
			return t.C, t.Stop
		}
	}
	if d.Wait == nil {
		d.Wait = realWait
	}
	if d.PollEvery <= 0 {
		d.PollEvery = time.Second
	}
	if d.ReloadEvery <= 0 {
		d.ReloadEvery = time.Minute
	}
	if d.Lease <= 0 {
		d.Lease = 2 * time.Minute
	}
	if d.Workers <= 0 {
		d.Workers = 16
	}
	if d.SendTimeout <= 0 {
		d.SendTimeout = 30 * time.Second
	}
	s := &Scheduler{
		d:       d,
		log:     d.Log.With("component", "scheduler"),
		now:     d.Clock,
		serves:  map[string]bool{},
		entries: map[string]clubEntry{},
		runCtx:  context.Background(),
	}
	s.mail = member.NewMailbox(d.Store, s.log)
	for _, p := range d.Platforms {
		s.serves[p] = true
	}
	cl := cronLogger{log: s.log}
	s.cron = cron.New(
		cron.WithLocation(time.UTC), // every spec carries its club's CRON_TZ
		cron.WithLogger(cl),
		cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)),
	)
	return s
}

// SendRater is the optional capability of a Sender that says how many
// messages a second it sends to a platform at most (its own rate limit;
// 0 when it has none). The scheduler sizes its claims by it.
type SendRater interface {
	SendRate(platform string) float64
}

func realWait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run polls the due-queue and runs club posts until ctx ends. It then
// releases the jobs it claimed but did not send, waits for sends in
// flight and for running club jobs, and returns nil.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	s.runCtx = ctx
	s.mu.Unlock()
	if err := s.ReloadClubs(ctx); err != nil {
		s.log.Warn("load club schedules", "err", err)
	}
	s.cron.Start()
	defer func() { <-s.cron.Stop().Done() }()
	tick, stop := s.d.Tick(s.d.PollEvery)
	defer stop()
	lastReload := s.now()
	s.Poll(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick:
			s.Poll(ctx)
			if now := s.now(); now.Sub(lastReload) >= s.d.ReloadEvery {
				lastReload = now
				if err := s.ReloadClubs(ctx); err != nil && ctx.Err() == nil {
					s.log.Warn("reload club schedules", "err", err)
				}
			}
		}
	}
}

// Poll claims and handles the jobs due now on every platform served, and
// returns how many it claimed. Run calls it every PollEvery.
func (s *Scheduler) Poll(ctx context.Context) int {
	var wg sync.WaitGroup
	var n atomic.Int64
	for _, p := range s.d.Platforms {
		wg.Go(func() { n.Add(int64(s.pollPlatform(ctx, p))) })
	}
	wg.Wait()
	return int(n.Load())
}

// batch is how many jobs one claim takes: what the Sender lets through in
// half a lease, so every claimed job is sent well before its lease ends.
func (s *Scheduler) batch(platform string) int {
	most := 500
	if s.d.Batch > 0 {
		most = s.d.Batch
	}
	r, ok := s.d.Sender.(SendRater)
	if !ok || r.SendRate(platform) <= 0 {
		return most
	}
	n := int(r.SendRate(platform) * s.d.Lease.Seconds() / 2)
	return max(1, min(n, most))
}

// pollPlatform claims one batch and sends it with Workers goroutines.
func (s *Scheduler) pollPlatform(ctx context.Context, platform string) int {
	if ctx.Err() != nil {
		return 0
	}
	now := s.now()
	dues, err := s.d.Store.Claim(ctx, platform, now, s.d.Lease, s.batch(platform))
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("claim due jobs", "platform", platform, "err", err)
		}
		return 0
	}
	if len(dues) == 0 {
		return 0
	}
	leaseEnd := now.Add(s.d.Lease)
	var late atomic.Int64
	jobs := make(chan store.Due)
	var wg sync.WaitGroup
	for range min(s.d.Workers, len(dues)) {
		wg.Go(func() {
			for d := range jobs {
				if s.handle(ctx, platform, d, leaseEnd) == outcomeLate {
					late.Add(1)
				}
			}
		})
	}
	for _, d := range dues {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	if n := late.Load(); n > 0 {
		s.log.Warn("skipped reminders that were too late after downtime", "platform", platform, "count", n, "late_window", s.d.LateWindow)
	}
	return len(dues)
}

type outcome int

const (
	outcomeDone outcome = iota
	outcomeLate
	outcomeReleased
)

// Job ids in the due-queue.
const (
	kindRemind  = "remind"
	kindCheckin = "checkin"
)

func jobID(kind string, memberID ids.MemberID) string { return kind + "|" + string(memberID) }

// release gives a claimed, unsent job back at its original time, as long
// as the lease is still ours (after that another poller may hold it).
func (s *Scheduler) release(platform string, d store.Due, leaseEnd time.Time) outcome {
	if !s.now().Before(leaseEnd) {
		return outcomeReleased
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.d.Store.Schedule(ctx, platform, d.Job, d.At); err != nil {
		s.log.Warn("release job; it is due again when its lease ends", "job", d.Job, "err", err)
	}
	return outcomeReleased
}

func (s *Scheduler) delivered(platform string, lateness time.Duration) {
	if s.d.Metrics != nil {
		s.d.Metrics.ReminderSent(platform, lateness)
	}
}

// handle runs one claimed member job.
func (s *Scheduler) handle(ctx context.Context, platform string, d store.Due, leaseEnd time.Time) outcome {
	if ctx.Err() != nil {
		return s.release(platform, d, leaseEnd)
	}
	kind, id, ok := strings.Cut(d.Job, "|")
	memberID := ids.MemberID(id) // jobID's inverse: the queue keeps plain strings
	if !ok || (kind != kindRemind && kind != kindCheckin) || memberID.Platform() != platform {
		s.log.Warn("dropping unknown job", "job", d.Job, "platform", platform)
		if err := s.d.Store.Unschedule(ctx, platform, d.Job); err != nil {
			s.log.Warn("unschedule unknown job", "job", d.Job, "err", err)
		}
		return outcomeDone
	}
	// The sending claim comes with the read, unless the lease is already
	// too short to send under: the claim would then only hold up the retry.
	claimAt := s.now()
	v, err := s.readForSend(ctx, memberID, !s.leaseShort(leaseEnd))
	if errors.Is(err, store.ErrNotFound) {
		_ = s.unscheduleAll(ctx, platform, memberID)
		return outcomeDone
	}
	if err != nil {
		// Leave the job leased: it is due again when the lease ends.
		s.log.Warn("load member for reminder", "member", memberID, "err", err)
		return outcomeReleased
	}
	m := v.m
	pl := s.planFor(ctx, m)
	var slot daily.Time
	switch {
	case m.SendsPaused:
		return s.replanAfter(ctx, m, outcomeDone)
	case kind == kindRemind && pl.remind != nil:
		slot = *pl.remind
	case kind == kindCheckin && pl.remind == nil:
		slot = daily.Time{Hour: checkinHour, Loc: pl.loc}
	default: // the member's settings changed since this job was planned
		return s.replanAfter(ctx, m, outcomeDone)
	}
	// The job's time is its occurrence, or a lease end when a claimer died:
	// the occurrence is the latest slot at or before it either way.
	occ := slot.Prev(d.At)
	now := s.now()
	if now.Sub(occ) > s.d.LateWindow {
		s.log.Debug("reminder too late; skipped", "member", memberID, "kind", kind, "due", occ, "late", now.Sub(occ))
		s.replanAfter(ctx, m, outcomeLate)
		return outcomeLate
	}
	date := slot.LocalDate(occ)
	key := kind + "|" + date
	if done, err := s.marked(ctx, v, key); err != nil {
		s.log.Warn("check reminder record", "member", memberID, "key", key, "err", err)
		return outcomeReleased
	} else if done {
		return s.replanAfter(ctx, m, outcomeDone)
	}
	msg, err := s.compose(ctx, v, pl, kind, occ)
	if err != nil {
		s.log.Warn("compose reminder", "member", memberID, "err", err)
		return outcomeReleased
	}
	if msg.text == "" { // a check-in job whose check-in was answered
		return s.replanAfter(ctx, m, outcomeDone)
	}
	if ctx.Err() != nil {
		return s.release(platform, d, leaseEnd)
	}
	if s.leaseShort(leaseEnd) {
		// The lease may run out mid-send and another poller take the job:
		// leave it to them rather than risk a double.
		s.log.Warn("lease nearly over; leaving the job to the next claim", "job", d.Job)
		return outcomeReleased
	}
	// The lease covers this claim of the job, not the member's day: a
	// re-plan (/settings remind later today) moves the job, and another
	// replica may claim it while this send is in flight. One sending
	// claim per member, taken atomically, lets only one through; the
	// other comes back after it and finds the record.
	retry, err := s.sendingClaim(ctx, v, date, claimAt)
	if err != nil {
		s.log.Warn("claim reminder send", "member", memberID, "err", err)
		return s.release(platform, d, leaseEnd)
	}
	if !retry.IsZero() {
		s.log.Info("another send to this member is in flight; checking again after it", "member", memberID, "job", d.Job)
		if serr := s.d.Store.Schedule(ctx, platform, d.Job, retry); serr != nil {
			s.log.Warn("reschedule reminder behind a send in flight", "job", d.Job, "err", serr)
		}
		return outcomeDone
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.d.SendTimeout)
	defer cancel()
	err = s.d.Sender.DM(sctx, memberID, msg.text, msg.buttons)
	if err == nil {
		if _, ok := s.d.Store.(sendStore); !ok && s.forgotten(sctx, platform, memberID) {
			return outcomeDone // (a sendStore's settle checks this in the same step)
		}
		s.delivered(platform, s.now().Sub(occ))
		// From here until the record is written, a crash would send it
		// again. The record and the re-plan go together; a member
		// forgotten during the send gets neither (settle).
		s.log.Debug("reminder sent; recording it", "member", memberID, "key", key)
		if _, err := s.replanView(sctx, v, recordKeys(key, msg, date)); err != nil {
			s.log.Error("reminder sent but its record or re-plan failed: a retry or another replica may send it again", "member", memberID, "key", key, "err", err)
		}
		return outcomeDone
	}
	if s.forgotten(sctx, platform, memberID) {
		return outcomeDone
	}
	switch {
	case errors.Is(err, platforms.ErrDMRefused):
		s.log.Info("reminder refused by the platform; kept, and reminders paused until the member's next command", "member", memberID)
		_ = s.mail.Keep(sctx, memberID, member.Kept(now, msg.text, msg.buttons)) // (it logs a failure)
		s.record(sctx, memberID, key, msg, date)
	case errors.Is(err, platforms.ErrBlocked), errors.Is(err, platforms.ErrUnknownTarget):
		s.log.Warn("member cannot be reached; reminders paused until their next command", "member", memberID, "err", err)
		_ = s.mail.Pause(sctx, memberID) // (it logs a failure)
	default:
		// Not before our sending claim runs out, or the retry would find
		// it and wait again.
		retry := s.now().Add(max(time.Minute, s.sendingTTL()))
		s.log.Warn("send reminder failed; retrying in a minute", "member", memberID, "err", err)
		if serr := s.d.Store.Schedule(sctx, platform, d.Job, retry); serr != nil {
			s.log.Warn("reschedule failed reminder", "job", d.Job, "err", serr)
		}
		return outcomeDone
	}
	return s.replanAfter(sctx, m, outcomeDone)
}

// recordKeys are the idempotency marks of a sent message.
func recordKeys(key string, msg message, date string) []string {
	keys := []string{key}
	if msg.checkin {
		keys = append(keys, kindCheckin+"|"+date)
	}
	return keys
}

// record writes the idempotency marks after a send.
func (s *Scheduler) record(ctx context.Context, memberID ids.MemberID, key string, msg message, date string) {
	s.mark(ctx, memberID, recordKeys(key, msg, date))
}

// mark writes record marks one by one.
func (s *Scheduler) mark(ctx context.Context, memberID ids.MemberID, keys []string) {
	for _, k := range keys {
		if _, err := s.d.Store.Mark(ctx, string(memberID), k, markTTL); err != nil {
			s.log.Error("reminder sent but its record failed: a retry or another replica may send it again", "member", memberID, "key", k, "err", err)
		}
	}
}

// markTTL outlives every way a day's job could come round again.
const markTTL = 72 * time.Hour

// sendingKey is the mark (scope: the member id) held while a scheduled DM
// to the member is being sent, whatever its kind and date: one in flight.
// It names no date, so the store can take it with the read of the member,
// before the member's zone (and so their local date) is known.
const sendingKey = "sending"

// legacySendingKey is the sending mark of versions that keyed it by the
// member's local date: while one of those replicas is still sending (a
// rolling deploy), its mark holds this version's sends back too.
func legacySendingKey(date string) string { return "sending|" + date }

// sendingTTL outlives a send and its record (both bounded by SendTimeout)
// with a margin for clock skew between replicas; it cannot be released
// early (marks only expire), so a failed send retries after it.
func (s *Scheduler) sendingTTL() time.Duration { return s.d.SendTimeout + 30*time.Second }

// claimSlack is how long after its sending claim was taken (with the read)
// a send may still start: the rest of the claim's margin past SendTimeout
// covers the record and clock skew. Composing takes far less.
const claimSlack = 10 * time.Second

// leaseShort reports whether the lease may run out during a send started
// now (another poller could then take the job mid-send).
func (s *Scheduler) leaseShort(leaseEnd time.Time) bool {
	return s.now().After(leaseEnd.Add(-s.d.SendTimeout))
}

// sendingClaim makes sure this replica holds the member's sending claim
// for a send starting now: the one its read took at claimAt, or (when the
// store took none with the read) one taken now. The zero time means send;
// otherwise it is when to try the job again, once the claim held by
// another send (or by this one's read, taken too long ago) has expired.
func (s *Scheduler) sendingClaim(ctx context.Context, v *memberView, date string, claimAt time.Time) (time.Time, error) {
	if v.claim == claimNone {
		ok, err := s.d.Store.Mark(ctx, string(v.m.ID), sendingKey, s.sendingTTL())
		if err != nil {
			return time.Time{}, err
		}
		v.claim, claimAt = claimHeld, s.now()
		if ok {
			v.claim = claimTaken
		}
	}
	now := s.now()
	switch {
	case v.claim == claimHeld, v.marks[legacySendingKey(date)]:
		return now.Add(s.sendingTTL()), nil
	case now.After(claimAt.Add(claimSlack)):
		return claimAt.Add(s.sendingTTL()), nil
	}
	return time.Time{}, nil
}

// forgotten reports whether the member was deleted (/forgetme) while a
// message to them was in flight, and if so drops their jobs: nothing
// (mark, kept message, pause) may then be written back under their id.
// A read error is not "forgotten": the send is recorded as usual.
func (s *Scheduler) forgotten(ctx context.Context, platform string, memberID ids.MemberID) bool {
	if _, err := s.d.Store.Member(ctx, memberID); !errors.Is(err, store.ErrNotFound) {
		return false
	}
	s.log.Info("member forgotten during a send; nothing recorded for them", "member", memberID)
	if err := s.unscheduleAll(ctx, platform, memberID); err != nil {
		s.log.Warn("drop a forgotten member's jobs", "member", memberID, "err", err)
	}
	return true
}

// replanAfter re-reads the member and schedules their next jobs; it
// returns o so callers can end with it.
func (s *Scheduler) replanAfter(ctx context.Context, m store.Member, o outcome) outcome {
	v, err := s.readMember(ctx, m.ID)
	if errors.Is(err, store.ErrNotFound) {
		_ = s.unscheduleAll(ctx, m.ID.Platform(), m.ID)
		return o
	}
	if err != nil {
		v = &memberView{m: m}
	}
	if _, err := s.replanView(ctx, v, nil); err != nil {
		s.log.Warn("plan next reminder", "member", m.ID, "err", err)
	}
	return o
}

func (s *Scheduler) unscheduleAll(ctx context.Context, platform string, memberID ids.MemberID) error {
	var errs []error
	for _, k := range []string{kindRemind, kindCheckin} {
		if err := s.d.Store.Unschedule(ctx, platform, jobID(k, memberID)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// MemberChanged re-plans a member's reminder and check-in from their
// stored settings and returns when the next one is due (zero when none).
// The router calls it after /settings, after /pain and when it resumes a
// paused member.
func (s *Scheduler) MemberChanged(ctx context.Context, memberID ids.MemberID) (time.Time, error) {
	m, err := s.d.Store.Member(ctx, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, s.unscheduleAll(ctx, memberID.Platform(), memberID)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("load member %s: %w", memberID, err)
	}
	return s.replan(ctx, m)
}

// plan is what a member's settings say about their jobs.
type plan struct {
	loc    *time.Location
	remind *daily.Time // nil when reminders are off
}

// checkinHour is when a check-in goes alone, for members without reminders.
const checkinHour = 8

func (s *Scheduler) planFor(ctx context.Context, m store.Member) plan {
	p := plan{loc: s.zone(ctx, m)}
	if m.RemindAt != "" {
		if d, err := daily.Parse(m.RemindAt, p.loc); err == nil {
			p.remind = &d
		} else {
			s.log.Warn("member has an unreadable reminder time", "member", m.ID, "remind_at", m.RemindAt)
		}
	}
	return p
}

// zone is the member's zone, else their latest club's, else UTC.
func (s *Scheduler) zone(ctx context.Context, m store.Member) *time.Location {
	return s.d.Zones.Of(ctx, m, "", s.now()) // no chat: the club the member used last
}

// replan schedules (or unschedules) the member's two jobs; for a member
// forgotten meanwhile it queues nothing and returns the zero time.
func (s *Scheduler) replan(ctx context.Context, m store.Member) (time.Time, error) {
	return s.replanView(ctx, &memberView{m: m}, nil)
}

// replanView plans the member's jobs from v and applies the plan together
// with the record marks (the keys of a message just sent, which the plan
// already counts). When the member as stored then plans differently (they
// changed something meanwhile), it plans once more from that.
func (s *Scheduler) replanView(ctx context.Context, v *memberView, record []string) (time.Time, error) {
	if _, ok := s.d.Store.(sendStore); !ok && len(record) > 0 {
		s.mark(ctx, v.m.ID, record) // one by one, before the plan reads them
		record = nil
	}
	if len(record) > 0 {
		if v.marks == nil {
			s.loadMarks(ctx, v)
		}
		if v.marks != nil {
			for _, k := range record {
				v.marks[k] = true
			}
		}
	}
	next, js, err := s.planJobs(ctx, v)
	if err != nil {
		return time.Time{}, err
	}
	cur, err := s.settle(ctx, v.m.ID, record, js)
	if errors.Is(err, errForgotten) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	// The member wrote meanwhile: what the plan is made from changed.
	if cur.ID != "" && member.PlanInputs(cur) != member.PlanInputs(v.m) {
		next, js, err = s.planJobs(ctx, &memberView{m: cur})
		if err != nil {
			return time.Time{}, err
		}
		if _, err := s.settle(ctx, cur.ID, nil, js); err != nil && !errors.Is(err, errForgotten) {
			return time.Time{}, err
		}
	}
	return next, nil
}

// planJobs decides the member's two jobs from v: when each is due, or
// that it is not queued.
func (s *Scheduler) planJobs(ctx context.Context, v *memberView) (time.Time, jobs, error) {
	m := v.m
	if m.ID.Platform() == "" {
		return time.Time{}, jobs{}, fmt.Errorf("member id %q has no platform", m.ID)
	}
	remind, checkin := jobID(kindRemind, m.ID), jobID(kindCheckin, m.ID)
	if m.SendsPaused {
		return time.Time{}, jobs{unset: []string{remind, checkin}}, nil
	}
	pl := s.planFor(ctx, m)
	now := s.now()
	if pl.remind != nil {
		next := pl.remind.Next(now)
		// Today's reminder already went (the time was moved later after
		// it was sent): the next one is tomorrow's, not a time today that
		// the sent mark would then skip.
		if date := pl.remind.LocalDate(next); date == pl.remind.LocalDate(now) {
			if sent, err := s.marked(ctx, v, kindRemind+"|"+date); err == nil && sent {
				next = pl.remind.Next(next)
			}
		}
		// The reminder carries any check-in.
		return next, jobs{set: map[string]time.Time{remind: next}, unset: []string{checkin}}, nil
	}
	at, pending, err := s.pendingCheckin(ctx, v, pl.loc, now)
	if err != nil {
		return time.Time{}, jobs{}, err
	}
	if !pending {
		return time.Time{}, jobs{unset: []string{remind, checkin}}, nil
	}
	return at, jobs{set: map[string]time.Time{checkin: at}, unset: []string{remind}}, nil
}

// errForgotten ends a re-plan whose member was forgotten meanwhile.
var errForgotten = errors.New("member forgotten while being re-planned")

// schedule queues one of the member's jobs, then checks the member is
// still stored: a /forgetme that landed after we read the member must not
// be undone by a job queued after Forget swept the queues. (Forget removes
// the member document last, so a job queued after its sweep sees it gone.)
func (s *Scheduler) schedule(ctx context.Context, platform, kind string, memberID ids.MemberID, at time.Time) error {
	if err := s.d.Store.Schedule(ctx, platform, jobID(kind, memberID), at); err != nil {
		return err
	}
	if _, err := s.d.Store.Member(ctx, memberID); errors.Is(err, store.ErrNotFound) {
		if err := s.unscheduleAll(ctx, platform, memberID); err != nil {
			return fmt.Errorf("drop a forgotten member's jobs: %w", err)
		}
		return errForgotten
	}
	return nil
}

// pendingCheckin reports when a lone check-in is due (08:00 local the day
// after the latest pain report) and whether it is still to be sent.
func (s *Scheduler) pendingCheckin(ctx context.Context, v *memberView, loc *time.Location, now time.Time) (time.Time, bool, error) {
	m := v.m
	if m.LastPain.IsZero() {
		return time.Time{}, false, nil
	}
	y, mo, day := m.LastPain.In(loc).Date()
	slot := daily.Time{Hour: checkinHour, Loc: loc}
	at := slot.On(y, mo, day+1)
	if now.Sub(at) > s.d.LateWindow {
		return time.Time{}, false, nil
	}
	for _, key := range []string{CheckinAnsweredKey(m.LastPain), kindCheckin + "|" + slot.LocalDate(at)} {
		done, err := s.marked(ctx, v, key)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("check check-in record: %w", err)
		}
		if done {
			return time.Time{}, false, nil
		}
	}
	return at, true, nil
}

// CheckinAnsweredKey and CheckinAnsweredTTL are the check-in's answered
// mark, kept here for the scheduler's tests and callers.
var CheckinAnsweredKey = checkin.AnsweredKey

// CheckinAnsweredTTL: see checkin.AnsweredTTL.
const CheckinAnsweredTTL = checkin.AnsweredTTL

func has(days []string, d time.Weekday) bool {
	return slices.Contains(days, strings.ToLower(d.String()[:3]))
}
