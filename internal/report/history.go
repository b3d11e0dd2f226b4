package report

import (
	"fmt"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// weekShort names a week briefly, as tiles and links do: "W42".
func weekShort(w period.Week) string {
	_, n := w.ISO()
	return fmt.Sprintf("W%02d", n)
}

// weekPoints sets t's change against the previous period of a ratio; good
// is +1 when a rise is good news, -1 when it is bad.
func weekPoints(t *Tile, prev, cur metrics.Ratio, note string, good float64) {
	if d, trend := pointsChange(prev, cur, good); d != "" {
		t.Week, t.WeekNote, t.WeekTrend = d, note, trend
	}
}

// weekMoney sets t's change against the previous period of an amount.
func weekMoney(t *Tile, prev, cur money.Amount, note string, good float64) {
	t.Week, t.WeekNote = format.Change(prev, cur), note
	t.WeekTrend = direction(good * float64(cur-prev))
}

// HistoryPage is the list of the periods an output holds.
type HistoryPage struct {
	Lede   string
	Table  Table
	Latest string // the latest period, whose site is also at the root
}

// History returns the history page, history.html at the output's root,
// listing periods oldest last. Each entry's figures are those its own
// metrics.json holds, so the list shows what each period published.
func History(s *Site, periods []archive.Entry) *Page {
	t := Table{
		Caption: "Published periods",
		Head: []Cell{{Text: "Period"}, {Text: "Retention as of"}, {Text: "NRR", Num: true}, {Text: "GRR", Num: true},
			{Text: "Logo retention", Num: true}, {Text: "Ending ARR", Num: true}, {Text: "Cost to retain", Num: true}, {Text: "At-risk ARR, 90 days", Num: true}},
		Note: "Each period is kept as it was published; its figures are those of its own metrics.json.",
	}
	for i := len(periods) - 1; i >= 0; i-- {
		e := periods[i]
		h := e.Headline
		cur := h.Currency
		if cur == "" {
			cur = s.Currency
		}
		cost, risk := num(format.NA), num(format.NA)
		if r, ok := h.CostToRetain(); ok {
			cost = ratioCell(r)
		}
		if a, ok := h.AtRiskARR(); ok {
			risk = amountCell(format.MoneyShort(a, cur), a)
		}
		asOf := h.AsOf
		if m, err := period.ParseMonth(h.AsOf); err == nil {
			asOf = m.Label()
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: e.Week.Label(), Href: e.Period + "/index.html"}, {Text: asOf},
			ratioCell(h.Retention.T12M.NRR), ratioCell(h.Retention.T12M.GRR), ratioCell(h.Retention.T12M.LogoRetention),
			amountCell(format.MoneyShort(h.Bridge.T12M.End, cur), h.Bridge.T12M.End), cost, risk,
		})
	}
	latest := ""
	if n := len(periods); n > 0 {
		latest = periods[n-1].Period
	}
	p := &Page{Path: "history.html", Template: "history.html", Title: "History", Nav: "history", Data: HistoryPage{
		Lede:   fmt.Sprintf("%s published. The pages at the top of the site are the latest period's; each period's own site is kept under its name.", format.Count(len(periods))+plural(len(periods), " period", " periods")),
		Table:  t,
		Latest: latest,
	}}
	nameTables(p)
	return p
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
