package coach_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/clubcoach/clubcoach/internal/coach"
)

// A pain report is parsed, triaged and answered: the public channel gets the
// summary, the member gets the advice privately.
func ExampleTriage() {
	r, err := coach.ParsePain("4 left knee, started at 2 miles")
	if err != nil {
		fmt.Println(coach.UserMessage(err))
		return
	}
	a := coach.Triage(r)
	fmt.Println(a.Summary())
	fmt.Println(strings.Split(a.Advice(coach.MI), "\n")[1])
	// Output:
	// 🟡 Noted — amber.
	// • Pain showed up at 2 mi → keep runs to about 1.5 mi for now (three quarters of that).
}

// Red flags turn any score red and are named in plain words.
func ExampleTriage_redFlags() {
	r, _ := coach.ParsePain("2 knee, no pain at rest but it's swollen and locked twice")
	a := coach.Triage(r)
	fmt.Println(a.Level, a.Flags)
	fmt.Println(strings.Split(a.Advice(coach.KM), "\n")[0])
	// Output:
	// red [swelling locking]
	// 🔴 Red flags: swelling, locking or catching — please stop running on it and get it checked by a physio or doctor.
}

// A failed parse still carries the red flags so the caller can warn while
// asking for the proper form.
func ExampleParsePain_error() {
	r, err := coach.ParsePain("calf is swollen and heavy")
	fmt.Println(coach.UserMessage(err))
	fmt.Println(r.Flags)
	// Output:
	// I couldn't find a pain score. Try /pain 3 knee — a score from 0 to 10, then where it hurts.
	// [calf_swelling]
}

func ExampleSpikeCheck() {
	hist := []coach.Run{{Date: mustDate("2026-03-01"), Meters: 10000}}
	s := coach.SpikeCheck(hist, coach.Run{Date: mustDate("2026-03-20"), Meters: 12000})
	fmt.Println(s.Spiked, s.Band, coach.FormatDistance(s.NextCap, coach.KM))
	// Output:
	// true >10–30% 11 km
}

func ExampleFormatDistance() {
	fmt.Println(coach.FormatDistance(5000, coach.KM))
	fmt.Println(coach.FormatDistance(5000+2*coach.MetersPerMile, coach.KM))
	fmt.Println(coach.FormatDistance(5000, coach.MI))
	// Output:
	// 5 km
	// 8.2 km
	// 3.1 mi
}

func mustDate(s string) (t time.Time) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
