package redisstore

import (
	"strconv"
	"strings"

	"github.com/clubcoach/clubcoach/internal/store"
)

// cadenceJSON decodes a cadence record in the one shape json.Marshal
// writes it, {"at":"<RFC 3339>","spm":<integer>}, into *c as
// json.Unmarshal would, and reports false (c untouched) for anything else,
// which the caller hands to encoding/json. /cadence reads a day's records
// on every call, and encoding/json spent more on them than the command's
// own work.
func cadenceJSON(raw string, c *store.Cadence) bool {
	rest, ok := strings.CutPrefix(raw, `{"at":"`)
	if !ok {
		return false
	}
	i := strings.IndexByte(rest, '"')
	if i < 0 {
		return false
	}
	at, rest := rest[:i], rest[i+1:]
	num, ok := strings.CutPrefix(rest, `,"spm":`)
	if !ok {
		return false
	}
	num, ok = strings.CutSuffix(num, "}")
	if !ok || !jsonInt(num) || strings.IndexByte(at, '\\') >= 0 {
		return false
	}
	spm, err := strconv.Atoi(num)
	if err != nil {
		return false
	}
	var v store.Cadence
	// time.Time's UnmarshalJSON parses the quoted text exactly so.
	if err := v.At.UnmarshalText([]byte(at)); err != nil {
		return false
	}
	v.SPM = spm
	*c = v
	return true
}

// jsonInt reports whether s is a JSON integer literal of at most 18
// digits: -?(0|[1-9][0-9]*).
func jsonInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
