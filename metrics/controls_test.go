package metrics

import (
	"slices"
	"testing"
)

func TestCheckControls(t *testing.T) {
	// The worked example as of 2026-06: ARR 280 at 2026-06 (a 150, c 80,
	// d 50), three customers; 2026-06's only movement is a's expansion of
	// 50; in 2026-02 b churned 200.
	h := workedExample(t)
	asOf := month(t, "2026-06")
	r, err := retention(h, asOf)
	if err != nil {
		t.Fatal(err)
	}
	c := func(metric, m string, value, tol int64, line int) Control {
		return Control{Metric: metric, Month: month(t, m), Value: value, Tolerance: tol, Line: line}
	}
	controls := []Control{
		c(ControlEndingARR, "2026-06", 28000, 0, 2),   // exact
		c(ControlEndingARR, "2026-06", 28011, 10, 3),  // 11 cents off, 10 allowed
		c(ControlEndingARR, "2026-06", 28010, 10, 4),  // 10 cents off, 10 allowed
		c(ControlCustomers, "2026-06", 3, 0, 5),       //
		c(ControlCustomers, "2025-06", 4, 0, 6),       // a, b, c at the start; d not yet
		c(ControlExpansion, "2026-06", 5000, 0, 7),    //
		c(ControlChurn, "2026-02", 20000, 0, 8),       //
		c(ControlNew, "2025-09", 4000, 0, 9),          // d came at 50: 10 short
		c(ControlEndingARR, "2026-07", 28000, 0, 10),  // after the as-of month
		c(ControlNew, "2025-06", 0, 0, 11),            // the first month: no bridge
		c(ControlEndingARR, "2025-05", 0, 0, 12),      // before the data
		c(ControlContraction, "2026-03", 2000, 0, 13), //
		c(ControlReactivation, "2026-03", 0, 0, 14),   //
	}
	got := CheckControls(h, r.Monthly, asOf, controls)
	type result struct {
		actual int64
		result string
	}
	want := []result{
		{28000, ControlPassed}, {28000, ControlFailed}, {28000, ControlPassed},
		{3, ControlPassed}, {3, ControlFailed}, {5000, ControlPassed}, {20000, ControlPassed},
		{5000, ControlFailed}, {0, ControlNotChecked}, {0, ControlNotChecked}, {0, ControlNotChecked},
		{2000, ControlPassed}, {0, ControlPassed},
	}
	var results []result
	for _, g := range got {
		results = append(results, result{g.Actual, g.Result})
	}
	if !slices.Equal(results, want) {
		t.Errorf("CheckControls:\n got %v\nwant %v", results, want)
	}
	if d := got[1].Difference(); d != -11 {
		t.Errorf("Difference = %d, want -11", d)
	}
	if got[7].Line != 9 || got[7].Difference() != 1000 {
		t.Errorf("new_arr check = %+v, want line 9, difference 1000", got[7])
	}
}
