package ids

import (
	"encoding/json"
	"testing"
)

func TestPlatform(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		id   string
		want string
	}{
		{"telegram:123", "telegram"},
		{"discord:9:8", "discord"},
		{"console:local", "console"},
		{"nocolon", ""},
		{"", ""},
	} {
		if got := MemberID(c.id).Platform(); got != c.want {
			t.Errorf("MemberID(%q).Platform() = %q, want %q", c.id, got, c.want)
		}
		if got := ClubID(c.id).Platform(); got != c.want {
			t.Errorf("ClubID(%q).Platform() = %q, want %q", c.id, got, c.want)
		}
		if got := ChatID(c.id).Platform(); got != c.want {
			t.Errorf("ChatID(%q).Platform() = %q, want %q", c.id, got, c.want)
		}
	}
}

// The types must not change what is stored: a typed id marshals as the
// plain string it holds.
func TestJSONIsThePlainString(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(struct {
		M MemberID
		C ClubID
		H ChatID
	}{"telegram:1", "telegram:-100", "discord:7"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"M":"telegram:1","C":"telegram:-100","H":"discord:7"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestListConversions(t *testing.T) {
	t.Parallel()
	if Members(nil) != nil || Clubs(nil) != nil {
		t.Error("nil lists must stay nil")
	}
	m := Members([]string{"telegram:1", "discord:2"})
	if len(m) != 2 || m[0] != "telegram:1" || m[1] != "discord:2" {
		t.Errorf("Members = %v", m)
	}
	c := Clubs([]string{"telegram:-100"})
	if len(c) != 1 || c[0] != "telegram:-100" {
		t.Errorf("Clubs = %v", c)
	}
}

func TestStringsAndChat(t *testing.T) {
	t.Parallel()
	if Strings[MemberID](nil) != nil {
		t.Error("nil list must stay nil")
	}
	if got := Strings([]ClubID{"telegram:-1", "discord:2"}); len(got) != 2 || got[0] != "telegram:-1" || got[1] != "discord:2" {
		t.Errorf("Strings = %v", got)
	}
	if got := ClubID("telegram:-100").Chat(); got != ChatID("telegram:-100") {
		t.Errorf("Chat = %q", got)
	}
}
