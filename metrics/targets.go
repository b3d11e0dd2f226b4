package metrics

import "github.com/boardpack/boardpack/internal/period"

// The metrics a target can be set for, as targets.csv and the
// configuration's [targets] name them.
const (
	TargetNRR           = "nrr"
	TargetGRR           = "grr"
	TargetLogoRetention = "logo_retention"
	TargetCostToRetain  = "cost_to_retain"
)

// TargetMetrics lists the metrics a target can be set for, in the order of
// the summary's tiles.
var TargetMetrics = []string{TargetNRR, TargetGRR, TargetLogoRetention, TargetCostToRetain}

// Target is a row of targets.csv: the target of a metric for the reports
// whose as-of month falls in a period.
type Target struct {
	Metric string // one of TargetMetrics
	// Period is the period as written, in canonical form: 2026-10,
	// 2026-Q4 or 2026. From and To are its first and last months.
	Period   string
	From, To period.Month
	Value    float64 // a fraction: 1.05 is 105%
	Line     int     // the row's line in targets.csv
}
