//go:build unix

package load

import "syscall"

// peakRSS returns the largest resident set of the process so far, in
// bytes.
func peakRSS() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return u.Maxrss * 1024 // kilobytes on Linux
}
