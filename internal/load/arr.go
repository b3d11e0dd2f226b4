package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"runtime"
	"sync"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// arr_monthly.csv is the one input that is large (a row per account per
// month: millions of rows), so it is parsed by hand and in parallel rather
// than through gocsv's reflection. The common extract has no quotes at all;
// such a file is split at line ends into chunks parsed concurrently. A file
// with any quote goes through encoding/csv, whose quoted fields may span
// lines. Both paths hand each record to the same arrParser.row.

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

// arrChunk is what one worker produces from a run of lines.
type arrChunk struct {
	rows   []arrRow
	issues issueList
}

// row parses one record. f holds the record's fields.
func (p *arrParser) row(line int, f [][]byte, out *arrChunk) {
	id := bytes.TrimSpace(f[p.id])
	acct, ok := p.accounts[string(id)]
	if !ok {
		if len(id) == 0 {
			out.issues.addf(p.file, line, "account_id", "empty")
		} else {
			out.issues.addf(p.file, line, "account_id", "account %q is not in accounts.csv", id)
		}
		return
	}
	ms := bytes.TrimSpace(f[p.month])
	m, err := period.ParseMonth(ms)
	if err != nil {
		out.issues.addf(p.file, line, "month", "cannot parse %q as a month (YYYY-MM)", ms)
		return
	}
	as := bytes.TrimSpace(f[p.arr])
	a, err := money.Parse(as)
	if err != nil {
		out.issues.addf(p.file, line, "arr", "%s", amountError(as, err))
		return
	}
	if a < 0 {
		out.issues.addf(p.file, line, "arr", "ARR must not be negative, got %s", as)
		return
	}
	if p.currcy >= 0 {
		if a, err = p.fx.convert(bytes.TrimSpace(f[p.currcy]), m, a); err != nil {
			out.issues.addf(p.file, line, "currency", "%v", err)
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

// parseARR parses the whole of f. header is its first line's fields.
func parseARR(f *file, accounts map[string]int32, fx *fxTable, issues *issueList) ([]arrRow, columns, bool) {
	quoted := bytes.IndexByte(f.data, '"') >= 0
	header, body, bodyLine := splitHeader(f.data)
	if quoted {
		r := csv.NewReader(bytes.NewReader(f.data))
		h, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				issues.addf(f.name, 0, "", "file is empty: it needs a header row and at least one data row")
			} else {
				issues.add(syntaxIssue(f.name, err))
			}
			return nil, columns{}, false
		}
		header = h
	}
	if len(header) == 0 {
		issues.addf(f.name, 0, "", "file is empty: it needs a header row and at least one data row")
		return nil, columns{}, false
	}
	cols := newColumns(header)
	if !cols.require(f.name, issues, "account_id", "month", "arr") {
		return nil, cols, false
	}
	p := &arrParser{
		file: f.name, accounts: accounts, fields: len(header), fx: fx,
		id: cols.pos("account_id"), month: cols.pos("month"), arr: cols.pos("arr"), currcy: cols.pos("currency"),
	}
	before := issues.total
	var chunks []arrChunk
	if quoted {
		chunks = []arrChunk{p.parseQuoted(f.data)}
	} else {
		chunks = p.parsePlain(body, bodyLine)
	}
	n := 0
	for _, c := range chunks {
		n += len(c.rows)
		issues.merge(c.issues)
	}
	if n == 0 && issues.total == before {
		issues.addf(f.name, 0, "", "file has a header but no data rows")
	}
	rows := make([]arrRow, 0, n)
	for _, c := range chunks {
		rows = append(rows, c.rows...)
	}
	return rows, cols, issues.total == before
}

// splitHeader returns the fields of data's first line (for a file without
// quotes), the rest of data and the line number the rest starts on.
func splitHeader(data []byte) ([]string, []byte, int) {
	line, rest, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.TrimSpace(line)) == 0 {
		return nil, rest, 2
	}
	var header []string
	for f := range bytes.SplitSeq(line, []byte(",")) {
		header = append(header, string(f))
	}
	return header, rest, 2
}

// parsePlain parses a body without quotes, in parallel chunks that each
// start at a line start. Results come back in file order.
func (p *arrParser) parsePlain(body []byte, firstLine int) []arrChunk {
	workers := runtime.GOMAXPROCS(0)
	n := 1
	if len(body) > 1<<20 {
		n = workers * 4 // several chunks a worker evens out their speeds
	}
	type span struct {
		data []byte
		line int
	}
	spans := make([]span, 0, n)
	size := len(body)/n + 1
	line := firstLine
	for len(body) > 0 {
		end := len(body)
		if size < end {
			if nl := bytes.IndexByte(body[size:], '\n'); nl >= 0 {
				end = size + nl + 1
			}
		}
		spans = append(spans, span{body[:end], line})
		line += bytes.Count(body[:end], []byte("\n"))
		body = body[end:]
	}
	chunks := make([]arrChunk, len(spans))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, len(spans)) {
		wg.Go(func() {
			fields := make([][]byte, 0, p.fields)
			for i := range next {
				s := spans[i]
				// Rows average over 20 bytes: this rarely grows.
				chunks[i].rows = make([]arrRow, 0, len(s.data)/18)
				fields = p.parseLines(s.data, s.line, fields, &chunks[i])
			}
		})
	}
	for i := range spans {
		next <- i
	}
	close(next)
	wg.Wait()
	return chunks
}

// parseLines parses lines of a body without quotes. Empty lines are
// skipped, as encoding/csv skips them.
func (p *arrParser) parseLines(data []byte, line int, fields [][]byte, out *arrChunk) [][]byte {
	for ; len(data) > 0; line++ {
		var l []byte
		if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
			l, data = data[:nl], data[nl+1:]
		} else {
			l, data = data, nil
		}
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		if len(l) == 0 {
			continue
		}
		fields = fields[:0]
		for {
			c := bytes.IndexByte(l, ',')
			if c < 0 {
				fields = append(fields, l)
				break
			}
			fields = append(fields, l[:c])
			l = l[c+1:]
		}
		if len(fields) != p.fields {
			out.issues.add(Issue{File: p.file, Line: line, Msg: msgFieldCount})
			continue
		}
		p.row(line, fields, out)
	}
	return fields
}

// parseQuoted parses a file with quotes through encoding/csv, which also
// reads its header again.
func (p *arrParser) parseQuoted(data []byte) arrChunk {
	var out arrChunk
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		out.issues.add(syntaxIssue(p.file, err))
		return out
	}
	fields := make([][]byte, p.fields)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			out.issues.add(syntaxIssue(p.file, err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			return out
		}
		line, _ := r.FieldPos(0)
		for i, s := range rec {
			fields[i] = []byte(s)
		}
		p.row(line, fields, &out)
	}
}
