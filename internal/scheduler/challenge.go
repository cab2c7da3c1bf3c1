package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/daily"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Challenges is what the scheduler asks the challenge service (package
// challenge's Service, which the router shares) for its challenge posts:
// their content and the rules of who gets them; the scheduler sends them.
type Challenges interface {
	// Standings is the weekly standings post, "" when no challenge runs.
	Standings(ctx context.Context, clubID ids.ClubID, now time.Time) (string, error)
	// FinalResults lists the results posts of challenges that are over and
	// not yet finished.
	FinalResults(ctx context.Context, clubID ids.ClubID, now time.Time) ([]FinalResult, error)
	// FinishChallenge records that a challenge's results went out.
	FinishChallenge(ctx context.Context, clubID ids.ClubID, challengeID string) error
	// NudgeCandidates lists the quiet challenge members to nudge; paused
	// (injured) members are never among them.
	NudgeCandidates(ctx context.Context, clubID ids.ClubID, now time.Time) ([]Nudge, error)
}

// StandingsCharter is optional for Challenges: pictures of the boards for
// the weekly standings post, sent when the club's platform can send images.
type StandingsCharter interface {
	StandingsCharts(ctx context.Context, clubID ids.ClubID, now time.Time) ([]platforms.Image, error)
}

// standingsCharts are the standings pictures for channel, or none when the
// platform takes text only or no picture could be drawn.
func (s *Scheduler) standingsCharts(ctx context.Context, clubID ids.ClubID, channel ids.ChatID) []platforms.Image {
	sc, ok := s.d.Challenges.(StandingsCharter)
	if !ok || !platforms.CanSendImages(s.d.Sender, string(channel)) {
		return nil
	}
	imgs, err := sc.StandingsCharts(ctx, clubID, s.now())
	if err != nil {
		s.log.Warn("standings charts; posting text only", "club", clubID, "err", err)
		return nil
	}
	return imgs
}

// postStandings posts the standings: each board's picture, its caption
// carrying the numbers, or the text when there are no pictures or the
// first one fails.
func (s *Scheduler) postStandings(ctx context.Context, clubID ids.ClubID, channel ids.ChatID, text string, imgs []platforms.Image) {
	for i, img := range imgs {
		if i == 0 && len([]rune(img.Caption)) <= platforms.MaxCaption-40 {
			img.Caption = "📊 This week's standings\n" + img.Caption
		}
		if err := platforms.PostImage(ctx, s.d.Sender, channel, img, ""); err != nil {
			s.log.Warn("standings chart post failed", "club", clubID, "channel", channel, "err", err)
			if i == 0 {
				break // nothing went out yet: the text instead
			}
			return
		}
		s.delivered(channel.Platform(), 0)
		if i == len(imgs)-1 {
			return
		}
	}
	_ = s.post(ctx, clubID, channel, kindStandings, text) // logged by post
}

// FinalResult is the final-results post of one challenge that is over.
type FinalResult = challenge.Result

// Nudge is one friendly DM to a quiet challenge member.
type Nudge = challenge.Nudge

// Challenge post kinds.
const (
	kindStandings  = "standings"
	kindChallenges = "challenges" // the daily run: final results, then nudges
	kindResults    = "results"
)

// challengeHour is when, in the club's zone, the daily challenge run posts
// the results of challenges that ended the day before and sends nudges:
// morning, so nothing lands in a group chat at midnight and a nudged
// member has the day to run.
const challengeHour = 9

// resultsTTL keeps a results post's mark long enough for a failed
// FinishChallenge to be retried on later days without a second post.
const resultsTTL = 30 * 24 * time.Hour

// challengeSchedules are the club's challenge entries: the weekly
// standings when the club chose a day and time, and the daily run while a
// challenge is not finished.
func challengeSchedules(c store.Club) []clubSchedule {
	zone := clubZone(c).String()
	var out []clubSchedule
	if dow, ok := dayNumber[c.StandingsDay]; ok && !c.Off {
		if d, err := daily.Parse(c.StandingsAt, time.UTC); err == nil {
			out = append(out, clubSchedule{
				key:  string(c.ID + "|" + kindStandings),
				spec: fmt.Sprintf("CRON_TZ=%s %d %d * * %d", zone, d.Minute, d.Hour, dow),
				kind: kindStandings,
				at:   c.StandingsAt,
			})
		}
	}
	for _, ch := range c.Challenges {
		if !ch.Finished {
			// Even when the club's posts are off: nudges are private.
			out = append(out, clubSchedule{
				key:  string(c.ID + "|" + kindChallenges),
				spec: fmt.Sprintf("CRON_TZ=%s 0 %d * * *", zone, challengeHour),
				kind: kindChallenges,
				at:   fmt.Sprintf("%02d:00", challengeHour),
			})
			break
		}
	}
	return out
}

// schedules are the cron entries this scheduler keeps for the club.
func (s *Scheduler) schedules(c store.Club) []clubSchedule {
	out := schedulesFor(c)
	if s.d.Challenges != nil {
		out = append(out, challengeSchedules(c)...)
	}
	return out
}

// challengeDay is the club's daily challenge run: the final results of
// challenges that are over, then the nudges. Every replica's cron fires
// it, so the first to record the club's local date runs it and the others
// stand down; what it could not finish (a failed post or DM, a shutdown)
// waits for the next day's run.
func (s *Scheduler) challengeDay(ctx context.Context, c store.Club) {
	key := kindChallenges + "|" + s.now().In(clubZone(c)).Format(time.DateOnly)
	fresh, err := s.d.Store.Mark(ctx, string(c.ID), key, markTTL)
	if err != nil {
		s.log.Warn("record the daily challenge run; skipping it", "club", c.ID, "err", err)
		return
	}
	if !fresh {
		return
	}
	if !c.Off {
		s.finalResults(ctx, c)
	}
	s.nudges(ctx, c)
}

// finalResults posts each ended challenge's results once, then finishes
// the challenge. The club's mark for the post outlives a failed finish, so
// a later day finishes it without posting again.
func (s *Scheduler) finalResults(ctx context.Context, c store.Club) {
	channel, ok := s.channelOf(c)
	if !ok {
		return
	}
	results, err := s.d.Challenges.FinalResults(ctx, c.ID, s.now())
	if err != nil {
		s.log.Warn("final results", "club", c.ID, "err", err)
		return
	}
	for _, r := range results {
		if ctx.Err() != nil {
			return
		}
		s.finalResult(ctx, c.ID, channel, r)
	}
}

func (s *Scheduler) finalResult(ctx context.Context, clubID ids.ClubID, channel ids.ChatID, r FinalResult) {
	// A post under way finishes, and is recorded, even at shutdown.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.d.SendTimeout+10*time.Second)
	defer cancel()
	posted, err := s.d.Store.Marked(ctx, string(clubID), r.Key)
	if err != nil {
		s.log.Warn("check final results record", "club", clubID, "key", r.Key, "err", err)
		return
	}
	if !posted {
		err := s.post(ctx, clubID, channel, kindResults, r.Text)
		switch {
		case err == nil:
			if _, err := s.d.Store.Mark(ctx, string(clubID), r.Key, resultsTTL); err != nil {
				s.log.Error("final results posted but not recorded: a later run may post them again", "club", clubID, "key", r.Key, "err", err)
			}
		case errors.Is(err, platforms.ErrUnknownTarget), errors.Is(err, platforms.ErrBlocked):
			// The chat is gone: finish rather than retry every day.
		default:
			return // tomorrow's run tries again
		}
	}
	if err := s.d.Challenges.FinishChallenge(ctx, clubID, r.ChallengeID); err != nil {
		s.log.Warn("finish challenge; the next daily run retries", "club", clubID, "challenge", r.ChallengeID, "err", err)
	}
}

// nudges DMs each quiet challenge member once, under the platform's rate
// limit, handling a refused or blocked DM as reminders do.
func (s *Scheduler) nudges(ctx context.Context, c store.Club) {
	ns, err := s.d.Challenges.NudgeCandidates(ctx, c.ID, s.now())
	if err != nil {
		s.log.Warn("nudge candidates", "club", c.ID, "err", err)
		return
	}
	for _, n := range ns {
		if ctx.Err() != nil {
			return // shutting down: the rest wait for tomorrow
		}
		s.nudge(ctx, n)
	}
}

func (s *Scheduler) nudge(ctx context.Context, n Nudge) {
	platform := n.MemberID.Platform()
	if !s.serves[platform] {
		s.log.Debug("nudge for a member on a platform this process does not serve", "member", n.MemberID)
		return
	}
	m, err := s.d.Store.Member(ctx, n.MemberID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("load member for a nudge", "member", n.MemberID, "err", err)
		}
		return
	}
	if m.SendsPaused || m.Injured {
		return
	}
	if reds := m.OpenRedFlags(); len(reds) > 0 {
		n.Text = getItChecked(reds) // never a nudge to run on an open red flag
	}
	if ctx.Err() != nil {
		return
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.d.SendTimeout)
	defer cancel()
	err = s.d.Sender.DM(sctx, n.MemberID, n.Text, nil)
	if s.forgotten(sctx, platform, n.MemberID) {
		return
	}
	switch {
	case err == nil:
		s.delivered(platform, 0)
		s.markNudge(sctx, n)
	case errors.Is(err, platforms.ErrDMRefused):
		s.log.Info("nudge refused by the platform; kept, and reminders paused until the member's next command", "member", n.MemberID)
		_ = s.mail.Keep(sctx, n.MemberID, store.Kept{At: s.now(), Text: n.Text}) // (it logs a failure)
		s.markNudge(sctx, n)
	case errors.Is(err, platforms.ErrBlocked), errors.Is(err, platforms.ErrUnknownTarget):
		s.log.Warn("member cannot be reached; reminders paused until their next command", "member", n.MemberID, "err", err)
		_ = s.mail.Pause(sctx, n.MemberID) // (it logs a failure)
	default:
		s.log.Warn("send nudge failed; the next daily run retries", "member", n.MemberID, "err", err)
	}
}

func (s *Scheduler) markNudge(ctx context.Context, n Nudge) {
	if _, err := s.d.Store.Mark(ctx, string(n.MemberID), n.Key, max(n.TTL, time.Hour)); err != nil {
		s.log.Error("nudge sent but not recorded: the next daily run may send it again", "member", n.MemberID, "key", n.Key, "err", err)
	}
}
