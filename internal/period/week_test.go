package period

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func day(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWeeks(t *testing.T) {
	// ISO weeks checked by hand against a calendar, across year
	// boundaries in both directions.
	tests := []struct {
		date string
		week string
		mon  string
	}{
		{"1970-01-01", "1970-W01", "1969-12-29"},
		{"1969-12-28", "1969-W52", "1969-12-22"},
		{"2026-11-22", "2026-W47", "2026-11-16"}, // a Sunday
		{"2026-11-16", "2026-W47", "2026-11-16"}, // a Monday
		{"2026-11-23", "2026-W48", "2026-11-23"},
		{"2020-12-31", "2020-W53", "2020-12-28"}, // 2020 has 53 weeks
		{"2021-01-03", "2020-W53", "2020-12-28"}, // a Sunday in 2021, week of 2020
		{"2021-01-04", "2021-W01", "2021-01-04"},
		{"2024-12-30", "2025-W01", "2024-12-30"}, // a Monday in 2024, week of 2025
		{"2026-01-01", "2026-W01", "2025-12-29"},
		{"2027-01-03", "2026-W53", "2026-12-28"}, // 2026 has 53 weeks too
	}
	for _, tt := range tests {
		w := WeekOf(day(tt.date))
		if got := w.String(); got != tt.week {
			t.Errorf("WeekOf(%s) = %s, want %s", tt.date, got, tt.week)
		}
		if got := w.Monday().String(); got != tt.mon {
			t.Errorf("WeekOf(%s).Monday() = %s, want %s", tt.date, got, tt.mon)
		}
		if got := w.Sunday() - w.Monday(); got != 6 {
			t.Errorf("week %s lasts %d days", w, got+1)
		}
		for _, s := range []string{tt.week, tt.date} {
			p, err := ParseWeek(s)
			if err != nil || p != w {
				t.Errorf("ParseWeek(%q) = %s, %v; want %s", s, p, err, w)
			}
		}
	}
	if got := WeekOf(day("2026-11-23")) - WeekOf(day("2025-11-24")); got != 52 {
		t.Errorf("2025-W48 to 2026-W48 = %d weeks, want 52", got)
	}
	for _, s := range []string{"2025-W53", "2026-W00", "2026-W5", "2026W47", "2026-X47", "2026-11", "", "2026-02-30"} {
		if _, err := ParseWeek(s); !errors.Is(err, ErrWeek) {
			t.Errorf("ParseWeek(%q): %v, want ErrWeek", s, err)
		}
	}
}

func TestLastCompleteWeek(t *testing.T) {
	for _, tt := range []struct{ asOf, week string }{
		{"2026-11-22", "2026-W47"}, // Sunday: its own week has ended
		{"2026-11-21", "2026-W46"}, // Saturday: the week before
		{"2026-11-23", "2026-W47"}, // Monday
		{"2026-10-31", "2026-W43"}, // end of October 2026 is a Saturday
	} {
		if got := LastCompleteWeek(day(tt.asOf)).String(); got != tt.week {
			t.Errorf("LastCompleteWeek(%s) = %s, want %s", tt.asOf, got, tt.week)
		}
	}
}

func TestDays(t *testing.T) {
	d := day("2026-10-31")
	if got := New(2026, time.October).LastDay(); got != d {
		t.Errorf("LastDay(2026-10) = %s, want 2026-10-31", got)
	}
	if got := New(2024, time.February).LastDay().String(); got != "2024-02-29" {
		t.Errorf("LastDay(2024-02) = %s", got)
	}
	if got := d.Month(); got != New(2026, time.October) {
		t.Errorf("Month() = %s", got)
	}
	if got := DayOfUnix(d.Unix() + 86399); got != d {
		t.Errorf("DayOfUnix(last second) = %s", got)
	}
	if got := DayOfUnix(-1).String(); got != "1969-12-31" {
		t.Errorf("DayOfUnix(-1) = %s", got)
	}
	if got := (d - 90).String(); got != "2026-08-02" {
		t.Errorf("90 days before 2026-10-31 = %s, want 2026-08-02", got)
	}
}

// refDay and refWeek are ParseDay and ParseWeek as the time package
// computes them, for comparison with the hand-written arithmetic.
func refDay(s string) (Day, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	return DayOf(t), true
}

func refWeek(s string) (Week, bool) {
	if len(s) == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') {
		y, ok := digits(s[:4])
		n, ok2 := digits(s[6:])
		if !ok || !ok2 || y < 1900 || n < 1 {
			return 0, false
		}
		w := WeekOf(DayOf(time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC))) + Week(n-1)
		if yy, _ := w.ISO(); yy != y {
			return 0, false
		}
		return w, true
	}
	d, ok := refDay(s)
	return WeekOf(d), ok
}

// randomDate returns a date-like string: mostly well formed, sometimes out
// of range or mangled.
func randomDate(r *rand.Rand) string {
	s := fmt.Sprintf("%04d-%02d-%02d", r.IntN(10000), r.IntN(14), r.IntN(33))
	if r.IntN(3) == 0 {
		s = fmt.Sprintf("%04d-%02d-%02d", 1890+r.IntN(250), 1+r.IntN(12), 1+r.IntN(31))
	}
	if r.IntN(10) == 0 {
		b := []byte(s)
		b[r.IntN(len(b))] = "0123456789-W+ x"[r.IntN(15)]
		s = string(b)
	}
	if r.IntN(20) == 0 {
		s = s[:r.IntN(len(s))]
	}
	return s
}

func TestParseDayAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 200000 {
		s := randomDate(r)
		want, wantOK := refDay(s)
		got, err := ParseDay(s)
		if (err == nil) != wantOK || got != want && wantOK {
			t.Fatalf("ParseDay(%q) = %s, %v; time.Parse gives %s, %v", s, got, err, want, wantOK)
		}
	}
	// Every day of four centuries, leap days and all.
	for d := day("1900-01-01"); d < day("2300-01-01"); d++ {
		if got, err := ParseDay(d.String()); err != nil || got != d {
			t.Fatalf("ParseDay(%s) = %s, %v", d, got, err)
		}
	}
}

func TestParseWeekAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 200000 {
		s := randomDate(r)
		if r.IntN(2) == 0 {
			s = fmt.Sprintf("%04d-%c%02d", 1880+r.IntN(300), "WwX"[r.IntN(3)], r.IntN(55))
		}
		want, wantOK := refWeek(s)
		got, err := ParseWeek(s)
		if (err == nil) != wantOK || got != want && wantOK {
			t.Fatalf("ParseWeek(%q) = %s, %v; the time package gives %s, %v", s, got, err, want, wantOK)
		}
	}
}

func TestWeeksIn(t *testing.T) {
	for y, want := range map[int]int{2020: 53, 2021: 52, 2025: 52, 2026: 53, 2027: 52, 2032: 53} {
		if got := WeeksIn(y); got != want {
			t.Errorf("WeeksIn(%d) = %d, want %d", y, got, want)
		}
	}
}
