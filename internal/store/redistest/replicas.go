package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// StartReplica starts a private redis-server (AOF on, like StartServer)
// replicating master, and waits until its link to the master is up.
func StartReplica(t testing.TB, master *Server, extraArgs ...string) *Server {
	t.Helper()
	args := append([]string{"--replicaof", "127.0.0.1", fmt.Sprint(master.Port)}, extraArgs...)
	r := StartServer(t, args...)
	WaitFor(t, fmt.Sprintf("replica :%d linked to master :%d", r.Port, master.Port), func() bool {
		info, err := Do(r.Port, "INFO", "replication")
		return err == nil && strings.Contains(info, "master_link_status:up")
	})
	return r
}

// WaitFor polls cond every 10 ms until it holds, failing t after 45 s
// (a Sentinel failover takes its 10 s INFO rounds).
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("redistest: timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// Cluster is a private Redis Cluster of several processes.
type Cluster struct {
	Masters  []*Server
	Replicas []*Server // Replicas[i] replicates Masters[i]; empty without replicas
	URL      string    // redis-cluster://every master
}

// StartClusterNodes starts a Redis Cluster of masters nodes, the slots
// split evenly between them, each with one replica when withReplicas is
// set, and waits until every node sees the whole cluster in state ok.
func StartClusterNodes(t testing.TB, masters int, withReplicas bool) *Cluster {
	t.Helper()
	c := &Cluster{}
	args := []string{"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"}
	for range masters {
		c.Masters = append(c.Masters, StartServer(t, args...))
		if withReplicas {
			c.Replicas = append(c.Replicas, StartServer(t, args...))
		}
	}
	all := append(append([]*Server{}, c.Masters...), c.Replicas...)
	for _, n := range all[1:] {
		if _, err := Do(n.Port, "CLUSTER", "MEET", "127.0.0.1", fmt.Sprint(all[0].Port)); err != nil {
			t.Fatalf("cluster meet: %v", err)
		}
	}
	per := 16384 / masters
	var addrs []string
	for i, m := range c.Masters {
		lo, hi := i*per, (i+1)*per-1
		if i == masters-1 {
			hi = 16383
		}
		if _, err := Do(m.Port, "CLUSTER", "ADDSLOTSRANGE", fmt.Sprint(lo), fmt.Sprint(hi)); err != nil {
			t.Fatalf("assign cluster slots: %v", err)
		}
		addrs = append(addrs, fmt.Sprintf("127.0.0.1:%d", m.Port))
	}
	WaitFor(t, "every node to know the cluster", func() bool {
		for _, n := range all {
			info, err := Do(n.Port, "CLUSTER", "INFO")
			if err != nil || !strings.Contains(info, fmt.Sprintf("cluster_known_nodes:%d", len(all))) {
				return false
			}
		}
		return true
	})
	for i, r := range c.Replicas {
		id := c.Masters[i].NodeID()
		WaitFor(t, "replica to take its master", func() bool {
			_, err := Do(r.Port, "CLUSTER", "REPLICATE", id)
			return err == nil
		})
	}
	WaitFor(t, "cluster state ok with replicas linked", func() bool {
		for _, n := range all {
			info, err := Do(n.Port, "CLUSTER", "INFO")
			if err != nil || !strings.Contains(info, "cluster_state:ok") {
				return false
			}
		}
		for _, r := range c.Replicas {
			info, err := Do(r.Port, "INFO", "replication")
			if err != nil || !strings.Contains(info, "master_link_status:up") {
				return false
			}
		}
		for _, m := range c.Masters {
			// Every master must list each replica in CLUSTER SLOTS (what
			// clients read) before the cluster is handed over.
			nodes, err := Do(m.Port, "CLUSTER", "NODES")
			if err != nil || strings.Count(nodes, "slave") < len(c.Replicas) {
				return false
			}
		}
		return true
	})
	c.URL = "redis-cluster://" + strings.Join(addrs, ",")
	return c
}

// NodeID is the server's Cluster node id.
func (s *Server) NodeID() string {
	s.t.Helper()
	id, err := Do(s.Port, "CLUSTER", "MYID")
	if err != nil {
		s.t.Fatalf("cluster myid: %v", err)
	}
	return id
}

// DoList sends one command and returns an array reply's elements as text
// (bulk strings and integers, one level deep).
func DoList(port int, args ...string) ([]string, error) {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		return nil, err
	}
	r := bufio.NewReader(c)
	line, err := readLine(r)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(line, "-") {
		return nil, errors.New(line[1:])
	}
	var n int
	if _, err := fmt.Sscanf(line, "*%d", &n); err != nil {
		return nil, fmt.Errorf("not an array reply: %q", line)
	}
	out := make([]string, 0, max(n, 0))
	for range n {
		line, err := readLine(r)
		if err != nil {
			return nil, err
		}
		switch {
		case strings.HasPrefix(line, "$"):
			var l int
			if _, err := fmt.Sscanf(line, "$%d", &l); err != nil || l < 0 {
				out = append(out, "")
				continue
			}
			buf := make([]byte, l+2)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, err
			}
			out = append(out, string(buf[:l]))
		default:
			out = append(out, line[1:])
		}
	}
	return out, nil
}

func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
