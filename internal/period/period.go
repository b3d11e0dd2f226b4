// Package period holds calendar months, the unit every retention figure is
// computed in.
package period

import (
	"errors"
	"fmt"
	"time"
)

// Month is a calendar month counted from January of year 0, so that month
// arithmetic is integer arithmetic.
type Month int32

// Of returns the month that contains t.
func Of(t time.Time) Month { return New(t.Year(), t.Month()) }

// New returns the month m of year y.
func New(y int, m time.Month) Month { return Month(y*12 + int(m) - 1) }

// Year returns the month's year.
func (m Month) Year() int { return int(m) / 12 }

// Month returns the month of the year.
func (m Month) Month() time.Month { return time.Month(int(m)%12 + 1) }

// Add returns the month n months after m (before it when n < 0).
func (m Month) Add(n int) Month { return m + Month(n) }

// First returns midnight UTC on the month's first day.
func (m Month) First() time.Time {
	return time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// String returns the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Month())) }

// Label returns the month as readers see it, such as "Oct 2026".
func (m Month) Label() string { return m.First().Format("Jan 2006") }

// MarshalText writes the month as YYYY-MM, also as a JSON map key.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ErrMonth says what a month must look like.
var ErrMonth = errors.New("not a month in the form YYYY-MM")

// ParseMonth reads a month written YYYY-MM.
func ParseMonth[T string | []byte](s T) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, ErrMonth
	}
	y := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, ErrMonth
		}
		y = y*10 + int(c-'0')
	}
	if s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9' {
		return 0, ErrMonth
	}
	mo := int(s[5]-'0')*10 + int(s[6]-'0')
	if mo < 1 || mo > 12 || y < 1900 {
		return 0, ErrMonth
	}
	return New(y, time.Month(mo)), nil
}

// ErrDate says what a date must look like.
var ErrDate = errors.New("not a date in the form YYYY-MM-DD")

// ParseDate reads an ISO 8601 calendar date such as 2026-10-31.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, ErrDate
	}
	return t, nil
}
