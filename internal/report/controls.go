package report

import (
	"fmt"
	"strings"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// controlLabels names the control metrics as a sentence does.
var controlLabels = map[string]string{
	metrics.ControlEndingARR:    "ending ARR",
	metrics.ControlCustomers:    "customer count",
	metrics.ControlNew:          "new ARR",
	metrics.ControlExpansion:    "expansion ARR",
	metrics.ControlReactivation: "reactivation ARR",
	metrics.ControlContraction:  "contraction ARR",
	metrics.ControlChurn:        "churned ARR",
}

// controlFigure formats v, a control's value, tolerance or difference, in
// its metric's units: money to the cent, as a ledger has it.
func controlFigure(metric string, v int64, currency string) string {
	if metrics.IsCount(metric) {
		return format.Count(int(v))
	}
	return format.MoneyCents(money.Amount(v), currency)
}

// ControlProblems returns the failed controls of checks as problems of
// control_totals.csv, or nil when every control that could be checked
// passed. A failed control stops the build: the report does not tie to a
// figure finance trusts.
func ControlProblems(checks []metrics.ControlCheck, currency string) error {
	var l diag.List
	for _, c := range checks {
		if c.Result != metrics.ControlFailed {
			continue
		}
		d := c.Difference()
		if d < 0 {
			d = -d
		}
		l.Addf(contract.ControlsFile, c.Line, "", "%s for %s is %s, control says %s (difference %s, tolerance %s)",
			controlLabels[c.Metric], c.Month, controlFigure(c.Metric, c.Actual, currency), controlFigure(c.Metric, c.Value, currency),
			controlFigure(c.Metric, d, currency), controlFigure(c.Metric, c.Tolerance, currency))
	}
	return l.Err()
}

// controlsTable lists the control totals and how each compared, or
// returns nil when the data folder has none.
func (b *builder) controlsTable() *Table {
	if b.r.Controls == nil {
		return nil
	}
	t := &Table{
		Caption: "Checked against " + contract.ControlsFile,
		Head:    heads("Figure", "Month", "Control", "This report", "Difference", "Tolerance", "Result"),
	}
	t.Head[6].Num = false
	for _, c := range b.r.Controls {
		label := controlLabels[c.Metric]
		result := Cell{Text: "✓ " + c.Result, Class: "good"}
		report, diff := num(controlFigure(c.Metric, c.Actual, b.cur)), num(controlFigure(c.Metric, c.Difference(), b.cur))
		switch c.Result {
		case metrics.ControlFailed:
			result = Cell{Text: "✗ " + c.Result, Class: "bad"}
		case metrics.ControlNotChecked:
			result = Cell{Text: c.Result + ": outside the months reported"}
			report, diff = num("—"), num("—")
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: strings.ToUpper(label[:1]) + label[1:]}, num(c.Month.String()), num(controlFigure(c.Metric, c.Value, b.cur)),
			report, diff, num(controlFigure(c.Metric, c.Tolerance, b.cur)), result,
		})
	}
	t.Note = fmt.Sprintf("Each figure of %s is checked against this report's own; one beyond its tolerance stops the build.", contract.ControlsFile)
	return t
}
