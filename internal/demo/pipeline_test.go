package demo

import (
	"path/filepath"
	"testing"

	"github.com/boardpack/boardpack/internal/config"
	bpload "github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/metrics"
)

// TestSampleIndicators reads the committed sample as `boardpack build`
// does and checks the leading indicators it reports as of the end of the
// window: the lifts of sampleLifts, a handful of open P0s, about one
// customer in ten flagged each week and a watch list a team can work
// through. TestIndicatorLift measures the same lifts with code of its own.
func TestSampleIndicators(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "boardpack.toml"), true)
	if err != nil {
		t.Fatal(err)
	}
	frameworks, err := bpload.Rubrics(cfg.Path(cfg.Rubrics))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := bpload.Load(cfg.Path(cfg.Data), bpload.Options{Currency: cfg.Currency, Frameworks: frameworks})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Signals == nil {
		t.Fatal("the sample has no leading-indicator extracts")
	}
	r := metrics.Indicators(ds.History, ds.Signals, cfg.Indicators, ds.History.Last().LastDay())

	for _, l := range r.Lift {
		t.Logf("%-12s lift %.2f over %d months, %d accounts flagged; churn %.4f flagged, %.4f base",
			l.Rule, l.Lift.Value, l.Months, l.Accounts, l.FlaggedRate.Value, l.BaseRate.Value)
		want, ok := sampleLifts[l.Rule]
		switch {
		case !ok:
			t.Errorf("lift of %s, a rule the sample has no range for", l.Rule)
		case !l.Lift.OK || l.TooFew || l.Months < 6:
			t.Errorf("%s: lift %v over %d months, too few accounts %v: want a figure over at least 6 months", l.Rule, l.Lift, l.Months, l.TooFew)
		case l.Lift.Value < want[0] || l.Lift.Value > want[1]:
			t.Errorf("%s lift %.2f, want %.1f..%.1f", l.Rule, l.Lift.Value, want[0], want[1])
		}
	}
	if len(r.Lift) != len(sampleLifts) {
		t.Errorf("%d lifts, want %d", len(r.Lift), len(sampleLifts))
	}

	active := r.Relationships.Accounts
	sup := r.Support
	t.Logf("%s: %d open P0s, %.1f tickets per 100 accounts; %d active accounts; at risk each week %v; watch list %d; NPS %.1f of %d answers",
		r.AsOfWeek, sup.OpenP0, sup.TicketsPer100Accounts.Value, active, r.Weekly.AtRiskAccounts, len(r.WatchList), r.NPS.Score.Value, r.NPS.Responses)
	if sup.OpenP0 < 5 || sup.OpenP0 > 25 {
		t.Errorf("%d P0s open at the end of %s, want 5..25", sup.OpenP0, r.AsOfWeek)
	}
	if v := sup.TicketsPer100Accounts.Value; v < 15 || v > 30 {
		t.Errorf("%.1f tickets per 100 accounts in %s, want 15..30", v, r.AsOfWeek)
	}
	for k, n := range r.Weekly.AtRiskAccounts {
		if share := float64(n) / float64(active); share < 0.08 || share > 0.15 {
			t.Errorf("%s: %d accounts at risk, %.3f of the %d active at the end: want 0.08..0.15", r.Weekly.Weeks[k], n, share, active)
		}
	}
	if n := len(r.WatchList); n < 30 || n > 80 {
		t.Errorf("the watch list has %d accounts, want 30..80", n)
	}
	if v := r.NPS.Score.Value; !r.NPS.Score.OK || v < 25 || v > 40 {
		t.Errorf("NPS %v, want 25..40", r.NPS.Score)
	}
}
