// Package metrics holds the bot's Prometheus metrics on a private registry:
// commands handled, their errors, triage levels, reminder sends and their
// lateness, store call latency and rate-limit waits. Callers see small
// methods (Observe, ReminderSent, RateLimitWait) and define the interfaces
// they need themselves; only this package imports client_golang.
package metrics

import (
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics records the bot's metrics. The zero value is not usable; build it
// with New. Every method is safe for concurrent use.
type Metrics struct {
	reg           *prometheus.Registry
	commands      *prometheus.CounterVec
	commandErrors *prometheus.CounterVec
	triage        *prometheus.CounterVec
	reminders     *prometheus.CounterVec
	lateness      *prometheus.HistogramVec
	storeLatency  *prometheus.HistogramVec
	storeErrors   *prometheus.CounterVec
	rateWaits     *prometheus.HistogramVec
}

// New builds the metrics on a fresh registry, with the Go runtime and
// process collectors, so that tests and several bots in one process never
// share counters.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubcoach_commands_total",
			Help: "Commands handled, by command and platform (unknown commands count as \"unknown\", plain chatter as \"chatter\").",
		}, []string{"command", "platform"}),
		commandErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubcoach_command_errors_total",
			Help: "Commands that failed, by command, platform and kind (\"user\": a usage mistake answered with help; \"internal\": the member was asked to try again).",
		}, []string{"command", "platform", "kind"}),
		triage: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubcoach_triage_total",
			Help: "Pain reports stored, by triage level (green, amber, red) and source (report, checkin).",
		}, []string{"level", "source"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubcoach_reminders_sent_total",
			Help: "Scheduled messages (reminders, club posts) delivered, by platform.",
		}, []string{"platform"}),
		lateness: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clubcoach_reminder_lateness_seconds",
			Help:    "How long after its due time a scheduled message was delivered, by platform.",
			Buckets: []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 7200},
		}, []string{"platform"}),
		storeLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clubcoach_store_duration_seconds",
			Help:    "Latency of store calls, by operation.",
			Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
		}, []string{"op"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubcoach_store_errors_total",
			Help: "Store calls that failed (not-found answers excluded), by operation.",
		}, []string{"op"}),
		rateWaits: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clubcoach_ratelimit_wait_seconds",
			Help:    "Time sends waited for a platform rate limit (local limiter or a 429 retry_after), by platform.",
			Buckets: []float64{0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60},
		}, []string{"platform"}),
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.commands, m.commandErrors, m.triage, m.reminders, m.lateness,
		m.storeLatency, m.storeErrors, m.rateWaits,
	)
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Gatherer exposes the registry (tests, or a push gateway).
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// Observe counts one handled command; its signature is the router's
// Deps.Observe.
func (m *Metrics) Observe(command, platform string, err error) {
	m.commands.WithLabelValues(command, platform).Inc()
	if err == nil {
		return
	}
	kind := "internal"
	var ue userFacing
	if errors.As(err, &ue) && ue.UserFacing() {
		kind = "user"
	}
	m.commandErrors.WithLabelValues(command, platform, kind).Inc()
}

// userFacing is an error meant for the member (the router's UserError),
// as opposed to a fault of the bot or a dependency.
type userFacing interface {
	error
	UserFacing() bool
}

// Triage counts a stored pain report's level. The instrumented store calls
// it on every successful AddPain, so handlers need no hook.
func (m *Metrics) Triage(level, source string) {
	m.triage.WithLabelValues(oneOf(level, "green", "amber", "red"), oneOf(source, "report", "checkin")).Inc()
}

// ReminderSent records one delivered scheduled message and how late it was
// against its due time (negative lateness counts as zero).
func (m *Metrics) ReminderSent(platform string, lateness time.Duration) {
	m.reminders.WithLabelValues(platform).Inc()
	m.lateness.WithLabelValues(platform).Observe(max(lateness, 0).Seconds())
}

// RateLimitWait records a wait imposed by a platform rate limit.
func (m *Metrics) RateLimitWait(platform string, d time.Duration) {
	m.rateWaits.WithLabelValues(platform).Observe(max(d, 0).Seconds())
}

// storeCall records one store call.
func (m *Metrics) storeCall(op string, d time.Duration, failed bool) {
	m.storeLatency.WithLabelValues(op).Observe(d.Seconds())
	if failed {
		m.storeErrors.WithLabelValues(op).Inc()
	}
}

// oneOf keeps label values bounded: anything unexpected becomes "other"
// ("" becomes "none").
func oneOf(v string, allowed ...string) string {
	if v == "" {
		return "none"
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return "other"
}
