package metrics

import (
	"cmp"
	"slices"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// Published holds the figures a period already published for the months
// it covered, as its metrics.json has them: the bridge of its as-of month
// (whose end is the month-end ARR) and the trailing-12-month retention as
// of each month of its trend.
type Published struct {
	Period string // the period's name, such as "2026-W43"
	Month  Bridge
	Trend  []TrendPoint
}

// The retention figures a restatement can be of; the bridge's are named
// as control totals name them (ControlEndingARR and the movements).
const (
	RestatedNRR           = "t12m_nrr"
	RestatedGRR           = "t12m_grr"
	RestatedLogoRetention = "t12m_logo_retention"
)

// Figure is a published or current value: money, or a ratio.
type Figure struct {
	Money   money.Amount
	Ratio   Ratio
	IsRatio bool
}

// Restatement is a figure a period published for a month that the data
// now gives differently.
type Restatement struct {
	Figure string // ControlEndingARR, a movement, or a Restated ratio
	Month  period.Month
	Period string // the latest period that published Old
	Old    Figure
	New    Figure

	// Accounts are the accounts whose ARR changed in the months the
	// figure depends on, largest change first, and AccountsChanged how
	// many there are; Explained is false when the period kept no
	// per-account ARR to compare with.
	Accounts        []AccountRestated
	AccountsChanged int
	Explained       bool
}

// Months returns the months whose account ARR the figure depends on: the
// month-end ARR on its month, a movement on its month and the one before,
// trailing-12-month retention on its month and twelve months before.
func (r Restatement) Months() []period.Month {
	switch r.Figure {
	case ControlEndingARR:
		return []period.Month{r.Month}
	case RestatedNRR, RestatedGRR, RestatedLogoRetention:
		return []period.Month{r.Month.Add(-12), r.Month}
	}
	return []period.Month{r.Month.Add(-1), r.Month}
}

// restatedKey is a figure of a month.
type restatedKey struct {
	figure string
	month  period.Month
}

// Restatements compares what the periods of published (oldest first)
// showed for months up to r's as-of month with what h says of them now; r
// is h's result, whose monthly bridges and trend are reused. A figure published by several
// periods is compared with the latest of them. The restatements are in
// the order of month, then figure as ControlMetrics and the Restated
// constants list them.
func Restatements(h *History, r *Result, published []Published) []Restatement {
	asOf, monthly := r.AsOf, r.Monthly
	type shown struct {
		period string
		value  Figure
	}
	latest := map[restatedKey]shown{}
	for _, p := range published {
		if m := p.Month.To; m <= asOf && m != 0 {
			for _, name := range ControlMetrics[2:] {
				latest[restatedKey{name, m}] = shown{p.Period, Figure{Money: movement(p.Month, name)}}
			}
			latest[restatedKey{ControlEndingARR, m}] = shown{p.Period, Figure{Money: p.Month.End}}
		}
		for _, t := range p.Trend {
			if t.Month > asOf {
				continue
			}
			latest[restatedKey{RestatedNRR, t.Month}] = shown{p.Period, Figure{Ratio: t.NRR, IsRatio: true}}
			latest[restatedKey{RestatedGRR, t.Month}] = shown{p.Period, Figure{Ratio: t.GRR, IsRatio: true}}
			latest[restatedKey{RestatedLogoRetention, t.Month}] = shown{p.Period, Figure{Ratio: t.LogoRetention, IsRatio: true}}
		}
	}
	retention := trailing(h, r, latest)
	var out []Restatement
	for k, s := range latest {
		var now Figure
		switch k.figure {
		case RestatedNRR, RestatedGRR, RestatedLogoRetention:
			now = Figure{Ratio: retentionFigure(retention[k.month], k.figure), IsRatio: true}
		case ControlEndingARR:
			// Each month's bridge has summed its ending ARR already.
			if i := int(k.month - h.First - 1); i >= 0 && i < len(monthly) {
				now = Figure{Money: monthly[i].End}
			} else {
				now = Figure{Money: h.Total(k.month)}
			}
		default:
			// The first month held has no bridge: no movement.
			if i := int(k.month - h.First - 1); i >= 0 && i < len(monthly) {
				now = Figure{Money: movement(monthly[i], k.figure)}
			}
		}
		if now != s.value {
			out = append(out, Restatement{Figure: k.figure, Month: k.month, Period: s.period, Old: s.value, New: now})
		}
	}
	order := append(slices.Clone(ControlMetrics), RestatedNRR, RestatedGRR, RestatedLogoRetention)
	slices.SortFunc(out, func(a, b Restatement) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(slices.Index(order, a.Figure), slices.Index(order, b.Figure)))
	})
	return out
}

// trailing returns the trailing-12-month retention as of each month whose
// retention figures were published: the months of r's trend from it, the
// others computed in one pass over the accounts.
func trailing[V any](h *History, r *Result, published map[restatedKey]V) map[period.Month]TrendPoint {
	out := map[period.Month]TrendPoint{}
	for _, t := range r.Retention.Trend {
		out[t.Month] = t
	}
	var months []period.Month
	for k := range published {
		if _, ok := out[k.month]; !ok && k.figure == RestatedNRR {
			months = append(months, k.month)
			out[k.month] = TrendPoint{}
		}
	}
	sums := make([]Retention, len(months))
	for i := range h.Accounts {
		for k, m := range months {
			if s := h.ARR(i, m.Add(-12)); s > 0 {
				sums[k].add(s, h.ARR(i, m))
			}
		}
	}
	for k, m := range months {
		sums[k].finish()
		out[m] = TrendPoint{Month: m, NRR: sums[k].NRR, GRR: sums[k].GRR, LogoRetention: sums[k].LogoRetention}
	}
	return out
}

// retentionFigure returns the ratio of r a Restated constant names.
func retentionFigure(r TrendPoint, name string) Ratio {
	switch name {
	case RestatedNRR:
		return r.NRR
	case RestatedGRR:
		return r.GRR
	}
	return r.LogoRetention
}

// AccountRestated is an account whose ARR in a month differs from what a
// published period held.
type AccountRestated struct {
	ID       string
	Name     string
	Month    period.Month // the month of the largest difference
	Old, New money.Amount
}

// ARRDiff holds the accounts whose ARR in some month differs between the
// data now and the per-account ARR a period published.
type ARRDiff struct {
	h, old   *History
	accounts []pairedAccount
}

// pairedAccount is an account of h and of old, matched by ID: an index
// is -1 on the side the account is missing from.
type pairedAccount struct{ cur, old int }

// DiffARR pairs the accounts of h, the data now, with those of old by ID
// and keeps those whose ARR differs in any month either holds. An account
// new to the data, or gone from it, counts at zero on the other side.
func DiffARR(h, old *History) *ARRDiff {
	d := &ARRDiff{h: h, old: old}
	from, to := min(h.First, old.First), max(h.Last(), old.Last())
	differs := func(i, j int) bool {
		for m := from; m <= to; m++ {
			var c, o money.Amount
			if i >= 0 {
				c = h.ARR(i, m)
			}
			if j >= 0 {
				o = old.ARR(j, m)
			}
			if c != o {
				return true
			}
		}
		return false
	}
	pair := pairByID(h.Accounts, old.Accounts)
	seen := make([]bool, len(old.Accounts))
	for i, j := range pair {
		if j >= 0 {
			seen[j] = true
		}
		if differs(i, j) {
			d.accounts = append(d.accounts, pairedAccount{i, j})
		}
	}
	for j := range old.Accounts {
		if !seen[j] && differs(-1, j) {
			d.accounts = append(d.accounts, pairedAccount{-1, j})
		}
	}
	return d
}

// pairByID returns, for each account of cur, the index of the account of
// old with its ID, or -1. A period keeps its accounts in the order of the
// data, so the two lists are mostly walked side by side; only when they
// do not line up is an index of old's IDs built.
func pairByID(cur, old []Account) []int {
	pair := make([]int, len(cur))
	j := 0
	for i, a := range cur {
		pair[i] = -1
		if j < len(old) && old[j].ID == a.ID {
			pair[i] = j
			j++
		}
	}
	if j == len(old) {
		return pair
	}
	index := make(map[string]int, len(old))
	for k, a := range old {
		index[a.ID] = k
	}
	for i, a := range cur {
		if k, ok := index[a.ID]; ok {
			pair[i] = k
		} else {
			pair[i] = -1
		}
	}
	return pair
}

// Changed returns the accounts whose ARR differs in any of months, each
// at the month of its largest difference, largest first, at most n of
// them, with how many there are.
func (d *ARRDiff) Changed(months []period.Month, n int) ([]AccountRestated, int) {
	var out []AccountRestated
	for _, p := range d.accounts {
		var a AccountRestated
		if p.cur >= 0 {
			a.ID, a.Name = d.h.Accounts[p.cur].ID, d.h.Accounts[p.cur].Name
		} else {
			a.ID = d.old.Accounts[p.old].ID
		}
		found := false
		for _, m := range months {
			var c, o money.Amount
			if p.cur >= 0 {
				c = d.h.ARR(p.cur, m)
			}
			if p.old >= 0 {
				o = d.old.ARR(p.old, m)
			}
			if c != o && (!found || abs(c-o) > abs(a.New-a.Old)) {
				a.Month, a.Old, a.New, found = m, o, c, true
			}
		}
		if found {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b AccountRestated) int {
		return cmp.Or(cmp.Compare(abs(b.New-b.Old), abs(a.New-a.Old)), cmp.Compare(a.ID, b.ID))
	})
	total := len(out)
	return out[:min(n, total)], total
}

func abs(a money.Amount) money.Amount {
	if a < 0 {
		return -a
	}
	return a
}
