package commands

import (
	"context"
	"strings"
	"testing"
)

func TestLoadZoneOnlyIANANames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Europe/London":                  "Europe/London",
		"europe/london":                  "Europe/London",
		"america/new_york":               "America/New_York",
		"utc":                            "UTC",
		"Etc/GMT+5":                      "Etc/GMT+5",
		"America/Argentina/Buenos_Aires": "America/Argentina/Buenos_Aires",
		"Asia/Kolkata":                   "Asia/Kolkata",
	} {
		_, got, err := LoadZone(in)
		if err != nil || got != want {
			t.Errorf("LoadZone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"Local", "local", "LOCAL", "", " ", "localtime", "posixrules", "Factory",
		"posix/Europe/London", "right/Europe/London", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
		"zone.tab", "Europe/London ", "Europe//London", "+VERSION", "leapseconds", "Europe\\London"} {
		if _, got, err := LoadZone(in); err == nil && strings.TrimSpace(in) != "Europe/London" {
			t.Errorf("LoadZone(%q) accepted as %q", in, got)
		}
	}
}

// /settings tz and /club tz store only real zone names; junk is refused
// with a friendly hint and nothing changes.
func TestZoneCommandsRefuseJunk(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const me = "telegram:80"
	for _, junk := range []string{"Local", "local", "posixrules", "Nowhere/Special"} {
		got := h.sayText(me, "/settings tz "+junk)
		mustContain(t, got, "I don't know the time zone", "Europe/London")
		m, err := h.st.Member(ctx, me)
		if err != nil {
			t.Fatal(err)
		}
		if m.TZ != "" {
			t.Fatalf("/settings tz %s stored %q", junk, m.TZ)
		}
	}
	mustContain(t, h.sayText(me, "/settings tz"), "needs a value")
	mustContain(t, h.sayText(me, "/settings tz europe/paris"), "Europe/Paris")
	if m, _ := h.st.Member(ctx, me); m.TZ != "Europe/Paris" {
		t.Fatalf("a real zone was not stored: %q", m.TZ)
	}

	const club = "telegram:-10080"
	m := msg(me, "/club tz Local")
	m.DM, m.ClubID, m.ChatID, m.Admin = false, club, club, true
	if got := h.r.Handle(ctx, m).Text; !strings.Contains(got, "I don't know the time zone") {
		t.Fatalf("/club tz Local answered %q", got)
	}
	if c, err := h.st.Club(ctx, club); err == nil && c.TZ != "" {
		t.Fatalf("/club tz Local stored %q", c.TZ)
	}
}
