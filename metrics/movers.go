package metrics

import (
	"cmp"
	"slices"

	"github.com/boardpack/boardpack/internal/money"
)

// Mover is an account's part in one movement of a bridge window.
type Mover struct {
	Account int          // index into History.Accounts
	Start   money.Amount // its ARR at the end of the month before the window
	End     money.Amount // its ARR at the end of the window's last month
	Amount  money.Amount // its part of the movement
}

// Movers are the accounts behind each movement of a bridge window,
// largest part first: the parts of each movement add up to the bridge's.
// An account whose ARR moved several ways inside the window is behind
// each of those movements.
type Movers struct {
	New, Expansion, Reactivation, Contraction, Churn []Mover
}

// WindowMovers returns the accounts behind the movements of bridge b, a
// window of h's monthly bridges, classified month by month as
// MonthlyBridges classifies them.
func WindowMovers(h *History, b Bridge) Movers {
	var m Movers
	if b.From <= h.First || b.To < b.From {
		return m // the first month held has no month before it: no movement
	}
	from, to := int(b.From-h.First), int(b.To-h.First)
	for i := range h.Accounts {
		row := h.Row(i)
		seen := slices.ContainsFunc(row[:from], func(a money.Amount) bool { return a > 0 })
		var parts [5]money.Amount // new, expansion, reactivation, contraction, churn
		for k := from; k <= to; k++ {
			prev, cur := row[k-1], row[k]
			switch {
			case prev == cur:
			case prev == 0 && seen:
				parts[2] += cur
			case prev == 0:
				parts[0] += cur
			case cur == 0:
				parts[4] += prev
			case cur > prev:
				parts[1] += cur - prev
			default:
				parts[3] += prev - cur
			}
			if cur > 0 {
				seen = true
			}
		}
		for j, list := range []*[]Mover{&m.New, &m.Expansion, &m.Reactivation, &m.Contraction, &m.Churn} {
			if parts[j] != 0 {
				*list = append(*list, Mover{Account: i, Start: row[from-1], End: row[to], Amount: parts[j]})
			}
		}
	}
	for _, list := range []*[]Mover{&m.New, &m.Expansion, &m.Reactivation, &m.Contraction, &m.Churn} {
		slices.SortStableFunc(*list, func(x, y Mover) int { return cmp.Compare(y.Amount, x.Amount) })
	}
	return m
}

// Sum returns the sum of the movers' parts.
func Sum(movers []Mover) money.Amount {
	var s money.Amount
	for _, m := range movers {
		s += m.Amount
	}
	return s
}
