package period

import "fmt"

// AsOf is the date a report is as of, with the two periods it implies:
// retention, cost and ROI are as of Month, the last complete month at or
// before Day, and the leading indicators and the report's period as of
// Week, the last complete ISO week at or before Day.
type AsOf struct {
	Day   Day
	Month Month
	Week  Week
}

// IsZero reports whether a is the zero AsOf, which stands for "not asked".
func (a AsOf) IsZero() bool { return a == AsOf{} }

// AsOfDay returns the as-of periods of day d.
func AsOfDay(d Day) AsOf {
	return AsOf{Day: d, Month: LastCompleteMonth(d), Week: LastCompleteWeek(d)}
}

// AsOfMonth returns the as-of periods of month m, taken as of its last day.
func AsOfMonth(m Month) AsOf { return AsOfDay(m.LastDay()) }

// LastCompleteMonth returns the last month that has ended on or before d:
// the month of d when d is its last day, otherwise the month before.
func LastCompleteMonth(d Day) Month {
	m := d.Month()
	if d != m.LastDay() {
		m-- // the month is not over yet
	}
	return m
}

// ParseAsOf reads an as-of date, which is either a month (YYYY-MM, taken
// as of its last day) or a date (YYYY-MM-DD).
func ParseAsOf(s string) (AsOf, error) {
	if m, err := ParseMonth(s); err == nil {
		return AsOfMonth(m), nil
	}
	d, err := ParseDay(s)
	if err != nil {
		return AsOf{}, fmt.Errorf("%q is neither a month (YYYY-MM) nor a date (YYYY-MM-DD)", s)
	}
	return AsOfDay(d), nil
}
