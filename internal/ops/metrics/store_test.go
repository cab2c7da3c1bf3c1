package metrics_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"

	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

func openEmbedded(t *testing.T) store.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithClock(storetest.ClockFor(t).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The wrapper must be invisible: the whole store contract passes through it.
func TestInstrumentedStorePassesContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		return metrics.InstrumentStore(openEmbedded(t), metrics.New())
	})
}

func TestInstrumentedStoreRecordsCalls(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	s := metrics.InstrumentStore(openEmbedded(t), m)
	ctx := t.Context()

	if _, err := s.Member(ctx, "console:me"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Member of nobody: %v", err)
	}
	if _, err := s.AddPain(ctx, "console:me", store.Pain{At: storetest.Epoch, Score: 7, Where: "knee", Level: "red", Source: "report"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddPainWithMember(ctx, "console:me", store.Pain{At: storetest.Epoch, Score: 4, Where: "shin", Level: "amber", Source: "report"},
		func(*store.Member, store.Pain) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Runs(ctx, "console:me", "not-a-date", ""); err == nil {
		t.Fatal("Runs accepted a bad date")
	}

	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"clubcoach_store_duration_seconds", map[string]string{"op": "Member"}, 1},
		{"clubcoach_store_duration_seconds", map[string]string{"op": "AddPain"}, 1},
		{"clubcoach_store_duration_seconds", map[string]string{"op": "Runs"}, 1},
		{"clubcoach_store_errors_total", map[string]string{"op": "Runs"}, 1},
		{"clubcoach_triage_total", map[string]string{"level": "red", "source": "report"}, 1},
		{"clubcoach_store_duration_seconds", map[string]string{"op": "AddPainWithMember"}, 1},
		{"clubcoach_triage_total", map[string]string{"level": "amber", "source": "report"}, 1},
	} {
		if got, _ := value(t, m, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if _, found := value(t, m, "clubcoach_store_errors_total", map[string]string{"op": "Member"}); found {
		t.Error("a not-found answer counted as a store error")
	}
}

// Every store.Store method but Close must be overridden in store.go, or a
// method added to the interface later would be promoted from the embedded
// store and silently go untimed.
func TestInstrumentedStoreOverridesEveryMethod(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "store.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
			declared[fn.Name.Name] = true
		}
	}
	it := reflect.TypeFor[store.Store]()
	for i := range it.NumMethod() {
		name := it.Method(i).Name
		if name != "Close" && !declared[name] {
			t.Errorf("metrics.Store does not time %s", name)
		}
	}
}
