package coach

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// A labelled report from one of the JSONL corpora under testdata/triage:
// heldout*.jsonl were written by helpers who never read this package and
// are frozen (never edited to pass; a case or batch that must be looked at
// is retired to the development corpus, as retired.jsonl and
// retired-ho*.jsonl were, and fresh ones are written); dev*.jsonl are the
// development sets.
type labelled struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Level  string   `json:"level"`
	Flags  []string `json:"flags"`
	Voice  string   `json:"voice"`
	Family string   `json:"family"`
}

func loadCorpus(t testing.TB, name string) []labelled {
	t.Helper()
	f, err := os.Open("testdata/triage/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var l labelled
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%s: %v in %q", name, err, line)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// corpusScore is what the targets are stated in.
type corpusScore struct {
	n, levelsRight        int
	red, redCaught        int // red cases, and those red from the text alone
	nonRed, falseRed      int // non-red cases, and those pushed to red
	redAfterCheck         int // red cases that end red once the one-tap check is answered truthfully
	unparsed              int
	misses, alarms, other []string
}

func (s corpusScore) String() string {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	return fmt.Sprintf("%d reports: levels right %d/%d (%.1f%%); red from text %d/%d (%.1f%%); non-red pushed to red %d/%d (%.1f%%); red after the one-tap check %d/%d; not parsed %d",
		s.n, s.levelsRight, s.n, pct(s.levelsRight, s.n), s.redCaught, s.red, pct(s.redCaught, s.red),
		s.falseRed, s.nonRed, pct(s.falseRed, s.nonRed), s.redAfterCheck, s.red, s.unparsed)
}

func scoreCorpus(cases []labelled) corpusScore {
	var s corpusScore
	for _, c := range cases {
		s.n++
		rep, err := ParsePain(c.Text)
		got := ""
		var flags []Flag
		if err != nil {
			s.unparsed++
			// Unparsed reports still get red-flag advice when a flag is named.
			if len(rep.Flags) > 0 {
				got = Red.String()
			}
		} else {
			a := Triage(rep)
			got, flags = a.Level.String(), a.Flags
		}
		if got == c.Level {
			s.levelsRight++
		}
		if c.Level == Red.String() {
			s.red++
			switch {
			case got == Red.String():
				s.redCaught++
				s.redAfterCheck++
			case err == nil && len(c.Flags) > 0:
				// The reply ends with the one-tap check; a truthful runner taps
				// the flags they have, which amends the report to red.
				s.redAfterCheck++
				s.misses = append(s.misses, fmt.Sprintf("%s %q: want red %v, got %s", c.ID, c.Text, c.Flags, got))
			default:
				s.misses = append(s.misses, fmt.Sprintf("%s %q: want red %v, got %q (err %v)", c.ID, c.Text, c.Flags, got, err))
			}
			continue
		}
		s.nonRed++
		if got == Red.String() {
			s.falseRed++
			s.alarms = append(s.alarms, fmt.Sprintf("%s %q: want %s, got red %v", c.ID, c.Text, c.Level, flags))
		} else if got != c.Level {
			s.other = append(s.other, fmt.Sprintf("%s %q: want %s, got %q (err %v)", c.ID, c.Text, c.Level, got, err))
		}
	}
	return s
}

func logMisses(t *testing.T, s corpusScore) {
	t.Helper()
	for _, group := range [][]string{s.misses, s.alarms, s.other} {
		for _, m := range group {
			t.Log(m)
		}
	}
}

// TestHeldOutTriage measures the triage on text nobody here tuned to, and
// prints only the aggregate figures: reading the held-out cases would make
// them development cases.
//
// The targets (≥ 95% of red cases red from the text alone, ≥ 90% of
// levels right, ≤ 5% of non-red cases pushed to red, every red case red
// once the one-tap check is answered truthfully) are met on the natural
// batches written for the last round (TestHeldOutNaturalTargets) but not on
// every batch (the hard ones fall short), so per batch what is asserted is
// a floor at the figures reached so far, so the detector can't quietly
// slide back. Once every batch meets them, set heldOutTargetsMet.
func TestHeldOutTriage(t *testing.T) {
	t.Parallel()
	for _, set := range heldOutSets {
		if _, err := os.Stat("testdata/triage/" + set.file); err != nil {
			t.Errorf("%s: %v", set.file, err)
			continue
		}
		s := scoreCorpus(loadCorpus(t, set.file))
		t.Log(set.name + ": " + s.String())
		if heldOutTargetsMet {
			checkTargets(t, s, set.name, false)
			continue
		}
		checkFloor(t, s, set.name, set.floor)
	}
	if !heldOutTargetsMet {
		t.Log("targets not met yet: ≥ 95% red from text, ≥ 90% levels right, ≤ 5% pushed to red")
	}
}

// heldOutTargetsMet switches TestHeldOutTriage from the floors to the
// issue's targets.
const heldOutTargetsMet = false

// heldOutSets are the frozen held-out batches, each with a floor at the
// figures the detector has reached on it; raise a floor as the detector
// improves.
//
// Session 5 retired batches 1–9 to the development corpus (devSets,
// retired-ho1–9.jsonl; later the hard batches 10 and 12 too, for round 2): measured in every round since session 2, they were
// read to find the families of the false reds left (46 of 561), and three
// fresh natural batches (18–20) were frozen before any change. The history
// below is theirs as held-out sets; docs/triage-measurements.md has it all. Round 10 (decoys.go, dev10) raised batches 1, 6, 8 and 10
// (sets 1–9 false reds 46 → 42, levels 991 → 995, reds unchanged at 485).
// Batch 10 (150 reports whose red flags are told in indirect
// everyday words, with new kinds of misleading wording; written by a
// helper who saw no code, labels audited by another: 0 wrong) joined in
// round 9 (weakcues.go): fresh on the round-8 detector it scored levels
// 107, red 44/68, false red 19/82, after round 9 108/44/18. Round 9
// raised batches 1, 5, 6, 8 and 9 and lowered one (below). The floors were raised at the end of the round after dev7
// (batch 7: levels 145→146, false reds 4→3; none lowered) and of the dev7 round (batch 3
// and 6, none lowered; heldout9 joined before it with floors at its first,
// fresh figures after round 6), of the dev6 round (none
// lowered; heldout7 and heldout8 joined with floors at their figures
// before it) and of the dev5 round (none lowered); before that at the end of the dev4, dev3 and dev2 rounds. Lowered floors, each with
// the trade that cost it (no case was looked at):
//   - heldout.jsonl red from text, 59 → 58 in the dev2 round (its false
//     reds fell from 10 to 7);
//   - heldout5, 6 and 9: levels right 112 → 111, 142 → 141, 133 → 132 and
//     false reds 8 → 9, 5 → 6, 6 → 7 in round 9b (paraphrase.go, red flags
//     told indirectly, from dev9): over sets 1–9 red from text 481 → 485
//     and false reds 43 → 46; batch 10 red 44 → 46. Safety first: four more
//     reds caught for three more false alarms;
//   - heldout8.jsonl red from text, 65 → 64 in round 9 (back to 65 in 9b) (dev8: condition
//     names count only as the runner's own finding, claim or fear; its
//     false reds fell from 9 to 7, and 48 → 43 over sets 1–9; the one-tap
//     check still ends it red);
//   - heldout4.jsonl red from text, 46 → 45 in the dev4 round (one red
//     case lost while its false reds fell from 10 to 6 and its levels
//     right rose from 85 to 89; the one-tap check still ends it red).
//
// Session 4 wired the learned second opinion (learned.go, v3) by a rule
// written before measuring it on sets 16 and 17 (learned_notes.md). Over
// every set it raised red from text and levels right and cost these false
// reds, each floor lowered by one: batches 3 (4 → 5), 6 (5 → 6), 7 (3 → 4)
// and 8 (6 → 7); over sets 1–9 red 485 → 495, false red 42 → 46, levels
// 995 → 1001; on the fresh sets 13–17 red 301 → 319 for one false red.
var heldOutSets = []struct {
	name, file string
	floor      corpusScore
}{
	// Batch 11: 150 reports of natural club chat (no artificial puzzles),
	// written in session 3 by a helper who saw no code; first measured on
	// the round-9 detector: levels 145, red 66/68, false red 2/82 (original
	// detector: 126, 60, 14). Batch 12: 150 hard reports to the brief of
	// batch 10, written after rounds 9–10; fresh on the round-10 detector:
	// 121, 56/68, 12/82 (session-2 detector 117, 55, 14; original 68, 39, 47).
	// Round 11 (dev11: explained.go, scoreforms.go) raised batch 11's levels
	// 145 → 146 and moved no other held-out figure.
	{"held-out batch 11", "heldout11.jsonl", corpusScore{levelsRight: 148, redCaught: 67, redAfterCheck: 68, falseRed: 1}},
	// Batch 13: 150 reports of natural club chat in varied voices, written
	// in session 4 by a helper who saw no code (sha256 392e4320…), frozen
	// before any change that session; fresh on the round-10 detector:
	// levels 142, red 65/68, false red 4/82 (original detector: 114, 58, 23).
	{"held-out batch 13", "heldout13.jsonl", corpusScore{levelsRight: 144, redCaught: 66, redAfterCheck: 68, falseRed: 4}},
	// Batches 14 (hard, the brief of 10 and 12: sha256 9564738a…) and 15
	// (natural, the brief of 11 and 13, other voices: sha256 86b99893…),
	// written in session 4 after round 11 by helpers who saw no code; fresh
	// on the round-11 detector: 14: levels 123, red 55/68, false red 13/82
	// (original 66, 30, 41); 15: 143, 66/68, 5/82 (original 113, 58, 23).
	{"held-out batch 14", "heldout14.jsonl", corpusScore{levelsRight: 130, redCaught: 62, redAfterCheck: 68, falseRed: 13}},
	{"held-out batch 15", "heldout15.jsonl", corpusScore{levelsRight: 144, redCaught: 67, redAfterCheck: 68, falseRed: 5}},
	// Batches 16 (natural, new voices: sha256 155c6a07…) and 17 (hard:
	// sha256 e5d2d80e…), written in session 4 after the rule for wiring the
	// learned second opinion was written down; measured once each way:
	// 16: rules 139, 62/68, 4/82 → with the second opinion 142, 66/68, 5/82;
	// 17: rules 124, 53/68, 10/82 → 129, 58/68, 10/82 (original detector:
	// not measured). Their floors are the wired figures.
	{"held-out batch 16", "heldout16.jsonl", corpusScore{levelsRight: 143, redCaught: 66, redAfterCheck: 67, falseRed: 4}},
	{"held-out batch 17", "heldout17.jsonl", corpusScore{levelsRight: 129, redCaught: 58, redAfterCheck: 68, falseRed: 10}},
	// The session-5 round (families from the retired batches 1–9) raised
	// batches 10 (118/53/17 → 120/54/16), 11 (147/67/2 → 148/67/1), 12
	// (125/60/12 → 130/62/11), 13 (143/66/4 → 145/66/3) and 16 (142/66/5 →
	// 143/66/4) and lowered none; 14, 15 and 17 did not move. Then, for
	// safety, a later bare number was made to count as a score unless its
	// neighbours mark it as a time, a count or a temperature (strays.go:
	// "3 in the morning, 7 in the evening" had lost its 7), which lowered
	// batch 13 (145/66/3 → 144/66/4) and 22 (136/67/13 → 135/67/14) and left
	// 18–20 as measured.
	// Batches 18 (UK and Irish club chat: sha256 8b2ee08e…), 19 (North
	// American and Australian phone typing: c9ca2fe9…) and 20 (non-native
	// writers and dictation: 531ecfe9…), natural, written in session 5 by
	// helpers who saw no code and frozen before any change that session.
	// Measured once on the session-4 detector (2b04f77) and once after the
	// session-5 round, by a rule written before either (learned_notes.md):
	// 18: 144, 68/68, 5/82 → 144, 68/68, 5/82; 19: 143, 66/68, 3/82 → 144,
	// 66/68, 2/82; 20: 145, 65/68, 2/82 → unchanged. Pooled they meet every
	// target (TestHeldOutNaturalTargets). Two refinements from the family
	// table tests came after that measurement ("my running buddy"; "it" as
	// another person's knee); the three floors held through them.
	{"held-out batch 18", "heldout18.jsonl", corpusScore{levelsRight: 144, redCaught: 68, redAfterCheck: 68, falseRed: 5}},
	{"held-out batch 19", "heldout19.jsonl", corpusScore{levelsRight: 144, redCaught: 66, redAfterCheck: 68, falseRed: 2}},
	{"held-out batch 20", "heldout20.jsonl", corpusScore{levelsRight: 145, redCaught: 65, redAfterCheck: 68, falseRed: 2}},
	// Batches 21 (sha256 1b0c2971…) and 22 (4cc370d2…): hard, the brief of
	// 10, 12, 14 and 17 (red flags told indirectly, invented decoys), written
	// in session 5 by helpers who saw no code, frozen before round 2 (the
	// families of the retired hard batches 10 and 12). Measured once before
	// and once after round 2: identical (135, 63/68, 10/82 and 136, 67/68,
	// 13/82), so round 2 was not kept (its rule: docs/triage-measurements.md;
	// its patch: docs/experiments/session5-round2-rejected.patch).
	{"held-out batch 21", "heldout21.jsonl", corpusScore{levelsRight: 135, redCaught: 63, redAfterCheck: 68, falseRed: 10}},
	{"held-out batch 22", "heldout22.jsonl", corpusScore{levelsRight: 135, redCaught: 67, redAfterCheck: 68, falseRed: 14}},
	// Batches 23 (natural, new voices: sha256 a3183950…) and 24 (hard:
	// fccb956e…), written in session 5 before round 3 (general recall fixes
	// that can only add a flag or a score; kept by a do-no-harm rule written
	// first). Measured once before and once after it: identical, 23: 147,
	// 67/68, 2/82, one score-only red below red even after the check; 24:
	// 132, 60/68, 10/82, 67/68 after the check.
	{"held-out batch 23", "heldout23.jsonl", corpusScore{levelsRight: 147, redCaught: 67, redAfterCheck: 67, falseRed: 2}},
	{"held-out batch 24", "heldout24.jsonl", corpusScore{levelsRight: 132, redCaught: 60, redAfterCheck: 67, falseRed: 10}},
}

// naturalFresh are the natural held-out batches frozen before the last
// detector change: pooled, they are held to the targets.
var naturalFresh = []string{"heldout18.jsonl", "heldout19.jsonl", "heldout20.jsonl"}

// TestHeldOutNaturalTargets holds the pooled natural batches written for the
// last round to the targets (≥ 95% red from text, ≥ 90% levels
// right, ≤ 5% pushed to red, every red case red after the one-tap check).
// The hard batches (14, 17, 21, 22: red flags told mostly in indirect
// words, built to mislead) are held to their floors only.
func TestHeldOutNaturalTargets(t *testing.T) {
	t.Parallel()
	var pooled []labelled
	for _, f := range naturalFresh {
		pooled = append(pooled, loadCorpus(t, f)...)
	}
	s := scoreCorpus(pooled)
	t.Log("natural held-out batches 18–20 pooled: " + s.String())
	checkTargets(t, s, "natural held-out 18–20", false)
}

// checkFloor fails when s falls below the figures a set has reached.
func checkFloor(t *testing.T, s corpusScore, name string, floor corpusScore) {
	t.Helper()
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"levels right", s.levelsRight, floor.levelsRight},
		{"red from text", s.redCaught, floor.redCaught},
		{"red after the one-tap check", s.redAfterCheck, floor.redAfterCheck},
	} {
		if c.got < c.want {
			t.Errorf("%s %s: %d, was %d", name, c.what, c.got, c.want)
		}
	}
	if s.falseRed > floor.falseRed {
		t.Errorf("%s non-red pushed to red: %d, was %d", name, s.falseRed, floor.falseRed)
	}
}

func checkTargets(t *testing.T, s corpusScore, name string, show bool) {
	t.Helper()
	if s.n < 40 {
		t.Fatalf("%s: only %d cases; want at least 40", name, s.n)
	}
	if s.redCaught*100 < 95*s.red {
		t.Errorf("%s red from text: %d/%d, want ≥ 95%%", name, s.redCaught, s.red)
	}
	if s.levelsRight*100 < 90*s.n {
		t.Errorf("%s levels right: %d/%d, want ≥ 90%%", name, s.levelsRight, s.n)
	}
	if s.falseRed*100 > 5*s.nonRed {
		t.Errorf("%s non-red pushed to red: %d/%d, want ≤ 5%%", name, s.falseRed, s.nonRed)
	}
	if s.redAfterCheck != s.red {
		t.Errorf("%s red after the one-tap check: %d/%d, want all", name, s.redAfterCheck, s.red)
	}
	if t.Failed() && show {
		logMisses(t, s)
	}
}

// TestCorpusLabels keeps the corpora honest: levels follow coach-rules §1
// from the labelled flags, and every flag is a real one.
func TestCorpusLabels(t *testing.T) {
	t.Parallel()
	var names []string
	for _, set := range heldOutSets {
		names = append(names, set.file)
	}
	for _, set := range devSets {
		names = append(names, set.file)
	}
	for _, name := range names {
		if _, err := os.Stat("testdata/triage/" + name); err != nil {
			continue
		}
		for _, c := range loadCorpus(t, name) {
			for _, f := range c.Flags {
				if !Flag(f).Valid() || Flag(f) == FlagSevere {
					t.Errorf("%s %s: flag %q is not a symptom flag", name, c.ID, f)
				}
			}
			if len(c.Flags) > 0 && c.Level != "red" {
				t.Errorf("%s %s: flags %v but level %s", name, c.ID, c.Flags, c.Level)
			}
			if !slices.Contains([]string{"green", "amber", "red"}, c.Level) {
				t.Errorf("%s %s: level %q", name, c.ID, c.Level)
			}
		}
	}
}

// TestDevCorpora scores the development corpora against the same targets
// as the held-out sets (or, for one that doesn't meet them yet, a floor at
// the figures reached); unlike the held-out sets their misses may be read,
// so they are logged.
func TestDevCorpora(t *testing.T) {
	t.Parallel()
	for _, set := range devSets {
		t.Run(set.file, func(t *testing.T) {
			t.Parallel()
			s := scoreCorpus(loadCorpus(t, set.file))
			t.Log(set.file + ": " + s.String())
			if set.floor == nil {
				checkTargets(t, s, set.file, true)
				return
			}
			logMisses(t, s)
			checkFloor(t, s, set.file, *set.floor)
		})
	}
}

// devSets are the development corpora, each written by a helper and scored
// once before the detector was tuned to it (figures below); tuned on since
// (by families, not sentences), each is a development set and its misses
// may be read.
var devSets = []struct {
	file  string
	floor *corpusScore // nil: held to the targets
}{
	{"dev.jsonl", nil},
	// 300 reports in voices dev.jsonl lacks: teens, older runners, Irish,
	// New Zealand, South African and Indian English, learners of English,
	// long and terse messages. Before: levels 83.7%, red from text 87.3%,
	// non-red pushed to red 20.0%.
	{"dev2.jsonl", nil},
	// 400 reports, each with a note naming the cue that makes it red or
	// keeps it non-red. Before: levels 85.2%, red from text 90.0%
	// (180/200), non-red pushed to red 19.5% (39/200).
	{"dev3.jsonl", nil},
	// 500 reports: 320 realistic non-red traps and 180 reds, each with a
	// note naming the deciding cue. Before: levels 84.8%, red from text
	// 93.3% (168/180), non-red pushed to red 17.5% (56/320), 12 not parsed.
	{"dev4.jsonl", nil},
	// 600 reports: 320 reds in wordings no earlier set anticipated
	// (metaphors, how the limb feels, what the symptom stops the runner
	// doing) and 280 realistic non-red traps, each with a note. Before:
	// levels 80.7%, red from text 75.6% (242/320), non-red pushed to red
	// 13.6% (38/280).
	{"dev5.jsonl", nil},
	// 600 reports: 400 realistic non-red false alarms in eleven kinds
	// (other people, pets and objects, the resolved past, negation,
	// idioms, treatment and kit, weather, tiredness and jelly legs, tests
	// that came back fine, changes within one run, vivid mild aches,
	// feelings about training) and 200 reds each placed next to such a
	// distractor. Before: levels 87.0% (522/600), red from text 95.0%
	// (190/200), non-red pushed to red 16.2% (65/400), 2 not parsed.
	{"dev6.jsonl", nil},
	// 384 reports in styles the earlier sets lack: long chatty messages,
	// questions, hypotheticals and plans ("if it swells I'll stop"), future
	// tense, reported advice ("told me to watch for swelling"), worries
	// that were ruled out, checklists, learners of English and typos; 274
	// non-red with red-flag words that don't apply, 110 reds, many beside
	// such words. Before: levels 70.1% (269/384), red from text 100%
	// (110/110), non-red pushed to red 41.6% (114/274), 1 not parsed. Held
	// to a floor until it meets the targets: raise it, never lower it.
	{"dev7.jsonl", &corpusScore{levelsRight: 375, redCaught: 110, redAfterCheck: 110, falseRed: 8}},
	// 320 reports written by a helper who saw no code: 200 non-red, most of
	// them full of red-flag words in other senses (hay fever, a tent that
	// collapsed, popped into the bakery, hands puffed up in the heat, a
	// limp from a blister), and 120 reds. Before (the detector of the dev7
	// round, untouched): levels 88.1% (282/320), red from text 95.8%
	// (115/120), non-red pushed to red 14.5% (29/200), 5 not parsed. Its
	// writer listed severe_pain among the flags of reds scored 7+; that is
	// the score's, not a symptom flag, so it was taken out of the labels
	// (no level changed). After the weak-cue round (owners of a symptom
	// word, everyday senses): levels 96.6%, red from text 95.8%, non-red
	// pushed to red 0%. Held to a floor until it meets the targets: raise
	// it, never lower it.
	// 260 reports, 180 red, whose red flags are described without textbook
	// keywords (what the runner sees, what the joint does, what they can't
	// do, tests, times, mechanisms), written by a helper who saw no code;
	// severe_pain was dropped from its labels (it comes from the score).
	// Before: levels 79.6% (207/260), red from text 71.7% (129/180),
	// non-red pushed to red 2.5% (2/80), red after the one-tap check
	// 179/180, 2 not parsed. Tuned by kinds of description (paraphrase.go)
	// on its odd ids first: the even ids, untouched, went from 73/95 red
	// from text to 80/95 (84.2%). After the final pass on all of it: levels
	// 97.7% (254/260), red from text 97.8% (176/180), non-red pushed to red
	// 2/80. Held to a floor at those figures: raise it, never lower it.
	{"dev9.jsonl", &corpusScore{levelsRight: 257, redCaught: 179, redAfterCheck: 180, falseRed: 2}},
	// dev8 (described above dev9): levels 311 → 312 in the dev11 round
	// ("better than last week's 4" is a dated past score); session 5's
	// round 3 (spelled scores after a side, "has gone fat", speech verbs…)
	// raised it to 320/120/120/0 and dev9 to 257/179/180/2.
	{"dev8.jsonl", &corpusScore{levelsRight: 320, redCaught: 120, redAfterCheck: 120, falseRed: 0}},
	// 300 reports written by a helper who saw no code, to the brief of
	// heldout10.jsonl: 129 reds mostly in indirect words, 171 non-red
	// mostly decoys (its reds scored 7+ list no flag: severe_pain is the
	// score's). Split by id before tuning: odd ids tuned on, even ids only
	// scored. Before (round-9 detector): whole 254/300 levels, red
	// 110/129, false red 24/171; odd 125/150, 55/61, 18/89; even 129/150,
	// 55/68, 6/82. After the dev10 round: whole 279, 116, 6; odd 150,
	// 61, 0; even unchanged (129, 55, 6): the families found on one half
	// did not recur on the other. Held to a floor: raise it, never lower it.
	// Merged with round 9b (paraphrase.go): 280, 118, 129, 7 (one more
	// false red on the untouched even half, two more reds caught). The
	// dev11 round's score forms: levels 281.
	{"dev10.jsonl", &corpusScore{levelsRight: 281, redCaught: 118, redAfterCheck: 129, falseRed: 7}},
	// 300 natural reports written in session 4 by a helper who saw no code:
	// 100 reds, mostly in everyday words, and 200 non-red reports from
	// fifteen families of wording a keyword matcher could push to red
	// (sport talk, treatment, other people, past and resolved, within one
	// run, look-alike words, parts of shoes and bikes…). Before (round-10
	// detector): levels 286/300 (95.3%), red from text 100/100, non-red
	// pushed to red 10/200 (5.0%), 3 not parsed. After the dev11 round
	// (explained.go: insect bites, animals, excitement, a cramp that let
	// go, walking from tiredness, a cause removed, gone within a time, hot
	// food and drink, figurative fever, hair; scoreforms.go: run-together
	// words, the current score over a dated past one, "2-3/10"): levels
	// 300/300, red 100/100, false red 0/200, 1 not parsed. Held to a floor.
	{"dev11.jsonl", &corpusScore{levelsRight: 300, redCaught: 100, redAfterCheck: 100, falseRed: 0}},
	// Held-out batches 1–9, retired here in session 5 (see heldOutSets);
	// their floors are the figures after the session-5 round, which was
	// tuned on their false reds (46 → 3 over the nine).
	{"retired-ho1.jsonl", &corpusScore{levelsRight: 127, redCaught: 67, redAfterCheck: 67, falseRed: 0}},
	{"retired-ho2.jsonl", &corpusScore{levelsRight: 40, redCaught: 21, redAfterCheck: 21, falseRed: 0}},
	{"retired-ho3.jsonl", &corpusScore{levelsRight: 80, redCaught: 40, redAfterCheck: 40, falseRed: 0}},
	{"retired-ho4.jsonl", &corpusScore{levelsRight: 100, redCaught: 50, redAfterCheck: 50, falseRed: 0}},
	{"retired-ho5.jsonl", &corpusScore{levelsRight: 119, redCaught: 56, redAfterCheck: 56, falseRed: 1}},
	{"retired-ho6.jsonl", &corpusScore{levelsRight: 150, redCaught: 68, redAfterCheck: 68, falseRed: 0}},
	{"retired-ho7.jsonl", &corpusScore{levelsRight: 150, redCaught: 68, redAfterCheck: 68, falseRed: 0}},
	{"retired-ho8.jsonl", &corpusScore{levelsRight: 147, redCaught: 68, redAfterCheck: 68, falseRed: 1}},
	{"retired-ho9.jsonl", &corpusScore{levelsRight: 142, redCaught: 68, redAfterCheck: 68, falseRed: 1}},
	// The hard held-out batches 10 and 12, retired in session 5 for round 2
	// (read; its changes were not kept, so their floors are the figures of
	// the kept detector).
	{"retired-ho10.jsonl", &corpusScore{levelsRight: 122, redCaught: 56, redAfterCheck: 68, falseRed: 16}},
	{"retired-ho12.jsonl", &corpusScore{levelsRight: 133, redCaught: 64, redAfterCheck: 68, falseRed: 11}},
	// 300 natural reports in mixed voices written in session 5 by a helper
	// who saw no code. Before (session-4 detector): levels 289, red
	// 119/120, false red 8/180. Its odd ids were read in the round; its
	// even ids were not, and moved with the families found on batches 1–9
	// alone: levels 145 → 147, red 54/54, false red 5/96 → 3/96.
	{"dev12.jsonl", &corpusScore{levelsRight: 295, redCaught: 120, redAfterCheck: 120, falseRed: 3}},
}
