package demo

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var files = []string{"accounts.csv", "arr_monthly.csv"}

func writeTemp(t testing.TB, opt Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return dir
}

func TestWriteIsDeterministic(t *testing.T) {
	for _, opt := range []Options{
		DefaultOptions(),
		{Accounts: 150, Months: 14, End: "2024-01", Seed: 42},
	} {
		a, b := writeTemp(t, opt), writeTemp(t, opt)
		for _, name := range files {
			x, err := os.ReadFile(filepath.Join(a, name))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(filepath.Join(b, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Errorf("%+v: two runs wrote different %s", opt, name)
			}
		}
	}
}

func TestSeedChangesOutput(t *testing.T) {
	opt := Options{Accounts: 100, Months: 12, End: "2025-06", Seed: 1}
	a := writeTemp(t, opt)
	opt.Seed = 2
	b := writeTemp(t, opt)
	x, _ := os.ReadFile(filepath.Join(a, "arr_monthly.csv"))
	y, _ := os.ReadFile(filepath.Join(b, "arr_monthly.csv"))
	if bytes.Equal(x, y) {
		t.Error("seeds 1 and 2 wrote the same arr_monthly.csv")
	}
}

// TestSampleIsCurrent keeps the committed sample data in step with the
// generator.
func TestSampleIsCurrent(t *testing.T) {
	dir := writeTemp(t, DefaultOptions())
	for _, name := range files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "sample-data", name))
		if err != nil {
			t.Errorf("reading committed sample: %v; run `go run ./sample-data/gen` from the repository root", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("sample-data/%s differs from what the generator writes; run `go run ./sample-data/gen` from the repository root", name)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, opt := range []Options{
		{Accounts: 0, Months: 36, End: "2026-10"},
		{Accounts: 10, Months: 0, End: "2026-10"},
		{Accounts: 10, Months: 36, End: "2026-13"},
		{Accounts: 10, Months: 36, End: "2026-1"},
		{Accounts: 10, Months: 36, End: "Oct 2026"},
	} {
		if err := Write(t.TempDir(), opt); err == nil {
			t.Errorf("Write(%+v) succeeded, want an error", opt)
		}
	}
	if err := Write(filepath.Join(t.TempDir(), "missing"), DefaultOptions()); err == nil {
		t.Error("Write into a missing directory succeeded")
	}
}

func TestTinyCompanies(t *testing.T) {
	for _, opt := range []Options{
		{Accounts: 1, Months: 1, End: "2026-10", Seed: 1},
		{Accounts: 7, Months: 2, End: "2000-01", Seed: 3},
		{Accounts: 99, Months: 1, End: "2026-10", Seed: 1},
	} {
		writeTemp(t, opt)
	}
}

// sample is the parsed output of Write.
type sample struct {
	months   []string
	accounts [][]string           // rows of accounts.csv without the header
	arr      map[string][]float64 // account ID to ARR per month index; 0 when absent
	rows     int                  // data rows in arr_monthly.csv
	cents    int                  // rows whose ARR has cents
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

var (
	idRe    = regexp.MustCompile(`^A[0-9]{5,}$`)
	monthRe = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	moneyRe = regexp.MustCompile(`^[0-9]+(\.[0-9]{2})?$`)
)

// load writes a company with opt and reads it back, checking the file
// formats on the way.
func load(t *testing.T, opt Options) *sample {
	t.Helper()
	dir := writeTemp(t, opt)
	end, err := time.Parse("2006-01", opt.End)
	if err != nil {
		t.Fatal(err)
	}
	s := &sample{arr: make(map[string][]float64)}
	index := make(map[string]int)
	for i := range opt.Months {
		m := end.AddDate(0, i+1-opt.Months, 0).Format("2006-01")
		s.months = append(s.months, m)
		index[m] = i
	}

	acc := readCSV(t, filepath.Join(dir, "accounts.csv"))
	wantHeader := []string{"account_id", "account_name", "segment", "csm", "engagement_model", "industry", "region", "customer_since"}
	if !slices.Equal(acc[0], wantHeader) {
		t.Fatalf("accounts.csv header = %q, want %q", acc[0], wantHeader)
	}
	s.accounts = acc[1:]
	if len(s.accounts) != opt.Accounts {
		t.Fatalf("accounts.csv has %d rows, want %d", len(s.accounts), opt.Accounts)
	}
	for i, row := range s.accounts {
		if !idRe.MatchString(row[0]) || i > 0 && row[0] <= s.accounts[i-1][0] {
			t.Fatalf("accounts.csv row %d: account_id %q is malformed or out of order", i+2, row[0])
		}
		s.arr[row[0]] = make([]float64, opt.Months)
	}

	arr := readCSV(t, filepath.Join(dir, "arr_monthly.csv"))
	if want := []string{"account_id", "month", "arr"}; !slices.Equal(arr[0], want) {
		t.Fatalf("arr_monthly.csv header = %q, want %q", arr[0], want)
	}
	for i, row := range arr[1:] {
		line := i + 2
		hist, ok := s.arr[row[0]]
		if !ok {
			t.Fatalf("arr_monthly.csv line %d: account %q is not in accounts.csv", line, row[0])
		}
		if !monthRe.MatchString(row[1]) {
			t.Fatalf("arr_monthly.csv line %d: month %q is not YYYY-MM", line, row[1])
		}
		m, ok := index[row[1]]
		if !ok {
			t.Fatalf("arr_monthly.csv line %d: month %s is outside the window", line, row[1])
		}
		if i > 0 {
			prev := arr[i]
			if row[0] < prev[0] || row[0] == prev[0] && row[1] <= prev[1] {
				t.Fatalf("arr_monthly.csv line %d is out of order", line)
			}
		}
		if !moneyRe.MatchString(row[2]) {
			t.Fatalf("arr_monthly.csv line %d: arr %q is not a plain decimal", line, row[2])
		}
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil || v <= 0 {
			t.Fatalf("arr_monthly.csv line %d: arr %q is not positive", line, row[2])
		}
		if strings.Contains(row[2], ".") {
			s.cents++
		}
		hist[m] = v
	}
	s.rows = len(arr) - 1
	return s
}

// retention returns the trailing-12-month gross and net revenue retention
// of the cohort of accounts with ARR twelve months before the last month.
func (s *sample) retention() (grr, nrr float64) {
	last := len(s.months) - 1
	var start, kept, end float64
	for _, hist := range s.arr {
		a := hist[last-12]
		if a == 0 {
			continue
		}
		b := hist[last]
		start += a
		kept += min(a, b)
		end += b
	}
	return kept / start, end / start
}

func TestSampleIsRealistic(t *testing.T) {
	opt := DefaultOptions()
	s := load(t, opt)
	n := float64(opt.Accounts)
	t.Logf("arr_monthly.csv: %d rows, %d with cents", s.rows, s.cents)

	if s.rows < 40_000 || s.rows > 45_000 {
		t.Errorf("arr_monthly.csv has %d rows, want 40000..45000", s.rows)
	}
	if s.cents == 0 || float64(s.cents) > 0.05*float64(s.rows) {
		t.Errorf("%d of %d ARR values have cents, want a few", s.cents, s.rows)
	}

	segments := map[string]int{}
	names := map[string]bool{}
	industries := map[string]bool{}
	regions := map[string]int{}
	csmBooks := map[string]int{}
	blankSince, quoted, existing, never := 0, 0, 0, 0
	first := s.months[0]
	oldest, _ := time.Parse("2006-01", first)
	oldest = oldest.AddDate(-6, 0, 0)
	for _, row := range s.accounts {
		id, name, seg, csm, model, industry, region, since := row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]
		segments[seg]++
		industries[industry] = true
		regions[region]++
		if names[name] {
			t.Errorf("account name %q is used twice", name)
		}
		names[name] = true
		if strings.Contains(name, ",") {
			quoted++
		}

		want := map[string][]string{
			"Enterprise": {"dedicated"},
			"Mid-Market": {"dedicated", "low-touch"},
			"SMB":        {"tech-touch"},
		}[seg]
		if !slices.Contains(want, model) {
			t.Errorf("%s: %s account has engagement model %q", id, seg, model)
		}
		if (seg == "SMB") != (csm == "") {
			t.Errorf("%s: %s account has csm %q", id, seg, csm)
		}
		if csm != "" {
			csmBooks[seg+"/"+csm]++
		}
		if _, ok := industryNouns[industry]; !ok {
			t.Errorf("%s: unknown industry %q", id, industry)
		}

		hist := s.arr[id]
		firstARR := slices.IndexFunc(hist, func(v float64) bool { return v > 0 })
		if firstARR < 0 {
			never++
		}
		if hist[0] > 0 {
			existing++
		}
		if since == "" {
			blankSince++
			continue
		}
		d, err := time.Parse(time.DateOnly, since)
		if err != nil {
			t.Errorf("%s: customer_since %q is not YYYY-MM-DD", id, since)
			continue
		}
		switch m := d.Format("2006-01"); {
		case firstARR < 0:
			t.Errorf("%s: has customer_since %s but never any ARR", id, since)
		case firstARR == 0 && m >= first:
			t.Errorf("%s: customer since %s but has ARR in the first month %s", id, since, first)
		case firstARR == 0 && d.Before(oldest):
			t.Errorf("%s: customer_since %s is more than six years before the window", id, since)
		case firstARR > 0 && m != s.months[firstARR]:
			t.Errorf("%s: customer_since %s is not in %s, the month its ARR first appears", id, since, s.months[firstARR])
		}
	}

	if len(segments) != 3 {
		t.Errorf("segments = %v, want Enterprise, Mid-Market and SMB", segments)
	}
	for seg, share := range map[string]float64{"Enterprise": 0.10, "Mid-Market": 0.30, "SMB": 0.60} {
		if got := float64(segments[seg]) / n; got < share-0.03 || got > share+0.03 {
			t.Errorf("%s share = %.3f, want about %.2f", seg, got, share)
		}
	}
	if len(industries) != 8 {
		t.Errorf("%d industries, want 8", len(industries))
	}
	for _, r := range []string{"NA", "EMEA", "APAC", "LATAM"} {
		if regions[r] == 0 {
			t.Errorf("no account in region %s", r)
		}
		if r != "NA" && regions[r] >= regions["NA"] {
			t.Errorf("region %s has %d accounts, NA only %d", r, regions[r], regions["NA"])
		}
	}
	if len(regions) != 4 {
		t.Errorf("regions = %v", regions)
	}
	if quoted == 0 {
		t.Error("no account name needs CSV quoting")
	}
	if never != 3 {
		t.Errorf("%d accounts never have ARR, want 3", never)
	}
	if share := float64(blankSince) / n; share < 0.03 || share > 0.08 {
		t.Errorf("customer_since is empty for %.3f of accounts, want about 0.05", share)
	}
	if share := float64(existing) / n; share < 0.55 || share > 0.60 {
		t.Errorf("%.3f of accounts have ARR in the first month, want 0.55..0.60", share)
	}
	var entCSMs, entAccounts int
	for key, book := range csmBooks {
		if strings.HasPrefix(key, "Enterprise/") {
			entCSMs++
			entAccounts += book
		}
	}
	if entCSMs < 6 || entCSMs > 10 || entAccounts/entCSMs < 18 || entAccounts/entCSMs > 32 {
		t.Errorf("%d Enterprise CSMs hold %d accounts, want about 8 books of about 25", entCSMs, entAccounts)
	}

	grr, nrr := s.retention()
	t.Logf("trailing-12-month GRR %.4f, NRR %.4f", grr, nrr)
	if grr < 0.85 || grr > 0.95 {
		t.Errorf("T12M GRR = %.4f, want 0.85..0.95", grr)
	}
	if nrr < 0.98 || nrr > 1.15 {
		t.Errorf("T12M NRR = %.4f, want 0.98..1.15", nrr)
	}

	var churn, reactivated, contraction, expansion int
	var total0, totalEnd float64
	for _, hist := range s.arr {
		total0 += hist[0]
		totalEnd += hist[len(hist)-1]
		gone := false
		for m := 1; m < len(hist); m++ {
			a, b := hist[m-1], hist[m]
			switch {
			case a > 0 && b == 0:
				churn++
				gone = true
			case a == 0 && b > 0 && gone:
				reactivated++
			case b > 0 && b < a:
				contraction++
			case a > 0 && b > a:
				expansion++
			}
		}
	}
	t.Logf("churn %d, reactivation %d, contraction %d, expansion %d", churn, reactivated, contraction, expansion)
	if churn < 100 || reactivated == 0 || contraction < 50 || expansion < 200 {
		t.Errorf("churn %d, reactivation %d, contraction %d, expansion %d: want some of each",
			churn, reactivated, contraction, expansion)
	}
	years := float64(len(s.months)-1) / 12
	growth := (totalEnd/total0 - 1) / years
	t.Logf("total ARR %.0f to %.0f", total0, totalEnd)
	if growth < 0.10 || growth > 0.25 {
		t.Errorf("total ARR grows %.3f a year on average, want 0.10..0.25", growth)
	}
}

// TestRowsScaleLinearly guards the benchmark data: twice the accounts must
// give about twice the rows.
func TestRowsScaleLinearly(t *testing.T) {
	small := Generate(Options{Accounts: 2000, Months: 36, End: "2026-10", Seed: 7})
	large := Generate(Options{Accounts: 8000, Months: 36, End: "2026-10", Seed: 7})
	count := func(c *Company) (n int) {
		for i := range c.Accounts {
			for _, v := range c.Accounts[i].ARR {
				if v > 0 {
					n++
				}
			}
		}
		return n
	}
	a, b := float64(count(small))/2000, float64(count(large))/8000
	if b < 0.95*a || b > 1.05*a {
		t.Errorf("rows per account: %.2f at 2000 accounts, %.2f at 8000", a, b)
	}
}

func TestAppendMoney(t *testing.T) {
	for cents, want := range map[int64]string{
		4800000: "48000",
		1250050: "12500.50",
		1250005: "12500.05",
		99:      "0.99",
		100:     "1",
	} {
		if got := string(appendMoney(nil, cents)); got != want {
			t.Errorf("appendMoney(%d) = %q, want %q", cents, got, want)
		}
	}
}

func BenchmarkWrite100k(b *testing.B) {
	dir := b.TempDir()
	opt := Options{Accounts: 100_000, Months: 36, End: "2026-10", Seed: 1}
	for b.Loop() {
		if err := Write(dir, opt); err != nil {
			b.Fatal(err)
		}
	}
}
