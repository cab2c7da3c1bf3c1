package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/store"
)

// V1Member is the member in the schema version 1 fixtures under
// internal/store/testdata: stores written by the code as it was before
// runs and reports were packed (an embedded file and a Redis key dump),
// and the /mydata export that code gave for them.
const V1Member = "telegram:1"

// CheckV1Store checks that s, opened on a version 1 fixture, exports the
// same content in the same shape (reports gain their ids p1…, in time
// order), and that new ids continue after the old ones without reuse.
func CheckV1Store(t *testing.T, s store.Store, exportJSON string) {
	t.Helper()
	raw, err := os.ReadFile(exportJSON)
	if err != nil {
		t.Fatal(err)
	}
	var want store.Export
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for i := range want.Pains {
		want.Pains[i].ID = fmt.Sprintf("p%d", i+1)
	}
	ctx := context.Background()
	got, err := s.Export(ctx, V1Member)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Runs) != 38 || len(got.Pains) != 5 {
		t.Fatalf("fixture read back %d runs and %d reports, want 38 and 5", len(got.Runs), len(got.Pains))
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	var g, w any
	_ = json.Unmarshal(gj, &g)
	_ = json.Unmarshal(wj, &w)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("export of a version 1 store differs:\n got %s\nwant %s", gj, wj)
	}
	// Reads by range still work on old data.
	runs, err := s.Runs(ctx, V1Member, "2026-02-01", "2026-02-28")
	if err != nil || len(runs) != 27 || runs[0].Date != "2026-02-01" {
		t.Errorf("Runs(February) = %d runs, err %v", len(runs), err)
	}
	// The 40th run (the last logged, r14 in base 36) and r7 were deleted in
	// the fixture: ids are never reused, so the next is the 41st, r15.
	r, err := s.AddRun(ctx, V1Member, store.Run{Date: "2026-03-09", Meters: 5000, Logged: Epoch})
	if err != nil || r.ID != "r15" {
		t.Errorf("next run id = %q (err %v), want r15", r.ID, err)
	}
	p, err := s.AddPain(ctx, V1Member, store.Pain{At: time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC), Score: 3, Where: "knee", Level: "amber"})
	if err != nil || p.ID != "p6" {
		t.Errorf("next report id = %q (err %v), want p6", p.ID, err)
	}
	// An old report can be amended by its new id.
	if _, err := s.AmendPain(ctx, V1Member, "p2", time.Time{}, func(p *store.Pain) error { p.Level = "red"; return nil }); err != nil {
		t.Errorf("amend an old report: %v", err)
	}
	if _, err := s.DeleteRun(ctx, V1Member, "r3"); err != nil {
		t.Errorf("delete an old run: %v", err)
	}
}
