package workout

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// tcxActivity gathers one <Activity> while it is read.
type tcxActivity struct {
	sport    string
	id       time.Time
	lapStart time.Time // the first lap's StartTime
	lapSecs  float64   // sum of TotalTimeSeconds: the timer time
	lapDist  float64   // sum of DistanceMeters: the device's total
	hasDist  bool
	lapCad   float64 // AvgRunCadence (or Cadence) weighted by lap time
	lapCadW  float64
	tr       track
}

// DecodeTCX reads a Garmin Training Center file: one activity per
// <Activity>, distance and time from its laps (the device's totals), the
// track for what the laps lack, cadence from RunCadence (or Cadence) per
// foot.
func DecodeTCX(ctx context.Context, name string, data []byte, loc *time.Location) (acts []Activity, err error) {
	defer recoverInto(name, &err)
	if loc == nil {
		loc = time.UTC
	}
	if len(data) == 0 {
		return nil, newError(Empty, name, nil)
	}
	x := xmlReader{dec: newXMLDecoder(data), b: budget{ctx: ctx}, name: name}
	var (
		cur     *tcxActivity
		all     []*tcxActivity
		p       point
		inPt    bool
		text    strings.Builder
		lapSecs float64
		lapCad  float64
		sawRoot bool
	)
	for {
		tok, err := x.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		stack := x.stack
		switch t := tok.(type) {
		case xml.StartElement:
			local := t.Name.Local
			text.Reset()
			switch local {
			case "TrainingCenterDatabase":
				if len(stack) != 1 {
					return nil, newError(Malformed, name, fmt.Errorf("nested root"))
				}
				sawRoot = true
			case "Activity":
				if under(stack, "Activities") {
					cur = &tcxActivity{}
					for _, a := range t.Attr {
						if a.Name.Local == "Sport" {
							cur.sport = a.Value
						}
					}
					all = append(all, cur)
				}
			case "Lap":
				if cur != nil {
					lapSecs, lapCad = 0, 0
					for _, a := range t.Attr {
						if ts, ok := parseTime(a.Value); ok && a.Name.Local == "StartTime" && cur.lapStart.IsZero() {
							cur.lapStart = ts
						}
					}
				}
			case "Track":
				if cur != nil {
					cur.tr.breakSegment()
				}
			case "Trackpoint":
				p, inPt = point{}, cur != nil
			}
			if len(stack) == 1 && !sawRoot {
				return nil, newError(Unrecognised, name, fmt.Errorf("root element %q", local))
			}
		case xml.CharData:
			if text.Len() < 256 {
				text.Write(t)
			}
		case xml.EndElement:
			local := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			v := strings.TrimSpace(text.String())
			text.Reset()
			if cur == nil {
				continue
			}
			num := func() float64 {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil || f < 0 || f > 1e9 {
					return 0
				}
				return f
			}
			switch {
			case inPt && local == "Time":
				if ts, ok := parseTime(v); ok {
					p.t = ts
				}
			case inPt && local == "LatitudeDegrees":
				f, err := strconv.ParseFloat(v, 64)
				p.lat, p.hasPos = f, err == nil
			case inPt && local == "LongitudeDegrees":
				f, err := strconv.ParseFloat(v, 64)
				p.lon, p.hasPos = f, p.hasPos && err == nil
			case inPt && local == "DistanceMeters" && parent == "Trackpoint":
				if f := num(); f > 0 {
					p.dist, p.hasDist = f, true
				}
			case inPt && (local == "RunCadence" || (local == "Cadence" && parent == "Trackpoint")):
				if f := num(); f > 0 && f < 400 && (p.cad == 0 || local == "RunCadence") {
					p.cad = f
				}
			case local == "Trackpoint" && inPt:
				p.hasPos = p.hasPos && validLatLon(p.lat, p.lon)
				cur.tr.add(p)
				inPt = false
			case local == "Id" && parent == "Activity":
				if ts, ok := parseTime(v); ok {
					cur.id = ts
				}
			case local == "TotalTimeSeconds" && parent == "Lap":
				lapSecs = num()
				cur.lapSecs += lapSecs
			case local == "DistanceMeters" && parent == "Lap":
				cur.lapDist += num()
				cur.hasDist = true
			case (local == "AvgRunCadence" || (local == "Cadence" && parent == "Lap")) && lapCad == 0:
				lapCad = num()
			case local == "Lap":
				if lapCad > 0 && lapCad < 400 && lapSecs > 0 {
					cur.lapCad += lapCad * lapSecs
					cur.lapCadW += lapSecs
				}
			case local == "Activity":
				cur = nil
			}
		}
	}
	if !sawRoot {
		return nil, newError(Malformed, name, fmt.Errorf("no TrainingCenterDatabase element"))
	}
	if len(all) == 0 {
		return nil, newError(NotActivity, name, fmt.Errorf("no activities (a course?)"))
	}
	var firstErr error
	for _, ta := range all {
		a, err := ta.activity(name, loc)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		acts = append(acts, a)
	}
	if len(acts) == 0 {
		return nil, firstErr
	}
	return acts, nil
}

// under reports whether the element just pushed sits directly in parent.
func under(stack []string, parent string) bool {
	return len(stack) >= 2 && stack[len(stack)-2] == parent
}

func (ta *tcxActivity) activity(name string, loc *time.Location) (Activity, error) {
	tr := &ta.tr
	start := ta.id
	if start.IsZero() {
		start = ta.lapStart
	}
	if start.IsZero() {
		start = tr.first
	}
	if start.IsZero() {
		return Activity{}, newError(NoTimes, name, nil)
	}
	a := Activity{File: name, Format: TCX, Start: start.In(loc), GPS: tr.gps, Elapsed: tr.elapsed()}
	if ta.hasDist && ta.lapDist > 0 {
		a.Meters, a.DeviceDistance = ta.lapDist, true
	} else {
		a.Meters, a.DeviceDistance = tr.meters()
	}
	if ta.lapSecs > 0 {
		a.Moving = time.Duration(ta.lapSecs * float64(time.Second))
	} else {
		a.Moving = tr.moving
	}
	if a.Elapsed < a.Moving {
		a.Elapsed = a.Moving
	}
	if a.Meters <= 0 && a.Elapsed <= 0 {
		return Activity{}, newError(NoData, name, nil)
	}
	perFoot := tr.cadence()
	if ta.lapCadW > 0 {
		perFoot = ta.lapCad / ta.lapCadW
	}
	a.Cadence = stepsPerMinute(perFoot)
	if sp, label, indoor, ok := sportFromName(ta.sport); ok {
		a.Sport, a.Label, a.Indoor = sp, label, indoor
	} else {
		a.Sport, a.Label = infer(a.Meters, a.Moving, a.Cadence)
	}
	if a.Sport == Run && !a.GPS && a.Meters > 0 {
		a.Indoor = true // a run with a distance and no positions: a treadmill or a footpod
	}
	if a.Sport != Run {
		a.Cadence = 0
	}
	return a, nil
}
