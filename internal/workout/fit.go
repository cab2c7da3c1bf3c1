package workout

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"strings"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// fitListener folds a FIT file's messages as the decoder broadcasts them:
// sessions are kept (a handful), records only feed the running totals.
type fitListener struct {
	fileType  typedef.File
	hasFileID bool
	sessions  []*mesgdef.Session
	sport     typedef.Sport // from a sport message, for files without a session
	subSport  typedef.SubSport
	hasSport  bool
	tr        track
}

func (l *fitListener) OnMesg(m proto.Message) {
	switch m.Num {
	case mesgnum.FileId:
		if !l.hasFileID {
			l.fileType = typedef.File(m.FieldValueByNum(fieldnum.FileIdType).Uint8())
			l.hasFileID = true
		}
	case mesgnum.Session:
		if len(l.sessions) < 256 { // a multisport day has a few; more is a hostile file
			l.sessions = append(l.sessions, mesgdef.NewSession(&m))
		}
	case mesgnum.Sport:
		s := mesgdef.NewSport(&m)
		l.sport, l.subSport, l.hasSport = s.Sport, s.SubSport, true
	case mesgnum.Record:
		l.tr.add(fitPoint(&m))
	}
}

// semicircle is one FIT position unit in degrees.
const semicircle = 180.0 / (1 << 31)

// fitPoint reads the fields of a record message this package uses,
// without building the full record.
func fitPoint(m *proto.Message) point {
	var p point
	if ts := m.FieldValueByNum(fieldnum.RecordTimestamp).Uint32(); ts != basetype.Uint32Invalid {
		p.t = datetime.ToTime(ts)
	}
	lat := m.FieldValueByNum(fieldnum.RecordPositionLat).Int32()
	lon := m.FieldValueByNum(fieldnum.RecordPositionLong).Int32()
	if lat != basetype.Sint32Invalid && lon != basetype.Sint32Invalid {
		la, lo := float64(lat)*semicircle, float64(lon)*semicircle
		if validLatLon(la, lo) {
			p.lat, p.lon, p.hasPos = la, lo, true
		}
	}
	if d := m.FieldValueByNum(fieldnum.RecordDistance).Uint32(); d != basetype.Uint32Invalid {
		p.dist, p.hasDist = float64(d)/100, true
	}
	if c := m.FieldValueByNum(fieldnum.RecordCadence).Uint8(); c != basetype.Uint8Invalid && c > 0 {
		p.cad = float64(c)
		if f := m.FieldValueByNum(fieldnum.RecordFractionalCadence).Uint8(); f != basetype.Uint8Invalid {
			p.cad += float64(f) / 128
		}
	}
	return p
}

// DecodeFIT reads a FIT activity file (chained files too): one activity
// per session, with the session's own totals (the device's distance and
// timer time) and average cadence; the records fill in what a session
// lacks and say whether there was GPS. FIT running cadence counts one foot
// and is doubled.
func DecodeFIT(ctx context.Context, name string, data []byte, loc *time.Location) (acts []Activity, err error) {
	defer recoverInto(name, &err)
	if loc == nil {
		loc = time.UTC
	}
	if len(data) == 0 {
		return nil, newError(Empty, name, nil)
	}
	if sniff(data) != FIT {
		return nil, newError(Unrecognised, name, errors.New("no FIT header"))
	}
	l := &fitListener{}
	dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(l), decoder.WithBroadcastOnly())
	seqs := 0
	for dec.Next() {
		if _, err := dec.DecodeWithContext(ctx); err != nil {
			if seqs > 0 && errors.Is(err, decoder.ErrNotFITFile) {
				break // trailing bytes after a complete file: some devices pad
			}
			return nil, fitError(name, err)
		}
		seqs++
	}
	if seqs == 0 {
		return nil, newError(Malformed, name, errors.New("no FIT sequence"))
	}
	if l.hasFileID && l.fileType != typedef.FileActivity && l.fileType != typedef.FileInvalid {
		return nil, newError(NotActivity, name, errors.New("file type "+l.fileType.String()))
	}
	if len(l.sessions) == 0 {
		a, err := activityFromTrack(&l.tr, name, FIT, loc)
		if err != nil {
			return nil, err
		}
		a.Cadence = stepsPerMinute(l.tr.cadence())
		if l.hasSport {
			a.Sport, a.Label, a.Indoor = fitSport(l.sport, l.subSport)
		}
		if !l.hasSport || a.Sport == "" {
			a.Sport, a.Label = infer(a.Meters, a.Moving, a.Cadence)
		}
		if a.Sport != Run {
			a.Cadence = 0
		}
		return []Activity{a}, nil
	}
	var firstErr error
	for _, s := range l.sessions {
		a, err := fitSession(s, &l.tr, len(l.sessions) == 1, name, loc)
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

// fitSession turns one session into an activity. With one session the
// records belong to it and fill in missing totals.
func fitSession(s *mesgdef.Session, tr *track, only bool, name string, loc *time.Location) (Activity, error) {
	a := Activity{File: name, Format: FIT}
	start := s.StartTime
	if (start.IsZero() || start.Equal(datetime.Epoch())) && only {
		start = tr.first
	}
	if start.IsZero() || start.Equal(datetime.Epoch()) {
		return Activity{}, newError(NoTimes, name, errors.New("session without a start time"))
	}
	a.Start = start.In(loc)
	if d := s.TotalDistanceScaled(); valid(d) && d > 0 {
		a.Meters, a.DeviceDistance = d, true
	} else if only {
		a.Meters, a.DeviceDistance = tr.meters()
	}
	if t := s.TotalTimerTimeScaled(); valid(t) && t > 0 {
		a.Moving = seconds(t)
	} else if only {
		a.Moving = tr.moving
	}
	if t := s.TotalElapsedTimeScaled(); valid(t) && t > 0 {
		a.Elapsed = seconds(t)
	} else if only {
		a.Elapsed = tr.elapsed()
	}
	if a.Elapsed < a.Moving {
		a.Elapsed = a.Moving
	}
	if a.Meters <= 0 && a.Elapsed <= 0 {
		return Activity{}, newError(NoData, name, nil)
	}
	perFoot := 0.0
	if s.AvgCadence != basetype.Uint8Invalid && s.AvgCadence > 0 {
		perFoot = float64(s.AvgCadence)
		if f := s.AvgFractionalCadence; f != basetype.Uint8Invalid {
			perFoot += float64(f) / 128
		}
	} else if only {
		perFoot = tr.cadence()
	}
	a.Cadence = stepsPerMinute(perFoot)
	a.GPS = s.StartPositionLat != basetype.Sint32Invalid && s.StartPositionLat != 0 || (only && tr.gps)
	a.Sport, a.Label, a.Indoor = fitSport(s.Sport, s.SubSport)
	if a.Sport == "" {
		a.Sport, a.Label = infer(a.Meters, a.Moving, a.Cadence)
	}
	if a.Sport == Run && !a.GPS {
		a.Indoor = true
	}
	if a.Sport != Run {
		a.Cadence = 0 // a ride's cadence is pedal turns, not steps
	}
	return a, nil
}

// fitSport maps FIT's sport and sub-sport; "" means generic (infer).
func fitSport(sp typedef.Sport, sub typedef.SubSport) (Sport, string, bool) {
	indoor := sub == typedef.SubSportTreadmill || sub == typedef.SubSportIndoorRunning || sub == typedef.SubSportVirtualActivity
	switch sp {
	case typedef.SportRunning:
		switch sub {
		case typedef.SubSportTreadmill:
			return Run, "treadmill run", true
		case typedef.SubSportTrail:
			return Run, "trail run", false
		case typedef.SubSportTrack:
			return Run, "track session", false
		}
		return Run, "run", indoor
	case typedef.SportFitnessEquipment:
		if sub == typedef.SubSportTreadmill {
			return Run, "treadmill run", true
		}
	case typedef.SportCycling, typedef.SportEBiking:
		return Ride, "ride", indoor
	case typedef.SportWalking, typedef.SportHiking:
		return Walk, sp.String(), false
	case typedef.SportSwimming:
		if sub == typedef.SubSportLapSwimming {
			return Swim, "pool swim", true
		}
		return Swim, "swim", false
	case typedef.SportGeneric, typedef.SportInvalid:
		return "", "", false
	}
	label := strings.ReplaceAll(sp.String(), "_", " ")
	if strings.HasPrefix(label, "SportInvalid") || label == "" {
		label = "activity"
	}
	return Other, label, false
}

func fitError(name string, err error) *Error {
	switch {
	case errors.Is(err, decoder.ErrCRCChecksumMismatch):
		return newError(Checksum, name, err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return newError(Truncated, name, err)
	case errors.Is(err, decoder.ErrNotFITFile):
		return newError(Unrecognised, name, err)
	}
	return ctxError(Malformed, name, err)
}

func valid(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
