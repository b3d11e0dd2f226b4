package load

import (
	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// accounts.csv has a row per account, a million in a large company, so it
// is streamed and parsed by hand in parallel blocks like the other large
// files (see stream.go); only the check for duplicate ids runs in file
// order.

// DefaultSegment is the segment of accounts whose extract has none.
const DefaultSegment = "All"

// accountTable is accounts.csv, validated, with the line of each account
// for later messages about it.
type accountTable struct {
	list  []metrics.Account
	lines []int
	index map[string]int32
}

// accountRow is a parsed row of accounts.csv. Its problems are kept in it
// rather than reported by the worker, since whether the table can be used
// depends only on the file's syntax.
type accountRow struct {
	acct metrics.Account
	line int32
	// badSince is the customer_since that is not a date, or "".
	badSince string
}

// accountParser parses rows of accounts.csv; a column the header lacks is
// at -1.
type accountParser struct {
	id, name, segment, csm, model, industry, region, since int
}

// field returns column i of the record, trimmed, or nil when the header
// has no such column.
func field(f [][]byte, i int) []byte {
	if i < 0 {
		return nil
	}
	return trim(f[i])
}

func (p *accountParser) row(line int, f [][]byte, out *chunk[accountRow]) {
	r := accountRow{line: int32(line)}
	id, name := field(f, p.id), field(f, p.name)
	if len(id) == 0 {
		out.rows = append(out.rows, r)
		return
	}
	// The id and the name are unique to the account: one string holds
	// both. The other columns repeat from account to account and are
	// interned.
	both := string(id) + string(name)
	a := &r.acct
	a.ID, a.Name = both[:len(id)], both[len(id):]
	if a.Name == "" {
		a.Name = a.ID
	}
	a.Segment = out.intern(field(f, p.segment))
	if a.Segment == "" {
		a.Segment = DefaultSegment
	}
	a.CSM = out.intern(field(f, p.csm))
	a.EngagementModel = out.internLower(field(f, p.model))
	a.Industry = out.intern(field(f, p.industry))
	a.Region = out.intern(field(f, p.region))
	if s := field(f, p.since); len(s) > 0 {
		if d, err := period.ParseDay(s); err == nil {
			a.Since = d.Month()
		} else {
			r.badSince = string(s)
		}
	}
	out.rows = append(out.rows, r)
}

// readAccounts reads accounts.csv. It returns a nil table when the file
// cannot be read (no header, no rows, a syntax error), with the problem in
// issues; a row's problem is reported and the rest of the table kept. The
// error is an I/O error.
func readAccounts(s *stream, issues *diag.List) (*accountTable, *Source, error) {
	cols, ok, err := s.header(issues)
	if err != nil || !ok || !cols.require(s.name, issues, required(AccountsFile)...) {
		return nil, nil, err
	}
	p := &accountParser{
		id: cols.pos("account_id"), name: cols.pos("account_name"), segment: cols.pos("segment"), csm: cols.pos("csm"),
		model: cols.pos("engagement_model"), industry: cols.pos("industry"), region: cols.pos("region"), since: cols.pos("customer_since"),
	}
	// The table is built as the blocks come in, in file order, each
	// row's problems in a list of their own: they count only if the file
	// can be read.
	t := &accountTable{}
	var rowIssues diag.List
	take := func(rows []accountRow, n int) {
		if t.list == nil {
			t.list, t.lines, t.index = make([]metrics.Account, 0, n), make([]int, 0, n), make(map[string]int32, n)
		}
		for i := range rows {
			r := &rows[i]
			line, id := int(r.line), r.acct.ID
			if id == "" {
				rowIssues.Addf(s.name, line, "account_id", "empty: every account needs an id")
				continue
			}
			if first, dup := t.index[id]; dup {
				rowIssues.Addf(s.name, line, "account_id", "duplicate account %q (first on line %d)", id, t.lines[first])
				continue
			}
			if r.badSince != "" {
				// The account is still kept, so that its rows in other
				// files are not also reported as unknown.
				rowIssues.Addf(s.name, line, "customer_since", "cannot parse %q as a date (YYYY-MM-DD)", r.badSince)
			}
			t.index[id] = int32(len(t.list))
			t.list = append(t.list, r.acct)
			t.lines = append(t.lines, line)
		}
	}
	b, err := parseBodyInto(s, len(cols.names), 80, p.row, nil, take)
	if err != nil || !b.report(s.name, issues, nil) {
		return nil, nil, err
	}
	issues.Merge(rowIssues)
	src, err := s.source(len(t.list), cols.unknown(accountColumns), nil)
	if err != nil {
		return nil, nil, err
	}
	return t, &src, nil
}
