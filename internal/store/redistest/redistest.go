// Package redistest runs real redis-server processes for tests: no mocks.
// Start gives a test a Redis URL (TEST_REDIS_URL when set, else a private
// server); StartServer always starts a private server that a fault test can
// kill and restart on the same port and data directory.
package redistest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvURL names the variable that points tests at an existing Redis.
const EnvURL = "TEST_REDIS_URL"

// Start returns the URL of a Redis for t: TEST_REDIS_URL when set (then
// give each test its own key prefix with Prefix instead of flushing a
// shared database), otherwise a private redis-server stopped at cleanup.
func Start(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	return StartServer(t).URL
}

// Prefix returns a key prefix unique to this call, for tests sharing one
// Redis.
func Prefix(t testing.TB) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, t.Name())
	if len(name) > 40 {
		name = name[len(name)-40:]
	}
	return "cct:" + name + ":" + hex.EncodeToString(b) + ":"
}

// Server is a private redis-server with AOF on, in a temp directory.
type Server struct {
	t    testing.TB
	Port int
	Dir  string
	URL  string // redis://127.0.0.1:<port>/0
	Args []string

	mu   sync.Mutex
	proc *proc
	log  string
}

// StartServer starts a private redis-server (appendonly yes, no RDB
// snapshots) on a free loopback port and stops it at cleanup. A missing
// redis-server fails the test: CI installs it, and skipping would hide
// the Redis store from the test run.
func StartServer(t testing.TB, extraArgs ...string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found in PATH: install it (Debian/Ubuntu: apt-get install -y redis-server) or set %s", EnvURL)
	}
	s := &Server{t: t, Dir: t.TempDir()}
	var lastErr error
	for range 5 { // a free port can be taken between probe and bind
		s.Port = freePort(t)
		s.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", s.Port)
		s.Args = append([]string{
			"--port", fmt.Sprint(s.Port), "--bind", "127.0.0.1", "--dir", s.Dir,
			"--appendonly", "yes", "--save", "", "--daemonize", "no",
			"--logfile", "redis.log",
		}, extraArgs...)
		s.log = filepath.Join(s.Dir, "redis.log")
		if lastErr = s.start(bin); lastErr == nil {
			t.Cleanup(s.stop)
			return s
		}
	}
	t.Fatalf("start redis-server: %v", lastErr)
	return nil
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start launches the process and waits (up to 10 s) until it answers PING.
func (s *Server) start(bin string) error {
	cmd := exec.Command(bin, s.Args...)
	cmd.Dir = s.Dir
	setDeathSignal(cmd)
	// Start-up complaints (a bad argument) go to stdout before the log
	// file is set up.
	out, err := os.OpenFile(filepath.Join(s.Dir, "stdout.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return err
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := ping(s.Port); err == nil {
			s.mu.Lock()
			s.proc = p
			s.mu.Unlock()
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("redis-server exited (%v): %s", p.err, tail(s.log))
		case <-time.After(10 * time.Millisecond): // poll interval, not a guess at readiness
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-p.done
			return fmt.Errorf("redis-server on port %d did not answer PING within 10s: %s", s.Port, tail(s.log))
		}
	}
}

// proc is one run of redis-server; done closes when it has exited.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// ping sends an inline PING and expects +PONG.
func ping(port int) error {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	// A password-protected server answering NOAUTH is up, too.
	if !strings.HasPrefix(line, "+PONG") && !strings.HasPrefix(line, "-NOAUTH") {
		return errors.New(strings.TrimSpace(line))
	}
	return nil
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	o, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "stdout.log"))
	b = append(o, b...)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// Kill ends the server with SIGKILL, as a crash would, and waits for it.
// Writes Redis acknowledged are in the AOF file already.
func (s *Server) Kill() {
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// Restart starts the server again on the same port and directory (after
// Kill, or killing it first), so it reloads its AOF.
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.start(bin); err != nil {
		s.t.Fatalf("restart redis-server: %v", err)
	}
}

func (s *Server) stop() { s.Kill() }

// StartCluster starts a private one-node Redis Cluster that owns every
// slot, and returns it with URL in the redis-cluster:// form. One node is
// enough to prove the store's scripts and transactions never cross slots:
// Redis in cluster mode refuses CROSSSLOT commands even on one node.
func StartCluster(t testing.TB) *Server {
	t.Helper()
	s := StartServer(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
	if _, err := Do(s.Port, "CLUSTER", "ADDSLOTSRANGE", "0", "16383"); err != nil {
		t.Fatalf("assign cluster slots: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err := Do(s.Port, "CLUSTER", "INFO")
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster not ok within 10s: %v %s", err, info)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
	s.URL = fmt.Sprintf("redis-cluster://127.0.0.1:%d", s.Port)
	return s
}

// Do sends one command to the server on port and returns its reply as
// text (a status, an integer, or a bulk string); a Redis error is an error.
func Do(port int, args ...string) (string, error) {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		return "", err
	}
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	switch {
	case strings.HasPrefix(line, "-"):
		return "", errors.New(line[1:])
	case strings.HasPrefix(line, "$"):
		var n int
		if _, err := fmt.Sscanf(line, "$%d", &n); err != nil || n < 0 {
			return "", err
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	default:
		return line[1:], nil
	}
}

// StartSentinel starts a Sentinel (redis-server --sentinel) that monitors
// master as masterName with quorum 1, authenticating to it with authPass
// when set, and waits until it knows the master. The returned Server's URL
// is in the redis-sentinel:// form, with authPass as the data password.
func StartSentinel(t testing.TB, master *Server, masterName, authPass string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found in PATH: install it (Debian/Ubuntu: apt-get install -y redis-server) or set %s", EnvURL)
	}
	s := &Server{t: t, Dir: t.TempDir()}
	s.log = filepath.Join(s.Dir, "redis.log")
	var lastErr error
	for range 5 {
		s.Port = freePort(t)
		conf := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nlogfile redis.log\nsentinel monitor %s 127.0.0.1 %d 1\n",
			s.Port, s.Dir, masterName, master.Port)
		if authPass != "" {
			conf += fmt.Sprintf("sentinel auth-pass %s %q\n", masterName, authPass)
		}
		path := filepath.Join(s.Dir, "sentinel.conf")
		if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		s.Args = []string{path, "--sentinel"}
		if lastErr = s.start(bin); lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		t.Fatalf("start sentinel: %v", lastErr)
	}
	t.Cleanup(s.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := Do(s.Port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName)
		if err == nil && r != "-1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sentinel does not know master %s: %v %q", masterName, err, r)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
	cred := ""
	if authPass != "" {
		cred = url.UserPassword("", authPass).String() + "@"
	}
	s.URL = fmt.Sprintf("redis-sentinel://%s127.0.0.1:%d/0?master=%s", cred, s.Port, masterName)
	return s
}
