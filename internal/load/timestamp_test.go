package load

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"
	"time"
)

// refLayouts are the layouts of time.Parse that parseTimestamp stands for.
var refLayouts = func() []string {
	out := []string{time.DateOnly}
	for _, sep := range []string{"T", " "} {
		for _, sec := range []string{":05", ""} {
			for _, zone := range []string{"", "Z07:00", "Z0700", "Z07"} {
				out = append(out, "2006-01-02"+sep+"15:04"+sec+zone)
			}
		}
	}
	return out
}()

// refStrict is what parseTimestamp asks beyond time.Parse: two-digit hours
// (time.Parse takes "9:05" for the layout 15:04) and offsets of less than
// a day (time.Parse takes up to +24:60).
var refStrict = regexp.MustCompile(`^.{10}([T ]\d\d:.*?([+-](\d\d):?(\d\d)?)?)?$`)

// refTimestamp parses s with time.Parse.
func refTimestamp(s string) (int64, bool) {
	m := refStrict.FindStringSubmatch(s)
	if m == nil || m[3] > "23" || m[4] > "59" {
		return 0, false
	}
	for _, l := range refLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Unix(), true
		}
	}
	return 0, false
}

// randomTimestamp returns a timestamp-like string: of every accepted form,
// and often mangled.
func randomTimestamp(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	s := fmt.Sprintf("%04d-%02d-%02d", 1960+r.IntN(100), 1+r.IntN(12), 1+r.IntN(31))
	if r.IntN(8) == 0 {
		return s
	}
	s += pick("T", " ", "t", "_")
	s += fmt.Sprintf("%02d:%02d", r.IntN(25), r.IntN(61))
	if r.IntN(5) > 0 {
		s += fmt.Sprintf(":%02d", r.IntN(61))
		if r.IntN(3) == 0 {
			s += pick(".", ",") + fmt.Sprintf("%09d", r.IntN(1000000000))[:1+r.IntN(9)]
		}
	}
	switch r.IntN(7) {
	case 0, 1:
	case 2:
		s += pick("Z", "z")
	case 3:
		s += fmt.Sprintf("%c%02d:%02d", "+-"[r.IntN(2)], r.IntN(26), r.IntN(62))
	case 4:
		s += fmt.Sprintf("%c%02d%02d", "+-"[r.IntN(2)], r.IntN(26), r.IntN(62))
	case 5:
		s += fmt.Sprintf("%c%02d", "+-"[r.IntN(2)], r.IntN(26))
	default:
		s += pick("+2", "+02:0", "UTC", " ", "Z ", "+02:00Z")
	}
	if r.IntN(12) == 0 {
		b := []byte(s)
		b[r.IntN(len(b))] = "09:-+.TZ x"[r.IntN(10)]
		s = string(b)
	}
	if r.IntN(20) == 0 {
		s = s[:r.IntN(len(s)+1)]
	}
	return s
}

func TestParseTimestampAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 9))
	valid := 0
	for range 300000 {
		s := randomTimestamp(r)
		want, wantOK := refTimestamp(s)
		got, ok := parseTimestamp(s)
		if ok != wantOK || ok && got != want {
			t.Fatalf("parseTimestamp(%q) = %d, %v; time.Parse gives %d, %v", s, got, ok, want, wantOK)
		}
		if ok {
			valid++
		}
	}
	if valid < 50000 || valid > 250000 {
		t.Errorf("%d valid timestamps of 300000: the generator is off balance", valid)
	}
}

func TestParseTimestamp(t *testing.T) {
	const t0 = 1793455500 // 2026-10-31T14:05:00Z
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"2026-10-31T14:05:00Z", t0},
		{"2026-10-31T14:05:00", t0}, // no zone: UTC
		{"2026-10-31 14:05:00", t0},
		{"2026-10-31T16:05:00+02:00", t0}, // converted to UTC
		{"2026-10-31T09:05:00-0500", t0},
		{"2026-10-31T15:05:00+01", t0},
		{"2026-10-31T14:05:00.999Z", t0}, // fractions are dropped, not rounded
		{"2026-10-31T14:05:00,5", t0},
		{"2026-10-31T14:05Z", t0},
		{"2026-10-31", t0 - 14*3600 - 5*60},                // midnight UTC
		{"2026-11-01T01:00:00+02:00", t0 + 8*3600 + 55*60}, // the day before in UTC
	} {
		if got, ok := parseTimestamp(tt.in); !ok || got != tt.want {
			t.Errorf("parseTimestamp(%q) = %d, %v; want %d", tt.in, got, ok, tt.want)
		}
	}
	for _, s := range []string{"", "2026-10-31T", "2026-10-31T24:00:00Z", "2026-10-31T14:05:60Z", "2026-02-29T00:00:00Z",
		"2026-10-31T14:05:00+24:00", "2026-10-31T9:05:00Z", "2026-10-31T14:05:00 UTC", "31/10/2026", "1793369100"} {
		if got, ok := parseTimestamp(s); ok {
			t.Errorf("parseTimestamp(%q) = %d, want an error", s, got)
		}
	}
}

func BenchmarkParseTimestamp(b *testing.B) {
	in := []byte("2026-10-31T14:05:00+02:00")
	for b.Loop() {
		parseTimestamp(in)
	}
}
