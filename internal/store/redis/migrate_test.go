package redisstore_test

import (
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	redisstore "github.com/clubcoach/clubcoach/internal/store/redis"
	"github.com/clubcoach/clubcoach/internal/store/redistest"
	"github.com/clubcoach/clubcoach/internal/store/storetest"
)

// A Redis written before runs and reports were packed (keys restored from
// DUMPs taken of it) is migrated on Open and reads as before; replicas
// opening at once migrate it once.
func TestMigratesSchemaVersion1(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../testdata/v1-redis-dump.json")
	if err != nil {
		t.Fatal(err)
	}
	var dumps map[string]string
	if err := json.Unmarshal(raw, &dumps); err != nil {
		t.Fatal(err)
	}
	url := redistest.Start(t)
	prefix := redistest.Prefix(t)
	plain, err := redisstore.Open(t.Context(), redisstore.Config{URL: url, Prefix: prefix + "probe:"})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for k, hx := range dumps {
		if strings.HasPrefix(k, "#") {
			continue
		}
		b, err := hex.DecodeString(hx)
		if err != nil {
			t.Fatal(err)
		}
		if err := plain.Client().Restore(t.Context(), prefix+k, 0, string(b)).Err(); err != nil {
			t.Skipf("this redis-server cannot RESTORE the fixture's dump (%s): %v", dumps["#redis_version"], err)
		}
	}
	var wg sync.WaitGroup
	stores := make([]*redisstore.Store, 3)
	errs := make([]error, 3)
	for i := range stores {
		wg.Go(func() {
			stores[i], errs[i] = redisstore.Open(t.Context(), redisstore.Config{URL: url, Prefix: prefix, Logger: slog.New(slog.DiscardHandler)})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	for _, old := range []string{"runs", "runs:seq", "pains"} {
		if n, _ := plain.Client().Exists(t.Context(), prefix+"{"+storetest.V1Member+"}:"+old).Result(); n != 0 {
			t.Errorf("version 1 key %s left behind", old)
		}
	}
	storetest.CheckV1Store(t, stores[1], "../testdata/v1-redis-export.json")
}
