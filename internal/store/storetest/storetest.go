// Package storetest is the contract suite every store backend passes: the
// executable form of the behaviour documented in package store. A backend's
// test calls Run with a function that opens a fresh, empty store wired to
// ClockFor(t).
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
)

// Run runs every contract test against stores made by open, which must
// return a fresh, empty store whose clock is ClockFor(t).Now and close it
// in t.Cleanup. Subtests run in parallel; each opens its own store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"MemberNotFound", testMemberNotFound},
		{"MemberCreateDefaults", testMemberCreateDefaults},
		{"MemberRoundTrip", testMemberRoundTrip},
		{"MemberFnErrorStoresNothing", testMemberFnError},
		{"MemberConcurrentUpdates", testMemberConcurrent},
		{"RunsAddAndList", testRunsAddList},
		{"RunsRange", testRunsRange},
		{"RunsBadDates", testRunsBadDates},
		{"RunsDeleteLast", testRunsDeleteLast},
		{"RunsDeleteByID", testRunsDeleteByID},
		{"RunsDeleteAmongMany", testRunsDeleteAmongMany},
		{"RunsIDsNeverReused", testRunsIDsNeverReused},
		{"RunsConcurrentAdds", testRunsConcurrent},
		{"RunsPerMember", testRunsPerMember},
		{"RetentionCompactRuns", testCompactRuns},
		{"RetentionPruneHealth", testPruneHealth},
		{"PainsSince", testPainsSince},
		{"RunsAndPains", testRunsAndPains},
		{"MemberWithHistory", testMemberWithHistory},
		{"MemberWithCadences", testMemberWithCadences},
		{"MemberWithMarks", testMemberWithMarks},
		{"SettleJobs", testSettleJobs},
		{"MemberForSend", testMemberForSend},
		{"AddPainWithMember", testAddPainWithMember},
		{"AddPainWithMemberAtomic", testAddPainWithMemberAtomic},
		{"AddPainWithMemberConcurrent", testAddPainWithMemberConcurrent},
		{"AddPainWithMemberOnce", testAddPainWithMemberOnce},
		{"AmendPain", testAmendPain},
		{"AmendRun", testAmendRun},
		{"CadencesNewestFirst", testCadences},
		{"BalancesNewestFirst", testBalances},
		{"ExportEverything", testExport},
		{"ExportUnknownMember", testExportUnknown},
		{"ForgetLeavesNothing", testForget},
		{"ForgetUnknownMember", testForgetUnknown},
		{"OutboxKeepAndTake", testOutbox},
		{"OutboxPeekThenAck", testOutboxPeekAck},
		{"CoachInvites", testInvites},
		{"SharesAddListUpdate", testSharesAddListUpdate},
		{"SharesPrunedAfter90Days", testSharesPruned},
		{"SharesDeleteAndForget", testSharesDeleteAndForget},
		{"ClubsUpdateAndList", testClubs},
		{"ClubsConcurrentUpdates", testClubsConcurrent},
		{"ClubsFnErrorStoresNothing", testClubFnError},
		{"ClubsMove", testClubMove},
		{"ClubsDelete", testClubDelete},
		{"MarksOnce", testMarks},
		{"MarksExpire", testMarksExpire},
		{"MarksBadTTL", testMarksBadTTL},
		{"WebTokens", testWebTokens},
		{"WebTokenFollowsMovedClub", testWebTokenMove},
		{"QueueScheduleWhenUnschedule", testQueueBasics},
		{"QueueClaimLease", testQueueClaimLease},
		{"QueueClaimMaxAndOrder", testQueueClaimMax},
		{"QueuePlatformsSeparate", testQueuePlatforms},
		{"QueueConcurrentClaimers", testQueueConcurrentClaim},
		{"BoardsAddScoreRank", testBoards},
		{"BoardsTiesAndTop", testBoardsTies},
		{"BoardsRemoveDelete", testBoardsRemoveDelete},
		{"Ping", testPing},
		{"OpsApplyOnce", testOpsApplyOnce},
		{"OpsForgotten", testOpsForgotten},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

// ctx is a per-test context that ends with the test.
func ctx(t *testing.T) context.Context { return t.Context() }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantNotFound(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("%s: err = %v, want ErrNotFound", what, err)
	}
}

func day(n int) string { return Epoch.AddDate(0, 0, n).Format(time.DateOnly) }

// ---- Members ----

func testMemberNotFound(t *testing.T, s store.Store) {
	_, err := s.Member(ctx(t), "telegram:1")
	wantNotFound(t, err, "Member of unknown id")
}

func testMemberCreateDefaults(t *testing.T, s store.Store) {
	m, err := s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error {
		if m.ID != "telegram:1" {
			t.Errorf("fn got ID %q, want the id on a new member", m.ID)
		}
		if m.Name != "" || len(m.Clubs) != 0 || !m.Created.IsZero() {
			t.Errorf("fn got %+v, want a zero member", *m)
		}
		m.Name = "Ann"
		return nil
	})
	must(t, err)
	if m.ID != "telegram:1" || m.Name != "Ann" {
		t.Fatalf("UpdateMember returned %+v", m)
	}
	if !m.Created.Equal(ClockFor(t).Now()) {
		t.Errorf("Created = %v, want the store clock's now %v", m.Created, ClockFor(t).Now())
	}
	got, err := s.Member(ctx(t), "telegram:1")
	must(t, err)
	if !reflect.DeepEqual(got, m) {
		t.Errorf("Member = %+v, want %+v", got, m)
	}
	// An id change by fn is ignored: the key wins.
	m, err = s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error { m.ID = "x"; return nil })
	must(t, err)
	if m.ID != "telegram:1" {
		t.Errorf("ID after fn changed it = %q", m.ID)
	}
}

func testMemberRoundTrip(t *testing.T, s store.Store) {
	want := store.Member{
		ID: "discord:9", Name: "Bea 🏃", Units: "mi", TZ: "Europe/London", RemindAt: "07:30",
		StrengthDays: []string{"tue", "fri"}, RunDays: []string{"sat"}, Clubs: []ids.ClubID{"discord:1"},
		Challenges: []string{"discord:1/c1"}, Boards: []string{"b1"},
		LastPain: Epoch.Add(-time.Hour), LastPainLvl: "amber", ForgetAsked: Epoch,
		SendsPaused: true, Injured: true, ShowInjured: true,
		Created: Epoch.Add(-48 * time.Hour), Seen: Epoch,
	}
	got, err := s.UpdateMember(ctx(t), want.ID, func(m *store.Member) error { *m = want; return nil })
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UpdateMember = %+v\nwant %+v", got, want)
	}
	got, err = s.Member(ctx(t), want.ID)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Member = %+v\nwant %+v", got, want)
	}
}

func testMemberFnError(t *testing.T, s store.Store) {
	boom := errors.New("boom")
	_, err := s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error { m.Name = "x"; return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want fn's error", err)
	}
	_, err = s.Member(ctx(t), "telegram:1")
	wantNotFound(t, err, "member after a failed first update")

	_, err = s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error { m.Name = "Ann"; return nil })
	must(t, err)
	_, err = s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error { m.Name = "Bob"; return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want fn's error", err)
	}
	m, err := s.Member(ctx(t), "telegram:1")
	must(t, err)
	if m.Name != "Ann" {
		t.Errorf("Name = %q after a failed update, want Ann", m.Name)
	}
}

func testMemberConcurrent(t *testing.T, s store.Store) {
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := s.UpdateMember(ctx(t), "telegram:1", func(m *store.Member) error {
				m.Clubs = append(m.Clubs, ids.ClubID(fmt.Sprintf("c%d", i)))
				return nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	m, err := s.Member(ctx(t), "telegram:1")
	must(t, err)
	if len(m.Clubs) != n {
		t.Fatalf("%d concurrent appends left %d entries: updates were lost", n, len(m.Clubs))
	}
	slices.Sort(m.Clubs)
	if len(slices.Compact(m.Clubs)) != n {
		t.Fatalf("duplicate entries: %v", m.Clubs)
	}
}

// ---- Runs ----

func addRun(t *testing.T, s store.Store, member, date string, meters int64) store.Run {
	t.Helper()
	r, err := s.AddRun(ctx(t), ids.MemberID(member), store.Run{Date: date, Meters: meters, Logged: ClockFor(t).Now()})
	must(t, err)
	return r
}

func runIDs(runs []store.Run) []string {
	out := []string{}
	for _, r := range runs {
		out = append(out, r.ID)
	}
	return out
}

func testRunsAddList(t *testing.T, s store.Store) {
	in := store.Run{Date: day(0), Meters: 5000, Seconds: 1710, Cadence: 172, Notes: "easy, \"quoted\" ✓",
		Logged: Epoch.Add(time.Minute), Boards: []string{"club:1/c1"}, Start: Epoch.Add(-time.Hour)}
	r, err := s.AddRun(ctx(t), "telegram:1", in)
	must(t, err)
	if r.ID == "" || len(r.ID) > 8 {
		t.Fatalf("run id %q: want a short, non-empty id", r.ID)
	}
	in.ID = r.ID
	if !reflect.DeepEqual(r, in) {
		t.Errorf("AddRun = %+v, want %+v", r, in)
	}
	got, err := s.Runs(ctx(t), "telegram:1", "", "")
	must(t, err)
	if len(got) != 1 || !reflect.DeepEqual(got[0], in) {
		t.Fatalf("Runs = %+v, want [%+v]", got, in)
	}
	// Logged defaults to the store's clock.
	r2, err := s.AddRun(ctx(t), "telegram:1", store.Run{Date: day(0), Meters: 1})
	must(t, err)
	if !r2.Logged.Equal(ClockFor(t).Now()) {
		t.Errorf("default Logged = %v, want %v", r2.Logged, ClockFor(t).Now())
	}
	if r2.ID == r.ID {
		t.Errorf("two runs share id %q", r.ID)
	}
	none, err := s.Runs(ctx(t), "telegram:404", "", "")
	must(t, err)
	if len(none) != 0 {
		t.Errorf("Runs of unknown member = %v", none)
	}
}

func testRunsRange(t *testing.T, s store.Store) {
	// Logged in this order; dates out of order and repeated.
	a := addRun(t, s, "telegram:1", day(3), 1)
	b := addRun(t, s, "telegram:1", day(1), 2)
	c := addRun(t, s, "telegram:1", day(3), 3)
	d := addRun(t, s, "telegram:1", day(2), 4)
	e := addRun(t, s, "telegram:1", day(10), 5)
	f := addRun(t, s, "telegram:1", day(-30), 6)
	for _, tc := range []struct {
		from, to string
		want     []store.Run
	}{
		{"", "", []store.Run{f, b, d, a, c, e}},
		{day(1), day(3), []store.Run{b, d, a, c}},
		{day(2), "", []store.Run{d, a, c, e}},
		{"", day(2), []store.Run{f, b, d}},
		{day(3), day(3), []store.Run{a, c}},
		{day(4), day(9), nil},
		{day(5), day(4), nil},
	} {
		got, err := s.Runs(ctx(t), "telegram:1", tc.from, tc.to)
		must(t, err)
		if !slices.Equal(runIDs(got), runIDs(tc.want)) {
			t.Errorf("Runs(%q, %q) = %v, want %v", tc.from, tc.to, runIDs(got), runIDs(tc.want))
		}
	}
}

func testRunsBadDates(t *testing.T, s store.Store) {
	for _, d := range []string{"", "2026-13-01", "2026-02-30", "26-01-01", "2026-1-1", "yesterday", "2026-01-01T00:00"} {
		if _, err := s.AddRun(ctx(t), "telegram:1", store.Run{Date: d, Meters: 1}); err == nil {
			t.Errorf("AddRun with date %q: no error", d)
		}
	}
	if _, err := s.Runs(ctx(t), "telegram:1", "nope", ""); err == nil {
		t.Error("Runs with a bad from: no error")
	}
	got, err := s.Runs(ctx(t), "telegram:1", "", "")
	must(t, err)
	if len(got) != 0 {
		t.Errorf("bad runs were stored: %v", got)
	}
}

func testRunsDeleteLast(t *testing.T, s store.Store) {
	_, err := s.DeleteRun(ctx(t), "telegram:1", "")
	wantNotFound(t, err, "undo with no runs")
	a := addRun(t, s, "telegram:1", day(5), 1)
	b := addRun(t, s, "telegram:1", day(1), 2) // logged last, dated earlier
	got, err := s.DeleteRun(ctx(t), "telegram:1", "")
	must(t, err)
	if !reflect.DeepEqual(got, b) {
		t.Errorf("undo removed %+v, want the most recently logged %+v", got, b)
	}
	got, err = s.DeleteRun(ctx(t), "telegram:1", "")
	must(t, err)
	if got.ID != a.ID {
		t.Errorf("second undo removed %q, want %q", got.ID, a.ID)
	}
	_, err = s.DeleteRun(ctx(t), "telegram:1", "")
	wantNotFound(t, err, "undo after removing every run")
}

func testRunsDeleteByID(t *testing.T, s store.Store) {
	a := addRun(t, s, "telegram:1", day(1), 1)
	b := addRun(t, s, "telegram:1", day(2), 2)
	c := addRun(t, s, "telegram:1", day(3), 3)
	got, err := s.DeleteRun(ctx(t), "telegram:1", b.ID)
	must(t, err)
	if !reflect.DeepEqual(got, b) {
		t.Errorf("DeleteRun(%q) = %+v, want %+v", b.ID, got, b)
	}
	_, err = s.DeleteRun(ctx(t), "telegram:1", b.ID)
	wantNotFound(t, err, "deleting a deleted run")
	for _, id := range []string{"zzz", "r0", "r", "-1", "r999999"} {
		_, err = s.DeleteRun(ctx(t), "telegram:1", id)
		wantNotFound(t, err, "deleting unknown id "+id)
	}
	_, err = s.DeleteRun(ctx(t), "telegram:2", a.ID)
	wantNotFound(t, err, "deleting another member's run id")
	left, err := s.Runs(ctx(t), "telegram:1", "", "")
	must(t, err)
	if !slices.Equal(runIDs(left), []string{a.ID, c.ID}) {
		t.Errorf("left %v, want %v", runIDs(left), []string{a.ID, c.ID})
	}
	// Undo after a delete by id still takes the latest logged.
	got, err = s.DeleteRun(ctx(t), "telegram:1", "")
	must(t, err)
	if got.ID != c.ID {
		t.Errorf("undo removed %q, want %q", got.ID, c.ID)
	}
}

// testRunsDeleteAmongMany: ids that prefix one another ("r1", "r10",
// "r1a") are told apart, and undo follows logging order past id 36.
func testRunsDeleteAmongMany(t *testing.T, s store.Store) {
	var all []store.Run
	for i := range 80 {
		all = append(all, addRun(t, s, "telegram:1", day(80-i), int64(i+1)))
	}
	for _, i := range []int{0, 9, 35, 36, 79} {
		got, err := s.DeleteRun(ctx(t), "telegram:1", all[i].ID)
		must(t, err)
		if got.ID != all[i].ID || got.Meters != all[i].Meters {
			t.Errorf("DeleteRun(%q) removed %+v", all[i].ID, got)
		}
	}
	got, err := s.DeleteRun(ctx(t), "telegram:1", strings.ToUpper(all[50].ID))
	must(t, err)
	if got.ID != all[50].ID {
		t.Errorf("DeleteRun is not case-insensitive: removed %q, want %q", got.ID, all[50].ID)
	}
	got, err = s.DeleteRun(ctx(t), "telegram:1", "")
	must(t, err)
	if got.ID != all[78].ID {
		t.Errorf("undo removed %q, want %q (the last logged still stored)", got.ID, all[78].ID)
	}
	left, err := s.Runs(ctx(t), "telegram:1", "", "")
	must(t, err)
	if len(left) != 80-7 {
		t.Errorf("%d runs left, want %d", len(left), 80-7)
	}
}

func testRunsIDsNeverReused(t *testing.T, s store.Store) {
	seen := map[string]bool{}
	for i := range 40 {
		r := addRun(t, s, "telegram:1", day(i%7), int64(i+1))
		if seen[r.ID] {
			t.Fatalf("run id %q reused", r.ID)
		}
		seen[r.ID] = true
		if i%3 == 0 {
			_, err := s.DeleteRun(ctx(t), "telegram:1", "")
			must(t, err)
		}
	}
}

func testRunsConcurrent(t *testing.T, s store.Store) {
	const n = 30
	var wg sync.WaitGroup
	got := make(chan string, n)
	for i := range n {
		wg.Go(func() {
			r, err := s.AddRun(ctx(t), "telegram:1", store.Run{Date: day(i % 3), Meters: 1})
			if err != nil {
				t.Error(err)
				return
			}
			got <- r.ID
		})
	}
	wg.Wait()
	close(got)
	seen := map[string]bool{}
	for id := range got {
		if seen[id] {
			t.Errorf("concurrent AddRun gave id %q twice", id)
		}
		seen[id] = true
	}
	runs, err := s.Runs(ctx(t), "telegram:1", "", "")
	must(t, err)
	if len(runs) != n {
		t.Errorf("%d runs stored, want %d", len(runs), n)
	}
}

func testRunsPerMember(t *testing.T, s store.Store) {
	addRun(t, s, "telegram:1", day(0), 1)
	addRun(t, s, "telegram:12", day(0), 2)
	addRun(t, s, "discord:1", day(0), 3)
	for id, m := range map[string]int64{"telegram:1": 1, "telegram:12": 2, "discord:1": 3} {
		runs, err := s.Runs(ctx(t), ids.MemberID(id), "", "")
		must(t, err)
		if len(runs) != 1 || runs[0].Meters != m {
			t.Errorf("Runs(%s) = %+v", id, runs)
		}
	}
}

func testAmendRun(t *testing.T, s store.Store) {
	const m = "telegram:1"
	a, err := s.AddRun(ctx(t), m, store.Run{Date: "2026-11-20", Seconds: 1800, Logged: Epoch})
	must(t, err)
	b, err := s.AddRun(ctx(t), m, store.Run{Date: "2026-11-21", Meters: 8000, Logged: Epoch})
	must(t, err)
	got, err := s.AmendRun(ctx(t), m, strings.ToUpper(a.ID), func(r *store.Run) error {
		r.Meters, r.Date = 5000, "2026-11-22"
		r.ID, r.Logged = "r99", Epoch.Add(time.Hour) // ignored: identity is kept
		return nil
	})
	must(t, err)
	if got.ID != a.ID || !got.Logged.Equal(a.Logged) || got.Meters != 5000 || got.Date != "2026-11-22" {
		t.Errorf("AmendRun returned %+v", got)
	}
	all, err := s.Runs(ctx(t), m, "", "")
	must(t, err)
	if len(all) != 2 || all[0].ID != b.ID || all[1].ID != a.ID || all[1].Meters != 5000 || all[1].Seconds != 1800 {
		t.Errorf("after amend (moved to its new date): %+v", all)
	}
	if got, _ := s.Runs(ctx(t), m, "2026-11-20", "2026-11-20"); len(got) != 0 {
		t.Errorf("the old date still lists %+v", got)
	}
	for _, id := range []string{"r77", "p1", ""} {
		if _, err := s.AmendRun(ctx(t), m, id, func(*store.Run) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("amend %q: %v, want ErrNotFound", id, err)
		}
	}
	if _, err := s.AmendRun(ctx(t), "telegram:2", a.ID, func(*store.Run) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("amend another member's run: %v, want ErrNotFound", err)
	}
	boom := errors.New("boom")
	if _, err := s.AmendRun(ctx(t), m, b.ID, func(r *store.Run) error { r.Meters = 1; return boom }); !errors.Is(err, boom) {
		t.Errorf("fn error: %v", err)
	}
	if _, err := s.AmendRun(ctx(t), m, b.ID, func(r *store.Run) error { r.Date = "21/11"; return nil }); err == nil {
		t.Error("a bad date was stored")
	}
	all, err = s.Runs(ctx(t), m, "", "")
	must(t, err)
	if all[0].Meters != 8000 || all[0].Date != "2026-11-21" {
		t.Errorf("a failed amend changed the run: %+v", all[0])
	}
}

// ---- Health ----

func testAmendPain(t *testing.T, s store.Store) {
	const m = "telegram:1"
	first, err := s.AddPain(ctx(t), m, store.Pain{At: Epoch, Score: 4, Where: "knee", Level: "amber", Source: "report"})
	must(t, err)
	second, err := s.AddPain(ctx(t), m, store.Pain{At: Epoch.Add(time.Hour), Score: 2, Where: "shin", Level: "green", Source: "report"})
	must(t, err)
	got, err := s.AmendPain(ctx(t), m, strings.ToUpper(first.ID), time.Time{}, func(p *store.Pain) error {
		p.Level = "red"
		p.Flags = append(p.Flags, "night_pain")
		p.ID, p.At = "p99", Epoch.Add(time.Minute) // ignored: identity is kept
		return nil
	})
	must(t, err)
	if got.ID != first.ID || !got.At.Equal(first.At) || got.Level != "red" {
		t.Errorf("AmendPain returned %+v", got)
	}
	all, err := s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if len(all) != 2 || all[0].ID != first.ID || all[0].Level != "red" || !reflect.DeepEqual(all[0].Flags, []string{"night_pain"}) || all[1].ID != second.ID || all[1].Level != "green" {
		t.Errorf("after amend: %+v", all)
	}
	// since bounds the search; unknown ids and members are ErrNotFound;
	// an error from fn stores nothing.
	if _, err := s.AmendPain(ctx(t), m, first.ID, Epoch.Add(time.Minute), func(*store.Pain) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("amend before since: %v, want ErrNotFound", err)
	}
	for _, id := range []string{"p77", "r1", ""} {
		if _, err := s.AmendPain(ctx(t), m, id, time.Time{}, func(*store.Pain) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("amend %q: %v, want ErrNotFound", id, err)
		}
	}
	if _, err := s.AmendPain(ctx(t), "telegram:2", first.ID, time.Time{}, func(*store.Pain) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("amend another member's report: %v, want ErrNotFound", err)
	}
	boom := errors.New("boom")
	if _, err := s.AmendPain(ctx(t), m, second.ID, time.Time{}, func(p *store.Pain) error { p.Level = "red"; return boom }); !errors.Is(err, boom) {
		t.Errorf("fn error: %v", err)
	}
	all, err = s.Pains(ctx(t), m, time.Time{})
	must(t, err)
	if all[1].Level != "green" {
		t.Errorf("a failed amend changed the report: %+v", all[1])
	}
	// Ids keep counting after an amend and are never reused after Forget.
	third, err := s.AddPain(ctx(t), m, store.Pain{At: Epoch.Add(2 * time.Hour), Score: 1, Where: "hip", Level: "green"})
	must(t, err)
	if third.ID != "p3" {
		t.Errorf("third id = %q, want p3", third.ID)
	}
}

func testPainsSince(t *testing.T, s store.Store) {
	base := Epoch
	mk := func(min int, score int) store.Pain {
		return store.Pain{At: base.Add(time.Duration(min) * time.Minute), Score: score, Where: "knee",
			Notes: "sharp", Level: "amber", Flags: []string{"swelling"}, RestM: 3200, Source: "report"}
	}
	// Added out of order.
	ids := map[int]string{}
	for i, p := range []store.Pain{mk(10, 3), mk(-10, 1), mk(0, 2), mk(20, 4)} {
		got, err := s.AddPain(ctx(t), "telegram:1", p)
		must(t, err)
		if want := fmt.Sprintf("p%d", i+1); got.ID != want {
			t.Errorf("AddPain #%d id = %q, want %q", i+1, got.ID, want)
		}
		ids[p.Score] = got.ID
	}
	all, err := s.Pains(ctx(t), "telegram:1", time.Time{})
	must(t, err)
	if len(all) != 4 {
		t.Fatalf("Pains(zero) = %d reports, want 4", len(all))
	}
	for i, want := range []int{1, 2, 3, 4} {
		if all[i].Score != want {
			t.Errorf("report %d score %d, want %d (oldest first)", i, all[i].Score, want)
		}
	}
	want0 := mk(-10, 1)
	want0.ID = ids[1]
	if !reflect.DeepEqual(all[0], want0) {
		t.Errorf("round trip: %+v, want %+v", all[0], want0)
	}
	since, err := s.Pains(ctx(t), "telegram:1", base) // inclusive
	must(t, err)
	if len(since) != 3 || since[0].Score != 2 {
		t.Errorf("Pains(since) = %+v, want scores 2,3,4", since)
	}
	late, err := s.Pains(ctx(t), "telegram:1", base.Add(time.Hour))
	must(t, err)
	if len(late) != 0 {
		t.Errorf("Pains(after all) = %+v", late)
	}
}

func testCadences(t *testing.T, s store.Store) {
	for i := range 5 {
		must(t, s.AddCadence(ctx(t), "telegram:1", store.Cadence{At: Epoch.Add(time.Duration(i) * time.Hour), SPM: 160 + i}))
	}
	got, err := s.Cadences(ctx(t), "telegram:1", 3)
	must(t, err)
	if len(got) != 3 || got[0].SPM != 164 || got[1].SPM != 163 || got[2].SPM != 162 {
		t.Errorf("Cadences(3) = %+v, want 164,163,162", got)
	}
	if !got[0].At.Equal(Epoch.Add(4 * time.Hour)) {
		t.Errorf("At = %v", got[0].At)
	}
	all, err := s.Cadences(ctx(t), "telegram:1", 100)
	must(t, err)
	if len(all) != 5 {
		t.Errorf("Cadences(100) = %d records, want 5", len(all))
	}
	all, err = s.Cadences(ctx(t), "telegram:1", 0)
	must(t, err)
	if len(all) != 5 {
		t.Errorf("Cadences(0) = %d records, want all 5", len(all))
	}
	none, err := s.Cadences(ctx(t), "telegram:2", 3)
	must(t, err)
	if len(none) != 0 {
		t.Errorf("Cadences of unknown member = %v", none)
	}
}

func testBalances(t *testing.T, s store.Store) {
	must(t, s.AddBalance(ctx(t), "telegram:1", store.Balance{At: Epoch, Seconds: 20, Side: "left"}))
	must(t, s.AddBalance(ctx(t), "telegram:1", store.Balance{At: Epoch.Add(time.Hour), Seconds: 31, Side: "right"}))
	must(t, s.AddBalance(ctx(t), "telegram:1", store.Balance{At: Epoch.Add(-time.Hour), Seconds: 10}))
	got, err := s.Balances(ctx(t), "telegram:1", 2)
	must(t, err)
	want := []store.Balance{{At: Epoch.Add(time.Hour), Seconds: 31, Side: "right"}, {At: Epoch, Seconds: 20, Side: "left"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Balances(2) = %+v, want %+v", got, want)
	}
}

// ---- Privacy ----

// populate stores one of everything about member and returns what it stored.
func populate(t *testing.T, s store.Store, member, club string) store.Export {
	t.Helper()
	board := "board:" + club + "/c1"
	m, err := s.UpdateMember(ctx(t), ids.MemberID(member), func(m *store.Member) error {
		m.Name = "Ann"
		m.Clubs = []ids.ClubID{ids.ClubID(club)}
		m.Boards = []string{board}
		return nil
	})
	must(t, err)
	_, err = s.UpdateClub(ctx(t), ids.ClubID(club), func(c *store.Club) error {
		c.Members = append(c.Members, ids.MemberID(member))
		if len(c.Challenges) == 0 {
			c.Challenges = []store.Challenge{{ID: "c1", Name: "Miles", Members: []ids.MemberID{"other:1"}}}
		}
		c.Challenges[0].Members = append(c.Challenges[0].Members, ids.MemberID(member))
		return nil
	})
	must(t, err)
	r := addRun(t, s, member, day(0), 5000)
	p := store.Pain{At: Epoch, Score: 3, Where: "knee", Level: "green"}
	p, err = s.AddPain(ctx(t), ids.MemberID(member), p)
	must(t, err)
	c := store.Cadence{At: Epoch, SPM: 170}
	must(t, s.AddCadence(ctx(t), ids.MemberID(member), c))
	b := store.Balance{At: Epoch, Seconds: 25, Side: "left"}
	must(t, s.AddBalance(ctx(t), ids.MemberID(member), b))
	k := store.Kept{At: Epoch, Text: "your reminder"}
	must(t, s.Keep(ctx(t), ids.MemberID(member), k))
	_, err = s.Mark(ctx(t), member, "nudge:2026-03-02", time.Hour)
	must(t, err)
	_, err = s.BoardAdd(ctx(t), board, ids.MemberID(member), 5000)
	must(t, err)
	must(t, s.Schedule(ctx(t), "telegram", "remind|"+member, Epoch.Add(time.Hour)))
	must(t, s.Schedule(ctx(t), "console", "checkin|"+member+"|knee", Epoch.Add(time.Hour)))
	return store.Export{Member: m, Runs: []store.Run{r}, Pains: []store.Pain{p},
		Cadences: []store.Cadence{c}, Balances: []store.Balance{b}, Kept: []store.Kept{k}}
}

func testExport(t *testing.T, s store.Store) {
	want := populate(t, s, "telegram:1", "telegram:-100")
	populate(t, s, "telegram:2", "telegram:-100")
	got, err := s.Export(ctx(t), "telegram:1")
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Export =\n%+v\nwant\n%+v", got, want)
	}
}

func testExportUnknown(t *testing.T, s store.Store) {
	got, err := s.Export(ctx(t), "telegram:404")
	must(t, err)
	if got.Member.ID != "telegram:404" || len(got.Runs)+len(got.Pains)+len(got.Cadences)+len(got.Balances)+len(got.Kept) != 0 {
		t.Errorf("Export of unknown member = %+v", got)
	}
}

func testForget(t *testing.T, s store.Store) {
	const member, other, club = "telegram:12", "telegram:123", "telegram:-100"
	populate(t, s, member, club)
	populate(t, s, other, club) // id extends the forgotten one: must survive
	_, err := s.UpdateClub(ctx(t), club, func(c *store.Club) error {
		c.Challenges[0].Creator = member
		c.Challenges = append(c.Challenges, store.Challenge{ID: "c2", Name: "Other's", Creator: other, Members: []ids.MemberID{other}})
		return nil
	})
	must(t, err)
	must(t, s.Schedule(ctx(t), "telegram", "remind|telegram:1234", Epoch))
	must(t, s.Schedule(ctx(t), "telegram", "club|"+club, Epoch))
	before, err := s.Export(ctx(t), other)
	must(t, err)

	must(t, s.Forget(ctx(t), member))
	// Nothing in the club document names the member any more.
	if c, err := s.Club(ctx(t), club); err != nil || namesJSON(t, c, member) {
		t.Errorf("the club document still names the forgotten member: %+v, %v", c, err)
	} else if c.Challenges[1].Creator != other {
		t.Errorf("another member's challenge lost its creator: %+v", c.Challenges[1])
	}

	_, err = s.Member(ctx(t), member)
	wantNotFound(t, err, "member after Forget")
	e, err := s.Export(ctx(t), member)
	must(t, err)
	if !reflect.DeepEqual(e.Member, store.Member{ID: member}) || len(e.Runs)+len(e.Pains)+len(e.Cadences)+len(e.Balances)+len(e.Kept) != 0 {
		t.Errorf("Export after Forget = %+v", e)
	}
	if k, err := s.TakeKept(ctx(t), member, Epoch); err != nil || len(k) != 0 {
		t.Errorf("kept after Forget = %v, %v", k, err)
	}
	if ok, err := s.Marked(ctx(t), member, "nudge:2026-03-02"); err != nil || ok {
		t.Errorf("mark after Forget = %v, %v", ok, err)
	}
	if _, err := s.BoardScore(ctx(t), "board:"+club+"/c1", member); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("board entry after Forget: err = %v", err)
	}
	for _, q := range [][2]string{{"telegram", "remind|" + member}, {"console", "checkin|" + member + "|knee"}} {
		_, err := s.When(ctx(t), q[0], q[1])
		wantNotFound(t, err, "queue job "+q[1]+" after Forget")
	}
	for _, job := range []string{"remind|telegram:1234", "club|" + club, "remind|" + other} {
		if _, err := s.When(ctx(t), "telegram", job); err != nil {
			t.Errorf("job %s of someone else was removed: %v", job, err)
		}
	}
	c, err := s.Club(ctx(t), club)
	must(t, err)
	if slices.Contains(c.Members, member) || slices.Contains(c.Challenges[0].Members, member) {
		t.Errorf("club still lists the forgotten member: %+v", c)
	}
	if !slices.Contains(c.Members, other) || !slices.Contains(c.Challenges[0].Members, other) {
		t.Errorf("club lost another member: %+v", c)
	}
	after, err := s.Export(ctx(t), other)
	must(t, err)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("another member's data changed:\n%+v\nwant\n%+v", after, before)
	}
	if sc, err := s.BoardScore(ctx(t), "board:"+club+"/c1", other); err != nil || sc.Value != 5000 {
		t.Errorf("other member's board entry = %+v, %v", sc, err)
	}
	// A fresh start after Forget works.
	if r := addRun(t, s, member, day(0), 1); r.ID == "" {
		t.Error("no id after Forget")
	}
}

// namesJSON reports whether v, as JSON, holds id as a whole string value.
func namesJSON(t *testing.T, v any, id string) bool {
	t.Helper()
	js, err := json.Marshal(v)
	must(t, err)
	return strings.Contains(string(js), `"`+id+`"`)
}

func testForgetUnknown(t *testing.T, s store.Store) {
	must(t, s.Forget(ctx(t), "telegram:404"))
}

// ---- Outbox ----

func testOutbox(t *testing.T, s store.Store) {
	now := Epoch.Add(30 * 24 * time.Hour)
	for _, k := range []store.Kept{
		{At: now.Add(-time.Hour), Text: "newest", Buttons: []store.KeptButton{{Label: "Settled", Command: "/checkin settled"}}},
		{At: now.Add(-8 * 24 * time.Hour), Text: "too old"},
		{At: now.Add(-6 * 24 * time.Hour), Text: "older"},
		{At: now.Add(-6 * 24 * time.Hour), Text: "same time, kept later"},
	} {
		must(t, s.Keep(ctx(t), "telegram:1", k))
	}
	got, err := s.TakeKept(ctx(t), "telegram:1", now)
	must(t, err)
	want := []store.Kept{
		{At: now.Add(-6 * 24 * time.Hour), Text: "older"},
		{At: now.Add(-6 * 24 * time.Hour), Text: "same time, kept later"},
		{At: now.Add(-time.Hour), Text: "newest", Buttons: []store.KeptButton{{Label: "Settled", Command: "/checkin settled"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TakeKept = %+v, want %+v", got, want)
	}
	got, err = s.TakeKept(ctx(t), "telegram:1", now)
	must(t, err)
	if len(got) != 0 {
		t.Errorf("second TakeKept = %+v, want none", got)
	}
	// Identical messages are each kept.
	for range 2 {
		must(t, s.Keep(ctx(t), "telegram:1", store.Kept{At: now, Text: "same"}))
	}
	got, err = s.TakeKept(ctx(t), "telegram:1", now)
	must(t, err)
	if len(got) != 2 {
		t.Errorf("two identical kept messages came back as %d", len(got))
	}
}

// testOutboxPeekAck: a peek hands messages over without removing them;
// only the acknowledged ones leave, each once, and what was kept between
// the peek and the ack stays.
func testOutboxPeekAck(t *testing.T, s store.Store) {
	const member = "telegram:2"
	now := Epoch.Add(30 * 24 * time.Hour)
	checkin := store.Kept{At: now.Add(-2 * time.Hour), Text: "How's the knee?", Buttons: []store.KeptButton{
		{Label: "🟢 Settled back", Command: "/checkin settled"}, {Label: "🔴 Worse", Command: "/checkin worse"}}}
	reminder := store.Kept{At: now.Add(-time.Hour), Text: "Strength day: 3×10 calf raises."}
	for _, k := range []store.Kept{checkin, reminder, reminder, {At: now.Add(-8 * 24 * time.Hour), Text: "too old"}} {
		must(t, s.Keep(ctx(t), member, k))
	}
	want := []store.Kept{checkin, reminder, reminder}
	for range 2 {
		got, err := s.PeekKept(ctx(t), member, now)
		must(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("PeekKept = %+v, want %+v", got, want)
		}
	}
	// Kept after the peek: not part of the delivery.
	later := store.Kept{At: now, Text: "Tomorrow: easy 5k."}
	must(t, s.Keep(ctx(t), member, later))
	// The delivery held the check-in and one of the two identical reminders.
	must(t, s.AckKept(ctx(t), member, []store.Kept{checkin, reminder}))
	got, err := s.PeekKept(ctx(t), member, now)
	must(t, err)
	if want := []store.Kept{reminder, later}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after AckKept: %+v, want %+v", got, want)
	}
	// Acknowledging again, or nothing, or for an unknown member, is no error
	// and removes nothing more.
	must(t, s.AckKept(ctx(t), member, []store.Kept{checkin}))
	must(t, s.AckKept(ctx(t), member, nil))
	must(t, s.AckKept(ctx(t), "telegram:404", []store.Kept{checkin}))
	if got, err := s.PeekKept(ctx(t), member, now); err != nil || len(got) != 2 {
		t.Fatalf("after repeated acks: %+v, %v; want the reminder and the later message", got, err)
	}
	if got, err := s.PeekKept(ctx(t), "telegram:404", now); err != nil || len(got) != 0 {
		t.Fatalf("PeekKept of an unknown member = %+v, %v", got, err)
	}
	got, err = s.TakeKept(ctx(t), member, now)
	must(t, err)
	if want := []store.Kept{reminder, later}; !reflect.DeepEqual(got, want) {
		t.Fatalf("TakeKept after the acks = %+v, want %+v", got, want)
	}
}

// ---- Clubs ----

func testClubs(t *testing.T, s store.Store) {
	_, err := s.Club(ctx(t), "telegram:-100")
	wantNotFound(t, err, "unknown club")
	ids0, err := s.ClubIDs(ctx(t))
	must(t, err)
	if len(ids0) != 0 {
		t.Errorf("ClubIDs of an empty store = %v", ids0)
	}
	want := store.Club{ID: "telegram:-100", Name: "Parkrunners", TZ: "Europe/Berlin", Channel: "telegram:-100",
		Runs: []store.ClubRun{{Day: "sat", At: "08:00"}}, StrengthDays: []string{"tue"}, StrengthAt: "18:00",
		WarmupMinutes: 20, StandingsDay: "sun", StandingsAt: "19:00", Members: []ids.MemberID{"telegram:1"},
		Challenges: []store.Challenge{{ID: "c1", Name: "100k", GoalM: 100000, Team: true, Start: day(0), End: day(30),
			Members: []ids.MemberID{"telegram:1"}, Created: Epoch, Creator: "telegram:1"}},
		Updated: Epoch}
	got, err := s.UpdateClub(ctx(t), want.ID, func(c *store.Club) error {
		if c.ID != want.ID {
			t.Errorf("fn got ID %q", c.ID)
		}
		*c = want
		return nil
	})
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UpdateClub = %+v, want %+v", got, want)
	}
	got, err = s.Club(ctx(t), want.ID)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Club = %+v, want %+v", got, want)
	}
	_, err = s.UpdateClub(ctx(t), "discord:5", func(c *store.Club) error { c.Name = "D"; return nil })
	must(t, err)
	list, err := s.ClubIDs(ctx(t))
	must(t, err)
	slices.Sort(list)
	if !slices.Equal(list, []ids.ClubID{"discord:5", "telegram:-100"}) {
		t.Errorf("ClubIDs = %v", list)
	}
}

func testClubsConcurrent(t *testing.T, s store.Store) {
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := s.UpdateClub(ctx(t), "discord:5", func(c *store.Club) error {
				c.Members = append(c.Members, ids.MemberID(fmt.Sprintf("discord:%d", i)))
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c, err := s.Club(ctx(t), "discord:5")
	must(t, err)
	if len(c.Members) != n {
		t.Errorf("%d concurrent updates left %d members", n, len(c.Members))
	}
}

func testClubFnError(t *testing.T, s store.Store) {
	boom := errors.New("boom")
	_, err := s.UpdateClub(ctx(t), "discord:5", func(c *store.Club) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want fn's error", err)
	}
	_, err = s.Club(ctx(t), "discord:5")
	wantNotFound(t, err, "club after a failed first update")
	list, err := s.ClubIDs(ctx(t))
	must(t, err)
	if len(list) != 0 {
		t.Errorf("ClubIDs after a failed update = %v", list)
	}
}

func testClubMove(t *testing.T, s store.Store) {
	const from, to = "telegram:-100", "telegram:-1001"
	_, err := s.UpdateClub(ctx(t), from, func(c *store.Club) error {
		c.Name, c.Channel, c.Members = "Group", from, []ids.MemberID{"telegram:1"}
		return nil
	})
	must(t, err)
	_, err = s.UpdateClub(ctx(t), "discord:1", func(c *store.Club) error { c.Channel = "discord:77"; return nil })
	must(t, err)
	must(t, s.MoveClub(ctx(t), from, to))
	_, err = s.Club(ctx(t), from)
	wantNotFound(t, err, "old club after MoveClub")
	c, err := s.Club(ctx(t), to)
	must(t, err)
	if c.ID != to || c.Name != "Group" || c.Channel != to || !slices.Equal(c.Members, []ids.MemberID{"telegram:1"}) {
		t.Errorf("moved club = %+v", c)
	}
	list, err := s.ClubIDs(ctx(t))
	must(t, err)
	slices.Sort(list)
	if !slices.Equal(list, []ids.ClubID{"discord:1", ids.ClubID(to)}) {
		t.Errorf("ClubIDs after move = %v", list)
	}
	// Retrying a completed move is fine; moving nothing is ErrNotFound.
	must(t, s.MoveClub(ctx(t), from, to))
	wantNotFound(t, s.MoveClub(ctx(t), "telegram:-5", "telegram:-6"), "moving an unknown club")
	// A channel elsewhere is kept.
	must(t, s.MoveClub(ctx(t), "discord:1", "discord:2"))
	c, err = s.Club(ctx(t), "discord:2")
	must(t, err)
	if c.Channel != "discord:77" {
		t.Errorf("channel = %q, want it kept", c.Channel)
	}
}

func testClubDelete(t *testing.T, s store.Store) {
	const club, near, member = "telegram:-100", "telegram:-1001", "telegram:5"
	board, nearBoard := "chal:"+club+"/c1", "chal:"+near+"/c1"
	for _, id := range []string{club, near} {
		_, err := s.UpdateClub(ctx(t), ids.ClubID(id), func(c *store.Club) error {
			c.TZ, c.Members = "Europe/London", []ids.MemberID{member}
			c.Challenges = []store.Challenge{{ID: "c1", Name: "Miles", Members: []ids.MemberID{member}, Creator: member}}
			return nil
		})
		must(t, err)
		_, err = s.Mark(ctx(t), id, "post:2026-03-02", time.Hour)
		must(t, err)
		must(t, s.Schedule(ctx(t), "telegram", "club|"+id, Epoch))
	}
	m, err := s.UpdateMember(ctx(t), member, func(m *store.Member) error {
		m.Clubs, m.Boards = []ids.ClubID{club, near}, []string{board, nearBoard}
		return nil
	})
	must(t, err)
	for _, b := range []string{board, nearBoard} {
		_, err := s.BoardAdd(ctx(t), b, member, 5000)
		must(t, err)
	}
	r := addRun(t, s, member, day(0), 5000)

	must(t, s.DeleteClub(ctx(t), club, []string{board}))
	must(t, s.DeleteClub(ctx(t), club, []string{board})) // a repeat is no error
	must(t, s.DeleteClub(ctx(t), "telegram:-404", nil))

	_, err = s.Club(ctx(t), club)
	wantNotFound(t, err, "club after DeleteClub")
	ids, err := s.ClubIDs(ctx(t))
	must(t, err)
	if slices.Contains(ids, club) || !slices.Contains(ids, near) {
		t.Errorf("ClubIDs after DeleteClub = %v", ids)
	}
	if top, err := s.BoardTop(ctx(t), board, 0); err != nil || len(top) != 0 {
		t.Errorf("the club's board after DeleteClub = %v, %v", top, err)
	}
	if ok, err := s.Marked(ctx(t), club, "post:2026-03-02"); err != nil || ok {
		t.Errorf("the club's mark after DeleteClub = %v, %v", ok, err)
	}
	_, err = s.When(ctx(t), "telegram", "club|"+club)
	wantNotFound(t, err, "the club's queued job after DeleteClub")
	// Another club, even one whose id extends this one, is untouched.
	if c, err := s.Club(ctx(t), near); err != nil || c.TZ != "Europe/London" {
		t.Errorf("the other club = %+v, %v", c, err)
	}
	if sc, err := s.BoardScore(ctx(t), nearBoard, member); err != nil || sc.Value != 5000 {
		t.Errorf("the other club's board = %+v, %v", sc, err)
	}
	if ok, err := s.Marked(ctx(t), near, "post:2026-03-02"); err != nil || !ok {
		t.Errorf("the other club's mark = %v, %v", ok, err)
	}
	if _, err := s.When(ctx(t), "telegram", "club|"+near); err != nil {
		t.Errorf("the other club's job: %v", err)
	}
	// The member's own data stays theirs.
	if got, err := s.Member(ctx(t), member); err != nil || !reflect.DeepEqual(got, m) {
		t.Errorf("member after DeleteClub = %+v, %v; want %+v", got, err, m)
	}
	if runs, err := s.Runs(ctx(t), member, "", ""); err != nil || len(runs) != 1 || runs[0].ID != r.ID {
		t.Errorf("runs after DeleteClub = %+v, %v", runs, err)
	}
}

// ---- Marks ----

func testMarks(t *testing.T, s store.Store) {
	first, err := s.Mark(ctx(t), "telegram:1", "k", time.Hour)
	must(t, err)
	second, err := s.Mark(ctx(t), "telegram:1", "k", time.Hour)
	must(t, err)
	if !first || second {
		t.Errorf("Mark twice = %v, %v; want true, false", first, second)
	}
	ok, err := s.Marked(ctx(t), "telegram:1", "k")
	must(t, err)
	if !ok {
		t.Error("Marked = false after Mark")
	}
	for _, other := range [][2]string{{"telegram:2", "k"}, {"telegram:1", "k2"}, {"telegram", "k"}} {
		ok, err := s.Marked(ctx(t), other[0], other[1])
		must(t, err)
		if ok {
			t.Errorf("Marked(%s, %s) = true; scopes and keys must be separate", other[0], other[1])
		}
	}
	ok, err = s.Mark(ctx(t), "telegram:2", "k", time.Hour)
	must(t, err)
	if !ok {
		t.Error("the same key in another scope was not new")
	}
}

func testMarksExpire(t *testing.T, s store.Store) {
	clock := ClockFor(t)
	_, err := s.Mark(ctx(t), "telegram", "update:1", 10*time.Minute)
	must(t, err)
	clock.Advance(9 * time.Minute)
	if ok, _ := s.Marked(ctx(t), "telegram", "update:1"); !ok {
		t.Error("mark gone before its ttl")
	}
	if fresh, _ := s.Mark(ctx(t), "telegram", "update:1", 10*time.Minute); fresh {
		t.Error("Mark before expiry reported new")
	}
	clock.Advance(2 * time.Minute)
	ok, err := s.Marked(ctx(t), "telegram", "update:1")
	must(t, err)
	if ok {
		t.Error("mark still there after its ttl (the store must read its injected clock)")
	}
	fresh, err := s.Mark(ctx(t), "telegram", "update:1", 10*time.Minute)
	must(t, err)
	if !fresh {
		t.Error("Mark after expiry was not new")
	}
	// Many marks, most expired, stay correct across the store's sweeping.
	for i := range 600 {
		_, err := s.Mark(ctx(t), "telegram", fmt.Sprintf("u%d", i), time.Minute)
		must(t, err)
	}
	clock.Advance(2 * time.Minute)
	for i := range 600 {
		fresh, err := s.Mark(ctx(t), "telegram", fmt.Sprintf("u%d", i), time.Hour)
		must(t, err)
		if !fresh {
			t.Fatalf("expired mark u%d not new", i)
		}
	}
	if ok, _ := s.Marked(ctx(t), "telegram", "u599"); !ok {
		t.Error("renewed mark missing")
	}
}

func testMarksBadTTL(t *testing.T, s store.Store) {
	for _, ttl := range []time.Duration{0, -time.Second} {
		if _, err := s.Mark(ctx(t), "telegram:1", "k", ttl); err == nil {
			t.Errorf("Mark with ttl %v: no error", ttl)
		}
	}
}

// ---- Queue ----

func testQueueBasics(t *testing.T, s store.Store) {
	at := Epoch.Add(90 * time.Minute)
	_, err := s.When(ctx(t), "telegram", "remind|telegram:1")
	wantNotFound(t, err, "When of an unqueued job")
	must(t, s.Schedule(ctx(t), "telegram", "remind|telegram:1", at))
	got, err := s.When(ctx(t), "telegram", "remind|telegram:1")
	must(t, err)
	if !got.Equal(at) {
		t.Errorf("When = %v, want %v", got, at)
	}
	// Rescheduling moves the job; it is never queued twice.
	must(t, s.Schedule(ctx(t), "telegram", "remind|telegram:1", at.Add(-time.Hour)))
	got, err = s.When(ctx(t), "telegram", "remind|telegram:1")
	must(t, err)
	if !got.Equal(at.Add(-time.Hour)) {
		t.Errorf("When after move = %v", got)
	}
	due, err := s.Claim(ctx(t), "telegram", at.Add(time.Hour), time.Minute, 10)
	must(t, err)
	if len(due) != 1 {
		t.Errorf("Claim = %+v, want the job once", due)
	}
	must(t, s.Unschedule(ctx(t), "telegram", "remind|telegram:1"))
	_, err = s.When(ctx(t), "telegram", "remind|telegram:1")
	wantNotFound(t, err, "When after Unschedule")
	must(t, s.Unschedule(ctx(t), "telegram", "remind|telegram:1"))
	must(t, s.Unschedule(ctx(t), "nowhere", "nothing"))
}

func testQueueClaimLease(t *testing.T, s store.Store) {
	now := Epoch
	must(t, s.Schedule(ctx(t), "telegram", "a", now.Add(-time.Minute)))
	must(t, s.Schedule(ctx(t), "telegram", "b", now))                  // due at exactly now
	must(t, s.Schedule(ctx(t), "telegram", "c", now.Add(time.Second))) // not yet
	due, err := s.Claim(ctx(t), "telegram", now, 5*time.Minute, 10)
	must(t, err)
	want := []store.Due{{Job: "a", At: now.Add(-time.Minute)}, {Job: "b", At: now}}
	if !dueEqual(due, want) {
		t.Fatalf("Claim = %+v, want %+v", due, want)
	}
	// Leased: the fire time moved to now+lease.
	if w, _ := s.When(ctx(t), "telegram", "a"); !w.Equal(now.Add(5 * time.Minute)) {
		t.Errorf("When after claim = %v, want now+lease", w)
	}
	due, err = s.Claim(ctx(t), "telegram", now.Add(time.Minute), 5*time.Minute, 10)
	must(t, err)
	if !dueEqual(due, []store.Due{{Job: "c", At: now.Add(time.Second)}}) {
		t.Errorf("Claim during the lease = %+v, want only c", due)
	}
	// The claimer died: once the lease runs out the jobs are due again.
	due, err = s.Claim(ctx(t), "telegram", now.Add(5*time.Minute), 5*time.Minute, 10)
	must(t, err)
	if !dueEqual(due, []store.Due{{Job: "a", At: now.Add(5 * time.Minute)}, {Job: "b", At: now.Add(5 * time.Minute)}}) {
		t.Errorf("Claim after the lease = %+v, want a and b again", due)
	}
	none, err := s.Claim(ctx(t), "empty", now, time.Minute, 10)
	must(t, err)
	if len(none) != 0 {
		t.Errorf("Claim on an empty queue = %+v", none)
	}
}

func dueEqual(a, b []store.Due) bool {
	return slices.EqualFunc(a, b, func(x, y store.Due) bool { return x.Job == y.Job && x.At.Equal(y.At) })
}

func testQueueClaimMax(t *testing.T, s store.Store) {
	for i := range 10 {
		must(t, s.Schedule(ctx(t), "telegram", fmt.Sprintf("j%d", i), Epoch.Add(-time.Duration(10-i)*time.Minute)))
	}
	due, err := s.Claim(ctx(t), "telegram", Epoch, time.Hour, 3)
	must(t, err)
	var got []string
	for _, d := range due {
		got = append(got, d.Job)
	}
	if !slices.Equal(got, []string{"j0", "j1", "j2"}) {
		t.Errorf("Claim(max 3) = %v, want the three earliest in order", got)
	}
	none, err := s.Claim(ctx(t), "telegram", Epoch, time.Hour, 0)
	must(t, err)
	if len(none) != 0 {
		t.Errorf("Claim(max 0) = %v", none)
	}
}

func testQueuePlatforms(t *testing.T, s store.Store) {
	must(t, s.Schedule(ctx(t), "telegram", "job", Epoch))
	must(t, s.Schedule(ctx(t), "discord", "job", Epoch.Add(time.Minute)))
	due, err := s.Claim(ctx(t), "discord", Epoch.Add(time.Hour), time.Minute, 10)
	must(t, err)
	if !dueEqual(due, []store.Due{{Job: "job", At: Epoch.Add(time.Minute)}}) {
		t.Errorf("discord claim = %+v", due)
	}
	if w, err := s.When(ctx(t), "telegram", "job"); err != nil || !w.Equal(Epoch) {
		t.Errorf("telegram job touched by discord claim: %v %v", w, err)
	}
	must(t, s.Unschedule(ctx(t), "discord", "job"))
	if _, err := s.When(ctx(t), "telegram", "job"); err != nil {
		t.Errorf("telegram job removed by discord unschedule: %v", err)
	}
}

func testQueueConcurrentClaim(t *testing.T, s store.Store) {
	const n = 1000
	for i := range n {
		must(t, s.Schedule(ctx(t), "telegram", fmt.Sprintf("remind|telegram:%d", i), Epoch.Add(-time.Duration(i)*time.Millisecond)))
	}
	var mu sync.Mutex
	count := map[string]int{}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				due, err := s.Claim(ctx(t), "telegram", Epoch, time.Hour, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(due) == 0 {
					return
				}
				mu.Lock()
				for _, d := range due {
					count[d.Job]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(count) != n {
		t.Errorf("%d distinct jobs claimed, want %d", len(count), n)
	}
	for job, c := range count {
		if c != 1 {
			t.Errorf("job %s claimed %d times", job, c)
		}
	}
}

// ---- Boards ----

func testBoards(t *testing.T, s store.Store) {
	const b = "board:telegram:-100/c1"
	_, err := s.BoardScore(ctx(t), b, "telegram:1")
	wantNotFound(t, err, "score on an empty board")
	v, err := s.BoardAdd(ctx(t), b, "telegram:1", 5000)
	must(t, err)
	if v != 5000 {
		t.Errorf("BoardAdd = %d", v)
	}
	v, err = s.BoardAdd(ctx(t), b, "telegram:1", 3000)
	must(t, err)
	if v != 8000 {
		t.Errorf("BoardAdd again = %d, want the sum", v)
	}
	v, err = s.BoardAdd(ctx(t), b, "telegram:1", -3000) // an undo debits
	must(t, err)
	if v != 5000 {
		t.Errorf("BoardAdd negative = %d", v)
	}
	_, err = s.BoardAdd(ctx(t), b, "telegram:2", 7000)
	must(t, err)
	_, err = s.BoardAdd(ctx(t), b, "telegram:3", 1)
	must(t, err)
	for member, want := range map[string]store.Score{
		"telegram:2": {Member: "telegram:2", Value: 7000, Rank: 1},
		"telegram:1": {Member: "telegram:1", Value: 5000, Rank: 2},
		"telegram:3": {Member: "telegram:3", Value: 1, Rank: 3},
	} {
		got, err := s.BoardScore(ctx(t), b, ids.MemberID(member))
		must(t, err)
		if got != want {
			t.Errorf("BoardScore(%s) = %+v, want %+v", member, got, want)
		}
	}
	// Large values stay exact.
	big := int64(1) << 50
	v, err = s.BoardAdd(ctx(t), "big", "x", big+1)
	must(t, err)
	if v != big+1 {
		t.Errorf("big score = %d", v)
	}
}

func testBoardsTies(t *testing.T, s store.Store) {
	const b = "board:ties"
	for member, v := range map[string]int64{"d": 10, "b": 20, "a": 10, "c": 20, "e": 5, "f": -1} {
		_, err := s.BoardAdd(ctx(t), b, ids.MemberID(member), v)
		must(t, err)
	}
	top, err := s.BoardTop(ctx(t), b, 0)
	must(t, err)
	want := []store.Score{
		{Member: "b", Value: 20, Rank: 1}, {Member: "c", Value: 20, Rank: 1},
		{Member: "a", Value: 10, Rank: 3}, {Member: "d", Value: 10, Rank: 3},
		{Member: "e", Value: 5, Rank: 5}, {Member: "f", Value: -1, Rank: 6},
	}
	if !reflect.DeepEqual(top, want) {
		t.Errorf("BoardTop(all) = %+v\nwant %+v", top, want)
	}
	top3, err := s.BoardTop(ctx(t), b, 3)
	must(t, err)
	if !reflect.DeepEqual(top3, want[:3]) {
		t.Errorf("BoardTop(3) = %+v, want %+v", top3, want[:3])
	}
	sc, err := s.BoardScore(ctx(t), b, "d")
	must(t, err)
	if sc.Rank != 3 {
		t.Errorf("rank of a tied entry = %d, want 3", sc.Rank)
	}
	none, err := s.BoardTop(ctx(t), "board:none", 5)
	must(t, err)
	if len(none) != 0 {
		t.Errorf("BoardTop of an empty board = %v", none)
	}
}

func testBoardsRemoveDelete(t *testing.T, s store.Store) {
	const b = "board:x"
	for _, m := range []string{"a", "b", "c"} {
		_, err := s.BoardAdd(ctx(t), b, ids.MemberID(m), 100)
		must(t, err)
	}
	_, err := s.BoardAdd(ctx(t), "board:y", "a", 1)
	must(t, err)
	must(t, s.BoardRemove(ctx(t), b, "b"))
	must(t, s.BoardRemove(ctx(t), b, "b"))
	must(t, s.BoardRemove(ctx(t), "board:none", "b"))
	_, err = s.BoardScore(ctx(t), b, "b")
	wantNotFound(t, err, "removed entry")
	top, err := s.BoardTop(ctx(t), b, 10)
	must(t, err)
	if len(top) != 2 || top[0].Member != "a" || top[1].Member != "c" {
		t.Errorf("top after remove = %+v", top)
	}
	must(t, s.BoardDelete(ctx(t), b))
	must(t, s.BoardDelete(ctx(t), b))
	top, err = s.BoardTop(ctx(t), b, 10)
	must(t, err)
	if len(top) != 0 {
		t.Errorf("top after delete = %+v", top)
	}
	if sc, err := s.BoardScore(ctx(t), "board:y", "a"); err != nil || sc.Value != 1 {
		t.Errorf("other board touched: %+v %v", sc, err)
	}
	// A deleted board starts again from zero.
	v, err := s.BoardAdd(ctx(t), b, "a", 7)
	must(t, err)
	if v != 7 {
		t.Errorf("score on a recreated board = %d", v)
	}
}

func testPing(t *testing.T, s store.Store) {
	must(t, s.Ping(ctx(t)))
}
