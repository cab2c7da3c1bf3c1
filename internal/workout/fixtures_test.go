package workout

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/filedef"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
)

// The files under testdata are made by this file: go test -run
// TestFixtures -update ./internal/workout/ rewrites them. FIT files come
// from the FIT library's own encoder; GPX and TCX are written by hand.
var update = flag.Bool("update", false, "rewrite the files under testdata")

// fitSpec describes a FIT activity to encode.
type fitSpec struct {
	start     time.Time
	sport     typedef.Sport
	sub       typedef.SubSport
	meters    float64       // session total; 0 leaves it out
	dur       time.Duration // timer time
	step      time.Duration // record interval
	perFoot   float64       // cadence per foot (0 = none)
	gps       bool
	noSession bool
	fileType  typedef.File // 0 = activity
}

// buildFIT encodes spec with the library's encoder: a FileId, one record
// per step moving north from a London park, a lap, a session and the
// activity message, as a watch writes them.
func buildFIT(tb testing.TB, s fitSpec) []byte {
	tb.Helper()
	act := filedef.NewActivity()
	ft := s.fileType
	if ft == 0 {
		ft = typedef.FileActivity
	}
	act.FileId.SetType(ft).SetTimeCreated(s.start).
		SetManufacturer(typedef.ManufacturerDevelopment).SetProduct(1).SetSerialNumber(1)
	n := int(s.dur / s.step)
	const lat0, lon0 = 51.5074, -0.1657
	for i := 0; i <= n; i++ {
		t := s.start.Add(time.Duration(i) * s.step)
		d := s.meters * float64(i) / float64(n)
		r := mesgdef.NewRecord(nil).SetTimestamp(t).SetDistanceScaled(d)
		if s.dur > 0 && s.meters > 0 {
			r.SetSpeedScaled(s.meters / s.dur.Seconds())
		}
		if s.gps {
			r.SetPositionLatDegrees(lat0 + d/111195).SetPositionLongDegrees(lon0)
		}
		if s.perFoot > 0 {
			whole := math.Floor(s.perFoot)
			r.SetCadence(uint8(whole)).SetFractionalCadenceScaled(s.perFoot - whole)
		}
		act.Records = append(act.Records, r)
	}
	end := s.start.Add(s.dur)
	if !s.noSession {
		lap := mesgdef.NewLap(nil).SetTimestamp(end).SetStartTime(s.start).
			SetSport(s.sport).SetSubSport(s.sub).
			SetTotalElapsedTimeScaled(s.dur.Seconds()).SetTotalTimerTimeScaled(s.dur.Seconds())
		ses := mesgdef.NewSession(nil).SetTimestamp(end).SetStartTime(s.start).
			SetSport(s.sport).SetSubSport(s.sub).
			SetTotalElapsedTimeScaled(s.dur.Seconds()).SetTotalTimerTimeScaled(s.dur.Seconds())
		if s.meters > 0 {
			lap.SetTotalDistanceScaled(s.meters)
			ses.SetTotalDistanceScaled(s.meters)
		}
		if s.perFoot > 0 {
			whole := math.Floor(s.perFoot)
			ses.SetAvgCadence(uint8(whole)).SetAvgFractionalCadenceScaled(s.perFoot - whole)
		}
		if s.gps {
			lat, lon := lat0/semicircle, lon0/semicircle
			ses.SetStartPositionLat(int32(lat)).SetStartPositionLong(int32(lon))
		}
		act.Laps = append(act.Laps, lap)
		act.Sessions = append(act.Sessions, ses)
	}
	act.Activity = mesgdef.NewActivity(nil).SetType(typedef.ActivityManual).SetTimestamp(end).SetNumSessions(1)
	fit := act.ToFIT(nil)
	var buf bytes.Buffer
	if err := encoder.New(&buf).Encode(&fit); err != nil {
		tb.Fatalf("encode FIT: %v", err)
	}
	return buf.Bytes()
}

// gpxSpec describes a GPX track to write.
type gpxSpec struct {
	version string // "1.0" or "1.1"
	typ     string // <type>; "" leaves it out
	start   time.Time
	meters  float64
	dur     time.Duration
	step    time.Duration
	perFoot int  // Garmin TrackPointExtension cadence; 0 = none
	noTime  bool // a planned route: no timestamps
}

func buildGPX(s gpxSpec) []byte {
	var b strings.Builder
	ns := "http://www.topografix.com/GPX/1/1"
	if s.version == "1.0" {
		ns = "http://www.topografix.com/GPX/1/0"
	}
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=%q creator=\"clubcoach tests\" xmlns=%q xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n", s.version, ns)
	fmt.Fprintf(&b, " <metadata><time>%s</time></metadata>\n <trk>\n  <name>Test</name>\n", s.start.UTC().Format(time.RFC3339))
	if s.typ != "" {
		fmt.Fprintf(&b, "  <type>%s</type>\n", s.typ)
	}
	b.WriteString("  <trkseg>\n")
	n := int(s.dur / s.step)
	for i := 0; i <= n; i++ {
		d := s.meters * float64(i) / float64(n)
		fmt.Fprintf(&b, "   <trkpt lat=\"%.7f\" lon=\"-0.1657000\"><ele>20.0</ele>", 51.5074+d/111195)
		if !s.noTime {
			fmt.Fprintf(&b, "<time>%s</time>", s.start.Add(time.Duration(i)*s.step).UTC().Format(time.RFC3339))
		}
		if s.perFoot > 0 {
			fmt.Fprintf(&b, "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>%d</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>", s.perFoot)
		}
		b.WriteString("</trkpt>\n")
	}
	b.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
	return []byte(b.String())
}

// buildTCX writes a Garmin Training Center run: two laps with their
// totals and AvgRunCadence, track points with RunCadence.
func buildTCX(sport string, start time.Time, meters float64, dur, step time.Duration, perFoot int, gps bool) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities>
`)
	fmt.Fprintf(&b, "  <Activity Sport=%q>\n   <Id>%s</Id>\n", sport, start.UTC().Format(time.RFC3339))
	half := dur / 2
	for lap := 0; lap < 2; lap++ {
		ls := start.Add(time.Duration(lap) * half)
		fmt.Fprintf(&b, "   <Lap StartTime=%q>\n    <TotalTimeSeconds>%.1f</TotalTimeSeconds>\n    <DistanceMeters>%.1f</DistanceMeters>\n    <Intensity>Active</Intensity>\n    <TriggerMethod>Distance</TriggerMethod>\n    <Track>\n",
			ls.UTC().Format(time.RFC3339), half.Seconds(), meters/2)
		n := int(half / step)
		for i := 0; i <= n; i++ {
			d := meters/2*float64(lap) + meters/2*float64(i)/float64(n)
			fmt.Fprintf(&b, "     <Trackpoint><Time>%s</Time>", ls.Add(time.Duration(i)*step).UTC().Format(time.RFC3339))
			if gps {
				fmt.Fprintf(&b, "<Position><LatitudeDegrees>%.7f</LatitudeDegrees><LongitudeDegrees>-0.1657</LongitudeDegrees></Position>", 51.5074+d/111195)
			}
			fmt.Fprintf(&b, "<DistanceMeters>%.1f</DistanceMeters>", d)
			if perFoot > 0 {
				fmt.Fprintf(&b, "<Extensions><ns3:TPX><ns3:RunCadence>%d</ns3:RunCadence></ns3:TPX></Extensions>", perFoot)
			}
			b.WriteString("</Trackpoint>\n")
		}
		b.WriteString("    </Track>\n")
		if perFoot > 0 {
			fmt.Fprintf(&b, "    <Extensions><ns3:LX><ns3:AvgRunCadence>%d</ns3:AvgRunCadence></ns3:LX></Extensions>\n", perFoot)
		}
		b.WriteString("   </Lap>\n")
	}
	b.WriteString("  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n")
	return []byte(b.String())
}

func gz(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

type zipEntry struct {
	name string
	data []byte
}

func buildZip(tb testing.TB, entries ...zipEntry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// The sample runs: recent enough for /week to show them for a while,
// in the past whatever day the tests run.
var (
	sampleStart = time.Date(2026, 11, 28, 8, 5, 0, 0, time.UTC) // Sat 28 Nov 2026, 08:05 in London
	newYork, _  = time.LoadLocation("America/New_York")
	// 23:40 in New York on Fri 27 Nov is 04:40 UTC on Sat 28 Nov.
	midnightStart = time.Date(2026, 11, 27, 23, 40, 0, 0, newYork)
)

// fixtures are the checked-in test files, by name.
func fixtures(tb testing.TB) map[string][]byte {
	run5k := buildFIT(tb, fitSpec{start: sampleStart, sport: typedef.SportRunning, sub: typedef.SubSportStreet,
		meters: 5000, dur: 27*time.Minute + 30*time.Second, step: 5 * time.Second, perFoot: 86, gps: true})
	runGPX := buildGPX(gpxSpec{version: "1.1", typ: "running", start: sampleStart, meters: 5000, dur: 30 * time.Minute, step: 15 * time.Second, perFoot: 86})
	crc := bytes.Clone(run5k)
	crc[len(crc)/2] ^= 0x5a
	files := map[string][]byte{
		"run_5k.fit": run5k,
		"treadmill.fit": buildFIT(tb, fitSpec{start: sampleStart.AddDate(0, 0, -2), sport: typedef.SportRunning, sub: typedef.SubSportTreadmill,
			meters: 8000, dur: 44 * time.Minute, step: 10 * time.Second, perFoot: 84.5}),
		"ride.fit": buildFIT(tb, fitSpec{start: sampleStart.AddDate(0, 0, -1), sport: typedef.SportCycling, sub: typedef.SubSportRoad,
			meters: 30000, dur: 70 * time.Minute, step: 10 * time.Second, perFoot: 85, gps: true}),
		"pool_swim.fit": buildFIT(tb, fitSpec{start: sampleStart.AddDate(0, 0, -3), sport: typedef.SportSwimming, sub: typedef.SubSportLapSwimming,
			meters: 1500, dur: 32 * time.Minute, step: 30 * time.Second}),
		"midnight.fit": buildFIT(tb, fitSpec{start: midnightStart, sport: typedef.SportRunning,
			meters: 6000, dur: 40 * time.Minute, step: 10 * time.Second, perFoot: 83, gps: true}),
		"run_5k.gpx": runGPX,
		"no_cadence.gpx": buildGPX(gpxSpec{version: "1.0", start: sampleStart.AddDate(0, 0, -4), meters: 7000,
			dur: 42 * time.Minute, step: 20 * time.Second}),
		"ride.gpx": buildGPX(gpxSpec{version: "1.1", typ: "cycling", start: sampleStart.AddDate(0, 0, -5), meters: 20000,
			dur: 30 * time.Minute, step: 30 * time.Second}),
		"run.tcx": buildTCX("Running", sampleStart.AddDate(0, 0, -6), 10000, 55*time.Minute, 30*time.Second, 85, true),
		// Broken on purpose.
		"truncated.fit": run5k[:len(run5k)/2],
		"crc_error.fit": crc,
		"no_times.gpx": buildGPX(gpxSpec{version: "1.1", typ: "running", start: sampleStart, meters: 5000,
			dur: 5 * time.Minute, step: 30 * time.Second, noTime: true}),
		"broken.gpx": []byte(`<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="51.5" lon=`),
		"empty.fit":  {},
		// The first bytes of a real PNG: an image renamed .fit.
		"image.fit": append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"), make([]byte, 64)...),
	}
	files["history.zip"] = buildZip(tb,
		zipEntry{"activities/1001.fit.gz", gz(tb, run5k)},
		zipEntry{"activities/1002.gpx", files["no_cadence.gpx"]},
		zipEntry{"activities/1003.fit", files["ride.fit"]},
		zipEntry{"activities/1004.tcx", files["run.tcx"]},
		zipEntry{"activities/1005.fit", files["truncated.fit"]},
		zipEntry{"activities.csv", []byte("id,date,type\n1001,2026-11-28,Run\n")},
	)
	files["run_5k.gpx.gz"] = gz(tb, runGPX)
	return files
}

// TestFixtures checks the files under testdata are the ones this file
// makes (and rewrites them with -update).
func TestFixtures(t *testing.T) {
	for name, data := range fixtures(t) {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFixtures -update ./internal/workout/)", err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s differs from what fixtures_test.go makes (run go test -run TestFixtures -update ./internal/workout/)", name)
		}
	}
}

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
