package metrics

import (
	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// CostReport is the cost of retaining revenue: the CS organisation's cost
// against the company's revenue, and what it buys.
type CostReport struct {
	T12M       CostWindow              `json:"t12m"`
	Monthly    []CostMonth             `json:"monthly"`     // the 12 months ending at the as-of month
	ByCategory map[string]CategoryCost `json:"by_category"` // over the trailing 12 months
	// RevenueSource says where revenue comes from: "revenue_monthly.csv",
	// or "arr" for the sum of ARR/12 when that file is absent.
	RevenueSource string `json:"revenue_source"`
	// RevenueFromARR lists the months of the window that revenue_monthly.csv
	// has no row for: their revenue is their ARR / 12, so that a gap in the
	// extract never reads as a month without revenue.
	RevenueFromARR []period.Month `json:"revenue_from_arr,omitempty"`
	// CSMHeadcount is the CSMs at the as-of month: the headcount of
	// category csm, or the distinct named CSMs when the extract has none.
	CSMHeadcount   float64      `json:"csm_headcount"`
	HeadcountBasis string       `json:"headcount_basis"` // "cs_costs.csv" or "accounts.csv"
	ARRPerCSM      money.Amount `json:"arr_per_csm"`
	AccountsPerCSM float64      `json:"accounts_per_csm"`
}

// CostWindow is the cost to retain over a window of months.
type CostWindow struct {
	From         period.Month `json:"from"`
	To           period.Month `json:"to"`
	CostToRetain Ratio        `json:"cost_to_retain"` // CS cost / revenue
	CSCost       money.Amount `json:"cs_cost"`
	Revenue      money.Amount `json:"revenue"`
	// CostPerRetainedARR is CS cost over the cohort's retained ARR (the GRR
	// numerator): what a dollar of kept ARR cost.
	CostPerRetainedARR Ratio `json:"cost_per_retained_arr"`
	// MagicNumber is (renewed ARR + expansion ARR) / CS cost, with renewed
	// ARR the cohort's retained ARR and expansion the cohort's expansion.
	MagicNumber Ratio `json:"magic_number"`
}

// CostMonth is the cost to retain of one month.
type CostMonth struct {
	Month        period.Month `json:"month"`
	CostToRetain Ratio        `json:"cost_to_retain"`
	CSCost       money.Amount `json:"cs_cost"`
	Revenue      money.Amount `json:"revenue"`
}

// CategoryCost is one cost category over the trailing 12 months.
type CategoryCost struct {
	Cost  money.Amount `json:"cost"`
	Share Ratio        `json:"share"` // of the whole CS cost
	// CostToRetain is the category's cost over revenue, so the categories
	// add up to the whole cost to retain.
	CostToRetain Ratio `json:"cost_to_retain"`
}

// Costs returns the cost report as of asOf. revenue may be nil, in which
// case a month's revenue is its total ARR / 12 (rounded to the cent per
// month). t12m is the trailing-12-month retention as of asOf.
func Costs(h *History, costs []Cost, revenue []Revenue, t12m Retention, asOf period.Month) CostReport {
	from := asOf.Add(-11)
	r := CostReport{ByCategory: map[string]CategoryCost{}, RevenueSource: contract.RevenueMonthlyFile}
	rev := map[period.Month]money.Amount{}
	if revenue == nil {
		r.RevenueSource = "arr"
		for m := from; m <= asOf; m++ {
			rev[m] = (h.Total(m) + 6) / 12 // to the nearest cent
		}
	}
	for _, x := range revenue {
		rev[x.Month] += x.Amount
	}
	if revenue != nil {
		for m := from; m <= asOf; m++ {
			if _, ok := rev[m]; !ok {
				rev[m] = (h.Total(m) + 6) / 12
				r.RevenueFromARR = append(r.RevenueFromARR, m)
			}
		}
	}
	cost := map[period.Month]money.Amount{}
	byCat := map[string]money.Amount{}
	var csmHeads int64 = -1
	for _, c := range costs {
		if c.Month < from || c.Month > asOf {
			continue
		}
		cost[c.Month] += c.Amount
		byCat[c.Category] += c.Amount
		if c.Category == "csm" && c.Month == asOf && c.Headcount >= 0 {
			csmHeads = max(csmHeads, 0) + c.Headcount
		}
	}
	for m := from; m <= asOf; m++ {
		r.Monthly = append(r.Monthly, CostMonth{Month: m, CostToRetain: Of(cost[m], rev[m]), CSCost: cost[m], Revenue: rev[m]})
		r.T12M.CSCost += cost[m]
		r.T12M.Revenue += rev[m]
	}
	r.T12M.From, r.T12M.To = from, asOf
	r.T12M.CostToRetain = Of(r.T12M.CSCost, r.T12M.Revenue)
	r.T12M.CostPerRetainedARR = Of(r.T12M.CSCost, t12m.RetainedARR)
	// An empty cohort renewed and expanded nothing because there was
	// nothing to renew: its magic number is undefined, not 0.
	if t12m.CohortAccounts > 0 {
		r.T12M.MagicNumber = Of(t12m.RetainedARR+t12m.Expansion, r.T12M.CSCost)
	}
	for _, cat := range CostCategories {
		if c, ok := byCat[cat]; ok {
			r.ByCategory[cat] = CategoryCost{Cost: c, Share: Of(c, r.T12M.CSCost), CostToRetain: Of(c, r.T12M.Revenue)}
		}
	}

	active := 0
	names := map[string]bool{}
	for i, a := range h.Accounts {
		if h.ARR(i, asOf) > 0 {
			active++
			if a.CSM != "" {
				names[a.CSM] = true
			}
		}
	}
	r.HeadcountBasis = contract.CostsFile
	heads := float64(csmHeads) / 100
	if csmHeads < 0 {
		r.HeadcountBasis = contract.AccountsFile
		heads = float64(len(names))
	}
	r.CSMHeadcount = heads
	if heads > 0 {
		r.ARRPerCSM = money.Amount(float64(h.Total(asOf))/heads + 0.5)
		r.AccountsPerCSM = float64(active) / heads
	}
	return r
}
