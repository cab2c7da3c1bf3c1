// Package workout reads the activity files watches and phone apps make —
// FIT, GPX and TCX, alone, gzipped or in a zip of many — and returns only
// the numbers a running log needs: when the activity started (in the
// caller's zone), how far, how long, average cadence, the sport, and
// whether it had GPS. It knows nothing of chats or storage, and it never
// returns a GPS track: positions are read only to measure distance and are
// dropped as decoding goes.
//
// Every entry point has a time budget (the caller's context plus
// Limits.Timeout) and a memory budget (input caps; tracks are folded into
// running totals, never kept). Bad input gives an *Error whose Friendly
// text is one sentence a runner can act on; no input makes it panic.
package workout

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strings"
	"time"
)

// Sport is what kind of activity a file holds, as far as a running log
// cares.
type Sport string

// Sports.
const (
	Run   Sport = "run" // running, trail running, treadmill, track
	Ride  Sport = "ride"
	Walk  Sport = "walk" // walking and hiking
	Swim  Sport = "swim"
	Other Sport = "other" // anything else; Activity.Label names it
)

// Format is the file format an activity came from.
type Format string

// Formats.
const (
	FIT Format = "fit"
	GPX Format = "gpx"
	TCX Format = "tcx"
)

// Activity is one recorded activity: numbers only, never the track.
type Activity struct {
	File   string    // the file (or zip entry) it came from
	Format Format    //
	Start  time.Time // when it started, in the zone the caller gave
	// Meters is the device's own total when the file has one, otherwise
	// the length of the recorded track; 0 when neither exists.
	Meters float64
	// DeviceDistance is true when Meters is the device's total.
	DeviceDistance bool
	Moving         time.Duration // timer time (pauses excluded); 0 when unknown
	Elapsed        time.Duration // first to last sample, pauses included
	// Cadence is the average in steps per minute (both feet); 0 when the
	// file has none.
	Cadence int
	Sport   Sport
	// Label names the sport for a reply ("ride", "pool swim", "rowing").
	Label string
	// Indoor is true for treadmill and other indoor runs.
	Indoor bool
	GPS    bool // the file had positions
}

// Seconds is the duration a running log takes: moving time when the file
// has it, elapsed time otherwise.
func (a Activity) Seconds() int {
	if a.Moving > 0 {
		return int(a.Moving.Round(time.Second) / time.Second)
	}
	return int(a.Elapsed.Round(time.Second) / time.Second)
}

// Limits are the budgets of one Decode call.
type Limits struct {
	// MaxFileBytes caps one activity file after decompression.
	MaxFileBytes int64
	// MaxZipFiles caps the entries of a zip.
	MaxZipFiles int
	// MaxZipBytes caps a zip's total uncompressed size: past it the zip is
	// treated as a zip bomb and refused.
	MaxZipBytes int64
	// MaxActivities caps the activities one call returns; the rest of a
	// zip is counted in Result.Over.
	MaxActivities int
	// Timeout bounds the whole call.
	Timeout time.Duration
}

// DefaultLimits are generous for real exports (a 24-hour GPX at 1 Hz is
// about 10 MB) and small enough for a bot on a small machine.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:  16 << 20,
		MaxZipFiles:   5000,
		MaxZipBytes:   256 << 20,
		MaxActivities: 2000,
		Timeout:       20 * time.Second,
	}
}

// Skipped is a file in a zip that gave no activity.
type Skipped struct {
	File string
	Err  *Error
}

// Result is what Decode found.
type Result struct {
	Activities []Activity
	// Skipped lists the files of a zip that could not be read (not the
	// ones that are simply not activity files, like a zip's CSV index).
	Skipped []Skipped
	// Over counts activity files of a zip left unread past
	// Limits.MaxActivities.
	Over int
	// Zip is true when the input was a zip archive.
	Zip bool
}

// Decode reads one attachment: a FIT, GPX or TCX file, the same gzipped,
// or a zip of any of those. The name's extension is a hint; the content
// decides. Start times are given in loc. A single file that cannot be read
// is an *Error; a zip returns what it could read and lists the rest in
// Result.Skipped, and is an *Error only when the archive as a whole is
// refused (a zip bomb, too many files, nothing readable).
func Decode(ctx context.Context, name string, data []byte, loc *time.Location, lim Limits) (Result, error) {
	if loc == nil {
		loc = time.UTC
	}
	lim = lim.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	if len(data) == 0 {
		return Result{}, newError(Empty, name, nil)
	}
	if isZip(data) {
		return decodeZip(ctx, name, data, loc, lim)
	}
	acts, err := decodeFile(ctx, name, data, loc, lim, 0)
	if err != nil {
		return Result{}, err
	}
	return Result{Activities: capActivities(acts, lim.MaxActivities)}, nil
}

func capActivities(acts []Activity, n int) []Activity {
	if len(acts) > n {
		return acts[:n]
	}
	return acts
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxZipFiles <= 0 {
		l.MaxZipFiles = d.MaxZipFiles
	}
	if l.MaxZipBytes <= 0 {
		l.MaxZipBytes = d.MaxZipBytes
	}
	if l.MaxActivities <= 0 {
		l.MaxActivities = d.MaxActivities
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// decodeFile reads one file that is not a zip (gzip allowed once: depth
// counts decompressions so a .gz of a .gz is refused).
func decodeFile(ctx context.Context, name string, data []byte, loc *time.Location, lim Limits, depth int) (acts []Activity, err error) {
	if len(data) == 0 {
		return nil, newError(Empty, name, nil)
	}
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, newError(TooBig, name, fmt.Errorf("%d bytes, limit %d", len(data), lim.MaxFileBytes)).withLimit(lim.MaxFileBytes)
	}
	if isGzip(data) {
		if depth > 0 {
			return nil, newError(Unrecognised, name, fmt.Errorf("gzip inside gzip"))
		}
		raw, err := gunzip(name, data, lim.MaxFileBytes)
		if err != nil {
			return nil, err
		}
		return decodeFile(ctx, strings.TrimSuffix(name, path.Ext(name)), raw, loc, lim, depth+1)
	}
	switch sniff(data) {
	case FIT:
		return DecodeFIT(ctx, name, data, loc)
	case GPX:
		return DecodeGPX(ctx, name, data, loc)
	case TCX:
		return DecodeTCX(ctx, name, data, loc)
	}
	return nil, newError(Unrecognised, name, fmt.Errorf("content %q", what(data)))
}

// sniff tells the format from the content: a FIT header, or the root
// element of an XML document.
func sniff(data []byte) Format {
	if len(data) >= 12 && (data[0] == 12 || data[0] == 14) && string(data[8:12]) == ".FIT" {
		return FIT
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return ""
	}
	// The first element that is not a declaration, comment or DTD.
	for len(head) > 0 {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return ""
		}
		head = head[i+1:]
		if head[0] == '?' || head[0] == '!' {
			continue
		}
		end := bytes.IndexAny(head, " \t\r\n/>")
		if end < 0 {
			end = len(head)
		}
		local := string(head[:end])
		if _, l, ok := strings.Cut(local, ":"); ok {
			local = l
		}
		switch local {
		case "gpx":
			return GPX
		case "TrainingCenterDatabase":
			return TCX
		}
		return ""
	}
	return ""
}

// what names unreadable content for a log line (never shown to members).
func what(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return "png image"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg image"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "pdf"
	}
	n := min(len(data), 8)
	return fmt.Sprintf("% x", data[:n])
}

// budget checks the time budget every so often inside a decoding loop.
type budget struct {
	ctx context.Context
	n   int
}

func (b *budget) spent() error {
	b.n++
	if b.n&1023 != 0 {
		return nil
	}
	return b.ctx.Err()
}
