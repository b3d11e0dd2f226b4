package load

import (
	"slices"
	"testing"

	"github.com/boardpack/boardpack/metrics"
)

const initiativesHeader = "initiative,owner,launched,csms_affected,hours_saved_per_csm_per_month,loaded_hourly_cost,one_time_cost,monthly_cost\n"

func TestInitiatives(t *testing.T) {
	// No owner column: it is optional. The file's order is kept.
	initiatives := "Initiative,Launched,CSMs_Affected,Hours_Saved_Per_CSM_Per_Month,Loaded_Hourly_Cost,One_Time_Cost,Monthly_Cost,Notes\r\n" +
		" QBR deck automation ,2026-02-10, 22 ,6.5,95.00,18000,450.5,x\r\n" +
		"Renewal alerts,2025-12-31,0,0,0,0,0,\r\n" +
		"Data hub,2026-03-01,3,0.25,92.5,0.01,0,\r\n"
	files := withBase(map[string]string{InitiativesFile: initiatives})
	ds := mustLoad(t, writeFiles(t, files), Options{})
	want := []metrics.Initiative{
		{Name: "QBR deck automation", Launched: mustMonth(t, "2026-02"), LaunchedOn: mustDay(t, "2026-02-10"), CSMsAffected: 22, HoursPerCSM: 650, HourlyCost: 9500, OneTimeCost: 1800000, MonthlyCost: 45050},
		{Name: "Renewal alerts", Launched: mustMonth(t, "2025-12"), LaunchedOn: mustDay(t, "2025-12-31")},
		{Name: "Data hub", Launched: mustMonth(t, "2026-03"), LaunchedOn: mustDay(t, "2026-03-01"), CSMsAffected: 3, HoursPerCSM: 25, HourlyCost: 9250, OneTimeCost: 1},
	}
	if !slices.Equal(ds.Initiatives, want) {
		t.Errorf("Initiatives:\n\t%+v\nwant\n\t%+v", ds.Initiatives, want)
	}
	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, InitiativesFile}; !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	// An initiative launched in the history's last month is in the data.
	checkSource(t, ds.Sources[2], InitiativesFile, initiatives, 3, "2025-12", "2026-03", []string{"notes"})
	if len(ds.Warnings) != 0 || ds.WarningCount != 0 {
		t.Errorf("warnings: %q (%d)", issueLines(ds.Warnings), ds.WarningCount)
	}
}

func TestInitiativeAfterTheData(t *testing.T) {
	files := withBase(map[string]string{InitiativesFile: initiativesHeader +
		"Old,Ana,2026-01-05,1,1,1,1,1\n" +
		"New,Ana,2026-04-01,1,1,1,1,1\n" +
		"Newer,Ana,2026-06-30,1,1,1,1,1\n"})
	dir := writeFiles(t, files)
	ds := mustLoad(t, dir, Options{})
	checkIssues(t, ds.Warnings, []string{
		"initiatives.csv:3:launched: launched after the data ends: it counts from 2026-04",
		"initiatives.csv:4:launched: launched after the data ends: it counts from 2026-06",
	})
	if ds.Initiatives[1].Owner != "Ana" {
		t.Errorf("Owner = %q, want Ana", ds.Initiatives[1].Owner)
	}
	// An as-of month after the data extends the history, and with it the
	// months an initiative can count in.
	ds = mustLoad(t, dir, Options{AsOf: mustMonth(t, "2026-05")})
	checkIssues(t, ds.Warnings, []string{"initiatives.csv:4:launched: launched after the data ends: it counts from 2026-06"})

	// The warnings sort after accounts.csv's.
	files[AccountsFile] = twoAccounts + "A3,SMB\n"
	ds = mustLoad(t, writeFiles(t, files), Options{})
	checkIssues(t, ds.Warnings, []string{
		`accounts.csv:4:account_id: account "A3" has no revenue in arr_monthly.csv`,
		"initiatives.csv:3:launched: launched after the data ends: it counts from 2026-04",
		"initiatives.csv:4:launched: launched after the data ends: it counts from 2026-06",
	})
}

func TestInitiativesErrors(t *testing.T) {
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing columns",
			files: withBase(map[string]string{InitiativesFile: "initiative,owner,launched\nA,o,2026-01-01\n"}),
			want: []string{
				"initiatives.csv:1:csms_affected: missing required column (the header has: initiative, owner, launched)",
				"initiatives.csv:1:hours_saved_per_csm_per_month: missing required column (the header has: initiative, owner, launched)",
				"initiatives.csv:1:loaded_hourly_cost: missing required column (the header has: initiative, owner, launched)",
				"initiatives.csv:1:monthly_cost: missing required column (the header has: initiative, owner, launched)",
				"initiatives.csv:1:one_time_cost: missing required column (the header has: initiative, owner, launched)",
			},
		},
		{
			name:  "empty",
			files: withBase(map[string]string{InitiativesFile: ""}),
			want:  []string{"initiatives.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{InitiativesFile: initiativesHeader}),
			want:  []string{"initiatives.csv: file has a header but no data rows"},
		},
		{
			name: "rows",
			files: withBase(map[string]string{InitiativesFile: initiativesHeader +
				"A,o,2026-01-15,2,1.5,90,100,10\n" + // 2
				" A ,p,2026-02-15,3,2,90,100,10\n" + // 3
				",o,2026-01-15,2,1.5,90,100,10\n" + // 4
				"B,o,2026-01,2,1.5,90,100,10\n" + // 5
				"C,o,2026-01-15,2.5,1.5,90,100,10\n" + // 6
				"D,o,2026-01-15,-2,1.5,90,100,10\n" + // 7
				"E,o,2026-01-15,99999999999999999999,1.5,90,100,10\n" + // 8
				"F,o,2026-01-15,2,1.555,90,100,10\n" + // 9
				"G,o,2026-01-15,2,-1,90,100,10\n" + // 10
				"H,o,2026-01-15,2,1.5,-90,,abc\n" + // 11
				"I,o,2026-01-15,,,1.001,1,1\n"}), // 12
			want: []string{
				`initiatives.csv:3:initiative: duplicate initiative "A" (first on line 2)`,
				`initiatives.csv:4:initiative: empty: every initiative needs a name`,
				`initiatives.csv:5:launched: cannot parse "2026-01" as a date (YYYY-MM-DD)`,
				`initiatives.csv:6:csms_affected: cannot parse "2.5" as a whole number such as 12`,
				`initiatives.csv:7:csms_affected: csms_affected must not be negative, got -2`,
				`initiatives.csv:8:csms_affected: cannot use "99999999999999999999": too large`,
				`initiatives.csv:9:hours_saved_per_csm_per_month: cannot use "1.555": more than two decimal places`,
				`initiatives.csv:10:hours_saved_per_csm_per_month: hours_saved_per_csm_per_month must not be negative, got -1`,
				`initiatives.csv:11:loaded_hourly_cost: loaded_hourly_cost must not be negative, got -90`,
				`initiatives.csv:11:monthly_cost: cannot parse "abc"` + msgNumber,
				`initiatives.csv:11:one_time_cost: cannot parse ""` + msgNumber,
				`initiatives.csv:12:csms_affected: cannot parse "" as a whole number such as 12`,
				`initiatives.csv:12:hours_saved_per_csm_per_month: cannot parse "" as a number (write a plain decimal such as 6.5)`,
				`initiatives.csv:12:loaded_hourly_cost: cannot use "1.001": more than two decimal places (round to cents in the extract)`,
			},
		},
	})
}
