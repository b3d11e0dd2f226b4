package metrics

import (
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// The figures a control total can check, as control_totals.csv names
// them. Each is of one month.
const (
	ControlEndingARR    = "ending_arr"       // the company's ARR at the end of the month
	ControlCustomers    = "customers"        // accounts with ARR at the end of the month
	ControlNew          = "new_arr"          // the month's bridge movements
	ControlExpansion    = "expansion_arr"    //
	ControlReactivation = "reactivation_arr" //
	ControlContraction  = "contraction_arr"  //
	ControlChurn        = "churned_arr"      //
)

// ControlMetrics lists the figures a control total can check, in the
// order the data-quality page lists them.
var ControlMetrics = []string{
	ControlEndingARR, ControlCustomers, ControlNew, ControlExpansion, ControlReactivation, ControlContraction, ControlChurn,
}

// IsCount reports whether a control metric is a count rather than money.
func IsCount(metric string) bool { return metric == ControlCustomers }

// Control is a row of control_totals.csv: a figure finance already trusts,
// such as the ledger's ARR at the end of a month, that the report's own
// figure must match within the tolerance.
type Control struct {
	Metric string // one of ControlMetrics
	Month  period.Month
	// Value and Tolerance are in cents for money, in units for counts.
	Value     int64
	Tolerance int64
	Line      int // the row's line in control_totals.csv
}

// Control results.
const (
	ControlPassed = "passed"
	ControlFailed = "failed"
	// ControlNotChecked is a control of a month the report does not
	// cover: before the data or after the as-of month, or the first month
	// held, which has no bridge.
	ControlNotChecked = "not checked"
)

// ControlCheck is a control total checked against the report's figure.
type ControlCheck struct {
	Control
	Actual int64 // the report's figure, in the control's units
	Result string
}

// Difference returns the report's figure less the control's.
func (c ControlCheck) Difference() int64 { return c.Actual - c.Value }

// CheckControls checks each control against the figures of h as of asOf;
// monthly are its monthly bridges (Result.Monthly). The checks are in the
// order of controls.
func CheckControls(h *History, monthly []Bridge, asOf period.Month, controls []Control) []ControlCheck {
	out := make([]ControlCheck, len(controls))
	for i, c := range controls {
		out[i] = ControlCheck{Control: c, Result: ControlNotChecked}
		if c.Month < h.First || c.Month > asOf || c.Month > h.Last() {
			continue
		}
		var actual int64
		switch c.Metric {
		case ControlEndingARR:
			actual = int64(h.Total(c.Month))
		case ControlCustomers:
			for a := range h.Accounts {
				if h.ARR(a, c.Month) > 0 {
					actual++
				}
			}
		default:
			k := int(c.Month - h.First - 1) // monthly[k] is of month First+k+1
			if k < 0 || k >= len(monthly) {
				continue
			}
			actual = int64(movement(monthly[k], c.Metric))
		}
		out[i].Actual = actual
		d := out[i].Difference()
		if d < 0 {
			d = -d
		}
		out[i].Result = ControlPassed
		if d > c.Tolerance {
			out[i].Result = ControlFailed
		}
	}
	return out
}

// movement returns the bridge movement a control metric names.
func movement(b Bridge, metric string) money.Amount {
	switch metric {
	case ControlNew:
		return b.New
	case ControlExpansion:
		return b.Expansion
	case ControlReactivation:
		return b.Reactivation
	case ControlContraction:
		return b.Contraction
	case ControlChurn:
		return b.Churn
	}
	return 0
}
