// Package coach holds clubcoach's pure domain logic: parsing pain reports,
// red-flag detection, triage into green/amber/red, relative-rest distances,
// training-load checks over a run history, cadence targets and the strength,
// balance and warm-up plans.
//
// Everything here is a pure function over values: no I/O, no clock (callers
// pass dates in), and no mutable package state. The evidence behind each rule
// lives in shared/coach-rules.md; the tests in this package are tables over
// that document.
//
// The bot coaches, it never diagnoses: every piece of health advice produced
// here ends with a short disclaimer, and red flags point the runner to a
// clinician.
package coach
