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

var files = []string{
	"accounts.csv", "arr_monthly.csv",
	"cs_costs.csv", "revenue_monthly.csv", "initiatives.csv", "assessments.csv",
	"usage_weekly.csv", "tickets.csv", "contacts.csv", "renewals.csv", "nps.csv", "pipeline.csv",
}

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
	dir      string // where Write wrote the files
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
	s := &sample{dir: dir, arr: make(map[string][]float64)}
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
	count := func(c *Company) (arr, usage int) {
		var rows []Usage
		for i := range c.Accounts {
			for _, v := range c.Accounts[i].ARR {
				if v > 0 {
					arr++
				}
			}
			rows = c.AccountUsage(rows[:0], i)
			usage += len(rows)
		}
		return arr, usage
	}
	arrSmall, usageSmall := count(small)
	arrLarge, usageLarge := count(large)
	for _, x := range []struct {
		file         string
		small, large int
	}{{"arr_monthly.csv", arrSmall, arrLarge}, {"usage_weekly.csv", usageSmall, usageLarge}} {
		a, b := float64(x.small)/2000, float64(x.large)/8000
		if b < 0.95*a || b > 1.05*a {
			t.Errorf("%s rows per account: %.2f at 2000 accounts, %.2f at 8000", x.file, a, b)
		}
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

// cents parses a plain decimal with two decimals, as the finance extracts
// write money, into integer cents.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	if !centsRe.MatchString(s) {
		t.Fatalf("amount %q is not a plain decimal with cents", s)
	}
	v, err := strconv.ParseInt(strings.Replace(s, ".", "", 1), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var centsRe = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

func TestCostsAndRevenue(t *testing.T) {
	opt := DefaultOptions()
	s := load(t, opt)
	months := s.months[len(s.months)-24:]
	if months[0] != "2024-11" || months[23] != "2026-10" {
		t.Fatalf("cost months %s..%s, want 2024-11..2026-10", months[0], months[23])
	}

	costs := readCSV(t, filepath.Join(s.dir, "cs_costs.csv"))
	if want := []string{"month", "category", "amount", "headcount"}; !slices.Equal(costs[0], want) {
		t.Fatalf("cs_costs.csv header = %q, want %q", costs[0], want)
	}
	categories := []string{"csm", "support", "onboarding", "cs_ops", "customer_marketing", "tooling", "other"}
	if len(costs)-1 != len(months)*len(categories) {
		t.Fatalf("cs_costs.csv has %d rows, want %d months x %d categories", len(costs)-1, len(months), len(categories))
	}
	monthCost := make(map[string]int64)
	byCategory := make(map[string]int64)
	var total int64
	var csmHeads []int
	for i, row := range costs[1:] {
		m, cat := months[i/len(categories)], categories[i%len(categories)]
		if row[0] != m || row[1] != cat {
			t.Fatalf("cs_costs.csv line %d is %s %s, want %s %s", i+2, row[0], row[1], m, cat)
		}
		amount := cents(t, row[2])
		if amount <= 0 {
			t.Errorf("cs_costs.csv line %d: amount %s is not positive", i+2, row[2])
		}
		monthCost[m] += amount
		byCategory[cat] += amount
		total += amount
		switch cat {
		case "csm", "support", "onboarding", "cs_ops":
			n, err := strconv.Atoi(row[3])
			if err != nil || n < 1 {
				t.Errorf("cs_costs.csv line %d: %s headcount %q is not a positive integer", i+2, cat, row[3])
				continue
			}
			if cat == "csm" {
				csmHeads = append(csmHeads, n)
				if perHead := float64(amount) / 100 / float64(n); perHead < 11_000 || perHead > 13_500 {
					t.Errorf("%s: a CSM costs %.0f a month loaded, want about 11500..13000", m, perHead)
				}
			}
		default:
			if row[3] != "" {
				t.Errorf("cs_costs.csv line %d: %s has headcount %q, want it empty", i+2, cat, row[3])
			}
		}
	}
	for cat, want := range map[string]float64{
		"csm": 0.45, "support": 0.22, "onboarding": 0.10, "cs_ops": 0.07,
		"customer_marketing": 0.05, "tooling": 0.08, "other": 0.03,
	} {
		if got := float64(byCategory[cat]) / float64(total); got < want*0.8 || got > want*1.2 {
			t.Errorf("%s is %.3f of CS cost, want about %.2f", cat, got, want)
		}
	}

	// The team only grows, and at the end it is the named CSMs of
	// accounts.csv plus the pooled team.
	named := make(map[string]bool)
	for _, row := range s.accounts {
		if row[3] != "" {
			named[row[3]] = true
		}
	}
	t.Logf("CSM headcount %d to %d, %d named CSMs", csmHeads[0], csmHeads[len(csmHeads)-1], len(named))
	if !slices.IsSorted(csmHeads) || csmHeads[0] >= csmHeads[len(csmHeads)-1] {
		t.Errorf("CSM headcount %v does not grow", csmHeads)
	}
	if pooled := csmHeads[len(csmHeads)-1] - len(named); pooled < 3 || pooled > 4 {
		t.Errorf("the last month has %d CSMs for %d named ones, want a pooled team of 3 or 4", csmHeads[len(csmHeads)-1], len(named))
	}

	rev := readCSV(t, filepath.Join(s.dir, "revenue_monthly.csv"))
	if want := []string{"month", "revenue"}; !slices.Equal(rev[0], want) {
		t.Fatalf("revenue_monthly.csv header = %q, want %q", rev[0], want)
	}
	if len(rev)-1 != len(months) {
		t.Fatalf("revenue_monthly.csv has %d rows, want %d", len(rev)-1, len(months))
	}
	revenue := make(map[string]int64)
	first := len(s.months) - len(months)
	for i, row := range rev[1:] {
		if row[0] != months[i] {
			t.Fatalf("revenue_monthly.csv line %d is month %s, want %s", i+2, row[0], months[i])
		}
		revenue[row[0]] = cents(t, row[1])
		var arr float64
		for _, hist := range s.arr {
			arr += hist[first+i]
		}
		// Recurring revenue is ARR / 12; services add 4-7% to it.
		if ratio := float64(revenue[row[0]]) / 100 / (arr / 12); ratio < 1.039 || ratio > 1.071 {
			t.Errorf("%s: revenue is %.4f times ARR / 12, want 1.04..1.07", row[0], ratio)
		}
		if r := float64(monthCost[row[0]]) / float64(revenue[row[0]]); r < 0.075 || r > 0.11 {
			t.Errorf("%s: CS cost is %.4f of revenue, want about 0.08..0.10", row[0], r)
		}
	}

	var cost12, rev12 int64
	for _, m := range months[12:] {
		cost12 += monthCost[m]
		rev12 += revenue[m]
	}
	ctr := float64(cost12) / float64(rev12)
	t.Logf("trailing-12-month cost to retain %.4f", ctr)
	if ctr < 0.06 || ctr > 0.12 {
		t.Errorf("T12M cost to retain = %.4f, want 0.06..0.12", ctr)
	}
}

// TestInitiativesPayback recomputes each initiative's payback month as of
// 2026-10, counting the launch month as month 1: savings a month = CSMs x
// hours x loaded hourly cost, cost = one-time + monthly x months live.
// Worked out by hand:
//
//   - QBR deck automation, launched 2025-02: saves 22 x 6.5 x 95.00 =
//     13,585.00 a month. Month 1: 13,585 < 18,000 + 450 = 18,450; month 2:
//     27,170 >= 18,000 + 900 = 18,900. Payback month 2, 2025-03.
//   - Renewal risk alerts, launched 2025-04: 22 x 3 x 95.00 = 6,270.00.
//     Month 4: 25,080 < 24,000 + 4,800 = 28,800; month 5: 31,350 >= 30,000.
//     Payback month 5, 2025-08.
//   - Account data hub, launched 2025-08: 22 x 5 x 95.00 = 10,450.00.
//     Month 10: 104,500 < 85,000 + 25,000 = 110,000; month 11: 114,950 >=
//     112,500. Payback month 11, 2026-06.
//   - Onboarding playbook in the CS platform, launched 2026-03: 13 x 3 x
//     92.50 = 3,607.50. Live 8 months by 2026-10: 28,860 < 42,000 + 7,200 =
//     49,200. Not yet; it would pay back in month 16, 2027-06 (57,720 >=
//     56,400, while month 15 has 54,112.50 < 55,500).
func TestInitiativesPayback(t *testing.T) {
	want := map[string]string{
		"QBR deck automation":                    "2025-03",
		"Renewal risk alerts":                    "2025-08",
		"Account data hub":                       "2026-06",
		"Onboarding playbook in the CS platform": "not yet",
	}
	opt := DefaultOptions()
	asOf, _ := time.Parse("2006-01", opt.End)
	rows := readCSV(t, filepath.Join(writeTemp(t, opt), "initiatives.csv"))
	header := []string{"initiative", "owner", "launched", "csms_affected", "hours_saved_per_csm_per_month",
		"loaded_hourly_cost", "one_time_cost", "monthly_cost"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("initiatives.csv header = %q, want %q", rows[0], header)
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("initiatives.csv has %d rows, want %d", len(rows)-1, len(want))
	}
	notYet := 0
	for _, row := range rows[1:] {
		launched, err := time.Parse(time.DateOnly, row[2])
		if err != nil {
			t.Fatalf("%s: launched %q is not a date", row[0], row[2])
		}
		if m := launched.Format("2006-01"); m < "2025-01" || m > "2026-06" {
			t.Errorf("%s launched %s, want 2025-01..2026-06", row[0], row[2])
		}
		if row[1] == "" {
			t.Errorf("%s has no owner", row[0])
		}
		csms, err := strconv.ParseInt(row[3], 10, 64)
		if err != nil || csms < 1 {
			t.Fatalf("%s: csms_affected %q", row[0], row[3])
		}
		// Hours in hundredths, so that the whole computation is exact.
		whole, frac, _ := strings.Cut(row[4], ".")
		if len(frac) > 2 {
			t.Fatalf("%s: hours_saved_per_csm_per_month %q has more than two decimals", row[0], row[4])
		}
		hours, err := strconv.ParseInt(whole+frac+strings.Repeat("0", 2-len(frac)), 10, 64)
		if err != nil || hours <= 0 {
			t.Fatalf("%s: hours_saved_per_csm_per_month %q", row[0], row[4])
		}
		hourly, oneTime, monthly := cents(t, row[5]), cents(t, row[6]), cents(t, row[7])

		launch := time.Date(launched.Year(), launched.Month(), 1, 0, 0, 0, 0, time.UTC)
		live := int64(12*(asOf.Year()-launch.Year()) + int(asOf.Month()-launch.Month()) + 1)
		got := "not yet"
		for k := int64(1); k <= live; k++ {
			// k months save k x csms x hours/100 x hourly cents; both
			// sides are multiplied by 100 to stay in integers.
			if k*csms*hours*hourly >= 100*(oneTime+k*monthly) {
				got = launch.AddDate(0, int(k-1), 0).Format("2006-01")
				break
			}
		}
		if got == "not yet" {
			notYet++
		}
		if got != want[row[0]] {
			t.Errorf("%s pays back %s, want %s", row[0], got, want[row[0]])
		}
	}
	if notYet != 1 {
		t.Errorf("%d initiatives have not paid back by %s, want exactly one", notYet, opt.End)
	}
}

// frameworkQuestions lists each maturity framework's question IDs in the
// order assessments.csv lists them.
var frameworkQuestions = map[string][]string{
	"cs-value": {"reports-to", "renewal-owner", "retention-accountable", "cost-to-retain", "health-scores",
		"lost-accounts", "value-measured", "feedback-to-product", "executive-review"},
	"cs-ops-stage":    {"tooling", "reporting", "process", "strategy"},
	"low-touch-level": {"coverage-model", "usage-triggers", "digital-engagement"},
	"role-rubric":     {"why", "responsibilities", "how", "needs", "measures"},
}

func TestAssessments(t *testing.T) {
	rows := readCSV(t, filepath.Join(writeTemp(t, DefaultOptions()), "assessments.csv"))
	if want := []string{"date", "framework", "question", "rating", "evidence", "owner"}; !slices.Equal(rows[0], want) {
		t.Fatalf("assessments.csv header = %q, want %q", rows[0], want)
	}
	const earlier, latest = "2026-04-15", "2026-10-15"
	scores := map[string]int{"poor": 1, "average": 2, "excellent": 3, "1": 1, "2": 2, "3": 3}
	rating := make(map[string]int) // date/framework/question to score
	dates := make(map[string]map[string]bool)
	quoted := 0
	var prev []string
	order := func(row []string) []string {
		return []string{row[0], row[1], strconv.Itoa(slices.Index(frameworkQuestions[row[1]], row[2]))}
	}
	for i, row := range rows[1:] {
		line := i + 2
		date, fw, q, r := row[0], row[1], row[2], row[3]
		questions, ok := frameworkQuestions[fw]
		if !ok {
			t.Fatalf("assessments.csv line %d: unknown framework %q", line, fw)
		}
		if !slices.Contains(questions, q) {
			t.Fatalf("assessments.csv line %d: %s has no question %q", line, fw, q)
		}
		if date != earlier && date != latest {
			t.Errorf("assessments.csv line %d: date %s, want %s or %s", line, date, earlier, latest)
		}
		words := fw == "cs-value" || fw == "role-rubric"
		if _, err := strconv.Atoi(r); scores[r] == 0 || words == (err == nil) {
			t.Errorf("assessments.csv line %d: %s rating %q is not on its scale", line, fw, r)
		}
		if row[4] == "" || !strings.Contains(row[5], " ") {
			t.Errorf("assessments.csv line %d: evidence %q, owner %q", line, row[4], row[5])
		}
		if strings.Contains(row[4], ",") {
			quoted++
		}
		key := order(row)
		if prev != nil && slices.Compare(prev, key) >= 0 {
			t.Errorf("assessments.csv line %d is out of order", line)
		}
		prev = key
		if dates[fw] == nil {
			dates[fw] = make(map[string]bool)
		}
		dates[fw][date] = true
		rating[date+"/"+fw+"/"+q] = scores[r]
	}
	if quoted == 0 {
		t.Error("no evidence needs CSV quoting")
	}

	var poor, average, improved, worse int
	for fw, questions := range frameworkQuestions {
		if len(dates[fw]) != 2 {
			t.Errorf("%s is assessed on %d dates, want 2", fw, len(dates[fw]))
		}
		for _, q := range questions {
			before, after := rating[earlier+"/"+fw+"/"+q], rating[latest+"/"+fw+"/"+q]
			if before == 0 {
				t.Errorf("%s %s is not rated on %s", fw, q, earlier)
			}
			if fw == "cs-value" && q == "executive-review" {
				if after != 0 {
					t.Errorf("%s %s is rated on %s, want it left out", fw, q, latest)
				}
				continue
			}
			if after == 0 {
				t.Errorf("%s %s is not rated on %s", fw, q, latest)
			}
			switch before {
			case 1:
				poor++
			case 2:
				average++
			}
			switch {
			case after > before:
				improved++
			case after < before:
				worse++
			}
		}
	}
	if average <= poor || poor == 0 || improved < 3 || worse != 1 {
		t.Errorf("first assessment: %d average, %d poor; since: %d improved, %d worse: want mostly average, a few poor, several improving and one worse",
			average, poor, improved, worse)
	}
}

func TestFormatting(t *testing.T) {
	for cents, want := range map[int64]string{41250000: "412500.00", 9500: "95.00", 360750: "3607.50", 5: "0.05"} {
		if got := formatCents(cents); got != want {
			t.Errorf("formatCents(%d) = %q, want %q", cents, got, want)
		}
	}
	for v, want := range map[int64]string{650: "6.5", 400: "4", 225: "2.25", 5: "0.05"} {
		if got := formatHundredths(v); got != want {
			t.Errorf("formatHundredths(%d) = %q, want %q", v, got, want)
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
