package format

import (
	"testing"

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
		{-2_500_000_00, "-$2,500,000", "-$2.5M"},
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
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestMoneyCents(t *testing.T) {
	for cents, want := range map[int64]string{
		0: "$0.00", 5: "$0.05", 11_000: "$110.00", 8_414_988_900: "$84,149,889.00", -12_345: "-$123.45",
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
