package metrics_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/clubcoach/clubcoach/internal/ops/metrics"
)

// value returns the value of the sample of family name whose labels are
// exactly labels (counter value, or histogram sample count); found is false
// when there is no such sample.
func value(t *testing.T, m *metrics.Metrics, name string, labels map[string]string) (v float64, found bool) {
	t.Helper()
	fams, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, s := range f.GetMetric() {
			if !sameLabels(s.GetLabel(), labels) {
				continue
			}
			switch {
			case s.Counter != nil:
				return s.GetCounter().GetValue(), true
			case s.Histogram != nil:
				return float64(s.GetHistogram().GetSampleCount()), true
			}
		}
	}
	return 0, false
}

func sameLabels(got []*dto.LabelPair, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, l := range got {
		if want[l.GetName()] != l.GetValue() {
			return false
		}
	}
	return true
}

func histSum(t *testing.T, m *metrics.Metrics, name string, labels map[string]string) float64 {
	t.Helper()
	fams, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		for _, s := range f.GetMetric() {
			if f.GetName() == name && sameLabels(s.GetLabel(), labels) {
				return s.GetHistogram().GetSampleSum()
			}
		}
	}
	t.Fatalf("no %s%v", name, labels)
	return 0
}

// memberError is an error for the member to read, as the router's
// UserError is (the metrics package knows it only by its method).
type memberError string

func (e memberError) Error() string    { return string(e) }
func (e memberError) UserFacing() bool { return true }

func TestObserveCountsCommandsAndErrorKinds(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.Observe("pain", "telegram", nil)
	m.Observe("pain", "telegram", nil)
	m.Observe("run", "discord", fmt.Errorf("wrapped: %w", memberError("Which distance?")))
	m.Observe("run", "discord", fmt.Errorf("save run: %w", errors.New("redis down")))

	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"clubcoach_commands_total", map[string]string{"command": "pain", "platform": "telegram"}, 2},
		{"clubcoach_commands_total", map[string]string{"command": "run", "platform": "discord"}, 2},
		{"clubcoach_command_errors_total", map[string]string{"command": "run", "platform": "discord", "kind": "user"}, 1},
		{"clubcoach_command_errors_total", map[string]string{"command": "run", "platform": "discord", "kind": "internal"}, 1},
	} {
		if got, _ := value(t, m, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if _, found := value(t, m, "clubcoach_command_errors_total", map[string]string{"command": "pain", "platform": "telegram", "kind": "internal"}); found {
		t.Error("a successful command counted as an error")
	}
}

func TestReminderAndRateLimitHistograms(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.ReminderSent("telegram", 90*time.Second)
	m.ReminderSent("telegram", -time.Second) // early clocks count as on time
	m.RateLimitWait("discord", 1500*time.Millisecond)

	tg := map[string]string{"platform": "telegram"}
	if got, _ := value(t, m, "clubcoach_reminders_sent_total", tg); got != 2 {
		t.Errorf("reminders sent = %v, want 2", got)
	}
	if got, _ := value(t, m, "clubcoach_reminder_lateness_seconds", tg); got != 2 {
		t.Errorf("lateness samples = %v, want 2", got)
	}
	if got := histSum(t, m, "clubcoach_reminder_lateness_seconds", tg); got != 90 {
		t.Errorf("lateness sum = %vs, want 90s", got)
	}
	if got := histSum(t, m, "clubcoach_ratelimit_wait_seconds", map[string]string{"platform": "discord"}); got != 1.5 {
		t.Errorf("rate-limit wait sum = %vs, want 1.5s", got)
	}
}

func TestTriageLabelsStayBounded(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.Triage("red", "report")
	m.Triage("purple; DROP", "")
	if got, _ := value(t, m, "clubcoach_triage_total", map[string]string{"level": "red", "source": "report"}); got != 1 {
		t.Errorf("red/report = %v, want 1", got)
	}
	if got, _ := value(t, m, "clubcoach_triage_total", map[string]string{"level": "other", "source": "none"}); got != 1 {
		t.Errorf("unexpected level not folded into other/none (got %v)", got)
	}
}

func TestHandlerServesPrometheusText(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.Observe("week", "console", nil)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	text := string(body)
	for _, want := range []string{
		"# TYPE clubcoach_commands_total counter",
		`clubcoach_commands_total{command="week",platform="console"} 1`,
		"# TYPE go_goroutines gauge",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestRegistriesArePrivate(t *testing.T) {
	t.Parallel()
	a, b := metrics.New(), metrics.New()
	a.Observe("pain", "console", nil)
	if _, found := value(t, b, "clubcoach_commands_total", map[string]string{"command": "pain", "platform": "console"}); found {
		t.Error("a second Metrics sees the first one's counter")
	}
}
