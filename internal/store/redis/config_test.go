package redisstore

import (
	"strings"
	"testing"
	"time"
)

func TestParseURLNode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, addr, user, pass string
		db                    int
		tls                   bool
	}{
		{"redis://localhost", "localhost:6379", "", "", 0, false},
		{"redis://localhost:6380/2", "localhost:6380", "", "", 2, false},
		{"redis://:pw@10.0.0.1:6379/0", "10.0.0.1:6379", "", "pw", 0, false},
		{"redis://bot:p%40ss%3Aw%2Frd@cache:6379/1", "cache:6379", "bot", "p@ss:w/rd", 1, false},
		{"rediss://bot:pw@cache.example.com:6380", "cache.example.com:6380", "bot", "pw", 0, true},
		{"REDIS://h", "h:6379", "", "", 0, false},
		{"redis://[::1]:6390/3", "[::1]:6390", "", "", 3, false},
	} {
		e, err := parseURL(tc.url)
		if err != nil {
			t.Errorf("%s: %v", tc.url, err)
			continue
		}
		o := e.node
		if e.kind != "node" || o == nil {
			t.Errorf("%s: kind %s", tc.url, e.kind)
			continue
		}
		if e.addr != tc.addr || o.Addr != tc.addr || o.Username != tc.user || o.Password != tc.pass || o.DB != tc.db || (o.TLSConfig != nil) != tc.tls {
			t.Errorf("%s: addr %q/%q user %q pass %q db %d tls %v", tc.url, e.addr, o.Addr, o.Username, o.Password, o.DB, o.TLSConfig != nil)
		}
		if o.ReadTimeout != defaultTimeout || o.WriteTimeout != defaultTimeout || o.DialTimeout != defaultDial ||
			o.MaxRetries != defaultMaxRetries || o.DialerRetries != defaultDialTries || !o.ContextTimeoutEnabled {
			t.Errorf("%s: fail-fast defaults not applied: %+v", tc.url, o)
		}
	}
	// Options in the URL win over the defaults.
	e, err := parseURL("redis://h?dial_timeout=5s&read_timeout=1s&max_retries=3&pool_size=7")
	if err != nil {
		t.Fatal(err)
	}
	if o := e.node; o.DialTimeout != 5*time.Second || o.ReadTimeout != time.Second || o.MaxRetries != 3 || o.PoolSize != 7 {
		t.Errorf("URL options lost: %+v", o)
	}
}

func TestParseURLCluster(t *testing.T) {
	t.Parallel()
	e, err := parseURL("redis-cluster://bot:pw@n1:7000,n2:7001,n3?read_timeout=2s")
	if err != nil {
		t.Fatal(err)
	}
	o := e.cluster
	if e.kind != "cluster" || o == nil {
		t.Fatalf("kind %s", e.kind)
	}
	if got := strings.Join(o.Addrs, ","); got != "n1:7000,n2:7001,n3:6379" || e.addr != got {
		t.Errorf("addrs %q, addr %q", got, e.addr)
	}
	if o.Username != "bot" || o.Password != "pw" || o.TLSConfig != nil || o.ReadTimeout != 2*time.Second || o.WriteTimeout != defaultTimeout {
		t.Errorf("options %+v", o)
	}
	e, err = parseURL("rediss-cluster://n1:7000/0")
	if err != nil {
		t.Fatal(err)
	}
	if e.cluster.TLSConfig == nil || e.cluster.TLSConfig.ServerName != "n1" {
		t.Errorf("rediss-cluster: TLS %+v", e.cluster.TLSConfig)
	}
}

func TestParseURLSentinel(t *testing.T) {
	t.Parallel()
	e, err := parseURL("redis-sentinel://:pw@s1:26379,s2/2?master=mymaster")
	if err != nil {
		t.Fatal(err)
	}
	o := e.sentinel
	if e.kind != "sentinel" || o == nil {
		t.Fatalf("kind %s", e.kind)
	}
	if got := strings.Join(o.SentinelAddrs, ","); got != "s1:26379,s2:26379" {
		t.Errorf("sentinel addrs %q", got)
	}
	if o.MasterName != "mymaster" || o.DB != 2 || o.Password != "pw" || o.SentinelPassword != "" || o.TLSConfig != nil {
		t.Errorf("options: master %q db %d pass %q sentinel pass %q", o.MasterName, o.DB, o.Password, o.SentinelPassword)
	}
	if e.addr != "sentinel s1:26379,s2:26379 (master mymaster)" {
		t.Errorf("addr %q", e.addr)
	}
	e, err = parseURL("rediss-sentinel://bot:pw@s1?master_name=m&sentinel_password=sp")
	if err != nil {
		t.Fatal(err)
	}
	o = e.sentinel
	if o.MasterName != "m" || o.Username != "bot" || o.Password != "pw" || o.SentinelPassword != "sp" || o.TLSConfig == nil {
		t.Errorf("options: %+v", o)
	}
}

func TestParseURLBad(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ url, want string }{
		{"", "empty"},
		{"localhost:6379", "no scheme"},
		{"http://localhost", "not supported"},
		{"unix:///tmp/redis.sock", "not supported"},
		{"redis://", "no host"},
		{"redis://h1:1,h2:2", "one address"},
		{"redis://h1:1,,h2:2", "empty address"},
		{"redis://h:abc", "port must be a number"},
		{"redis://h:", "want host:port"},
		{"redis://h/x", "database"},
		{"redis://h/1/2", "path"},
		{"redis://h?bogus=1", "bogus"},
		{"redis://h?password=x", "password"},
		{"redis://u:p%zz@h", "credentials"},
		{"redis://h?addr=h2:1", "host part"},
		{"redis://h#frag", "fragment"},
		{"redis-cluster://h1:7000/3", "database 0"},
		{"redis-sentinel://s1:26379", "master"},
		{"redis-sentinel://s1/x?master=m", "database"},
		{"redis://[::1:6379", "unclosed"},
	} {
		_, err := parseURL(tc.url)
		if err == nil {
			t.Errorf("%q: no error", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %q lacks %q", tc.url, err, tc.want)
		}
	}
}

// TestParseURLNeverShowsPassword feeds bad URLs carrying a password and
// checks no error repeats it, in plain or escaped form.
func TestParseURLNeverShowsPassword(t *testing.T) {
	t.Parallel()
	const pw = "S3cr3t+Pw"
	esc := "S3cr3t%2BPw"
	for _, u := range []string{
		"redis://u:" + esc + "@h:abc",
		"redis://u:" + esc + "@h/notadb",
		"redis://u:" + esc + "@h?dial_timeout=" + esc,
		"redis://u:" + esc + "@h?bogus=" + esc,
		"redis://u:" + esc + "@h1,h2",
		"redis-cluster://u:" + esc + "@h1:7000?read_timeout=" + esc,
		"redis-sentinel://u:" + esc + "@s1",
		"redis-sentinel://u:" + esc + "@s1?master=m&max_retries=" + esc,
		"redis-sentinel://s1?master=m&sentinel_password=" + esc + "&pool_size=" + esc,
		"redis://u:" + esc + "%zz@h",
		"ftp://u:" + esc + "@h",
	} {
		_, err := parseURL(u)
		if err == nil {
			t.Errorf("%s: no error", u)
			continue
		}
		for _, leak := range []string{pw, esc, "S3cr3t"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("error for a bad URL shows the password: %q", err)
			}
		}
	}
}
