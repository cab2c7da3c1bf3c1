package member

import (
	"context"
	"errors"
	"testing"

	"github.com/clubcoach/clubcoach/internal/store"
)

// TestSaveReplansOnPlanInputs: a save fires the re-plan event, with the
// member as stored, exactly when it moved what reminders are planned from;
// a refused change stores nothing and fires nothing.
func TestSaveReplansOnPlanInputs(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, st store.Store, _ *Mailbox) {
		ctx := context.Background()
		var got []store.Member
		replan := func(_ context.Context, m store.Member) { got = append(got, m) }
		save := func(fn func(*store.Member) error) (store.Member, error) {
			return Save(ctx, st, "telegram:1", fn, replan)
		}

		// The first save creates the member: Created is a plan input.
		if _, err := save(func(m *store.Member) error { m.Created, m.Name = t0, "Ann"; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := save(func(m *store.Member) error { m.Units = "mi"; return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Name != "Ann" {
			t.Fatalf("after creating and a units change: re-plans %+v, want one (the creation)", got)
		}
		m, err := save(func(m *store.Member) error { m.RemindAt = "07:00"; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].RemindAt != "07:00" || got[1].Units != "mi" || m.RemindAt != "07:00" {
			t.Fatalf("after a reminder time: re-plans %+v, saved %+v", got, m)
		}

		refused := errors.New("no")
		_, err = save(func(m *store.Member) error { m.RemindAt = "08:00"; return refused })
		if !errors.Is(err, refused) {
			t.Fatalf("refused save = %v, want fn's error", err)
		}
		if cur, err := st.Member(ctx, "telegram:1"); err != nil || cur.RemindAt != "07:00" || len(got) != 2 {
			t.Errorf("after a refused save: %+v, %v, re-plans %d", cur, err, len(got))
		}
		// No hook: saves still store.
		if _, err := Save(ctx, st, "telegram:1", func(m *store.Member) error { m.TZ = "Europe/Paris"; return nil }, nil); err != nil {
			t.Fatal(err)
		}
		if cur, _ := st.Member(ctx, "telegram:1"); cur.TZ != "Europe/Paris" {
			t.Errorf("save without a hook stored %+v", cur)
		}
	})
}
