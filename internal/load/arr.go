package load

import (
	"bytes"
	"errors"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// arr_monthly.csv is large (a row per account per month: millions of
// rows), so it is streamed and parsed by hand, in parallel (see stream.go).

// arrRow is one parsed row of arr_monthly.csv.
type arrRow struct {
	account int32
	month   period.Month
	arr     money.Amount
}

// arrParser validates rows of arr_monthly.csv against the accounts.
type arrParser struct {
	file                   string
	accounts               *accountTable
	fields                 int // the header's column count
	id, month, arr, currcy int // column positions; currcy is -1 when absent
	fx                     *fxTable
}

// row parses one record. f holds the record's fields.
func (p *arrParser) row(line int, f [][]byte, out *chunk[arrRow]) {
	acct, ok := out.account(p.file, line, f[p.id], p.accounts)
	if !ok {
		return
	}
	ms := trim(f[p.month])
	m, err := period.ParseMonth(ms)
	if err != nil {
		out.issues.Addf(p.file, line, "month", "cannot parse %q as a month (YYYY-MM)", ms)
		return
	}
	as := trim(f[p.arr])
	a, err := money.Parse(as)
	if err != nil {
		out.issues.Addf(p.file, line, "arr", "%s", amountError(as, err))
		return
	}
	if a < 0 {
		out.issues.Addf(p.file, line, "arr", "ARR must not be negative, got %s", as)
		return
	}
	if p.currcy >= 0 {
		if a, err = p.fx.convert(bytes.TrimSpace(f[p.currcy]), m, a); err != nil {
			out.issues.Addf(p.file, line, "currency", "%v", err)
			return
		}
	}
	out.rows = append(out.rows, arrRow{account: acct, month: m, arr: a})
}

// amountError words a money parse error for the person fixing the extract.
func amountError[T string | []byte](s T, err error) string {
	switch {
	case errors.Is(err, money.ErrPrecision):
		return "cannot use " + quote(s) + ": more than two decimal places (round to cents in the extract)"
	case errors.Is(err, money.ErrRange):
		return "cannot use " + quote(s) + ": too large"
	default:
		return "cannot parse " + quote(s) + " as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)"
	}
}

// parseARR parses s into the ARR history of accounts: the months held run
// from the first in the file to the last, or to asOf when that is later.
// The rows are laid out by account and month block by block as they are
// parsed, never held all at once. The error is an I/O error.
func parseARR(s *stream, accounts *accountTable, fx *fxTable, asOf period.Month, issues *diag.List) (*metrics.History, Source, bool, error) {
	cols, ok, err := s.header(issues)
	if err != nil || !ok || !cols.require(s.name, issues, required(ARRMonthlyFile)...) {
		return nil, Source{}, false, err
	}
	p := &arrParser{
		file: s.name, accounts: accounts, fields: len(cols.names), fx: fx,
		id: cols.pos("account_id"), month: cols.pos("month"), arr: cols.pos("arr"), currcy: cols.pos("currency"),
	}
	m := &arrMatrix{accounts: len(accounts.list), asOf: asOf}
	take := m.take
	var spans []monthSpan
	if len(s.x.parts) > 1 {
		// Each part's months, for the data-quality page.
		spans = make([]monthSpan, len(s.x.parts))
		take = func(rows []arrRow, estimate int) {
			m.take(rows, estimate)
			if len(rows) > 0 {
				spans[s.taking].merge(arrSpan(rows))
			}
		}
	}
	b, err := parseBodyInto(s, p.fields, 20, p.row, nil, take)
	if err != nil || !b.report(s.name, issues, nil) {
		return nil, Source{}, false, err
	}
	for i, span := range spans {
		s.x.parts[i].span = span
	}
	src, err := s.source(b.count, cols.unknown(arrColumns), nil)
	if err != nil {
		return nil, Source{}, false, err
	}
	return m.history(accounts.list, &src), src, true, nil
}

// arrMatrix is ARR by account and month, row-major, filled as the rows of
// arr_monthly.csv are parsed. It is laid out over the months of the first
// block's rows (to asOf) and, should a later row fall outside them, laid
// out again over twice as many months on that side, so that a file in any
// order costs a few copies at most.
type arrMatrix struct {
	accounts int
	asOf     period.Month
	first    period.Month // the first month laid out
	months   int          // 0 before the first row
	arr      []money.Amount
	counts   []int // rows by month, from first
}

// take adds a block's rows.
func (m *arrMatrix) take(rows []arrRow, _ int) {
	if len(rows) == 0 {
		return
	}
	if m.months == 0 {
		lo, hi := rows[0].month, max(rows[0].month, m.asOf)
		for _, r := range rows {
			lo, hi = min(lo, r.month), max(hi, r.month)
		}
		m.layout(lo, int(hi-lo)+1)
	}
	arr, counts, first, months := m.arr, m.counts, m.first, m.months
	for _, r := range rows {
		k := int(r.month - first)
		if uint(k) >= uint(months) {
			lo, hi := first, first.Add(months-1)
			if r.month < lo {
				lo = min(r.month, lo-period.Month(months))
			}
			if r.month > hi {
				hi = max(r.month, hi+period.Month(months))
			}
			m.layout(lo, int(hi-lo)+1)
			arr, counts, first, months = m.arr, m.counts, m.first, m.months
			k = int(r.month - first)
		}
		arr[int(r.account)*months+k] += r.arr
		counts[k]++
	}
}

// layout lays the matrix out again over months months from first, which
// hold every month it holds now.
func (m *arrMatrix) layout(first period.Month, months int) {
	arr := make([]money.Amount, m.accounts*months)
	counts := make([]int, months)
	if m.months > 0 {
		off := int(m.first - first)
		for i := range m.accounts {
			copy(arr[i*months+off:], m.arr[i*m.months:(i+1)*m.months])
		}
		copy(counts[off:], m.counts)
	}
	m.first, m.months, m.arr, m.counts = first, months, arr, counts
}

// history returns the matrix as a history, laid out again if it holds
// months before the first row or after both the last row and asOf, and
// describes the months of the rows in src.
func (m *arrMatrix) history(accounts []metrics.Account, src *Source) *metrics.History {
	lo, hi := -1, 0
	for k, c := range m.counts {
		if c > 0 {
			hi = k
			if lo < 0 {
				lo = k
			}
		}
	}
	src.First, src.Last = m.first.Add(lo), m.first.Add(hi)
	src.months = make(map[period.Month]int, hi-lo+1)
	for k := lo; k <= hi; k++ {
		if c := m.counts[k]; c > 0 {
			src.months[m.first.Add(k)] = c
		}
	}
	first, months := src.First, int(max(src.Last, m.asOf)-src.First)+1
	if first != m.first || months != m.months {
		// Only a file whose months grew after its first block: the
		// matrix is cut to the months held.
		arr := make([]money.Amount, m.accounts*months)
		off := int(first - m.first)
		for i := range m.accounts {
			copy(arr[i*months:(i+1)*months], m.arr[i*m.months+off:])
		}
		m.arr = arr
	}
	return metrics.HistoryOf(accounts, first, months, m.arr)
}

// arrSpan counts the rows of each month, for the Source of a part.
func arrSpan(rows []arrRow) monthSpan {
	return spanOf(rows, func(r *arrRow) int { return int(r.month) }, func(k int) period.Month { return period.Month(k) })
}
