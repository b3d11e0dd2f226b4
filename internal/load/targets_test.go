package load

import (
	"slices"
	"testing"

	"github.com/boardpack/boardpack/metrics"
)

func TestTargets(t *testing.T) {
	// Names are matched after trimming and lower-casing, the metrics.json
	// keys are accepted, and a percentage is a fraction of 100. The same
	// metric may have a row per period, and periods may overlap.
	targets := bomMark +
		"Metric,Period,Target,owner\r\n" +
		"nrr,2026-10,1.05,CFO\r\n" + // 2
		" NRR ,2026-q4,104%,\r\n" + // 3
		"retention.t12m.grr,2026,92.5%,\r\n" + // 4
		"logo_retention,2026-Q1,0.88,\r\n" + // 5
		"cost.t12m.cost_to_retain,2025,10 %,\r\n" + // 6
		"nrr,2027-01,3,\r\n" // 7
	ds := mustLoad(t, writeFiles(t, withBase(map[string]string{TargetsFile: targets})), Options{})
	m := func(s string) metrics.Target { return metrics.Target{From: mustMonth(t, s)} }
	span := func(metric, name, from, to string, v float64, line int) metrics.Target {
		x := m(from)
		x.Metric, x.Period, x.To, x.Value, x.Line = metric, name, mustMonth(t, to), v, line
		return x
	}
	want := []metrics.Target{
		span("nrr", "2026-10", "2026-10", "2026-10", 1.05, 2),
		span("nrr", "2026-Q4", "2026-10", "2026-12", 1.04, 3),
		span("grr", "2026", "2026-01", "2026-12", 0.925, 4),
		span("logo_retention", "2026-Q1", "2026-01", "2026-03", 0.88, 5),
		span("cost_to_retain", "2025", "2025-01", "2025-12", 0.1, 6),
		span("nrr", "2027-01", "2027-01", "2027-01", 3, 7),
	}
	if !slices.Equal(ds.Targets, want) {
		t.Errorf("Targets:\n\t%+v\nwant\n\t%+v", ds.Targets, want)
	}
	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, TargetsFile}; !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	checkSource(t, ds.Sources[2], TargetsFile, targets, 6, "2025-01", "2027-01", []string{"owner"})

	if ds := mustLoad(t, writeFiles(t, withBase(nil)), Options{}); ds.Targets != nil {
		t.Errorf("Targets = %v without targets.csv, want nil", ds.Targets)
	}
}

func TestTargetErrors(t *testing.T) {
	const (
		metrics = "nrr, grr, logo_retention, cost_to_retain (or their metrics.json keys retention.t12m.nrr, retention.t12m.grr, retention.t12m.logo_retention, cost.t12m.cost_to_retain)"
		periods = " as a period (YYYY-MM, YYYY-Qn for a calendar quarter, or YYYY)"
		number  = " as a target (write a fraction such as 0.92 or a percentage such as 92%)"
		header  = "metric,period,target\n"
	)
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{TargetsFile: "metric,target\nnrr,1.05\n"}),
			want:  []string{"targets.csv:1:period: missing required column (the header has: metric, target)"},
		},
		{
			name:  "no rows",
			files: withBase(map[string]string{TargetsFile: header}),
			want:  []string{"targets.csv: file has a header but no data rows"},
		},
		{
			name:  "unknown and empty metrics",
			files: withBase(map[string]string{TargetsFile: header + "nps,2026,50%\n,2026,1\nretention.nrr,2026,1\n"}),
			want: []string{
				`targets.csv:2:metric: unknown metric "nps": use one of ` + metrics,
				`targets.csv:3:metric: empty: use one of ` + metrics,
				`targets.csv:4:metric: unknown metric "retention.nrr": use one of ` + metrics,
			},
		},
		{
			name: "bad periods",
			files: withBase(map[string]string{TargetsFile: header +
				"nrr,2026-13,1\nnrr,2026-Q5,1\nnrr,26,1\nnrr,2026-H1,1\nnrr,,1\nnrr,Q4-2026,1\nnrr,1899,1\nnrr,2026-10-31,1\n"}),
			want: []string{
				`targets.csv:2:period: cannot parse "2026-13"` + periods,
				`targets.csv:3:period: cannot parse "2026-Q5"` + periods,
				`targets.csv:4:period: cannot parse "26"` + periods,
				`targets.csv:5:period: cannot parse "2026-H1"` + periods,
				`targets.csv:6:period: empty: write a month (2026-10), a calendar quarter (2026-Q4) or a year (2026)`,
				`targets.csv:7:period: cannot parse "Q4-2026"` + periods,
				`targets.csv:8:period: cannot parse "1899"` + periods,
				`targets.csv:9:period: cannot parse "2026-10-31"` + periods,
			},
		},
		{
			name: "bad numbers",
			files: withBase(map[string]string{TargetsFile: header +
				"nrr,2020,105\nnrr,2021,400%\nnrr,2022,0\nnrr,2023,-0.9\nnrr,2024,1e0\nnrr,2025,\nnrr,2026,ninety\ngrr,2026,0.9.1\ngrr,2027,%\n"}),
			want: []string{
				`targets.csv:2:target: 105 is not a fraction such as 0.92: write 105% for a percentage`,
				`targets.csv:3:target: 400% is above 300%: write a percentage such as 92%`,
				`targets.csv:4:target: a target must be above zero, got 0`,
				`targets.csv:5:target: cannot parse "-0.9"` + number,
				`targets.csv:6:target: cannot parse "1e0"` + number,
				`targets.csv:7:target: empty: write a fraction such as 0.92 or a percentage such as 92%`,
				`targets.csv:8:target: cannot parse "ninety"` + number,
				`targets.csv:9:target: cannot parse "0.9.1"` + number,
				`targets.csv:10:target: cannot parse "%"` + number,
			},
		},
		{
			// A metric named by its metrics.json key is the same metric,
			// and a quarter written in lower case the same quarter.
			name:  "two rows for a metric and period",
			files: withBase(map[string]string{TargetsFile: header + "nrr,2026-Q4,1.05\ngrr,2026-Q4,0.9\nretention.t12m.nrr,2026-q4,106%\nnrr,2026-10,1.05\n"}),
			want:  []string{`targets.csv:4:period: a second nrr target for 2026-Q4 (first on line 2): keep one`},
		},
		{
			name:  "every problem of a row",
			files: withBase(map[string]string{TargetsFile: header + "churn,2026-Q0,high\n"}),
			want: []string{
				`targets.csv:2:metric: unknown metric "churn": use one of ` + metrics,
				`targets.csv:2:period: cannot parse "2026-Q0"` + periods,
				`targets.csv:2:target: cannot parse "high"` + number,
			},
		},
		{
			// targets.csv is read even when accounts.csv cannot be, so that
			// a drop's problems show in one run.
			name:  "with a bad accounts.csv",
			files: map[string]string{AccountsFile: "segment\nSMB\n", ARRMonthlyFile: baseARR, TargetsFile: header + "nrr,2026,x\n"},
			want: []string{
				"accounts.csv:1:account_id: missing required column (the header has: segment)",
				`targets.csv:2:target: cannot parse "x"` + number,
			},
		},
	})
}
