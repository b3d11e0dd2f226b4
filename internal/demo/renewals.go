package demo

import (
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/metrics"
)

// ContractRenewal is a row of renewals.csv: a contract's anniversary, with the
// ARR that renews or is lost then.
type ContractRenewal struct {
	Account  int32 // index into Company.Accounts
	Date     time.Time
	ARR      int64  // cents up for renewal: the ARR just before the date
	Forecast string // commit, likely or at_risk
	Outcome  string // renewed, churned or open
}

// forecasts are the forecasts of renewals.csv, in the order of the odds
// that openWeights returns.
var forecasts = [...]string{metrics.ForecastCommit, metrics.ForecastLikely, metrics.ForecastAtRisk}

// renewalsOf appends the renewals of account i: each anniversary of its
// contract inside the window, which the ARR history decides, and the first
// one after the window, still open. A contract renews on the day of the
// month the account first signed.
func (c *Company) renewalsOf(dst []ContractRenewal, i int, r *rand.Rand) []ContractRenewal {
	a, o := &c.Accounts[i], &c.outlooks[i]
	day := a.Since.Day() - 1
	for _, e := range a.Events {
		// Forecasts made before the outcome was known: right more
		// often than not.
		var weights []float64
		outcome := metrics.OutcomeRenewed
		switch e.Kind {
		case Churn:
			weights, outcome = []float64{15, 30, 55}, metrics.OutcomeChurned
		case Contraction:
			weights = []float64{25, 45, 30}
		case Renewal, Expansion:
			weights = []float64{55, 37, 8}
		default:
			continue
		}
		dst = append(dst, ContractRenewal{
			Account: int32(i), Date: c.MonthStart(e.Month).AddDate(0, 0, day), ARR: e.Before,
			Forecast: forecasts[pickIndex(r, weights)], Outcome: outcome,
		})
	}
	if o.next >= 0 {
		date := c.MonthStart(o.next).AddDate(0, 0, day)
		dst = append(dst, ContractRenewal{
			Account: int32(i), Date: date, ARR: a.ARR[len(a.ARR)-1],
			Forecast: forecasts[pickIndex(r, c.openWeights(o, date))], Outcome: metrics.OutcomeOpen,
		})
	}
	return dst
}

// openWeights returns the odds of commit, likely and at_risk for an open
// renewal: CSMs see the usage, tickets and champions of the account, not
// its fate, and they firm up forecasts only as the date nears.
func (c *Company) openWeights(o *outlook, date time.Time) []float64 {
	var risk float64
	for k := range o.ends {
		e := &o.ends[k]
		if e.at.Before(c.cutoff) {
			continue
		}
		tau := e.weeksBefore(c.cutoff)
		if e.onset > 0 && tau < e.onset {
			risk++
		}
		if tau < e.spikeWeeks {
			risk += 0.5
		}
		if !e.championLeft.IsZero() && e.championLeft.Before(c.cutoff) {
			risk += 0.7
		}
	}
	far := date.Sub(c.cutoff).Hours()/24 > 180
	switch {
	case far && risk >= 1:
		return []float64{10, 55, 35}
	case far:
		return []float64{30, 62, 8}
	case risk >= 1:
		return []float64{8, 30, 62}
	case risk > 0:
		return []float64{30, 45, 25}
	}
	return []float64{65, 33.5, 1.5}
}

// WriteRenewals writes renewals.csv: one row per renewal, by account and
// date.
func (c *Company) WriteRenewals(w io.Writer) error {
	l := newLines(w, contract.RenewalsFile)
	for _, x := range c.Renewals {
		l.field(c.Accounts[x.Account].ID)
		l.field(x.Date.Format(time.DateOnly))
		l.buf = append(appendMoney(l.buf, x.ARR), ',')
		l.field(x.Forecast)
		l.field(x.Outcome)
		l.end()
	}
	return l.close()
}

// Inflow is a row of pipeline.csv: the new customers a segment expects to
// win in a month after the window.
type Inflow struct {
	Month       int // index into Company.Months, past its end
	Segment     Segment
	NewAccounts int
	ARR         int64 // cents
}

// pipelineMonths is how many months after the window pipeline.csv covers.
const pipelineMonths = 6

// pipelineOf forecasts each segment's new customers from the rate at
// which it won them over the last six months, growing as sales does.
func (c *Company) pipelineOf(r *rand.Rand) []Inflow {
	last := len(c.Months) - 1
	from := max(0, last-pipelineMonths+1)
	var won [len(profiles)]int
	for i := range c.Accounts {
		a := &c.Accounts[i]
		for _, e := range a.Events {
			if e.Kind == NewLogo && e.Month >= from {
				won[segmentIndex(a.Segment)]++
			}
		}
	}
	months := float64(last - from + 1)
	out := make([]Inflow, 0, pipelineMonths*len(profiles))
	for k := 1; k <= pipelineMonths; k++ {
		for s := range profiles {
			p := &profiles[s]
			rate := float64(won[s]) / months * (1 + 0.015*float64(k)) * math.Exp(0.15*r.NormFloat64())
			in := Inflow{Month: last + k, Segment: p.segment, NewAccounts: int(math.Round(rate))}
			var dollars float64
			for range in.NewAccounts {
				d := p.median * landShare * math.Exp(p.sigma*r.NormFloat64())
				dollars += min(max(d, p.lo), p.hi)
			}
			in.ARR = 100_00 * int64(math.Round(dollars/100))
			out = append(out, in)
		}
	}
	return out
}

// WritePipeline writes pipeline.csv: one row per month after the window
// and segment.
func (c *Company) WritePipeline(w io.Writer) error {
	l := newLines(w, contract.PipelineFile)
	for _, x := range c.Pipeline {
		l.field(c.MonthStart(x.Month).Format("2006-01"))
		l.field(string(x.Segment))
		l.integer(int64(x.NewAccounts))
		l.buf = append(appendMoney(l.buf, x.ARR), ',')
		l.end()
	}
	return l.close()
}
