package build

import (
	"fmt"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/period"
)

// ParseAsOf reads the --as-of flag: a month (YYYY-MM) or a date
// (YYYY-MM-DD). The empty string is the zero AsOf: the last month in the
// data.
func ParseAsOf(s string) (period.AsOf, error) {
	if s == "" {
		return period.AsOf{}, nil
	}
	a, err := period.ParseAsOf(s)
	if err != nil {
		return period.AsOf{}, fmt.Errorf("--as-of: %w", err)
	}
	return a, nil
}

// resolveAsOf returns the as-of date: the one asked for, or the last day of
// the data's last month. It refuses a month the data cannot speak for, and
// warns of rows after it, which the report ignores.
func resolveAsOf(ds *load.Dataset, asked period.AsOf) (period.AsOf, []diag.Issue, error) {
	h := ds.History
	rev := ds.Sources[len(ds.Sources)-1]
	for _, s := range ds.Sources {
		if s.Extract == load.ARRMonthlyFile || s.Extract == load.SubscriptionsFile {
			rev = s
		}
	}
	if asked.IsZero() {
		asked = period.AsOfMonth(rev.Last)
	}
	m := asked.Month
	if m < h.First {
		return period.AsOf{}, nil, fmt.Errorf("--as-of %s is before the first month of %s (%s)", m, rev.File, h.First)
	}
	if rev.Extract == load.ARRMonthlyFile && m > rev.Last {
		return period.AsOf{}, nil, fmt.Errorf("--as-of %s is after the last month of %s (%s): every account would look churned", m, rev.File, rev.Last)
	}
	var warnings []diag.Issue
	if start := m.Add(-12); start < h.First {
		warnings = append(warnings, diag.Issue{File: rev.File,
			Msg: fmt.Sprintf("the trailing-12-month window starts at %s, before the first month of the data (%s): its retention has no cohort and shows n/a", start, h.First)})
	}
	if n := rev.RowsAfter(m); n > 0 {
		warnings = append(warnings, diag.Issue{File: rev.File,
			Msg: fmt.Sprintf("%s after the as-of month %s (up to %s) are ignored", plural(n, "row"), m, rev.Last)})
	}
	return asked, warnings, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
