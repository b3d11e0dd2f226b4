package report

import (
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

func TestFiscalQuarter(t *testing.T) {
	m := func(y int, mo time.Month) period.Month { return period.New(y, mo) }
	tests := []struct {
		from, to period.Month
		start    int
		want     string
		ok       bool
	}{
		{m(2026, 8), m(2026, 10), 2, "FY27 Q3", true},  // Feb-Jan year ending Jan 2027
		{m(2026, 10), m(2026, 12), 1, "FY26 Q4", true}, // calendar year
		{m(2026, 1), m(2026, 3), 1, "FY26 Q1", true},
		{m(2026, 7), m(2026, 9), 7, "FY27 Q1", true},  // July year
		{m(2026, 11), m(2027, 1), 2, "FY27 Q4", true}, // crosses the calendar year
		{m(2026, 9), m(2026, 11), 1, "", false},       // not aligned
		{m(2026, 8), m(2026, 9), 2, "", false},        // not three months
	}
	for _, tt := range tests {
		got, ok := FiscalQuarter(tt.from, tt.to, tt.start)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FiscalQuarter(%s, %s, %d) = %q, %v; want %q, %v", tt.from, tt.to, tt.start, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHeat(t *testing.T) {
	r := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	tests := []struct {
		r    metrics.Ratio
		want string
	}{
		{metrics.Ratio{}, ""},
		{r(1), "heat-0"},
		{r(1.024), "heat-0"},   // under half a step
		{r(1.026), "heat-up1"}, // rounds to one step of five points
		{r(1.10), "heat-up2"},
		{r(1.60), "heat-up3"}, // capped
		{r(0.95), "heat-down1"},
		{r(0.84), "heat-down3"},
		{r(0.30), "heat-down3"},
	}
	for _, tt := range tests {
		if got := heat(tt.r); got != tt.want {
			t.Errorf("heat(%v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}
