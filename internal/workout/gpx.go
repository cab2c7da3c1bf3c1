package workout

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// maxDepth bounds XML nesting; real GPX and TCX files stay under ten.
const maxDepth = 64

// DecodeGPX reads a GPX 1.0 or 1.1 file as one activity: every track
// point with a time, cadence from Garmin's TrackPointExtension (<cad>)
// when present, the sport from the track's <type> (not standard: running,
// run and Strava's 9 are runs; cycling and 1 are rides) or, without one,
// from the speed.
func DecodeGPX(ctx context.Context, name string, data []byte, loc *time.Location) (acts []Activity, err error) {
	defer recoverInto(name, &err)
	if loc == nil {
		loc = time.UTC
	}
	if len(data) == 0 {
		return nil, newError(Empty, name, nil)
	}
	x := xmlReader{dec: newXMLDecoder(data), b: budget{ctx: ctx}, name: name}
	var (
		tr      track
		p       point
		inPt    bool
		text    strings.Builder
		collect bool
		typ     string
		sawGPX  bool
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
			parent := ""
			if len(stack) > 1 {
				parent = stack[len(stack)-2]
			}
			if len(stack) == 1 {
				if local != "gpx" {
					return nil, newError(Unrecognised, name, fmt.Errorf("root element %q", local))
				}
				sawGPX = true
			}
			collect = false
			switch {
			case local == "trkseg":
				tr.breakSegment()
			case local == "trkpt":
				p, inPt = point{}, true
				lat, e1 := attrFloat(t, "lat")
				lon, e2 := attrFloat(t, "lon")
				if e1 == nil && e2 == nil && validLatLon(lat, lon) {
					p.lat, p.lon, p.hasPos = lat, lon, true
				}
			case inPt && (local == "time" || local == "cad" || local == "cadence"):
				collect = true
				text.Reset()
			case local == "type" && parent == "trk":
				collect = true
				text.Reset()
			}
		case xml.CharData:
			if collect && text.Len() < 256 {
				text.Write(t)
			}
		case xml.EndElement:
			local := t.Name.Local
			if collect {
				v := strings.TrimSpace(text.String())
				switch {
				case local == "time" && inPt:
					if ts, ok := parseTime(v); ok {
						p.t = ts
					}
				case (local == "cad" || local == "cadence") && inPt:
					if c, err := strconv.ParseFloat(v, 64); err == nil && c > 0 && c < 400 {
						p.cad = c
					}
				case local == "type" && typ == "":
					typ = v
				}
				collect = false
			}
			if local == "trkpt" && inPt {
				tr.add(p)
				inPt = false
			}
		}
	}
	if !sawGPX {
		return nil, newError(Malformed, name, fmt.Errorf("no gpx element"))
	}
	if tr.n == 0 {
		return nil, newError(NoTimes, name, fmt.Errorf("no track points"))
	}
	a, err := activityFromTrack(&tr, name, GPX, loc)
	if err != nil {
		return nil, err
	}
	a.Cadence = stepsPerMinute(tr.cadence())
	if sp, label, indoor, ok := sportFromName(typ); ok {
		a.Sport, a.Label, a.Indoor = sp, label, indoor
	} else {
		a.Sport, a.Label = infer(a.Meters, a.Moving, a.Cadence)
	}
	if a.Sport != Run {
		a.Cadence = 0 // a ride's cadence is pedal turns, not steps
	}
	return []Activity{a}, nil
}

// xmlReader reads a workout file's XML under the decode budget and keeps
// the stack of open elements: RawToken (much faster than Token) leaves
// nesting and matching tags to us.
type xmlReader struct {
	dec   *xml.Decoder
	b     budget
	name  string
	stack []string // open elements, innermost last; a start is pushed, an end popped
}

// next returns the next token, or io.EOF at a clean end; errors are the
// package's, naming the file.
func (x *xmlReader) next() (xml.Token, error) {
	if err := x.b.spent(); err != nil {
		return nil, ctxError(Malformed, x.name, err)
	}
	tok, err := x.dec.RawToken()
	if errors.Is(err, io.EOF) {
		if len(x.stack) > 0 {
			return nil, newError(Malformed, x.name, fmt.Errorf("ends inside <%s>", x.stack[len(x.stack)-1]))
		}
		return nil, io.EOF
	}
	if err != nil {
		return nil, newError(Malformed, x.name, err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(x.stack) >= maxDepth {
			return nil, newError(Malformed, x.name, fmt.Errorf("nesting deeper than %d", maxDepth))
		}
		x.stack = append(x.stack, t.Name.Local)
	case xml.EndElement:
		if len(x.stack) == 0 || x.stack[len(x.stack)-1] != t.Name.Local {
			return nil, newError(Malformed, x.name, fmt.Errorf("unbalanced end element %q", t.Name.Local))
		}
		x.stack = x.stack[:len(x.stack)-1]
	}
	return tok, nil
}

func newXMLDecoder(data []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	// Files declare UTF-8, ISO-8859-1 or windows-1252; every value read
	// here is ASCII, so any declared charset is read as it is.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return dec
}

func attrFloat(t xml.StartElement, name string) (float64, error) {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
		}
	}
	return 0, fmt.Errorf("no %s attribute", name)
}

// parseTime reads the xsd:dateTime forms apps write; a time without a
// zone is UTC (GPX requires UTC).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// recoverInto turns a panic inside a decoder (a library bug met by a
// hostile file) into a Malformed error: no file may crash the bot.
func recoverInto(name string, err *error) {
	if p := recover(); p != nil {
		*err = newError(Malformed, name, fmt.Errorf("decoder panic: %v", p))
	}
}
