package scheduler

import (
	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
)

// Sends find the one-read, one-write store path by type assertion, so a
// signature that drifts from the stores' would quietly fall back to the
// slow path. Pin it.
var (
	_ sendStore = (*embedded.Store)(nil)
	_ sendStore = (*redisstore.Store)(nil)
	_ sendStore = (*metrics.Store)(nil)
)
