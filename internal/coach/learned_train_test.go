package coach

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// Training of the learned second opinion (learned.go). Only the development
// corpora are used: the held-out files are never opened here.

var (
	writeLearned = flag.Bool("learned.write", false, "retrain the learned model on all dev corpora and rewrite learned_weights.go")
	evalLearned  = flag.Bool("learned.eval", false, "run the leave-one-writer-out experiments for the learned model")
)

// learnedDevFiles are the corpora the model learns from: the dev sets,
// never the held-out ones, up to the last one it was trained and measured
// on (learnedLastDev). Later dev sets are left out so that adding one does
// not silently change the shipped experiment; retraining on them is a new
// experiment with its own pre-registered rule (learned_notes.md).
func learnedDevFiles() []string {
	var out []string
	for _, s := range devSets {
		if strings.HasPrefix(s.file, "heldout") {
			panic("held-out file among dev sets: " + s.file)
		}
		out = append(out, s.file)
		if s.file == learnedLastDev {
			return out
		}
	}
	panic(learnedLastDev + " is not among the dev sets")
}

// learnedLastDev is the last dev set the learned weights were trained on.
const learnedLastDev = "dev11.jsonl"

// example is one labelled report, parsed once.
type example struct {
	file, id string
	level    string
	rep      PainReport
	err      error
	rules    []Flag // the rules' flags (fresh: before they met this writer)
	dropped  []Flag // the flags today's rules saw mentioned and set aside
	labels   [nLearned]bool
	feats    []uint32
	content  []bool // per feature of feats: not only bare words
}

// loadExamples parses the corpora. With fresh set, the rules' flags are
// those of the detector as it was before it ever saw each file
// (testdata/triage/fresh, see loadFresh), not today's detector, which was
// tuned on these very reports.
func loadExamples(t testing.TB, files []string, fresh bool) []example {
	t.Helper()
	var out []example
	for _, file := range files {
		var old map[string][]Flag
		if fresh {
			old = loadFresh(t, file)
		}
		for _, c := range loadCorpus(t, file) {
			rep, err := ParsePain(c.Text)
			toks := normalize(clip(rep.Text))
			var dropped []Flag
			rules := detectFlags(toks, &dropped) // the rules alone, never the second opinion
			if fresh {
				r, ok := old[c.ID]
				if !ok {
					t.Fatalf("fresh/%s: no entry for %s", file, c.ID)
				}
				rules = r
			}
			e := example{file: file, id: c.ID, level: c.Level, rep: rep, err: err, rules: rules, dropped: dropped}
			for i, f := range learnedFlags {
				e.labels[i] = slices.Contains(c.Flags, string(f))
			}
			pairs := learnedPairBudget
			e.feats = learnedFeatures(nil, &e.content, toks, &pairs)
			out = append(out, e)
		}
	}
	return out
}

// loadFresh reads testdata/triage/fresh/<file>: for each report, the flags
// the detector found at the commit before <file> joined the repository (the
// parent of the commit that added it), i.e. the rules meeting that writer
// for the first time. Those rule outputs look like what today's rules give
// on a new writer's text, which is what the model must learn to correct.
func loadFresh(t testing.TB, file string) map[string][]Flag {
	t.Helper()
	data, err := os.ReadFile("testdata/triage/fresh/" + file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]Flag{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var l struct {
			ID    string `json:"id"`
			Flags []Flag `json:"flags"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("fresh/%s: %v", file, err)
		}
		out[l.ID] = l.Flags
	}
	return out
}

// trainConfig fixes everything that shapes a model.
type trainConfig struct {
	epochs int
	rate   float64 // AdaGrad base rate
	l2     float64
	bare   int // synthetic plain reports added as non-red examples (bareReports)
	// bareNegOnly: a feature of bare words alone may lower a flag's
	// probability but never raise it (see learnedBareNegOnly).
	bareNegOnly bool
}

var defaultTrain = trainConfig{epochs: 12, rate: 0.3, l2: 1e-5, bare: 1000, bareNegOnly: true}

// bareReports are n plain reports built from a grammar of score forms,
// places, sides and harmless descriptors ("2 arch of my foot", "my knee is
// like a 6", "5 knee, 2nd time this week"), drawn with a fixed seed. The
// dev corpora hardly have such text (their writers tell stories), so
// without these the model learned place words as cues: a foot is where
// numbness is told, so "2 arch of my foot" came out numb. None of them is
// red (their scores stay below 7).
func bareReports(n int) []string {
	scores := []string{"0", "1", "2", "3", "4", "5", "6", "2/10", "3/10", "4/10", "5/10", "6/10", "4 out of 10",
		"three", "four", "a 4", "a five", "4ish", "like a 6", "about a 3", "maybe 5", "5 or 6", "between 3 and 4"}
	places := []string{"knee", "knees", "kneecap", "outside of my knee", "front of my knee", "back of my knee", "it band",
		"shin", "shins", "calf", "calves", "achilles", "ankle", "foot", "heel", "arch of my foot", "arch", "ball of my foot",
		"top of my foot", "big toe", "toes", "hip", "hip flexor", "groin", "hamstring", "hammy", "quad", "thigh", "glute",
		"lower back", "back", "plantar fascia", "patellar tendon", "inside of my ankle", "outside of my ankle", "legs"}
	sides := []string{"", "", "", "left ", "right ", "l ", "r ", "both "}
	descs := []string{"", "", "achy", "tight", "stiff", "sore", "bit sore", "a niggle", "niggly", "dull ache", "tired",
		"sore after hills", "tight after intervals", "stiff this morning", "achy after the long run", "2nd time this week",
		"same as last week", "sore on the downhills", "sore after parkrun", "a bit tight again", "mild ache", "still a bit stiff",
		"sore on the stairs", "tight after speedwork", "achy after tempo", "fine now", "ok", "meh", "stiff after my run",
		"in new shoes", "on the treadmill", "since the weekend", "after the track session", "after a hilly 10k"}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	out := make([]string, 0, n)
	for range n {
		sc, pl, d := pick(scores), pick(sides)+pick(places), pick(descs)
		var s string
		switch rng.IntN(6) {
		case 0:
			s = sc + " " + pl
		case 1:
			s = pl + " " + sc
		case 2:
			s = "my " + pl + " is " + sc
		case 3:
			s = sc + " " + pl + ", " + d
		case 4:
			s = pl + " " + sc + " " + d
		default:
			s = sc + " " + pl + " " + d
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// bareExamples are bareReports as training examples (every label false).
func bareExamples(n int) []example {
	var out []example
	for _, text := range bareReports(n) {
		e := example{file: "bare", level: "amber"}
		toks := normalize(clip(text))
		pairs := learnedPairBudget
		e.feats = learnedFeatures(nil, &e.content, toks, &pairs)
		out = append(out, e)
	}
	return out
}

// trainLearned fits one logistic regression per flag with AdaGrad, in a
// fixed shuffled order (seeded), so the same data gives the same weights.
func trainLearned(exs []example, cfg trainConfig) learnedModel {
	var m learnedModel
	var g2 [nLearned][]float64
	for f := range nLearned {
		m.w[f] = make([]float64, learnedBuckets)
		g2[f] = make([]float64, learnedBuckets)
	}
	// The bias is fixed at the flag's base rate, not learned: learned, it
	// drifts up while features seen in nearly every report (".", "my")
	// carry the negative mass, and then a bare "4 knee (left)", which has
	// none of them, comes out flagged.
	for f := range nLearned {
		pos := 0.5
		for i := range exs {
			if exs[i].labels[f] {
				pos++
			}
		}
		m.bias[f] = math.Log(pos / (float64(len(exs)) + 1 - pos))
	}
	// After the bias: the synthetic reports must not change the base rate.
	exs = append(slices.Clip(exs), bareExamples(cfg.bare)...)
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(11, 2025))
	idx := make([]int, 0, 512)
	for range cfg.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			e := &exs[k]
			feats, content := e.feats, e.content
			for f := range nLearned {
				idx = idx[:0]
				z := m.bias[f]
				for k, h := range feats {
					i := learnedIndex(h, f)
					idx = append(idx, i)
					z += contribution(m.w[f][i], content[k], cfg.bareNegOnly)
				}
				y := 0.0
				if e.labels[f] {
					y = 1
				}
				g := sigmoid(z) - y
				for k, i := range idx {
					if cfg.bareNegOnly && !content[k] && m.w[f][i] >= 0 && g < 0 {
						continue // clipped at 0: raising it changes nothing
					}
					gi := g + cfg.l2*m.w[f][i]
					g2[f][i] += gi * gi
					m.w[f][i] -= cfg.rate * gi / (math.Sqrt(g2[f][i]) + 1e-8)
				}
			}
		}
	}
	return m
}

// quantise rounds a model to what learned_weights.go can hold, so the
// experiments measure the shipped precision: per flag, 64 levels scaled
// to the largest weight.
func quantise(m learnedModel) (learnedModel, [nLearned]string, [nLearned]float64) {
	var q learnedModel
	var packed [nLearned]string
	var scales [nLearned]float64
	for f := range nLearned {
		q.bias[f], _ = parseFloat(fmt.Sprintf("%.6g", m.bias[f]))
	}
	for f := range nLearned {
		mx := 0.0
		for _, w := range m.w[f] {
			mx = max(mx, math.Abs(w))
		}
		scale := mx / 31
		if scale == 0 {
			scale = 1
		}
		// Round the scale to a short literal so the file reproduces it exactly.
		scale, _ = parseFloat(fmt.Sprintf("%.6g", scale))
		scales[f] = scale
		var b strings.Builder
		q.w[f] = make([]float64, learnedBuckets)
		for i, w := range m.w[f] {
			n := int(math.Round(w / scale))
			n = max(-32, min(31, n))
			b.WriteByte(learnedAlphabet[n+32])
			q.w[f][i] = float64(n) * scale
		}
		packed[f] = b.String()
	}
	return q, packed, scales
}

func parseFloat(s string) (float64, error) {
	var v float64
	_, err := fmt.Sscan(s, &v)
	return v, err
}

// probs is learnedProbs for a model in training.
func (m *learnedModel) probs(feats []uint32, content []bool, bareNegOnly bool) [nLearned]float64 {
	var p [nLearned]float64
	for f := range nLearned {
		z := m.bias[f]
		for k, h := range feats {
			z += contribution(m.w[f][learnedIndex(h, f)], content[k], bareNegOnly)
		}
		p[f] = sigmoid(z)
	}
	return p
}

// TestWriteLearnedWeights retrains the shipped model on every dev corpus
// and rewrites learned_weights.go (go generate). Without -learned.write it
// checks that the committed file is what training produces, so the weights
// stay reproducible from the repository.
func TestWriteLearnedWeights(t *testing.T) {
	if testing.Short() && !*writeLearned {
		t.Skip("retraining takes a few seconds")
	}
	exs := loadExamples(t, learnedDevFiles(), false)
	cfg := defaultTrain
	q, packed, scales := quantise(trainLearned(exs, cfg))
	src := learnedSource(len(exs), cfg, q, packed, scales)
	const name = "learned_weights.go"
	if *writeLearned {
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Errorf("%s is not what training on the dev corpora gives: run go generate ./internal/coach", name)
	}
}

func learnedSource(n int, cfg trainConfig, q learnedModel, packed [nLearned]string, scales [nLearned]float64) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by TestWriteLearnedWeights (go generate); DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package coach\n\n")
	fmt.Fprintf(&b, "// Trained on %d dev reports (%s) and %d synthetic plain ones: %d epochs, AdaGrad rate %g, L2 %g.\n\n",
		n, strings.Join(learnedDevFiles(), " "), cfg.bare, cfg.epochs, cfg.rate, cfg.l2)
	fmt.Fprintf(&b, "// learnedBareNegOnly says whether features of bare words alone may only\n// lower a flag's probability (see contribution).\n")
	fmt.Fprintf(&b, "const learnedBareNegOnly = %v\n\n", cfg.bareNegOnly)
	fmt.Fprintf(&b, "var learnedBias = [nLearned]float64{")
	for f := range nLearned {
		fmt.Fprintf(&b, "%.6g, ", q.bias[f])
	}
	fmt.Fprintf(&b, "}\n\nvar learnedScale = [nLearned]float64{")
	for f := range nLearned {
		fmt.Fprintf(&b, "%.6g, ", scales[f])
	}
	fmt.Fprintf(&b, "}\n\n// One character per bucket: learnedAlphabet[q+32] for weight q×scale.\nvar learnedPacked = [nLearned]string{\n")
	for f := range nLearned {
		fmt.Fprintf(&b, "\t// %s\n", learnedFlags[f])
		s := packed[f]
		for len(s) > 0 {
			k := min(len(s), 128)
			sep := " +"
			if k == len(s) {
				sep = ","
			}
			fmt.Fprintf(&b, "\t\t%q%s\n", s[:k], sep)
			s = s[k:]
		}
	}
	fmt.Fprintf(&b, "}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		panic(err)
	}
	return out
}
