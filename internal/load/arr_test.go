package load

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// TestARRLineNumbers checks the line of every problem on both paths
// through arr_monthly.csv: a record's line is the line it starts on,
// counting blank lines, CRLF line ends and line breaks inside quotes.
func TestARRLineNumbers(t *testing.T) {
	const unknown = `arr_monthly.csv:%d:account_id: account "Z1" is not in accounts.csv`
	const count = "arr_monthly.csv:%d: wrong number of fields: the header has a different count"
	tests := []struct {
		name string
		arr  string
		want []string
	}{
		{
			name: "plain",
			arr: "account_id,month,arr\r\n" + // 1
				"A1,2026-01,1\r\n" + // 2
				"\r\n" + // 3
				"\n" + // 4
				"Z1,2026-01,1\r\n" + // 5
				"A1,2026-01\r\n" + // 6
				"\r\n" + // 7
				"   \n" + // 8: not blank to encoding/csv either
				"A1,2026-02,1\n" + // 9
				"A1,2026-13,1", // 10, with no line end
			want: []string{
				fmt.Sprintf(unknown, 5),
				fmt.Sprintf(count, 6),
				fmt.Sprintf(count, 8),
				`arr_monthly.csv:10:month: cannot parse "2026-13" as a month (YYYY-MM)`,
			},
		},
		{
			name: "quoted",
			arr: "account_id,month,arr,note\n" + // 1
				"A1,2026-01,1,\"two\nlines\"\n" + // 2-3
				"Z1,2026-01,1,x\n" + // 4
				"\n" + // 5
				"A1,2026-01,1,\"a\r\nb\r\nc\"\r\n" + // 6-8
				"A1,bad,1,\n" + // 9
				"Z1,2026-01,1,\"x\ny\"\n" + // 10-11: the line a record starts on
				"A1,2026-01,1\r\n" + // 12
				"\"A1\",2026-01,\"-1\",\"\n\n\"\n" + // 13-15
				"A1,2026-01,1.001,", // 16
			want: []string{
				fmt.Sprintf(unknown, 4),
				`arr_monthly.csv:9:month: cannot parse "bad" as a month (YYYY-MM)`,
				fmt.Sprintf(unknown, 10),
				fmt.Sprintf(count, 12),
				`arr_monthly.csv:13:arr: ARR must not be negative, got -1`,
				`arr_monthly.csv:16:arr: cannot use "1.001": more than two decimal places (round to cents in the extract)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{AccountsFile: twoAccounts, ARRMonthlyFile: tt.arr})
			e := loadErrors(t, dir, Options{})
			checkIssues(t, e.Issues, tt.want)
		})
	}
}

// TestAccountsLineNumbers checks lines in a file read through gocsv.
func TestAccountsLineNumbers(t *testing.T) {
	accounts := "account_id,account_name\r\n" + // 1
		"A1,\"Two\r\nLines\"\r\n" + // 2-3
		"\r\n" + // 4
		"A2,x\r\n" + // 5
		"A1,\"dup\nlicate\"\n" + // 6-7
		"A3,y\n" // 8
	dir := writeFiles(t, map[string]string{AccountsFile: accounts, ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"})
	e := loadErrors(t, dir, Options{})
	checkIssues(t, e.Issues, []string{`accounts.csv:6:account_id: duplicate account "A1" (first on line 2)`})

	dir = writeFiles(t, map[string]string{AccountsFile: strings.Replace(accounts, "A1,\"dup", "A4,\"dup", 1), ARRMonthlyFile: arrHeader + "A1,2026-01,1\n"})
	ds := mustLoad(t, dir, Options{})
	if want := []int{2, 5, 6, 8}; !slices.Equal(ds.AccountLines, want) {
		t.Errorf("AccountLines = %v, want %v", ds.AccountLines, want)
	}
}

// arrFile is a generated arr_monthly.csv: its lines without their ends,
// and each line's end.
type arrFile struct {
	lines []string
	ends  []string
}

func (f arrFile) String() string {
	var b strings.Builder
	for i, l := range f.lines {
		b.WriteString(l)
		b.WriteString(f.ends[i])
	}
	return b.String()
}

// withQuotedField returns f with one field wrapped in quotes, which
// changes no value but sends the file down the encoding/csv path. The
// field is wrapped whole, spaces included: a quote may only open a field.
func (f arrFile) withQuotedField(r *rand.Rand) arrFile {
	var candidates []int
	for i, l := range f.lines {
		if l != "" {
			candidates = append(candidates, i)
		}
	}
	i := candidates[r.IntN(len(candidates))]
	fields := strings.Split(f.lines[i], ",")
	k := r.IntN(len(fields))
	fields[k] = `"` + fields[k] + `"`
	q := arrFile{lines: slices.Clone(f.lines), ends: f.ends}
	q.lines[i] = strings.Join(fields, ",")
	return q
}

// arrGen generates random arr_monthly.csv files whose rows are valid or
// broken in one of the ways the contract names.
type arrGen struct {
	r        *rand.Rand
	accounts []string
}

var genMonths = []string{"2025-01", "2025-02", "2025-06", "2025-12", "2026-01", "2026-03"}

func (g arrGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g arrGen) pad(s string) string {
	switch g.r.IntN(6) {
	case 0:
		return " " + s
	case 1:
		return s + "  "
	}
	return s
}

func (g arrGen) amount() string {
	units := g.r.IntN(100000)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprint(units)
	case 1:
		return fmt.Sprintf("%d.%d", units, g.r.IntN(10))
	case 2:
		return fmt.Sprintf("%d.%02d0", units, g.r.IntN(100))
	}
	return fmt.Sprintf("%d.%02d", units, g.r.IntN(100))
}

// file returns a file with the columns in a random order, some of them
// optional, and n lines after the header. bad is the chance of a broken
// line.
func (g arrGen) file(n int, bad float64) arrFile {
	cols := []string{"account_id", "month", "arr"}
	if g.r.IntN(2) == 0 {
		cols = append(cols, "currency")
	}
	if g.r.IntN(2) == 0 {
		cols = append(cols, "note")
	}
	g.r.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = g.pick(c, strings.ToUpper(c), " "+c+" ")
	}
	f := arrFile{lines: []string{strings.Join(header, ",")}}
	for range n {
		if g.r.IntN(12) == 0 {
			f.lines = append(f.lines, "") // skipped by both paths
			continue
		}
		vals := map[string]string{
			"account_id": g.pad(g.accounts[g.r.IntN(len(g.accounts))]),
			"month":      g.pad(g.pick(genMonths...)),
			"arr":        g.pad(g.amount()),
			"currency":   g.pick("USD", "", "usd", "EUR", "eur"),
			"note":       g.pick("", "a note", "x"),
		}
		extra := ""
		if g.r.Float64() < bad {
			switch g.r.IntN(9) {
			case 0:
				vals["account_id"] = g.pick("Z1", "", "a1")
			case 1:
				vals["month"] = g.pick("2026-13", "2026-1", "26-01", "2026/01", "")
			case 2:
				vals["arr"] = g.pick("12k", "1.234", "-5", "", "1e5", "$5", "99999999999999")
			case 3:
				vals["currency"] = "GBP"
			case 4:
				extra = ",x"
			case 5:
				vals["account_id"] += "," + vals["account_id"]
			case 6:
				vals["month"] = "2026-02" // EUR has no rate for it
				vals["currency"] = "EUR"
			case 7:
				extra = "x" // breaks the last field, unless it is the note
			case 8:
				f.lines = append(f.lines, g.pick(" ", "\t")) // one field: a wrong count
				continue
			}
		}
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = vals[c]
		}
		f.lines = append(f.lines, strings.Join(row, ",")+extra)
	}
	f.ends = make([]string, len(f.lines))
	for i := range f.ends {
		f.ends[i] = g.pick("\n", "\n", "\r\n")
	}
	if g.r.IntN(3) == 0 {
		f.ends[len(f.ends)-1] = "" // no line end on the last line
	}
	return f
}

// equivalenceFX gives EUR a rate for some of the generated months only.
const equivalenceFX = "month,currency,rate_to_reporting\n" +
	"2025-01,EUR,1.085\n2025-02,EUR,1.1\n2025-06,EUR,0.95\n2025-12,EUR,1.005\n2026-01,EUR,1.2\n2026-03,EUR,1.125\n"

// loadTwice loads accounts with arr as it is and with quotes, and fails
// unless both give the same dataset or the same problems.
func loadTwice(t *testing.T, accounts string, plain, quoted arrFile) (*Dataset, error) {
	t.Helper()
	p, q := plain.String(), quoted.String()
	if strings.Contains(p, `"`) || !strings.Contains(q, `"`) {
		t.Fatal("the plain file must have no quote and the quoted file one")
	}
	files := map[string]string{AccountsFile: accounts, FXRatesFile: equivalenceFX}
	opt := Options{Currency: "USD"}
	files[ARRMonthlyFile] = p
	dsP, errP := Load(writeFiles(t, files), opt)
	files[ARRMonthlyFile] = q
	dsQ, errQ := Load(writeFiles(t, files), opt)

	if !reflect.DeepEqual(errP, errQ) {
		t.Fatalf("the two paths disagree\nplain:\n%v\nquoted:\n%v\nfile:\n%s", errP, errQ, p)
	}
	if errP != nil {
		return nil, errP
	}
	if !reflect.DeepEqual(dsP.History, dsQ.History) {
		t.Fatalf("the two paths give different histories\nfile:\n%s", p)
	}
	if !reflect.DeepEqual(dsP.Warnings, dsQ.Warnings) || dsP.WarningCount != dsQ.WarningCount {
		t.Fatalf("the two paths give different warnings: %v and %v", issueLines(dsP.Warnings), issueLines(dsQ.Warnings))
	}
	sp, sq := dsP.Sources[1], dsQ.Sources[1]
	if sp.Rows != sq.Rows || sp.First != sq.First || sp.Last != sq.Last || !slices.Equal(sp.Ignored, sq.Ignored) {
		t.Fatalf("the two paths describe the file differently: %+v and %+v", sp, sq)
	}
	return dsP, nil
}

// TestARRPathsAgree is a property test: a file parses the same whether it
// goes through the fast path (no quote anywhere) or through encoding/csv
// (one harmless quoted field), with the same history and the same
// problems at the same lines.
func TestARRPathsAgree(t *testing.T) {
	const accounts = "account_id,segment\nA1,SMB\nA2,SMB\nA3,Enterprise\nA 4,SMB\n"
	iterations := 400
	if testing.Short() {
		iterations = 50
	}
	var valid, invalid int
	for seed := range uint64(iterations) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		g := arrGen{r: r, accounts: []string{"A1", "A2", "A3", "A 4"}}
		bad := []float64{0, 0.05, 0.5}[seed%3]
		plain := g.file(1+r.IntN(150), bad)
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			if _, err := loadTwice(t, accounts, plain, plain.withQuotedField(r)); err != nil {
				invalid++
			} else {
				valid++
			}
		})
	}
	t.Logf("%d valid and %d invalid files", valid, invalid)
	// The generator must exercise both outcomes, or the test proves little.
	if valid < iterations/10 || invalid < iterations/10 {
		t.Errorf("%d valid and %d invalid files: the generator is off balance", valid, invalid)
	}
}

// fixedRow is a valid row of a fixed width, so that a broken variant of
// the same width can replace it without moving any chunk boundary.
func fixedRow(r *rand.Rand) string {
	return fmt.Sprintf("A%04d,20%02d-%02d,%d%03d.%02d", r.IntN(1000), 20+r.IntN(7), 1+r.IntN(12), 1+r.IntN(9), r.IntN(1000), r.IntN(100))
}

// breakRow returns row broken in one of several ways, of the same width,
// and the problem it must be reported with at line.
func breakRow(row string, kind, line int) (string, string) {
	id, month, arr := row[:5], row[6:13], row[14:]
	switch kind % 5 {
	case 0:
		id = "Z" + id[1:]
		return id + row[5:], fmt.Sprintf(`arr_monthly.csv:%d:account_id: account %q is not in accounts.csv`, line, id)
	case 1:
		month = month[:5] + "13"
		return row[:6] + month + row[13:], fmt.Sprintf(`arr_monthly.csv:%d:month: cannot parse %q as a month (YYYY-MM)`, line, month)
	case 2:
		arr = arr[:len(arr)-1] + "x"
		return row[:14] + arr, fmt.Sprintf(`arr_monthly.csv:%d:arr: cannot parse %q as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`, line, arr)
	case 3:
		arr = "-" + arr[1:]
		return row[:14] + arr, fmt.Sprintf(`arr_monthly.csv:%d:arr: ARR must not be negative, got %s`, line, arr)
	default:
		return strings.ReplaceAll(row, ",", ";"), fmt.Sprintf("arr_monthly.csv:%d: wrong number of fields: the header has a different count", line)
	}
}

// blockFirstLines returns the line each block of a stream of data after
// the first starts on, as the stream cuts it.
func blockFirstLines(t *testing.T, name string, data []byte) []int {
	t.Helper()
	s, cols := openTestStream(t, name, data)
	var mu sync.Mutex
	starts := map[int]bool{}
	record := func(line int, f [][]byte, out *chunk[int]) {
		mu.Lock()
		starts[out.line] = true
		mu.Unlock()
	}
	if _, err := parseBody(s, len(cols.names), 20, record, nil); err != nil {
		t.Fatal(err)
	}
	lines := slices.Sorted(maps.Keys(starts))
	return lines[1:]
}

// withBlockSize sets blockSize for the rest of a test.
func withBlockSize(t *testing.T, n int) {
	old := blockSize
	blockSize = n
	t.Cleanup(func() { blockSize = old })
}

// TestARRChunkBoundaries loads a file that the stream cuts into blocks
// parsed in parallel, with broken rows on both sides of every cut: each
// must be reported at its exact line, the same as encoding/csv reports it,
// and a valid file must give the same history both ways.
func TestARRChunkBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	var accounts strings.Builder
	accounts.WriteString("account_id\n")
	for i := range 1000 {
		fmt.Fprintf(&accounts, "A%04d\n", i)
	}

	r := rand.New(rand.NewPCG(1, 2))
	base := arrFile{lines: []string{"account_id,month,arr"}}
	for len(base.lines) < 60000 {
		if r.IntN(500) == 0 {
			base.lines = append(base.lines, "") // blank lines count as lines
		} else {
			base.lines = append(base.lines, fixedRow(r))
		}
	}
	base.ends = make([]string, len(base.lines))
	for i := range base.ends {
		base.ends[i] = "\n"
		if r.IntN(3) == 0 {
			base.ends[i] = "\r\n"
		}
	}
	withBlockSize(t, 64<<10)
	starts := blockFirstLines(t, ARRMonthlyFile, []byte(base.String()))
	if len(starts) < 10 {
		t.Fatalf("%d block boundaries, want 10 or more", len(starts))
	}

	// A valid file first: the histories of both paths must agree.
	if _, err := loadTwice(t, accounts.String(), base, base.withQuotedField(r)); err != nil {
		t.Fatalf("a valid file: %v", err)
	}

	for _, procs := range []int{1, 2, 5} {
		t.Run(fmt.Sprint("GOMAXPROCS=", procs), func(t *testing.T) {
			// The cuts do not depend on the number of workers, but the
			// order in which the blocks are finished does.
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))

			// Break the last line of every block, the first line of the
			// next, and the first and last lines of the file. Lines are
			// numbered from 1, the header's.
			targets := []int{2, len(base.lines)}
			for _, s := range starts {
				targets = append(targets, s-1, s)
			}
			slices.Sort(targets)
			targets = slices.Compact(targets)
			f := arrFile{lines: slices.Clone(base.lines), ends: base.ends}
			var want []string
			for k, line := range targets {
				i := line - 1
				if f.lines[i] == "" {
					continue // a blank line cannot be broken; the neighbours still check the count
				}
				var msg string
				f.lines[i], msg = breakRow(f.lines[i], k, line)
				want = append(want, msg)
			}
			if len(want) > diag.MaxShown {
				t.Fatalf("%d broken rows: more than can be shown", len(want))
			}
			q := arrFile{lines: slices.Clone(f.lines), ends: f.ends}
			q.lines[0] = `"account_id",month,arr`
			_, err := loadTwice(t, accounts.String(), f, q)
			e, _ := err.(*diag.List)
			if e == nil {
				t.Fatalf("no problems found in a file with %d broken rows", len(want))
			}
			checkIssues(t, e.Issues, want)
			if e.Total != len(want) {
				t.Errorf("Total = %d, want %d", e.Total, len(want))
			}
		})
	}
}

// TestARRMonthsOutsideFirstBlock loads files whose later blocks hold
// months before and after those of the first block, which lay the ARR
// matrix out again: every account's ARR must land in its month, rows of
// one account and month summed, and the months held must run from the
// file's first month to its last or to the as-of month.
func TestARRMonthsOutsideFirstBlock(t *testing.T) {
	withBlockSize(t, 64)
	const accounts = "account_id\nA1\nA2\nA3\n"
	type cell struct {
		acct  int
		month period.Month
	}
	tests := []struct {
		name   string
		months []string // the months of the rows, in file order
		asOf   period.Month
	}{
		{"ascending", []string{"2024-01", "2024-02", "2024-03", "2024-05", "2024-09", "2025-06", "2026-10"}, 0},
		{"descending", []string{"2026-10", "2026-09", "2026-01", "2025-01", "2024-12", "2021-03"}, 0},
		{"both ways, to a later as-of", []string{"2025-06", "2025-07", "2025-05", "2027-01", "2020-01", "2025-06"}, period.New(2027, 6)},
		{"one month", []string{"2025-06", "2025-06", "2025-06"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(arrHeader)
			want := map[cell]money.Amount{}
			first, last := period.Month(1<<30), period.Month(0)
			for i, ms := range tt.months {
				m, err := period.ParseMonth(ms)
				if err != nil {
					t.Fatal(err)
				}
				first, last = min(first, m), max(last, m)
				// Several rows a month, each a block or so of its own.
				for a := range 3 {
					arr := money.Amount(100*(i+1) + a)
					fmt.Fprintf(&b, "A%d,%s,%s\n", a+1, ms, arr)
					want[cell{a, m}] += arr
				}
			}
			ds := mustLoad(t, writeFiles(t, map[string]string{AccountsFile: accounts, ARRMonthlyFile: b.String()}), Options{AsOf: tt.asOf})
			h := ds.History
			if h.First != first || h.Last() != max(last, tt.asOf) {
				t.Errorf("months held %s to %s, want %s to %s", h.First, h.Last(), first, max(last, tt.asOf))
			}
			for a := range 3 {
				for m := first - 2; m <= h.Last()+2; m++ {
					if got := h.ARR(a, m); got != want[cell{a, m}] {
						t.Errorf("A%d %s: ARR %s, want %s", a+1, m, got, want[cell{a, m}])
					}
				}
			}
			src := ds.Sources[1]
			if src.File != ARRMonthlyFile || src.First != first || src.Last != last || src.Rows != 3*len(tt.months) {
				t.Errorf("source %s: %s to %s, %d rows; want %s to %s, %d rows", src.File, src.First, src.Last, src.Rows, first, last, 3*len(tt.months))
			}
			if got := src.RowsAfter(first); got != 3*len(tt.months)-3*strings.Count(strings.Join(tt.months, " "), first.String()) {
				t.Errorf("RowsAfter(%s) = %d", first, got)
			}
		})
	}
}
