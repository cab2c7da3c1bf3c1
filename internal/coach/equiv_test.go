package coach

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The triage golden file pins what DetectFlags, ParsePain and Triage return
// for every corpus report, every string literal of the package's tests and a
// few variants of them, so the matching machinery can be made faster without
// changing a single result. Held-out reports are keyed by file and id, public
// texts by a hash of the text; only hashes of the outputs are stored, so the
// file reveals nothing of the held-out cases. Regenerate it from the
// behaviour you mean to keep (main's, before a speed-up) with
//
//	go test -run TestTriageGolden -update-triage-golden ./internal/coach/
var updateTriageGolden = flag.Bool("update-triage-golden", false, "rewrite testdata/triage_golden.txt")

const triageGoldenFile = "testdata/triage_golden.txt"

// triageOutput is everything the triage path says about one text.
func triageOutput(text string) string {
	flags := DetectFlags(text)
	r, err := ParsePain(text)
	a := Triage(r)
	return fmt.Sprintf("%v|%+v|%v|%+v", flags, r, err, a)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

type goldenCase struct {
	key, text string
	heldOut   bool
}

// goldenCases gathers the texts in a fixed order.
func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	var cases []goldenCase
	seen := map[string]bool{}
	var public []string
	addPublic := func(s string) {
		k := "t" + shortHash(s)
		if seen[k] {
			return
		}
		seen[k] = true
		cases = append(cases, goldenCase{key: k, text: s})
		public = append(public, s)
	}
	files, err := filepath.Glob("testdata/triage/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	for _, f := range files {
		name := filepath.Base(f)
		held := strings.HasPrefix(name, "heldout")
		for _, l := range loadCorpus(t, name) {
			if held {
				cases = append(cases, goldenCase{key: name + ":" + l.ID, text: l.Text, heldOut: true})
				continue
			}
			addPublic(l.Text)
		}
	}
	for _, s := range fuzzSeeds {
		addPublic(s)
	}
	srcs, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(srcs)
	fset := token.NewFileSet()
	for _, src := range srcs {
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
					addPublic(s)
				}
			}
			return true
		})
	}
	// Variants: halves and neighbours run together reach spans and
	// sentence ends the originals don't.
	n := len(public)
	for i, s := range public[:n] {
		addPublic(s[:len(s)/2])
		addPublic(s + " " + public[(i+1)%n])
		addPublic(strings.ToUpper(s[len(s)/3:]) + ". no " + s)
	}
	return cases
}

func TestTriageGolden(t *testing.T) {
	t.Parallel()
	cases := goldenCases(t)
	if *updateTriageGolden {
		var b strings.Builder
		for _, c := range cases {
			fmt.Fprintf(&b, "%s %s\n", c.key, shortHash(triageOutput(c.text)))
		}
		if err := os.WriteFile(triageGoldenFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d cases", len(cases))
		return
	}
	f, err := os.Open(triageGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if ok {
			want[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var checked, heldDiff, missing int
	for _, c := range cases {
		w, ok := want[c.key]
		if !ok {
			missing++ // a literal added since the file was written
			continue
		}
		checked++
		out := triageOutput(c.text)
		if shortHash(out) == w {
			continue
		}
		if c.heldOut {
			heldDiff++ // never print a held-out text or result
			continue
		}
		t.Errorf("triage output changed for %q: now %s", c.text, out)
	}
	if heldDiff > 0 {
		t.Errorf("%d held-out outputs changed", heldDiff)
	}
	if checked < len(want)*9/10 {
		t.Errorf("only %d of %d golden cases found", checked, len(want))
	}
	t.Logf("checked %d cases, %d not in the golden file", checked, missing)
}
