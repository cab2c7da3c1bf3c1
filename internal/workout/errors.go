package workout

import (
	"context"
	"errors"
	"fmt"
)

// Problem is what was wrong with a file.
type Problem int

// Problems. Each has one friendly sentence (Error.Friendly).
const (
	Empty        Problem = iota + 1 // 0 bytes
	Unrecognised                    // not FIT, GPX, TCX, gzip or zip (a PNG renamed .fit)
	Truncated                       // a FIT file that stops part-way
	Checksum                        // a FIT file whose CRC does not match
	Malformed                       // broken XML or FIT structure
	NoTimes                         // a GPX or TCX track without timestamps
	NoData                          // neither a distance nor a time
	NotActivity                     // a course, workout or settings file
	TooBig                          // over Limits.MaxFileBytes
	TooManyFiles                    // a zip over Limits.MaxZipFiles
	ZipBomb                         // a zip unpacking past Limits.MaxZipBytes
	TooSlow                         // the time budget ran out
)

// Error is a file that gave no activity.
type Error struct {
	Problem Problem
	File    string
	Err     error // the detail, for logs; may be nil
	limit   int64 // the cap that was hit, for TooBig/ZipBomb/TooManyFiles
}

// Sentinels for errors.Is: errors.Is(err, workout.ErrTruncated).
var (
	ErrEmpty        = &Error{Problem: Empty}
	ErrUnrecognised = &Error{Problem: Unrecognised}
	ErrTruncated    = &Error{Problem: Truncated}
	ErrChecksum     = &Error{Problem: Checksum}
	ErrMalformed    = &Error{Problem: Malformed}
	ErrNoTimes      = &Error{Problem: NoTimes}
	ErrNoData       = &Error{Problem: NoData}
	ErrNotActivity  = &Error{Problem: NotActivity}
	ErrTooBig       = &Error{Problem: TooBig}
	ErrTooManyFiles = &Error{Problem: TooManyFiles}
	ErrZipBomb      = &Error{Problem: ZipBomb}
	ErrTooSlow      = &Error{Problem: TooSlow}
)

func newError(p Problem, file string, err error) *Error {
	return &Error{Problem: p, File: file, Err: err}
}

func (e *Error) withLimit(n int64) *Error {
	e.limit = n
	return e
}

func (e *Error) Error() string {
	s := "workout: " + e.Problem.String()
	if e.File != "" {
		s = "workout: " + e.File + ": " + e.Problem.String()
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error with the same Problem (the sentinels).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Problem == e.Problem
}

// Friendly is one sentence for the runner who sent the file.
func (e *Error) Friendly() string {
	switch e.Problem {
	case Empty:
		return "That file is empty (0 bytes) — export the activity from your watch app again and resend it."
	case Unrecognised:
		return "I can't read that file: send a FIT, GPX or TCX activity from your watch app (or a .gz or .zip of them)."
	case Truncated:
		return "That FIT file stops part-way through, so it probably didn't finish copying — export it again and resend it."
	case Checksum:
		return "That FIT file failed its checksum, so it was damaged on the way — export it again and resend it."
	case Malformed:
		return "That file is damaged and I couldn't read it — export the activity again and resend it."
	case NoTimes:
		return "That file has no timestamps, so it looks like a planned route rather than a recorded run — send the recorded activity instead."
	case NoData:
		return "That file has neither a distance nor a time in it, so there's nothing to log."
	case NotActivity:
		return "That file is a course, workout or settings file, not a recorded activity — send the activity itself."
	case TooBig:
		return fmt.Sprintf("That file is too big for me (over %s) — send the recent activities only, or one file at a time.", mb(e.limit))
	case TooManyFiles:
		return fmt.Sprintf("That zip holds more than %d files — send a smaller batch, such as the last few months.", e.limit)
	case ZipBomb:
		return fmt.Sprintf("That zip unpacks to far more than a batch of activities could (over %s), so I didn't open it.", mb(e.limit))
	case TooSlow:
		return "That took too long to read, so I stopped without logging anything — try a smaller batch."
	}
	return "I couldn't read that file."
}

func mb(n int64) string {
	if n <= 0 {
		return "the limit"
	}
	return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
}

func (p Problem) String() string {
	switch p {
	case Empty:
		return "empty file"
	case Unrecognised:
		return "unrecognised format"
	case Truncated:
		return "truncated"
	case Checksum:
		return "checksum mismatch"
	case Malformed:
		return "malformed"
	case NoTimes:
		return "no timestamps"
	case NoData:
		return "no distance and no time"
	case NotActivity:
		return "not an activity"
	case TooBig:
		return "too big"
	case TooManyFiles:
		return "too many files"
	case ZipBomb:
		return "zip bomb"
	case TooSlow:
		return "time budget spent"
	}
	return fmt.Sprintf("problem %d", int(p))
}

// ctxError turns a spent budget into TooSlow, and anything else into p.
func ctxError(p Problem, file string, err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return newError(TooSlow, file, err)
	}
	return newError(p, file, err)
}
