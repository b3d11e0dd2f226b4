package format

import (
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		cents      int64
		full, tile string
	}{
		{0, "$0", "$0"},
		{49, "$0", "$0"},
		{50, "$1", "$1"},
		{99_999, "$1,000", "$1K"},
		{123_456_78, "$123,457", "$123K"},
		{4_215_300_00, "$4,215,300", "$4.2M"},
		{999_949_99, "$999,950", "$1M"},
		{12_000_000_000_00, "$12,000,000,000", "$12B"},
		{-2_500_000_00, "−$2,500,000", "−$2.5M"},
		{-49, "$0", "$0"}, // rounds to zero, which has no sign
	}
	for _, tt := range tests {
		a := money.Amount(tt.cents)
		if got := Money(a, "USD"); got != tt.full {
			t.Errorf("Money(%d) = %q, want %q", tt.cents, got, tt.full)
		}
		if got := MoneyShort(a, "USD"); got != tt.tile {
			t.Errorf("MoneyShort(%d) = %q, want %q", tt.cents, got, tt.tile)
		}
	}
	if got := MoneyShort(money.FromUnits(1_500), "EUR"); got != "€1.5K" {
		t.Errorf("EUR: %q", got)
	}
	if got := Money(money.FromUnits(7), "SEK"); got != "SEK 7" {
		t.Errorf("SEK: %q", got)
	}
}

func TestRatios(t *testing.T) {
	r := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	tests := []struct{ got, want string }{
		{Percent(r(0.9126)), "91.3%"},
		{Percent(r(1.0714)), "107.1%"},
		{Percent(metrics.Ratio{}), "n/a"},
		{Points(r(0.90), r(0.912)), "+1.2 pts"},
		{Points(r(0.912), r(0.90)), "−1.2 pts"},
		{Points(r(0.9), r(0.9)), "0.0 pts"},
		{Points(metrics.Ratio{}, r(0.9)), ""},
		{Gap(r(1.05), r(1.026)), "2.4 pts below"},
		{Gap(r(0.10), r(0.1034)), "0.3 pts above"},
		{Gap(r(1.05), r(1.0496)), "at target"},
		{Gap(r(1.05), metrics.Ratio{}), ""},
		{Change(money.FromUnits(200), money.FromUnits(208)), "+4.0%"},
		{Change(0, money.FromUnits(5)), ""},
		{Count(2041), "2,041"},
		{Count(999), "999"},
		{Count(1234567), "1,234,567"},
		{Count(-3), "−3"},
		{Percent(r(-0.4134)), "−41.3%"},
		{Percent(r(-0.0004)), "0.0%"},
		{Change(money.FromUnits(200), money.FromUnits(200)), "0.0%"},
		{Change(money.FromUnits(200), money.FromUnits(150)), "−25.0%"},
		{PercentChange(r(0.02)), "+2.0%"},
		{PercentChange(r(-0.016)), "−1.6%"},
		{PercentChange(r(0.0001)), "0.0%"},
		{PercentChange(metrics.Ratio{}), "n/a"},
		{ROI(r(9.393)), "939.3%"},
		{ROI(r(29.189)), "29.2×"},
		{ROI(r(-0.413)), "−41.3%"},
		{ROI(metrics.Ratio{}), "n/a"},
		{Multiple(r(9.26)), "9.3×"},
		{Number(metrics.Number{Value: -9, OK: true}, 0), "−9"},
		{Hours(metrics.Number{Value: -0.3, OK: true}), "−0.3 h"},
		{CountChange(11), "+11"},
		{CountChange(-2), "−2"},
		{CountChange(0), "0"},
		{MoneyChange(money.FromUnits(1_200_000), "USD"), "+$1.2M"},
		{MoneyChange(money.FromUnits(-844_000), "USD"), "−$844K"},
		{MoneyChange(0, "USD"), "$0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestDates(t *testing.T) {
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	oct, dec := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	nov25 := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ got, want string }{
		{Date(day), "3 Dec 2026"},
		{DateISO("2026-10-15"), "15 Oct 2026"},
		{DateISO("not a date"), "not a date"},
		{Month(oct), "Oct 2026"},
		{Span(oct, dec), "Oct–Dec 2026"},
		{Span(nov25, oct), "Nov 2025 – Oct 2026"},
		{Span(oct, oct), "Oct 2026"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestMoneyCents(t *testing.T) {
	for cents, want := range map[int64]string{
		0: "$0.00", 5: "$0.05", 11_000: "$110.00", 8_414_988_900: "$84,149,889.00", -12_345: "−$123.45",
	} {
		if got := MoneyCents(money.Amount(cents), "USD"); got != want {
			t.Errorf("MoneyCents(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestFigureKinds(t *testing.T) {
	ok := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	for _, c := range []struct{ got, want string }{
		{Multiple(ok(3.04)), "3.0×"},
		{Multiple(ok(0.96)), "1.0×"},
		{Multiple(metrics.Ratio{}), "n/a"}, // undefined: no "×" after it
		{PerUnit(ok(0.1234), "USD"), "$0.12"},
		{PerUnit(ok(0.5), "EUR"), "€0.50"},
		{PerUnit(metrics.Ratio{}, "USD"), "n/a"},
		{Score(ok(2.25)), "2.2 of 3"},
		{Score(ok(3)), "3.0 of 3"},
		{Score(metrics.Ratio{}), "n/a"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
