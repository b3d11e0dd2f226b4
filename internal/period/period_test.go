package period

import (
	"errors"
	"testing"
	"time"
)

func TestParseMonth(t *testing.T) {
	good := []struct {
		in   string
		year int
		mon  time.Month
	}{
		{"2026-01", 2026, time.January},
		{"2026-10", 2026, time.October},
		{"2026-12", 2026, time.December},
		{"1900-01", 1900, time.January},
		{"9999-12", 9999, time.December},
	}
	for _, tt := range good {
		m, err := ParseMonth(tt.in)
		if err != nil {
			t.Errorf("ParseMonth(%q): %v", tt.in, err)
			continue
		}
		if m.Year() != tt.year || m.Month() != tt.mon || m != New(tt.year, tt.mon) {
			t.Errorf("ParseMonth(%q) = %d-%d, want %d-%d", tt.in, m.Year(), m.Month(), tt.year, tt.mon)
		}
		if m.String() != tt.in {
			t.Errorf("ParseMonth(%q).String() = %q, want it back unchanged", tt.in, m.String())
		}
		if mb, err := ParseMonth([]byte(tt.in)); err != nil || mb != m {
			t.Errorf("ParseMonth([]byte(%q)) = %v, %v; want %v", tt.in, mb, err, m)
		}
	}

	bad := []string{
		"", "2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-1a", "202a-01",
		"2026-01-31", " 2026-01", "2026-01 ", "1899-12", "-026-01", "2026--1",
	}
	for _, s := range bad {
		if m, err := ParseMonth(s); !errors.Is(err, ErrMonth) {
			t.Errorf("ParseMonth(%q) = %v, %v; want ErrMonth", s, m, err)
		}
		if _, err := ParseMonth([]byte(s)); !errors.Is(err, ErrMonth) {
			t.Errorf("ParseMonth([]byte(%q)): %v; want ErrMonth", s, err)
		}
	}
}

func TestMonthArithmetic(t *testing.T) {
	m := New(2026, time.January)
	if got := m.Add(-1).String(); got != "2025-12" {
		t.Errorf("2026-01 minus one month = %s, want 2025-12", got)
	}
	if got := m.Add(23).String(); got != "2027-12" {
		t.Errorf("2026-01 plus 23 months = %s, want 2027-12", got)
	}
	if got, want := m.First(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("First() = %v, want %v", got, want)
	}
	if got := Of(time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC)); got != New(2026, time.March) {
		t.Errorf("Of(2026-03-31T23:59Z) = %s, want 2026-03", got)
	}
	text, err := New(2026, time.October).MarshalText()
	if err != nil || string(text) != "2026-10" {
		t.Errorf("MarshalText() = %q, %v; want \"2026-10\"", text, err)
	}
}

func TestLabel(t *testing.T) {
	tests := map[Month]string{
		New(2026, time.October):  "Oct 2026",
		New(2026, time.January):  "Jan 2026",
		New(1999, time.December): "Dec 1999",
	}
	for m, want := range tests {
		if got := m.Label(); got != want {
			t.Errorf("%s.Label() = %q, want %q", m, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2024-02-29")
	if err != nil || !d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseDate(2024-02-29) = %v, %v", d, err)
	}
	for _, s := range []string{"", "2023-02-29", "2026-1-31", "31/01/2026", "2026-01-31T00:00:00Z"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q): %v; want ErrDate", s, err)
		}
	}
}

func TestParseAsOf(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2026-10", "2026-10"},    // a month is taken as is
		{"2026-10-31", "2026-10"}, // the last day completes the month
		{"2026-10-30", "2026-09"}, // October is not over yet
		{"2026-10-01", "2026-09"},
		{"2024-02-29", "2024-02"}, // leap day is February's last
		{"2023-02-28", "2023-02"},
		{"2024-02-28", "2024-01"},
		{"2026-12-31", "2026-12"}, // the year turning over must not confuse it
		{"2026-01-15", "2025-12"},
	}
	for _, tt := range tests {
		a, err := ParseAsOf(tt.in)
		if err != nil {
			t.Errorf("ParseAsOf(%q): %v", tt.in, err)
			continue
		}
		if a.Month.String() != tt.want {
			t.Errorf("ParseAsOf(%q).Month = %s, want %s", tt.in, a.Month, tt.want)
		}
	}
	// The day and the week: a month is as of its last day; 2026-10-31 is
	// a Saturday, so its last complete week is the one before, 19-25 October.
	for _, tt := range []struct{ in, day, week string }{
		{"2026-10", "2026-10-31", "2026-W43"},
		{"2026-10-31", "2026-10-31", "2026-W43"},
		{"2026-10-25", "2026-10-25", "2026-W43"}, // a Sunday completes its week
		{"2026-10-24", "2026-10-24", "2026-W42"},
	} {
		a, err := ParseAsOf(tt.in)
		if err != nil || a.Day.String() != tt.day || a.Week.String() != tt.week {
			t.Errorf("ParseAsOf(%q) = %s, %s, %v; want %s, %s", tt.in, a.Day, a.Week, err, tt.day, tt.week)
		}
	}
	for _, s := range []string{"bad", "", "2026-13", "2026-02-30", "2026-10-31T00:00:00Z"} {
		if a, err := ParseAsOf(s); err == nil {
			t.Errorf("ParseAsOf(%q) = %v, want an error", s, a)
		}
	}
}
