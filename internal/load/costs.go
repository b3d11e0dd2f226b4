package load

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// costRecord is a row of cs_costs.csv as text.
type costRecord struct {
	Month     string `csv:"month"`
	Category  string `csv:"category"`
	Amount    string `csv:"amount"`
	Headcount string `csv:"headcount"`
}

// costCategories lists metrics.CostCategories for messages.
var costCategories = strings.Join(metrics.CostCategories, ", ")

// readCosts reads cs_costs.csv. Rows of the same month and category are
// summed, amount and headcount alike: finance extracts often split a
// category by cost centre (two support teams, CSMs by region), and those
// rows are parts of one total, as several arr_monthly.csv rows of an
// account and month are. It returns nil when f is nil (the file is
// missing) or has problems.
func readCosts(f *file, issues *diag.List) ([]metrics.Cost, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[costRecord](f, issues, required(CostsFile)...)
	if !ok {
		return nil, nil
	}
	before := issues.Total
	sums := map[costKey]*metrics.Cost{}
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		// Each column is checked, in the order issues of a line sort
		// in, so that every problem of the row is reported and a capped
		// list keeps the first ones.
		amount, amountOK := parseAmount(f.name, line, "amount", rec.Amount, issues)
		category := strings.ToLower(strings.TrimSpace(rec.Category))
		rank := slices.Index(metrics.CostCategories, category)
		switch {
		case category == "":
			issues.Addf(f.name, line, "category", "empty: use one of %s", costCategories)
		case rank < 0:
			issues.Addf(f.name, line, "category", "unknown category %q: use one of %s", rec.Category, costCategories)
		}
		headcount, headcountOK := int64(-1), true
		if s := strings.TrimSpace(rec.Headcount); s != "" {
			headcount, headcountOK = parseHundredths(f.name, line, "headcount", s, "2.5", issues)
		}
		m, err := period.ParseMonth(strings.TrimSpace(rec.Month))
		if err != nil {
			issues.Addf(f.name, line, "month", "cannot parse %q as a month (YYYY-MM)", rec.Month)
		}
		if !amountOK || rank < 0 || !headcountOK || err != nil {
			continue
		}
		months.add(m)
		k := costKey{m, rank}
		c := sums[k]
		if c == nil {
			sums[k] = &metrics.Cost{Month: m, Category: category, Amount: amount, Headcount: headcount}
			continue
		}
		c.Amount += amount
		// An empty headcount beside a filled one adds nothing: the
		// category's people are those the filled rows count.
		if headcount >= 0 {
			c.Headcount = max(c.Headcount, 0) + headcount
		}
	}
	if issues.Total > before {
		return nil, nil
	}
	costs := sortedSums(sums, func(a, b costKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.rank, b.rank))
	})
	src := months.source(f, len(rows), cols.unknown(costColumns))
	return costs, &src
}

// sortedSums returns the sums of rows by key, in the order of their keys.
func sortedSums[K comparable, V any](sums map[K]*V, cmp func(a, b K) int) []V {
	keys := slices.SortedFunc(maps.Keys(sums), cmp)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = *sums[k]
	}
	return out
}

// costKey is a month and the rank of a category in metrics.CostCategories.
type costKey struct {
	month period.Month
	rank  int
}

// revenueRecord is a row of revenue_monthly.csv as text.
type revenueRecord struct {
	Month   string `csv:"month"`
	Revenue string `csv:"revenue"`
}

// readRevenue reads revenue_monthly.csv. Unlike costs, a month given twice
// is an error: the file holds the company's total of each month, so a
// second row is more likely a restated figure than a part of the first,
// and summing the two would double the month's revenue. It returns nil
// when f is nil (the file is missing) or has problems.
func readRevenue(f *file, issues *diag.List) ([]metrics.Revenue, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[revenueRecord](f, issues, required(RevenueMonthlyFile)...)
	if !ok {
		return nil, nil
	}
	before := issues.Total
	lines := make(map[period.Month]int, len(rows))
	revenue := make([]metrics.Revenue, 0, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		m, err := period.ParseMonth(strings.TrimSpace(rec.Month))
		monthOK := err == nil
		if !monthOK {
			issues.Addf(f.name, line, "month", "cannot parse %q as a month (YYYY-MM)", rec.Month)
		} else if first, dup := lines[m]; dup {
			issues.Addf(f.name, line, "month", "duplicate month %s (first on line %d): keep one row per month", m, first)
			monthOK = false
		} else {
			lines[m] = line
		}
		amount, amountOK := parseAmount(f.name, line, "revenue", rec.Revenue, issues)
		if !monthOK || !amountOK {
			continue
		}
		months.add(m)
		revenue = append(revenue, metrics.Revenue{Month: m, Amount: amount})
	}
	if issues.Total > before {
		return nil, nil
	}
	slices.SortFunc(revenue, func(a, b metrics.Revenue) int { return cmp.Compare(a.Month, b.Month) })
	src := months.source(f, len(rows), cols.unknown(revenueColumns))
	return revenue, &src
}

// parseAmount parses s, a required amount of money in column col that must
// not be negative, reporting a problem at line.
func parseAmount(file string, line int, col, s string, issues *diag.List) (money.Amount, bool) {
	return parseMoney(file, line, col, strings.TrimSpace(s), issues)
}

// parseMoney is parseAmount of a trimmed value.
func parseMoney[T string | []byte](file string, line int, col string, raw T, issues *diag.List) (money.Amount, bool) {
	a, err := money.Parse(raw)
	if err != nil {
		issues.Addf(file, line, col, "%s", amountError(raw, err))
		return 0, false
	}
	if a < 0 {
		issues.Addf(file, line, col, "%s must not be negative, got %s", col, raw)
		return 0, false
	}
	return a, true
}

// parseHundredths parses s, a count of people or hours with at most two
// decimal places that must not be negative, as hundredths: 2.5 is 250.
// example is a valid value for the message.
func parseHundredths(file string, line int, col, s, example string, issues *diag.List) (int64, bool) {
	raw := strings.TrimSpace(s)
	// A count with two decimal places has the syntax of an amount of
	// money, and cents are hundredths.
	v, err := money.Parse(raw)
	switch {
	case errors.Is(err, money.ErrPrecision):
		issues.Addf(file, line, col, "cannot use %q: more than two decimal places", raw)
	case errors.Is(err, money.ErrRange):
		issues.Addf(file, line, col, "cannot use %q: too large", raw)
	case err != nil:
		issues.Addf(file, line, col, "cannot parse %q as a number (write a plain decimal such as %s)", raw, example)
	case v < 0:
		issues.Addf(file, line, col, "%s must not be negative, got %s", col, raw)
	default:
		return int64(v), true
	}
	return 0, false
}

// monthSpan gathers the months a file covers, for its Source.
type monthSpan struct {
	counts map[period.Month]int
}

func (s *monthSpan) add(m period.Month) { s.addN(m, 1) }

// addN adds n rows of month m.
func (s *monthSpan) addN(m period.Month, n int) {
	if s.counts == nil {
		s.counts = map[period.Month]int{}
	}
	s.counts[m] += n
}

// source describes f, whose rows fall in the months added.
func (s *monthSpan) source(f *file, rows int, ignored []string) Source {
	src := source(f, rows, ignored)
	s.describe(&src)
	return src
}

// describe sets the months of src to those added.
func (s *monthSpan) describe(src *Source) {
	src.months = s.counts
	first := true
	for m := range s.counts {
		if first {
			src.First, src.Last, first = m, m, false
		}
		src.First, src.Last = min(src.First, m), max(src.Last, m)
	}
}
