package commands

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("knee ", 1000) // ~5 KB
	tests := []struct {
		in, bot   string
		cmd, args string
		ok        bool
	}{
		{"/pain 3 knee", "", "pain", "3 knee", true},
		{"  /pain   3   knee  ", "", "pain", "3   knee", true},
		{"/PAIN 3 knee", "", "pain", "3 knee", true},
		{"/pain@TestNameBot 3 knee", "TestNameBot", "pain", "3 knee", true},
		{"/pain@testnamebot 3 knee", "TestNameBot", "pain", "3 knee", true},
		{"/pain@OtherBot 3 knee", "TestNameBot", "", "", false},
		{"/pain@AnyBot 3 knee", "", "pain", "3 knee", true},
		{"/run\t5k\n", "", "run", "5k", true},
		{`/challenge new "December 100" 100km`, "", "challenge", `new "December 100" 100km`, true},
		{"/pain 3 genou 膝 🦵", "", "pain", "3 genou 膝 🦵", true},
		{"/help", "", "help", "", true},
		{"hello there", "", "", "", false},
		{"", "", "", "", false},
		{"/", "", "", "", false},
		{"/ pain", "", "", "", false},
		{"/@Bot", "Bot", "", "", false},
		{"/pain " + long, "", "pain", strings.TrimSpace(long), true},
	}
	for _, tt := range tests {
		cmd, args, ok := Parse(tt.in, tt.bot)
		if cmd != tt.cmd || args != tt.args || ok != tt.ok {
			t.Errorf("Parse(%.40q, %q) = %q, %.40q, %v; want %q, %.40q, %v", tt.in, tt.bot, cmd, args, ok, tt.cmd, tt.args, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/pain 3 knee", "/pain@Bot 3/10 knee", "/run 5k yesterday", "hi", "/", "/@", "/x\x00y", `/challenge new "a b" 5k`, "/ünï 3"} {
		f.Add(s, "Bot")
	}
	f.Fuzz(func(t *testing.T, in, bot string) {
		cmd, args, ok := Parse(in, bot)
		if !ok {
			if cmd != "" || args != "" {
				t.Fatalf("not ok but returned %q %q", cmd, args)
			}
			return
		}
		if cmd == "" || strings.ContainsAny(cmd, " \t\n@") {
			t.Fatalf("bad command name %q from %q", cmd, in)
		}
		if !utf8.ValidString(cmd) {
			t.Fatalf("invalid utf8 command %q", cmd)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("args not trimmed: %q", args)
		}
		if len(args) > len(in) {
			t.Fatalf("args longer than input")
		}
	})
}
