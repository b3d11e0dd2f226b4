package load

import (
	"math"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// initiativeRecord is a row of initiatives.csv as text.
type initiativeRecord struct {
	Name         string `csv:"initiative"`
	Owner        string `csv:"owner"`
	Launched     string `csv:"launched"`
	CSMsAffected string `csv:"csms_affected"`
	HoursPerCSM  string `csv:"hours_saved_per_csm_per_month"`
	HourlyCost   string `csv:"loaded_hourly_cost"`
	OneTimeCost  string `csv:"one_time_cost"`
	MonthlyCost  string `csv:"monthly_cost"`
}

// readInitiatives reads initiatives.csv, keeping the file's order and the
// line of each initiative for later warnings about it. It returns nil when
// f is nil (the file is missing) or has problems.
func readInitiatives(f *file, issues *diag.List) ([]metrics.Initiative, []int, *Source) {
	if f == nil {
		return nil, nil, nil
	}
	rows, cols, ok := readTable[initiativeRecord](f, issues, required(InitiativesFile)...)
	if !ok {
		return nil, nil, nil
	}
	before := issues.Total
	list := make([]metrics.Initiative, 0, len(rows))
	lines := make([]int, 0, len(rows))
	first := make(map[string]int, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in,
		// so that every problem of the row is reported and a capped list
		// keeps the first ones.
		csms, csmsOK := parseCount(f.name, line, "csms_affected", rec.CSMsAffected, issues)
		hours, hoursOK := parseHundredths(f.name, line, "hours_saved_per_csm_per_month", rec.HoursPerCSM, "6.5", issues)
		name := strings.TrimSpace(rec.Name)
		nameOK := false
		switch l, dup := first[name]; {
		case name == "":
			issues.Addf(f.name, line, "initiative", "empty: every initiative needs a name")
		case dup:
			issues.Addf(f.name, line, "initiative", "duplicate initiative %q (first on line %d)", name, l)
		default:
			first[name] = line
			nameOK = true
		}
		launched, err := period.ParseDate(strings.TrimSpace(rec.Launched))
		if err != nil {
			issues.Addf(f.name, line, "launched", "cannot parse %q as a date (YYYY-MM-DD)", rec.Launched)
		}
		hourly, hourlyOK := parseAmount(f.name, line, "loaded_hourly_cost", rec.HourlyCost, issues)
		monthly, monthlyOK := parseAmount(f.name, line, "monthly_cost", rec.MonthlyCost, issues)
		oneTime, oneTimeOK := parseAmount(f.name, line, "one_time_cost", rec.OneTimeCost, issues)
		if !csmsOK || !hoursOK || !nameOK || err != nil || !hourlyOK || !monthlyOK || !oneTimeOK {
			continue
		}
		m := period.Of(launched)
		months.add(m)
		list = append(list, metrics.Initiative{
			Name:         name,
			Owner:        strings.TrimSpace(rec.Owner),
			Launched:     m,
			LaunchedOn:   period.DayOf(launched),
			CSMsAffected: csms,
			HoursPerCSM:  hours,
			HourlyCost:   hourly,
			OneTimeCost:  oneTime,
			MonthlyCost:  monthly,
		})
		lines = append(lines, line)
	}
	if issues.Total > before {
		return nil, nil, nil
	}
	src := months.source(f, len(rows), cols.unknown(initiativeColumns))
	return list, lines, &src
}

// parseCount parses s, a required whole number of people in column col
// that must not be negative, reporting a problem at line.
func parseCount(file string, line int, col, s string, issues *diag.List) (int64, bool) {
	return parseWhole(file, line, col, strings.TrimSpace(s), math.MaxInt64, issues)
}

// parseWhole parses s, a whole number in column col from 0 to most,
// reporting a problem at line. s is trimmed.
func parseWhole[T string | []byte](file string, line int, col string, s T, most int64, issues *diag.List) (int64, bool) {
	// Most values are a few digits: they take a loop of a few steps.
	if len(s) > 0 && len(s) < 19 {
		var n int64
		i := 0
		for ; i < len(s) && isDigit(s[i]); i++ {
			n = n*10 + int64(s[i]-'0')
		}
		if i == len(s) && n <= most {
			return n, true
		}
	}
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		i, neg = 1, s[0] == '-'
	}
	var n int64
	syntax, large := i == len(s), false
	for ; i < len(s) && !syntax; i++ {
		c := s[i]
		switch {
		case !isDigit(c):
			syntax = true
		case n > (math.MaxInt64-9)/10:
			large = true
		default:
			n = n*10 + int64(c-'0')
		}
	}
	switch {
	case syntax:
		issues.Addf(file, line, col, "cannot parse %s as a whole number such as 12", quote(s))
	case neg && (n > 0 || large):
		issues.Addf(file, line, col, "%s must not be negative, got %s", col, s)
	case large || n > most:
		issues.Addf(file, line, col, "cannot use %s: too large", quote(s))
	default:
		return n, true
	}
	return 0, false
}

// parseScale parses s, a whole number from lo to hi in column col, such
// as a score, reporting a problem at line. s is trimmed; what names the
// value for the message.
func parseScale[T string | []byte](file string, line int, col string, s T, lo, hi int, what string, issues *diag.List) (int8, bool) {
	n, ok := 0, len(s) > 0 && len(s) <= 2
	for i := 0; ok && i < len(s); i++ {
		ok = isDigit(s[i])
		n = n*10 + int(s[i]-'0')
	}
	if !ok || n < lo || n > hi {
		issues.Addf(file, line, col, "cannot use %s: %s is a whole number from %d to %d", quote(s), what, lo, hi)
		return 0, false
	}
	return int8(n), true
}
