package deploy_test

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"io"
	"maps"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/clubcoach/clubcoach/internal/config"
)

// known is every variable the bot reads, from internal/config's env tags.
func known() map[string]config.Var {
	out := map[string]config.Var{}
	for _, v := range config.Vars() {
		out[v.Env] = v
	}
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// load runs the bot's own config loader on env and fails the test with
// what it says.
func load(t *testing.T, where string, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Errorf("%s: the bot would refuse these settings: %v", where, err)
	}
	return cfg
}

func checkKnown(t *testing.T, where string, names []string) {
	t.Helper()
	k := known()
	for _, n := range names {
		if _, ok := k[n]; !ok {
			t.Errorf("%s names %s, which the bot does not read (internal/config has no such env tag)", where, n)
		}
	}
}

var envLine = regexp.MustCompile(`^(?:#\s?)?([A-Z][A-Z0-9_]*)=(.*)$`)

// envExample returns the variables .env.example names (set or commented
// out), in order, and the values of the lines that are set.
func envExample(t *testing.T) (names []string, set map[string]string) {
	t.Helper()
	set = map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(read(t, ".env.example")))
	for sc.Scan() {
		m := envLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		names = append(names, m[1])
		if !strings.HasPrefix(sc.Text(), "#") {
			set[m[1]] = m[2]
		}
	}
	return names, set
}

func TestEnvExampleDocumentsEveryVariable(t *testing.T) {
	t.Parallel()
	names, set := envExample(t)
	checkKnown(t, ".env.example", names)
	seen := map[string]int{}
	for _, n := range names {
		seen[n]++
	}
	for _, v := range config.Vars() {
		switch seen[v.Env] {
		case 0:
			t.Errorf(".env.example does not document %s (%s)", v.Env, v.Doc)
		case 1:
		default:
			t.Errorf(".env.example lists %s %d times", v.Env, seen[v.Env])
		}
	}
	// The example as shipped is a valid configuration.
	load(t, ".env.example", set)
	for n, v := range set {
		if known()[n].Secret && v != "" {
			t.Errorf(".env.example ships a value for the secret %s", n)
		}
	}
}

// --- docker compose ---

type composeFile struct {
	Services map[string]struct {
		Build struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
		} `yaml:"build"`
		Image           string            `yaml:"image"`
		Command         []string          `yaml:"command"`
		EnvFile         string            `yaml:"env_file"`
		Environment     map[string]string `yaml:"environment"`
		Volumes         []string          `yaml:"volumes"`
		StopSignal      string            `yaml:"stop_signal"`
		StopGracePeriod string            `yaml:"stop_grace_period"`
		ReadOnly        bool              `yaml:"read_only"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// interpolation is compose's ${NAME}, ${NAME:-default}, ${NAME-default}.
var interpolation = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}`)

// resolve applies compose's interpolation with vars from the .env file.
func resolve(s string, dotenv map[string]string) string {
	return interpolation.ReplaceAllStringFunc(s, func(m string) string {
		p := interpolation.FindStringSubmatch(m)
		v, ok := dotenv[p[1]]
		if (p[2] == ":-" && v == "") || (p[2] == "-" && !ok) {
			return p[3]
		}
		return v
	})
}

func TestComposeFile(t *testing.T) {
	t.Parallel()
	raw := read(t, "docker-compose.yml")
	var c composeFile
	if err := yaml.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	var interpolated []string
	for _, m := range interpolation.FindAllStringSubmatch(raw, -1) {
		interpolated = append(interpolated, m[1])
	}
	checkKnown(t, "docker-compose.yml ${…}", interpolated)

	bot, ok := c.Services["bot"]
	if !ok {
		t.Fatal("docker-compose.yml has no bot service")
	}
	checkKnown(t, "docker-compose.yml bot environment", slices.Collect(maps.Keys(bot.Environment)))
	if bot.EnvFile != ".env" {
		t.Errorf("bot env_file = %q, want .env (the copy of .env.example)", bot.EnvFile)
	}
	if _, err := os.Stat(filepath.Join(bot.Build.Context, bot.Build.Dockerfile)); err != nil {
		t.Errorf("bot build: %v", err)
	}
	if bot.StopSignal != "SIGTERM" {
		t.Errorf("bot stop_signal = %q", bot.StopSignal)
	}
	grace, err := time.ParseDuration(bot.StopGracePeriod)
	if err != nil {
		t.Errorf("bot stop_grace_period: %v", err)
	}
	if !bot.ReadOnly {
		t.Error("bot root filesystem is writable (read_only: false)")
	}

	// What the bot sees: the example env file, then environment: over it.
	_, dotenv := envExample(t)
	env := maps.Clone(dotenv)
	for k, v := range bot.Environment {
		env[k] = resolve(v, dotenv)
	}
	cfg := load(t, "docker-compose.yml bot", env)
	if grace <= cfg.ShutdownTimeout {
		t.Errorf("stop_grace_period %v must exceed SHUTDOWN_TIMEOUT %v, or Docker kills the bot mid-drain", grace, cfg.ShutdownTimeout)
	}
	u, err := url.Parse(cfg.RedisURL)
	if err != nil || u.Hostname() != "redis" {
		t.Errorf("bot REDIS_URL = %q, want the compose redis service", cfg.RedisURL)
	}
	if cfg.HTTPAddr == "" {
		t.Error("bot has no HTTP_ADDR: no health or metrics")
	}

	redis, ok := c.Services["redis"]
	if !ok {
		t.Fatal("docker-compose.yml has no redis service")
	}
	cmd := strings.Join(redis.Command, " ")
	for _, want := range []string{"--appendonly yes", "--appendfsync always"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("redis command %q lacks %q (acknowledged writes must be durable)", cmd, want)
		}
	}
	for _, svc := range []string{"bot", "redis"} {
		vols := c.Services[svc].Volumes
		if !slices.ContainsFunc(vols, func(v string) bool {
			name, target, _ := strings.Cut(v, ":")
			_, declared := c.Volumes[name]
			return declared && target == "/data"
		}) {
			t.Errorf("%s has no named volume on /data (volumes %q)", svc, vols)
		}
	}
}

// --- Kubernetes ---

type k8sDoc struct {
	File       string
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Data       map[string]string `yaml:"data"`
	StringData map[string]string `yaml:"stringData"`
	Resources  []string          `yaml:"resources"` // kustomization
	Spec       struct {
		Replicas *int `yaml:"replicas"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
		VolumeClaimTemplates []any `yaml:"volumeClaimTemplates"`
		Rules                []struct {
			Host string `yaml:"host"`
			HTTP struct {
				Paths []struct {
					Path    string `yaml:"path"`
					Backend struct {
						Service struct {
							Name string `yaml:"name"`
						} `yaml:"service"`
					} `yaml:"backend"`
				} `yaml:"paths"`
			} `yaml:"http"`
		} `yaml:"rules"`
	} `yaml:"spec"`
}

type podSpec struct {
	TerminationGracePeriodSeconds *int `yaml:"terminationGracePeriodSeconds"`
	SecurityContext               struct {
		RunAsNonRoot *bool `yaml:"runAsNonRoot"`
		RunAsUser    *int  `yaml:"runAsUser"`
	} `yaml:"securityContext"`
	Containers []container `yaml:"containers"`
}

type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
			FieldRef *struct {
				FieldPath string `yaml:"fieldPath"`
			} `yaml:"fieldRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	EnvFrom []struct {
		ConfigMapRef *struct {
			Name string `yaml:"name"`
		} `yaml:"configMapRef"`
		SecretRef *struct {
			Name string `yaml:"name"`
		} `yaml:"secretRef"`
	} `yaml:"envFrom"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	LivenessProbe  *probe `yaml:"livenessProbe"`
	ReadinessProbe *probe `yaml:"readinessProbe"`
	Resources      struct {
		Limits   map[string]string `yaml:"limits"`
		Requests map[string]string `yaml:"requests"`
	} `yaml:"resources"`
	SecurityContext struct {
		RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
		ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
		Capabilities             struct {
			Drop []string `yaml:"drop"`
		} `yaml:"capabilities"`
	} `yaml:"securityContext"`
}

type probe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

// manifests parses every YAML document under k8s/, secret.example.yaml
// included.
func manifests(t *testing.T) []k8sDoc {
	t.Helper()
	files, err := filepath.Glob("k8s/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no k8s/*.yaml (%v)", err)
	}
	var docs []k8sDoc
	for _, f := range files {
		dec := yaml.NewDecoder(strings.NewReader(read(t, f)))
		for {
			var d k8sDoc
			err := dec.Decode(&d)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			d.File = f
			if d.Kind == "" || d.APIVersion == "" {
				t.Errorf("%s: a document without kind or apiVersion", f)
			}
			if d.Kind != "Kustomization" && d.Metadata.Name == "" {
				t.Errorf("%s: %s without metadata.name", f, d.Kind)
			}
			docs = append(docs, d)
		}
	}
	return docs
}

func find(docs []k8sDoc, kind, name string) (k8sDoc, bool) {
	for _, d := range docs {
		if d.Kind == kind && d.Metadata.Name == name {
			return d, true
		}
	}
	return k8sDoc{}, false
}

func TestKustomizationListsEveryManifest(t *testing.T) {
	t.Parallel()
	docs := manifests(t)
	k, ok := find(docs, "Kustomization", "")
	if !ok {
		t.Fatal("k8s/kustomization.yaml missing")
	}
	files := map[string]bool{}
	for _, d := range docs {
		files[filepath.Base(d.File)] = true
	}
	delete(files, "kustomization.yaml")
	delete(files, "secret.example.yaml") // never applied with placeholders
	for _, r := range k.Resources {
		if !files[r] {
			t.Errorf("kustomization lists %s, which does not exist", r)
		}
		delete(files, r)
	}
	for f := range files {
		t.Errorf("k8s/%s is not in kustomization.yaml", f)
	}
}

// botWorkload is a clubcoach pod template with the environment it gets.
type botWorkload struct {
	doc k8sDoc
	c   container
	env map[string]string // "" for values from a Secret or the downward API
}

func botWorkloads(t *testing.T, docs []k8sDoc) []botWorkload {
	t.Helper()
	var out []botWorkload
	for _, d := range docs {
		if (d.Kind != "Deployment" && d.Kind != "StatefulSet") || d.Spec.Template.Metadata.Labels["app.kubernetes.io/name"] != "clubcoach" {
			continue
		}
		for _, c := range d.Spec.Template.Spec.Containers {
			where := d.File + " " + d.Kind + "/" + d.Metadata.Name
			env := map[string]string{}
			for _, ef := range c.EnvFrom {
				switch {
				case ef.ConfigMapRef != nil:
					cm, ok := find(docs, "ConfigMap", ef.ConfigMapRef.Name)
					if !ok {
						t.Errorf("%s: envFrom ConfigMap %s does not exist", where, ef.ConfigMapRef.Name)
					}
					checkKnown(t, "ConfigMap "+cm.Metadata.Name, slices.Collect(maps.Keys(cm.Data)))
					maps.Copy(env, cm.Data)
				case ef.SecretRef != nil:
					t.Errorf("%s: envFrom a whole Secret gives every workload every token; name the keys", where)
				}
			}
			for _, e := range c.Env {
				env[e.Name] = e.Value
				if e.ValueFrom == nil {
					continue
				}
				if r := e.ValueFrom.SecretKeyRef; r != nil {
					s, ok := find(docs, "Secret", r.Name)
					if _, has := s.StringData[r.Key]; !ok || !has {
						t.Errorf("%s: %s from Secret %s key %s, which secret.example.yaml does not define", where, e.Name, r.Name, r.Key)
					}
				}
			}
			checkKnown(t, where+" env", slices.Collect(maps.Keys(env)))
			out = append(out, botWorkload{d, c, env})
		}
	}
	if len(out) == 0 {
		t.Fatal("no clubcoach Deployment or StatefulSet in k8s/")
	}
	return out
}

func TestKubernetesWorkloads(t *testing.T) {
	t.Parallel()
	docs := manifests(t)
	var sawTelegram, sawDiscord bool
	for _, w := range botWorkloads(t, docs) {
		where := w.doc.Kind + "/" + w.doc.Metadata.Name
		pod := w.doc.Spec.Template.Spec
		c := w.c

		// Each workload carries only its own platform's token.
		_, tg := w.env["TELEGRAM_TOKEN"]
		_, dc := w.env["DISCORD_TOKEN"]
		if tg == dc {
			t.Errorf("%s: want exactly one of TELEGRAM_TOKEN and DISCORD_TOKEN (telegram %v, discord %v)", where, tg, dc)
		}

		// Settings the bot accepts, with placeholders for secret values.
		env := maps.Clone(w.env)
		for k := range env {
			if known()[k].Secret {
				env[k] = "placeholder-secret"
			}
		}
		if env["REDIS_URL"] != "" {
			env["REDIS_URL"] = "redis://:pw@redis:6379/0"
		}
		replicas := 1
		if w.doc.Spec.Replicas != nil {
			replicas = *w.doc.Spec.Replicas
		}
		var cfg config.Config
		if tg {
			sawTelegram = true
			cfg = load(t, where, env)
			if replicas < 2 || cfg.TelegramWebhookURL == "" {
				t.Errorf("%s: Telegram with %d replicas and webhook %q; several replicas need webhook mode", where, replicas, cfg.TelegramWebhookURL)
			}
			checkIngress(t, docs, cfg.TelegramWebhookURL)
		}
		if dc {
			sawDiscord = true
			cfg = checkShards(t, where, w, env, replicas)
		}
		if _, redis := w.env["REDIS_URL"]; !redis && replicas > 1 {
			t.Errorf("%s: %d replicas without REDIS_URL would each keep their own embedded store", where, replicas)
		}

		// Probes on the port HTTP_ADDR names.
		_, portStr, err := net.SplitHostPort(cfg.HTTPAddr)
		if err != nil {
			t.Errorf("%s: HTTP_ADDR %q: %v", where, cfg.HTTPAddr, err)
		}
		port, _ := strconv.Atoi(portStr)
		portNames := map[string]int{}
		for _, p := range c.Ports {
			portNames[p.Name] = p.ContainerPort
		}
		for name, pr := range map[string]struct {
			p    *probe
			path string
		}{"liveness": {c.LivenessProbe, "/healthz"}, "readiness": {c.ReadinessProbe, "/readyz"}} {
			if pr.p == nil || pr.p.HTTPGet == nil {
				t.Errorf("%s: no HTTP %s probe", where, name)
				continue
			}
			if pr.p.HTTPGet.Path != pr.path {
				t.Errorf("%s: %s probe on %s, want %s", where, name, pr.p.HTTPGet.Path, pr.path)
			}
			got := 0
			switch v := pr.p.HTTPGet.Port.(type) {
			case int:
				got = v
			case string:
				got = portNames[v]
			}
			if got != port {
				t.Errorf("%s: %s probe on port %v (%d), but HTTP_ADDR is %q", where, name, pr.p.HTTPGet.Port, got, cfg.HTTPAddr)
			}
		}

		// Runs as non-root on a read-only root, within limits, and is
		// given longer than SHUTDOWN_TIMEOUT to drain.
		nonRoot := (c.SecurityContext.RunAsNonRoot != nil && *c.SecurityContext.RunAsNonRoot) ||
			(pod.SecurityContext.RunAsNonRoot != nil && *pod.SecurityContext.RunAsNonRoot)
		if !nonRoot || !c.SecurityContext.ReadOnlyRootFilesystem ||
			c.SecurityContext.AllowPrivilegeEscalation == nil || *c.SecurityContext.AllowPrivilegeEscalation ||
			!slices.Contains(c.SecurityContext.Capabilities.Drop, "ALL") {
			t.Errorf("%s: want runAsNonRoot, readOnlyRootFilesystem, no privilege escalation, capabilities dropped", where)
		}
		if c.Resources.Limits["memory"] == "" || c.Resources.Requests["cpu"] == "" {
			t.Errorf("%s: want a memory limit and a CPU request", where)
		}
		grace := 30 * time.Second // Kubernetes' default
		if p := pod.TerminationGracePeriodSeconds; p != nil {
			grace = time.Duration(*p) * time.Second
		}
		if grace <= cfg.ShutdownTimeout {
			t.Errorf("%s: terminationGracePeriodSeconds %v must exceed SHUTDOWN_TIMEOUT %v", where, grace, cfg.ShutdownTimeout)
		}
	}
	if !sawTelegram || !sawDiscord {
		t.Errorf("want a Telegram workload (%v) and a Discord workload (%v)", sawTelegram, sawDiscord)
	}
}

// checkShards checks the Discord StatefulSet: each pod's shard id is its
// index, the count matches the replicas, and the bot accepts every pod's
// settings (and would refuse one pod too many).
func checkShards(t *testing.T, where string, w botWorkload, env map[string]string, replicas int) config.Config {
	t.Helper()
	if w.doc.Kind != "StatefulSet" {
		t.Errorf("%s: Discord shards need a StatefulSet (stable pod indexes)", where)
	}
	var fromIndex bool
	for _, e := range w.c.Env {
		if e.Name == "DISCORD_SHARD_ID" && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil &&
			e.ValueFrom.FieldRef.FieldPath == "metadata.labels['apps.kubernetes.io/pod-index']" {
			fromIndex = true
		}
	}
	if !fromIndex {
		t.Errorf("%s: DISCORD_SHARD_ID must come from the pod-index label", where)
	}
	var cfg config.Config
	for i := range replicas {
		env["DISCORD_SHARD_ID"] = strconv.Itoa(i)
		cfg = load(t, where+" pod "+strconv.Itoa(i), env)
	}
	if cfg.DiscordShardCount != replicas {
		t.Errorf("%s: DISCORD_SHARD_COUNT %d but %d replicas", where, cfg.DiscordShardCount, replicas)
	}
	return cfg
}

func checkIngress(t *testing.T, docs []k8sDoc, webhook string) {
	t.Helper()
	u, err := url.Parse(webhook)
	if err != nil || u.Scheme != "https" {
		t.Errorf("TELEGRAM_WEBHOOK_URL %q: Telegram needs https", webhook)
		return
	}
	for _, d := range docs {
		if d.Kind != "Ingress" {
			continue
		}
		for _, r := range d.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				if r.Host == u.Host && p.Path == u.Path {
					if _, ok := find(docs, "Service", p.Backend.Service.Name); !ok {
						t.Errorf("Ingress %s routes %s to Service %s, which does not exist", d.Metadata.Name, p.Path, p.Backend.Service.Name)
					}
					return
				}
			}
		}
	}
	t.Errorf("no Ingress routes %s%s (TELEGRAM_WEBHOOK_URL)", u.Host, u.Path)
}

func TestKubernetesRedisIsDurable(t *testing.T) {
	t.Parallel()
	docs := manifests(t)
	r, ok := find(docs, "StatefulSet", "redis")
	if !ok {
		t.Fatal("no redis StatefulSet")
	}
	if len(r.Spec.VolumeClaimTemplates) == 0 {
		t.Error("redis has no PersistentVolumeClaim template")
	}
	c := r.Spec.Template.Spec.Containers[0]
	cmd := strings.Join(append(c.Command, c.Args...), " ")
	for _, want := range []string{"--appendonly yes", "--appendfsync always", "--dir /data"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("redis command %q lacks %q", cmd, want)
		}
	}
	if !strings.Contains(cmd, "requirepass") || strings.Contains(cmd, "--requirepass") {
		t.Errorf("redis must take its password from stdin config, not argv: %q", cmd)
	}
}

// --- systemd ---

func unit(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(read(t, "systemd/clubcoach.service")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Errorf("unit line %q is not Key=Value", line)
			continue
		}
		out[k] = append(out[k], v)
	}
	return out
}

func TestSystemdUnit(t *testing.T) {
	t.Parallel()
	u := unit(t)
	want := map[string]string{
		"EnvironmentFile": "/etc/clubcoach/env",
		"StateDirectory":  "clubcoach",
		"DynamicUser":     "yes",
		"Restart":         "on-failure",
		"KillSignal":      "SIGTERM",
		"StandardInput":   "null",
		// A restart loop never gives up for good; config errors (exit 2)
		// are not restarted.
		"StartLimitIntervalSec":    "0",
		"RestartPreventExitStatus": "2",
	}
	for k, v := range want {
		if !slices.Contains(u[k], v) {
			t.Errorf("unit %s = %q, want %q", k, u[k], v)
		}
	}
	_, env := envExample(t)
	for _, e := range u["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		checkKnown(t, "clubcoach.service Environment=", []string{k})
		env[k] = strings.ReplaceAll(v, "%S", "/var/lib")
	}
	cfg := load(t, "clubcoach.service", env)
	if cfg.DataDir != "/var/lib/clubcoach" {
		t.Errorf("DATA_DIR = %q, want the StateDirectory /var/lib/clubcoach", cfg.DataDir)
	}
	stop, err := time.ParseDuration(strings.Join(u["TimeoutStopSec"], ""))
	if err != nil || stop <= cfg.ShutdownTimeout {
		t.Errorf("TimeoutStopSec %v (%v) must exceed SHUTDOWN_TIMEOUT %v", u["TimeoutStopSec"], err, cfg.ShutdownTimeout)
	}
}

// systemd's own checks, where systemd-analyze is installed: the unit
// verifies, and its exposure score stays at or below 2.0 ("OK").
func TestSystemdAnalyze(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze not installed")
	}
	// verify wants ExecStart to exist: point it at a binary that does.
	dir := t.TempDir()
	text := strings.Replace(read(t, "systemd/clubcoach.service"), "ExecStart=/usr/local/bin/clubcoach", "ExecStart="+must(exec.LookPath("true")), 1)
	path := filepath.Join(dir, "clubcoach.service")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("systemd-analyze", "verify", path).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err := exec.Command("systemd-analyze", "security", "--offline=yes", "--threshold=20", path).CombinedOutput()
	if err != nil {
		t.Errorf("systemd-analyze security: exposure above 2.0 (%v)\n%s", err, out[max(0, len(out)-400):])
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

// --- Dockerfile and the one build command ---

// dockerfile returns the instructions, continuation lines joined.
func dockerfile(t *testing.T) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(read(t, "Dockerfile"), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		out = append(out, strings.Join(strings.Fields(cur.String()), " "))
		cur.Reset()
	}
	return out
}

func TestDockerfileUsesTheSharedBuildCommand(t *testing.T) {
	t.Parallel()
	var builds, froms []string
	var entry, user, copyBin string
	var env, volume []string
	for _, ins := range dockerfile(t) {
		op, rest, _ := strings.Cut(ins, " ")
		switch strings.ToUpper(op) {
		case "FROM":
			froms = append(froms, rest)
		case "RUN":
			if strings.Contains(rest, "go build") {
				t.Errorf("Dockerfile runs its own go build (%q): use deploy/build.sh", rest)
			}
			if strings.Contains(rest, "build.sh") {
				builds = append(builds, rest)
			}
		case "COPY":
			if strings.HasPrefix(rest, "--from=build /out/clubcoach ") {
				copyBin = strings.TrimPrefix(rest, "--from=build /out/clubcoach ")
			}
		case "ENTRYPOINT":
			entry = rest
		case "USER":
			user = rest
		case "ENV":
			env = append(env, strings.Fields(rest)...)
		case "VOLUME":
			volume = append(volume, rest)
		}
	}
	if len(builds) != 1 || !strings.HasSuffix(builds[0], "./deploy/build.sh /out/clubcoach") {
		t.Errorf("Dockerfile build steps %q, want one RUN … ./deploy/build.sh /out/clubcoach", builds)
	}
	if copyBin == "" || entry != `["`+copyBin+`"]` {
		t.Errorf("the binary is copied to %q but the entrypoint is %s", copyBin, entry)
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || uid == "root" {
		t.Errorf("USER %q: the image must run as non-root", user)
	}
	if !slices.Contains(env, "DATA_DIR=/data") || !slices.Contains(volume, `["/data"]`) {
		t.Errorf("want ENV DATA_DIR=/data and VOLUME [\"/data\"], got ENV %q VOLUME %q", env, volume)
	}
	var envNames []string
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		envNames = append(envNames, k)
	}
	checkKnown(t, "Dockerfile ENV", envNames)

	// The builder's Go is the go.mod's.
	goMod := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(read(t, "../go.mod"))
	if len(froms) < 2 || goMod == nil || !strings.HasPrefix(froms[0], "golang:"+goMod[1]+" ") {
		t.Errorf("stages %q: want a golang:%v builder and a runtime stage", froms, goMod)
	}

	// make build (what CI runs) goes through the same script.
	mk := read(t, "../Makefile")
	if !regexp.MustCompile(`(?m)^build:.*\n\t\./deploy/build\.sh \S+`).MatchString(mk) {
		t.Error("the Makefile's build target does not run ./deploy/build.sh")
	}
	if ci, err := os.ReadFile("../.ci/run"); err != nil || !bytes.Contains(ci, []byte("make build")) {
		t.Errorf(".ci/run does not run make build (%v)", err)
	}
}

// The script's flags give what the image needs: a static, stripped,
// trimmed binary with the zone database inside.
func TestBuildScriptMakesAStaticBinaryWithZones(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	out := filepath.Join(t.TempDir(), "tzcheck")
	cmd := exec.Command("./build.sh", out, "./deploy/testdata/tzcheck")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build.sh: %v\n%s", err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary asks for a dynamic loader: not static")
		}
	}
	// -ldflags is not recorded with -trimpath: check its effects instead.
	for _, s := range f.Sections {
		if s.Name == ".symtab" || strings.HasPrefix(s.Name, ".debug_") || strings.HasPrefix(s.Name, ".zdebug_") {
			t.Errorf("the binary has section %s: -ldflags=\"-s -w\" not applied", s.Name)
		}
	}
	bi, err := buildinfo.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	for k, v := range map[string]string{"CGO_ENABLED": "0", "-tags": "timetzdata", "-trimpath": "true"} {
		if settings[k] != v {
			t.Errorf("build setting %s = %q, want %q", k, settings[k], v)
		}
	}
	got, err := exec.Command(out).Output()
	if err != nil || strings.TrimSpace(string(got)) != "3600" {
		t.Errorf("built binary: %q %v, want Europe/London's summer offset 3600", got, err)
	}
}
