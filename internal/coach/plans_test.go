package coach

import (
	"strings"
	"testing"
)

func TestCadenceTarget(t *testing.T) {
	t.Parallel()
	tests := []struct{ spm, lo, hi int }{
		{160, 168, 176},
		{170, 179, 187}, // 178.5 → 179
		{150, 158, 165}, // 157.5 → 158
		{180, 189, 198},
		{100, 105, 110},
	}
	for _, tt := range tests {
		lo, hi := CadenceTarget(tt.spm)
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("CadenceTarget(%d) = %d, %d; want %d, %d", tt.spm, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestValidCadence(t *testing.T) {
	t.Parallel()
	for spm, want := range map[int]bool{99: false, 100: true, 160: true, 240: true, 241: false, 0: false, -5: false} {
		if ValidCadence(spm) != want {
			t.Errorf("ValidCadence(%d) = %v", spm, !want)
		}
	}
}

func TestCadenceAdvice(t *testing.T) {
	t.Parallel()
	adv := CadenceAdvice(160)
	for _, want := range []string{"168–176", "metronome", "watch", "weeks", "may lighten the load on your knee", "not a cure"} {
		if !strings.Contains(adv, want) {
			t.Errorf("CadenceAdvice(160) lacks %q:\n%s", want, adv)
		}
	}
	if strings.Contains(CadenceAdvice(50), "Aim for") {
		t.Error("implausible cadence should not get a target")
	}
}

func TestBalanceAdvice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s        int
		side     string
		contains []string
	}{
		{12, "left", []string{"12 s on your left leg", "hip", "ankle"}},
		{29, "", []string{"29 s on one leg", "hip", "ankle"}},
		{30, "right", []string{"30 s on your right leg", "well done"}},
		{45, "R", []string{"well done"}},
		{-1, "", []string{"seconds"}},
	}
	for _, tt := range tests {
		got := BalanceAdvice(tt.s, tt.side)
		for _, c := range tt.contains {
			if !strings.Contains(got, c) {
				t.Errorf("BalanceAdvice(%d, %q) lacks %q: %s", tt.s, tt.side, c, got)
			}
		}
	}
}

func TestPlans(t *testing.T) {
	t.Parallel()
	w := WarmupPlan()
	for _, c := range []string{"5–10 minutes", "Leg swings", "monster walks", "lunges", "High knees", "strides", "no clear effect"} {
		if !strings.Contains(w, c) {
			t.Errorf("WarmupPlan lacks %q", c)
		}
	}
	s := StrengthPlan()
	for _, c := range []string{"twice a week", "heavy and slow", "3–4 sets of 6–15", "Split squats", "step-downs", "Glute bridges", "leg press", "Calf raises", "band walks"} {
		if !strings.Contains(s, c) {
			t.Errorf("StrengthPlan lacks %q", c)
		}
	}
}

// No user-facing text copies the source article: no run of 8 or more words
// in common with it.
func TestNoCopiedSentences(t *testing.T) {
	t.Parallel()
	texts := []string{WarmupPlan(), StrengthPlan(), CadenceAdvice(160), BalanceAdvice(10, "left"), BalanceAdvice(40, "")}
	for _, f := range AllFlags() {
		texts = append(texts, f.Why())
	}
	for _, in := range []string{"2 knee", "4 itband", "4 shin", "4 achilles", "4 hip", "9 knee swollen locks"} {
		r, _ := ParsePain(in)
		texts = append(texts, Triage(r).Advice(MI))
	}
	for _, phrase := range articleSnippets {
		for _, txt := range texts {
			if strings.Contains(strings.ToLower(txt), phrase) {
				t.Errorf("text copies the article (%q)", phrase)
			}
		}
	}
}

// Characteristic phrases of the seed article that must not reappear.
var articleSnippets = []string{
	"you cannot \"stretch\" the it band",
	"no shoe in the world",
	"if you aren't struggling by the 10th rep",
	"touching your toes for five seconds",
	"wake up the glutes before you hit the trail",
	"consistency beats intensity every single time",
	"like a guitar string",
}
