package workout

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// checkDecoded holds for any input: an activity is believable numbers, a
// refusal is an *Error with a sentence for the runner.
func checkDecoded(t *testing.T, acts []Activity, err error) {
	t.Helper()
	if err != nil {
		var we *Error
		if !errors.As(err, &we) || we.Friendly() == "" {
			t.Fatalf("error without a friendly sentence: %v", err)
		}
		if len(acts) != 0 {
			t.Fatalf("error with %d activities", len(acts))
		}
		return
	}
	if len(acts) == 0 {
		t.Fatal("no error and no activity")
	}
	for _, a := range acts {
		if a.Start.IsZero() || math.IsNaN(a.Meters) || math.IsInf(a.Meters, 0) || a.Meters < 0 ||
			a.Moving < 0 || a.Elapsed < 0 || a.Sport == "" || (a.Cadence != 0 && (a.Cadence < 60 || a.Cadence > 260)) {
			t.Fatalf("unbelievable activity %+v", a)
		}
		if a.Meters == 0 && a.Elapsed == 0 {
			t.Fatalf("activity with neither distance nor time: %+v", a)
		}
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(readFixture(f, n))
	}
}

func fuzzCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func FuzzDecode(f *testing.F) {
	addSeeds(f, "history.zip", "run_5k.gpx.gz", "run_5k.fit", "image.fit", "empty.fit")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(fuzzCtx(t), "f", data, time.UTC, Limits{MaxFileBytes: 4 << 20, MaxZipBytes: 16 << 20})
		if err == nil && len(res.Activities) == 0 && len(res.Skipped) == 0 && res.Over == 0 {
			t.Fatal("nothing read and no error")
		}
		if err == nil {
			if len(res.Activities) > 0 {
				checkDecoded(t, res.Activities, nil)
			}
			return
		}
		checkDecoded(t, nil, err)
	})
}

func FuzzDecodeFIT(f *testing.F) {
	addSeeds(f, "run_5k.fit", "treadmill.fit", "pool_swim.fit", "truncated.fit", "crc_error.fit")
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := DecodeFIT(fuzzCtx(t), "f.fit", data, time.UTC)
		checkDecoded(t, acts, err)
	})
}

func FuzzDecodeGPX(f *testing.F) {
	addSeeds(f, "run_5k.gpx", "no_times.gpx", "broken.gpx")
	f.Add([]byte(`<gpx><trk><type>9</type><trkseg><trkpt lat="1" lon="1"><time>2026-01-01T00:00:00Z</time><extensions><cad>80</cad></extensions></trkpt><trkpt lat="1.01" lon="1"><time>2026-01-01T00:10:00Z</time></trkpt></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := DecodeGPX(fuzzCtx(t), "f.gpx", data, time.UTC)
		checkDecoded(t, acts, err)
	})
}

func FuzzDecodeTCX(f *testing.F) {
	f.Add(buildTCX("Running", sampleStart, 3000, 18*time.Minute, 3*time.Minute, 85, true))
	f.Add([]byte(`<TrainingCenterDatabase><Activities><Activity Sport="Other"><Id>2026-01-01T00:00:00Z</Id><Lap><TotalTimeSeconds>60</TotalTimeSeconds></Lap></Activity></Activities></TrainingCenterDatabase>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := DecodeTCX(fuzzCtx(t), "f.tcx", data, time.UTC)
		checkDecoded(t, acts, err)
	})
}

// BenchmarkDecodeFIT2h decodes a 2-hour run recorded at 1 Hz (7,201
// records with position, distance and cadence): the issue asks for well
// under 50 ms and bounded memory.
func BenchmarkDecodeFIT2h(b *testing.B) {
	data := buildFIT(b, fitSpec{start: sampleStart, sport: typedef.SportRunning, meters: 21097,
		dur: 2 * time.Hour, step: time.Second, perFoot: 85, gps: true})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		acts, err := DecodeFIT(ctx, "2h.fit", data, time.UTC)
		if err != nil || len(acts) != 1 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeGPX2h is the same run as GPX (about 1.4 MB of XML).
func BenchmarkDecodeGPX2h(b *testing.B) {
	data := buildGPX(gpxSpec{version: "1.1", typ: "running", start: sampleStart, meters: 21097, dur: 2 * time.Hour, step: time.Second, perFoot: 85})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		if _, err := DecodeGPX(ctx, "2h.gpx", data, time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
