package load

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// baseARR gives a history from 2026-01 to 2026-03 for twoAccounts.
const baseARR = arrHeader + "A1,2026-01,100\nA2,2026-03,200\n"

// withBase adds a valid accounts.csv and arr_monthly.csv to files, for
// tests of the optional files.
func withBase(files map[string]string) map[string]string {
	out := map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: baseARR}
	maps.Copy(out, files)
	return out
}

// loadErrorTest is a data folder whose load must fail with exactly want.
type loadErrorTest struct {
	name  string
	files map[string]string
	opt   Options
	want  []string // {dir} stands for the data folder
}

func runLoadErrors(t *testing.T, tests []loadErrorTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			e := loadErrors(t, dir, tt.opt)
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = strings.ReplaceAll(w, "{dir}", dir)
			}
			checkIssues(t, e.Issues, want)
			if e.Total != len(want) {
				t.Errorf("Total = %d, want %d", e.Total, len(want))
			}
			if got := e.Error(); got != strings.Join(want, "\n") {
				t.Errorf("Error() = %q, want the issues one a line", got)
			}
		})
	}
}

// sourceNames returns the file of each source.
func sourceNames(sources []Source) []string {
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = s.File
	}
	return out
}

func TestCostsAndRevenue(t *testing.T) {
	// Rows of one month and category are summed, headcount too; an empty
	// headcount adds nothing to a filled one, and stays -1 on its own.
	costs := bomMark +
		"Month , CATEGORY,Amount,Headcount,cost_centre\r\n" +
		"2026-02,support,1000.10,2.5,EMEA\r\n" + // 2
		"2026-01, CSM ,5000,3,\r\n" + // 3
		"2026-02,Support,500.05,,US\r\n" + // 4: with line 2
		"2026-02,support,0.01,1.25,APAC\r\n" + // 5: with lines 2 and 4
		"2026-01,tooling,300,,\r\n" + // 6
		"2026-01,tooling,0,,\r\n" + // 7: with line 6
		"2026-02,csm,5000.5,3.00,\r\n" + // 8
		"2026-01,other,0.99,0,\r\n" // 9
	// Revenue after the last month of the history is fine.
	revenue := "revenue,month\n300,2026-03\n100.5,2026-01\n0,2026-02\n7,2026-05\n"
	files := withBase(map[string]string{CostsFile: costs, RevenueMonthlyFile: revenue})
	ds := mustLoad(t, writeFiles(t, files), Options{})

	month := func(s string) metrics.Cost { return metrics.Cost{Month: mustMonth(t, s)} }
	cost := func(m, category string, cents, headcount int64) metrics.Cost {
		c := month(m)
		c.Category, c.Amount, c.Headcount = category, money.Amount(cents), headcount
		return c
	}
	wantCosts := []metrics.Cost{
		cost("2026-01", "csm", 500000, 300),
		cost("2026-01", "tooling", 30000, -1),
		cost("2026-01", "other", 99, 0),
		cost("2026-02", "csm", 500050, 300),
		cost("2026-02", "support", 150016, 375), // 1000.10 + 500.05 + 0.01; 2.5 + 1.25
	}
	if !slices.Equal(ds.Costs, wantCosts) {
		t.Errorf("Costs:\n\t%+v\nwant\n\t%+v", ds.Costs, wantCosts)
	}
	wantRevenue := []metrics.Revenue{
		{Month: mustMonth(t, "2026-01"), Amount: 10050},
		{Month: mustMonth(t, "2026-02"), Amount: 0},
		{Month: mustMonth(t, "2026-03"), Amount: 30000},
		{Month: mustMonth(t, "2026-05"), Amount: 700},
	}
	if !slices.Equal(ds.Revenue, wantRevenue) {
		t.Errorf("Revenue:\n\t%+v\nwant\n\t%+v", ds.Revenue, wantRevenue)
	}

	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, CostsFile, RevenueMonthlyFile}; !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	// Rows are the file's data rows, not the sums.
	checkSource(t, ds.Sources[2], CostsFile, costs, 8, "2026-01", "2026-02", []string{"cost_centre"})
	checkSource(t, ds.Sources[3], RevenueMonthlyFile, revenue, 4, "2026-01", "2026-05", nil)
	if got := ds.Sources[3].RowsAfter(mustMonth(t, "2026-02")); got != 2 {
		t.Errorf("revenue_monthly.csv: RowsAfter(2026-02) = %d, want 2", got)
	}
	if ds.Initiatives != nil || ds.Ratings != nil {
		t.Errorf("Initiatives = %v, Ratings = %v; want nil without their files", ds.Initiatives, ds.Ratings)
	}
	if len(ds.Warnings) != 0 || ds.WarningCount != 0 {
		t.Errorf("warnings: %q (%d)", issueLines(ds.Warnings), ds.WarningCount)
	}
}

func TestCostsWithoutHeadcount(t *testing.T) {
	files := withBase(map[string]string{CostsFile: "category,amount,month\ncs_ops,1,2026-01\nCS_OPS,2,2026-01\n"})
	ds := mustLoad(t, writeFiles(t, files), Options{})
	want := []metrics.Cost{{Month: mustMonth(t, "2026-01"), Category: "cs_ops", Amount: 300, Headcount: -1}}
	if !slices.Equal(ds.Costs, want) {
		t.Errorf("Costs = %+v, want %+v", ds.Costs, want)
	}
}

func TestOptionalFilesAbsent(t *testing.T) {
	// Frameworks without assessments.csv change nothing either.
	ds := mustLoad(t, writeFiles(t, withBase(nil)), Options{Frameworks: testFrameworks(t)})
	if ds.Costs != nil || ds.Revenue != nil || ds.Initiatives != nil || ds.Ratings != nil {
		t.Errorf("Costs, Revenue, Initiatives, Ratings = %v, %v, %v, %v; want all nil", ds.Costs, ds.Revenue, ds.Initiatives, ds.Ratings)
	}
	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile}; !slices.Equal(got, want) {
		t.Errorf("Sources = %q, want %q", got, want)
	}
}

const msgNumber = ` as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`

func TestCostsErrors(t *testing.T) {
	const use = "use one of csm, support, onboarding, cs_ops, customer_marketing, tooling, other"
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{CostsFile: "month,cat,amount\n2026-01,csm,1\n"}),
			want:  []string{"cs_costs.csv:1:category: missing required column (the header has: month, cat, amount)"},
		},
		{
			name:  "empty",
			files: withBase(map[string]string{CostsFile: ""}),
			want:  []string{"cs_costs.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{CostsFile: "month,category,amount,headcount\r\n"}),
			want:  []string{"cs_costs.csv: file has a header but no data rows"},
		},
		{
			name:  "wrong field count",
			files: withBase(map[string]string{CostsFile: "month,category,amount\n2026-01,csm,1\n2026-01,csm\n"}),
			want:  []string{"cs_costs.csv:3: wrong number of fields: the header has a different count"},
		},
		{
			// Every problem of a row is reported, in column order.
			name: "rows",
			files: withBase(map[string]string{CostsFile: "month,category,amount,headcount\n" +
				"2026-1,csm,1,\n" + // 2
				"2026-01,marketing,1,\n" + // 3
				"2026-01,,1,\n" + // 4
				"2026-01,csm,-5,\n" + // 5
				"2026-01,csm,1.234,\n" + // 6
				"2026-01,csm,\"1,000\",\n" + // 7
				"2026-01,csm,1,2.555\n" + // 8
				"2026-01,csm,1,-1\n" + // 9
				"2026-01,csm,1,two\n" + // 10
				"x,Tooling ,,abc\n" + // 11
				"2026-01,csm,1,\n"}), // 12: fine
			want: []string{
				`cs_costs.csv:2:month: cannot parse "2026-1" as a month (YYYY-MM)`,
				`cs_costs.csv:3:category: unknown category "marketing": ` + use,
				`cs_costs.csv:4:category: empty: ` + use,
				`cs_costs.csv:5:amount: amount must not be negative, got -5`,
				`cs_costs.csv:6:amount: cannot use "1.234": more than two decimal places (round to cents in the extract)`,
				`cs_costs.csv:7:amount: cannot parse "1,000"` + msgNumber,
				`cs_costs.csv:8:headcount: cannot use "2.555": more than two decimal places`,
				`cs_costs.csv:9:headcount: headcount must not be negative, got -1`,
				`cs_costs.csv:10:headcount: cannot parse "two" as a number (write a plain decimal such as 2.5)`,
				`cs_costs.csv:11:amount: cannot parse ""` + msgNumber,
				`cs_costs.csv:11:headcount: cannot parse "abc" as a number (write a plain decimal such as 2.5)`,
				`cs_costs.csv:11:month: cannot parse "x" as a month (YYYY-MM)`,
			},
		},
	})
}

func TestRevenueErrors(t *testing.T) {
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{RevenueMonthlyFile: "Month,Amount\n2026-01,1\n"}),
			want:  []string{"revenue_monthly.csv:1:revenue: missing required column (the header has: month, amount)"},
		},
		{
			name:  "empty",
			files: withBase(map[string]string{RevenueMonthlyFile: bomMark}),
			want:  []string{"revenue_monthly.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{RevenueMonthlyFile: "month,revenue\n"}),
			want:  []string{"revenue_monthly.csv: file has a header but no data rows"},
		},
		{
			name: "rows",
			files: withBase(map[string]string{RevenueMonthlyFile: "month,revenue\n" +
				"2026-01,100\n" + // 2
				" 2026-01 ,200\n" + // 3
				"2026-13,1\n" + // 4
				"2026-02,-1\n" + // 5
				"2026-03,1k\n" + // 6
				"2026-01,x\n"}), // 7
			want: []string{
				`revenue_monthly.csv:3:month: duplicate month 2026-01 (first on line 2): keep one row per month`,
				`revenue_monthly.csv:4:month: cannot parse "2026-13" as a month (YYYY-MM)`,
				`revenue_monthly.csv:5:revenue: revenue must not be negative, got -1`,
				`revenue_monthly.csv:6:revenue: cannot parse "1k"` + msgNumber,
				`revenue_monthly.csv:7:month: duplicate month 2026-01 (first on line 2): keep one row per month`,
				`revenue_monthly.csv:7:revenue: cannot parse "x"` + msgNumber,
			},
		},
		{
			// The optional files are read even when accounts.csv cannot
			// be, so that one run reports every problem.
			name: "beside a broken accounts.csv",
			files: map[string]string{
				AccountsFile:       "id\nA1\n",
				ARRMonthlyFile:     baseARR,
				RevenueMonthlyFile: "month,revenue\n2026-01,-1\n",
				CostsFile:          "month,category,amount\n2026-01,csm,1\n2026-01,hr,1\n",
			},
			want: []string{
				"accounts.csv:1:account_id: missing required column (the header has: id)",
				`cs_costs.csv:3:category: unknown category "hr": use one of csm, support, onboarding, cs_ops, customer_marketing, tooling, other`,
				"revenue_monthly.csv:2:revenue: revenue must not be negative, got -1",
			},
		},
		{
			name: "beside problems of the required files",
			files: map[string]string{
				AccountsFile:       "account_id\nA1\nA1\n",
				ARRMonthlyFile:     arrHeader + "A1,2026-01,1\nZ1,2026-01,1\n",
				RevenueMonthlyFile: "month,revenue\n2026-01,-1\n",
				FXRatesFile:        "month,currency,rate_to_reporting\n2026-01,EUR,x\n",
			},
			want: []string{
				`accounts.csv:3:account_id: duplicate account "A1" (first on line 2)`,
				`arr_monthly.csv:3:account_id: account "Z1" is not in accounts.csv`,
				`fx_rates.csv:2:rate_to_reporting: cannot parse "x" as a positive decimal rate such as 1.0842`,
				"revenue_monthly.csv:2:revenue: revenue must not be negative, got -1",
			},
		},
	})
}

func TestOptionalErrorCap(t *testing.T) {
	// revenue_monthly.csv is parsed before initiatives.csv and
	// assessments.csv but sorts after them: its problems must not push
	// theirs out.
	var revenue strings.Builder
	revenue.WriteString("month,revenue\n")
	for i := range 60 {
		fmt.Fprintf(&revenue, "%d-%02d,-%d\n", 2020+i/12, i%12+1, i+1)
	}
	files := withBase(map[string]string{
		RevenueMonthlyFile: revenue.String(),
		AssessmentsFile:    "date,framework,question,rating\n2026-04-15,nope,q,1\n",
		InitiativesFile:    initiativesHeader + "A,o,2026-01-15,x,1,1,1,1\n",
	})
	e := loadErrors(t, writeFiles(t, files), Options{Frameworks: testFrameworks(t)})
	if e.Total != 62 || len(e.Issues) != diag.MaxShown {
		t.Errorf("Total = %d with %d shown, want 62 with %d", e.Total, len(e.Issues), diag.MaxShown)
	}
	want := []string{
		`assessments.csv:2:framework: unknown framework "nope" (the rubrics define: cs-ops-stage, cs-value)`,
		`initiatives.csv:2:csms_affected: cannot parse "x" as a whole number such as 12`,
		`revenue_monthly.csv:2:revenue: revenue must not be negative, got -1`,
	}
	checkIssues(t, e.Issues[:min(3, len(e.Issues))], want)
	if !slices.IsSortedFunc(e.Issues, diag.Compare) {
		t.Errorf("issues not sorted:\n%v", e)
	}
}
