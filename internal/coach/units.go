package coach

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Units is a member's preferred distance unit.
type Units string

// The supported distance units.
const (
	KM Units = "km"
	MI Units = "mi"
)

// Distance constants in metres.
const (
	MetersPerKM       = 1000.0
	MetersPerMile     = 1609.344
	MetersPerMarathon = 42195.0
	MetersPerHalf     = 21097.5
)

// maxDistanceMeters bounds ParseDistance: anything longer than this is a typo,
// not a run.
const maxDistanceMeters = 1_000_000

// ParseUnits reads a unit name as a member might type it ("km", "kms",
// "kilometres", "mi", "miles", ...). It reports false for anything else.
func ParseUnits(s string) (Units, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "km", "kms", "k", "kilometer", "kilometers", "kilometre", "kilometres", "metric":
		return KM, true
	case "mi", "mile", "miles", "imperial":
		return MI, true
	}
	return "", false
}

// Valid reports whether u is one of KM or MI.
func (u Units) Valid() bool { return u == KM || u == MI }

// Meters converts one unit of u to metres (KM for anything unknown).
func (u Units) Meters() float64 {
	if u == MI {
		return MetersPerMile
	}
	return MetersPerKM
}

// FormatDistance renders a distance in the member's units with at most one
// decimal and a space before the unit: "5 km", "8.2 km", "3.1 mi". Halves
// round away from zero; whole numbers never show ".0". Unknown units fall
// back to km. Non-finite input renders as "? km".
func FormatDistance(meters float64, u Units) string {
	if u != MI {
		u = KM
	}
	if math.IsNaN(meters) || math.IsInf(meters, 0) {
		return "? " + string(u)
	}
	v := meters / u.Meters()
	// A tiny nudge so that values such as 8.25 that are stored as
	// 8.2499999… still round the way a person would.
	tenths := math.Round(v*10 + math.Copysign(1e-9, v))
	if tenths == 0 {
		tenths = 0 // no "-0"
	}
	if math.Mod(tenths, 10) == 0 {
		return strconv.FormatFloat(tenths/10, 'f', 0, 64) + " " + string(u)
	}
	return strconv.FormatFloat(tenths/10, 'f', 1, 64) + " " + string(u)
}

// ErrDistance is returned (wrapped in an *InputError) when a distance
// cannot be read.
var (
	ErrDistance      = &InputError{Code: "distance", Msg: `I couldn't read that distance. Try something like "5k", "8.2 km", "3.1 mi" or "800m".`}
	ErrDistanceUnit  = &InputError{Code: "distance_unit", Msg: `Which unit was that? Add km or mi, e.g. "5 km" or "3.1 mi".`}
	ErrDistanceRange = &InputError{Code: "distance_range", Msg: "That distance doesn't look right: it should be more than 0 and less than 1000 km."}
)

var distanceRE = regexp.MustCompile(`^(\d+(?:[.,]\d+)?|\.\d+)\s*([a-z]*)$`)

// unitMeters maps the unit words ParseDistance accepts to metres.
var unitMeters = map[string]float64{
	"k": MetersPerKM, "km": MetersPerKM, "kms": MetersPerKM, "kilometer": MetersPerKM, "kilometers": MetersPerKM,
	"kilometre": MetersPerKM, "kilometres": MetersPerKM, "klick": MetersPerKM, "klicks": MetersPerKM,
	"mi": MetersPerMile, "mile": MetersPerMile, "miles": MetersPerMile, "mls": MetersPerMile,
	"m": 1, "meter": 1, "meters": 1, "metre": 1, "metres": 1,
}

var namedDistances = map[string]float64{
	"marathon": MetersPerMarathon, "full marathon": MetersPerMarathon, "full": MetersPerMarathon,
	"half": MetersPerHalf, "half marathon": MetersPerHalf, "halfmarathon": MetersPerHalf, "hm": MetersPerHalf,
	"parkrun": 5000,
}

// ParseDistance reads a distance with an explicit unit and returns metres:
// "5k", "5km", "5 km", "10K", "3.1mi", "3.1 miles", "800m" (metres), "half",
// "half marathon", "marathon". A decimal comma is accepted ("3,5 km"). A bare
// number is ErrDistanceUnit; use ParseDistanceDefault to allow it.
func ParseDistance(s string) (meters float64, err error) {
	return ParseDistanceDefault(s, "")
}

// ParseDistanceDefault is ParseDistance where a bare number ("5") is read in
// def units. With an invalid def a bare number is ErrDistanceUnit.
func ParseDistanceDefault(s string, def Units) (meters float64, err error) {
	t := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	t = strings.TrimSuffix(t, ".")
	if m, ok := namedDistances[t]; ok {
		return m, nil
	}
	g := distanceRE.FindStringSubmatch(t)
	if g == nil {
		return 0, ErrDistance
	}
	num, unit := g[1], g[2]
	if c := strings.Count(num, ","); c > 0 {
		// "1,500" is a thousands separator, "3,5" a decimal comma.
		if i := strings.IndexByte(num, ','); len(num)-i-1 == 3 {
			num = strings.ReplaceAll(num, ",", "")
		} else {
			num = strings.ReplaceAll(num, ",", ".")
		}
	}
	v, perr := strconv.ParseFloat(num, 64)
	if perr != nil {
		return 0, ErrDistance
	}
	var per float64
	if unit == "" {
		if !def.Valid() {
			return 0, ErrDistanceUnit
		}
		per = def.Meters()
	} else {
		p, ok := unitMeters[unit]
		if !ok {
			return 0, ErrDistance
		}
		per = p
	}
	m := v * per
	if !(m > 0) || m > maxDistanceMeters {
		return 0, ErrDistanceRange
	}
	return m, nil
}

// InputError is a user-facing parse error. Msg is safe to show the member as
// is; Code is a stable machine-readable name. The package's Err* values are
// *InputError sentinels: compare them with errors.Is.
type InputError struct {
	Code string
	Msg  string
}

func (e *InputError) Error() string { return e.Msg }

// UserMessage returns the member-facing text for err: the message of an
// *InputError inside err, or a generic line for anything else.
func UserMessage(err error) string {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Msg
	}
	if err == nil {
		return ""
	}
	return "Sorry, I couldn't read that."
}
