package load

import (
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// subscriptionRecord is a row of subscriptions.csv as text.
type subscriptionRecord struct {
	ID        string `csv:"subscription_id"`
	AccountID string `csv:"account_id"`
	Start     string `csv:"start_date"`
	End       string `csv:"end_date"`
	MRR       string `csv:"mrr"`
	ARR       string `csv:"arr"`
	Currency  string `csv:"currency"`
}

// subscription is a validated subscription period. It counts in month m
// when start <= the first day of m < end; open is true when it has no end.
type subscription struct {
	account    int32
	first      period.Month // first month it counts in
	last       period.Month // last month it counts in, unless open
	open       bool
	arr        money.Amount
	startMonth period.Month
}

func readSubscriptions(f *file, accounts map[string]int32, fx *fxTable, issues *diag.List) ([]subscription, columns, bool) {
	rows, cols, ok := readTable[subscriptionRecord](f, issues, required(SubscriptionsFile)...)
	if !ok {
		return nil, cols, false
	}
	amountCol, perMonth := "arr", false
	switch hasMRR, hasARR := cols.pos("mrr") >= 0, cols.pos("arr") >= 0; {
	case hasMRR && hasARR:
		issues.Addf(f.name, 1, "arr", "the header has both mrr and arr: keep one, so no amount is counted twice")
		return nil, cols, false
	case hasMRR:
		amountCol, perMonth = "mrr", true
	case !hasARR:
		issues.Addf(f.name, 1, "mrr", "missing required column: mrr or arr (the header has: %s)", strings.Join(cols.names, ", "))
		return nil, cols, false
	}
	before := issues.Total
	subs := make([]subscription, 0, len(rows))
	for _, r := range rows {
		rec, line := r.rec, r.line
		acct, ok := lookupAccount(f.name, line, strings.TrimSpace(rec.AccountID), accounts, issues)
		if !ok {
			continue
		}
		start, err := period.ParseDate(strings.TrimSpace(rec.Start))
		if err != nil {
			issues.Addf(f.name, line, "start_date", "cannot parse %q as a date (YYYY-MM-DD)", rec.Start)
			continue
		}
		s := subscription{account: acct, first: firstCounted(start), startMonth: period.Of(start), open: true}
		if e := strings.TrimSpace(rec.End); e != "" {
			end, err := period.ParseDate(e)
			if err != nil {
				issues.Addf(f.name, line, "end_date", "cannot parse %q as a date (YYYY-MM-DD)", rec.End)
				continue
			}
			if end.Before(start) {
				issues.Addf(f.name, line, "end_date", "%s is before start_date %s", e, strings.TrimSpace(rec.Start))
				continue
			}
			s.open = false
			s.last = firstCounted(end) - 1
		}
		raw := strings.TrimSpace(rec.ARR)
		if perMonth {
			raw = strings.TrimSpace(rec.MRR)
		}
		a, err := money.Parse(raw)
		if err != nil {
			issues.Addf(f.name, line, amountCol, "%s", amountError(raw, err))
			continue
		}
		if a < 0 {
			issues.Addf(f.name, line, amountCol, "%s must not be negative, got %s", strings.ToUpper(amountCol), raw)
			continue
		}
		if a, err = fx.convert([]byte(strings.TrimSpace(rec.Currency)), s.startMonth, a); err != nil {
			issues.Addf(f.name, line, "currency", "%v", err)
			continue
		}
		if perMonth {
			a *= 12
		}
		s.arr = a
		subs = append(subs, s)
	}
	return subs, cols, issues.Total == before
}

// firstCounted returns the first month whose first day is on or after d.
func firstCounted(d time.Time) period.Month {
	m := period.Of(d)
	if d.Day() != 1 {
		m++
	}
	return m
}
