package money

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{"12000", 1200000, nil},
		{"12000.5", 1200050, nil},
		{"12000.50", 1200050, nil},
		{"0.07", 7, nil},
		{"0", 0, nil},
		{"-3.25", -325, nil},
		{"-0.05", -5, nil},
		// Zeros past the cents lose nothing, so they are accepted.
		{"1.230", 123, nil},
		{"1.2300000", 123, nil},
		{"10000000000000", FromUnits(10_000_000_000_000), nil}, // the largest accepted

		// A non-zero third decimal would have to be rounded away, and the
		// report would no longer tie to the extract.
		{"1.235", 0, ErrPrecision},
		{"0.001", 0, ErrPrecision},
		{"-1.2301", 0, ErrPrecision},

		{"", 0, ErrSyntax},
		{"-", 0, ErrSyntax},
		{".", 0, ErrSyntax},
		{"-.", 0, ErrSyntax},
		{"12k", 0, ErrSyntax},
		{"1,000", 0, ErrSyntax},
		{"$5", 0, ErrSyntax},
		{"5$", 0, ErrSyntax},
		{"1e5", 0, ErrSyntax},
		{"1.2.3", 0, ErrSyntax},
		{"--1", 0, ErrSyntax},
		{" 5", 0, ErrSyntax}, // callers trim; Parse itself does not
		{"5 ", 0, ErrSyntax},
		{"NaN", 0, ErrSyntax},

		{"10000000000001", 0, ErrRange},
		{"99999999999999999999999", 0, ErrRange},
		{"-99999999999999999999999.5", 0, ErrRange},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
		// The []byte form is what the arr_monthly.csv fast path uses.
		gotB, errB := Parse([]byte(tt.in))
		if gotB != got || !errors.Is(errB, tt.err) {
			t.Errorf("Parse([]byte(%q)) = %d, %v; want the same as the string form, %d, %v", tt.in, gotB, errB, got, err)
		}
	}
}

func TestFromUnits(t *testing.T) {
	if got := FromUnits(-12); got != -1200 {
		t.Errorf("FromUnits(-12) = %d cents, want -1200", got)
	}
	if got := Amount(1234).Float(); got != 12.34 {
		t.Errorf("Amount(1234).Float() = %v, want 12.34", got)
	}
}

func TestStringAndJSON(t *testing.T) {
	tests := []struct {
		a    Amount
		str  string
		json string
	}{
		{0, "0.00", "0"},
		{120000, "1200.00", "1200"},
		{120050, "1200.50", "1200.5"},
		{120005, "1200.05", "1200.05"},
		{-5, "-0.05", "-0.05"},
		{-123450, "-1234.50", "-1234.5"},
		{1000, "10.00", "10"}, // the integer part's zeros stay
		{7, "0.07", "0.07"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.str {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(tt.a), got, tt.str)
		}
		if got := string(tt.a.Append([]byte("x="))); got != "x="+tt.str {
			t.Errorf("Amount(%d).Append = %q, want %q", int64(tt.a), got, "x="+tt.str)
		}
		got, err := json.Marshal(tt.a)
		if err != nil {
			t.Fatalf("json.Marshal(Amount(%d)): %v", int64(tt.a), err)
		}
		if string(got) != tt.json {
			t.Errorf("json.Marshal(Amount(%d)) = %s, want %s", int64(tt.a), got, tt.json)
		}
	}
}

// TestRoundTrip checks that what String writes, Parse reads back exactly,
// so an amount survives being written to metrics.json and read again.
func TestRoundTrip(t *testing.T) {
	for _, a := range []Amount{0, 1, -1, 99, 100, 12345678, -12345678, FromUnits(10_000_000_000_000)} {
		got, err := Parse(a.String())
		if err != nil || got != a {
			t.Errorf("Parse(%q) = %d, %v; want %d", a.String(), got, err, int64(a))
		}
		j, _ := a.MarshalJSON()
		got, err = Parse(j)
		if err != nil || got != a {
			t.Errorf("Parse(%s) (from MarshalJSON) = %d, %v; want %d", j, got, err, int64(a))
		}
	}
}

func TestUnmarshalJSON(t *testing.T) {
	var a Amount
	if err := a.UnmarshalJSON([]byte("84149889.08")); err != nil || a != 8414988908 {
		t.Errorf("got %d, %v", a, err)
	}
	if err := a.UnmarshalJSON([]byte(`"12"`)); err == nil {
		t.Error("a JSON string is not an amount")
	}
}
