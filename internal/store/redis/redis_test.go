package redisstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

// open connects a store with its own key prefix to url, on t's fake clock.
func open(t *testing.T, url string) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(t.Context(), redisstore.Config{
		URL: url, Prefix: redistest.Prefix(t), Now: storetest.ClockFor(t).Now,
		Logger: slog.New(slog.DiscardHandler), StartupWait: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMain(m *testing.M) {
	// go-redis logs every failed dial of the fault tests to stderr.
	redisstore.RouteLibraryLogs(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

func TestContract(t *testing.T) {
	t.Parallel()
	url := redistest.Start(t) // one server; each subtest has its own prefix
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, url) })
}

// TestContractCluster runs the suite through a Cluster client against a
// cluster-mode server, which refuses any script or MULTI whose keys span
// hash slots (CROSSSLOT): passing proves every one stays in one slot.
func TestContractCluster(t *testing.T) {
	t.Parallel()
	url := redistest.StartCluster(t).URL
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, url) })
}

// keys lists every key under the store's prefix.
func keys(t *testing.T, s *redisstore.Store) []string {
	t.Helper()
	var out []string
	iter := s.Client().Scan(t.Context(), 0, s.Prefix()+"*", 1000).Iterator()
	for iter.Next(t.Context()) {
		out = append(out, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// workload stores one of everything about member in club.
func workload(t *testing.T, s store.Store, member, club string) {
	t.Helper()
	ctx := t.Context()
	board := "challenge:" + club + "/c1"
	steps := []error{
		func() error {
			_, err := s.UpdateMember(ctx, ids.MemberID(member), func(m *store.Member) error {
				m.Clubs, m.Boards = []ids.ClubID{ids.ClubID(club)}, []string{board}
				return nil
			})
			return err
		}(),
		func() error {
			_, err := s.UpdateClub(ctx, ids.ClubID(club), func(c *store.Club) error {
				c.Members = append(c.Members, ids.MemberID(member))
				// A challenge the member created and joined.
				c.Challenges = append(c.Challenges, store.Challenge{ID: fmt.Sprintf("c%d", len(c.Challenges)+1), Name: "Miles", Creator: ids.MemberID(member), Members: []ids.MemberID{ids.MemberID(member)}})
				return nil
			})
			return err
		}(),
		func() error {
			_, err := s.AddRun(ctx, ids.MemberID(member), store.Run{Date: "2026-03-01", Meters: 5000})
			return err
		}(),
		func() error {
			_, err := s.AddPain(ctx, ids.MemberID(member), store.Pain{At: storetest.Epoch, Score: 2, Where: "knee"})
			return err
		}(),
		s.AddCadence(ctx, ids.MemberID(member), store.Cadence{At: storetest.Epoch, SPM: 170}),
		s.AddBalance(ctx, ids.MemberID(member), store.Balance{At: storetest.Epoch, Seconds: 40}),
		s.Keep(ctx, ids.MemberID(member), store.Kept{At: storetest.Epoch, Text: "hi"}),
		func() error { _, err := s.Mark(ctx, member, "nudge", time.Hour); return err }(),
		func() error { _, err := s.Mark(ctx, club, "post:2026-03-02", time.Hour); return err }(),
		func() error { _, err := s.Mark(ctx, "telegram", "update:77", time.Hour); return err }(),
		func() error { _, err := s.BoardAdd(ctx, board, ids.MemberID(member), 5000); return err }(),
		s.Schedule(ctx, "telegram", "remind|"+member, storetest.Epoch),
		s.Schedule(ctx, "discord", "checkin|"+member, storetest.Epoch),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestForgetLeavesNoKey(t *testing.T) {
	t.Parallel()
	s := open(t, redistest.Start(t))
	const member, other = "telegram:42", "telegram:421"
	workload(t, s, member, "telegram:-100")
	workload(t, s, other, "telegram:-100")
	var named []string
	for _, k := range keys(t, s) {
		if strings.Contains(k, member) && !strings.Contains(k, other) {
			named = append(named, k)
		}
	}
	if len(named) < 7 {
		t.Fatalf("workload wrote only %v naming the member; the test would prove nothing", named)
	}
	// Keys shared with others whose values name the member: the club
	// document (member lists, a challenge's creator) and the board.
	holders := func() []string {
		var out []string
		for _, k := range keys(t, s) {
			if strings.Contains(strings.ReplaceAll(k, other, ""), member) {
				continue
			}
			for _, v := range values(t, s, k) {
				if strings.Contains(strings.ReplaceAll(v, other, ""), member) {
					out = append(out, k)
					break
				}
			}
		}
		return out
	}
	shared := holders()
	if !slices.ContainsFunc(shared, func(k string) bool { return strings.Contains(k, "club:") }) ||
		!slices.ContainsFunc(shared, func(k string) bool { return strings.Contains(k, "board:") }) {
		t.Fatalf("the club document and the board should name the member before Forget; shared keys naming them: %v", shared)
	}
	if err := s.Forget(t.Context(), member); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys(t, s) {
		if strings.Contains(strings.ReplaceAll(k, other, ""), member) {
			t.Errorf("key %s names the forgotten member", k)
		}
		// No value may name the member either: scan what each key holds,
		// the club document and every board included.
		for _, v := range values(t, s, k) {
			if strings.Contains(strings.ReplaceAll(v, other, ""), member) {
				t.Errorf("key %s still holds %q", k, v)
			}
		}
	}
	if n := len(keys(t, s)); n == 0 {
		t.Error("Forget removed the other member's keys too")
	}
}

// values returns everything stored in a key, as strings.
func values(t *testing.T, s *redisstore.Store, key string) []string {
	ctx, c := t.Context(), s.Client()
	typ, err := c.Type(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	switch typ {
	case "string":
		out = []string{c.Get(ctx, key).Val()}
	case "hash":
		for f, v := range c.HGetAll(ctx, key).Val() {
			out = append(out, f, v)
		}
	case "zset":
		out = c.ZRange(ctx, key, 0, -1).Val()
	case "set":
		out = c.SMembers(ctx, key).Val()
	case "list":
		out = c.LRange(ctx, key, 0, -1).Val()
	default:
		t.Fatalf("key %s has unexpected type %s", key, typ)
	}
	return out
}

func TestKeySchema(t *testing.T) {
	t.Parallel()
	// A cluster-mode server, so CLUSTER KEYSLOT answers with Redis's own
	// slot function.
	s := open(t, redistest.StartCluster(t).URL)
	const member, club = "telegram:7", "telegram:-100"
	workload(t, s, member, club)
	all := keys(t, s)
	if len(all) < 12 {
		t.Fatalf("only %d keys: %v", len(all), all)
	}
	slots := map[string]int64{} // tag → slot
	for _, k := range all {
		if !strings.HasPrefix(k, s.Prefix()) {
			t.Errorf("key %s lacks the prefix %s", k, s.Prefix())
		}
		rest := strings.TrimPrefix(k, s.Prefix())
		open, close := strings.Index(rest, "{"), strings.Index(rest, "}")
		if open != 0 || close < 2 {
			t.Errorf("key %s has no hash tag right after the prefix", k)
			continue
		}
		slot, err := s.Client().ClusterKeySlot(t.Context(), k).Result()
		if err != nil {
			t.Fatal(err)
		}
		tag := rest[1:close]
		if prev, ok := slots[tag]; ok && prev != slot {
			t.Errorf("key %s is in slot %d, other {%s} keys in %d", k, slot, tag, prev)
		}
		slots[tag] = slot
	}
	var memberKeys int
	for _, k := range all {
		if strings.Contains(k, "{"+member+"}") {
			memberKeys++
		}
	}
	if memberKeys < 7 {
		t.Errorf("only %d keys carry the member's tag: %v", memberKeys, all)
	}
	t.Logf("keys: %s", strings.Join(all, " "))
}

// TestRestartKeepsAcknowledgedWrites kills redis-server mid-run: operations
// fail fast with errors (no panic, no hang), the same client recovers by
// itself once the server is back, and every write acknowledged before the
// kill is still there (AOF with appendfsync always, as the shipped compose
// file runs it: with everysec a busy disk lets Redis postpone the write of
// already acknowledged commands by up to two seconds).
func TestRestartKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	srv := redistest.StartServer(t, "--appendfsync", "always")
	s := open(t, srv.URL)
	ctx := t.Context()
	const member = "telegram:5"
	var acked []store.Run
	for i := range 20 {
		r, err := s.AddRun(ctx, member, store.Run{Date: "2026-03-01", Meters: int64(1000 + i)})
		if err != nil {
			t.Fatal(err)
		}
		acked = append(acked, r)
	}
	if _, err := s.UpdateMember(ctx, member, func(m *store.Member) error { m.Units = "mi"; return nil }); err != nil {
		t.Fatal(err)
	}

	srv.Kill()
	for name, op := range map[string]func() error{
		"AddRun": func() error {
			_, err := s.AddRun(ctx, member, store.Run{Date: "2026-03-01", Meters: 1})
			return err
		},
		"UpdateMember": func() error {
			_, err := s.UpdateMember(ctx, member, func(m *store.Member) error { return nil })
			return err
		},
		"Runs":  func() error { _, err := s.Runs(ctx, member, "", ""); return err },
		"Claim": func() error { _, err := s.Claim(ctx, "telegram", time.Now(), time.Minute, 10); return err },
		"Ping":  func() error { return s.Ping(ctx) },
	} {
		start := time.Now()
		err := op()
		took := time.Since(start)
		if err == nil {
			t.Errorf("%s succeeded with Redis down", name)
		} else if !strings.Contains(err.Error(), "127.0.0.1") && !strings.Contains(err.Error(), "connection") {
			t.Logf("%s error: %v", name, err)
		}
		if took > 5*time.Second {
			t.Errorf("%s took %v to fail; want a quick error", name, took)
		}
	}

	srv.Restart()
	// go-redis reconnects by itself: the same store works again. The first
	// command may still meet a pooled connection that died with the server.
	var runs []store.Run
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		if runs, err = s.Runs(ctx, member, "", ""); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("store did not recover after restart: %v", err)
	}
	if len(runs) != len(acked) {
		t.Fatalf("%d runs after restart, %d were acknowledged", len(runs), len(acked))
	}
	for i := range acked {
		if runs[i].ID != acked[i].ID || runs[i].Meters != acked[i].Meters {
			t.Errorf("run %d = %+v, want %+v", i, runs[i], acked[i])
		}
	}
	m, err := s.Member(ctx, member)
	if err != nil || m.Units != "mi" {
		t.Errorf("member after restart = %+v, %v", m, err)
	}
	r, err := s.AddRun(ctx, member, store.Run{Date: "2026-03-02", Meters: 1})
	if err != nil {
		t.Fatalf("write after restart: %v", err)
	}
	if slices.ContainsFunc(acked, func(a store.Run) bool { return a.ID == r.ID }) {
		t.Errorf("id %s reused after restart", r.ID)
	}
}

// TestConcurrentWritesDuringOutage: goroutines keep writing while Redis
// dies and returns; nothing panics, every call returns, and every
// acknowledged write is there afterwards.
func TestConcurrentWritesDuringOutage(t *testing.T) {
	t.Parallel()
	srv := redistest.StartServer(t, "--appendfsync", "always")
	s := open(t, srv.URL)
	ctx := t.Context()
	var mu sync.Mutex
	acked := map[string]bool{}
	var failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				job := fmt.Sprintf("remind|telegram:%d-%d", g, i)
				if err := s.Schedule(ctx, "telegram", job, time.UnixMilli(int64(i))); err != nil {
					failed.Add(1)
					continue
				}
				mu.Lock()
				acked[job] = true
				mu.Unlock()
			}
		})
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	waitFor(t, "writes before the crash", func() bool { return count() >= 200 })
	srv.Kill()
	waitFor(t, "failed writes during the outage", func() bool { return failed.Load() >= 20 })
	before := count()
	srv.Restart()
	waitFor(t, "writes after the restart", func() bool { return count() >= before+200 })
	close(stop)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	// The pool may still hold a connection from before the restart: the
	// first read can fail once; what counts is what the server holds.
	var n int64
	waitFor(t, "reading the queue after the restart", func() bool {
		var err error
		n, err = s.Client().ZCard(ctx, s.Prefix()+"{due:telegram}:queue").Result()
		return err == nil
	})
	if int(n) < len(acked) {
		t.Errorf("%d jobs stored, %d acknowledged", n, len(acked))
	}
	for job := range acked {
		if _, err := s.When(ctx, "telegram", job); err != nil {
			t.Fatalf("acknowledged job %s lost: %v", job, err)
		}
	}
	t.Logf("%d acknowledged, %d failed during the outage, %d stored", len(acked), failed.Load(), n)
}

// waitFor polls cond until it holds, failing after 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond) // poll interval
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
	// A port nothing listens on: take a server's port and kill it.
	srv := redistest.StartServer(t)
	srv.Kill()
	url := fmt.Sprintf("redis://user:s3cr3t-pw@127.0.0.1:%d/0", srv.Port)
	start := time.Now()
	_, err := redisstore.Open(t.Context(), redisstore.Config{URL: url, Logger: logger, StartupWait: 1500 * time.Millisecond})
	took := time.Since(start)
	if err == nil {
		t.Fatal("Open of an unreachable Redis succeeded")
	}
	addr := fmt.Sprintf("127.0.0.1:%d", srv.Port)
	if !strings.Contains(err.Error(), "redis at "+addr+" unreachable") {
		t.Errorf("error %q does not name the address", err)
	}
	mu.Lock()
	logs := buf.String()
	mu.Unlock()
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(logs, "s3cr3t") {
		t.Errorf("password leaked: err %q, logs %q", err, logs)
	}
	if !strings.Contains(logs, "redis unreachable, retrying") || !strings.Contains(logs, addr) {
		t.Errorf("no retry warning naming the address in logs: %q", logs)
	}
	if took < time.Second || took > 6*time.Second {
		t.Errorf("Open gave up after %v, want about StartupWait (1.5s)", took)
	}
	// ctx ends the wait early.
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := redisstore.Open(ctx, redisstore.Config{URL: url, Logger: logger}); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("Open with a short ctx: err %v after %v", err, time.Since(start))
	}
}

func TestOpenLaterReachable(t *testing.T) {
	t.Parallel()
	srv := redistest.StartServer(t)
	srv.Kill()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
	done := make(chan error, 1)
	go func() {
		s, err := redisstore.Open(t.Context(), redisstore.Config{URL: srv.URL, Logger: logger, StartupWait: 20 * time.Second})
		if err == nil {
			err = s.Ping(t.Context())
			s.Close()
		}
		done <- err
	}()
	waitFor(t, "Open to retry", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(buf.String(), "redis unreachable, retrying")
	})
	srv.Restart()
	if err := <-done; err != nil {
		t.Fatalf("Open did not connect once Redis came up: %v", err)
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestPersistenceWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--appendonly", "no"}, "redis persistence is off"},
		{[]string{"--appendonly", "no", "--save", "3600 1"}, "redis AOF is off"},
		{nil, ""},
	} {
		srv := redistest.StartServer(t, tc.args...)
		var buf bytes.Buffer
		s, err := redisstore.Open(t.Context(), redisstore.Config{URL: srv.URL, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		got := buf.String()
		if tc.want == "" && strings.Contains(got, "level=WARN") {
			t.Errorf("args %v: unexpected warning %q", tc.args, got)
		}
		if tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("args %v: log %q lacks %q", tc.args, got, tc.want)
		}
	}
}

func TestOpenBadConfig(t *testing.T) {
	t.Parallel()
	for _, cfg := range []redisstore.Config{
		{URL: ""},
		{URL: "http://localhost"},
		{URL: "redis://localhost:6379", Prefix: "cc:{x}:"},
	} {
		if _, err := redisstore.Open(t.Context(), cfg); err == nil {
			t.Errorf("Open(%+v) succeeded", cfg)
		}
	}
}

func TestOperationsHonourContext(t *testing.T) {
	t.Parallel()
	s := open(t, redistest.Start(t))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.AddRun(ctx, "telegram:1", store.Run{Date: "2026-03-01", Meters: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("AddRun with a cancelled ctx: err = %v", err)
	}
}

// TestContractSentinel runs the suite through a Sentinel-discovered,
// password-protected master: the redis-sentinel:// form end to end.
func TestContractSentinel(t *testing.T) {
	t.Parallel()
	const pw = "s3nt:n@l pw"
	master := redistest.StartServer(t, "--requirepass", pw)
	url := redistest.StartSentinel(t, master, "mymaster", pw).URL
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, url) })
}

func TestPassword(t *testing.T) {
	t.Parallel()
	const pw = "p@ss:w/rd%1"
	srv := redistest.StartServer(t, "--requirepass", pw)
	good := fmt.Sprintf("redis://:%s@127.0.0.1:%d/0", "p%40ss%3Aw%2Frd%251", srv.Port)
	s := open(t, good)
	if _, err := s.AddRun(t.Context(), "telegram:1", store.Run{Date: "2026-03-01", Meters: 1}); err != nil {
		t.Fatal(err)
	}
	bad := fmt.Sprintf("redis://:%s@127.0.0.1:%d/0", "wr0ngpw", srv.Port)
	var buf bytes.Buffer
	var mu sync.Mutex
	_, err := redisstore.Open(t.Context(), redisstore.Config{URL: bad, StartupWait: 20 * time.Second,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil))})
	if err == nil {
		t.Fatal("Open with a wrong password succeeded")
	}
	if !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("a wrong password should fail at once, not be retried as unreachable: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(err.Error(), "wr0ngpw") || strings.Contains(buf.String(), "wr0ngpw") {
		t.Errorf("password leaked: %v / %s", err, buf.String())
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("127.0.0.1:%d", srv.Port)) {
		t.Errorf("error %q does not name the address", err)
	}
	t.Logf("wrong password: %v", err)
}

// TestAppendVarints appends runs and pain reports whose sequence numbers
// and record lengths take one, two and three bytes as uvarints (the
// scripts' Lua encoder has a fast path for the first two) and reads each
// back whole under its id.
func TestAppendVarints(t *testing.T) {
	t.Parallel()
	s := open(t, redistest.Start(t))
	ctx := t.Context()
	id := ids.MemberID("telegram:77")
	notes := func(i int) string {
		switch i {
		case 3:
			return strings.Repeat("n", 200) // a two-byte length
		case 5:
			return strings.Repeat("l", 17000) // a three-byte length
		}
		return fmt.Sprint("easy ", i)
	}
	const n = 140 // sequences past 127
	for i := 1; i <= n; i++ {
		r, err := s.AddRun(ctx, id, store.Run{Date: "2026-03-02", Meters: int64(i), Notes: notes(i)})
		if err != nil {
			t.Fatal(err)
		}
		if want := "r" + strconv.FormatInt(int64(i), 36); r.ID != want {
			t.Fatalf("run %d: id %s, want %s", i, r.ID, want)
		}
	}
	runs, err := s.Runs(ctx, id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != n {
		t.Fatalf("%d runs, want %d", len(runs), n)
	}
	for i, r := range runs {
		if r.Meters != int64(i+1) || r.Notes != notes(i+1) || r.ID != "r"+strconv.FormatInt(int64(i+1), 36) {
			t.Fatalf("run %d read back as %s, %d m, %d bytes of notes", i+1, r.ID, r.Meters, len(r.Notes))
		}
	}
	at := storetest.ClockFor(t).Now()
	for i := 1; i <= n; i++ {
		p, _, err := s.AddPainWithMember(ctx, id, store.Pain{At: at.Add(time.Duration(i) * time.Second), Score: i % 10, Where: "knee", Notes: notes(i)},
			func(m *store.Member, p store.Pain) error { m.Name = p.ID; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if want := "p" + strconv.FormatInt(int64(i), 36); p.ID != want {
			t.Fatalf("report %d: id %s, want %s", i, p.ID, want)
		}
	}
	pains, err := s.Pains(ctx, id, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pains) != n {
		t.Fatalf("%d reports, want %d", len(pains), n)
	}
	for i, p := range pains {
		if p.Score != (i+1)%10 || p.Notes != notes(i+1) || p.ID != "p"+strconv.FormatInt(int64(i+1), 36) {
			t.Fatalf("report %d read back as %s, score %d, %d bytes of notes", i+1, p.ID, p.Score, len(p.Notes))
		}
	}
	m, err := s.Member(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "p"+strconv.FormatInt(n, 36) {
		t.Fatalf("member written with %q, want the last report's id", m.Name)
	}
}
