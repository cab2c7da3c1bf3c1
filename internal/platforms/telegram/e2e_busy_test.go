package telegram

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestE2EBusyGroupAndADM is the busy Saturday on the emulator, in real
// time: 25 members each post /run 10k in one group (their replies drain at
// the group's 20 a minute), and an unrelated member's DM /week is answered
// within a second all the same.
func TestE2EBusyGroupAndADM(t *testing.T) {
	t.Parallel()
	// Replies still queued for the group when the test ends are given up
	// after HandleTimeout, so the bot stops quickly.
	b := startBot(t, func(c *Config) { c.HandleTimeout = 3 * time.Second })
	requireCommands(t, b.router, "run", "week")
	emu := b.emu
	for i := range 25 {
		emu.say(member{ID: int64(5000 + i), Name: fmt.Sprintf("Runner %d", i)}, club, "/run 10k", nil)
	}
	// The group's first replies are out: its updates are being handled.
	if got := emu.waitSent(club, 1)[0].Text; !strings.Contains(got, "10 km") {
		t.Fatalf("group /run answered %q", got)
	}
	asked := time.Now()
	emu.say(cleo, dm(cleo), "/week", nil)
	got := emu.waitSent(dm(cleo), 1)[0].Text
	took := time.Since(asked)
	if !strings.Contains(got, "week") {
		t.Fatalf("/week answered %q", got)
	}
	if took > time.Second {
		t.Fatalf("the DM /week took %v behind a busy group; want within 1s", took)
	}
	t.Logf("DM /week answered in %v while %d of 25 group replies were out", took.Round(time.Millisecond), len(emu.sent(club)))
}
