// Package logtest holds test support for log output: a buffer that the
// code under test (often several goroutines) writes to while the test
// reads it.
package logtest

import (
	"bytes"
	"sync"
)

// Buffer is a goroutine-safe bytes.Buffer for log sinks and child-process
// output in tests.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
