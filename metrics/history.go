// Package metrics computes the report's figures from loaded records.
//
// It knows nothing of files, HTML or PDF: it takes an ARR history and returns
// plain structs that the site, the board packs and metrics.json are all made
// from, so a number can never differ between them. Money is summed in exact
// cents; ratios are float64 and rounded only when shown.
package metrics

import (
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// Account is a customer account with the attributes retention is broken
// down by.
type Account struct {
	ID              string
	Name            string
	Segment         string
	CSM             string // empty: pooled, no named CSM
	EngagementModel string
	Industry        string
	Region          string
	// Since is the month of customer_since, or 0 when the extract has none.
	Since period.Month
}

// BookKey returns the CSM book account a belongs to: its CSM, or Pooled
// when it has no named CSM.
func BookKey(a Account) string {
	if a.CSM == "" {
		return Pooled
	}
	return a.CSM
}

// History is the ARR of every account at the end of every month of a
// contiguous range. Absent months are zero, as the data contract says.
type History struct {
	Accounts []Account
	First    period.Month // first month held
	Months   int          // number of months held

	arr []money.Amount // row-major: account i, month k at i*Months+k
}

// NewHistory returns an all-zero history of the accounts over months
// months starting at first.
func NewHistory(accounts []Account, first period.Month, months int) *History {
	return &History{
		Accounts: accounts,
		First:    first,
		Months:   months,
		arr:      make([]money.Amount, len(accounts)*months),
	}
}

// HistoryOf returns the history of the accounts over months months
// starting at first, whose ARR is arr, row-major: account i, month k at
// i*months+k. The history keeps arr.
func HistoryOf(accounts []Account, first period.Month, months int, arr []money.Amount) *History {
	if len(arr) != len(accounts)*months {
		panic("metrics: HistoryOf: the ARR does not match the accounts and months")
	}
	return &History{Accounts: accounts, First: first, Months: months, arr: arr}
}

// Last returns the last month held.
func (h *History) Last() period.Month { return h.First.Add(h.Months - 1) }

// Add adds a to account i's ARR in month m, which must be held.
// Several rows for the same account and month are summed.
func (h *History) Add(i int, m period.Month, a money.Amount) {
	h.arr[i*h.Months+int(m-h.First)] += a
}

// ARR returns account i's ARR at the end of month m; zero outside the range.
func (h *History) ARR(i int, m period.Month) money.Amount {
	k := int(m - h.First)
	if k < 0 || k >= h.Months {
		return 0
	}
	return h.arr[i*h.Months+k]
}

// row returns account i's ARR by month.
func (h *History) row(i int) []money.Amount {
	return h.arr[i*h.Months : (i+1)*h.Months]
}

// Total returns the ARR of all accounts at the end of month m.
func (h *History) Total(m period.Month) money.Amount {
	var t money.Amount
	for i := range h.Accounts {
		t += h.ARR(i, m)
	}
	return t
}

// firstActive returns the first month in which account i had ARR, and false
// when it never had any.
func (h *History) firstActive(i int) (period.Month, bool) {
	for k, a := range h.row(i) {
		if a > 0 {
			return h.First.Add(k), true
		}
	}
	return 0, false
}

// Start returns the month account i became a customer: customer_since when
// the extract has it and it is earlier than the first month with ARR (the
// history may begin after the account did), else the first month with ARR.
func (h *History) Start(i int) (period.Month, bool) {
	m, ok := h.firstActive(i)
	if since := h.Accounts[i].Since; since != 0 && (!ok || since < m) {
		return since, true
	}
	return m, ok
}

// Subset returns the history of the accounts for which keep is true, for a
// pack scoped to a segment or a CSM book. The rows are copied.
func (h *History) Subset(keep func(Account) bool) *History {
	var accounts []Account
	var rows []int
	for i, a := range h.Accounts {
		if keep(a) {
			accounts = append(accounts, a)
			rows = append(rows, i)
		}
	}
	s := NewHistory(accounts, h.First, h.Months)
	for j, i := range rows {
		copy(s.row(j), h.row(i))
	}
	return s
}
