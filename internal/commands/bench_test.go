package commands

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
)

// The commands of a typical member session, in turn.
var benchLines = []string{"/run 5k", "/pain 2 knee", "/cadence 170", "/week", "/help"}

// benchCommands drives the router in parallel: each goroutine is a member
// who logs a run, a pain report and a cadence, reads /week and /help, and
// starts afresh as a new member every 300 commands (so histories stay
// those of a real month rather than growing with b.N).
func benchCommands(b *testing.B, st store.Store) {
	r := New(Deps{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var ids atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		member, n := "", 0
		for pb.Next() {
			if n%300 == 0 {
				member = fmt.Sprintf("telegram:%d", ids.Add(1))
			}
			line := benchLines[n%len(benchLines)]
			n++
			cmd, args, _ := Parse(line, "")
			resp := r.Handle(ctx, platforms.Message{Platform: "console", MemberID: platforms.MemberID(member), Command: cmd, Args: args, DM: true})
			if resp.Text == "" {
				b.Errorf("%s: empty reply", line)
				return
			}
		}
	})
}

// BenchmarkRouterRedis reports commands through the router on the Redis
// store beside a plain go-redis PING loop at the same concurrency, against
// the same redis-server in the same run: Commands ns/op ÷ Ping ns/op is
// what the bot adds over Redis's own round trip.
func BenchmarkRouterRedis(b *testing.B) {
	url := redistest.Start(b)
	st, err := redisstore.Open(context.Background(), redisstore.Config{URL: url, Prefix: redistest.Prefix(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	opt, err := redis.ParseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	client := redis.NewClient(opt)
	b.Cleanup(func() { _ = client.Close() })
	b.Run("Ping", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := client.Ping(context.Background()).Err(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("Commands", func(b *testing.B) { benchCommands(b, st) })
}

// BenchmarkRouterEmbedded is the same workload on the embedded store.
func BenchmarkRouterEmbedded(b *testing.B) {
	st, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	benchCommands(b, st)
}
