package load

import (
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// controlNames lists the accepted metrics for messages.
var controlNames = strings.Join(metrics.ControlMetrics, ", ")

// controlRecord is a row of control_totals.csv as text.
type controlRecord struct {
	Metric    string `csv:"metric"`
	Period    string `csv:"period"`
	Value     string `csv:"value"`
	Tolerance string `csv:"tolerance"`
}

// controlKey is a metric and a month: a control file holds one row of
// each.
type controlKey struct {
	metric string
	month  period.Month
}

// readControls reads control_totals.csv, in file order. The tolerance is
// optional (empty is none); money is a plain decimal and the customer
// count a whole number. It returns nil when f is nil (the file is
// missing) or has problems.
func readControls(f *file, issues *diag.List) ([]metrics.Control, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[controlRecord](f, issues, required(ControlsFile)...)
	if !ok {
		return nil, nil
	}
	before := issues.Total
	controls := make([]metrics.Control, 0, len(rows))
	lines := make(map[controlKey]int, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in.
		metric := strings.ToLower(strings.TrimSpace(rec.Metric))
		metricOK := false
		for _, name := range metrics.ControlMetrics {
			metricOK = metricOK || metric == name
		}
		switch {
		case metric == "":
			issues.Addf(f.name, line, "metric", "empty: use one of %s", controlNames)
		case !metricOK:
			issues.Addf(f.name, line, "metric", "unknown metric %s: use one of %s", quote(strings.TrimSpace(rec.Metric)), controlNames)
		}
		m, err := period.ParseMonth(strings.TrimSpace(rec.Period))
		periodOK := err == nil
		if !periodOK {
			issues.Addf(f.name, line, "period", "cannot parse %s as a month (YYYY-MM): a control total is of one month", quote(rec.Period))
		}
		if metricOK && periodOK {
			k := controlKey{metric, m}
			if first, dup := lines[k]; dup {
				issues.Addf(f.name, line, "period", "a second %s control for %s (first on line %d): keep one", metric, m, first)
				periodOK = false
			} else {
				lines[k] = line
			}
		}
		tolerance, toleranceOK := int64(0), true
		if s := strings.TrimSpace(rec.Tolerance); s != "" {
			tolerance, toleranceOK = parseControlValue(f.name, line, "tolerance", metric, s, issues)
		}
		value, valueOK := parseControlValue(f.name, line, "value", metric, strings.TrimSpace(rec.Value), issues)
		if !metricOK || !periodOK || !toleranceOK || !valueOK {
			continue
		}
		months.add(m)
		controls = append(controls, metrics.Control{Metric: metric, Month: m, Value: value, Tolerance: tolerance, Line: line})
	}
	if issues.Total > before {
		return nil, nil
	}
	src := months.source(f, len(rows), cols.unknown(controlColumns))
	return controls, &src
}

// parseControlValue parses s, the value or tolerance of a control of
// metric: a count of customers as a whole number, anything else as money
// in cents.
func parseControlValue(file string, line int, col, metric, s string, issues *diag.List) (int64, bool) {
	if !metrics.IsCount(metric) {
		if s == "" {
			issues.Addf(file, line, col, "empty: write an amount such as 84150000.00")
			return 0, false
		}
		a, ok := parseMoney(file, line, col, s, issues)
		return int64(a), ok
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case s == "":
		issues.Addf(file, line, col, "empty: write a whole number of customers such as 1198")
	case err != nil:
		issues.Addf(file, line, col, "cannot parse %s as a whole number of customers", quote(s))
	case n < 0:
		issues.Addf(file, line, col, "%s must not be negative, got %s", col, s)
	default:
		return n, true
	}
	return 0, false
}
