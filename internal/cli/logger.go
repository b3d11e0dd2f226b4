package cli

import (
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
