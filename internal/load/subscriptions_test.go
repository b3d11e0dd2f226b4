package load

import (
	"strings"
	"testing"
)

func TestSubscriptions(t *testing.T) {
	const accounts = "account_id\nA1\nA2\nA3\n"
	// Each amount column is tried with the same subscriptions: mrr is
	// twelve times smaller for the same ARR.
	rows := []struct{ id, start, end, mrr, arr string }{
		{"A1", "2026-01-01", "2026-04-01", "100", "1200"},  // Jan-Mar: the end is exclusive
		{"A1", "2026-02-15", "2026-05-15", "10.50", "126"}, // Mar-May: a mid-month start counts from the next month
		{"A2", "2026-03-01", "", "0.01", "0.12"},           // open: to the last month covered
		{"A3", "2026-01-01", "2026-01-01", "500", "6000"},  // an empty period
		{"A3", "2026-02-02", "2026-02-28", "500", "6000"},  // never on a first of the month
	}
	build := func(col string) string {
		var b strings.Builder
		b.WriteString("Subscription_ID,account_id,start_date,end_date," + col + ",plan\n")
		for i, r := range rows {
			amount := r.mrr
			if col == "arr" {
				amount = r.arr
			}
			b.WriteString(strings.Join([]string{string(rune('a' + i)), r.id, r.start, r.end, amount, "pro"}, ",") + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name   string
		col    string
		asOf   string
		months int
		want   map[string]string
	}{
		{
			// The last month covered is May, the last month of A1's second
			// subscription; the open subscription runs to it.
			name: "mrr", col: "mrr", months: 5,
			want: map[string]string{
				"A1": "2026-01=1200.00 2026-02=1200.00 2026-03=1326.00 2026-04=126.00 2026-05=126.00",
				"A2": "2026-01=0.00 2026-02=0.00 2026-03=0.12 2026-04=0.12 2026-05=0.12",
				"A3": "2026-01=0.00 2026-02=0.00 2026-03=0.00 2026-04=0.00 2026-05=0.00",
			},
		},
		{
			name: "arr", col: "arr", months: 5,
			want: map[string]string{
				"A1": "2026-01=1200.00 2026-02=1200.00 2026-03=1326.00 2026-04=126.00 2026-05=126.00",
				"A2": "2026-01=0.00 2026-02=0.00 2026-03=0.12 2026-04=0.12 2026-05=0.12",
				"A3": "2026-01=0.00 2026-02=0.00 2026-03=0.00 2026-04=0.00 2026-05=0.00",
			},
		},
		{
			// An as-of month after the data carries open subscriptions on.
			name: "as of after the data", col: "mrr", asOf: "2026-07", months: 7,
			want: map[string]string{
				"A1": "2026-01=1200.00 2026-02=1200.00 2026-03=1326.00 2026-04=126.00 2026-05=126.00 2026-06=0.00 2026-07=0.00",
				"A2": "2026-01=0.00 2026-02=0.00 2026-03=0.12 2026-04=0.12 2026-05=0.12 2026-06=0.12 2026-07=0.12",
				"A3": "2026-01=0.00 2026-02=0.00 2026-03=0.00 2026-04=0.00 2026-05=0.00 2026-06=0.00 2026-07=0.00",
			},
		},
		{
			// An earlier as-of month cuts nothing.
			name: "as of before the end", col: "arr", asOf: "2026-02", months: 5,
			want: map[string]string{
				"A1": "2026-01=1200.00 2026-02=1200.00 2026-03=1326.00 2026-04=126.00 2026-05=126.00",
				"A2": "2026-01=0.00 2026-02=0.00 2026-03=0.12 2026-04=0.12 2026-05=0.12",
				"A3": "2026-01=0.00 2026-02=0.00 2026-03=0.00 2026-04=0.00 2026-05=0.00",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subs := build(tt.col)
			dir := writeFiles(t, map[string]string{AccountsFile: accounts, SubscriptionsFile: subs})
			var opt Options
			if tt.asOf != "" {
				opt.AsOf = mustMonth(t, tt.asOf)
			}
			ds := mustLoad(t, dir, opt)
			checkHistory(t, ds.History, "2026-01", tt.months, tt.want)
			checkSource(t, ds.Sources[1], SubscriptionsFile, subs, 5, "2026-01", "2026-05", []string{"plan"})
			checkIssues(t, ds.Warnings, []string{`accounts.csv:4:account_id: account "A3" has no revenue in subscriptions.csv`})
		})
	}
}

func TestSubscriptionsOpenOnly(t *testing.T) {
	// With only open subscriptions, the last month covered is the month of
	// the latest start: A2's subscription, started on 10 February, first
	// counts in March, a month the extract does not reach unless the as-of
	// month does.
	dir := writeFiles(t, map[string]string{
		AccountsFile:      "account_id\nA1\nA2\n",
		SubscriptionsFile: "account_id,start_date,mrr\nA1,2026-01-01,1\nA2,2026-02-10,2\n",
	})
	ds := mustLoad(t, dir, Options{})
	checkHistory(t, ds.History, "2026-01", 2, map[string]string{
		"A1": "2026-01=12.00 2026-02=12.00",
		"A2": "2026-01=0.00 2026-02=0.00",
	})
	checkIssues(t, ds.Warnings, []string{`accounts.csv:3:account_id: account "A2" has no revenue in subscriptions.csv`})

	ds = mustLoad(t, dir, Options{AsOf: mustMonth(t, "2026-03")})
	checkHistory(t, ds.History, "2026-01", 3, map[string]string{
		"A1": "2026-01=12.00 2026-02=12.00 2026-03=12.00",
		"A2": "2026-01=0.00 2026-02=0.00 2026-03=24.00",
	})
	checkIssues(t, ds.Warnings, nil)
}

const fxRates = "Month,Currency,Rate_To_Reporting,source\n" +
	"2026-01,EUR,1.085,ecb\n" +
	"2026-02,EUR,1.1,ecb\n" +
	"2026-01,gbp, 1.005 ,boe\n" + // codes are matched in upper case
	"2026-02,GBP,1.005,boe\n" +
	"2026-01,CHF,1.5,snb\n"

func TestFXSubscriptions(t *testing.T) {
	// Each subscription is converted once, at the rate of its start month,
	// rounded half to even to the cent; mrr is converted before it is
	// multiplied by twelve.
	subs := "account_id,start_date,end_date,mrr,currency\n" +
		"A1,2026-01-01,2026-03-01,100.00,EUR\n" + // 108.50 a month
		"A2,2026-01-01,2026-02-01,1.00,GBP\n" + // 1.005: half a cent, rounded to even 1.00
		"A2,2026-02-01,2026-03-01,3.00,gbp\n" + // 3.015: half a cent, rounded to even 3.02
		"A3,2026-01-01,2026-03-01,0.03,CHF\n" + // 0.045 -> 0.04
		"A3,2026-01-01,2026-03-01,0.05,CHF\n" + // 0.075 -> 0.08
		"A3,2026-01-01,2026-03-01,2,USD\n" +
		"A3,2026-01-01,2026-03-01,2,\n"
	dir := writeFiles(t, map[string]string{AccountsFile: "account_id\nA1\nA2\nA3\n", SubscriptionsFile: subs, FXRatesFile: fxRates})
	ds := mustLoad(t, dir, Options{Currency: "USD"})
	checkHistory(t, ds.History, "2026-01", 2, map[string]string{
		"A1": "2026-01=1302.00 2026-02=1302.00",
		"A2": "2026-01=12.00 2026-02=36.24",
		"A3": "2026-01=49.44 2026-02=49.44", // (0.04 + 0.08 + 2 + 2) × 12
	})
	if len(ds.Sources) != 3 {
		t.Fatalf("Sources = %+v, want accounts, subscriptions and fx rates", ds.Sources)
	}
	checkSource(t, ds.Sources[2], FXRatesFile, fxRates, 5, "", "", nil)
}

func TestFXMonthly(t *testing.T) {
	// arr_monthly.csv rows are converted at the rate of their own month.
	arr := "account_id,month,arr,currency\n" +
		"A1,2026-01,100.00,EUR\n" + // 108.50
		"A1,2026-02,100.00,eur\n" + // 110.00
		"A2,2026-01,1.00,GBP\n" + // 1.005 -> 1.00
		"A2,2026-02,3.00,GBP\n" + // 3.015 -> 3.02
		"A2,2026-02,0.01,CHF\n" + // no CHF rate for February
		"A3,2026-01,0.01,CHF\n" + // 0.015 -> 0.02
		"A3,2026-01,0.03,CHF\n" + // 0.045 -> 0.04
		"A3,2026-01,5, USD \n" +
		"A3,2026-01,5,\n"
	files := map[string]string{AccountsFile: "account_id\nA1\nA2\nA3\n", ARRMonthlyFile: arr, FXRatesFile: fxRates}
	e := loadErrors(t, writeFiles(t, files), Options{Currency: "USD"})
	checkIssues(t, e.Issues, []string{"arr_monthly.csv:6:currency: no rate from CHF to USD for 2026-02: add it to fx_rates.csv (month,currency,rate_to_reporting)"})

	files[ARRMonthlyFile] = strings.Replace(arr, "A2,2026-02,0.01,CHF\n", "", 1)
	ds := mustLoad(t, writeFiles(t, files), Options{Currency: "USD"})
	checkHistory(t, ds.History, "2026-01", 2, map[string]string{
		"A1": "2026-01=108.50 2026-02=110.00",
		"A2": "2026-01=1.00 2026-02=3.02",
		"A3": "2026-01=10.06 2026-02=0.00",
	})
}
