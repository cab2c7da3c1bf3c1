package redisstore_test

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// The fault tests below log runs as the router does (each under its own op
// id), inject a real fault into real redis-server processes, and then
// count: every acknowledged run is stored once under the id it was given,
// a run the store said failed is not stored, and a run it was unsure about
// ("I'm not sure that saved") is stored at most once.

// ledger records what each logged run (told apart by its distance) got.
type ledger struct {
	mu   sync.Mutex
	next atomic.Int64
	got  map[int64]result
}

type result struct {
	id  string
	err error
}

func newLedger() *ledger { return &ledger{got: map[int64]result{}} }

// log adds one run of a fresh distance under its own op, as one command.
func (l *ledger) log(t *testing.T, s store.Store, member string) {
	i := l.next.Add(1)
	ctx := store.WithOp(t.Context(), "test:"+strconv.FormatInt(i, 10))
	r, err := s.AddRun(ctx, ids.MemberID(member), store.Run{Date: "2026-03-02", Meters: i})
	l.mu.Lock()
	l.got[i] = result{r.ID, err}
	l.mu.Unlock()
}

func (l *ledger) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.got {
		if r.err == nil {
			n++
		}
	}
	return n
}

// check compares the ledger with the member's stored runs.
func (l *ledger) check(t *testing.T, s store.Store, member string) (acked, unsure, failed int) {
	t.Helper()
	var runs []store.Run
	redistest.WaitFor(t, "reading the runs back", func() bool {
		var err error
		runs, err = s.Runs(t.Context(), ids.MemberID(member), "", "")
		return err == nil
	})
	byMeters := map[int64][]string{}
	ids := map[string]int64{}
	for _, r := range runs {
		byMeters[r.Meters] = append(byMeters[r.Meters], r.ID)
		if prev, dup := ids[r.ID]; dup {
			t.Errorf("id %s stored for two runs (%d m and %d m)", r.ID, prev, r.Meters)
		}
		ids[r.ID] = r.Meters
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []string
	given := map[string]int64{}
	for m, r := range l.got {
		if r.err != nil {
			continue
		}
		if prev, dup := given[r.id]; dup {
			t.Errorf("id %s handed out for two acknowledged runs (%d m and %d m)", r.id, prev, m)
		}
		given[r.id] = m
	}
	for m, stored := range byMeters {
		if _, ok := l.got[m]; !ok {
			t.Errorf("run of %d m stored but never logged", m)
		}
		if len(stored) > 1 {
			t.Errorf("run of %d m stored %d times: %v", m, len(stored), stored)
		}
	}
	for m, r := range l.got {
		stored := byMeters[m]
		switch {
		case r.err == nil:
			acked++
			if len(stored) == 0 {
				t.Errorf("acknowledged run %s (%d m) lost", r.id, m)
			} else if stored[0] != r.id {
				t.Errorf("acknowledged run of %d m was given id %s but is stored as %s", m, r.id, stored[0])
			}
		case errors.Is(r.err, store.ErrUncertain):
			unsure++
		default:
			failed++
			if len(stored) > 0 {
				t.Errorf("run of %d m stored as %v although the store said it failed: %v", m, stored, r.err)
			}
			if len(errs) < 3 {
				errs = append(errs, r.err.Error())
			}
		}
	}
	if len(errs) > 0 {
		t.Logf("some failures: %v", errs)
	}
	return acked, unsure, failed
}

// TestStalledServerStoresExactlyTheAcknowledgedRuns stalls redis-server
// (SIGSTOP) for 4 s and then 7 s while four members' worth of commands log
// runs. go-redis gives up on a read after 3 s and retries the script once;
// the stalled server then runs both copies. Each op is applied once, every
// acknowledged run is there once under its id, and what timed out for good
// is reported as uncertain, not as failed.
func TestStalledServerStoresExactlyTheAcknowledgedRuns(t *testing.T) {
	t.Parallel()
	srv := redistest.StartServer(t, "--appendfsync", "always")
	s := open(t, srv.URL)
	const member = "telegram:9"
	l := newLedger()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				l.log(t, s, member)
			}
		})
	}
	for _, stall := range []time.Duration{4 * time.Second, 7 * time.Second} {
		before := l.acked()
		redistest.WaitFor(t, "runs before the stall", func() bool { return l.acked() >= before+200 })
		srv.Pause()
		time.Sleep(stall) // the fault itself: Redis answers nothing for this long
		srv.Resume()
	}
	after := l.acked()
	redistest.WaitFor(t, "runs after the stalls", func() bool { return l.acked() >= after+200 })
	close(stop)
	wg.Wait()
	acked, unsure, failed := l.check(t, s, member)
	t.Logf("%d runs acknowledged, %d unsure, %d failed", acked, unsure, failed)
	if unsure == 0 {
		t.Errorf("no write was reported uncertain although Redis stalled 7 s (longer than a read timeout and its retry)")
	}
}

// TestWriteUnconfirmedByReplicaIsUncertain: with a replica attached, the
// store waits for it (REDIS_WAIT_REPLICAS=auto); a write the replica cannot
// confirm in time is answered as uncertain, and once the replica is back
// writes are confirmed again.
func TestWriteUnconfirmedByReplicaIsUncertain(t *testing.T) {
	t.Parallel()
	master := redistest.StartServer(t)
	replica := redistest.StartReplica(t, master)
	s, err := redisstore.Open(t.Context(), redisstore.Config{URL: master.URL, Prefix: redistest.Prefix(t),
		WaitTimeout: 300 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.WaitReplicas() != 1 {
		t.Fatalf("WaitReplicas = %d with a replica attached, want 1", s.WaitReplicas())
	}
	ctx := t.Context()
	// The replica may still be finishing its first sync, or slow on a loaded
	// machine: the first write is retried (the same op, applied once) until
	// it is confirmed, under a deadline.
	redistest.WaitFor(t, "a confirmed write with the replica up", func() bool {
		_, err := s.AddRun(store.WithOp(ctx, "test:1"), "telegram:1", store.Run{Date: "2026-03-02", Meters: 1})
		return err == nil
	})
	replica.Pause()
	start := time.Now()
	_, err = s.AddRun(store.WithOp(ctx, "test:2"), "telegram:1", store.Run{Date: "2026-03-02", Meters: 2})
	if !errors.Is(err, store.ErrUncertain) {
		t.Errorf("write the replica could not confirm: err = %v, want ErrUncertain", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("unconfirmed write took %v, want about the 300ms wait timeout", took)
	}
	replica.Resume()
	// The same command again (the member's "check /week" found nothing, or
	// a redelivery) is the same op: applied once.
	var r store.Run
	redistest.WaitFor(t, "confirmed writes after the replica is back", func() bool {
		r, err = s.AddRun(store.WithOp(ctx, "test:2"), "telegram:1", store.Run{Date: "2026-03-02", Meters: 2})
		return err == nil
	})
	runs, err := s.Runs(ctx, "telegram:1", "", "")
	if err != nil || len(runs) != 2 || runs[1].ID != r.ID {
		t.Errorf("runs = %+v, %v; want two, the second %s", runs, err, r.ID)
	}
	off, err := redisstore.Open(ctx, redisstore.Config{URL: master.URL, Prefix: redistest.Prefix(t), WaitReplicas: -1,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	if off.WaitReplicas() != 0 {
		t.Errorf("WaitReplicas with waiting off = %d", off.WaitReplicas())
	}
}

// TestSentinelFailoverLosesNoAcknowledgedRun is the operator's check: a
// member logs a run every 0.1 s while Sentinel fails the master over to
// its replica. Writes the old master takes after the promotion never reach
// the new one; waiting for the replica turns each of them into "not sure"
// instead of an acknowledgement, so no acknowledged run is lost and no id
// is handed out twice.
func TestSentinelFailoverLosesNoAcknowledgedRun(t *testing.T) {
	t.Parallel()
	// A pair: until Sentinel turns the old master into the new one's
	// replica (its next INFO round, about 10 s), the new master has no
	// replica and every write is "not sure"; then they are confirmed again.
	master := redistest.StartServer(t, "--appendfsync", "always")
	replica := redistest.StartReplica(t, master, "--appendfsync", "always")
	sent := redistest.StartSentinel(t, master, "mymaster", "")
	redistest.WaitFor(t, "sentinel to find the replica", func() bool {
		r, err := redistest.DoList(sent.Port, "SENTINEL", "REPLICAS", "mymaster")
		return err == nil && len(r) == 1
	})
	s := open(t, sent.URL)
	if s.WaitReplicas() != 1 {
		t.Fatalf("WaitReplicas = %d behind Sentinel with a replica, want 1", s.WaitReplicas())
	}
	const member = "telegram:3"
	l := newLedger()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				l.log(t, s, member)
			}
		}
	}()
	redistest.WaitFor(t, "runs before the failover", func() bool { return l.acked() >= 10 })
	if _, err := redistest.Do(sent.Port, "SENTINEL", "FAILOVER", "mymaster"); err != nil {
		t.Fatalf("SENTINEL FAILOVER: %v", err)
	}
	redistest.WaitFor(t, "the replica to be promoted", func() bool {
		addr, err := redistest.DoList(sent.Port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
		return err == nil && len(addr) == 2 && addr[1] == strconv.Itoa(replica.Port)
	})
	promoted := l.acked()
	redistest.WaitFor(t, "runs acknowledged by the new master", func() bool { return l.acked() >= promoted+10 })
	close(stop)
	<-done
	acked, unsure, failed := l.check(t, s, member)
	t.Logf("%d runs acknowledged, %d unsure, %d failed around the failover", acked, unsure, failed)
}

// TestClusterReshardingWhileWriting migrates the slot of a member's keys to
// the other master, one key at a time, while the member logs runs and
// reads them back: scripts meet ASK, TRYAGAIN and then MOVED, and none of
// it reaches the caller. With replicas the writes also WAIT, on the node
// that took them.
func TestClusterReshardingWhileWriting(t *testing.T) {
	t.Parallel()
	for _, replicas := range []bool{false, true} {
		t.Run(fmt.Sprintf("replicas=%v", replicas), func(t *testing.T) {
			t.Parallel()
			c := redistest.StartClusterNodes(t, 2, replicas)
			s := open(t, c.URL)
			want := 0
			if replicas {
				want = 1
			}
			if s.WaitReplicas() != want {
				t.Fatalf("WaitReplicas = %d, want %d", s.WaitReplicas(), want)
			}
			const member = "telegram:77"
			slotText, err := redistest.Do(c.Masters[0].Port, "CLUSTER", "KEYSLOT", member)
			if err != nil {
				t.Fatal(err)
			}
			slot, _ := strconv.Atoi(slotText)
			src, dst := c.Masters[0], c.Masters[1]
			if slot >= 16384/2 {
				src, dst = dst, src
			}
			l := newLedger()
			var readErrs atomic.Int64
			var firstReadErr atomic.Value
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					l.log(t, s, member)
				}
			})
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					_, err := s.Runs(t.Context(), member, "", "")
					if err == nil {
						_, err = s.UpdateMember(t.Context(), member, func(m *store.Member) error { m.Units = "km"; return nil })
					}
					if err == nil {
						_, err = s.Export(t.Context(), member)
					}
					if err != nil {
						readErrs.Add(1)
						firstReadErr.CompareAndSwap(nil, err.Error())
					}
				}
			})
			redistest.WaitFor(t, "runs before resharding", func() bool { return l.acked() >= 50 })
			migrateSlot(t, slot, src, dst, c)
			moved := l.acked()
			redistest.WaitFor(t, "runs after resharding", func() bool { return l.acked() >= moved+50 })
			close(stop)
			wg.Wait()
			if n, err := redistest.Do(dst.Port, "CLUSTER", "COUNTKEYSINSLOT", strconv.Itoa(slot)); err != nil || n == "0" {
				t.Fatalf("slot %d did not move: %s keys on the target, %v", slot, n, err)
			}
			acked, unsure, failed := l.check(t, s, member)
			t.Logf("%d runs acknowledged, %d unsure, %d failed; %d read errors", acked, unsure, failed, readErrs.Load())
			if unsure+failed > 0 {
				t.Errorf("%d writes failed during resharding, want none", unsure+failed)
			}
			if readErrs.Load() > 0 {
				t.Errorf("%d reads failed during resharding, first: %v", readErrs.Load(), firstReadErr.Load())
			}
		})
	}
}

// migrateSlot moves slot from src to dst as redis-cli --cluster reshard
// does, one key per MIGRATE with a pause between, so clients see the slot
// half-moved.
func migrateSlot(t *testing.T, slot int, src, dst *redistest.Server, c *redistest.Cluster) {
	t.Helper()
	sl := strconv.Itoa(slot)
	srcID, dstID := src.NodeID(), dst.NodeID()
	if _, err := redistest.Do(dst.Port, "CLUSTER", "SETSLOT", sl, "IMPORTING", srcID); err != nil {
		t.Fatalf("importing: %v", err)
	}
	if _, err := redistest.Do(src.Port, "CLUSTER", "SETSLOT", sl, "MIGRATING", dstID); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	moved := 0
	for {
		keys, err := redistest.DoList(src.Port, "CLUSTER", "GETKEYSINSLOT", sl, "10")
		if err != nil {
			t.Fatalf("getkeysinslot: %v", err)
		}
		if len(keys) == 0 {
			break
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, err := redistest.Do(src.Port, "MIGRATE", "127.0.0.1", strconv.Itoa(dst.Port), k, "0", "5000"); err != nil {
				t.Fatalf("migrate %s: %v", k, err)
			}
			moved++
			time.Sleep(50 * time.Millisecond) // keep the slot half-moved a while, as a big reshard would
		}
	}
	for _, n := range append([]*redistest.Server{dst, src}, c.Masters...) {
		if _, err := redistest.Do(n.Port, "CLUSTER", "SETSLOT", sl, "NODE", dstID); err != nil {
			t.Fatalf("setslot node on :%d: %v", n.Port, err)
		}
	}
	t.Logf("moved slot %d (%d keys) from :%d to :%d", slot, moved, src.Port, dst.Port)
}
