package coach

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The leave-one-writer-out experiments behind learned.go: every score here
// is on reports whose writer (file) the model never trained on. Run with
//
//	go test -run TestLearnedLeaveOneWriterOut -learned.eval -v ./internal/coach
//
// Caveat read into every figure: the rules were tuned on all the dev sets
// (except dev10's even ids), so "rules only" is in-sample for the rules on
// every file but dev10-even, while the model is always out of sample.

// policy is how the model's opinion is combined with the rules.
type policy struct {
	lo, hi float64 // veto a rule flag below lo; rescue a flag above hi
	// rescueAlone: rescue only when the rules found no flag at all (the
	// report would otherwise not be red).
	rescueAlone bool
}

// pred is the model's opinion of one report.
type pred [nLearned]float64

func (p policy) String() string {
	return fmt.Sprintf("veto<%.2f rescue>%.2f alone=%v", p.lo, p.hi, p.rescueAlone)
}

var rulesOnly = policy{lo: 0, hi: 2}

func combineWith(rules []Flag, p pred, pol policy) []Flag {
	var out []Flag
	for _, f := range rules {
		i := slices.Index(learnedFlags[:], f)
		if i >= 0 && p[i] < pol.lo {
			continue
		}
		out = append(out, f)
	}
	if pol.rescueAlone && len(rules) > 0 {
		return out
	}
	for i, f := range learnedFlags {
		if p[i] > pol.hi && !slices.Contains(out, f) && !slices.Contains(rules, f) {
			out = append(out, f)
		}
	}
	return sortFlags(out)
}

type tally struct{ n, levels, red, redCaught, nonRed, falseRed int }

func (t *tally) add(e *example, flags []Flag) {
	got := ""
	if e.err != nil {
		if len(flags) > 0 {
			got = "red"
		}
	} else {
		r := e.rep
		r.Flags = flags
		got = Triage(r).Level.String()
	}
	t.n++
	if got == e.level {
		t.levels++
	}
	if e.level == "red" {
		t.red++
		if got == "red" {
			t.redCaught++
		}
		return
	}
	t.nonRed++
	if got == "red" {
		t.falseRed++
	}
}

func (t tally) String() string {
	return fmt.Sprintf("levels %4d/%-4d red %4d/%-4d false red %3d/%-4d", t.levels, t.n, t.redCaught, t.red, t.falseRed, t.nonRed)
}

func score(exs []example, probs []pred, pol policy) tally {
	var t tally
	for i := range exs {
		t.add(&exs[i], combineWith(exs[i].rules, probs[i], pol))
	}
	return t
}

// outOfFold trains one model per group on the other groups and returns
// each example's probabilities from the model that never saw its group.
func outOfFold(exs []example, group func(*example) string, cfg trainConfig) []pred {
	probs := make([]pred, len(exs))
	var groups []string
	for i := range exs {
		if g := group(&exs[i]); !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	for _, g := range groups {
		var train []example
		for i := range exs {
			if group(&exs[i]) != g {
				train = append(train, exs[i])
			}
		}
		m, _, _ := quantise(trainLearned(train, cfg))
		for i := range exs {
			if group(&exs[i]) == g {
				probs[i] = predOf(&m, &exs[i], cfg)
			}
		}
	}
	return probs
}

func predOf(m *learnedModel, e *example, cfg trainConfig) pred {
	if cfg.useRules {
		return m.probs(e.featsR, e.contentR, cfg.bareNegOnly)
	}
	return m.probs(e.feats, e.content, cfg.bareNegOnly)
}

// policyGrid are the combinations tried, all add-only (a veto cost red
// cases on every fold in the first round of experiments); rulesOnly is
// among them, so a model that can't help is left out by the choice itself.
func policyGrid() []policy {
	grid := []policy{rulesOnly}
	for _, hi := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 0.95} {
		for _, alone := range []bool{false, true} {
			grid = append(grid, policy{hi: hi, rescueAlone: alone})
		}
	}
	return grid
}

// choosePolicy picks, on validation predictions, the policy with the most
// levels right among those that lose no red case the rules catch there
// (safety first), ties going to the earlier (more conservative) one.
func choosePolicy(exs []example, probs []pred) (policy, tally) {
	base := score(exs, probs, rulesOnly)
	best, bestT := rulesOnly, base
	for _, pol := range policyGrid() {
		s := score(exs, probs, pol)
		if s.redCaught < base.redCaught {
			continue
		}
		if s.levels > bestT.levels || s.levels == bestT.levels && s.redCaught > bestT.redCaught {
			best, bestT = pol, s
		}
	}
	return best, bestT
}

func byFile(e *example) string { return e.file }

func dev10Half(e *example) string {
	if e.file != "dev10.jsonl" {
		return e.file
	}
	_, num, _ := strings.Cut(e.id, "-") // "d10-001"
	n, err := strconv.Atoi(num)
	if err != nil {
		panic("dev10 id " + e.id)
	}
	if n%2 == 0 {
		return "dev10-even"
	}
	return "dev10-odd"
}

// finalTest trains on the training examples, chooses the policy on their
// leave-one-group-out predictions, and scores the test examples once.
func finalTest(t *testing.T, name string, train, test []example, group func(*example) string, cfg trainConfig) {
	t.Helper()
	oof := outOfFold(train, group, cfg)
	pol, val := choosePolicy(train, oof)
	m, _, _ := quantise(trainLearned(train, cfg))
	probs := make([]pred, len(test))
	for i := range test {
		probs[i] = predOf(&m, &test[i], cfg)
	}
	t.Logf("%s (rules features %v): policy chosen on validation %v (validation: rules %v → combined %v)",
		name, cfg.useRules, pol, score(train, oof, rulesOnly), val)
	t.Logf("  test rules only: %v", score(test, probs, rulesOnly))
	t.Logf("  test combined:   %v", score(test, probs, pol))
	t.Logf("  test shipped policy (rescue > %.2f): %v", learnedRescueAbove, score(test, probs, shipped))

}

// shipped is SecondOpinion's policy.
var shipped = policy{hi: learnedRescueAbove}

func TestLearnedLeaveOneWriterOut(t *testing.T) {
	if !*evalLearned {
		t.Skip("experiment: run with -learned.eval")
	}
	cfg := defaultTrain
	cfg.useRules = learnedUsesRules
	t.Logf("training: %+v", cfg)

	// A: today's rules; train on dev … dev9 and dev10's odd ids, test on
	// dev10's even ids: the one part of the corpora the rules were never
	// tuned on.
	exs := loadExamples(t, learnedDevFiles(), false)
	var train, test []example
	for _, e := range exs {
		if dev10Half(&e) == "dev10-even" {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	finalTest(t, "A: today's rules, test dev10 even", train, test, dev10Half, cfg)

	// The rules as they were before each writer was seen (fresh), from here.
	exs = loadExamples(t, learnedDevFiles(), true)

	// B: train on everything but dev9, test on dev9.
	train, test = nil, nil
	for _, e := range exs {
		if e.file == "dev9.jsonl" {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	finalTest(t, "B: fresh rules, test dev9", train, test, byFile, cfg)

	// C: leave one file out over all dev files; the policy for each file
	// is chosen on the other files' out-of-fold predictions.
	probs := outOfFold(exs, byFile, cfg)
	var totR, totC, totS tally
	for _, file := range learnedDevFiles() {
		var in, out []example
		var pin, pout []pred
		for i := range exs {
			if exs[i].file == file {
				in, pin = append(in, exs[i]), append(pin, probs[i])
			} else {
				out, pout = append(out, exs[i]), append(pout, probs[i])
			}
		}
		pol, _ := choosePolicy(out, pout)
		r, c, s := score(in, pin, rulesOnly), score(in, pin, pol), score(in, pin, shipped)
		t.Logf("C %-12s rules %v | chosen %v | shipped %v | %v", file, r, c, s, pol)
		totR.plus(r)
		totC.plus(c)
		totS.plus(s)
	}
	t.Logf("C %-12s rules %v | chosen %v | shipped %v", "total", totR, totC, totS)
	// The policy chosen on all the out-of-fold predictions (what ships).
	pol, val := choosePolicy(exs, probs)
	t.Logf("chosen on all dev writers' out-of-fold predictions: %v → %v", pol, val)
	// Fixed policies over the same predictions, to see the trade each
	// threshold makes.
	for _, pol := range policyGrid() {
		t.Logf("  fixed %-36v %v", pol, score(exs, probs, pol))
	}
}

func (t *tally) plus(s tally) {
	t.n += s.n
	t.levels += s.levels
	t.red += s.red
	t.redCaught += s.redCaught
	t.nonRed += s.nonRed
	t.falseRed += s.falseRed
}
