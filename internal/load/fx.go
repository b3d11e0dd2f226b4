package load

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// fxRecord is a row of fx_rates.csv as text.
type fxRecord struct {
	Month    string `csv:"month"`
	Currency string `csv:"currency"`
	Rate     string `csv:"rate_to_reporting"`
}

type fxKey struct {
	month    period.Month
	currency string
}

// fxTable converts amounts in other currencies to the reporting currency
// with the rate of their month.
type fxTable struct {
	reporting string
	rates     map[fxKey]*big.Rat
	rows      int
}

// plainDecimal is the only form of rate accepted: big.Rat alone would also
// take fractions, exponents and hexadecimal.
var plainDecimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func readFX(f *file, reporting string, issues *diag.List) *fxTable {
	t := &fxTable{reporting: reporting, rates: map[fxKey]*big.Rat{}}
	if f == nil {
		return t
	}
	rows, _, ok := readTable[fxRecord](f, issues, required(FXRatesFile)...)
	if !ok {
		return t
	}
	t.rows = len(rows)
	lines := map[fxKey]int{}
	for _, r := range rows {
		m, err := period.ParseMonth(strings.TrimSpace(r.rec.Month))
		if err != nil {
			issues.Addf(f.name, r.line, "month", "cannot parse %q as a month (YYYY-MM)", r.rec.Month)
			continue
		}
		raw := strings.TrimSpace(r.rec.Rate)
		rate, ok := new(big.Rat).SetString(raw)
		if !ok || rate.Sign() <= 0 || !plainDecimal.MatchString(raw) {
			issues.Addf(f.name, r.line, "rate_to_reporting", "cannot parse %q as a positive decimal rate such as 1.0842", r.rec.Rate)
			continue
		}
		k := fxKey{m, strings.ToUpper(strings.TrimSpace(r.rec.Currency))}
		if first, dup := lines[k]; dup {
			issues.Addf(f.name, r.line, "currency", "a second rate for %s in %s (first on line %d): keep one", k.currency, m, first)
			continue
		}
		lines[k] = r.line
		t.rates[k] = rate
	}
	return t
}

// convert returns a, in currency code, in the reporting currency. The
// product is exact and rounded half to even to the cent, once per row.
func (t *fxTable) convert(code []byte, m period.Month, a money.Amount) (money.Amount, error) {
	c := strings.ToUpper(string(code))
	if c == "" || c == t.reporting {
		return a, nil
	}
	rate, ok := t.rates[fxKey{m, c}]
	if !ok {
		return 0, fmt.Errorf("no rate from %s to %s for %s: add it to %s (%s)", c, t.reporting, m, FXRatesFile, strings.Join(fxColumns, ","))
	}
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(a)), rate)
	q, r := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
	// Round half to even: compare twice the remainder with the denominator.
	switch r.Abs(r.Lsh(r, 1)).Cmp(v.Denom()) {
	case 1:
		q.Add(q, big.NewInt(int64(v.Sign())))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(int64(v.Sign())))
		}
	}
	return money.Amount(q.Int64()), nil
}
