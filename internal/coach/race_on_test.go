//go:build race

package coach

// raceDetector: the race detector slows the pure, single-goroutine
// equivalence checks about tenfold; they sample under it (the plain run
// covers every text).
const raceDetector = true
