package load

import (
	"bytes"
	"errors"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// arr_monthly.csv is large (a row per account per month: millions of
// rows), so it is streamed and parsed by hand, in parallel (see stream.go).

var arrColumns = []string{"account_id", "month", "arr", "currency"}

// arrRow is one parsed row of arr_monthly.csv.
type arrRow struct {
	account int32
	month   period.Month
	arr     money.Amount
}

// arrParser validates rows of arr_monthly.csv against the accounts.
type arrParser struct {
	file                   string
	accounts               map[string]int32
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

// parseARR parses s. The error is an I/O error.
func parseARR(s *stream, accounts map[string]int32, fx *fxTable, issues *diag.List) ([]arrRow, columns, bool, error) {
	cols, ok, err := s.header(issues)
	if err != nil || !ok || !cols.require(s.name, issues, "account_id", "month", "arr") {
		return nil, cols, false, err
	}
	p := &arrParser{
		file: s.name, accounts: accounts, fields: len(cols.names), fx: fx,
		id: cols.pos("account_id"), month: cols.pos("month"), arr: cols.pos("arr"), currcy: cols.pos("currency"),
	}
	b, err := parseBody(s, p.fields, 20, p.row, nil)
	if err != nil {
		return nil, cols, false, err
	}
	partSpans(s, b.rows, b.partRows, arrSpan)
	return b.rows, cols, b.report(s.name, issues, nil), nil
}

// arrSpan counts the rows of each month, for the Source of a part.
func arrSpan(rows []arrRow) monthSpan {
	return spanOf(rows, func(r *arrRow) int { return int(r.month) }, func(k int) period.Month { return period.Month(k) })
}
