package commands

import (
	"github.com/clubcoach/clubcoach/internal/ops/metrics"
	"github.com/clubcoach/clubcoach/internal/store/embedded"
	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
)

// The router finds the one-round-trip reads and writes by type assertion,
// so a signature that drifts from the stores' (a string where an ids type
// is meant) would quietly fall back to the slow path. Pin them.
var (
	_ memberHistoryReader  = (*embedded.Store)(nil)
	_ memberHistoryReader  = (*redisstore.Store)(nil)
	_ memberHistoryReader  = (*metrics.Store)(nil)
	_ memberCadencesReader = (*embedded.Store)(nil)
	_ memberCadencesReader = (*redisstore.Store)(nil)
	_ memberCadencesReader = (*metrics.Store)(nil)
	_ painMemberWriter     = (*embedded.Store)(nil)
	_ painMemberWriter     = (*redisstore.Store)(nil)
	_ painMemberWriter     = (*metrics.Store)(nil)
	_ runsAndPainsReader   = (*embedded.Store)(nil)
	_ runsAndPainsReader   = (*redisstore.Store)(nil)
	_ runsAndPainsReader   = (*metrics.Store)(nil)
)
