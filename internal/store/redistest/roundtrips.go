package redistest

import (
	"context"
	"net"
	"strings"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// RoundTrips is a go-redis hook that counts round trips: one per command,
// one per pipeline. Add it with client.AddHook; Trace, when set, is told
// each one (a command's first words, or a pipeline's command names).
type RoundTrips struct {
	N     atomic.Int64
	Trace func(string)
}

func (h *RoundTrips) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) { return next(ctx, network, addr) }
}

func (h *RoundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.N.Add(1)
		if h.Trace != nil {
			f := strings.Fields(cmd.String())
			h.Trace(strings.Join(f[:min(4, len(f))], " "))
		}
		return next(ctx, cmd)
	}
}

func (h *RoundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.N.Add(1)
		if h.Trace != nil {
			names := make([]string, len(cmds))
			for i, c := range cmds {
				names[i] = c.Name()
			}
			h.Trace("pipeline: " + strings.Join(names, ", "))
		}
		return next(ctx, cmds)
	}
}
