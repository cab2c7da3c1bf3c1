package workout

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
)

func isGzip(data []byte) bool { return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b }

func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
}

// gunzip decompresses at most max bytes: more is TooBig, so a gzip bomb
// costs max bytes of memory and no more.
func gunzip(name string, data []byte, max int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, newError(Malformed, name, fmt.Errorf("gzip: %w", err))
	}
	defer zr.Close()
	return readCapped(name, zr, max)
}

func readCapped(name string, r io.Reader, max int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, max+1))
	if n > max {
		return nil, newError(TooBig, name, fmt.Errorf("over %d bytes uncompressed", max)).withLimit(max)
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, newError(Truncated, name, err)
		}
		return nil, newError(Malformed, name, err)
	}
	return buf.Bytes(), nil
}

// activityExt reports whether a zip entry's name is an activity file.
func activityExt(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	switch path.Ext(n) {
	case ".fit", ".gpx", ".tcx":
		return true
	}
	return false
}

// decodeZip reads every activity file in a zip (Strava's and Garmin's
// bulk exports: .fit, .gpx, .tcx, gzipped or not, in any folder). Other
// entries (CSV indexes, photos) are ignored; nested zips are not opened.
// Caps: entry count, each file's size and the total uncompressed size,
// checked against the sizes the archive declares before anything is
// unpacked and again against the bytes actually read, since a hostile
// archive can lie.
func decodeZip(ctx context.Context, name string, data []byte, loc *time.Location, lim Limits) (Result, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Result{}, newError(Malformed, name, fmt.Errorf("zip: %w", err))
	}
	if len(zr.File) > lim.MaxZipFiles {
		return Result{}, newError(TooManyFiles, name, fmt.Errorf("%d entries", len(zr.File))).withLimit(int64(lim.MaxZipFiles))
	}
	var files []*zip.File
	var declared uint64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !activityExt(f.Name) {
			continue
		}
		declared += f.UncompressedSize64
		files = append(files, f)
	}
	if declared > uint64(lim.MaxZipBytes) {
		return Result{}, newError(ZipBomb, name, fmt.Errorf("declares %d bytes", declared)).withLimit(lim.MaxZipBytes)
	}
	if len(files) == 0 {
		return Result{}, newError(Unrecognised, name, errors.New("no FIT, GPX or TCX files in the zip"))
	}
	// Oldest first is the natural order to log a history in; exports name
	// files by id, so order by the entry's modification time, then name.
	sort.SliceStable(files, func(i, j int) bool {
		if !files[i].Modified.Equal(files[j].Modified) {
			return files[i].Modified.Before(files[j].Modified)
		}
		return files[i].Name < files[j].Name
	})
	res := Result{Zip: true}
	var total int64
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return Result{}, newError(TooSlow, name, err)
		}
		if len(res.Activities) >= lim.MaxActivities {
			res.Over = len(files) - i
			break
		}
		entry := path.Base(f.Name)
		if f.UncompressedSize64 > uint64(lim.MaxFileBytes) {
			res.Skipped = append(res.Skipped, Skipped{File: entry, Err: newError(TooBig, entry, nil).withLimit(lim.MaxFileBytes)})
			continue
		}
		raw, err := readEntry(f, entry, lim.MaxFileBytes)
		total += int64(len(raw))
		if total > lim.MaxZipBytes {
			return Result{}, newError(ZipBomb, name, fmt.Errorf("unpacks past %d bytes", lim.MaxZipBytes)).withLimit(lim.MaxZipBytes)
		}
		if err == nil {
			var acts []Activity
			acts, err = decodeFile(ctx, entry, raw, loc, lim, 0)
			for _, a := range acts {
				if len(res.Activities) < lim.MaxActivities {
					res.Activities = append(res.Activities, a)
				}
			}
		}
		if err != nil {
			var we *Error
			if !errors.As(err, &we) {
				we = newError(Malformed, entry, err)
			}
			if we.Problem == TooSlow {
				return Result{}, we
			}
			res.Skipped = append(res.Skipped, Skipped{File: entry, Err: we})
		}
	}
	return res, nil
}

func readEntry(f *zip.File, entry string, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, newError(Malformed, entry, err)
	}
	defer rc.Close()
	return readCapped(entry, rc, max)
}
