package coach

import (
	"slices"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`\bswollen\b`, []string{"swollen"}},
		{`\b(?:numb|tingly)\b`, []string{"numb", "tingly"}},
		{`\bhop(?:s|ped)?\b`, []string{"hop"}},
		{`\b(?:a|the)? ?clot\b`, []string{"clot"}},
		{`\b(?:x)?\b`, nil},
		{`\bswell|\w+\b`, nil}, // one branch has no literal
		{`\bswell|\w+ up\b`, []string{" up", "swell"}},
	} {
		got := requiredLiterals(c.pattern)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", c.pattern, got, c.want)
		}
	}
}

// TestLiteralPrecheckIsSound: wherever a hand-written rule matches a
// report of the corpora, its literal pre-check lets it run.
func TestLiteralPrecheckIsSound(t *testing.T) {
	t.Parallel()
	var texts []string
	for _, name := range []string{"dev.jsonl", "dev2.jsonl", "dev3.jsonl", "retired.jsonl"} {
		for _, c := range loadCorpus(t, name) {
			texts = append(texts, c.Text)
		}
	}
	for _, c := range corpus {
		texts = append(texts, c.text)
	}
	for _, text := range texts {
		joined, _ := joinTokens(normalize(text))
		for _, r := range flagRules {
			if r.re.MatchString(joined) && !containsAny(joined, r.lits) {
				t.Errorf("%q matches %s but its literals %q are missing", joined, r.re, r.lits)
			}
		}
	}
}
