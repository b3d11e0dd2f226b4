package load

import (
	"errors"
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// initiativeRecord is a row of initiatives.csv as text.
type initiativeRecord struct {
	Name         string `csv:"initiative"`
	Owner        string `csv:"owner"`
	Launched     string `csv:"launched"`
	CSMsAffected string `csv:"csms_affected"`
	HoursPerCSM  string `csv:"hours_saved_per_csm_per_month"`
	HourlyCost   string `csv:"loaded_hourly_cost"`
	OneTimeCost  string `csv:"one_time_cost"`
	MonthlyCost  string `csv:"monthly_cost"`
}

var initiativeColumns = []string{
	"initiative", "owner", "launched", "csms_affected", "hours_saved_per_csm_per_month",
	"loaded_hourly_cost", "one_time_cost", "monthly_cost",
}

// readInitiatives reads initiatives.csv, keeping the file's order and the
// line of each initiative for later warnings about it. It returns nil when
// f is nil (the file is missing) or has problems.
func readInitiatives(f *file, issues *issueList) ([]metrics.Initiative, []int, *Source) {
	if f == nil {
		return nil, nil, nil
	}
	rows, cols, ok := readTable[initiativeRecord](f, issues,
		"initiative", "launched", "csms_affected", "hours_saved_per_csm_per_month",
		"loaded_hourly_cost", "one_time_cost", "monthly_cost")
	if !ok {
		return nil, nil, nil
	}
	before := issues.total
	list := make([]metrics.Initiative, 0, len(rows))
	lines := make([]int, 0, len(rows))
	first := make(map[string]int, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in,
		// so that every problem of the row is reported and a capped list
		// keeps the first ones.
		csms, csmsOK := parseCount(f.name, line, "csms_affected", rec.CSMsAffected, issues)
		hours, hoursOK := parseHundredths(f.name, line, "hours_saved_per_csm_per_month", rec.HoursPerCSM, "6.5", issues)
		name := strings.TrimSpace(rec.Name)
		nameOK := false
		switch l, dup := first[name]; {
		case name == "":
			issues.addf(f.name, line, "initiative", "empty: every initiative needs a name")
		case dup:
			issues.addf(f.name, line, "initiative", "duplicate initiative %q (first on line %d)", name, l)
		default:
			first[name] = line
			nameOK = true
		}
		launched, err := period.ParseDate(strings.TrimSpace(rec.Launched))
		if err != nil {
			issues.addf(f.name, line, "launched", "cannot parse %q as a date (YYYY-MM-DD)", rec.Launched)
		}
		hourly, hourlyOK := parseAmount(f.name, line, "loaded_hourly_cost", rec.HourlyCost, issues)
		monthly, monthlyOK := parseAmount(f.name, line, "monthly_cost", rec.MonthlyCost, issues)
		oneTime, oneTimeOK := parseAmount(f.name, line, "one_time_cost", rec.OneTimeCost, issues)
		if !csmsOK || !hoursOK || !nameOK || err != nil || !hourlyOK || !monthlyOK || !oneTimeOK {
			continue
		}
		m := period.Of(launched)
		months.add(m)
		list = append(list, metrics.Initiative{
			Name:         name,
			Owner:        strings.TrimSpace(rec.Owner),
			Launched:     m,
			CSMsAffected: csms,
			HoursPerCSM:  hours,
			HourlyCost:   hourly,
			OneTimeCost:  oneTime,
			MonthlyCost:  monthly,
		})
		lines = append(lines, line)
	}
	if issues.total > before {
		return nil, nil, nil
	}
	src := months.source(f, len(rows), cols.unknown(initiativeColumns))
	return list, lines, &src
}

// parseCount parses s, a required whole number of people in column col
// that must not be negative, reporting a problem at line.
func parseCount(file string, line int, col, s string, issues *issueList) (int64, bool) {
	raw := strings.TrimSpace(s)
	n, err := strconv.ParseInt(raw, 10, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		issues.addf(file, line, col, "cannot parse %q as a whole number such as 12", raw)
	case n < 0:
		issues.addf(file, line, col, "%s must not be negative, got %s", col, raw)
	case err != nil:
		issues.addf(file, line, col, "cannot use %q: too large", raw)
	default:
		return n, true
	}
	return 0, false
}
