package period

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Day is a calendar day, counted in days from 1970-01-01. Days are plain
// integers so that windows such as "the 90 days before" are subtraction.
type Day int32

// NoDay marks a date an extract left empty.
const NoDay Day = math.MinInt32

// DayOf returns the day of t in UTC.
func DayOf(t time.Time) Day {
	t = t.UTC()
	return Day(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DayOfUnix returns the UTC day of a Unix time in seconds.
func DayOfUnix(sec int64) Day {
	d := sec / 86400
	if sec < 0 && sec%86400 != 0 {
		d-- // floor, not truncation
	}
	return Day(d)
}

// Time returns midnight UTC of d.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Unix returns the Unix time of midnight UTC of d.
func (d Day) Unix() int64 { return int64(d) * 86400 }

// Month returns the month d falls in.
func (d Day) Month() Month { return Of(d.Time()) }

// String formats d as 2006-01-02.
func (d Day) String() string {
	if d == NoDay {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText writes d as 2006-01-02.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// LastDay returns the last day of m.
func (m Month) LastDay() Day { return DayOf(m.Add(1).First()) - 1 }

// ParseDay parses a date in the form YYYY-MM-DD. It accepts what
// time.Parse(time.DateOnly) accepts, without its cost: the weekly and
// ticket extracts hold millions of dates.
func ParseDay[T string | []byte](s T) (Day, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, ErrDate
	}
	y, ok := digits(s[:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:])
	if !ok || !ok2 || !ok3 {
		return 0, ErrDate
	}
	day, ok := Date(y, time.Month(m), d)
	if !ok {
		return 0, ErrDate
	}
	return day, nil
}

// Date returns the day y-m-d, and false when the month has no such day.
func Date(y int, m time.Month, d int) (Day, bool) {
	if m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	// Days from 1970-01-01 by the proleptic Gregorian calendar, counting
	// years from March so that a leap day ends its year (the civil-date
	// algorithm of H. Hinnant's "chrono-compatible low-level date
	// algorithms").
	if m <= time.February {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468), true
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Week is an ISO 8601 week: Monday to Sunday, numbered within the year that
// holds its Thursday. It counts weeks from the one of 1970-01-01, a
// Thursday, whose Monday was 1969-12-29.
type Week int32

// WeekOf returns the ISO week d falls in.
func WeekOf(d Day) Week {
	n := int32(d) + 3 // days since Monday 1969-12-29
	w := n / 7
	if n < 0 && n%7 != 0 {
		w--
	}
	return Week(w)
}

// Monday returns the first day of w.
func (w Week) Monday() Day { return Day(int32(w)*7 - 3) }

// Sunday returns the last day of w.
func (w Week) Sunday() Day { return w.Monday() + 6 }

// ISO returns the ISO year and week number of w (1 to 53).
func (w Week) ISO() (year, week int) {
	return (w.Monday() + 3).Time().ISOWeek()
}

// String formats w as 2026-W47.
func (w Week) String() string {
	y, n := w.ISO()
	return fmt.Sprintf("%04d-W%02d", y, n)
}

// Label formats w for readers: "W47 (16–22 Nov 2026)".
func (w Week) Label() string {
	_, n := w.ISO()
	mon, sun := w.Monday().Time(), w.Sunday().Time()
	if mon.Month() == sun.Month() {
		return fmt.Sprintf("W%02d (%d–%s)", n, mon.Day(), sun.Format("2 Jan 2006"))
	}
	if mon.Year() == sun.Year() {
		return fmt.Sprintf("W%02d (%s–%s)", n, mon.Format("2 Jan"), sun.Format("2 Jan 2006"))
	}
	return fmt.Sprintf("W%02d (%s–%s)", n, mon.Format("2 Jan 2006"), sun.Format("2 Jan 2006"))
}

// MarshalText writes w as 2026-W47.
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// ErrWeek is the error of a week that cannot be parsed.
var ErrWeek = errors.New("not a week in the form 2026-W47 or a date YYYY-MM-DD")

// ParseWeek parses an ISO week such as 2026-W47, or the date of any day in
// the week.
func ParseWeek[T string | []byte](s T) (Week, error) {
	if len(s) == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') {
		y, ok := digits(s[:4])
		n, ok2 := digits(s[6:])
		if !ok || !ok2 || y < 1900 || n < 1 {
			return 0, ErrWeek
		}
		w := week1(y)
		if n > 52 && n > int(week1(y+1)-w) {
			return 0, ErrWeek // week 53 of a year that has 52
		}
		return w + Week(n-1), nil
	}
	d, err := ParseDay(s)
	if err != nil {
		return 0, ErrWeek
	}
	return WeekOf(d), nil
}

// week1 returns week 1 of ISO year y: the week of 4 January.
func week1(y int) Week {
	jan4, _ := Date(y, time.January, 4)
	return WeekOf(jan4)
}

// WeeksIn returns the number of ISO weeks of year y, 52 or 53.
func WeeksIn(y int) int { return int(week1(y+1) - week1(y)) }

func digits[T string | []byte](s T) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// LastCompleteWeek returns the last ISO week that has ended on or before d:
// the week of d when d is a Sunday, otherwise the week before.
func LastCompleteWeek(d Day) Week {
	w := WeekOf(d)
	if w.Sunday() != d {
		w--
	}
	return w
}
