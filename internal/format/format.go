// Package format writes numbers the way a board deck shows them: $4.2M,
// 91.3%, +1.2 pts. The site and the packs format through this package
// only, so a figure reads the same everywhere.
package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// NA is shown where a ratio is undefined, such as NRR of an empty cohort.
const NA = "n/a"

// Minus is the sign of every negative figure: a true minus (U+2212), as
// wide as the plus, never the hyphen a reader can take for a dash.
const Minus = "\u2212"

// Times follows a multiple, such as "9.3×".
const Times = "×"

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
	if neg && units > 0 {
		return Minus + s
	}
	return s
}

// MoneyCents returns a to the cent with thousands separators, such as
// "$84,149,889.00", for figures tied to a ledger.
func MoneyCents(a money.Amount, currency string) string {
	sign := ""
	if a < 0 {
		sign, a = Minus, -a
	}
	return fmt.Sprintf("%s%s%s.%02d", sign, Symbol(currency), group(int64(a)/100), int64(a)%100)
}

// MoneyShort returns a compactly, such as "$4.2M", "$950K" or "$12.5B",
// for tiles and chart labels.
func MoneyShort(a money.Amount, currency string) string {
	v := a.Float()
	sign := ""
	if v < 0 {
		sign, v = Minus, -v
	}
	if v < 0.5 {
		sign = "" // rounds to zero, which has no sign
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

// Percent returns r as a percentage with one decimal, such as "91.3%" or
// "−41.3%".
func Percent(r metrics.Ratio) string {
	if !r.OK {
		return NA
	}
	return fixed(r.Value*100, 1) + "%"
}

// PercentChange returns a ratio that is itself a change, such as a usage
// trend, with its sign: "+2.0%", "−1.6%" or "0.0%".
func PercentChange(r metrics.Ratio) string {
	s := Percent(r)
	if r.OK && s != "0.0%" && !strings.HasPrefix(s, Minus) {
		return "+" + s
	}
	return s
}

// ROI returns a return on investment: a percentage up to 1,000%, and above
// it a multiple, such as "29.2×", which a reader takes in at a glance
// where "2918.9%" has to be counted.
func ROI(r metrics.Ratio) string {
	if r.OK && r.Value >= 10 {
		return Multiple(r)
	}
	return Percent(r)
}

// fixed formats v with the given decimals and a true minus sign; a value
// that rounds to zero has no sign.
func fixed(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		if strings.Trim(rest, "0.") == "" {
			return rest
		}
		return Minus + rest
	}
	return s
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
	if d == 0 {
		return "0.0%"
	}
	return signed(strconv.FormatFloat(d, 'f', 1, 64)) + "%"
}

// signed writes a change with its sign: "+" before a rise, a true minus
// before a fall, which lines up with the plus.
func signed(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return Minus + rest
	}
	return "+" + s
}

// Count returns n with thousands separators, such as "2,041".
func Count(n int) string {
	if n < 0 {
		return Minus + group(int64(-n))
	}
	return group(int64(n))
}

// CountChange returns a change of a count with its sign, such as "+11",
// "−2" or "0".
func CountChange(d int) string {
	if d == 0 {
		return "0"
	}
	if d < 0 {
		return Minus + group(int64(-d))
	}
	return "+" + group(int64(d))
}

// MoneyChange returns a change of an amount compactly with its sign, such
// as "+$1.2M" or "−$844K".
func MoneyChange(a money.Amount, currency string) string {
	s := MoneyShort(a, currency)
	if a > 0 && s != MoneyShort(0, currency) {
		return "+" + s
	}
	return s
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
	return fixed(n.Value, places)
}

// Hours returns a duration in hours, such as "4.2 h", or NA.
func Hours(n metrics.Number) string {
	if !n.OK {
		return NA
	}
	return fixed(n.Value, 1) + " h"
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

// Date returns a day as readers see it everywhere, such as "3 Dec 2026":
// never an ISO date, which reads as a code, nor a month spelt out on one
// page and cut short on the next.
func Date(t time.Time) string { return t.Format("2 Jan 2006") }

// DateISO returns the day of an ISO date such as "2026-10-15" as Date
// writes it, or s unchanged when it is not one.
func DateISO(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return Date(t)
}

// Month returns a month as readers see it, such as "Oct 2026", from its
// first day.
func Month(first time.Time) string { return first.Format("Jan 2006") }

// Span returns the months from first to last as readers see them: "Aug–Oct
// 2026" within a year, "Nov 2025 – Jan 2026" across two, and one month
// alone as Month writes it. Each argument is a month's first day.
func Span(first, last time.Time) string {
	switch {
	case first.Equal(last):
		return Month(first)
	case first.Year() == last.Year():
		return first.Format("Jan") + "–" + Month(last)
	}
	return Month(first) + " – " + Month(last)
}

// Multiple returns a ratio read as a multiple, to one decimal, such as
// "3.0×" (the CS magic number, the lift of a rule), or NA.
func Multiple(r metrics.Ratio) string {
	if !r.OK {
		return NA
	}
	return fixed(r.Value, 1) + Times
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
