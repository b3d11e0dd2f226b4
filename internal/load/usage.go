package load

import (
	"cmp"
	"math"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// usageParser validates rows of usage_weekly.csv against the accounts.
type usageParser struct {
	file     string
	accounts *accountTable
	// Column positions; events is -1 when the file has no key_events.
	id, week, active, seats, events int
}

// row parses one record. The columns are checked in the order issues of a
// line sort in, so that every problem of the row is reported and a capped
// list keeps the first ones.
func (p *usageParser) row(line int, f [][]byte, out *chunk[metrics.Usage]) {
	acct, ok := out.account(p.file, line, f[p.id], p.accounts)
	active, activeOK := parseWhole(p.file, line, "active_users", trim(f[p.active]), math.MaxInt32, &out.issues)
	events, eventsOK := int64(-1), true
	if p.events >= 0 {
		if s := trim(f[p.events]); len(s) > 0 {
			events, eventsOK = parseWhole(p.file, line, "key_events", s, math.MaxInt64, &out.issues)
		}
	}
	seats, seatsOK := parseWhole(p.file, line, "licensed_seats", trim(f[p.seats]), math.MaxInt32, &out.issues)
	w, weekOK := parseWeek(p.file, line, f[p.week], &out.issues)
	if !ok || !activeOK || !eventsOK || !seatsOK || !weekOK {
		return
	}
	if active > seats {
		out.warnings.Addf(p.file, line, "active_users", "%d active users on %d licensed seats: check the seat count (seat utilisation will be over 100%%)", active, seats)
	}
	out.rows = append(out.rows, metrics.Usage{Account: acct, Week: w, ActiveUsers: int32(active), Seats: int32(seats), KeyEvents: events})
}

// parseWeek parses the week of a row, reporting a problem at line.
func parseWeek(file string, line int, b []byte, issues *diag.List) (period.Week, bool) {
	s := trim(b)
	w, err := period.ParseWeek(s)
	if err == nil {
		return w, true
	}
	if y, ok := digitsOf(s[:min(4, len(s))]); ok && len(s) == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') && string(s[6:]) == "53" {
		issues.Addf(file, line, "week", "cannot use %q: %d has %d ISO weeks", s, y, period.WeeksIn(y))
		return 0, false
	}
	issues.Addf(file, line, "week", "cannot parse %q as a week (an ISO week such as 2026-W47, or the date of a day in the week)", s)
	return 0, false
}

func digitsOf(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// readUsage reads usage_weekly.csv. Rows of the same account and week are
// summed: an extract lists each product of an account on a row of its
// own, as arr_monthly.csv may. It returns nil when s is nil (the file is
// missing) or has problems; the error is an I/O error.
func readUsage(s *stream, accounts *accountTable, issues, warnings *diag.List) ([]metrics.Usage, *Source, error) {
	rows, src, err := readAccountRows(s, accountRows[metrics.Usage]{
		required: required(UsageFile),
		known:    usageColumns,
		rowBytes: 24,
		parser: func(cols columns) rowFunc[metrics.Usage] {
			p := &usageParser{
				file: s.name, accounts: accounts,
				id: cols.pos("account_id"), week: cols.pos("week"), active: cols.pos("active_users"),
				seats: cols.pos("licensed_seats"), events: cols.pos("key_events"),
			}
			return p.row
		},
		account: func(u *metrics.Usage) int32 { return u.Account },
		order:   func(a, b metrics.Usage) int { return cmp.Compare(a.Week, b.Week) },
		months:  weekSpan,
	}, accounts, issues, warnings)
	return sumUsage(rows), src, err
}

// sumUsage sums the rows of each account and week, which are next to
// each other in rows, in place.
func sumUsage(rows []metrics.Usage) []metrics.Usage {
	out := rows[:0]
	for _, u := range rows {
		n := len(out)
		if n == 0 || out[n-1].Account != u.Account || out[n-1].Week != u.Week {
			out = append(out, u)
			continue
		}
		s := &out[n-1]
		// Sums too large for the record are held at its largest value
		// rather than wrapped round to a negative count.
		s.ActiveUsers = int32(min(int64(s.ActiveUsers)+int64(u.ActiveUsers), math.MaxInt32))
		s.Seats = int32(min(int64(s.Seats)+int64(u.Seats), math.MaxInt32))
		// An empty key_events beside a filled one adds nothing.
		if u.KeyEvents >= 0 {
			s.KeyEvents = max(s.KeyEvents, 0) + min(u.KeyEvents, math.MaxInt64-max(s.KeyEvents, 0))
		}
	}
	return out
}

// weekSpan counts the rows of each month, a week counting in the month of
// its Thursday, as it counts in the ISO year of its Thursday.
func weekSpan(rows []metrics.Usage) monthSpan {
	return spanOf(rows, func(u *metrics.Usage) int { return int(u.Week) }, func(k int) period.Month {
		return (period.Week(k).Monday() + 3).Month()
	})
}

// spanOf counts rows by a key that takes few values close to each other,
// a month or a week, in a slice rather than a map, and adds each key's
// count to its month.
func spanOf[R any](rows []R, key func(*R) int, month func(k int) period.Month) monthSpan {
	lo, hi := key(&rows[0]), key(&rows[0])
	for i := range rows {
		lo, hi = min(lo, key(&rows[i])), max(hi, key(&rows[i]))
	}
	counts := make([]int, hi-lo+1)
	for i := range rows {
		counts[key(&rows[i])-lo]++
	}
	var span monthSpan
	for i, n := range counts {
		if n > 0 {
			span.addN(month(lo+i), n)
		}
	}
	return span
}
