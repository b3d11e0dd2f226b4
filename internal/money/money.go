// Package money holds exact currency amounts.
//
// Amounts are integer cents: board packs are tied back to the extract to the
// cent, so nothing that is summed may pass through a float.
package money

import (
	"errors"
	"fmt"
	"strconv"
)

// Amount is a quantity of the reporting currency in cents.
type Amount int64

// FromUnits returns n whole currency units.
func FromUnits(n int64) Amount { return Amount(n * 100) }

// Float returns a in currency units, for ratios and charts only.
func (a Amount) Float() float64 { return float64(a) / 100 }

// String returns a as a plain decimal with two places, such as "-1234.50".
func (a Amount) String() string { return string(a.Append(nil)) }

// Append appends a's plain decimal form to b.
func (a Amount) Append(b []byte) []byte {
	u := uint64(a)
	if a < 0 {
		b = append(b, '-')
		u = uint64(-a)
	}
	b = strconv.AppendUint(b, u/100, 10)
	c := u % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}

// MarshalJSON writes a as an exact JSON number such as 1234.5.
func (a Amount) MarshalJSON() ([]byte, error) {
	b := a.Append(nil)
	// Trim trailing zeros so 1200.00 reads 1200 and 1200.50 reads 1200.5;
	// the value stays exact because it is written from integers.
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b, nil
}

// UnmarshalJSON reads an exact JSON number such as 1234.5, as
// MarshalJSON writes it.
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := Parse(b)
	if err != nil {
		return fmt.Errorf("money: %s: %w", b, err)
	}
	*a = v
	return nil
}

// Parse errors. They are worded for the person who produced the extract.
var (
	ErrSyntax    = errors.New("not a plain decimal number")
	ErrPrecision = errors.New("more than two decimal places")
	ErrRange     = errors.New("too large")
)

// maxUnits keeps every sum of a realistic extract far from int64 overflow:
// 10^13 units is ten trillion, and a sum of a million such rows still fits.
const maxUnits = 10_000_000_000_000

// Parse reads a plain decimal such as "12000", "12000.5" or "-3.25".
// Digits past the second decimal place must be zero: rounding them away
// would make the report disagree with the extract.
func Parse[T string | []byte](s T) (Amount, error) {
	i, n := 0, len(s)
	neg := false
	if i < n && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var units int64
	digits := 0
	for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
		units = units*10 + int64(s[i]-'0')
		digits++
		if units > maxUnits {
			return 0, ErrRange
		}
	}
	var cents int64
	if i < n && s[i] == '.' {
		i++
		places := 0
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			d := int64(s[i] - '0')
			switch {
			case places < 2:
				cents = cents*10 + d
			case d != 0:
				return 0, ErrPrecision
			}
			places++
			digits++
		}
		if places == 1 {
			cents *= 10
		}
	}
	if i != n || digits == 0 {
		return 0, ErrSyntax
	}
	a := Amount(units*100 + cents)
	if neg {
		a = -a
	}
	return a, nil
}
