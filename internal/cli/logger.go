package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/metrics"
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

func pct(r metrics.Ratio) string { return format.Percent(r) }

// logger prints progress on a terminal, warnings, and a closing line.
type logger struct {
	out     io.Writer
	tty     bool
	quiet   bool
	verbose bool
	start   time.Time
	last    time.Time
	shown   bool
}

func (l *logger) step(format string, args ...any) {
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

func (l *logger) warn(msg string) {
	if !l.quiet {
		l.clear()
		fmt.Fprintf(l.out, "boardpack: warning: %s\n", msg)
	}
}

func (l *logger) verbosef(format string, args ...any) {
	if l.verbose {
		l.clear()
		fmt.Fprintf(l.out, "boardpack: "+format+"\n", args...)
	}
}

func (l *logger) done(b *built, cmd string) {
	l.step("done")
	l.clear()
	if l.quiet {
		return
	}
	t := b.result.Retention.T12M
	figures := fmt.Sprintf("NRR %s, GRR %s, logo retention %s", pct(t.NRR), pct(t.GRR), pct(t.LogoRetention))
	elapsed := time.Since(l.start).Round(time.Millisecond)
	if b.written {
		fmt.Fprintf(l.out, "boardpack: built %s as of %s (week %s): %d files; %s (%s)\n", b.out, b.asOf, b.week, b.files, figures, elapsed)
	} else {
		fmt.Fprintf(l.out, "boardpack: the data is valid as of %s: %s (%s)\n", b.asOf, figures, elapsed)
	}
}
