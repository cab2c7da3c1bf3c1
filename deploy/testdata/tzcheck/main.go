// Command tzcheck loads an IANA zone and prints its offset; deploy's tests
// build it with deploy/build.sh and run it with no zone database on disk.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, off := time.Date(2026, 7, 1, 12, 0, 0, 0, loc).Zone()
	fmt.Println(off)
}
