package main

import (
	"fmt"
	"log/slog"

	"github.com/clubcoach/clubcoach/internal/config"
	"github.com/clubcoach/clubcoach/internal/ops"
	"github.com/clubcoach/clubcoach/internal/web"
)

// startWeb mounts the clubs' public pages: on a listener of their own when
// WEB_ADDR is set (returned, for the caller to shut down), else on the ops
// listener, else nowhere.
func startWeb(cfg config.Config, tokens web.Tokens, pages web.Pages, opsSrv *ops.Server, log *slog.Logger) (*ops.Server, error) {
	if cfg.WebAddr == "" && opsSrv == nil {
		if cfg.PublicURL != "" {
			log.Warn("PUBLIC_URL is set but no listener serves the club pages: set WEB_ADDR or HTTP_ADDR")
		}
		return nil, nil
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return nil, err
	}
	h, err := web.New(web.Config{
		Tokens: tokens, Pages: pages, Charts: web.ChallengeCharts{}, Log: log,
		FrameAncestors: cfg.WebFrameAncestors, TrustedProxies: proxies,
	})
	if err != nil {
		return nil, err
	}
	if cfg.WebAddr == "" {
		opsSrv.Handle(web.Prefix, h)
		return nil, nil
	}
	// Its own listener carries /healthz and /readyz (no checks, so it says
	// nothing about the store) for a load balancer, and never /metrics.
	srv := ops.New(ops.Config{Addr: cfg.WebAddr, Log: log.With("listener", "web")})
	srv.Handle(web.Prefix, h)
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("web pages: %w", err)
	}
	return srv, nil
}
