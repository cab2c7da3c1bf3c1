// Package privacy is the privacy service: what a member may do with
// everything stored about them — read it (/mydata: the export as a person
// reads it, in the JSON shape and field names members' own tools rely on)
// and delete it for good (/forgetme: asked, then confirmed within
// ForgetWindow). Deleting takes the member's documents, runs, health
// records, kept messages, marks and queued reminders, their entries on
// every board and their place in every club (the store's Forget), drops
// what this process caches about them, and cancels their reminders through
// the re-plan event every service uses. It words nothing: the router
// parses, calls and renders.
package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/member"
	"github.com/clubcoach/clubcoach/internal/store"
)

// ForgetWindow is how long a /forgetme waits for its confirm.
const ForgetWindow = 10 * time.Minute

// Store is what the service reads and writes.
type Store interface {
	Export(ctx context.Context, memberID ids.MemberID) (store.Export, error)
	Forget(ctx context.Context, memberID ids.MemberID) error
	UpdateMember(ctx context.Context, id ids.MemberID, fn func(*store.Member) error) (store.Member, error)
}

// Challenges names challenges by their keys (the challenge service), so an
// export shows names rather than internal keys.
type Challenges interface {
	Names(ctx context.Context, keys []string) []string
}

// Deps are the service's collaborators.
type Deps struct {
	Store      Store
	Challenges Challenges
	// Replan, when set, is the re-plan event of members' reminders: called
	// with the member as stored after a save changed what they are planned
	// from, and with the bare id after forgetting (nothing is planned for
	// a member who is not stored: their reminders are cancelled).
	Replan func(ctx context.Context, m store.Member)
	// Forgotten are told a member was forgotten, to drop what this
	// process caches about them.
	Forgotten []func(memberID ids.MemberID)
	Log       *slog.Logger
}

// Service holds the privacy rules.
type Service struct{ d Deps }

// New builds the service; Log defaults to slog's.
func New(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d: d}
}

// Data is a member's export.
type Data struct {
	// Empty: nothing is stored about the member (JSON is nil).
	Empty bool
	// JSON is the export as a person reads it, indented: no never-set
	// times, challenges by name, no board bookkeeping.
	JSON []byte
	// How many of each record it holds.
	Runs, Pains, Cadences, Balances int
}

// Export returns everything stored about m (the member as the command
// read it: a member never stored has a zero Created).
func (s *Service) Export(ctx context.Context, m store.Member) (Data, error) {
	exp, err := s.d.Store.Export(ctx, m.ID)
	if err != nil {
		return Data{}, fmt.Errorf("export %s: %w", m.ID, err)
	}
	d := Data{Runs: len(exp.Runs), Pains: len(exp.Pains), Cadences: len(exp.Cadences), Balances: len(exp.Balances)}
	if m.Created.IsZero() && d.Runs+d.Pains+d.Cadences+d.Balances == 0 {
		d.Empty = true
		return d, nil
	}
	view, err := s.readable(ctx, exp)
	if err != nil {
		return Data{}, err
	}
	if d.JSON, err = json.MarshalIndent(view, "", "  "); err != nil {
		return Data{}, fmt.Errorf("encode export: %w", err)
	}
	return d, nil
}

// readable is the export as a person reads it: no zero timestamps,
// challenges by name rather than internal keys, no board bookkeeping.
func (s *Service) readable(ctx context.Context, exp store.Export) (any, error) {
	raw, err := json.Marshal(exp)
	if err != nil {
		return nil, fmt.Errorf("encode export: %w", err)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decode export: %w", err)
	}
	if m, ok := v["member"].(map[string]any); ok {
		delete(m, "boards")
		if len(exp.Member.Challenges) > 0 && s.d.Challenges != nil {
			m["challenges"] = s.d.Challenges.Names(ctx, exp.Member.Challenges)
		}
	}
	if runs, ok := v["runs"].([]any); ok {
		for _, run := range runs {
			if rm, ok := run.(map[string]any); ok {
				delete(rm, "boards")
			}
		}
	}
	return dropZeroTimes(v), nil
}

// zeroTime is how a never-set time.Time encodes.
const zeroTime = "0001-01-01T00:00:00Z"

// dropZeroTimes removes never-set times.
func dropZeroTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s == zeroTime {
				delete(x, k)
				continue
			}
			x[k] = dropZeroTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = dropZeroTimes(e)
		}
	}
	return v
}

// AskForget records that the member asked to be forgotten at now: a
// Forget within ForgetWindow goes ahead.
func (s *Service) AskForget(ctx context.Context, id ids.MemberID, now time.Time) error {
	_, err := member.Save(ctx, s.d.Store, id, func(m *store.Member) error {
		m.ForgetAsked = now
		return nil
	}, s.d.Replan)
	return err
}

// ErrNotAsked refuses a Forget that no AskForget within ForgetWindow
// preceded; nothing was deleted.
var ErrNotAsked = errors.New("forgetting was not asked for in the last 10 minutes")

// Forget deletes everything stored about m (the member as the command read
// it) if they asked within ForgetWindow before now; else ErrNotAsked. Then
// this process's caches drop the member and their reminders are cancelled
// through the re-plan event (a failure there is logged: the store's
// Forget already removed their queued jobs, and the scheduler plans
// nothing for a member who is not stored).
func (s *Service) Forget(ctx context.Context, m store.Member, now time.Time) error {
	if m.ForgetAsked.IsZero() || now.Sub(m.ForgetAsked) > ForgetWindow {
		return ErrNotAsked
	}
	if err := s.d.Store.Forget(ctx, m.ID); err != nil {
		return fmt.Errorf("forget %s: %w", m.ID, err)
	}
	for _, f := range s.d.Forgotten {
		f(m.ID)
	}
	if s.d.Replan != nil {
		s.d.Replan(ctx, store.Member{ID: m.ID})
	}
	return nil
}
