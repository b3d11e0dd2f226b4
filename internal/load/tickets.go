package load

import (
	"cmp"
	"fmt"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// ticketParser validates rows of tickets.csv against the accounts.
type ticketParser struct {
	file     string
	accounts *accountTable
	// Column positions; csat is -1 when the file has none.
	id, account, opened, response, resolved, priority, category, csat int
}

// priorities maps the accepted spellings of a priority, lower-cased, to
// its level.
var priorities = map[string]int8{
	"p0": metrics.P0, "p1": metrics.P1, "p2": metrics.P2, "p3": metrics.P3, "p4": metrics.P4,
	"urgent": metrics.P0, "high": metrics.P1, "medium": metrics.P2, "low": metrics.P3,
}

// row parses one record. The columns are checked in the order issues of a
// line sort in, so that every problem of the row is reported and a capped
// list keeps the first ones.
func (p *ticketParser) row(line int, f [][]byte, out *chunk[metrics.Ticket]) {
	acct, ok := out.account(p.file, line, f[p.account], p.accounts)
	category := out.intern(trim(f[p.category]))
	csat, csatOK := int8(-1), true
	if p.csat >= 0 {
		if s := trim(f[p.csat]); len(s) > 0 {
			csat, csatOK = parseScale(p.file, line, "csat", s, 1, 5, "CSAT", &out.issues)
		}
	}
	openedRaw := trim(f[p.opened])
	opened, openedOK := parseTimestamp(openedRaw)
	response, responseOK := p.optionalTime(line, "first_response_at", f[p.response], &out.issues)
	if responseOK && openedOK && response < opened {
		out.warnings.Addf(p.file, line, "first_response_at", "first_response_at %q is before opened_at %q: the first response counts as at opened_at", trim(f[p.response]), openedRaw)
		response = opened
	}
	if !openedOK {
		out.issues.Addf(p.file, line, "opened_at", "cannot parse %q %s", openedRaw, msgTime)
	}
	priority, priorityOK := parsePriority(p.file, line, f[p.priority], &out.issues)
	resolved, resolvedOK := p.optionalTime(line, "resolved_at", f[p.resolved], &out.issues)
	if resolvedOK && openedOK && resolved < opened {
		out.issues.Addf(p.file, line, "resolved_at", "resolved_at %q is before opened_at %q: check both times", trim(f[p.resolved]), openedRaw)
		resolvedOK = false
	}
	id := trim(f[p.id])
	if len(id) == 0 {
		out.issues.Addf(p.file, line, "ticket_id", "empty: every ticket needs an id")
	} else {
		out.keys.add(line, id)
	}
	if !ok || !csatOK || !openedOK || !responseOK || !priorityOK || !resolvedOK || len(id) == 0 {
		return
	}
	out.rows = append(out.rows, metrics.Ticket{
		Account: acct, Opened: opened, FirstResponse: response, Resolved: resolved,
		Priority: priority, Category: category, CSAT: csat,
	})
}

// optionalTime parses a time that may be empty, as metrics.NotYet.
func (p *ticketParser) optionalTime(line int, col string, b []byte, issues *diag.List) (int64, bool) {
	s := trim(b)
	if len(s) == 0 {
		return metrics.NotYet, true
	}
	t, ok := parseTimestamp(s)
	if !ok {
		issues.Addf(p.file, line, col, "cannot parse %q %s", s, msgTime)
	}
	return t, ok
}

func parsePriority(file string, line int, b []byte, issues *diag.List) (int8, bool) {
	s := trim(b)
	var lower [8]byte
	if len(s) <= len(lower) {
		for i, c := range s {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		if p, ok := priorities[string(lower[:len(s)])]; ok {
			return p, true
		}
	}
	if len(s) == 0 {
		issues.Addf(file, line, "priority", "empty: use P0 to P4, or urgent, high, medium or low")
	} else {
		issues.Addf(file, line, "priority", "unknown priority %q: use P0 to P4, or urgent, high, medium or low", s)
	}
	return 0, false
}

// readTickets reads tickets.csv, sorted by account and opening time;
// tickets of an account opened at the same second keep the file's order.
// It returns nil when s is nil (the file is missing) or has problems; the
// error is an I/O error.
func readTickets(s *stream, accounts *accountTable, issues, warnings *diag.List) ([]metrics.Ticket, *Source, error) {
	if s == nil {
		return nil, nil, nil // before naming s's keys
	}
	return readAccountRows(s, accountRows[metrics.Ticket]{
		required: required(TicketsFile),
		known:    ticketColumns,
		rowBytes: 96,
		parser: func(cols columns) rowFunc[metrics.Ticket] {
			p := &ticketParser{
				file: s.name, accounts: accounts,
				id: cols.pos("ticket_id"), account: cols.pos("account_id"), opened: cols.pos("opened_at"),
				response: cols.pos("first_response_at"), resolved: cols.pos("resolved_at"),
				priority: cols.pos("priority"), category: cols.pos("category"), csat: cols.pos("csat"),
			}
			return p.row
		},
		unique:  newUniqueKeys(s.name, "ticket_id", ticketKey),
		account: func(t *metrics.Ticket) int32 { return t.Account },
		order:   func(a, b metrics.Ticket) int { return cmp.Compare(a.Opened, b.Opened) },
		months: func(rows []metrics.Ticket) monthSpan {
			return daySpan(rows, func(t *metrics.Ticket) period.Day { return period.DayOfUnix(t.Opened) })
		},
	}, accounts, issues, warnings)
}

// ticketKey words a key of tickets.csv for a message.
func ticketKey(key []byte) string { return fmt.Sprintf("ticket %q", key) }
