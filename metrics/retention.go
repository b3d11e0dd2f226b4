package metrics

import (
	"encoding/json"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// Ratio is a fraction that may be undefined, as NRR is for an empty cohort.
// An undefined ratio is shown as "n/a" and written to JSON as null, never as
// NaN.
type Ratio struct {
	Value float64
	OK    bool
}

// Of returns num/den, undefined when den is zero.
func Of[T money.Amount | int](num, den T) Ratio {
	if den == 0 {
		return Ratio{}
	}
	return Ratio{Value: float64(num) / float64(den), OK: true}
}

// MarshalJSON writes the fraction, or null when it is undefined.
func (r Ratio) MarshalJSON() ([]byte, error) {
	if !r.OK {
		return []byte("null"), nil
	}
	return json.Marshal(r.Value)
}

// UnmarshalJSON reads a fraction, or null as undefined.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = Ratio{}
		return nil
	}
	r.OK = true
	return json.Unmarshal(b, &r.Value)
}

// Retention is cohort retention between the end of month From and the end
// of month To. The cohort is every account with ARR at From; accounts won
// after From are outside it, and an account that churned and came back
// counts at its ARR at To.
type Retention struct {
	From period.Month `json:"start_month"`
	To   period.Month `json:"end_month"`

	NRR           Ratio `json:"nrr"`
	GRR           Ratio `json:"grr"`
	LogoRetention Ratio `json:"logo_retention"`
	LogoChurn     Ratio `json:"logo_churn"`

	// StartingARR is the cohort's ARR at From, the denominator of NRR and GRR.
	StartingARR money.Amount `json:"starting_arr"`
	// EndingARR is the cohort's ARR at To, the numerator of NRR.
	EndingARR money.Amount `json:"ending_arr"`
	// RetainedARR is the numerator of GRR: each account capped at its
	// starting ARR.
	RetainedARR money.Amount `json:"retained_arr"`
	// Expansion, Contraction and Churn decompose the change:
	// EndingARR = StartingARR + Expansion - Contraction - Churn.
	Expansion   money.Amount `json:"expansion"`
	Contraction money.Amount `json:"contraction"`
	Churn       money.Amount `json:"churn"`

	CohortAccounts   int `json:"cohort_accounts"`
	RetainedAccounts int `json:"retained_accounts"`
	ChurnedAccounts  int `json:"churned_accounts"`
}

// add counts one cohort account with ARR s at From and e at To.
func (r *Retention) add(s, e money.Amount) {
	r.StartingARR += s
	r.EndingARR += e
	r.CohortAccounts++
	switch {
	case e == 0:
		r.Churn += s
		r.ChurnedAccounts++
	case e < s:
		r.RetainedARR += e
		r.Contraction += s - e
		r.RetainedAccounts++
	default:
		r.RetainedARR += s
		r.Expansion += e - s
		r.RetainedAccounts++
	}
}

// finish derives the ratios from the sums.
func (r *Retention) finish() {
	r.NRR = Of(r.EndingARR, r.StartingARR)
	r.GRR = Of(r.RetainedARR, r.StartingARR)
	r.LogoRetention = Of(r.RetainedAccounts, r.CohortAccounts)
	r.LogoChurn = Of(r.ChurnedAccounts, r.CohortAccounts)
}

// CohortRetention returns the retention of h's accounts from the end of
// month from to the end of month to.
func CohortRetention(h *History, from, to period.Month) Retention {
	r := Retention{From: from, To: to}
	for i := range h.Accounts {
		if s := h.ARR(i, from); s > 0 {
			r.add(s, h.ARR(i, to))
		}
	}
	r.finish()
	return r
}

// Tenure groups, keys of Breakdowns.Tenure.
const (
	FirstYear = "first_year"
	Tenured   = "tenured"
)

// Labels of accounts whose attribute is empty.
const (
	Pooled      = "(pooled)"
	Unspecified = "(unspecified)"
)

// Breakdowns partition a cohort by account attribute. Within each
// dimension the parts' sums add up to the whole cohort's.
type Breakdowns struct {
	Segment         map[string]*Retention `json:"by_segment"`
	EngagementModel map[string]*Retention `json:"by_engagement_model"`
	CSM             map[string]*Retention `json:"by_csm"`
	Region          map[string]*Retention `json:"by_region"`
	// Tenure splits the cohort into FirstYear accounts, whose first renewal
	// falls inside the window, and Tenured ones that renewed before it.
	Tenure map[string]*Retention `json:"by_tenure"`
}

// BreakDown returns the retention from the end of from to the end of to,
// in total and partitioned by every attribute.
func BreakDown(h *History, from, to period.Month) (Retention, Breakdowns) {
	total := Retention{From: from, To: to}
	b := Breakdowns{
		Segment:         map[string]*Retention{},
		EngagementModel: map[string]*Retention{},
		CSM:             map[string]*Retention{},
		Region:          map[string]*Retention{},
		Tenure:          map[string]*Retention{},
	}
	part := func(m map[string]*Retention, key string) *Retention {
		r := m[key]
		if r == nil {
			r = &Retention{From: from, To: to}
			m[key] = r
		}
		return r
	}
	firstYearAfter := from.Add(-12)
	for i, a := range h.Accounts {
		s := h.ARR(i, from)
		if s == 0 {
			continue
		}
		e := h.ARR(i, to)
		total.add(s, e)
		part(b.Segment, orDefault(a.Segment, Unspecified)).add(s, e)
		part(b.EngagementModel, orDefault(a.EngagementModel, Unspecified)).add(s, e)
		part(b.CSM, orDefault(a.CSM, Pooled)).add(s, e)
		part(b.Region, orDefault(a.Region, Unspecified)).add(s, e)
		tenure := Tenured
		if start, _ := h.Start(i); start > firstYearAfter {
			tenure = FirstYear
		}
		part(b.Tenure, tenure).add(s, e)
	}
	total.finish()
	for _, m := range []map[string]*Retention{b.Segment, b.EngagementModel, b.CSM, b.Region, b.Tenure} {
		for _, r := range m {
			r.finish()
		}
	}
	return total, b
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TrendPoint is the trailing-12-month retention as of one month.
type TrendPoint struct {
	Month         period.Month `json:"month"`
	NRR           Ratio        `json:"nrr"`
	GRR           Ratio        `json:"grr"`
	LogoRetention Ratio        `json:"logo_retention"`
}

// Trend returns the trailing-12-month retention as of each of the n months
// ending at last, oldest first.
func Trend(h *History, last period.Month, n int) []TrendPoint {
	out := make([]TrendPoint, n)
	for k := range out {
		m := last.Add(k - n + 1)
		r := CohortRetention(h, m.Add(-12), m)
		out[k] = TrendPoint{Month: m, NRR: r.NRR, GRR: r.GRR, LogoRetention: r.LogoRetention}
	}
	return out
}
