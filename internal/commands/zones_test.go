package commands

import (
	"context"
	"strings"
	"testing"
)

func TestResolveZone(t *testing.T) {
	t.Parallel()
	for typed, want := range map[string]string{
		"London": "Europe/London", "london": "Europe/London", "New York": "America/New_York", "new  york": "America/New_York",
		"Europe/Berlin": "Europe/Berlin", "america/los_angeles": "America/Los_Angeles", "UK": "Europe/London",
		"GMT": "Europe/London", "bst": "Europe/London", "UTC": "UTC", "Germany": "Europe/Berlin", "Sydney": "Australia/Sydney",
		"Los Angeles": "America/Los_Angeles", "Buenos Aires": "America/Argentina/Buenos_Aires", "Mumbai": "Asia/Kolkata",
		"Tokyo": "Asia/Tokyo", "PST": "America/Los_Angeles", "Kyiv": "Europe/Kyiv",
	} {
		z, err := resolveZone(typed)
		if err != nil || z.Name != want || z.Ask != "" {
			t.Errorf("resolveZone(%q) = %+v, %v; want %s", typed, z, err, want)
		}
	}
	for _, typed := range []string{"EST", "IST", "cst", "USA", "Australia"} {
		if z, err := resolveZone(typed); err != nil || z.Name != "" || z.Ask == "" || len(z.Buttons) < 2 {
			t.Errorf("resolveZone(%q) = %+v, %v; want a question", typed, z, err)
		}
	}
	for _, typed := range []string{"Local", "", "Atlantis", "../etc/passwd"} {
		if z, err := resolveZone(typed); err == nil {
			t.Errorf("resolveZone(%q) = %+v, want an error", typed, z)
		}
	}
}

// Time zones people type: a city is confirmed with its IANA zone and the
// local time; GMT is UK time with a button for UTC; EST asks; a
// multi-word city works among several settings.
func TestScenarioZonesPeopleType(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(h *harness) {
		ctx := context.Background()
		const me = "telegram:1430"
		mustContain(h.t, h.sayText(me, "/settings tz London"), "London → Europe/London, now 12:00")
		resp := h.say(me, "/settings tz GMT")
		mustContain(h.t, resp.Text, "GMT → Europe/London", "BST")
		if len(resp.Buttons) != 1 || resp.Buttons[0].Command != "/settings tz UTC" {
			h.t.Errorf("GMT buttons: %+v", resp.Buttons)
		}
		resp = h.say(me, "/settings tz EST")
		mustContain(h.t, resp.Text, "more than one time zone")
		if m, _ := h.st.Member(ctx, me); m.TZ != "Europe/London" {
			h.t.Errorf("an ambiguous zone changed the stored one: %q", m.TZ)
		}
		mustContain(h.t, h.sayText(me, "/settings tz New York units mi"), "New York → America/New_York, now 07:00", "units mi")
		if m, _ := h.st.Member(ctx, me); m.TZ != "America/New_York" || m.Units != "mi" {
			h.t.Errorf("stored %q %q", m.TZ, m.Units)
		}
		mustContain(h.t, h.sayText(me, "/settings tz Local"), "don't know the time zone")
		if m, _ := h.st.Member(ctx, me); m.TZ != "America/New_York" {
			h.t.Errorf("Local was stored: %q", m.TZ)
		}
		if !strings.Contains(h.sayText(me, "/settings tz Atlantis"), "Try a city") {
			h.t.Error("unknown zone without a hint")
		}
	})
}
