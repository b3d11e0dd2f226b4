package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// TestIndicatorsFromMetrics builds the site from figures metrics.Indicators
// computed, so the pages read the fields as metrics fills them.
func TestIndicatorsFromMetrics(t *testing.T) {
	first := period.New(2025, time.November)
	h := metrics.NewHistory([]metrics.Account{
		{ID: "A1", Name: "Acme", Segment: "Enterprise", CSM: "Ana"},
		{ID: "B2", Name: "Bolt", Segment: "SMB"},
		{ID: "C3", Name: "Cord", Segment: "SMB", CSM: "Ana"},
	}, first, 12)
	for i := range h.Accounts {
		for k := range 12 {
			h.Add(i, first.Add(k), money.FromUnits(int64(10_000*(i+1))))
		}
	}
	asOf := period.New(2026, time.October).LastDay()
	week := period.LastCompleteWeek(asOf)
	s := &metrics.Signals{
		Tickets: []metrics.Ticket{{Account: 0, Opened: (asOf - 3).Unix(), FirstResponse: metrics.NotYet, Resolved: metrics.NotYet, Priority: metrics.P0}},
		Renewals: []metrics.Renewal{
			{Account: 0, Date: asOf + 30, ARR: money.FromUnits(10_000), Forecast: metrics.ForecastCommit, Outcome: metrics.OutcomeOpen},
			{Account: 1, Date: asOf + 60, ARR: money.FromUnits(20_000), Forecast: metrics.ForecastAtRisk, Outcome: metrics.OutcomeOpen},
		},
		Pipeline: []metrics.Inflow{{Month: first.Add(12), Segment: "SMB", NewAccounts: 4}},
	}
	for i := range h.Accounts {
		for w := week - 12; w <= week; w++ {
			s.Usage = append(s.Usage, metrics.Usage{Account: int32(i), Week: w, ActiveUsers: 5, Seats: 10, KeyEvents: -1})
		}
	}
	cfg := metrics.DefaultIndicatorConfig()
	res, err := metrics.Compute(metrics.Inputs{History: h, Signals: s, Indicators: cfg},
		period.AsOf{Day: asOf, Month: first.Add(11), Week: period.LastCompleteWeek(asOf)})
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Config: DefaultConfig(), Result: res, Indicators: cfg}
	site := Build(in)

	pages := map[string]*Page{}
	for _, p := range site.Pages {
		pages[p.Path] = p
	}
	watch := pages["indicators/watch-list.html"].Data.(FamilyPage).Tables[0]
	if len(watch.Rows) != 2 || watch.Rows[0][0].Text != "Bolt (B2)" || watch.Rows[1][0].Text != "Acme (A1)" {
		t.Fatalf("watch list rows = %v", watch.Rows)
	}
	if got := watch.Rows[1][7].Text; got != "Open P0 ticket (1)" {
		t.Errorf("Acme's flags read %q", got)
	}
	if got := watch.Rows[0][7].Text; got != "Renewal forecast at risk" {
		t.Errorf("Bolt's flags read %q", got)
	}
	ana := pages["csm/ana.html"].Data.(CSMPage)
	if len(ana.Indicators) == 0 || ana.AtRisk == nil || len(ana.AtRisk.Rows) != 1 || ana.AtRisk.Rows[0][0].Text != "Acme (A1)" {
		t.Errorf("Ana's page: tiles %v, at risk %+v", ana.Indicators, ana.AtRisk)
	}
	usage := pages["indicators/usage.html"].Data.(FamilyPage)
	if got := usage.Tiles[0].Value; got != "50.0%" {
		t.Errorf("seat utilisation tile = %q", got)
	}
	doc, err := res.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"as_of_week": "2026-W43"`, `"account_id": "B2"`, `"forecast_at_risk"`, `"from": "2026-11"`} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("metrics.json has no %s", want)
		}
	}
}
