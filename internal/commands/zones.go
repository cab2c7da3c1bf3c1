package commands

import (
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/platforms"
)

// Time zones as people type them: cities, countries and abbreviations map
// to IANA zones (the only names stored), with a confirmation that shows the
// local time; an abbreviation that means several zones asks which.

// zoneAnswer is what a typed zone resolves to.
type zoneAnswer struct {
	Name    string             // the IANA zone to store; "" when asking
	Typed   string             // as the member wrote it
	Note    string             // a line to add (GMT: "UK time, BST in summer")
	Buttons []platforms.Button // an alternative (Use UTC), or the choices when asking
	Ask     string             // the question when the name means several zones
}

// Confirm is "London → Europe/London, now 14:05".
func (z zoneAnswer) Confirm(now time.Time) string {
	loc, err := time.LoadLocation(z.Name)
	if err != nil {
		return z.Name
	}
	t := now.In(loc).Format("15:04")
	if strings.EqualFold(z.Typed, z.Name) {
		return fmt.Sprintf("%s, now %s", z.Name, t)
	}
	return fmt.Sprintf("%s → %s, now %s", z.Typed, z.Name, t)
}

// zoneAliases are names that are not the last part of their IANA zone:
// abbreviations with one clear meaning, countries with one zone, and
// cities that share a zone with another.
var zoneAliases = map[string]string{
	"utc": "UTC", "z": "UTC", "zulu": "UTC", "universal": "UTC",
	"gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London", "united kingdom": "Europe/London",
	"great britain": "Europe/London", "britain": "Europe/London", "england": "Europe/London", "scotland": "Europe/London",
	"wales": "Europe/London", "northern ireland": "Europe/London", "edinburgh": "Europe/London", "glasgow": "Europe/London",
	"manchester": "Europe/London", "birmingham": "Europe/London", "leeds": "Europe/London", "bristol": "Europe/London",
	"liverpool": "Europe/London", "cardiff": "Europe/London", "newcastle": "Europe/London", "sheffield": "Europe/London",
	"nottingham": "Europe/London", "brighton": "Europe/London", "oxford": "Europe/London", "cambridge": "Europe/London",
	"ireland": "Europe/Dublin", "cork": "Europe/Dublin", "galway": "Europe/Dublin",
	"cet": "Europe/Berlin", "cest": "Europe/Berlin", "germany": "Europe/Berlin", "munich": "Europe/Berlin",
	"hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin",
	"france": "Europe/Paris", "lyon": "Europe/Paris", "marseille": "Europe/Paris",
	"spain": "Europe/Madrid", "barcelona": "Europe/Madrid", "valencia": "Europe/Madrid", "seville": "Europe/Madrid",
	"italy": "Europe/Rome", "milan": "Europe/Rome", "turin": "Europe/Rome", "naples": "Europe/Rome", "florence": "Europe/Rome",
	"netherlands": "Europe/Amsterdam", "holland": "Europe/Amsterdam", "rotterdam": "Europe/Amsterdam",
	"belgium": "Europe/Brussels", "switzerland": "Europe/Zurich", "geneva": "Europe/Zurich", "austria": "Europe/Vienna",
	"sweden": "Europe/Stockholm", "norway": "Europe/Oslo", "denmark": "Europe/Copenhagen", "finland": "Europe/Helsinki",
	"poland": "Europe/Warsaw", "krakow": "Europe/Warsaw", "czechia": "Europe/Prague", "czech republic": "Europe/Prague",
	"hungary": "Europe/Budapest", "greece": "Europe/Athens", "eet": "Europe/Athens", "eest": "Europe/Athens",
	"portugal": "Europe/Lisbon", "porto": "Europe/Lisbon", "wet": "Europe/Lisbon", "iceland": "Atlantic/Reykjavik",
	"ukraine": "Europe/Kyiv", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "turkey": "Europe/Istanbul",
	"japan": "Asia/Tokyo", "jst": "Asia/Tokyo", "osaka": "Asia/Tokyo", "korea": "Asia/Seoul", "south korea": "Asia/Seoul", "kst": "Asia/Seoul",
	"india": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
	"bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata", "calcutta": "Asia/Kolkata",
	"china": "Asia/Shanghai", "beijing": "Asia/Shanghai", "hong kong": "Asia/Hong_Kong", "hkt": "Asia/Hong_Kong",
	"singapore": "Asia/Singapore", "sgt": "Asia/Singapore", "uae": "Asia/Dubai", "abu dhabi": "Asia/Dubai",
	"israel": "Asia/Jerusalem", "tel aviv": "Asia/Jerusalem", "philippines": "Asia/Manila", "thailand": "Asia/Bangkok",
	"vietnam": "Asia/Ho_Chi_Minh", "new zealand": "Pacific/Auckland", "nz": "Pacific/Auckland", "nzst": "Pacific/Auckland",
	"nzdt": "Pacific/Auckland", "wellington": "Pacific/Auckland", "christchurch": "Pacific/Auckland",
	"aest": "Australia/Sydney", "aedt": "Australia/Sydney", "canberra": "Australia/Sydney", "acst": "Australia/Adelaide",
	"awst": "Australia/Perth", "south africa": "Africa/Johannesburg", "cape town": "Africa/Johannesburg", "sast": "Africa/Johannesburg",
	"kenya": "Africa/Nairobi", "nigeria": "Africa/Lagos", "egypt": "Africa/Cairo", "morocco": "Africa/Casablanca",
	"pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles", "la": "America/Los_Angeles",
	"san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "portland": "America/Los_Angeles",
	"san diego": "America/Los_Angeles", "edt": "America/New_York", "eastern": "America/New_York", "nyc": "America/New_York",
	"boston": "America/New_York", "washington": "America/New_York", "washington dc": "America/New_York", "dc": "America/New_York",
	"philadelphia": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
	"cdt": "America/Chicago", "central": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
	"austin": "America/Chicago", "minneapolis": "America/Chicago", "mdt": "America/Denver", "mountain": "America/Denver",
	"salt lake city": "America/Denver", "akst": "America/Anchorage", "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu",
	"montreal": "America/Toronto", "ottawa": "America/Toronto", "calgary": "America/Edmonton",
	"brazil": "America/Sao_Paulo", "rio": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo",
	"argentina": "America/Argentina/Buenos_Aires", "buenos aires": "America/Argentina/Buenos_Aires",
	"chile": "America/Santiago", "colombia": "America/Bogota", "peru": "America/Lima",
}

// ambiguousZones are names that mean several zones: the member picks.
var ambiguousZones = map[string][]string{
	"est":           {"America/New_York", "Australia/Sydney"},
	"ist":           {"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"},
	"cst":           {"America/Chicago", "Asia/Shanghai"},
	"mst":           {"America/Denver", "America/Phoenix"},
	"ast":           {"America/Halifax", "Asia/Riyadh"},
	"usa":           {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
	"us":            {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
	"united states": {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
	"america":       {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"},
	"canada":        {"America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver", "America/Halifax"},
	"australia":     {"Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth"},
	"russia":        {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"},
	"mexico":        {"America/Mexico_City", "America/Tijuana", "America/Cancun"},
}

// zoneRegions are tried in front of a typed city ("new york" →
// America/New_York).
var zoneRegions = []string{"Europe", "America", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian", "America/Argentina", "America/Indiana"}

// resolveZone reads a zone as typed: an IANA name, a city or country, or
// an abbreviation.
func resolveZone(typed string) (zoneAnswer, error) {
	typed = strings.Join(strings.Fields(typed), " ")
	key := strings.ToLower(strings.Trim(typed, ".,;"))
	z := zoneAnswer{Typed: typed}
	if key == "" || key == "local" {
		return z, fmt.Errorf("no zone")
	}
	if opts, ok := ambiguousZones[key]; ok {
		z.Ask = fmt.Sprintf("%s could mean more than one time zone — which is yours?", typed)
		for _, o := range opts {
			z.Buttons = append(z.Buttons, platforms.Button{Label: o, Command: "/settings tz " + o})
		}
		return z, nil
	}
	if name, ok := zoneAliases[key]; ok {
		z.Name = name
		if key == "gmt" || key == "bst" {
			z.Note = "That's UK time, which is GMT in winter and BST (GMT+1) in summer. If you meant UTC all year round, tap Use UTC."
			z.Buttons = []platforms.Button{{Label: "Use UTC", Command: "/settings tz UTC"}}
		}
		return z, loadable(name)
	}
	if !strings.Contains(key, " ") || strings.Contains(key, "/") {
		if _, name, err := LoadZone(typed); err == nil && name != "UTC" {
			z.Name = name
			return z, nil
		}
	}
	city := strings.ReplaceAll(titleWords(key), " ", "_")
	for _, region := range zoneRegions {
		if name := region + "/" + city; loadable(name) == nil {
			z.Name = name
			return z, nil
		}
	}
	return z, fmt.Errorf("unknown zone %q", typed)
}

func loadable(name string) error {
	_, err := time.LoadLocation(name)
	return err
}

// titleWords capitalises each word: "new york" → "New York".
func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if w == "of" || w == "de" || w == "es" {
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// settingKeys start a new setting in a /settings message; a multi-word
// zone runs until the next one.
var settingKeys = map[string]bool{
	"tz": true, "zone": true, "timezone": true, "units": true, "unit": true, "remind": true, "reminder": true,
	"reminders": true, "strength": true, "rundays": true, "runs": true, "baseline": true,
}

// zoneWords takes a zone's words from fields (starting at i) up to the
// next setting key, and returns them and how many it took.
func zoneWords(fields []string, i int) (string, int) {
	j := i
	for j < len(fields) && (j == i || !settingKeys[strings.ToLower(fields[j])]) {
		j++
	}
	return strings.Join(fields[i:j], " "), j - i
}
