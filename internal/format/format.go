// Package format writes numbers the way a board deck shows them: $4.2M,
// 91.3%, +1.2 pts. The site and the packs format through this package
// only, so a figure reads the same everywhere.
package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// NA is shown where a ratio is undefined, such as NRR of an empty cohort.
const NA = "n/a"

var symbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "CHF": "CHF ", "INR": "₹",
}

// Symbol returns the symbol written before amounts of currency code.
func Symbol(code string) string {
	if s, ok := symbols[code]; ok {
		return s
	}
	return code + " "
}

// Money returns a in whole currency units with thousands separators, such
// as "$4,215,300", for tables that finance ties out. Cents are rounded
// half away from zero for display only.
func Money(a money.Amount, currency string) string {
	neg := a < 0
	if neg {
		a = -a
	}
	units := int64(a+50) / 100
	s := Symbol(currency) + group(units)
	if neg {
		return "-" + s
	}
	return s
}

// MoneyCents returns a to the cent with thousands separators, such as
// "$84,149,889.00", for figures tied to a ledger.
func MoneyCents(a money.Amount, currency string) string {
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	return fmt.Sprintf("%s%s%s.%02d", sign, Symbol(currency), group(int64(a)/100), int64(a)%100)
}

// MoneyShort returns a compactly, such as "$4.2M", "$950K" or "$12.5B",
// for tiles and chart labels.
func MoneyShort(a money.Amount, currency string) string {
	v := a.Float()
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	sym := Symbol(currency)
	switch {
	case v >= 999_950_000:
		return sign + sym + trim(v/1e9, 1) + "B"
	case v >= 999_500:
		return sign + sym + trim(v/1e6, 1) + "M"
	case v >= 9_999.5:
		return sign + sym + strconv.FormatFloat(math.Round(v/1e3), 'f', 0, 64) + "K"
	case v >= 999.5:
		return sign + sym + trim(v/1e3, 1) + "K"
	default:
		return sign + sym + strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
}

// trim formats v with up to places decimals, dropping a trailing ".0".
func trim(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Percent returns r as a percentage with one decimal, such as "91.3%".
func Percent(r metrics.Ratio) string {
	if !r.OK {
		return NA
	}
	return strconv.FormatFloat(r.Value*100, 'f', 1, 64) + "%"
}

// Points returns the change from a to b in percentage points, such as
// "+1.2 pts", or "" when either is undefined.
func Points(from, to metrics.Ratio) string {
	if !from.OK || !to.OK {
		return ""
	}
	d := math.Round((to.Value-from.Value)*1000) / 10
	if d == 0 {
		return "0.0 pts"
	}
	return signed(strconv.FormatFloat(d, 'f', 1, 64)) + " pts"
}

// Gap returns how far cur is from its target in percentage points, such as
// "2.4 pts below" or "0.3 pts above", "at target" when it is within a
// twentieth of a point, or "" when either is undefined.
func Gap(target, cur metrics.Ratio) string {
	if !target.OK || !cur.OK {
		return ""
	}
	d := math.Round((cur.Value-target.Value)*1000) / 10
	switch {
	case d > 0:
		return strconv.FormatFloat(d, 'f', 1, 64) + " pts above"
	case d < 0:
		return strconv.FormatFloat(-d, 'f', 1, 64) + " pts below"
	}
	return "at target"
}

// Change returns the relative change from a to b, such as "+4.1%", or ""
// when a is zero.
func Change(from, to money.Amount) string {
	if from == 0 {
		return ""
	}
	d := math.Round((to.Float()-from.Float())/from.Float()*1000) / 10
	return signed(strconv.FormatFloat(d, 'f', 1, 64)) + "%"
}

func signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:] // a true minus sign lines up with the plus
	}
	return "+" + s
}

// Count returns n with thousands separators, such as "2,041".
func Count(n int) string {
	if n < 0 {
		return "-" + group(int64(-n))
	}
	return group(int64(n))
}

func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Number returns n with the given decimals, such as "4.2", or NA when it is
// undefined.
func Number(n metrics.Number, places int) string {
	if !n.OK {
		return NA
	}
	return strconv.FormatFloat(n.Value, 'f', places, 64)
}

// Hours returns a duration in hours, such as "4.2 h", or NA.
func Hours(n metrics.Number) string {
	if !n.OK {
		return NA
	}
	return strconv.FormatFloat(n.Value, 'f', 1, 64) + " h"
}

// Delta returns the change from a to b with the given decimals and unit,
// such as "+1.5 h" or "−3", or "" when either is undefined.
func Delta(from, to metrics.Number, places int, unit string) string {
	if !from.OK || !to.OK {
		return ""
	}
	p := math.Pow(10, float64(places))
	d := math.Round((to.Value-from.Value)*p) / p
	s := strconv.FormatFloat(d, 'f', places, 64)
	if d == 0 {
		return s + unit
	}
	return signed(s) + unit
}

// Multiple returns a ratio read as a multiple, to one decimal, such as
// "3.0×" (the CS magic number, the lift of a rule), or NA.
func Multiple(r metrics.Ratio) string {
	if !r.OK {
		return NA
	}
	return strconv.FormatFloat(r.Value, 'f', 1, 64) + "×"
}

// PerUnit returns a ratio of money to money as an amount per unit of
// currency, such as "$0.12" (cost per retained ARR dollar), or NA.
func PerUnit(r metrics.Ratio, currency string) string {
	if !r.OK {
		return NA
	}
	return Symbol(currency) + strconv.FormatFloat(r.Value, 'f', 2, 64)
}

// Score returns a maturity score on the scale of 1 to 3, such as
// "2.1 of 3", or NA when nothing is rated.
func Score(r metrics.Ratio) string {
	if !r.OK {
		return NA
	}
	return strconv.FormatFloat(r.Value, 'f', 1, 64) + " of 3"
}
