package metrics

import (
	"fmt"
	"slices"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// SchemaVersion is the version of metrics.json. Its names are a public
// interface: a change that renames or removes one raises it.
const SchemaVersion = 1

// Result holds every figure of one report, as of one month. It is
// metrics.json: its fields with a JSON name are the file's keys, in order,
// which the commentary's metric references name too.
type Result struct {
	SchemaVersion int             `json:"schema_version"`
	AsOf          period.Month    `json:"as_of"`
	Currency      string          `json:"currency"`
	Retention     RetentionReport `json:"retention"`
	Bridge        BridgeReport    `json:"bridge"`
	Monthly       []Bridge        `json:"-"` // one bridge per month held, up to AsOf
	Accounts      []AccountChange `json:"-"` // every account's trailing-12-month change
	// History is the accounts and ARR the figures are of: the company's,
	// or a scope's alone.
	History *History `json:"-"`

	// The optional sections, null when their extract is absent, so that
	// the keys are always there for CI to read.
	Cost     *CostReport              `json:"cost"`
	CostPrev *CostReport              `json:"-"` // as of the month before, for the change
	OpsROI   *ROIReport               `json:"ops_roi"`
	Maturity map[string]MaturityScore `json:"maturity"` // by framework
	// Indicators is nil when the data folder has none of the weekly
	// extracts.
	Indicators *IndicatorReport `json:"indicators"`
	// Controls are the control totals checked against the figures, nil
	// without control_totals.csv.
	Controls []ControlCheck `json:"-"`
}

// Inputs are what a report's figures are computed from: the ARR history
// and the optional extracts, each nil when its file is absent, with the
// settings of the sections that have some.
type Inputs struct {
	History  *History
	Currency string // the reporting currency

	Costs       []Cost
	Revenue     []Revenue
	Initiatives []Initiative
	ROI         ROIConfig
	Frameworks  []Framework // the maturity rubrics
	Ratings     []Rating
	Signals     *Signals
	Indicators  IndicatorConfig
	Controls    []Control
}

// RetentionReport is the retention section: trailing-12-month retention
// broken down, the shorter lookbacks and the 12-month trend.
type RetentionReport struct {
	T12M      Retention `json:"t12m"`
	Quarterly Retention `json:"quarterly"`
	Monthly   Retention `json:"monthly"`
	Breakdowns
	Trend   []TrendPoint `json:"trend"`
	Cohorts []Cohort     `json:"cohorts"`
}

// BridgeReport is the ARR bridge for the as-of month, the three months
// ending with it and the twelve months ending with it.
type BridgeReport struct {
	Month   Bridge `json:"month"`
	Quarter Bridge `json:"quarter"`
	T12M    Bridge `json:"t12m"`
}

// Compute returns every figure of in as of asOf: retention and the bridge
// as of its month, and each optional section whose extract is present,
// the leading indicators as of its day. Rows after the as-of date are
// ignored. The only error is a *BridgeError.
func Compute(in Inputs, asOf period.AsOf) (*Result, error) {
	r, err := retention(in.History, asOf.Month)
	if err != nil {
		return nil, err
	}
	r.Currency = in.Currency
	h, day := in.History, asOf.Day
	if in.Costs != nil {
		c := Costs(h, in.Costs, in.Revenue, r.Retention.T12M, r.AsOf)
		r.Cost = &c
		prev := r.AsOf.Add(-1)
		p := Costs(h, in.Costs, in.Revenue, CohortRetention(h, prev.Add(-12), prev), prev)
		r.CostPrev = &p
	}
	if in.Initiatives != nil {
		roi := InitiativeROI(in.Initiatives, r.AsOf, day, in.ROI)
		r.OpsROI = &roi
	}
	if in.Ratings != nil {
		r.Maturity = map[string]MaturityScore{}
		for _, m := range Maturity(in.Frameworks, in.Ratings, day) {
			r.Maturity[m.Framework] = m
		}
	}
	r.Indicators = Indicators(h, in.Signals, in.Indicators, day)
	if in.Controls != nil {
		r.Controls = CheckControls(h, r.Monthly, r.AsOf, in.Controls)
	}
	return r, nil
}

// retention returns the retention figures and the bridges of h as of month
// asOf, the figures every report has.
func retention(h *History, asOf period.Month) (*Result, error) {
	monthly, err := MonthlyBridges(h, asOf)
	if err != nil {
		return nil, err
	}
	r := &Result{SchemaVersion: SchemaVersion, AsOf: asOf, Monthly: monthly, History: h}
	t12m, parts := BreakDown(h, asOf.Add(-12), asOf)
	r.Retention = RetentionReport{
		T12M:       t12m,
		Quarterly:  CohortRetention(h, asOf.Add(-3), asOf),
		Monthly:    CohortRetention(h, asOf.Add(-1), asOf),
		Breakdowns: parts,
		Trend:      Trend(h, asOf, 12),
		Cohorts:    Cohorts(h, asOf, 12),
	}
	// When the as-of month is the first month held, no month of a window
	// has a month before it to compare with: the window is the as-of month
	// alone, with its ARR and no movement.
	window := func(from period.Month) Bridge {
		if b := Window(monthly, from, asOf); b.To == asOf {
			return b
		}
		total := h.Total(asOf)
		return Bridge{From: asOf, To: asOf, Start: total, End: total}
	}
	r.Bridge = BridgeReport{Month: window(asOf), Quarter: window(asOf.Add(-2)), T12M: window(asOf.Add(-11))}
	// The windows are sums of checked months, so they balance too; checking
	// them costs nothing and guards the summing itself.
	for _, b := range []Bridge{r.Bridge.Month, r.Bridge.Quarter, r.Bridge.T12M} {
		if err := b.Check(); err != nil {
			return nil, fmt.Errorf("window %s to %s: %w", b.From, b.To, err)
		}
	}
	r.Accounts = Changes(h, asOf.Add(-12), asOf)
	return r, nil
}

// Change classifies an account's ARR between two months.
type Change string

// The kinds of Change.
const (
	Expanded   Change = "expanded"
	Flat       Change = "flat"
	Contracted Change = "contracted"
	Churned    Change = "churned"
	Won        Change = "new" // no ARR at the start: outside the cohort
)

// AccountChange is one account's ARR at the start and end of a window.
type AccountChange struct {
	Account int // index into History.Accounts
	Start   money.Amount
	End     money.Amount
	Change  Change
}

// Changes returns every account with ARR at the end of from or of to, in
// the order of h.Accounts.
func Changes(h *History, from, to period.Month) []AccountChange {
	var out []AccountChange
	for i := range h.Accounts {
		s, e := h.ARR(i, from), h.ARR(i, to)
		var c Change
		switch {
		case s == 0 && e == 0:
			continue
		case s == 0:
			c = Won
		case e == 0:
			c = Churned
		case e > s:
			c = Expanded
		case e < s:
			c = Contracted
		default:
			c = Flat
		}
		out = append(out, AccountChange{Account: i, Start: s, End: e, Change: c})
	}
	return out
}

// Cohort is the net ARR retention of the accounts won in one calendar
// quarter, measured at the end of each later quarter.
type Cohort struct {
	Quarter  string       `json:"quarter"` // such as "2025-Q3"
	Accounts int          `json:"accounts"`
	BaseARR  money.Amount `json:"base_arr"` // the cohort's ARR at the end of its quarter
	// NetRetention[k] is the cohort's ARR at the end of the k-th quarter
	// after its own over BaseARR; NetRetention[0] is 1.
	NetRetention []Ratio `json:"net_retention"`
}

// Cohorts returns the quarterly acquisition cohorts of h whose quarter
// ended by asOf, at most max of them, oldest first. An account counts as
// won in the quarter of its start; accounts present in the first month of
// the history with no customer_since started at an unknown time and are
// left out, as are cohorts whose quarter began before the history.
func Cohorts(h *History, asOf period.Month, max int) []Cohort {
	quarterStart := func(m period.Month) period.Month { return m - m%3 }
	firstQuarter := quarterStart(h.First.Add(2)) // the first quarter held whole
	lastQuarter := quarterStart(asOf.Add(-2))    // the last quarter ended by asOf
	if lastQuarter < firstQuarter {
		return nil
	}
	if n := int(lastQuarter-firstQuarter)/3 + 1; n > max {
		firstQuarter = lastQuarter.Add(-3 * (max - 1))
	}
	n := int(lastQuarter-firstQuarter)/3 + 1
	members := make([][]int, n)
	for i := range h.Accounts {
		start, ok := h.Start(i)
		if !ok || (start == h.First && h.Accounts[i].Since == 0) {
			continue
		}
		if q := quarterStart(start); q >= firstQuarter && q <= lastQuarter {
			k := int(q-firstQuarter) / 3
			members[k] = append(members[k], i)
		}
	}
	out := make([]Cohort, 0, n)
	for k, ids := range members {
		q := firstQuarter.Add(3 * k)
		c := Cohort{Quarter: fmt.Sprintf("%d-Q%d", q.Year(), int(q.Month()-1)/3+1), Accounts: len(ids)}
		for j := 0; q.Add(3*j+2) <= asOf; j++ {
			var sum money.Amount
			for _, i := range ids {
				sum += h.ARR(i, q.Add(3*j+2))
			}
			if j == 0 {
				c.BaseARR = sum
			}
			c.NetRetention = append(c.NetRetention, Of(sum, c.BaseARR))
		}
		out = append(out, c)
	}
	return out
}

// Keys returns m's keys sorted, for a stable order of breakdown rows.
func Keys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
