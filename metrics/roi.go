package metrics

import (
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// ROIConfig holds the two constants of the CS Ops ROI.
type ROIConfig struct {
	// ProductiveHours is a CSM's productive hours a month: hours saved
	// over it are headcount avoided.
	ProductiveHours float64 `toml:"productive_hours_per_csm_month"`
	// HoursPerAccount is a CSM's hours per account a month: hours saved
	// over it are accounts of capacity unlocked.
	HoursPerAccount float64 `toml:"csm_hours_per_account_month"`
}

// DefaultROIConfig returns the constants of metrics.md.
func DefaultROIConfig() ROIConfig { return ROIConfig{ProductiveHours: 120, HoursPerAccount: 4} }

// ROIReport is the return on the CS Ops initiatives, from each launch month
// to the as-of month inclusive.
type ROIReport struct {
	Total       ROI   `json:"total"`
	Initiatives []ROI `json:"initiatives"`
}

// ROI is what an initiative (or all of them) saved and cost.
type ROI struct {
	Name     string       `json:"name,omitempty"`
	Owner    string       `json:"owner,omitempty"`
	Launched period.Month `json:"launched,omitzero"`
	// MonthsLive is the months from the launch month to the as-of month
	// inclusive: 0 for an initiative known by the as-of date but launched
	// after the as-of month. The total has none.
	MonthsLive *int `json:"months_live,omitempty"`

	HoursSavedPerMonth float64      `json:"hours_saved_per_month"`
	Savings            money.Amount `json:"savings"`
	Cost               money.Amount `json:"cost"`
	ROI                Ratio        `json:"roi"` // (savings - cost) / cost
	HeadcountAvoided   float64      `json:"headcount_avoided"`
	AccountsUnlocked   float64      `json:"accounts_capacity_unlocked"`
	// PaybackMonth is the first month whose cumulative savings reach the
	// cumulative cost; nil when that has not happened by the as-of month.
	PaybackMonth *period.Month `json:"payback_month,omitempty"`
	PaidBack     bool          `json:"paid_back"`
	// T12M is the same over the 12 months ending at the as-of month only:
	// the one-time cost counts when the launch falls inside them.
	T12M ROIWindow `json:"t12m"`
	// Cumulative savings and cost at the end of each live month, for the
	// savings-versus-cost chart.
	Months           []period.Month `json:"-"`
	CumulativeSaving []money.Amount `json:"-"`
	CumulativeCost   []money.Amount `json:"-"`
}

// ROIWindow is what an initiative saved and cost over a window of months.
type ROIWindow struct {
	Savings money.Amount `json:"savings"`
	Cost    money.Amount `json:"cost"`
	ROI     Ratio        `json:"roi"`
}

// savedCents returns the savings of k months of initiative in, rounded
// once to the cent: hours are in hundredths, so the product is exact in
// hundredths of a cent.
func savedCents(in Initiative, k int) money.Amount {
	c := in.CSMsAffected * in.HoursPerCSM * int64(in.HourlyCost) * int64(k) // hundredths of a cent
	return money.Amount((c + 50) / 100)
}

// InitiativeROI returns the ROI of every initiative and their total, as of
// month asOf and date day. An initiative counts from its launch month
// (launched on or before that month's last day) to asOf; one launched
// after asOf has not started, and one launched after day was not known
// then and is left out, so that an earlier week rebuilt shows what was
// known that week.
func InitiativeROI(initiatives []Initiative, asOf period.Month, day period.Day, cfg ROIConfig) ROIReport {
	r := ROIReport{Initiatives: []ROI{}}
	for _, in := range initiatives {
		if in.LaunchedOn > day {
			continue
		}
		x := ROI{Name: in.Name, Owner: in.Owner, Launched: in.Launched}
		live := max(0, int(asOf-in.Launched)+1)
		x.MonthsLive = &live
		hours := float64(in.CSMsAffected*in.HoursPerCSM) / 100
		if live > 0 {
			x.HoursSavedPerMonth = hours
		}
		for k := 1; k <= live; k++ {
			saved := savedCents(in, k)
			cost := in.OneTimeCost + in.MonthlyCost*money.Amount(k)
			m := in.Launched.Add(k - 1)
			x.Months = append(x.Months, m)
			x.CumulativeSaving = append(x.CumulativeSaving, saved)
			x.CumulativeCost = append(x.CumulativeCost, cost)
			if x.PaybackMonth == nil && saved >= cost {
				x.PaybackMonth = &m
				x.PaidBack = true
			}
			x.Savings, x.Cost = saved, cost
		}
		// The trailing year: live months from max(launch, asOf-11) on. Its
		// savings are rounded once, like every saving, not taken as the
		// difference of two rounded figures.
		if live > 0 {
			skip := max(0, int(asOf.Add(-11)-in.Launched)) // live months before the window
			w := &x.T12M
			w.Savings = savedCents(in, live-skip)
			w.Cost = in.MonthlyCost * money.Amount(live-skip)
			if skip == 0 {
				w.Cost += in.OneTimeCost
			}
		}
		x.finish(cfg)
		r.Initiatives = append(r.Initiatives, x)
		r.Total.T12M.Savings += x.T12M.Savings
		r.Total.T12M.Cost += x.T12M.Cost
		r.Total.HoursSavedPerMonth += x.HoursSavedPerMonth
		r.Total.Savings += x.Savings
		r.Total.Cost += x.Cost
	}
	r.Total.finish(cfg)
	r.Total.PaidBack = r.Total.Savings >= r.Total.Cost && r.Total.Cost > 0
	return r
}

func (x *ROI) finish(cfg ROIConfig) {
	x.ROI = Of(x.Savings-x.Cost, x.Cost)
	x.T12M.ROI = Of(x.T12M.Savings-x.T12M.Cost, x.T12M.Cost)
	if cfg.ProductiveHours > 0 {
		x.HeadcountAvoided = x.HoursSavedPerMonth / cfg.ProductiveHours
	}
	if cfg.HoursPerAccount > 0 {
		x.AccountsUnlocked = x.HoursSavedPerMonth / cfg.HoursPerAccount
	}
}
