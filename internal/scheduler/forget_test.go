package scheduler

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// forgetter is what these tests need to play a /forgetme during a send.
type forgetter interface {
	Store
	Forget(ctx context.Context, memberID ids.MemberID) error
}

// TestForgetDuringSendLeavesNothing: /forgetme confirm lands while a
// reminder is being sent (a send may take up to SendTimeout). Whatever the
// platform answers, the scheduler must not write the member back: no
// document (pause), no kept message, no mark, no queued job.
func TestForgetDuringSendLeavesNothing(t *testing.T) {
	t.Parallel()
	url := redistest.Start(t)
	outcomes := map[string]error{
		"sent":    nil,
		"refused": platforms.ErrDMRefused,
		"blocked": platforms.ErrBlocked,
	}
	for name, sendErr := range outcomes {
		for _, backend := range []string{"embedded", "redis"} {
			t.Run(name+"/"+backend, func(t *testing.T) {
				t.Parallel()
				clk := newClock(utc("2026-03-02T06:00:00Z"))
				var st forgetter
				if backend == "redis" {
					st = openRedis(t, url, redistest.Prefix(t), clk)
				} else {
					st = openEmbedded(t, clk)
				}
				h := newHarness(t, clk, st, nil)
				ctx := context.Background()
				const id = "telegram:77"
				h.member(t, id, func(m *store.Member) { m.TZ = "UTC"; m.RemindAt = "07:00" })
				h.snd.fail = func(memberID string) error {
					if err := st.Forget(ctx, ids.MemberID(memberID)); err != nil {
						t.Errorf("forget: %v", err)
					}
					return sendErr
				}
				clk.Set(utc("2026-03-02T07:00:00Z"))
				h.s.Poll(ctx)

				if _, err := st.Member(ctx, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("member after forget during send: err %v, want ErrNotFound", err)
				}
				if kept, err := st.TakeKept(ctx, id, clk.Now()); err != nil || len(kept) != 0 {
					t.Errorf("kept after forget: %v, %v", kept, err)
				}
				if done, err := st.Marked(ctx, id, "remind|2026-03-02"); err != nil || done {
					t.Errorf("reminder mark after forget: %v, %v", done, err)
				}
				for _, job := range []string{"remind|" + id, "checkin|" + id} {
					if at, ok := when(t, st, tg, job); ok {
						t.Errorf("%s queued at %s after forget", job, at)
					}
				}
				if rs, ok := st.(*redisstore.Store); ok {
					var named []string
					iter := rs.Client().Scan(ctx, 0, rs.Prefix()+"*", 100).Iterator()
					for iter.Next(ctx) {
						if strings.Contains(iter.Val(), id) {
							named = append(named, iter.Val())
						}
					}
					if err := iter.Err(); err != nil {
						t.Fatal(err)
					}
					if len(named) > 0 {
						t.Errorf("keys naming %s after forget: %v", id, named)
					}
				}
			})
		}
	}
}

// forgetOnSchedule forgets the member just before the first Schedule of
// one of their jobs: /forgetme confirm landing between the scheduler's
// read of the member and its write of the next occurrence.
type forgetOnSchedule struct {
	forgetter
	once sync.Once
	t    *testing.T
}

func (f *forgetOnSchedule) Schedule(ctx context.Context, platform, job string, at time.Time) error {
	f.once.Do(func() {
		_, id, _ := strings.Cut(job, "|")
		if err := f.forgetter.Forget(ctx, ids.MemberID(id)); err != nil {
			f.t.Errorf("forget: %v", err)
		}
	})
	return f.forgetter.Schedule(ctx, platform, job, at)
}

// TestForgetDuringReplanLeavesNoJob: a re-plan that read the member before
// Forget must not leave their next reminder queued after it.
func TestForgetDuringReplanLeavesNoJob(t *testing.T) {
	t.Parallel()
	clk := newClock(utc("2026-03-02T06:00:00Z"))
	base := openEmbedded(t, clk)
	ctx := context.Background()
	const id = "telegram:78"
	if _, err := base.UpdateMember(ctx, id, func(m *store.Member) error {
		m.TZ, m.RemindAt = "UTC", "07:00"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, clk, &forgetOnSchedule{forgetter: base, t: t}, nil)
	if _, err := h.s.MemberChanged(ctx, id); err != nil {
		t.Fatal(err)
	}
	if at, ok := when(t, base, tg, "remind|"+id); ok {
		t.Errorf("reminder of a forgotten member queued at %s", at)
	}
}
