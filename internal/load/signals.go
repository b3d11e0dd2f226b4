package load

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// The leading-indicator extracts: usage and tickets are large and streamed
// (usage.go, tickets.go); contacts, renewals, NPS and the pipeline are
// small tables read through readTable.

// readSignals reads the leading-indicator files that are present. Each
// file's problems and warnings go to lists of their own, merged into
// issues and warnings: every list keeps its first MaxShown, and the files
// are not read in the order their problems sort in. It returns nil when
// none of the files is present, and the sources of those present in the
// data contract's order. The error is an I/O error.
func readSignals(files map[string]*file, streams map[string]*stream, accounts *accountTable, issues, warnings *issueList) (*metrics.Signals, []Source, error) {
	var lists, warns [6]issueList
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
	sig.Contacts, sources[2] = readContacts(files[ContactsFile], accounts, &lists[2])
	sig.Renewals, sources[3] = readRenewals(files[RenewalsFile], accounts, &lists[3])
	sig.NPS, sources[4] = readNPS(files[NPSFile], accounts, &lists[4])
	sig.Pipeline, sources[5] = readPipeline(files[PipelineFile], &lists[5])
	var out []Source
	for i, src := range sources {
		issues.merge(lists[i])
		warnings.merge(warns[i])
		if src != nil {
			out = append(out, *src)
		}
	}
	present := streams[UsageFile] != nil || streams[TicketsFile] != nil
	for _, name := range []string{ContactsFile, RenewalsFile, NPSFile, PipelineFile} {
		present = present || files[name] != nil
	}
	if !present {
		return nil, nil, nil
	}
	return sig, out, nil
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
func lookupAccount[T string | []byte](file string, line int, id T, accounts map[string]int32, issues *issueList) (int32, bool) {
	acct, ok := accounts[string(id)]
	switch {
	case ok:
	case len(id) == 0:
		issues.addf(file, line, "account_id", "empty")
	default:
		issues.addf(file, line, "account_id", "account %s is not in accounts.csv", quote(id))
	}
	return acct, ok
}

// enumValue normalizes a value of a closed list, such as a role: case,
// padding, and a space or hyphen where the list has an underscore, as
// CRMs show "Power User" or "At-risk".
func enumValue(s string) string {
	return underscores.Replace(strings.ToLower(strings.TrimSpace(s)))
}

var underscores = strings.NewReplacer(" ", "_", "-", "_")

// parseEnum parses s, one of values in column col, reporting a problem at
// line.
func parseEnum(file string, line int, col, s, what string, values []string, issues *issueList) (string, bool) {
	v := enumValue(s)
	if slices.Contains(values, v) {
		return v, true
	}
	use := strings.Join(values, ", ")
	if v == "" {
		issues.addf(file, line, col, "empty: use one of %s", use)
	} else {
		issues.addf(file, line, col, "unknown %s %q: use one of %s", what, strings.TrimSpace(s), use)
	}
	return "", false
}

// parseDay parses s, a date in column col, reporting a problem at line.
func parseDay(file string, line int, col, s string, issues *issueList) (period.Day, bool) {
	raw := strings.TrimSpace(s)
	d, err := period.ParseDay(raw)
	if err != nil {
		issues.addf(file, line, col, "cannot parse %q as a date (YYYY-MM-DD)", raw)
		return 0, false
	}
	return d, true
}

// contactRecord is a row of contacts.csv as text.
type contactRecord struct {
	Account string `csv:"account_id"`
	ID      string `csv:"contact_id"`
	Role    string `csv:"role"`
	Depth   string `csv:"depth"`
	Active  string `csv:"active"`
	LeftOn  string `csv:"left_on"`
}

var contactColumns = []string{"account_id", "contact_id", "role", "depth", "active", "left_on"}

var contactRoles = []string{metrics.RoleBuyer, metrics.RoleChampion, metrics.RolePowerUser, metrics.RoleOther}

// contactKey is what names a contact: contact ids need only be unique
// within an account, as CRMs that number contacts per account give them.
type contactKey struct {
	account int32
	id      string
}

// readContacts reads contacts.csv, sorted by account and, within an
// account, in file order. It returns nil when f is nil (the file is
// missing) or has problems.
func readContacts(f *file, accounts *accountTable, issues *issueList) ([]metrics.Contact, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[contactRecord](f, issues, "account_id", "contact_id", "role", "depth", "active")
	if !ok {
		return nil, nil
	}
	before := issues.total
	contacts := make([]metrics.Contact, 0, len(rows))
	lines := make(map[contactKey]int, len(rows))
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in,
		// so that every problem of the row is reported and a capped list
		// keeps the first ones.
		acct, acctOK := lookupAccount(f.name, line, strings.TrimSpace(rec.Account), accounts.index, issues)
		active, activeOK := parseBool(f.name, line, "active", rec.Active, issues)
		id := strings.TrimSpace(rec.ID)
		idOK := false
		switch first, dup := lines[contactKey{acct, id}]; {
		case id == "":
			issues.addf(f.name, line, "contact_id", "empty: every contact needs an id")
		case !acctOK:
		case dup:
			issues.addf(f.name, line, "contact_id", "duplicate contact %q of account %q (first on line %d)", id, strings.TrimSpace(rec.Account), first)
		default:
			lines[contactKey{acct, id}] = line
			idOK = true
		}
		depth, depthOK := parseScale(f.name, line, "depth", strings.TrimSpace(rec.Depth), 1, 5, "depth", issues)
		leftOn, leftOK := period.NoDay, true
		if strings.TrimSpace(rec.LeftOn) != "" {
			leftOn, leftOK = parseDay(f.name, line, "left_on", rec.LeftOn, issues)
		}
		role, roleOK := parseEnum(f.name, line, "role", rec.Role, "role", contactRoles, issues)
		if !acctOK || !activeOK || !idOK || !depthOK || !leftOK || !roleOK {
			continue
		}
		contacts = append(contacts, metrics.Contact{Account: acct, ID: id, Role: role, Depth: depth, Active: active, LeftOn: leftOn})
	}
	if issues.total > before {
		return nil, nil
	}
	slices.SortStableFunc(contacts, func(a, b metrics.Contact) int { return cmp.Compare(a.Account, b.Account) })
	// A list of contacts is a snapshot: it covers no months.
	src := source(f, len(rows), cols.unknown(contactColumns))
	return contacts, &src
}

// parseBool parses s, true or false in column col, reporting a problem at
// line. CRM exports also write yes and no, or 1 and 0.
func parseBool(file string, line int, col, s string, issues *issueList) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0":
		return false, true
	}
	issues.addf(file, line, col, "cannot parse %q as true or false (or yes/no, 1/0)", strings.TrimSpace(s))
	return false, false
}

// renewalRecord is a row of renewals.csv as text.
type renewalRecord struct {
	Account  string `csv:"account_id"`
	Date     string `csv:"renewal_date"`
	ARR      string `csv:"arr_up"`
	Forecast string `csv:"forecast"`
	Outcome  string `csv:"outcome"`
}

var renewalColumns = []string{"account_id", "renewal_date", "arr_up", "forecast", "outcome"}

var (
	forecasts = []string{metrics.ForecastCommit, metrics.ForecastLikely, metrics.ForecastAtRisk}
	outcomes  = []string{metrics.OutcomeRenewed, metrics.OutcomeChurned, metrics.OutcomeOpen}
)

// readRenewals reads renewals.csv, sorted by account and date. An account
// may renew twice on one date, one row a contract. It returns nil when f
// is nil (the file is missing) or has problems.
func readRenewals(f *file, accounts *accountTable, issues *issueList) ([]metrics.Renewal, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[renewalRecord](f, issues, "account_id", "renewal_date", "arr_up", "forecast", "outcome")
	if !ok {
		return nil, nil
	}
	before := issues.total
	renewals := make([]metrics.Renewal, 0, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		acct, acctOK := lookupAccount(f.name, line, strings.TrimSpace(rec.Account), accounts.index, issues)
		arr, arrOK := parseAmount(f.name, line, "arr_up", rec.ARR, issues)
		forecast, forecastOK := parseEnum(f.name, line, "forecast", rec.Forecast, "forecast", forecasts, issues)
		outcome, outcomeOK := parseEnum(f.name, line, "outcome", rec.Outcome, "outcome", outcomes, issues)
		d, dateOK := parseDay(f.name, line, "renewal_date", rec.Date, issues)
		if !acctOK || !arrOK || !forecastOK || !outcomeOK || !dateOK {
			continue
		}
		months.add(d.Month())
		renewals = append(renewals, metrics.Renewal{Account: acct, Date: d, ARR: arr, Forecast: forecast, Outcome: outcome})
	}
	if issues.total > before {
		return nil, nil
	}
	slices.SortStableFunc(renewals, func(a, b metrics.Renewal) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Date, b.Date))
	})
	src := months.source(f, len(rows), cols.unknown(renewalColumns))
	return renewals, &src
}

// npsRecord is a row of nps.csv as text.
type npsRecord struct {
	Account string `csv:"account_id"`
	Date    string `csv:"date"`
	Score   string `csv:"score"`
}

var npsColumns = []string{"account_id", "date", "score"}

// readNPS reads nps.csv, sorted by account and date. It returns nil when
// f is nil (the file is missing) or has problems.
func readNPS(f *file, accounts *accountTable, issues *issueList) ([]metrics.NPSResponse, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[npsRecord](f, issues, "account_id", "date", "score")
	if !ok {
		return nil, nil
	}
	before := issues.total
	responses := make([]metrics.NPSResponse, 0, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		acct, acctOK := lookupAccount(f.name, line, strings.TrimSpace(rec.Account), accounts.index, issues)
		d, dateOK := parseDay(f.name, line, "date", rec.Date, issues)
		score, scoreOK := parseScale(f.name, line, "score", strings.TrimSpace(rec.Score), 0, 10, "an NPS score", issues)
		if !acctOK || !dateOK || !scoreOK {
			continue
		}
		months.add(d.Month())
		responses = append(responses, metrics.NPSResponse{Account: acct, Date: d, Score: score})
	}
	if issues.total > before {
		return nil, nil
	}
	slices.SortStableFunc(responses, func(a, b metrics.NPSResponse) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Date, b.Date))
	})
	src := months.source(f, len(rows), cols.unknown(npsColumns))
	return responses, &src
}

// inflowRecord is a row of pipeline.csv as text.
type inflowRecord struct {
	Month       string `csv:"expected_close_month"`
	Segment     string `csv:"segment"`
	NewAccounts string `csv:"new_accounts"`
	ARR         string `csv:"arr"`
}

var inflowColumns = []string{"expected_close_month", "segment", "new_accounts", "arr"}

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
func readPipeline(f *file, issues *issueList) ([]metrics.Inflow, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[inflowRecord](f, issues, "expected_close_month", "segment", "new_accounts", "arr")
	if !ok {
		return nil, nil
	}
	before := issues.total
	sums := map[inflowKey]*metrics.Inflow{}
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		arr, arrOK := parseAmount(f.name, line, "arr", rec.ARR, issues)
		m, err := period.ParseMonth(strings.TrimSpace(rec.Month))
		if err != nil {
			issues.addf(f.name, line, "expected_close_month", "cannot parse %q as a month (YYYY-MM)", strings.TrimSpace(rec.Month))
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
	if issues.total > before {
		return nil, nil
	}
	keys := slices.SortedFunc(maps.Keys(sums), func(a, b inflowKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.segment, b.segment))
	})
	inflow := make([]metrics.Inflow, len(keys))
	for i, k := range keys {
		inflow[i] = *sums[k]
	}
	src := months.source(f, len(rows), cols.unknown(inflowColumns))
	return inflow, &src
}
