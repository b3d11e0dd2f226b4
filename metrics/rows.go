package metrics

import (
	"cmp"
	"fmt"
	"slices"
)

// rowIndex locates each account's rows in an extract sorted by account:
// the rows of account a are rows[ix[a]:ix[a+1]]. An absent extract has a
// nil index.
type rowIndex []int32

// rowKey is what an extract is sorted by: the account, then a time.
type rowKey[T any] func(*T) (account int32, at int64)

// indexRows returns the index of rows over n accounts, and whether two
// rows share a key. When the rows are not in key order (the loader sorts
// them, but a caller may not have), it indexes a sorted copy instead and
// returns that too, so that every later step can rely on the order.
func indexRows[T any](rows []T, n int, key rowKey[T]) ([]T, rowIndex, bool) {
	if rows == nil {
		return nil, nil, false
	}
	ix, sorted, dup := scanRows(rows, n, key)
	if !sorted {
		rows = slices.Clone(rows)
		slices.SortStableFunc(rows, func(x, y T) int {
			xa, xt := key(&x)
			ya, yt := key(&y)
			return cmp.Or(cmp.Compare(xa, ya), cmp.Compare(xt, yt))
		})
		ix, _, dup = scanRows(rows, n, key)
	}
	return rows, ix, dup
}

// scanRows indexes rows in one pass, reporting whether they are in key
// order and whether two rows share a key.
func scanRows[T any](rows []T, n int, key rowKey[T]) (ix rowIndex, sorted, dup bool) {
	ix = make(rowIndex, n+1)
	for a := range ix {
		ix[a] = -1
	}
	sorted = true
	var pa int32 = -1
	var pt int64
	for j := range rows {
		a, t := key(&rows[j])
		if a < 0 || int(a) >= n {
			panic(fmt.Sprintf("metrics: a signal row of account %d, outside the history's %d accounts", a, n))
		}
		switch {
		case a != pa:
			if a < pa {
				sorted = false
			}
			if ix[a] < 0 {
				ix[a] = int32(j)
			}
		case t < pt:
			sorted = false
		case t == pt:
			dup = true
		}
		pa, pt = a, t
	}
	ix[n] = int32(len(rows))
	for a := n - 1; a >= 0; a-- {
		if ix[a] < 0 {
			ix[a] = ix[a+1]
		}
	}
	return ix, sorted, dup
}

// rowsOf returns account a's rows, none when the extract is absent.
func rowsOf[T any](rows []T, ix rowIndex, a int) []T {
	if ix == nil {
		return nil
	}
	return rows[ix[a]:ix[a+1]]
}

// mergeWeeks sums the rows of one account and week, as several ARR rows of
// a month are summed; the rows must be sorted. Every week then has one row.
func mergeWeeks(rows []Usage) []Usage {
	out := make([]Usage, 0, len(rows))
	for _, u := range rows {
		if k := len(out) - 1; k >= 0 && out[k].Account == u.Account && out[k].Week == u.Week {
			out[k].ActiveUsers += u.ActiveUsers
			out[k].Seats += u.Seats
			if u.KeyEvents >= 0 {
				out[k].KeyEvents = max(out[k].KeyEvents, 0) + u.KeyEvents
			}
			continue
		}
		out = append(out, u)
	}
	return out
}

func usageKey(u *Usage) (int32, int64)     { return u.Account, int64(u.Week) }
func ticketKey(t *Ticket) (int32, int64)   { return t.Account, t.Opened }
func contactKey(c *Contact) (int32, int64) { return c.Account, 0 }
func renewalKey(r *Renewal) (int32, int64) { return r.Account, int64(r.Date) }
func npsKey(r *NPSResponse) (int32, int64) { return r.Account, int64(r.Date) }
