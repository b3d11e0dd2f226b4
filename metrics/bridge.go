package metrics

import (
	"fmt"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// Bridge is the ARR bridge (waterfall) over the months From to To: the ARR
// at the end of the month before From, the movements of every month in the
// window, and the ARR at the end of To.
type Bridge struct {
	From         period.Month `json:"from"`
	To           period.Month `json:"to"`
	Start        money.Amount `json:"start"`
	New          money.Amount `json:"new"`
	Expansion    money.Amount `json:"expansion"`
	Reactivation money.Amount `json:"reactivation"`
	Contraction  money.Amount `json:"contraction"`
	Churn        money.Amount `json:"churn"`
	End          money.Amount `json:"end"`

	NewLogos         int `json:"new_logos"`
	ReactivatedLogos int `json:"reactivated_logos"`
	ChurnedLogos     int `json:"churned_logos"`
}

// Net returns the ending ARR the movements imply.
func (b Bridge) Net() money.Amount {
	return b.Start + b.New + b.Reactivation + b.Expansion - b.Contraction - b.Churn
}

// add folds the next month's movements into b.
func (b *Bridge) add(next Bridge) {
	b.To = next.To
	b.End = next.End
	b.New += next.New
	b.Expansion += next.Expansion
	b.Reactivation += next.Reactivation
	b.Contraction += next.Contraction
	b.Churn += next.Churn
	b.NewLogos += next.NewLogos
	b.ReactivatedLogos += next.ReactivatedLogos
	b.ChurnedLogos += next.ChurnedLogos
}

// BridgeError reports a month whose movements do not add up to its ending
// ARR. It can only come from a defect, never from data, and stops the build
// so that a wrong bridge is never published.
type BridgeError struct{ Bridge Bridge }

func (e *BridgeError) Error() string {
	b := e.Bridge
	return fmt.Sprintf("ARR bridge does not balance for %s: start %s + new %s + reactivation %s + expansion %s"+
		" - contraction %s - churn %s = %s, but ending ARR is %s",
		b.To, b.Start, b.New, b.Reactivation, b.Expansion, b.Contraction, b.Churn, b.Net(), b.End)
}

// Check returns a *BridgeError when b does not balance to the cent.
func (b Bridge) Check() error {
	if b.Net() != b.End {
		return &BridgeError{b}
	}
	return nil
}

// MonthlyBridges classifies every account's movement in every month of h
// after the first, up to and including last, and returns one bridge per
// month. Each month's start and end are summed independently of the
// movements and the identity is checked, so the first month that does not
// balance is returned as a *BridgeError.
func MonthlyBridges(h *History, last period.Month) ([]Bridge, error) {
	n := int(last-h.First) + 1
	if n > h.Months {
		n = h.Months
	}
	if n < 2 {
		return nil, nil
	}
	out := make([]Bridge, n-1)
	for k := range out {
		m := h.First.Add(k + 1)
		out[k].From, out[k].To = m, m
	}
	for i := range h.Accounts {
		row := h.row(i)
		seen := row[0] > 0
		for k := 1; k < n; k++ {
			prev, cur := row[k-1], row[k]
			b := &out[k-1]
			b.Start += prev
			b.End += cur
			switch {
			case prev == cur:
			case prev == 0:
				if seen {
					b.Reactivation += cur
					b.ReactivatedLogos++
				} else {
					b.New += cur
					b.NewLogos++
				}
			case cur == 0:
				b.Churn += prev
				b.ChurnedLogos++
			case cur > prev:
				b.Expansion += cur - prev
			default:
				b.Contraction += prev - cur
			}
			if cur > 0 {
				seen = true
			}
		}
	}
	for _, b := range out {
		if err := b.Check(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Window sums the monthly bridges of the months from-to. Months before the
// first bridge are not held and are left out, so From says where the window
// really starts.
func Window(monthly []Bridge, from, to period.Month) Bridge {
	var w Bridge
	started := false
	for _, b := range monthly {
		if b.To < from || b.To > to {
			continue
		}
		if !started {
			w = b
			started = true
			continue
		}
		w.add(b)
	}
	return w
}
