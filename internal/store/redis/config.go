package redisstore

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The Redis URL forms Open accepts. go-redis parses single-node, Cluster and
// Sentinel URLs with three different functions and would happily build a
// Cluster client from a plain URL, so each form here has its own scheme and
// is parsed explicitly:
//
//	redis://[[user]:pass@]host[:port][/db][?opt=v…]           one node (TLS: rediss://)
//	redis-cluster://[[user]:pass@]host:port[,host:port…][?opt=v…]   Cluster seeds (TLS: rediss-cluster://)
//	redis-sentinel://[[user]:pass@]host:port[,host:port…][/db]?master=name[&sentinel_password=p][&opt=v…]
//	                                                          Sentinel (TLS: rediss-sentinel://)
//
// The port defaults to 6379 (26379 for Sentinel addresses). Credentials in
// the URL are the data nodes' (for Sentinel, the master's and replicas');
// a password for the Sentinels themselves goes in sentinel_password.
// Cluster has only database 0, so a cluster URL takes no /db. Other query
// options are go-redis's own (dial_timeout=2s, pool_size=20, …). Characters
// such as '@', ':' or '/' in a password must be percent-encoded.
const (
	schemeRedis     = "redis"
	schemeCluster   = "redis-cluster"
	schemeSentinel  = "redis-sentinel"
	defaultPort     = "6379"
	defaultSentPort = "26379"
)

// Defaults applied when the URL does not set them: an outage must turn into
// an error within a few seconds, not a hang (see Open).
const (
	defaultTimeout    = 3 * time.Second
	defaultDial       = 2 * time.Second
	defaultMaxRetries = 1
	defaultDialTries  = 1
)

// endpoint is a parsed Redis URL: the client options of exactly one kind,
// a printable address without credentials, and the secrets to scrub from
// any message.
type endpoint struct {
	kind     string // "node", "cluster" or "sentinel"
	addr     string // "host:port", "h1:p1,h2:p2", or "sentinel h:p (master m)"
	node     *redis.Options
	cluster  *redis.ClusterOptions
	sentinel *redis.FailoverOptions
	secrets  []string
}

// parseURL turns a Redis URL into client options. Its errors never contain
// the URL's password: they name the part that is wrong.
func parseURL(raw string) (*endpoint, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("redis URL is empty")
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil, errors.New("redis URL has no scheme: want redis://, rediss://, redis-cluster:// or redis-sentinel://")
	}
	scheme = strings.ToLower(scheme)
	tlsOn := false
	base := scheme
	switch scheme {
	case "rediss", "rediss-cluster", "rediss-sentinel":
		tlsOn = true
		base = "redis" + strings.TrimPrefix(scheme, "rediss")
	case schemeRedis, schemeCluster, schemeSentinel:
	default:
		return nil, fmt.Errorf("redis URL scheme %q not supported: want redis://, rediss://, redis-cluster:// or redis-sentinel:// (rediss-… for TLS)", scheme)
	}

	// Split authority / path / query by hand: a host list "a:1,b:2" is not
	// a valid URL host for net/url.
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if strings.Contains(tail, "#") {
		return nil, errors.New("redis URL must not have a #fragment")
	}
	userinfo, hostlist := "", authority
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		userinfo, hostlist = authority[:i], authority[i+1:]
	}
	var user *url.Userinfo
	var secrets []string
	if userinfo != "" {
		// Parse the userinfo alone so a bad escape is reported without it.
		u, err := url.Parse("redis://" + userinfo + "@x")
		if err != nil || u.User == nil {
			return nil, errors.New("redis URL has malformed credentials (percent-encode special characters)")
		}
		user = u.User
		if p, ok := user.Password(); ok && p != "" {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
		secrets = append(secrets, userinfo)
	}
	port := defaultPort
	if base == schemeSentinel {
		port = defaultSentPort
	}
	hosts, err := splitHosts(hostlist, port)
	if err != nil {
		return nil, err
	}
	path, query := tail, ""
	if i := strings.Index(tail, "?"); i >= 0 {
		path, query = tail[:i], tail[i+1:]
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, errors.New("redis URL has a malformed query string")
	}
	for _, name := range []string{"password", "sentinel_password"} {
		for _, v := range q[name] {
			if v != "" {
				secrets = append(secrets, v, url.QueryEscape(v))
			}
		}
	}
	if q.Has("addr") {
		return nil, errors.New("redis URL: list every address in the host part (host1:port,host2:port), not in addr=")
	}

	e := &endpoint{secrets: secrets}
	scrub := func(err error) error { return errors.New(e.redact(err.Error())) }
	switch base {
	case schemeRedis:
		if len(hosts) != 1 {
			return nil, errors.New("redis:// takes one address; use redis-cluster:// or redis-sentinel:// for several")
		}
		o, err := redis.ParseURL(rebuild("redis", tlsOn, user, hosts[0], path, q))
		if err != nil {
			return nil, fmt.Errorf("redis URL: %w", scrub(err))
		}
		e.kind, e.addr, e.node = "node", hosts[0], o
	case schemeCluster:
		if p := strings.Trim(path, "/"); p != "" && p != "0" {
			return nil, fmt.Errorf("redis-cluster URL: Cluster has only database 0, got /%s", p)
		}
		for _, h := range hosts[1:] {
			q.Add("addr", h)
		}
		o, err := redis.ParseClusterURL(rebuild("redis", tlsOn, user, hosts[0], "", q))
		if err != nil {
			return nil, fmt.Errorf("redis-cluster URL: %w", scrub(err))
		}
		if tlsOn {
			o.TLSConfig.MinVersion = tls.VersionTLS12
		}
		e.kind, e.addr, e.cluster = "cluster", strings.Join(hosts, ","), o
	case schemeSentinel:
		master := q.Get("master")
		if master == "" {
			master = q.Get("master_name")
		}
		if master == "" {
			return nil, errors.New("redis-sentinel URL needs ?master=<name>")
		}
		q.Del("master")
		q.Set("master_name", master)
		sentPass, hasSentPass := q.Get("sentinel_password"), q.Has("sentinel_password")
		q.Del("sentinel_password")
		if user != nil {
			// go-redis reads URL credentials as the Sentinels'; ours are the
			// data nodes', which it reads from username=/password=.
			if n := user.Username(); n != "" {
				q.Set("username", n)
			}
			if p, ok := user.Password(); ok {
				q.Set("password", p)
			}
		}
		for _, h := range hosts[1:] {
			q.Add("addr", h)
		}
		o, err := redis.ParseFailoverURL(rebuild("redis", tlsOn, nil, hosts[0], path, q))
		if err != nil {
			return nil, fmt.Errorf("redis-sentinel URL: %w", scrub(err))
		}
		if hasSentPass {
			o.SentinelPassword = sentPass
		}
		e.kind, e.sentinel = "sentinel", o
		e.addr = fmt.Sprintf("sentinel %s (master %s)", strings.Join(hosts, ","), master)
	}
	e.applyDefaults()
	return e, nil
}

// splitHosts splits "h1:p1,h2" into host:port pairs with the default port.
func splitHosts(list, port string) ([]string, error) {
	if list == "" {
		return nil, errors.New("redis URL has no host")
	}
	var out []string
	for _, h := range strings.Split(list, ",") {
		if h == "" {
			return nil, errors.New("redis URL has an empty address in its host list")
		}
		host, p := h, port
		if strings.HasPrefix(h, "[") { // IPv6 literal
			end := strings.Index(h, "]")
			if end < 0 {
				return nil, fmt.Errorf("redis URL address %q: unclosed [", h)
			}
			host = h[1:end]
			if r := h[end+1:]; r != "" {
				if !strings.HasPrefix(r, ":") {
					return nil, fmt.Errorf("redis URL address %q: want [ipv6]:port", h)
				}
				p = r[1:]
			}
		} else if i := strings.LastIndex(h, ":"); i >= 0 {
			host, p = h[:i], h[i+1:]
		}
		if host == "" || p == "" || strings.ContainsAny(host, " /[]@") {
			return nil, fmt.Errorf("redis URL address %q: want host:port", h)
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("redis URL address %q: port must be a number", h)
			}
		}
		out = append(out, net.JoinHostPort(host, p))
	}
	return out, nil
}

// rebuild writes a single-host URL of the form go-redis's parsers expect.
func rebuild(scheme string, tlsOn bool, user *url.Userinfo, host, path string, q url.Values) string {
	if tlsOn {
		scheme += "s"
	}
	u := url.URL{Scheme: scheme, User: user, Host: host, Path: path, RawQuery: q.Encode()}
	return u.String()
}

// redact removes every secret of the URL from s.
func (e *endpoint) redact(s string) string {
	for _, sec := range e.secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "xxxxx")
		}
	}
	return s
}

// applyDefaults sets the fail-fast timeouts where the URL left them unset.
func (e *endpoint) applyDefaults() {
	set := func(read, write, dial *time.Duration, retries, dialTries *int, ctxTimeout *bool) {
		if *read == 0 {
			*read = defaultTimeout
		}
		if *write == 0 {
			*write = defaultTimeout
		}
		if *dial == 0 {
			*dial = defaultDial
		}
		if *retries == 0 {
			*retries = defaultMaxRetries
		}
		if *dialTries == 0 {
			*dialTries = defaultDialTries
		}
		if ctxTimeout != nil {
			*ctxTimeout = true
		}
	}
	switch {
	case e.node != nil:
		o := e.node
		set(&o.ReadTimeout, &o.WriteTimeout, &o.DialTimeout, &o.MaxRetries, &o.DialerRetries, &o.ContextTimeoutEnabled)
	case e.cluster != nil:
		o := e.cluster
		set(&o.ReadTimeout, &o.WriteTimeout, &o.DialTimeout, &o.MaxRetries, &o.DialerRetries, &o.ContextTimeoutEnabled)
	case e.sentinel != nil:
		o := e.sentinel
		set(&o.ReadTimeout, &o.WriteTimeout, &o.DialTimeout, &o.MaxRetries, &o.DialerRetries, &o.ContextTimeoutEnabled)
	}
}

// readTimeout is the connection read timeout in force.
func (e *endpoint) readTimeout() time.Duration {
	switch {
	case e.cluster != nil:
		return e.cluster.ReadTimeout
	case e.sentinel != nil:
		return e.sentinel.ReadTimeout
	default:
		return e.node.ReadTimeout
	}
}

// client builds the go-redis client for the endpoint.
func (e *endpoint) client() redis.UniversalClient {
	switch {
	case e.cluster != nil:
		return redis.NewClusterClient(e.cluster)
	case e.sentinel != nil:
		return redis.NewFailoverClient(e.sentinel)
	default:
		return redis.NewClient(e.node)
	}
}
