package commands

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/platforms"
	"github.com/clubcoach/clubcoach/internal/store"
)

// workoutFile reads one of the workout package's test files.
func workoutFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "workout", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sendFile sends /run with an attachment, as an adapter does.
func (h *harness) sendFile(member, name string, data []byte) string {
	h.t.Helper()
	h.clock.Add(3 * time.Second)
	m := msg(member, "/run")
	m.Attachment = &platforms.Attachment{Name: name, Size: int64(len(data)), Data: data}
	return h.r.Handle(context.Background(), m).Text
}

func (h *harness) runs(member string) []store.Run {
	h.t.Helper()
	runs, err := h.st.Runs(context.Background(), ids.MemberID(member), "", "")
	if err != nil {
		h.t.Fatal(err)
	}
	return runs
}

// Tuesday 1 Dec 2026, after every sample file.
var afterSamples = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestRunFileLogsTheFilesOwnNumbers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.clock.t = afterSamples
	const me = "telegram:5"
	got := h.sendFile(me, "run_5k.fit", workoutFile(t, "run_5k.fit"))
	mustContain(t, got, "Logged 5 km from your watch on Sat 28 Nov", "27:30", "5:30 /km", "172 spm", "Week of Mon 23 Nov: 5 km over 1 run",
		"Cadence 172 spm (saved for /cadence)", "/undo r1")
	runs := h.runs(me)
	if len(runs) != 1 {
		t.Fatalf("%d runs stored, want 1", len(runs))
	}
	r := runs[0]
	if r.Date != "2026-11-28" || r.Meters != 5000 || r.Seconds != 1650 || r.Cadence != 172 || !r.Start.Equal(time.Date(2026, 11, 28, 8, 5, 0, 0, time.UTC)) {
		t.Errorf("stored %+v", r)
	}
	mustContain(t, h.sayText(me, "/cadence"), "Your latest cadence: 172 spm")

	// The same file again is recognised.
	again := h.sendFile(me, "run_5k.fit", workoutFile(t, "run_5k.fit"))
	mustContain(t, again, "Already logged", "r1")
	if n := len(h.runs(me)); n != 1 {
		t.Errorf("after the duplicate, %d runs stored", n)
	}
	// So is the same run exported as GPX (same start, distance within 1%).
	mustContain(t, h.sendFile(me, "run_5k.gpx", workoutFile(t, "run_5k.gpx")), "Already logged")
}

func TestRunFileRefusalsStoreNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.clock.t = afterSamples
	const me = "discord:9"
	for file, want := range map[string]string{
		"ride.fit":      "That looks like a ride (30 km on Fri 27 Nov)",
		"pool_swim.fit": "That looks like a pool swim",
		"ride.gpx":      "That looks like a ride",
		"truncated.fit": "stops part-way",
		"crc_error.fit": "checksum",
		"no_times.gpx":  "no timestamps",
		"broken.gpx":    "damaged",
		"empty.fit":     "empty (0 bytes)",
		"image.fit":     "send a FIT, GPX or TCX",
	} {
		got := h.sendFile(me, file, workoutFile(t, file))
		mustContain(t, got, want)
		if strings.Count(strings.TrimSpace(got), "\n") > 0 {
			t.Errorf("%s: want one sentence, got %q", file, got)
		}
	}
	if n := len(h.runs(me)); n != 0 {
		t.Errorf("refused files stored %d runs", n)
	}
}

func TestRunFileFromTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // Wed 25 Nov: the sample run is on Sat 28 Nov
	got := h.sendFile("telegram:5", "run_5k.fit", workoutFile(t, "run_5k.fit"))
	mustContain(t, got, "Sat 28 Nov 2026 08:05", "hasn't happened yet")
	if n := len(h.runs("telegram:5")); n != 0 {
		t.Errorf("future file stored %d runs", n)
	}
}

// A file's own date is trusted, however old (typed runs stop at 14 days).
func TestRunFileFromLastYear(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	gpx := testGPX(time.Date(2025, 6, 14, 6, 30, 0, 0, time.UTC), 10000, time.Hour, 0)
	got := h.sendFile("telegram:5", "old.gpx", gpx)
	mustContain(t, got, "Logged 10 km from your watch on Sat 14 Jun 2025", "1:00:00")
	if strings.Contains(got, "Cadence") {
		t.Errorf("a file without cadence got a cadence line:\n%s", got)
	}
}

func TestRunFileTypedSameDayIsPointedAt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.clock.t = afterSamples
	const me = "telegram:5"
	mustContain(t, h.sayText(me, "/run 5k sat"), "Logged 5 km on Sat 28 Nov (id r1")
	got := h.sendFile(me, "run_5k.fit", workoutFile(t, "run_5k.fit"))
	mustContain(t, got, "id r2", "You also typed a run that day (r1, 5 km)", "/undo r1 removes the typed one")
	if n := len(h.runs(me)); n != 2 {
		t.Errorf("%d runs, want both kept (never merged silently)", n)
	}
}

func TestRunFileZipImport(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.clock.t = afterSamples
	const me = "telegram:5"
	zip := workoutFile(t, "history.zip")
	got := h.sendFile(me, "export.zip", zip)
	mustContain(t, got, "✅ 3 runs logged since 22 Nov, 1 ride skipped.", "1 file couldn't be read (1005.fit) — it may be damaged",
		"Cadence 172 spm from your run on Sat 28 Nov, saved for /cadence.", "/week")
	if n := len(h.runs(me)); n != 3 {
		t.Errorf("%d runs stored, want 3", n)
	}
	again := h.sendFile(me, "export.zip", zip)
	mustContain(t, again, "Nothing new to log: 1 ride skipped, 3 already logged.")
	if n := len(h.runs(me)); n != 3 {
		t.Errorf("after the second import, %d runs stored", n)
	}
}

func TestRunFileNotFetched(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	m := msg("telegram:5", "/run")
	m.Attachment = &platforms.Attachment{Name: "export.zip", Size: 300 << 20}
	mustContain(t, h.r.Handle(context.Background(), m).Text, "300 MB, over the 20 MB I can fetch", "recent ones only")
	m.Attachment = &platforms.Attachment{Name: "run.fit", Size: 1000}
	mustContain(t, h.r.Handle(context.Background(), m).Text, "couldn't fetch that file")
	mustContain(t, h.sayText("telegram:5", "/run file ~/x.fit"), "attach your watch's FIT, GPX or TCX file")
	mustContain(t, h.sayText("console:me", "/run file"), "/run file ~/Downloads")
}

// testGPX writes a running GPX track north from a London park.
func testGPX(start time.Time, meters float64, dur time.Duration, perFoot int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>running</type><trkseg>`)
	const n = 60
	for i := 0; i <= n; i++ {
		d := meters * float64(i) / n
		fmt.Fprintf(&b, `<trkpt lat="%.7f" lon="-0.1657"><time>%s</time>`, 51.5074+d/111195, start.Add(dur*time.Duration(i)/n).UTC().Format(time.RFC3339))
		if perFoot > 0 {
			fmt.Fprintf(&b, `<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>%d</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>`, perFoot)
		}
		b.WriteString("</trkpt>")
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	return []byte(b.String())
}

// Runs from files count toward challenges by their own date: a zip's runs
// before the start do not, the ones inside do, and the same file again
// adds nothing.
func TestRunFilesCreditChallengesByTheirDate(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(e *chalEnv) {
		t := e.t
		e.newFifty() // Wed 25 Nov to 25 Dec
		has(t, e.text(sam, "/challenge join"), "You're in Club Fifty")
		e.say(ann, `/challenge new "Winter hours" 50h today `+e.day(30)) // c2: the files' times count here
		has(t, e.text(sam, `/challenge join "Winter hours"`), "You're in Winter hours")
		e.clock.Add(6 * 24 * time.Hour) // Tue 1 Dec
		file := func(name string) string {
			data := workoutFile(t, name)
			m := platforms.Message{Platform: platforms.Telegram, MemberID: sam, DisplayName: tNames[sam], ClubID: tClub, ChatID: tClub, Command: "run",
				Attachment: &platforms.Attachment{Name: name, Size: int64(len(data)), Data: data}}
			e.clock.Add(5 * time.Second)
			return e.r.Handle(e.ctx, m).Text
		}
		got := file("history.zip") // runs on 22, 24 and 28 Nov
		has(t, got, "3 runs logged since 22 Nov", "Club Fifty: 5 km of 50 km")
		if s := e.score(tClub, "c1", sam); s != 5000 {
			t.Errorf("board %d m, want 5000 (only the 28 Nov run is inside the challenge)", s)
		}
		runs, err := e.st.Runs(e.ctx, sam, "2026-11-28", "2026-11-28")
		if err != nil || len(runs) != 1 || runs[0].Seconds == 0 {
			t.Fatalf("the 28 Nov run: %+v, %v", runs, err)
		}
		if s := e.score(tClub, "c2", sam); s != int64(runs[0].Seconds) {
			t.Errorf("time board %d s, want the run's %d s", s, runs[0].Seconds)
		}
		has(t, got, "Winter hours: "+coach.FormatHours(int64(runs[0].Seconds))+" of 50 h")
		has(t, file("run_5k.fit"), "Already logged")
		if s := e.score(tClub, "c1", sam); s != 5000 {
			t.Errorf("after the duplicate, board %d m", s)
		}
		got = file("midnight.fit") // Fri 27 Nov 23:40 in New York is Sat 28 Nov in UTC, the club's zone
		has(t, got, "Logged 6 km from your watch on Sat 28 Nov", "11 km of 50 km")
	})
}

func TestHelpRunMentionsFilesAndPrivacy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mustContain(t, h.sayText("telegram:5", "/help run"), "FIT, GPX or TCX", "/run file <path>", "never your GPS track")
}

// A big export takes a while: the member hears it is under way first.
func TestRunFileBigImportSaysItIsUnderWay(t *testing.T) {
	t.Parallel()
	dms := &dmLog{}
	h := newHarness(t, func(d *Deps) { d.DM = dms })
	h.clock.t = afterSamples
	const me = "telegram:6"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	start := time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC)
	for i := range 25 {
		w, err := zw.Create(fmt.Sprintf("run%02d.gpx", i))
		if err != nil {
			t.Fatal(err)
		}
		day := start.AddDate(0, 0, i)
		var pts strings.Builder
		for j := range 61 { // 5 km in 30 min, a point every 30 s
			fmt.Fprintf(&pts, `<trkpt lat="%.7f" lon="-0.1"><time>%s</time></trkpt>`, 51.5+float64(j)*5000/60/111195,
				day.Add(time.Duration(j)*30*time.Second).Format(time.RFC3339))
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>%s</trkseg></trk></gpx>`, pts.String())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	got := h.sendFile(me, "export.zip", buf.Bytes())
	mustContain(t, got, "25 runs logged")
	sent := dms.to(me)
	if len(sent) != 1 || !strings.Contains(sent[0].text, "Found 25 activities") {
		t.Errorf("progress notes: %+v", sent)
	}
	// A small file logs without one.
	h.sendFile("telegram:7", "run_5k.fit", workoutFile(t, "run_5k.fit"))
	if n := len(dms.to("telegram:7")); n != 0 {
		t.Errorf("a single file got %d progress notes", n)
	}
}
