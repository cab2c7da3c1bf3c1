package store

import "time"

// PlaceState is one place's training state: an amber niggle with its pain
// edge, or a red flag that stays open until it is closed (the member
// confirms it has been checked or has fully settled).
type PlaceState struct {
	Place  string    `json:"place"`            // "left knee", as the reports name it
	Region string    `json:"region,omitempty"` // coach region, for the pain edge
	Side   string    `json:"side,omitempty"`
	Level  string    `json:"level"` // "amber" or "red"
	Score  int       `json:"score"`
	Since  time.Time `json:"since"`            // when it reached this level, UTC
	Report string    `json:"report,omitempty"` // the pain report that set it ("p3")
	Urgent bool      `json:"urgent,omitempty"` // a ⚠ flag: closes only once checked
	Flags  []string  `json:"flags,omitempty"`
}

// OpenRedFlags lists the member's open red flags, oldest first.
func (m Member) OpenRedFlags() []PlaceState {
	var out []PlaceState
	for _, p := range m.Places {
		if p.Level == "red" {
			out = append(out, p)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Since.Before(out[j-1].Since); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
