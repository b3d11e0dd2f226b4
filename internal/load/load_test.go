package load

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// writeFiles writes each file into a new temporary data folder.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mustLoad loads dir, failing the test on any error.
func mustLoad(t testing.TB, dir string, opt Options) *Dataset {
	t.Helper()
	ds, err := Load(dir, opt)
	if err != nil {
		t.Fatalf("Load: unexpected error:\n%v", err)
	}
	return ds
}

// loadErrors loads dir, which must have problems, and returns them.
func loadErrors(t testing.TB, dir string, opt Options) *diag.List {
	t.Helper()
	ds, err := Load(dir, opt)
	var e *diag.List
	if !errors.As(err, &e) {
		t.Fatalf("Load = %v, %v; want a *diag.List", ds, err)
	}
	if ds != nil {
		t.Errorf("Load returned a dataset along with its errors")
	}
	return e
}

// issueLines formats issues as FILE:LINE:COLUMN: message, one a line.
func issueLines(issues []diag.Issue) []string {
	out := make([]string, len(issues))
	for i, is := range issues {
		out[i] = is.String()
	}
	return out
}

// checkIssues reports a difference between got and want, line by line.
func checkIssues(t testing.TB, got []diag.Issue, want []string) {
	t.Helper()
	g := issueLines(got)
	if !slices.Equal(g, want) {
		t.Errorf("issues:\n\t%s\nwant:\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// series renders account id's ARR over every month held, such as
// "2026-01=100.00 2026-02=0.00", so that a failure shows the whole row.
func series(t testing.TB, h *metrics.History, id string) string {
	t.Helper()
	i := slices.IndexFunc(h.Accounts, func(a metrics.Account) bool { return a.ID == id })
	if i < 0 {
		t.Fatalf("account %q not in the history", id)
	}
	var parts []string
	for m := h.First; m <= h.Last(); m++ {
		parts = append(parts, m.String()+"="+h.ARR(i, m).String())
	}
	return strings.Join(parts, " ")
}

// checkHistory compares h's months and every account's ARR with want,
// which maps account ids to series.
func checkHistory(t testing.TB, h *metrics.History, first string, months int, want map[string]string) {
	t.Helper()
	if h == nil {
		t.Fatal("no history")
	}
	if h.First.String() != first || h.Months != months {
		t.Errorf("history holds %d months from %s, want %d from %s", h.Months, h.First, months, first)
	}
	if len(h.Accounts) != len(want) {
		t.Errorf("history has %d accounts, want %d", len(h.Accounts), len(want))
	}
	for id, w := range want {
		if got := series(t, h, id); got != w {
			t.Errorf("ARR of %s:\n\tgot  %s\n\twant %s", id, got, w)
		}
	}
}

func mustMonth(t testing.TB, s string) period.Month {
	t.Helper()
	m, err := period.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// checkSource compares the parts of a Source that describe the file.
func checkSource(t testing.TB, got Source, file, raw string, rows int, first, last string, ignored []string) {
	t.Helper()
	if got.File != file {
		t.Errorf("source %s: File = %q", file, got.File)
	}
	// The hash and size are of the bytes on disk, BOM included, so finance
	// can check them against the extract with sha256sum.
	if got.SHA256 != sha(raw) {
		t.Errorf("source %s: SHA256 = %s, want %s (of the raw bytes)", file, got.SHA256, sha(raw))
	}
	if got.Bytes != int64(len(raw)) {
		t.Errorf("source %s: Bytes = %d, want %d", file, got.Bytes, len(raw))
	}
	if got.Rows != rows {
		t.Errorf("source %s: Rows = %d, want %d", file, got.Rows, rows)
	}
	var f, l string
	if got.First != 0 || got.Last != 0 {
		f, l = got.First.String(), got.Last.String()
	}
	if f != first || l != last {
		t.Errorf("source %s: months %q to %q, want %q to %q", file, f, l, first, last)
	}
	if !slices.Equal(got.Ignored, ignored) {
		t.Errorf("source %s: Ignored = %q, want %q", file, got.Ignored, ignored)
	}
}

const bomMark = "\ufeff"

func TestLoadHappyPath(t *testing.T) {
	// accounts.csv exercises what warehouse exports do to a header and to
	// free-text names: a BOM, CRLF, odd case and padding, columns out of
	// order, an unknown column, and quoted names with a comma, doubled
	// quotes and a line break (which moves the next record's line).
	accounts := bomMark +
		"Segment, Account_ID ,account_name,Notes,CSM\r\n" + // 1
		"Enterprise,A1,\"Acme, Inc.\",vip,Ana\r\n" + // 2
		",A2,\"The \"\"Best\"\" Co\",,\r\n" + // 3
		"SMB,A3,\"Multi\r\nLine Ltd\",,Ben\r\n" + // 4-5
		"SMB, A4 ,,,\r\n" // 6
	// The quotes switch arr_monthly.csv to its encoding/csv path.
	arr := " MONTH ,note,Account_ID,ARR\n" + // 1
		"2026-01,\"first, row\",A1,1000\n" + // 2
		"2026-01,\"two\nlines\",A2,250.5\n" + // 3-4
		"2026-01,,A1,500.25\n" + // 5: summed with line 2
		"2026-03,\"say \"\"hi\"\"\",A3,99\n" + // 6
		"2026-02,, A1 ,  1000.00  \n" // 7
	dir := writeFiles(t, map[string]string{AccountsFile: accounts, ARRMonthlyFile: arr})
	ds := mustLoad(t, dir, Options{Currency: "USD"})

	wantAccounts := []metrics.Account{
		{ID: "A1", Name: "Acme, Inc.", Segment: "Enterprise", CSM: "Ana"},
		{ID: "A2", Name: `The "Best" Co`, Segment: DefaultSegment},
		{ID: "A3", Name: "Multi\nLine Ltd", Segment: "SMB", CSM: "Ben"},
		{ID: "A4", Name: "A4", Segment: "SMB"},
	}
	if !slices.Equal(ds.History.Accounts, wantAccounts) {
		t.Errorf("accounts:\n\t%+v\nwant\n\t%+v", ds.History.Accounts, wantAccounts)
	}
	if want := []int{2, 3, 4, 6}; !slices.Equal(ds.AccountLines, want) {
		t.Errorf("AccountLines = %v, want %v", ds.AccountLines, want)
	}
	checkHistory(t, ds.History, "2026-01", 3, map[string]string{
		"A1": "2026-01=1500.25 2026-02=1000.00 2026-03=0.00",
		"A2": "2026-01=250.50 2026-02=0.00 2026-03=0.00",
		"A3": "2026-01=0.00 2026-02=0.00 2026-03=99.00",
		"A4": "2026-01=0.00 2026-02=0.00 2026-03=0.00",
	})

	if len(ds.Sources) != 2 {
		t.Fatalf("Sources = %+v, want accounts.csv and arr_monthly.csv", ds.Sources)
	}
	checkSource(t, ds.Sources[0], AccountsFile, accounts, 4, "", "", []string{"notes"})
	checkSource(t, ds.Sources[1], ARRMonthlyFile, arr, 5, "2026-01", "2026-03", []string{"note"})
	if got := ds.Sources[1].RowsAfter(mustMonth(t, "2026-01")); got != 2 {
		t.Errorf("RowsAfter(2026-01) = %d, want 2 (lines 6 and 7)", got)
	}

	checkIssues(t, ds.Warnings, []string{`accounts.csv:6:account_id: account "A4" has no revenue in arr_monthly.csv`})
	if ds.WarningCount != 1 {
		t.Errorf("WarningCount = %d, want 1", ds.WarningCount)
	}
}

func TestLoadHappyPathPlain(t *testing.T) {
	// No quote anywhere, so arr_monthly.csv takes the split-and-scan path:
	// BOM, CRLF, blank lines, padding and an unknown column must all be
	// handled as encoding/csv would.
	accounts := "account_id,account_name\nA1,One\nA2,Two\n"
	arr := bomMark + "Account_ID , Month,Source,ARR\r\n" +
		"A1,2026-01,crm,100\r\n" +
		"\r\n" +
		"A2 , 2026-01 ,crm, 200.10\r\n" +
		"\n" +
		"A1,2026-01,manual,0.01\r\n" +
		"A2,2026-02,crm,50" // no final line end
	dir := writeFiles(t, map[string]string{AccountsFile: accounts, ARRMonthlyFile: arr})
	// The as-of month is after the data: the history runs up to it, with
	// zeros, so the as-of month's figures can be computed.
	ds := mustLoad(t, dir, Options{Currency: "USD", AsOf: mustMonth(t, "2026-04")})
	checkHistory(t, ds.History, "2026-01", 4, map[string]string{
		"A1": "2026-01=100.01 2026-02=0.00 2026-03=0.00 2026-04=0.00",
		"A2": "2026-01=200.10 2026-02=50.00 2026-03=0.00 2026-04=0.00",
	})
	checkSource(t, ds.Sources[0], AccountsFile, accounts, 2, "", "", nil)
	checkSource(t, ds.Sources[1], ARRMonthlyFile, arr, 4, "2026-01", "2026-02", []string{"source"})
	if len(ds.Warnings) != 0 || ds.WarningCount != 0 {
		t.Errorf("warnings: %q (%d)", issueLines(ds.Warnings), ds.WarningCount)
	}

	// An as-of month before the data's last does not cut the history: the
	// metrics ignore months after as-of, and the build warns about them.
	ds = mustLoad(t, dir, Options{Currency: "USD", AsOf: mustMonth(t, "2026-01")})
	checkHistory(t, ds.History, "2026-01", 2, map[string]string{
		"A1": "2026-01=100.01 2026-02=0.00",
		"A2": "2026-01=200.10 2026-02=50.00",
	})
}

func TestLoadNoRevenueWarnings(t *testing.T) {
	// Warnings are kept in accounts.csv line order and capped like errors.
	var b strings.Builder
	b.WriteString("account_id\n")
	for i := range 60 {
		fmt.Fprintf(&b, "B%02d\n", i)
	}
	b.WriteString("A1\n")
	dir := writeFiles(t, map[string]string{
		AccountsFile:   b.String(),
		ARRMonthlyFile: "account_id,month,arr\nA1,2026-01,1\nB05,2026-01,0\n",
	})
	ds := mustLoad(t, dir, Options{})
	if ds.WarningCount != 60 || len(ds.Warnings) != diag.MaxShown {
		t.Fatalf("%d warnings, %d kept; want 60 and %d", ds.WarningCount, len(ds.Warnings), diag.MaxShown)
	}
	// B05's only row is zero: that is no revenue either.
	if got, want := ds.Warnings[5].String(), `accounts.csv:7:account_id: account "B05" has no revenue in arr_monthly.csv`; got != want {
		t.Errorf("Warnings[5] = %s, want %s", got, want)
	}
	if got, want := ds.Warnings[49].String(), `accounts.csv:51:account_id: account "B49" has no revenue in arr_monthly.csv`; got != want {
		t.Errorf("Warnings[49] = %s, want %s", got, want)
	}
}

const (
	twoAccounts = "account_id,segment\nA1,SMB\nA2,SMB\n"
	arrHeader   = "account_id,month,arr\n"
)

func TestLoadErrors(t *testing.T) {
	const (
		msgNumber = ` as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`
		msgRate   = `: add it to fx_rates.csv (month,currency,rate_to_reporting)`
	)
	tests := []loadErrorTest{
		{
			name:  "missing accounts.csv",
			files: map[string]string{ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{"accounts.csv: required file not found in the data folder {dir}"},
		},
		{
			name:  "no revenue file",
			files: map[string]string{AccountsFile: twoAccounts},
			want:  []string{"arr_monthly.csv: no revenue file in the data folder {dir}: add arr_monthly.csv or subscriptions.csv"},
		},
		{
			name:  "empty folder",
			files: map[string]string{},
			want: []string{
				"accounts.csv: required file not found in the data folder {dir}",
				"arr_monthly.csv: no revenue file in the data folder {dir}: add arr_monthly.csv or subscriptions.csv",
			},
		},
		{
			name: "both revenue files",
			files: map[string]string{
				AccountsFile:      twoAccounts,
				ARRMonthlyFile:    arrHeader + "A1,2026-01,1\n",
				SubscriptionsFile: "account_id,start_date,mrr\nA1,2026-01-01,1\n",
			},
			want: []string{"subscriptions.csv: both arr_monthly.csv and subscriptions.csv are in the data folder: keep one, so no revenue is counted twice"},
		},
		{
			name:  "accounts.csv without account_id",
			files: map[string]string{AccountsFile: "ID, Name\nA1,x\n", ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{"accounts.csv:1:account_id: missing required column (the header has: id, name)"},
		},
		{
			// Both columns are named, at line 1, in column-name order.
			name:  "arr_monthly.csv without month and arr",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: "Account_ID,Amount\nA1,1\n"},
			want: []string{
				"arr_monthly.csv:1:arr: missing required column (the header has: account_id, amount)",
				"arr_monthly.csv:1:month: missing required column (the header has: account_id, amount)",
			},
		},
		{
			name:  "arr_monthly.csv without arr, quoted header",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: "\"account_id\",\"month\",\"amount\"\nA1,2026-01,1\n"},
			want:  []string{"arr_monthly.csv:1:arr: missing required column (the header has: account_id, month, amount)"},
		},
		{
			name:  "subscriptions.csv without start_date",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: "account_id,mrr\nA1,1\n"},
			want:  []string{"subscriptions.csv:1:start_date: missing required column (the header has: account_id, mrr)"},
		},
		{
			name:  "fx_rates.csv without rate",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,2026-01,1\n", FXRatesFile: "month,currency\n2026-01,EUR\n"},
			opt:   Options{Currency: "USD"},
			want:  []string{"fx_rates.csv:1:rate_to_reporting: missing required column (the header has: month, currency)"},
		},
		{
			name:  "empty accounts.csv",
			files: map[string]string{AccountsFile: "", ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{"accounts.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "accounts.csv with only a BOM",
			files: map[string]string{AccountsFile: bomMark, ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{"accounts.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "empty arr_monthly.csv",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: ""},
			want:  []string{"arr_monthly.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "arr_monthly.csv of blank lines",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: bomMark + "\r\n\n"},
			want:  []string{"arr_monthly.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "empty subscriptions.csv",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: ""},
			want:  []string{"subscriptions.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header-only accounts.csv",
			files: map[string]string{AccountsFile: "account_id,segment\r\n", ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{"accounts.csv: file has a header but no data rows"},
		},
		{
			name:  "header-only arr_monthly.csv",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: "account_id,month,arr\r\n\r\n"},
			want:  []string{"arr_monthly.csv: file has a header but no data rows"},
		},
		{
			name:  "header-only arr_monthly.csv, quoted",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: "\"account_id\",month,arr\n"},
			want:  []string{"arr_monthly.csv: file has a header but no data rows"},
		},
		{
			name:  "header-only subscriptions.csv",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: "account_id,start_date,mrr\n"},
			want:  []string{"subscriptions.csv: file has a header but no data rows"},
		},
		{
			name: "unparsable month and numbers",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader +
				"A1,2026-1,100\n" +
				"A1,2026-01,12k\n" +
				"A1,2026-02,1.234\n" +
				"A1,2026-03,99999999999999\n" +
				"A1,2026-04,$5\n" +
				"A1,2026-05,\n"},
			want: []string{
				`arr_monthly.csv:2:month: cannot parse "2026-1" as a month (YYYY-MM)`,
				`arr_monthly.csv:3:arr: cannot parse "12k"` + msgNumber,
				`arr_monthly.csv:4:arr: cannot use "1.234": more than two decimal places (round to cents in the extract)`,
				`arr_monthly.csv:5:arr: cannot use "99999999999999": too large`,
				`arr_monthly.csv:6:arr: cannot parse "$5"` + msgNumber,
				`arr_monthly.csv:7:arr: cannot parse ""` + msgNumber,
			},
		},
		{
			// A thousands separator only survives in a quoted field.
			name:  "thousands separator, quoted",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,2026-01,\"1,000\"\n"},
			want:  []string{`arr_monthly.csv:2:arr: cannot parse "1,000"` + msgNumber},
		},
		{
			name:  "negative ARR",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,2026-01,5\nA2,2026-01,-0.50\n"},
			want:  []string{"arr_monthly.csv:3:arr: ARR must not be negative, got -0.50"},
		},
		{
			name: "unparsable dates in accounts.csv",
			files: map[string]string{
				AccountsFile:   "account_id,customer_since\nA1,2024-02-30\nA2,2024-02-29\nA3,01/02/2024\n",
				ARRMonthlyFile: arrHeader + "A1,2026-01,1\n",
			},
			want: []string{
				`accounts.csv:2:customer_since: cannot parse "2024-02-30" as a date (YYYY-MM-DD)`,
				`accounts.csv:4:customer_since: cannot parse "01/02/2024" as a date (YYYY-MM-DD)`,
			},
		},
		{
			// Ids are compared after trimming; the account is kept once so
			// that later files do not also report it as unknown.
			name: "duplicate and empty account_id",
			files: map[string]string{
				AccountsFile:   "account_id,segment\nA1,SMB\nA2,SMB\n A1 ,Enterprise\n,SMB\nA2,SMB\n",
				ARRMonthlyFile: arrHeader + "A1,2026-01,1\nA2,2026-01,1\n",
			},
			want: []string{
				`accounts.csv:4:account_id: duplicate account "A1" (first on line 2)`,
				`accounts.csv:5:account_id: empty: every account needs an id`,
				`accounts.csv:6:account_id: duplicate account "A2" (first on line 3)`,
			},
		},
		{
			name:  "unknown and empty account_id in arr_monthly.csv",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "Z9,2026-01,1\nA1,2026-01,1\n  ,2026-01,1\na1,2026-01,1\n"},
			want: []string{
				`arr_monthly.csv:2:account_id: account "Z9" is not in accounts.csv`,
				`arr_monthly.csv:4:account_id: empty`,
				`arr_monthly.csv:5:account_id: account "a1" is not in accounts.csv`, // ids are case-sensitive
			},
		},
		{
			name: "currency without a rate",
			files: map[string]string{
				AccountsFile:   twoAccounts,
				ARRMonthlyFile: "account_id,month,arr,currency\nA1,2026-01,100,EUR\nA1,2026-01,100,USD\nA2,2026-02,100,\nA2,2026-03,1,gbp\n",
			},
			opt: Options{Currency: "USD"},
			want: []string{
				`arr_monthly.csv:2:currency: no rate from EUR to USD for 2026-01` + msgRate,
				`arr_monthly.csv:5:currency: no rate from GBP to USD for 2026-03` + msgRate,
			},
		},
		{
			name: "currency with a rate for another month",
			files: map[string]string{
				AccountsFile:   twoAccounts,
				ARRMonthlyFile: "account_id,month,arr,currency\nA1,2026-01,100,EUR\nA1,2026-02,100,EUR\n",
				FXRatesFile:    "month,currency,rate_to_reporting\n2026-01,EUR,1.1\n",
			},
			opt:  Options{Currency: "USD"},
			want: []string{`arr_monthly.csv:3:currency: no rate from EUR to USD for 2026-02` + msgRate},
		},
		{
			name: "bad fx rates",
			files: map[string]string{
				AccountsFile:   twoAccounts,
				ARRMonthlyFile: arrHeader + "A1,2026-01,1\n",
				FXRatesFile:    "month,currency,rate_to_reporting\n2026-1,EUR,1.1\n2026-01,EUR,1/3\n2026-01,EUR,0\n2026-01,EUR,-1.1\n2026-01,EUR,1e2\n2026-01,EUR,x\n2026-01,EUR,1.085\n",
			},
			opt: Options{Currency: "USD"},
			want: []string{
				`fx_rates.csv:2:month: cannot parse "2026-1" as a month (YYYY-MM)`,
				`fx_rates.csv:3:rate_to_reporting: cannot parse "1/3" as a positive decimal rate such as 1.0842`,
				`fx_rates.csv:4:rate_to_reporting: cannot parse "0" as a positive decimal rate such as 1.0842`,
				`fx_rates.csv:5:rate_to_reporting: cannot parse "-1.1" as a positive decimal rate such as 1.0842`,
				`fx_rates.csv:6:rate_to_reporting: cannot parse "1e2" as a positive decimal rate such as 1.0842`,
				`fx_rates.csv:7:rate_to_reporting: cannot parse "x" as a positive decimal rate such as 1.0842`,
			},
		},
		{
			name:  "wrong field count in arr_monthly.csv",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,2026-01\nA1,2026-01,1\nA1,2026-01,1,x\n\nA1\n"},
			want: []string{
				"arr_monthly.csv:2: wrong number of fields: the header has a different count",
				"arr_monthly.csv:4: wrong number of fields: the header has a different count",
				"arr_monthly.csv:6: wrong number of fields: the header has a different count",
			},
		},
		{
			name:  "wrong field count in arr_monthly.csv, quoted",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,\"2026-01\"\nA1,2026-01,1\nA1,2026-01,1,x\n\nA1\n"},
			want: []string{
				"arr_monthly.csv:2: wrong number of fields: the header has a different count",
				"arr_monthly.csv:4: wrong number of fields: the header has a different count",
				"arr_monthly.csv:6: wrong number of fields: the header has a different count",
			},
		},
		{
			// Every short or long row is reported, as arr_monthly.csv does,
			// not only the first.
			name:  "wrong field count in accounts.csv",
			files: map[string]string{AccountsFile: "account_id,segment\nA1,SMB\nA2\nA3,SMB\nA4,SMB,x\n", ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want: []string{
				"accounts.csv:3: wrong number of fields: the header has a different count",
				"accounts.csv:5: wrong number of fields: the header has a different count",
			},
		},
		{
			name:  "bare quote in accounts.csv",
			files: map[string]string{AccountsFile: "account_id,account_name\nA1,x\nA2,Bob \"The\" Builder\n", ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"},
			want:  []string{`accounts.csv:3: bare " in non-quoted-field`},
		},
		{
			name:  "unclosed quote in arr_monthly.csv",
			files: map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: arrHeader + "A1,2026-01,1\nA2,2026-01,\"1\n"},
			want:  []string{`arr_monthly.csv:3: extraneous or missing " in quoted-field`},
		},
		{
			name: "subscriptions.csv rows",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: "account_id,start_date,end_date,mrr\n" +
				"A1,2026-02-01,2026-01-31,10\n" +
				"A1,2026-13-01,,10\n" +
				"A1,2026-01-01,someday,10\n" +
				"Z1,2026-01-01,,10\n" +
				"A2,2026-01-01,,-1.50\n" +
				"A2,2026-01-01,,1.5k\n" +
				"A2,2026-01-01,2026-01-01,10\n"}, // an empty period is allowed
			want: []string{
				`subscriptions.csv:2:end_date: 2026-01-31 is before start_date 2026-02-01`,
				`subscriptions.csv:3:start_date: cannot parse "2026-13-01" as a date (YYYY-MM-DD)`,
				`subscriptions.csv:4:end_date: cannot parse "someday" as a date (YYYY-MM-DD)`,
				`subscriptions.csv:5:account_id: account "Z1" is not in accounts.csv`,
				`subscriptions.csv:6:mrr: MRR must not be negative, got -1.50`,
				`subscriptions.csv:7:mrr: cannot parse "1.5k"` + msgNumber,
			},
		},
		{
			name:  "subscriptions.csv with both mrr and arr",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: "account_id,start_date,MRR,ARR\nA1,2026-01-01,1,12\n"},
			want:  []string{"subscriptions.csv:1:arr: the header has both mrr and arr: keep one, so no amount is counted twice"},
		},
		{
			name:  "subscriptions.csv with neither mrr nor arr",
			files: map[string]string{AccountsFile: twoAccounts, SubscriptionsFile: "account_id,start_date,amount\nA1,2026-01-01,1\n"},
			want:  []string{"subscriptions.csv:1:mrr: missing required column: mrr or arr (the header has: account_id, start_date, amount)"},
		},
		{
			// Problems from several files come in file order, then line
			// order, whatever order the files were read in.
			name: "sorted by file and line",
			files: map[string]string{
				AccountsFile:   "account_id\nA1\nA2\nA1\n",
				ARRMonthlyFile: arrHeader + "A1,2026-01,1\nA1,x,1\nZ1,2026-01,1\nA1,2026-01\n",
				FXRatesFile:    "month,currency,rate_to_reporting\n2026-01,EUR,x\n",
			},
			opt: Options{Currency: "USD"},
			want: []string{
				`accounts.csv:4:account_id: duplicate account "A1" (first on line 2)`,
				`arr_monthly.csv:3:month: cannot parse "x" as a month (YYYY-MM)`,
				`arr_monthly.csv:4:account_id: account "Z1" is not in accounts.csv`,
				`arr_monthly.csv:5: wrong number of fields: the header has a different count`,
				`fx_rates.csv:2:rate_to_reporting: cannot parse "x" as a positive decimal rate such as 1.0842`,
			},
		},
		{
			// A header-only revenue file is a problem in its own right, even
			// when another file has problems too.
			name: "header-only arr_monthly.csv beside other problems",
			files: map[string]string{
				AccountsFile:   "account_id\nA1\nA1\n",
				ARRMonthlyFile: arrHeader,
			},
			want: []string{
				`accounts.csv:3:account_id: duplicate account "A1" (first on line 2)`,
				"arr_monthly.csv: file has a header but no data rows",
			},
		},
	}
	runLoadErrors(t, tests)
}

// badRows returns n rows of arr_monthly.csv, each with an unknown account.
func badRows(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Z%d,2026-01,1\n", i)
	}
	return b.String()
}

func TestLoadErrorCap(t *testing.T) {
	for _, path := range []struct{ name, header string }{
		{"plain", arrHeader},
		{"quoted", "\"account_id\",month,arr\n"},
	} {
		t.Run(path.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: path.header + badRows(120)})
			e := loadErrors(t, dir, Options{})
			if e.Total != 120 || len(e.Issues) != diag.MaxShown {
				t.Fatalf("Total = %d with %d shown, want 120 with %d", e.Total, len(e.Issues), diag.MaxShown)
			}
			// The ones shown are the first 50, in line order.
			for i, is := range e.Issues {
				want := fmt.Sprintf(`arr_monthly.csv:%d:account_id: account "Z%d" is not in accounts.csv`, i+2, i)
				if is.String() != want {
					t.Fatalf("Issues[%d] = %s, want %s", i, is, want)
				}
			}
			msg := e.Error()
			if !strings.HasSuffix(msg, "\n... and 70 more (120 problems in all)") {
				t.Errorf("Error() ends %q, want it to end with the count of the rest", msg[max(0, len(msg)-80):])
			}
			if n := strings.Count(msg, "\n"); n != diag.MaxShown {
				t.Errorf("Error() has %d lines, want %d issues and the count", n+1, diag.MaxShown)
			}
		})
	}
}

func TestLoadErrorCapAcrossFiles(t *testing.T) {
	// fx_rates.csv is read before arr_monthly.csv but sorts after it, so
	// its problems must not push out arr_monthly.csv's.
	var fx strings.Builder
	fx.WriteString("month,currency,rate_to_reporting\n")
	for range 60 {
		fx.WriteString("2026-01,EUR,x\n")
	}
	tests := []struct {
		name, arr string
		first     string
		total     int
	}{
		{"missing column", "account_id,month\nA1,2026-01\n", "arr_monthly.csv:1:arr: missing required column (the header has: account_id, month)", 61},
		{"bad rows", arrHeader + badRows(3), `arr_monthly.csv:2:account_id: account "Z0" is not in accounts.csv`, 63},
		{"header only", arrHeader, "arr_monthly.csv: file has a header but no data rows", 61},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: tt.arr, FXRatesFile: fx.String()})
			e := loadErrors(t, dir, Options{Currency: "USD"})
			if e.Total != tt.total || len(e.Issues) != diag.MaxShown {
				t.Errorf("Total = %d with %d shown, want %d with %d", e.Total, len(e.Issues), tt.total, diag.MaxShown)
			}
			if len(e.Issues) == 0 || e.Issues[0].String() != tt.first {
				t.Errorf("first issue:\n\t%v\nwant\n\t%s", issueLines(e.Issues[:min(1, len(e.Issues))]), tt.first)
			}
			if !slices.IsSortedFunc(e.Issues, diag.Compare) {
				t.Errorf("issues not sorted:\n%v", e)
			}
		})
	}
}

func TestIssueString(t *testing.T) {
	tests := []struct {
		is   diag.Issue
		want string
	}{
		{diag.Issue{File: "a.csv", Line: 3, Column: "arr", Msg: "m"}, "a.csv:3:arr: m"},
		{diag.Issue{File: "a.csv", Line: 3, Msg: "m"}, "a.csv:3: m"},
		{diag.Issue{File: "a.csv", Msg: "m"}, "a.csv: m"},
		{diag.Issue{File: "a.parquet", Column: "arr", Msg: "m"}, "a.parquet:arr: m"}, // no line: the whole column, as a Parquet schema gives it
	}
	for _, tt := range tests {
		if got := tt.is.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.is, got, tt.want)
		}
	}
}

// TestAmountsExact checks that amounts reach the history to the cent,
// with no float in between, however many rows are summed.
func TestAmountsExact(t *testing.T) {
	var b strings.Builder
	b.WriteString(arrHeader)
	for range 1000 {
		b.WriteString("A1,2026-01,0.10\n")
	}
	b.WriteString("A2,2026-01,9999999999999.99\nA2,2026-01,0.01\n")
	dir := writeFiles(t, map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: b.String()})
	h := mustLoad(t, dir, Options{}).History
	m := mustMonth(t, "2026-01")
	if got := h.ARR(0, m); got != money.FromUnits(100) {
		t.Errorf("1000 × 0.10 = %s, want 100.00", got)
	}
	if got := h.ARR(1, m); got != money.FromUnits(10_000_000_000_000) {
		t.Errorf("9999999999999.99 + 0.01 = %s, want 10000000000000.00", got)
	}
}

func TestHeaderAndRateDuplicates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("accounts.csv", "account_id\nA1\n")
	write("arr_monthly.csv", "account_id,month,arr,currency\nA1,2026-01,100,EUR\n")
	write("fx_rates.csv", "month,currency,rate_to_reporting\n2026-01,EUR,1.1\n2026-01,eur,1.2\n2026-02,EUR,0x1p0\n")
	_, err := Load(dir, Options{Currency: "USD"})
	want := "fx_rates.csv:3:currency: a second rate for EUR in 2026-01 (first on line 2): keep one\n" +
		`fx_rates.csv:4:rate_to_reporting: cannot parse "0x1p0" as a positive decimal rate such as 1.0842`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}

	write("fx_rates.csv", "month,currency,rate_to_reporting\n2026-01,EUR,1.1\n")
	write("arr_monthly.csv", "account_id,month,arr,ARR\nA1,2026-01,100,200\n")
	_, err = Load(dir, Options{Currency: "USD"})
	if want := "arr_monthly.csv:1:arr: the header names this column twice: keep one"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
