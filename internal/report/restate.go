package report

import (
	"fmt"
	"strings"

	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/metrics"
)

// restatedLabels names the retention figures a restatement can be of; the
// bridge's are named as control totals are.
var restatedLabels = map[string]string{
	metrics.RestatedNRR:           "T12M NRR",
	metrics.RestatedGRR:           "T12M GRR",
	metrics.RestatedLogoRetention: "T12M logo retention",
}

func restatedLabel(figure string) string {
	if l, ok := restatedLabels[figure]; ok {
		return l
	}
	return controlLabels[figure]
}

// figureText formats a published or current figure: a ratio as the site
// shows it, money to the cent.
func figureText(f metrics.Figure, currency string) string {
	if f.IsRatio {
		return format.Percent(f.Ratio)
	}
	return format.MoneyCents(f.Money, currency)
}

// RestatementLines describes each restatement on a line: the figure, its
// month, the period that published it, the old and the new value and the
// accounts behind the change.
func RestatementLines(rs []metrics.Restatement, currency string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("restated: %s for %s, published by %s as %s, is now %s%s",
			restatedLabel(r.Figure), r.Month, r.Period, figureText(r.Old, currency), figureText(r.New, currency), accountsText(r, currency, 3, "; accounts: "))
	}
	return out
}

// accountsText lists the first n accounts behind r after lead, or says
// why they are not known.
func accountsText(r metrics.Restatement, currency string, n int, lead string) string {
	if !r.Explained {
		return lead + "not known (the period kept no per-account ARR)"
	}
	if r.AccountsChanged == 0 {
		return ""
	}
	parts := make([]string, 0, n+1)
	for _, a := range r.Accounts[:min(n, len(r.Accounts))] {
		parts = append(parts, fmt.Sprintf("%s %s → %s in %s", a.ID, format.MoneyCents(a.Old, currency), format.MoneyCents(a.New, currency), a.Month))
	}
	if more := r.AccountsChanged - len(parts); more > 0 {
		parts = append(parts, fmt.Sprintf("%d more", more))
	}
	return lead + strings.Join(parts, ", ")
}

// RestatementPage is the restatements section of the data-quality page.
type RestatementPage struct {
	Compared int    // the periods compared; 0 without history
	Table    *Table // nil when nothing changed
}

// restatements returns the data-quality page's restatements section.
func (b *builder) restatements() RestatementPage {
	p := RestatementPage{Compared: b.in.Published}
	if len(b.in.Restatements) == 0 {
		return p
	}
	t := &Table{
		Caption: "Figures already published that the data now gives differently",
		Head:    heads("Figure", "Month", "Published by", "Was", "Now", "Accounts whose ARR changed"),
	}
	t.Head[2].Num, t.Head[5].Num = false, false
	for _, r := range b.in.Restatements {
		t.Rows = append(t.Rows, []Cell{
			{Text: capitalized(restatedLabel(r.Figure))}, num(r.Month.String()), {Text: r.Period},
			num(figureText(r.Old, b.cur)), num(figureText(r.New, b.cur)), {Text: accountsText(r, b.cur, shownRestated, "")},
		})
	}
	p.Table = t
	return p
}

// shownRestated is how many accounts a restatement's row names.
const shownRestated = 5
