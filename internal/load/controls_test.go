package load

import (
	"slices"
	"testing"

	"github.com/boardpack/boardpack/metrics"
)

func TestControls(t *testing.T) {
	// Names are matched after trimming and lower-casing; the tolerance is
	// optional; money is in cents, the customer count in customers.
	controls := bomMark +
		"Metric,Period,Value,Tolerance,source\r\n" +
		"ending_arr,2026-10,84150000.00,0,ledger\r\n" + // 2
		" Customers ,2026-10,1198,,\r\n" + // 3
		"churned_arr,2026-09,125000.5,100,\r\n" + // 4
		"customers,2026-09,1200,2,\r\n" // 5
	ds := mustLoad(t, writeFiles(t, withBase(map[string]string{ControlsFile: controls})), Options{})
	want := []metrics.Control{
		{Metric: metrics.ControlEndingARR, Month: mustMonth(t, "2026-10"), Value: 8_415_000_000, Line: 2},
		{Metric: metrics.ControlCustomers, Month: mustMonth(t, "2026-10"), Value: 1198, Line: 3},
		{Metric: metrics.ControlChurn, Month: mustMonth(t, "2026-09"), Value: 12_500_050, Tolerance: 10_000, Line: 4},
		{Metric: metrics.ControlCustomers, Month: mustMonth(t, "2026-09"), Value: 1200, Tolerance: 2, Line: 5},
	}
	if !slices.Equal(ds.Controls, want) {
		t.Errorf("Controls:\n\t%+v\nwant\n\t%+v", ds.Controls, want)
	}
	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, ControlsFile}; !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	checkSource(t, ds.Sources[2], ControlsFile, controls, 4, "2026-09", "2026-10", []string{"source"})

	if ds := mustLoad(t, writeFiles(t, withBase(nil)), Options{}); ds.Controls != nil {
		t.Errorf("Controls = %v without %s, want nil", ds.Controls, ControlsFile)
	}
}

func TestControlErrors(t *testing.T) {
	const (
		names  = "ending_arr, customers, new_arr, expansion_arr, reactivation_arr, contraction_arr, churned_arr"
		header = "metric,period,value,tolerance\n"
	)
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{ControlsFile: "metric,period\nending_arr,2026-10\n"}),
			want:  []string{"control_totals.csv:1:value: missing required column (the header has: metric, period)"},
		},
		{
			name: "every problem of a row",
			files: withBase(map[string]string{ControlsFile: header +
				"arr,2026-Q4,1,x\n" +
				",2026-10,1,\n" +
				"ending_arr,2026-10,$84M,-1\n" +
				"customers,2026-10,1198.5,\n" +
				"customers,2026-11,,\n" +
				"ending_arr,2026-10,1,\n"}),
			want: []string{
				`control_totals.csv:2:metric: unknown metric "arr": use one of ` + names,
				`control_totals.csv:2:period: cannot parse "2026-Q4" as a month (YYYY-MM): a control total is of one month`,
				`control_totals.csv:2:tolerance: cannot parse "x" as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`,
				`control_totals.csv:3:metric: empty: use one of ` + names,
				`control_totals.csv:4:tolerance: tolerance must not be negative, got -1`,
				`control_totals.csv:4:value: cannot parse "$84M" as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`,
				`control_totals.csv:5:value: cannot parse "1198.5" as a whole number of customers`,
				`control_totals.csv:6:value: empty: write a whole number of customers such as 1198`,
				`control_totals.csv:7:period: a second ending_arr control for 2026-10 (first on line 4): keep one`,
			},
		},
	})
}
