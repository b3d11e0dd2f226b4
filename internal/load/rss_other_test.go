//go:build !unix

package load

import "time"

// peakRSS is not measured here.
func peakRSS() int64 { return 0 }

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
