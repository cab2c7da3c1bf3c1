package workout

import (
	"math"
	"strings"
	"time"
)

// point is one sample of a track, alive only while it is folded into a
// track's totals.
type point struct {
	t        time.Time // zero when the sample has no time
	lat, lon float64
	hasPos   bool
	dist     float64 // the device's cumulative distance, metres
	hasDist  bool
	cad      float64 // cadence as the file writes it (per foot for running); 0 = none
}

// track folds samples into running totals, so memory stays constant
// however long the activity: no position outlives the next sample.
type track struct {
	n, timed    int
	first, last time.Time
	prev        point
	havePrev    bool
	length      float64 // metres along the positions
	devDist     float64 // the largest cumulative distance seen
	hasDevDist  bool
	moving      time.Duration
	cadSum      float64
	cadN        int
	gps         bool
}

// Samples further apart than this without movement are a pause.
const maxStep = 10 * time.Second

// minMoving is the slowest speed (m/s) that counts as moving: slower is
// standing at a crossing or GPS drift.
const minMoving = 0.5

func (tr *track) add(p point) {
	tr.n++
	if p.hasPos {
		tr.gps = true
	}
	if p.hasDist && p.dist >= tr.devDist {
		tr.devDist, tr.hasDevDist = p.dist, true
	}
	if p.cad > 0 {
		tr.cadSum += p.cad
		tr.cadN++
	}
	if !p.t.IsZero() {
		tr.timed++
		if tr.first.IsZero() || p.t.Before(tr.first) {
			tr.first = p.t
		}
		if p.t.After(tr.last) {
			tr.last = p.t
		}
	}
	if tr.havePrev {
		d, known := 0.0, false
		switch {
		case p.hasDist && tr.prev.hasDist:
			d, known = math.Max(0, p.dist-tr.prev.dist), true
		case p.hasPos && tr.prev.hasPos:
			d, known = haversine(tr.prev.lat, tr.prev.lon, p.lat, p.lon), true
		}
		if p.hasPos && tr.prev.hasPos {
			tr.length += haversine(tr.prev.lat, tr.prev.lon, p.lat, p.lon)
		}
		if !p.t.IsZero() && !tr.prev.t.IsZero() {
			if dt := p.t.Sub(tr.prev.t); dt > 0 {
				switch {
				case known && d/dt.Seconds() >= minMoving:
					tr.moving += dt
				case !known && dt <= maxStep:
					tr.moving += dt // no distance to judge by (indoors): count it
				}
			}
		}
	}
	tr.prev, tr.havePrev = p, true
}

// breakSegment starts a new segment: no distance is measured across the
// gap (a GPX trkseg, a paused TCX track).
func (tr *track) breakSegment() { tr.havePrev = false }

// meters is the device's total when there is one, else the track length.
func (tr *track) meters() (float64, bool) {
	if tr.hasDevDist && tr.devDist > 0 {
		return tr.devDist, true
	}
	return tr.length, false
}

func (tr *track) elapsed() time.Duration {
	if tr.first.IsZero() {
		return 0
	}
	return tr.last.Sub(tr.first)
}

// cadence is the mean of the non-zero samples, as the file writes them.
func (tr *track) cadence() float64 {
	if tr.cadN == 0 {
		return 0
	}
	return tr.cadSum / float64(tr.cadN)
}

// stepsPerMinute turns a running cadence as files write it into steps per
// minute. FIT running cadence, Garmin's GPX TrackPointExtension <cad> and
// TCX RunCadence all count one foot (strides per minute), so they are
// doubled. A few apps write whole steps per minute instead; a per-foot
// value over 120 (240 spm doubled, faster than any runner) can only be
// that, and is taken as it is.
func stepsPerMinute(perFoot float64) int {
	if perFoot <= 0 || math.IsNaN(perFoot) {
		return 0
	}
	if perFoot > 120 {
		if perFoot > 260 {
			return 0 // neither reading is a cadence
		}
		return int(math.Round(perFoot))
	}
	spm := int(math.Round(perFoot * 2))
	if spm < 60 {
		return 0 // noise from a stop-start sample, not a running cadence
	}
	return spm
}

// infer guesses the sport of a file that does not say, from its average
// moving speed and cadence: faster than any runner averages is a ride; a
// running cadence is a run; slow and no running cadence is a walk.
func infer(meters float64, moving time.Duration, spm int) (Sport, string) {
	if moving <= 0 || meters <= 0 {
		return Run, "run" // nothing to judge by: the member sent it to a running log
	}
	v := meters / moving.Seconds()
	switch {
	case v > 6.5: // 2:34 /km: faster than a marathon world record pace
		return Ride, "ride"
	case spm >= 140:
		return Run, "run"
	case spm > 0 && spm < 130 && v < 2.2:
		return Walk, "walk"
	case spm == 0 && v < 1.6: // slower than 10:25 /km with no cadence to say otherwise
		return Walk, "walk"
	}
	return Run, "run"
}

// sportFromName maps a sport written as text (GPX <type>, TCX Sport) to a
// Sport; ok is false when the text says nothing usable.
func sportFromName(s string) (sp Sport, label string, indoor, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return "", "", false, false
	case "9": // Strava's type number for a run
		return Run, "run", false, true
	case "1": // Strava's type number for a ride
		return Ride, "ride", false, true
	case "other", "generic", "unknown", "uncategorized", "0":
		return "", "", false, false
	}
	switch {
	case strings.Contains(s, "treadmill"):
		return Run, "treadmill run", true, true
	case strings.Contains(s, "run") || strings.Contains(s, "jog"):
		return Run, "run", false, true
	case strings.Contains(s, "cycl") || strings.Contains(s, "bik") || strings.Contains(s, "ride"):
		return Ride, "ride", false, true
	case strings.Contains(s, "walk") || strings.Contains(s, "hik"):
		return Walk, strings.Trim(s, "_ "), false, true
	case strings.Contains(s, "swim"):
		return Swim, "swim", false, true
	}
	if len(s) > 30 || strings.Trim(s, "0123456789") == "" {
		return "", "", false, false // an unknown number or junk: infer instead
	}
	return Other, strings.ReplaceAll(s, "_", " "), false, true
}

// haversine is the great-circle distance in metres.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371008.8 // mean Earth radius, metres
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := (lat2 - lat1) * math.Pi / 180
	dλ := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// validLatLon rejects positions outside the globe (and the 0,0 some apps
// write for "no fix").
func validLatLon(lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}

// activityFromTrack fills what a track gives: used by GPX, by TCX and by
// FIT files without a session.
func activityFromTrack(tr *track, file string, f Format, loc *time.Location) (Activity, error) {
	if tr.timed == 0 {
		return Activity{}, newError(NoTimes, file, nil)
	}
	m, dev := tr.meters()
	a := Activity{
		File: file, Format: f, Start: tr.first.In(loc),
		Meters: m, DeviceDistance: dev,
		Moving: tr.moving, Elapsed: tr.elapsed(),
		GPS: tr.gps,
	}
	if a.Meters <= 0 && a.Elapsed <= 0 {
		return Activity{}, newError(NoData, file, nil)
	}
	return a, nil
}
