package load

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// The leading-indicator extracts. Those that name accounts hold a row or
// more per account, so a folder of 100,000 accounts has hundreds of
// thousands of contacts; through gocsv's reflection 300,000 contacts took
// 0.6 s and 300 MB of garbage. So they are streamed like the usage and
// the tickets (usage.go, tickets.go). pipeline.csv, a row per month and
// segment, is a small table read through readTable.

// readSignals reads the leading-indicator files that are present. Each
// file's problems and warnings go to lists of their own, merged into
// issues and warnings: every list keeps its first diag.MaxShown, and the files
// are not read in the order their problems sort in. It returns nil when
// none of the files is present, and the sources of those present in the
// data contract's order. The error is an I/O error.
func readSignals(files map[string]*file, streams map[string]*stream, accounts *accountTable, issues, warnings *diag.List) (*metrics.Signals, []Source, error) {
	var lists, warns [6]diag.List
	var sources [6]*Source
	sig := &metrics.Signals{}
	var err error
	// The two large files one after the other rather than together: each
	// already keeps every core busy, and together they would hold twice
	// the memory.
	if sig.Usage, sources[0], err = readUsage(streams[UsageFile], accounts, &lists[0], &warns[0]); err != nil {
		return nil, nil, err
	}
	if sig.Tickets, sources[1], err = readTickets(streams[TicketsFile], accounts, &lists[1], &warns[1]); err != nil {
		return nil, nil, err
	}
	if sig.Contacts, sources[2], err = readContacts(streams[ContactsFile], accounts, &lists[2]); err != nil {
		return nil, nil, err
	}
	if sig.Renewals, sources[3], err = readRenewals(streams[RenewalsFile], accounts, &lists[3]); err != nil {
		return nil, nil, err
	}
	if sig.NPS, sources[4], err = readNPS(streams[NPSFile], accounts, &lists[4]); err != nil {
		return nil, nil, err
	}
	sig.Pipeline, sources[5] = readPipeline(files[PipelineFile], &lists[5])
	var out []Source
	for i, src := range sources {
		issues.Merge(lists[i])
		warnings.Merge(warns[i])
		if src != nil {
			out = append(out, *src)
		}
	}
	present := files[PipelineFile] != nil
	for _, name := range []string{UsageFile, TicketsFile, ContactsFile, RenewalsFile, NPSFile} {
		present = present || streams[name] != nil
	}
	if !present {
		return nil, nil, nil
	}
	return sig, out, nil
}

// accountRows describes a streamed file whose rows name accounts, for
// readAccountRows.
type accountRows[R any] struct {
	required, known []string
	rowBytes        int // a guess, to size buffers
	// parser returns the row function for the file's columns.
	parser func(cols columns) rowFunc[R]
	unique *uniqueKeys // nil when no key must be unique
	// The rows come sorted by account, then by order.
	account func(*R) int32
	order   func(a, b R) int
	// months counts the rows by month, for the Source; nil for a file
	// that covers no months.
	months func(rows []R) monthSpan
}

// readAccountRows reads s as t describes it. It returns nil when s is nil
// (the file is missing) or has problems; the error is an I/O error.
func readAccountRows[R any](s *stream, t accountRows[R], accounts *accountTable, issues, warnings *diag.List) ([]R, *Source, error) {
	if s == nil {
		return nil, nil, nil
	}
	cols, ok, err := s.header(issues)
	if err != nil || !ok || !cols.require(s.name, issues, t.required...) {
		return nil, nil, err
	}
	b, err := parseBody(s, len(cols.names), t.rowBytes, t.parser(cols), t.unique)
	if err != nil || !b.report(s.name, issues, warnings) {
		return nil, nil, err
	}
	var span *monthSpan
	if t.months != nil {
		m := t.months(b.rows)
		span = &m
		partSpans(s, b.rows, b.partRows, t.months)
	}
	sortByAccount(b.rows, len(accounts.list), t.account, t.order)
	src, err := s.source(len(b.rows), cols.unknown(t.known), span)
	if err != nil {
		return nil, nil, err
	}
	return b.rows, &src, nil
}

// sortByAccount sorts rows by account and each account's rows by cmp,
// stably, in place. An extract already in account order, as most are,
// costs a pass to check. Otherwise the rows are counted by account and
// each row's place computed, then the rows moved there cycle by cycle:
// rather than sort millions of rows by comparison, or copy them into a
// second slice of the same size.
func sortByAccount[R any](rows []R, accounts int, account func(*R) int32, cmp func(a, b R) int) {
	sorted, inOrder := true, true
	for i := 1; i < len(rows) && sorted; i++ {
		a, b := account(&rows[i-1]), account(&rows[i])
		sorted = a <= b
		inOrder = inOrder && sorted && (a < b || cmp(rows[i-1], rows[i]) <= 0)
	}
	if inOrder {
		return
	}
	if !sorted {
		next := make([]int32, accounts+1)
		for i := range rows {
			next[account(&rows[i])+1]++
		}
		for a := 1; a <= accounts; a++ {
			next[a] += next[a-1]
		}
		dest := make([]int32, len(rows))
		for i := range rows {
			a := account(&rows[i])
			dest[i] = next[a]
			next[a]++
		}
		for i := range rows {
			for int(dest[i]) != i {
				j := dest[i]
				rows[i], rows[j] = rows[j], rows[i]
				dest[i], dest[j] = dest[j], dest[i]
			}
		}
	}
	for i := 0; i < len(rows); {
		a, j := account(&rows[i]), i+1
		for j < len(rows) && account(&rows[j]) == a {
			j++
		}
		if seg := rows[i:j]; !slices.IsSortedFunc(seg, cmp) {
			slices.SortStableFunc(seg, cmp)
		}
		i = j
	}
}

// lookupAccount returns the index of the account that id names, reporting
// an empty or unknown one at line. id is trimmed.
func lookupAccount[T string | []byte](file string, line int, id T, accounts map[string]int32, issues *diag.List) (int32, bool) {
	acct, ok := accounts[string(id)]
	switch {
	case ok:
	case len(id) == 0:
		issues.Addf(file, line, "account_id", "empty")
	default:
		issues.Addf(file, line, "account_id", "account %s is not in %s", quote(id), AccountsFile)
	}
	return acct, ok
}

// parseEnum parses s, one of values in column col, reporting a problem at
// line. Case and padding do not matter, and a space or hyphen stands for
// an underscore, as CRMs show "Power User" or "At-risk". what names the
// column's values for the message.
func parseEnum[T string | []byte](file string, line int, col string, s T, what string, values []string, issues *diag.List) (string, bool) {
	var buf [32]byte
	v := buf[:0]
	for i := 0; i < len(s) && len(v) < len(buf); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == ' ' || c == '-':
			c = '_'
		}
		v = append(v, c)
	}
	for _, val := range values {
		if string(v) == val {
			return val, true
		}
	}
	use := strings.Join(values, ", ")
	if len(s) == 0 {
		issues.Addf(file, line, col, "empty: use one of %s", use)
	} else {
		issues.Addf(file, line, col, "unknown %s %s: use one of %s", what, quote(s), use)
	}
	return "", false
}

// parseDay parses s, a trimmed date in column col, reporting a problem at
// line.
func parseDay[T string | []byte](file string, line int, col string, s T, issues *diag.List) (period.Day, bool) {
	d, err := period.ParseDay(s)
	if err != nil {
		issues.Addf(file, line, col, "cannot parse %s as a date (YYYY-MM-DD)", quote(s))
		return 0, false
	}
	return d, true
}

// daySpan counts rows by the month of their day, by day first: the days of
// a large file are a few hundred.
func daySpan[R any](rows []R, day func(*R) period.Day) monthSpan {
	var span monthSpan
	if len(rows) == 0 {
		return span
	}
	lo, hi := day(&rows[0]), day(&rows[0])
	for i := range rows {
		d := day(&rows[i])
		lo, hi = min(lo, d), max(hi, d)
	}
	counts := make([]int, hi-lo+1)
	for i := range rows {
		counts[day(&rows[i])-lo]++
	}
	for i, n := range counts {
		if n > 0 {
			span.addN((lo + period.Day(i)).Month(), n)
		}
	}
	return span
}

var contactRoles = []string{metrics.RoleBuyer, metrics.RoleChampion, metrics.RolePowerUser, metrics.RoleOther}

// contactParser validates rows of contacts.csv against the accounts.
type contactParser struct {
	file     string
	accounts *accountTable
	// Column positions; left is -1 when the file has no left_on.
	account, id, role, depth, active, left int
}

// row parses one record. The columns are checked in the order issues of a
// line sort in, so that every problem of the row is reported and a capped
// list keeps the first ones.
func (p *contactParser) row(line int, f [][]byte, out *chunk[metrics.Contact]) {
	acctID := trim(f[p.account])
	acct, acctOK := out.account(p.file, line, acctID, p.accounts)
	active, activeOK := parseBool(p.file, line, "active", trim(f[p.active]), &out.issues)
	id := trim(f[p.id])
	switch {
	case len(id) == 0:
		out.issues.Addf(p.file, line, "contact_id", "empty: every contact needs an id")
	case acctOK:
		// Contact ids need only be unique within an account, as CRMs
		// that number contacts per account give them.
		out.keys.add(line, acctID, id)
	}
	depth, depthOK := parseScale(p.file, line, "depth", trim(f[p.depth]), 1, 5, "depth", &out.issues)
	leftOn, leftOK := period.NoDay, true
	if p.left >= 0 {
		if s := trim(f[p.left]); len(s) > 0 {
			leftOn, leftOK = parseDay(p.file, line, "left_on", s, &out.issues)
		}
	}
	role, roleOK := parseEnum(p.file, line, "role", trim(f[p.role]), "role", contactRoles, &out.issues)
	if !acctOK || !activeOK || len(id) == 0 || !depthOK || !leftOK || !roleOK {
		return
	}
	out.rows = append(out.rows, metrics.Contact{Account: acct, ID: string(id), Role: role, Depth: depth, Active: active, LeftOn: leftOn})
}

// contactKey words a key of contacts.csv, an account and a contact id,
// for a message.
func contactKey(key []byte) string {
	acct, id, _ := bytes.Cut(key, []byte{0})
	return fmt.Sprintf("contact %q of account %q", id, acct)
}

// readContacts reads contacts.csv, sorted by account and, within an
// account, in file order. A list of contacts is a snapshot: it covers no
// months.
func readContacts(s *stream, accounts *accountTable, issues *diag.List) ([]metrics.Contact, *Source, error) {
	if s == nil {
		return nil, nil, nil // before naming s's keys
	}
	return readAccountRows(s, accountRows[metrics.Contact]{
		required: required(ContactsFile),
		known:    contactColumns,
		rowBytes: 32,
		parser: func(cols columns) rowFunc[metrics.Contact] {
			p := &contactParser{
				file: s.name, accounts: accounts,
				account: cols.pos("account_id"), id: cols.pos("contact_id"), role: cols.pos("role"),
				depth: cols.pos("depth"), active: cols.pos("active"), left: cols.pos("left_on"),
			}
			return p.row
		},
		unique:  newUniqueKeys(s.name, "contact_id", contactKey),
		account: func(c *metrics.Contact) int32 { return c.Account },
		order:   func(a, b metrics.Contact) int { return 0 },
	}, accounts, issues, nil)
}

// parseBool parses s, a trimmed true or false in column col, reporting a
// problem at line. CRM exports also write yes and no, or 1 and 0.
func parseBool(file string, line int, col string, s []byte, issues *diag.List) (bool, bool) {
	for _, v := range [...]string{"true", "yes", "1"} {
		if bytes.EqualFold(s, []byte(v)) {
			return true, true
		}
	}
	for _, v := range [...]string{"false", "no", "0"} {
		if bytes.EqualFold(s, []byte(v)) {
			return false, true
		}
	}
	issues.Addf(file, line, col, "cannot parse %q as true or false (or yes/no, 1/0)", s)
	return false, false
}

var (
	forecasts = []string{metrics.ForecastCommit, metrics.ForecastLikely, metrics.ForecastAtRisk}
	outcomes  = []string{metrics.OutcomeRenewed, metrics.OutcomeChurned, metrics.OutcomeOpen}
)

// renewalParser validates rows of renewals.csv against the accounts.
type renewalParser struct {
	file                                  string
	accounts                              *accountTable
	account, date, arr, forecast, outcome int
}

// row parses one record, checking the columns in the order their issues
// sort in.
func (p *renewalParser) row(line int, f [][]byte, out *chunk[metrics.Renewal]) {
	acct, acctOK := out.account(p.file, line, f[p.account], p.accounts)
	arr, arrOK := parseMoney(p.file, line, "arr_up", trim(f[p.arr]), &out.issues)
	forecast, forecastOK := parseEnum(p.file, line, "forecast", trim(f[p.forecast]), "forecast", forecasts, &out.issues)
	outcome, outcomeOK := parseEnum(p.file, line, "outcome", trim(f[p.outcome]), "outcome", outcomes, &out.issues)
	d, dateOK := parseDay(p.file, line, "renewal_date", trim(f[p.date]), &out.issues)
	if !acctOK || !arrOK || !forecastOK || !outcomeOK || !dateOK {
		return
	}
	out.rows = append(out.rows, metrics.Renewal{Account: acct, Date: d, ARR: arr, Forecast: forecast, Outcome: outcome})
}

// readRenewals reads renewals.csv, sorted by account and date. An account
// may renew twice on one date, one row a contract.
func readRenewals(s *stream, accounts *accountTable, issues *diag.List) ([]metrics.Renewal, *Source, error) {
	return readAccountRows(s, accountRows[metrics.Renewal]{
		required: required(RenewalsFile),
		known:    renewalColumns,
		rowBytes: 40,
		parser: func(cols columns) rowFunc[metrics.Renewal] {
			p := &renewalParser{
				file: s.name, accounts: accounts,
				account: cols.pos("account_id"), date: cols.pos("renewal_date"), arr: cols.pos("arr_up"),
				forecast: cols.pos("forecast"), outcome: cols.pos("outcome"),
			}
			return p.row
		},
		account: func(r *metrics.Renewal) int32 { return r.Account },
		order:   func(a, b metrics.Renewal) int { return cmp.Compare(a.Date, b.Date) },
		months: func(rows []metrics.Renewal) monthSpan {
			return daySpan(rows, func(r *metrics.Renewal) period.Day { return r.Date })
		},
	}, accounts, issues, nil)
}

// npsParser validates rows of nps.csv against the accounts.
type npsParser struct {
	file                 string
	accounts             *accountTable
	account, date, score int
}

// row parses one record, checking the columns in the order their issues
// sort in.
func (p *npsParser) row(line int, f [][]byte, out *chunk[metrics.NPSResponse]) {
	acct, acctOK := out.account(p.file, line, f[p.account], p.accounts)
	d, dateOK := parseDay(p.file, line, "date", trim(f[p.date]), &out.issues)
	score, scoreOK := parseScale(p.file, line, "score", trim(f[p.score]), 0, 10, "an NPS score", &out.issues)
	if !acctOK || !dateOK || !scoreOK {
		return
	}
	out.rows = append(out.rows, metrics.NPSResponse{Account: acct, Date: d, Score: score})
}

// readNPS reads nps.csv, sorted by account and date.
func readNPS(s *stream, accounts *accountTable, issues *diag.List) ([]metrics.NPSResponse, *Source, error) {
	return readAccountRows(s, accountRows[metrics.NPSResponse]{
		required: required(NPSFile),
		known:    npsColumns,
		rowBytes: 20,
		parser: func(cols columns) rowFunc[metrics.NPSResponse] {
			p := &npsParser{file: s.name, accounts: accounts, account: cols.pos("account_id"), date: cols.pos("date"), score: cols.pos("score")}
			return p.row
		},
		account: func(r *metrics.NPSResponse) int32 { return r.Account },
		order:   func(a, b metrics.NPSResponse) int { return cmp.Compare(a.Date, b.Date) },
		months: func(rows []metrics.NPSResponse) monthSpan {
			return daySpan(rows, func(r *metrics.NPSResponse) period.Day { return r.Date })
		},
	}, accounts, issues, nil)
}

// inflowRecord is a row of pipeline.csv as text.
type inflowRecord struct {
	Month       string `csv:"expected_close_month"`
	Segment     string `csv:"segment"`
	NewAccounts string `csv:"new_accounts"`
	ARR         string `csv:"arr"`
}

// inflowKey is a month and segment of pipeline.csv.
type inflowKey struct {
	month   period.Month
	segment string
}

// readPipeline reads pipeline.csv, sorted by month and segment. Rows of
// the same month and segment are summed, as a CRM report may give a row
// per source or per stage. An empty segment is DefaultSegment, as in
// accounts.csv. It returns nil when f is nil (the file is missing) or has
// problems.
func readPipeline(f *file, issues *diag.List) ([]metrics.Inflow, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[inflowRecord](f, issues, required(PipelineFile)...)
	if !ok {
		return nil, nil
	}
	before := issues.Total
	sums := map[inflowKey]*metrics.Inflow{}
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		arr, arrOK := parseAmount(f.name, line, "arr", rec.ARR, issues)
		m, err := period.ParseMonth(strings.TrimSpace(rec.Month))
		if err != nil {
			issues.Addf(f.name, line, "expected_close_month", "cannot parse %q as a month (YYYY-MM)", strings.TrimSpace(rec.Month))
		}
		n, nOK := parseCount(f.name, line, "new_accounts", rec.NewAccounts, issues)
		if !arrOK || err != nil || !nOK {
			continue
		}
		segment := strings.TrimSpace(rec.Segment)
		if segment == "" {
			segment = DefaultSegment
		}
		months.add(m)
		k := inflowKey{m, segment}
		if s := sums[k]; s != nil {
			s.NewAccounts += n
			s.ARR += arr
			continue
		}
		sums[k] = &metrics.Inflow{Month: m, Segment: segment, NewAccounts: n, ARR: arr}
	}
	if issues.Total > before {
		return nil, nil
	}
	inflow := sortedSums(sums, func(a, b inflowKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.segment, b.segment))
	})
	src := months.source(f, len(rows), cols.unknown(inflowColumns))
	return inflow, &src
}
