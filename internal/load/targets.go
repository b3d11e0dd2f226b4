package load

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// targetAliases maps the metrics.json key of each metric to its name, so
// that a team can write targets with the names its CI already reads.
var targetAliases = map[string]string{
	"retention.t12m.nrr":            metrics.TargetNRR,
	"retention.t12m.grr":            metrics.TargetGRR,
	"retention.t12m.logo_retention": metrics.TargetLogoRetention,
	"cost.t12m.cost_to_retain":      metrics.TargetCostToRetain,
}

// targetNames lists the accepted metric names for messages.
var targetNames = strings.Join(metrics.TargetMetrics, ", ") +
	" (or their metrics.json keys retention.t12m.nrr, retention.t12m.grr, retention.t12m.logo_retention, cost.t12m.cost_to_retain)"

// targetRecord is a row of targets.csv as text.
type targetRecord struct {
	Metric string `csv:"metric"`
	Period string `csv:"period"`
	Target string `csv:"target"`
}

// targetKey is a metric and a period: a target file holds one row of each.
type targetKey struct {
	metric string
	period string
}

// readTargets reads targets.csv, in file order. It returns nil when f is
// nil (the file is missing) or has problems.
func readTargets(f *file, issues *diag.List) ([]metrics.Target, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[targetRecord](f, issues, required(TargetsFile)...)
	if !ok {
		return nil, nil
	}
	before := issues.Total
	targets := make([]metrics.Target, 0, len(rows))
	lines := make(map[targetKey]int, len(rows))
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in.
		metric, metricOK := parseTargetMetric(rec.Metric)
		if !metricOK {
			if strings.TrimSpace(rec.Metric) == "" {
				issues.Addf(f.name, line, "metric", "empty: use one of %s", targetNames)
			} else {
				issues.Addf(f.name, line, "metric", "unknown metric %s: use one of %s", quote(strings.TrimSpace(rec.Metric)), targetNames)
			}
		}
		name, from, to, err := parseTargetPeriod(strings.TrimSpace(rec.Period))
		periodOK := err == nil
		if !periodOK {
			issues.Addf(f.name, line, "period", "%v", err)
		}
		if metricOK && periodOK {
			k := targetKey{metric, name}
			if first, dup := lines[k]; dup {
				issues.Addf(f.name, line, "period", "a second %s target for %s (first on line %d): keep one", metric, name, first)
				periodOK = false
			} else {
				lines[k] = line
			}
		}
		value, valueErr := parseTargetValue(strings.TrimSpace(rec.Target))
		if valueErr != nil {
			issues.Addf(f.name, line, "target", "%v", valueErr)
		}
		if !metricOK || !periodOK || valueErr != nil {
			continue
		}
		targets = append(targets, metrics.Target{Metric: metric, Period: name, From: from, To: to, Value: value, Line: line})
	}
	if issues.Total > before {
		return nil, nil
	}
	src := source(f, len(rows), cols.unknown(targetColumns))
	src.First, src.Last = targets[0].From, targets[0].To
	for _, t := range targets {
		src.First, src.Last = min(src.First, t.From), max(src.Last, t.To)
	}
	return targets, &src
}

func parseTargetMetric(s string) (string, bool) {
	m := strings.ToLower(strings.TrimSpace(s))
	if alias, ok := targetAliases[m]; ok {
		return alias, true
	}
	for _, name := range metrics.TargetMetrics {
		if m == name {
			return m, true
		}
	}
	return "", false
}

// parseTargetPeriod reads a month (2026-10), a calendar quarter (2026-Q4)
// or a calendar year (2026) and returns it in canonical form with its first
// and last months.
func parseTargetPeriod(s string) (string, period.Month, period.Month, error) {
	bad := fmt.Errorf("cannot parse %s as a period (YYYY-MM, YYYY-Qn for a calendar quarter, or YYYY)", quote(s))
	if s == "" {
		return "", 0, 0, fmt.Errorf("empty: write a month (2026-10), a calendar quarter (2026-Q4) or a year (2026)")
	}
	if m, err := period.ParseMonth(s); err == nil {
		return m.String(), m, m, nil
	}
	year, quarter, isQuarter := strings.Cut(s, "-")
	y, err := strconv.Atoi(year)
	if len(year) != 4 || err != nil || y < 1900 {
		return "", 0, 0, bad
	}
	if !isQuarter {
		first := period.New(y, time.January)
		return year, first, first.Add(11), nil
	}
	if len(quarter) != 2 || (quarter[0] != 'Q' && quarter[0] != 'q') || quarter[1] < '1' || quarter[1] > '4' {
		return "", 0, 0, bad
	}
	q := int(quarter[1] - '0')
	first := period.New(y, time.Month(3*q-2))
	return fmt.Sprintf("%d-Q%d", y, q), first, first.Add(2), nil
}

// maxTarget is the largest target accepted, as a fraction: a target of
// 300% NRR is already beyond any company, and a larger number is more
// likely a percentage written without its sign.
const maxTarget = 3

// parseTargetValue reads a fraction (0.92) or a percentage (92%).
func parseTargetValue(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty: write a fraction such as 0.92 or a percentage such as 92%%")
	}
	digits, percent := strings.CutSuffix(s, "%")
	digits = strings.TrimSpace(digits)
	v, ok := new(big.Rat).SetString(digits)
	if !ok || !plainDecimal.MatchString(digits) {
		return 0, fmt.Errorf("cannot parse %s as a target (write a fraction such as 0.92 or a percentage such as 92%%)", quote(s))
	}
	if percent {
		v.Quo(v, big.NewRat(100, 1))
	}
	f, _ := v.Float64()
	switch {
	case f == 0:
		return 0, fmt.Errorf("a target must be above zero, got %s", s)
	case f > maxTarget && !percent:
		return 0, fmt.Errorf("%s is not a fraction such as 0.92: write %s%% for a percentage", s, s)
	case f > maxTarget:
		return 0, fmt.Errorf("%s is above %d%%: write a percentage such as 92%%", s, maxTarget*100)
	}
	return f, nil
}
