package demo

import (
	"encoding/csv"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// costMonths is how many months cs_costs.csv and revenue_monthly.csv hold:
// two years give a trailing-12-month cost to retain and the year before it.
const costMonths = 24

// The cost categories of cs_costs.csv, in the order each month lists them.
const (
	CostCSM               = "csm"
	CostSupport           = "support"
	CostOnboarding        = "onboarding"
	CostCSOps             = "cs_ops"
	CostCustomerMarketing = "customer_marketing"
	CostTooling           = "tooling"
	CostOther             = "other"
)

// Cost is what one category of the CS organisation cost in one month.
type Cost struct {
	Month    int    // index into Company.Months
	Category string // one of the Cost* categories
	Amount   int64  // cents
	// Headcount is the category's people that month, or -1 for the
	// categories that are not teams, whose headcount the extract leaves
	// empty.
	Headcount int
}

// Revenue is the company's revenue of one month.
type Revenue struct {
	Month     int   // index into Company.Months
	Recurring int64 // cents: the month's total ARR / 12
	Services  int64 // cents: implementation and training fees
}

// Total returns the month's revenue in cents, recurring and services.
func (r Revenue) Total() int64 { return r.Recurring + r.Services }

// How the CS organisation is staffed and what it costs. Team sizes follow
// the customer base, so the cost to retain stays near 9% of revenue as the
// company grows; monthly costs are loaded (salary, benefits, taxes) in
// dollars of the first cost month.
const (
	pooledBook      = 220    // active tech-touch accounts per pooled CSM
	supportLoad     = 95     // active customers per support engineer
	csmsPerOnboard  = 4.2    // CSMs per onboarding specialist
	csmsPerOps      = 7.0    // CSMs per CS Ops analyst
	csmCost         = 11_700 // a month per CSM
	supportCost     = 8_300  // a month per support engineer
	onboardingCost  = 10_400 // a month per onboarding specialist
	opsCost         = 12_600 // a month per CS Ops analyst
	payRise         = 0.04   // merit rise every April
	seatCost        = 1_000  // CS platform, support desk and CRM seats per person
	seatRise        = 0.06   // tooling contracts renew every January
	otherCost       = 390    // travel, training and recruiting per person
	marketingShare  = 0.0047 // customer marketing budget per dollar of recurring revenue
	servicesMin     = 0.04   // services revenue per dollar of recurring revenue
	servicesSpread  = 0.03
	payNoise        = 0.012 // overtime, contractors and bonuses
	marketingNoise  = 0.15  // events and campaigns land in some months
	otherNoise      = 0.10
	noiseClampSigma = 2.5
)

// planFinance fills c.Costs and c.Revenue from the company's customer base
// month by month. It must run after assignCSMs, whose teams it staffs.
func (c *Company) planFinance(costR, revR *rand.Rand) {
	n := min(costMonths, len(c.Months))
	first := len(c.Months) - n

	// One pass over the histories gives each month's total ARR and active
	// accounts per segment, so that 100,000 accounts stay cheap.
	type tally struct {
		arr    int64
		active [len(profiles)]int
	}
	months := make([]tally, n)
	for i := range c.Accounts {
		a := &c.Accounts[i]
		s := segmentIndex(a.Segment)
		for k, v := range a.ARR[first:] {
			if v > 0 {
				months[k].arr += v
				months[k].active[s]++
			}
		}
	}
	var staff, peak [len(profiles)]int
	for _, m := range c.CSMs {
		staff[segmentIndex(m.Segment)]++
	}
	for _, m := range months {
		for s := range peak {
			peak[s] = max(peak[s], m.active[s])
		}
	}

	c.Revenue = make([]Revenue, n)
	for k, m := range months {
		rec := (m.arr + 6) / 12
		share := servicesMin + servicesSpread*revR.Float64()
		c.Revenue[k] = Revenue{Month: first + k, Recurring: rec, Services: int64(math.Round(float64(rec) * share))}
	}

	c.Costs = make([]Cost, 0, 7*n)
	// Teams only grow: nobody is let go because a few accounts churned,
	// so each headcount is the running maximum of what the month needs.
	var csms, support, onboarding, ops int
	start := c.MonthStart(first)
	for k, m := range months {
		named := 0
		for s, p := range profiles {
			if p.book == 0 || peak[s] == 0 {
				continue
			}
			// accounts.csv lists today's books, so its CSMs are the team
			// once the segment has its most customers; before that it
			// needed only as many of them as its customers called for.
			named += (staff[s]*m.active[s] + peak[s] - 1) / peak[s]
		}
		pooled := 0
		if tech := m.active[segmentIndex(SMB)]; tech > 0 {
			pooled = max(1, int(math.Round(float64(tech)/pooledBook)))
		}
		active := 0
		for _, a := range m.active {
			active += a
		}
		csms = max(csms, named+pooled)
		support = max(support, (active+supportLoad-1)/supportLoad)
		onboarding = max(onboarding, 1, int(math.Round(float64(csms)/csmsPerOnboard)))
		ops = max(ops, 1, int(math.Round(float64(csms)/csmsPerOps)))
		people := csms + support + onboarding + ops

		month := c.MonthStart(first + k)
		pay := math.Pow(1+payRise, float64(passed(start, month, time.April)))
		seat := seatCost * math.Pow(1+seatRise, float64(passed(start, month, time.January)))
		team := func(category string, heads int, monthly float64) {
			amount := float64(heads) * monthly * pay * noise(costR, payNoise)
			c.Costs = append(c.Costs, Cost{Month: first + k, Category: category, Amount: dollarsToCents(amount), Headcount: heads})
		}
		spend := func(category string, amount float64) {
			c.Costs = append(c.Costs, Cost{Month: first + k, Category: category, Amount: dollarsToCents(amount), Headcount: -1})
		}
		team(CostCSM, csms, csmCost)
		team(CostSupport, support, supportCost)
		team(CostOnboarding, onboarding, onboardingCost)
		team(CostCSOps, ops, opsCost)
		spend(CostCustomerMarketing, float64(c.Revenue[k].Recurring)/100*marketingShare*noise(costR, marketingNoise))
		spend(CostTooling, float64(people)*seat)
		spend(CostOther, float64(people)*otherCost*noise(costR, otherNoise))
	}
}

func segmentIndex(s Segment) int {
	for i := range profiles {
		if profiles[i].segment == s {
			return i
		}
	}
	panic("demo: unknown segment " + string(s))
}

// passed counts the months named m after from and up to until, both being
// first days of months: how many yearly price or pay rounds took effect.
func passed(from, until time.Time, m time.Month) int {
	n := 0
	for t := from.AddDate(0, 1, 0); !t.After(until); t = t.AddDate(0, 1, 0) {
		if t.Month() == m {
			n++
		}
	}
	return n
}

// noise returns a factor around 1 with standard deviation sd, clamped so
// that a rare draw cannot make a cost look like an error.
func noise(r *rand.Rand, sd float64) float64 {
	z := min(max(r.NormFloat64(), -noiseClampSigma), noiseClampSigma)
	return 1 + sd*z
}

func dollarsToCents(d float64) int64 { return int64(math.Round(d * 100)) }

// WriteCosts writes cs_costs.csv: every category of every cost month, in
// month and then category order, with headcount empty where the category
// is not a team.
func (c *Company) WriteCosts(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.CostsFile).Names()); err != nil {
		return err
	}
	for _, x := range c.Costs {
		heads := ""
		if x.Headcount >= 0 {
			heads = strconv.Itoa(x.Headcount)
		}
		if err := cw.Write([]string{c.Months[x.Month], x.Category, formatCents(x.Amount), heads}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteRevenue writes revenue_monthly.csv: the total revenue of each cost
// month.
func (c *Company) WriteRevenue(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.RevenueMonthlyFile).Names()); err != nil {
		return err
	}
	for _, r := range c.Revenue {
		if err := cw.Write([]string{c.Months[r.Month], formatCents(r.Total())}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
