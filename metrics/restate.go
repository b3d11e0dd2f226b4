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
// showed for months up to asOf with what h says of them now; monthly are
// h's monthly bridges (Result.Monthly). A figure published by several
// periods is compared with the latest of them. The restatements are in
// the order of month, then figure as ControlMetrics and the Restated
// constants list them.
func Restatements(h *History, monthly []Bridge, asOf period.Month, published []Published) []Restatement {
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
	retention := map[period.Month]Retention{}
	var out []Restatement
	for k, s := range latest {
		var now Figure
		switch k.figure {
		case RestatedNRR, RestatedGRR, RestatedLogoRetention:
			r, ok := retention[k.month]
			if !ok {
				r = CohortRetention(h, k.month.Add(-12), k.month)
				retention[k.month] = r
			}
			now = Figure{Ratio: retentionFigure(r, k.figure), IsRatio: true}
		case ControlEndingARR:
			now = Figure{Money: h.Total(k.month)}
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

// retentionFigure returns the ratio of r a Restated constant names.
func retentionFigure(r Retention, name string) Ratio {
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

// ChangedAccounts returns the accounts whose ARR in any of months differs
// between old, the per-account ARR a period published, and h, the data now;
// each at the month of its largest difference, largest first, at most n
// of them, with how many there are. Accounts are matched by ID, so one
// that is new to the data or gone from it counts at zero on the other side.
func ChangedAccounts(h, old *History, months []period.Month, n int) ([]AccountRestated, int) {
	index := make(map[string]int, len(old.Accounts))
	for i, a := range old.Accounts {
		index[a.ID] = i
	}
	var out []AccountRestated
	consider := func(id, name string, now func(period.Month) money.Amount, was func(period.Month) money.Amount) {
		best := AccountRestated{ID: id, Name: name}
		found := false
		for _, m := range months {
			o, c := was(m), now(m)
			if o != c && (!found || abs(c-o) > abs(best.New-best.Old)) {
				best.Month, best.Old, best.New, found = m, o, c, true
			}
		}
		if found {
			out = append(out, best)
		}
	}
	zero := func(period.Month) money.Amount { return 0 }
	seen := make([]bool, len(old.Accounts))
	for i, a := range h.Accounts {
		now := func(m period.Month) money.Amount { return h.ARR(i, m) }
		j, ok := index[a.ID]
		if !ok {
			consider(a.ID, a.Name, now, zero)
			continue
		}
		seen[j] = true
		consider(a.ID, a.Name, now, func(m period.Month) money.Amount { return old.ARR(j, m) })
	}
	for j, a := range old.Accounts {
		if !seen[j] {
			consider(a.ID, a.Name, zero, func(m period.Month) money.Amount { return old.ARR(j, m) })
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
