package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/boardpack/boardpack/internal/build"
)

func newLogger(w io.Writer, quiet, verbose bool) *logger {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &logger{out: w, tty: tty, quiet: quiet, verbose: verbose, start: time.Now()}
}

// logger prints progress on a terminal, warnings, and a closing line. It
// is the build's Log.
type logger struct {
	out     io.Writer
	tty     bool
	quiet   bool
	verbose bool
	start   time.Time
	last    time.Time
	shown   bool
}

// Step shows the stage that begins: on a terminal as a progress line, with
// --verbose as a line of its own after the time the previous stage took.
func (l *logger) Step(format string, args ...any) {
	now := time.Now()
	if l.verbose && !l.last.IsZero() {
		fmt.Fprintf(l.out, "boardpack:   %.0f ms\n", float64(now.Sub(l.last).Microseconds())/1000)
	}
	l.last = now
	msg := fmt.Sprintf(format, args...)
	switch {
	case l.verbose:
		fmt.Fprintf(l.out, "boardpack: %s\n", msg)
	case l.tty && !l.quiet:
		fmt.Fprintf(l.out, "\r\033[Kboardpack: %s…", msg)
		l.shown = true
	}
}

// clear removes the progress line before other output.
func (l *logger) clear() {
	if l.shown {
		fmt.Fprint(l.out, "\r\033[K")
		l.shown = false
	}
}

// Warn prints a warning unless --quiet.
func (l *logger) Warn(msg string) {
	if !l.quiet {
		l.clear()
		fmt.Fprintf(l.out, "boardpack: warning: %s\n", msg)
	}
}

// Verbosef prints a detail with --verbose.
func (l *logger) Verbosef(format string, args ...any) {
	if l.verbose {
		l.clear()
		fmt.Fprintf(l.out, "boardpack: "+format+"\n", args...)
	}
}

// done prints the closing line of the build that made b.
func (l *logger) done(b *build.Result) {
	l.Step("done")
	l.clear()
	if l.quiet {
		return
	}
	elapsed := time.Since(l.start).Round(time.Millisecond)
	if b.Written {
		fmt.Fprintf(l.out, "boardpack: built %s as of %s (week %s): %d files; %s (%s)\n", b.Out, b.AsOf.Month, b.AsOf.Week, b.Files, b.Figures(), elapsed)
	} else {
		fmt.Fprintf(l.out, "boardpack: the data is valid as of %s: %s (%s)\n", b.AsOf.Month, b.Figures(), elapsed)
	}
}
