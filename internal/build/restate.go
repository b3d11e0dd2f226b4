package build

import (
	"errors"
	"fmt"
	"strings"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/metrics"
)

// shownAccounts is how many accounts behind a restatement are kept.
const shownAccounts = 10

// restate compares the figures the periods published with those of in,
// the data now, and explains each change by the accounts whose ARR moved,
// from the per-account ARR the publishing period kept. Under o.Strict a
// change fails the build.
func restate(o Options, periods []archive.Entry, in *report.Input) error {
	published := make([]metrics.Published, len(periods))
	byName := make(map[string]archive.Entry, len(periods))
	for i, e := range periods {
		published[i] = e.Published()
		byName[e.Period] = e
	}
	h := in.Result.History
	rs := metrics.Restatements(h, in.Result, published)
	// Each publishing period's ARR is read once, for all its changes.
	for name := range groupBy(rs) {
		old, err := archive.ReadARR(o.Out, byName[name])
		if err != nil {
			return err
		}
		if old == nil {
			continue
		}
		diff := metrics.DiffARR(h, old)
		for i := range rs {
			if rs[i].Period == name {
				rs[i].Accounts, rs[i].AccountsChanged = diff.Changed(rs[i].Months(), shownAccounts)
				rs[i].Explained = true
			}
		}
	}
	in.Published, in.Restatements = len(periods), rs
	if o.Strict && len(rs) > 0 {
		lines := report.RestatementLines(rs, in.Config.Currency)
		lines = append(lines, fmt.Sprintf("--strict: %s already published changed: nothing was written (rebuild without --strict, or with output.strict = false, once the change is signed off)",
			plural(len(rs), "figure")))
		return errors.New(strings.Join(lines, "\n"))
	}
	return nil
}

// groupBy returns the periods that published the figures of rs.
func groupBy(rs []metrics.Restatement) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		out[r.Period] = true
	}
	return out
}
