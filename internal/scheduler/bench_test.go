package scheduler

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubcoach/clubcoach/internal/daily"
)

// The benchmarks compare, for one simulated day, the due-queue design
// against the naive one: one robfig/cron entry per member. robfig/cron
// reads the real clock, so its run loop is modelled as it is written
// (cron.go run): on every wake-up sort every entry by its next time, run
// the due ones and ask each its Schedule.Next. The due-queue is modelled as
// the poller sees it: a tick every second claims what is due from an
// ordered queue (standing in for the Redis sorted set or the bbolt ordered
// keys) and reschedules each member with daily.Time.Next in their zone.
//
// Both run the same members (reminder minutes spread over the day, four
// zones) in the same process, so the figures are comparable as ratios.

var benchZones = []string{"Europe/London", "America/New_York", "Australia/Sydney", "UTC"}

type benchMember struct {
	id   string
	zone *time.Location
	at   daily.Time
}

func benchMembers(b *testing.B, n int) []benchMember {
	b.Helper()
	locs := make([]*time.Location, len(benchZones))
	for i, z := range benchZones {
		locs[i] = mustZone(b, z)
	}
	r := rand.New(rand.NewPCG(1, uint64(n)))
	out := make([]benchMember, n)
	for i := range out {
		loc := locs[i%len(locs)]
		min := r.IntN(24 * 60)
		out[i] = benchMember{id: fmt.Sprintf("telegram:%d", i), zone: loc, at: daily.Time{Hour: min / 60, Minute: min % 60, Loc: loc}}
	}
	return out
}

var benchDayStart = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// ---- due-queue model ----

type dueItem struct {
	at  time.Time
	idx int // member index
}

type dueHeap []dueItem

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueItem)) }
func (h *dueHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// simulateQueue runs one day of 1-second polls and returns the queue and
// the number of sends.
func simulateQueue(members []benchMember) (*dueHeap, int) {
	q := make(dueHeap, 0, len(members))
	for i, m := range members {
		q = append(q, dueItem{at: m.at.Next(benchDayStart.Add(-time.Nanosecond)), idx: i})
	}
	heap.Init(&q)
	sends := 0
	end := benchDayStart.Add(24 * time.Hour)
	for now := benchDayStart; now.Before(end); now = now.Add(time.Second) {
		for q.Len() > 0 && !q[0].at.After(now) {
			it := heap.Pop(&q).(dueItem)
			sends++
			it.at = members[it.idx].at.Next(now)
			heap.Push(&q, it)
		}
	}
	return &q, sends
}

// ---- naive model: robfig/cron's run loop over one entry per member ----

type naiveEntry struct {
	sched cron.Schedule
	next  time.Time
	prev  time.Time
	job   cron.Job
}

type byNext []*naiveEntry

func (s byNext) Len() int      { return len(s) }
func (s byNext) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s byNext) Less(i, j int) bool {
	if s[i].next.IsZero() {
		return false
	}
	if s[j].next.IsZero() {
		return true
	}
	return s[i].next.Before(s[j].next)
}

func naiveEntries(b *testing.B, members []benchMember) []*naiveEntry {
	b.Helper()
	out := make([]*naiveEntry, len(members))
	for i, m := range members {
		spec := fmt.Sprintf("CRON_TZ=%s %d %d * * *", m.zone, m.at.Minute, m.at.Hour)
		s, err := cron.ParseStandard(spec)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = &naiveEntry{sched: s, job: cron.FuncJob(func() {})}
	}
	return out
}

// simulateNaive runs robfig/cron's loop for one day: sort, sleep until the
// first entry, run every due entry and compute its next time.
func simulateNaive(entries []*naiveEntry) int {
	for _, e := range entries {
		e.next = e.sched.Next(benchDayStart.Add(-time.Nanosecond))
	}
	sends := 0
	end := benchDayStart.Add(24 * time.Hour)
	for {
		sort.Sort(byNext(entries))
		if entries[0].next.IsZero() || !entries[0].next.Before(end) {
			return sends
		}
		now := entries[0].next // the timer fires
		for _, e := range entries {
			if e.next.After(now) || e.next.IsZero() {
				break
			}
			sends++
			e.prev = e.next
			e.next = e.sched.Next(now)
		}
	}
}

// BenchmarkDesignRatio runs both designs over the same members back to
// back in one process and reports naive ÷ queue for CPU time (user+system,
// GC included) and bytes allocated over the day, plus the memory each
// holds while running: the naive design's entries live as long as the
// process, while the due-queue's live in the store (the model keeps them
// in process, so its figure is an upper bound).
func BenchmarkDesignRatio(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			members := benchMembers(b, n)
			var qCPU, nCPU time.Duration
			var qAlloc, nAlloc, qLive, nLive uint64
			for b.Loop() {
				live0 := liveHeap()
				c0, a0 := cpuTime(), totalAlloc()
				q, sentQ := simulateQueue(members)
				qCPU += cpuTime() - c0
				qAlloc += totalAlloc() - a0
				qLive += liveHeap() - min(live0, liveHeap())
				runtime.KeepAlive(q)

				live0 = liveHeap()
				c0, a0 = cpuTime(), totalAlloc()
				entries := naiveEntries(b, members)
				sentN := simulateNaive(entries)
				nCPU += cpuTime() - c0
				nAlloc += totalAlloc() - a0
				nLive += liveHeap() - min(live0, liveHeap())
				runtime.KeepAlive(entries)
				if sentQ != n || sentN != n {
					b.Fatalf("a day sent %d (queue) and %d (naive), want %d each", sentQ, sentN, n)
				}
			}
			per := float64(b.N)
			b.ReportMetric(float64(qCPU.Milliseconds())/per, "queue-cpu-ms/day")
			b.ReportMetric(float64(nCPU.Milliseconds())/per, "naive-cpu-ms/day")
			b.ReportMetric(float64(nCPU)/float64(qCPU), "cpu-naive/queue")
			b.ReportMetric(float64(nAlloc)/float64(max(qAlloc, 1)), "alloc-naive/queue")
			b.ReportMetric(float64(qLive)/per/float64(n), "queue-live-B/member")
			b.ReportMetric(float64(nLive)/per/float64(n), "naive-live-B/member")
			b.ReportMetric(float64(nLive)/float64(max(qLive, 1)), "live-naive/queue")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func totalAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
