package arch

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/clubcoach/clubcoach/"

// imports maps each package of the module (relative to it, e.g.
// "internal/commands") to the module packages it imports, tests excluded.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		pkg := strings.TrimPrefix(f[0], module)
		graph[pkg] = nil
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, module) {
				graph[pkg] = append(graph[pkg], strings.TrimPrefix(imp, module))
			}
		}
	}
	if len(graph) < 10 {
		t.Fatalf("go list found %d packages; the test would prove nothing", len(graph))
	}
	return graph
}

func under(pkg, prefix string) bool { return pkg == prefix || strings.HasPrefix(pkg, prefix+"/") }

func TestImportsKeepOneDirection(t *testing.T) {
	t.Parallel()
	adapters := []string{"internal/platforms/telegram", "internal/platforms/discord", "internal/platforms/console"}
	services := []string{"internal/member", "internal/challenge", "internal/training", "internal/escalation", "internal/club", "internal/privacy"}
	rules := []struct {
		from   []string // packages (and their subpackages) the rule is about
		forbid []string // they must not import these (nor their subpackages)
		why    string
	}{
		{adapters, []string{"internal/commands", "internal/store", "internal/scheduler", "internal/coach", "internal/ops"},
			"adapters speak the neutral platform types and the command vocabulary only"},
		{[]string{"internal/commands"}, append([]string{"internal/scheduler", "internal/ops"}, adapters...),
			"the router reaches reminders through an interface, never the scheduler package"},
		{[]string{"internal/scheduler"}, append([]string{"internal/commands", "internal/ops"}, adapters...),
			"the scheduler depends on services, the store, the sender and shared leaf packages"},
		{[]string{"internal/ops"}, append([]string{"internal/commands", "internal/scheduler"}, adapters...),
			"operations code knows no command or platform"},
		{[]string{"internal/store"}, append([]string{"internal/commands", "internal/scheduler", "internal/platforms", "internal/coach", "internal/ops"}, adapters...),
			"the store keeps data; it knows nobody who uses it"},
		{[]string{"internal/coach"}, []string{"internal"},
			"the coach is pure domain logic: no storage, no chats"},
		{[]string{"internal/ids"}, []string{"internal"},
			"ids is the leaf every layer shares: it imports nothing of ours"},
		{[]string{"internal/ids", "internal/command", "internal/daily", "internal/checkin", "internal/workout", "internal/charts", "internal/platforms"},
			append([]string{"internal/commands", "internal/scheduler", "internal/store", "internal/ops"}, adapters...),
			"leaf packages are shared downwards only"},
		{services, append([]string{"internal/commands", "internal/scheduler", "internal/ops"}, adapters...),
			"services serve the router and the scheduler alike"},
		{[]string{"internal/web"}, append([]string{"internal/commands", "internal/scheduler", "internal/ops"}, adapters...),
			"the public pages read their data through small interfaces"},
	}
	graph := imports(t)
	for _, s := range services {
		if _, ok := graph[s]; !ok {
			t.Errorf("service %s is not in the module any more: the rules about it prove nothing", s)
		}
	}
	for pkg, deps := range graph {
		for _, r := range rules {
			applies := false
			for _, f := range r.from {
				if under(pkg, f) && !(f == "internal/platforms" && pkg != f) {
					applies = true
				}
			}
			if !applies {
				continue
			}
			for _, d := range deps {
				for _, f := range r.forbid {
					if under(d, f) && !under(d, pkg) {
						t.Errorf("%s imports %s: %s", pkg, d, r.why)
					}
				}
			}
		}
	}
}
