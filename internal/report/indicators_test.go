package report

import (
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// indicatorBuilder returns a builder of two accounts with the default rules
// and a renewal book of hand-picked figures.
func indicatorBuilder() *builder {
	oct := period.New(2026, time.October)
	h := metrics.NewHistory([]metrics.Account{
		{ID: "A1", Name: "Acme", Segment: "Enterprise", CSM: "Ana"},
		{ID: "B2", Name: "Bolt", Segment: "SMB"},
	}, oct, 1)
	h.Add(0, oct, money.Amount(12_000_00))
	h.Add(1, oct, money.Amount(3_000_00))
	asOf, _ := period.ParseDay("2026-10-31")
	ind := &metrics.IndicatorReport{
		AsOf: asOf, AsOfWeek: period.LastCompleteWeek(asOf), Rules: metrics.DefaultIndicatorConfig().Risk,
		Renewals: &metrics.RenewalReport{ARR90d: money.Amount(15_000_00), AtRiskARR90d: money.Amount(3_000_00), AtRiskShare90d: metrics.Ratio{Value: 0.2, OK: true}},
		WatchList: []metrics.WatchItem{
			{Account: 0, AccountID: "A1", ARR: money.Amount(12_000_00), RenewalDate: asOf + 45, Forecast: "at_risk",
				Flags: []metrics.Flag{{Rule: "usage_drop", Value: -0.42}, {Rule: "forecast_at_risk"}}},
			{Account: 1, AccountID: "B2", ARR: money.Amount(3_000_00), RenewalDate: asOf + 10, Forecast: "likely",
				Flags: []metrics.Flag{{Rule: "open_p0", Value: 2}}},
		},
	}
	in := Input{Config: Config{Currency: "USD"}, Result: &metrics.Result{AsOf: oct, Indicators: ind}, Indicators: metrics.DefaultIndicatorConfig()}
	return &builder{in: in, cur: "USD", h: h, r: in.Result}
}

func TestFlagReasons(t *testing.T) {
	b := indicatorBuilder()
	tests := []struct {
		flag metrics.Flag
		want string
	}{
		{metrics.Flag{Rule: "usage_drop", Value: -0.42}, "Usage down 30% or more (−42.0%)"},
		{metrics.Flag{Rule: "open_p0", Value: 2}, "Open P0 ticket (2)"},
		{metrics.Flag{Rule: "no_champion", Value: 0}, "No active champion (0)"},
		{metrics.Flag{Rule: "forecast_at_risk"}, "Renewal forecast at risk"},
		{metrics.Flag{Rule: "gone"}, "gone"}, // a rule no longer configured reads as its name
	}
	for _, tt := range tests {
		if got := b.flagReason(tt.flag); got != tt.want {
			t.Errorf("flagReason(%+v) = %q, want %q", tt.flag, got, tt.want)
		}
	}
}

func TestWatchTable(t *testing.T) {
	b := indicatorBuilder()
	tb := b.watchTable(b.r.Indicators.WatchList, nil)
	if len(tb.Rows) != 2 {
		t.Fatalf("%d rows, want 2", len(tb.Rows))
	}
	first := tb.Rows[0]
	for i, want := range []string{"Acme (A1)", "Enterprise", "Ana", "$12,000", "15 Dec 2026", "45", "at risk",
		"Usage down 30% or more (−42.0%); Renewal forecast at risk"} {
		if first[i].Text != want {
			t.Errorf("row 1 cell %d = %q, want %q", i, first[i].Text, want)
		}
	}
	if first[2].Href != "" {
		t.Errorf("a pack's watch list links to %q", first[2].Href)
	}
	if got := tb.Rows[1][2].Text; got != "Pooled accounts" && got != groupLabel(metrics.Pooled) {
		t.Errorf("an account with no CSM is in book %q", got)
	}
	// 12,000 + 3,000.
	if got := tb.Foot[0][3].Text; got != "$15,000" {
		t.Errorf("total = %q, want $15,000", got)
	}
	if got := tb.Foot[0][0].Text; got != "2 accounts" {
		t.Errorf("count = %q", got)
	}
}

func TestAtRiskTile(t *testing.T) {
	b := indicatorBuilder()
	tile, ok := b.atRiskTile()
	if !ok {
		t.Fatal("no at-risk tile with a renewal book")
	}
	// 90 days after 31 October 2026 is 29 January 2027.
	if tile.Value != "$3K" || tile.Note != "20.0% of $15K renewing by 29 Jan 2027" {
		t.Errorf("tile = %q, %q", tile.Value, tile.Note)
	}
	b.r.Indicators.Renewals = nil
	if _, ok := b.atRiskTile(); ok {
		t.Error("an at-risk tile without renewals.csv")
	}
}

// TestOverviewChangeColour colours a week's change by what it means for
// the reader, and not at all when it shows as no change.
func TestOverviewChangeColour(t *testing.T) {
	b := indicatorBuilder()
	w := &b.r.Indicators.Weekly
	w.Weeks = []period.Week{b.r.Indicators.AsOfWeek - 1, b.r.Indicators.AsOfWeek}
	r := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	// Utilisation 60.00% -> 60.04%: "0.0 pts", no colour. Trend 5% -> 3%:
	// a fall, bad news. Open P0s 4 -> 2: a fall, good news.
	w.SeatUtilisation = []metrics.Ratio{r(0.6), r(0.6004)}
	w.UsageTrend = []metrics.Ratio{r(0.05), r(0.03)}
	w.Tickets, w.OpenP0 = []int{10, 10}, []int{4, 2}
	n := []metrics.Number{{Value: 1, OK: true}, {Value: 1, OK: true}}
	w.TicketsPer100Accounts, w.MedianFirstResponseHours, w.P90FirstResponseHours, w.MedianResolutionHours = n, n, n, n
	rows := map[string][]Cell{}
	for _, row := range b.indicatorOverview().Overview.Rows {
		rows[row[0].Text] = row
	}
	for _, tt := range []struct{ name, change, class string }{
		{"Seat utilisation", "0.0 pts", ""},
		{"Usage trend, 4 weeks on 4", "−2.0 pts", "bad"},
		{"Open P0 tickets", "−2", "good"},
		{"Tickets per 100 accounts", "0.0", ""},
	} {
		row := rows[tt.name]
		if row == nil {
			t.Errorf("no row %q", tt.name)
			continue
		}
		if row[2].Text != tt.change || row[2].Class != tt.class {
			t.Errorf("%s: change %q class %q, want %q %q", tt.name, row[2].Text, row[2].Class, tt.change, tt.class)
		}
	}
}
