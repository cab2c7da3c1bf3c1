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

func (p policy) String() string {
	return fmt.Sprintf("veto<%.2f rescue>%.2f alone=%v", p.lo, p.hi, p.rescueAlone)
}

var rulesOnly = policy{lo: 0, hi: 2}

func combineWith(rules []Flag, p [nLearned]float64, pol policy) []Flag {
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

func score(exs []example, probs [][nLearned]float64, pol policy) tally {
	var t tally
	for i := range exs {
		t.add(&exs[i], combineWith(exs[i].rules, probs[i], pol))
	}
	return t
}

// outOfFold trains one model per group on the other groups and returns
// each example's probabilities from the model that never saw its group.
func outOfFold(exs []example, group func(*example) string, cfg trainConfig) [][nLearned]float64 {
	probs := make([][nLearned]float64, len(exs))
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
				probs[i] = m.probs(featsOf(&exs[i], cfg))
			}
		}
	}
	return probs
}

func featsOf(e *example, cfg trainConfig) []uint32 {
	if cfg.useRules {
		return e.featsR
	}
	return e.feats
}

// policyGrid are the combinations tried; rulesOnly is among them, so a
// model that can't help is left out by the choice itself.
func policyGrid() []policy {
	grid := []policy{rulesOnly}
	for _, lo := range []float64{0, 0.01, 0.02, 0.05, 0.1} {
		for _, hi := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2} {
			for _, alone := range []bool{false, true} {
				if lo == 0 && hi == 2 {
					continue
				}
				grid = append(grid, policy{lo, hi, alone})
			}
		}
	}
	return grid
}

// choosePolicy picks, on validation predictions, the policy with the most
// levels right among those that lose no red case the rules catch there
// (safety first), ties going to the earlier (more conservative) one.
func choosePolicy(exs []example, probs [][nLearned]float64) (policy, tally) {
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
	probs := make([][nLearned]float64, len(test))
	for i := range test {
		probs[i] = m.probs(featsOf(&test[i], cfg))
	}
	t.Logf("%s (rules features %v): policy chosen on validation %v (validation: rules %v → combined %v)",
		name, cfg.useRules, pol, score(train, oof, rulesOnly), val)
	t.Logf("  test rules only: %v", score(test, probs, rulesOnly))
	t.Logf("  test combined:   %v", score(test, probs, pol))
	t.Logf("  test shipped policy (rescue > %.2f, no veto): %v", learnedRescueAbove, score(test, probs, policy{0, learnedRescueAbove, false}))
}

func TestLearnedLeaveOneWriterOut(t *testing.T) {
	if !*evalLearned {
		t.Skip("experiment: run with -learned.eval")
	}
	for _, mode := range []struct {
		fresh, useRules bool
	}{{false, false}, {false, true}, {true, false}, {true, true}} {
		exs := loadExamples(t, learnedDevFiles(), mode.fresh)
		cfg := defaultTrain
		cfg.useRules = mode.useRules
		t.Logf("=== rules: %s; rule flags as features: %v", map[bool]string{false: "today's (tuned on these files)", true: "fresh (before each file was seen)"}[mode.fresh], mode.useRules)

		// A: train on dev … dev9 and dev10's odd ids, test on dev10's even
		// ids: the one part of the corpora the rules were never tuned on.
		var train, test []example
		for _, e := range exs {
			if dev10Half(&e) == "dev10-even" {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
		finalTest(t, "A: test dev10 even", train, test, dev10Half, cfg)

		// B: train on everything but dev9, test on dev9.
		train, test = nil, nil
		for _, e := range exs {
			if e.file == "dev9.jsonl" {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
		finalTest(t, "B: test dev9", train, test, byFile, cfg)

		// C: leave one file out over all dev files; the policy for each
		// file is chosen on the other files' out-of-fold predictions.
		probs := outOfFold(exs, byFile, cfg)
		var totR, totC tally
		for _, file := range learnedDevFiles() {
			var in, out []example
			var pin, pout [][nLearned]float64
			for i := range exs {
				if exs[i].file == file {
					in, pin = append(in, exs[i]), append(pin, probs[i])
				} else {
					out, pout = append(out, exs[i]), append(pout, probs[i])
				}
			}
			pol, _ := choosePolicy(out, pout)
			r, c := score(in, pin, rulesOnly), score(in, pin, pol)
			t.Logf("C %-12s rules %v | combined %v | %v", file, r, c, pol)
			for _, p := range []struct {
				dst *tally
				src tally
			}{{&totR, r}, {&totC, c}} {
				p.dst.n += p.src.n
				p.dst.levels += p.src.levels
				p.dst.red += p.src.red
				p.dst.redCaught += p.src.redCaught
				p.dst.nonRed += p.src.nonRed
				p.dst.falseRed += p.src.falseRed
			}
		}
		t.Logf("C %-12s rules %v | combined %v", "total", totR, totC)
		// Fixed policies over the same out-of-fold predictions, to see the
		// trade each threshold makes (not used to choose: C chose per file).
		for _, pol := range []policy{{0, 0.5, false}, {0, 0.6, false}, {0, 0.7, false}, {0, 0.8, false}, {0, 0.9, false}, {0, 0.6, true}, {0.01, 2, false}, {0.02, 2, false}, {0.05, 2, false}, {0.02, 0.6, false}} {
			t.Logf("  fixed %-32v %v", pol, score(exs, probs, pol))
		}
	}
}
