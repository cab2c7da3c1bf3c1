package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
)

// TestRedeliveredCommandIsAppliedOnce: the platform delivers the same
// command twice (same Message.ID): the run is stored once and both replies
// name the same id; another command logs anew.
func TestRedeliveredCommandIsAppliedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	m := msg("telegram:1", "/run 5k")
	m.ID = "u42"
	first := h.r.Handle(t.Context(), m).Text
	h.clock.Add(5e9)
	again := h.r.Handle(t.Context(), m).Text
	mustContain(t, first, "id r1")
	mustContain(t, again, "id r1")
	runs, err := h.st.Runs(t.Context(), "telegram:1", "", "")
	if err != nil || len(runs) != 1 {
		t.Fatalf("after a redelivery: %d runs, %v; want 1", len(runs), err)
	}
	m.ID = "u43"
	h.clock.Add(5e9)
	mustContain(t, h.r.Handle(t.Context(), m).Text, "id r2")
}

// uncertainStore times out on AddRun after (maybe) storing it.
type uncertainStore struct {
	store.Store
	apply bool
}

func (s uncertainStore) AddRun(ctx context.Context, id ids.MemberID, r store.Run) (store.Run, error) {
	if s.apply {
		if _, err := s.Store.AddRun(ctx, id, r); err != nil {
			return store.Run{}, err
		}
	}
	return store.Run{}, fmt.Errorf("add run for %s: %w: read tcp 127.0.0.1:1: i/o timeout", id, store.ErrUncertain)
}

// TestUncertainWriteSaysCheckBeforeRetrying: a write that timed out may be
// stored, so the member is not told it wasn't (and to try again).
func TestUncertainWriteSaysCheckBeforeRetrying(t *testing.T) {
	t.Parallel()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h := newHarnessOn(t, uncertainStore{Store: st, apply: true})
	got := h.sayText("telegram:1", "/run 5k")
	mustContain(t, got, "not sure that saved", "/week")
	if strings.Contains(got, "wasn't saved") || strings.Contains(got, "i/o timeout") {
		t.Errorf("reply %q", got)
	}
}

// TestFailureAfterAStoredWriteIsNotCalledUnsaved: a command whose first
// write went in and whose next step failed is not "not saved": trying
// again would store the first write twice.
func TestFailureAfterAStoredWriteIsNotCalledUnsaved(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.r.add(&Command{Name: "twostep", Hidden: true, Handler: func(ctx context.Context, req *Request) (platforms.Response, error) {
		if err := h.st.AddCadence(ctx, req.MemberID, store.Cadence{SPM: 170}); err != nil {
			return platforms.Response{}, err
		}
		return platforms.Response{}, errors.New("dial tcp 127.0.0.1:6379: connection refused")
	}})
	m := msg("telegram:1", "/twostep")
	m.ID = "u7"
	mustContain(t, h.r.Handle(t.Context(), m).Text, "not sure that saved")
	// Nothing written before the failure: "wasn't saved" is true.
	h.r.add(&Command{Name: "onestep", Hidden: true, Handler: func(ctx context.Context, req *Request) (platforms.Response, error) {
		return platforms.Response{}, errors.New("dial tcp 127.0.0.1:6379: connection refused")
	}})
	m = msg("telegram:1", "/onestep")
	m.ID = "u8"
	h.clock.Add(5e9)
	mustContain(t, h.r.Handle(t.Context(), m).Text, "wasn't saved")
}
