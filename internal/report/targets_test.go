package report

import (
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

func TestResolveTargets(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	row := func(metric, name string, from, to period.Month, v float64, line int) metrics.Target {
		return metrics.Target{Metric: metric, Period: name, From: from, To: to, Value: v, Line: line}
	}
	m := func(y int, mo time.Month) period.Month { return period.New(y, mo) }
	// The rows are in an order that puts a wider period after a narrower
	// one and before it, so that file order cannot be what decides.
	rows := []metrics.Target{
		row("nrr", "2026", m(2026, 1), m(2026, 12), 1.01, 2),
		row("nrr", "2026-10", m(2026, 10), m(2026, 10), 1.03, 3),
		row("nrr", "2026-Q4", m(2026, 10), m(2026, 12), 1.02, 4),
		row("grr", "2026-Q3", m(2026, 7), m(2026, 9), 0.91, 5),
		row("grr", "2026", m(2026, 1), m(2026, 12), 0.90, 6),
		row("cost_to_retain", "2025", m(2025, 1), m(2025, 12), 0.2, 7),
	}
	cfg := Targets{NRR: f(1.05), LogoRetention: f(0.88), CostToRetain: f(0.1)}
	tests := []struct {
		asOf                 period.Month
		nrr, grr, logo, cost *float64
		nrrLine, grrLine     int // 0: the configuration's
	}{
		{m(2026, 10), f(1.03), f(0.90), f(0.88), f(0.1), 3, 6}, // the month beats its quarter and year
		{m(2026, 11), f(1.02), f(0.90), f(0.88), f(0.1), 4, 6}, // the quarter beats the year
		{m(2026, 8), f(1.01), f(0.91), f(0.88), f(0.1), 2, 5},
		{m(2026, 1), f(1.01), f(0.90), f(0.88), f(0.1), 2, 6},
		{m(2027, 1), f(1.05), nil, f(0.88), f(0.1), 0, 0}, // no row applies: the configuration's, or none
		{m(2025, 6), f(1.05), nil, f(0.88), f(0.2), 0, 0},
	}
	eq := func(a, b *float64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
	show := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for _, tt := range tests {
		got := resolveTargets(cfg, rows, tt.asOf)
		for _, c := range []struct {
			name      string
			got, want *float64
		}{{"nrr", got.NRR, tt.nrr}, {"grr", got.GRR, tt.grr}, {"logo_retention", got.LogoRetention, tt.logo}, {"cost_to_retain", got.CostToRetain, tt.cost}} {
			if !eq(c.got, c.want) {
				t.Errorf("as of %s: %s = %v, want %v", tt.asOf, c.name, show(c.got), show(c.want))
			}
		}
		if got.rows["nrr"].Line != tt.nrrLine || got.rows["grr"].Line != tt.grrLine {
			t.Errorf("as of %s: nrr from line %d, grr from line %d; want %d and %d", tt.asOf, got.rows["nrr"].Line, got.rows["grr"].Line, tt.nrrLine, tt.grrLine)
		}
	}
	if *cfg.NRR != 1.05 || cfg.GRR != nil {
		t.Errorf("the configuration's targets were changed: %+v", cfg)
	}
}

func TestTileTarget(t *testing.T) {
	r := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		cur                 metrics.Ratio
		target              *float64
		ceiling             bool
		wantTarget, gap, st string
	}{
		{r(1.026), f(1.05), false, "105.0%", "2.4 pts below", "off"},
		{r(1.071), f(1.05), false, "105.0%", "2.1 pts above", "on"},
		{r(1.0496), f(1.05), false, "105.0%", "at target", "on"}, // shown as on target, so on track
		{r(0.12), f(0.10), true, "10.0%", "2.0 pts above", "off"},
		{r(0.08), f(0.10), true, "10.0%", "2.0 pts below", "on"},
		{metrics.Ratio{}, f(1.05), false, "105.0%", "", ""},
		{r(1.0), nil, false, "", "", ""},
	}
	for _, tt := range tests {
		var tile Tile
		withTarget(&tile, tt.cur, tt.target, tt.ceiling)
		if tile.Target != tt.wantTarget || tile.Gap != tt.gap || tile.Status != tt.st {
			t.Errorf("withTarget(%v, %v, ceiling %v) = %q, %q, %q; want %q, %q, %q",
				tt.cur, tt.target, tt.ceiling, tile.Target, tile.Gap, tile.Status, tt.wantTarget, tt.gap, tt.st)
		}
	}
}
