package coach

import (
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// worstLen is the longest /pain text the router passes on
// (commands.MaxInput characters).
const worstLen = 4096

// fill repeats unit up to worstLen bytes, whole units only.
func fill(unit string) string {
	return strings.Repeat(unit, worstLen/len(unit))
}

// mixed is one giant sentence of flag words, owners and negations drawn
// from a fixed seed, so every run times the same text.
func mixed(words []string, sep string) string {
	rng := rand.New(rand.NewPCG(11, 4096))
	var b strings.Builder
	for b.Len() < worstLen-24 {
		b.WriteString(words[rng.IntN(len(words))])
		b.WriteString(sep)
	}
	return b.String()
}

var mixedWords = strings.Fields(`my knee is swollen hot red calf bigger than the other fell twisted numb tingling
	gave way locked bone pain night 2 3/10 7 not no never but and friend's his wife's yesterday years ago fine now
	can't bear weight shin hip ache sore tight puffy pins needles hop on it woke up 3am`)

// worstInputs are texts of about commands.MaxInput characters built to make
// the parser do the most work: one word or score many times, negations,
// one long sentence with no breaks, many short sentences.
var worstInputs = []struct {
	name, text string
}{
	// Not adversarial: BenchmarkTriageReport's reports run together to the
	// same length, the yardstick the others are read against.
	{"long_report", fill("3 calf, one calf looks bigger than the other and it's tender and tight. " +
		"2 knee, popped out for a quick 5k, bit achy after, fine now. " +
		"four comma knee comma my sister's knee locks but mine just aches after hills full stop. " +
		"knee 4/10, didn't fall or twist it, no clicking, but I keep waking up at 3am with it throbbing. ")},
	{"hot", fill("hot ")},
	{"scores", fill("2 ")},
	{"numb", fill("numb ")},
	{"bone", fill("bone ")},
	{"fell", fill("fell ")},
	{"calf_bigger", fill("calf bigger than the other ")},
	{"swollen_knee", fill("swollen knee ")},
	{"no_swelling", fill("no swelling ")},
	{"not_swollen_but", fill("knee not swollen but ")},
	{"gave_way", fill("knee gave way ")},
	{"past_scores", fill("was 8 now 3 ")},
	{"explicit_scores", fill("knee 3/10 ")},
	{"from_scores", fill("from 2 ")},
	{"ranges", fill("from 8 to 2 ")},
	{"spelled_scores", fill("three knee ")},
	{"distances", fill("5k ")},
	{"emoji_hot", fill("🔥 hot ")},
	{"owners", fill("my friend's knee is swollen and mine is hot ")},
	{"mixed_sentence", mixed(mixedWords, " ")},
	{"mixed_commas", mixed(mixedWords, ", ")},
	{"short_sentences", fill("Knee swollen. 3/10. ")},
	{"short_mixed", mixed(mixedWords, ". ")},
}

// BenchmarkTriageWorst times the adversarial inputs through the same path
// as BenchmarkTriageReport; run both together to read the ratio.
func BenchmarkTriageWorst(b *testing.B) {
	for _, in := range worstInputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := ParsePain(in.text)
				if err == nil {
					_ = Triage(r)
				}
			}
		})
	}
}

// TestTextWindowsMatchWhole: the anchored score and onset regexes give the
// same answer on the windows as on the whole prefix or suffix, on texts
// built from their own words, long runs of spaces and digits included.
func TestTextWindowsMatchWhole(t *testing.T) {
	t.Parallel()
	words := strings.Fields(`was were from used to be had been a an at about around like maybe probably last week
		weekend time run night month session yesterday the other day 's now today currently down up dropped fallen
		come back moment only just / 10 out of , earlier before previously initially first start beginning over on
		one two few couple of days weeks months fortnight ago monday saturday this morning atm right tonight evening
		after by past ~ approx. approximately roughly near nearly almost beyond in into mark 3 7 2024 x_ knee`)
	// Whole phrases, so long matches are common; the longest match of each
	// regex is among them.
	phrases := []string{"used to be probably ", "the other day was around ", "last session's about ",
		"back down to around ", "at the moment just", "/ 10, a couple of fortnights ago", "out of 10 at the beginning",
		"12 days ago", "to an 4", " out of 10 , a couple of fortnights ago", " / 10  at the moment", "on wednesday",
		"just over the ", "approximately  the ", "right now", " into"}
	words = append(words, phrases...)
	seps := []string{" ", " ", " ", "  ", "\t", "", ",", "      \n   "}
	type windowed struct {
		re    *regexp.Regexp
		units int
	}
	before := []windowed{{pastBeforeRE, scoreBeforeUnits}, {datedBeforeRE, scoreBeforeUnits},
		{nowBeforeRE, scoreBeforeUnits}, {onsetBeforeRE, onsetBeforeUnits}}
	after := []windowed{{pastAfterRE, scoreAfterUnits}, {nowAfterRE, scoreAfterUnits}, {onsetAfterRE, onsetAfterUnits}}
	matched := 0
	check := func(s string, cut int) {
		for _, w := range before {
			got, want := w.re.FindString(textBefore(s, cut, w.units)), w.re.FindString(s[:cut])
			if len(want) > 12 {
				matched++
			}
			if got != want {
				t.Fatalf("%v before %d of %q: window %q, whole %q", w.re, cut, s, got, want)
			}
		}
		for _, w := range after {
			got, want := w.re.FindString(textAfter(s, cut, w.units)), w.re.FindString(s[cut:])
			if len(want) > 12 {
				matched++
			}
			if got != want {
				t.Fatalf("%v after %d of %q: window %q, whole %q", w.re, cut, s, got, want)
			}
		}
	}
	for _, p := range phrases {
		s := "x " + p + "7 knee"
		check(s, 2)
		check(s, len(s)-6)
	}
	rng := rand.New(rand.NewPCG(3, 11))
	for range 8000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString(seps[rng.IntN(len(seps))])
			if rng.IntN(20) == 0 {
				b.WriteString(strings.Repeat(" ", 100+rng.IntN(300)))
			}
		}
		check(b.String(), rng.IntN(b.Len()+1))
	}
	if matched < 300 {
		t.Fatalf("only %d long matches: the texts don't test the windows", matched)
	}
}

// TestWorstInputsKeepFlags: the bounds that keep the adversarial inputs
// fast never cost a flag. Each input gives at least the flags the context
// rules give with no budget, and the symptom it repeats.
func TestWorstInputsKeepFlags(t *testing.T) {
	t.Parallel()
	want := map[string][]Flag{
		"hot":             {FlagHotJoint},
		"numb":            {FlagNumbness},
		"bone":            {FlagBonePain},
		"fell":            {FlagTrauma},
		"calf_bigger":     {FlagCalfSwelling},
		"swollen_knee":    {FlagSwelling},
		"gave_way":        {FlagGivingWay},
		"emoji_hot":       {FlagHotJoint},
		"owners":          {FlagHotJoint},
		"short_sentences": {FlagSwelling},
		"long_report":     {FlagNightPain, FlagCalfSwelling},
	}
	for _, in := range worstInputs {
		r, _ := ParsePain(in.text)
		unbounded, _ := detectFlagsWithin(normalize(clip(in.text)), nil, 1<<30)
		for _, f := range append(unbounded, want[in.name]...) {
			if !slices.Contains(r.Flags, f) {
				t.Errorf("%s: flags %v lack %s (unbounded context rules: %v)", in.name, r.Flags, f, unbounded)
			}
		}
		if len(want[in.name]) > 0 && Triage(r).Level != Red {
			t.Errorf("%s: level %v, want red", in.name, Triage(r).Level)
		}
	}
}

// TestContextBudgetUnspent: no report in the corpora, nor two run
// together, comes near contextBudget, so the bound changes nothing real;
// nor does a 4 KB run of real reports.
func TestContextBudgetUnspent(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/triage/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, f := range files {
		if name := filepath.Base(f); !strings.HasPrefix(name, "heldout") {
			for _, l := range loadCorpus(t, name) {
				texts = append(texts, l.Text)
			}
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("only %d corpus texts", len(texts))
	}
	for i, s := range texts[:len(texts):len(texts)] {
		texts = append(texts, s+" "+texts[(i+1)%len(texts)])
	}
	most := 0
	for _, s := range texts {
		_, left := detectFlagsWithin(normalize(clip(s)), nil, contextBudget)
		most = max(most, contextBudget-left)
	}
	if most > contextBudget/8 {
		t.Errorf("a corpus text spends %d of the context budget %d", most, contextBudget)
	}
	_, left := detectFlagsWithin(normalize(clip(worstInputs[0].text)), nil, contextBudget)
	if used := contextBudget - left; used > contextBudget/2 {
		t.Errorf("%s spends %d of the context budget %d", worstInputs[0].name, used, contextBudget)
	}
}
