package cli_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/cli"
)

// TestAsOfSeesOnlyWhatWasKnown checks the rule that nothing dated after
// the as-of date counts: a build of the sample as of an earlier date gives
// the same metrics.json as a build, as of the same date, of the sample cut
// to what was known on that date. Every dated input is cut: assessments,
// tickets (and their later responses and resolutions), usage, contacts
// (a departure after the date had not happened), NPS, renewals (a
// renewal due later stays open until it is decided, and one decided early
// is out of the book either way), costs, revenue, ARR and initiatives.
func TestAsOfSeesOnlyWhatWasKnown(t *testing.T) {
	full := t.TempDir()
	if err := os.CopyFS(full, os.DirFS("../../sample-data")); err != nil {
		t.Fatal(err)
	}
	// An initiative launched late in October, so that the initiatives too
	// have a row after the earlier dates.
	f, err := os.OpenFile(filepath.Join(full, "initiatives.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("Churn playbook,Dana Whitaker,2026-10-20,10,2,95.00,5000.00,100.00\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// One week before the data ends, a day in the middle of October (after
	// the last assessment's date), a month end, and before the last
	// assessment and the latest initiatives.
	for _, date := range []string{"2026-10-24", "2026-10-16", "2026-09-30", "2026-08-12"} {
		t.Run(date, func(t *testing.T) {
			day, err := time.Parse(time.DateOnly, date)
			if err != nil {
				t.Fatal(err)
			}
			cut := t.TempDir()
			cutData(t, full, cut, day)
			early := buildMetrics(t, full, date)
			known := buildMetrics(t, cut, date)
			if d := firstDiff(early, known); d != "" {
				t.Errorf("as of %s, the full data and the data cut at that date differ:\n%s", date, d)
			}
		})
	}
}

// buildMetrics builds the data folder as of date and returns its
// metrics.json.
func buildMetrics(t *testing.T, data, date string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	var stderr bytes.Buffer
	args := []string{"build", "--config", "../../boardpack.toml", "--data", data, "--as-of", date, "--no-pdf", "--quiet", "--out", out}
	if code := cli.Run(args, new(bytes.Buffer), &stderr); code != cli.ExitOK {
		t.Fatalf("boardpack %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	js, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// cutData writes into to the extracts of from as they stood at the end of
// day: rows dated later dropped, and what happened later undone.
func cutData(t *testing.T, from, to string, day time.Time) {
	t.Helper()
	end := day.Add(24*time.Hour - time.Second)
	after := func(layout, s string) bool {
		v, err := time.Parse(layout, s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v.After(end)
	}
	date := func(s string) bool { return after(time.DateOnly, s) }
	// A month's figures are as of its last day.
	month := func(s string) bool { return date(lastDay(t, s)) }
	stamp := func(s string) bool { return s != "" && after(time.RFC3339, s) }
	week := func(s string) bool { return date(sunday(t, s)) }
	type cutter func(row map[string]string) bool // false drops the row
	cutters := map[string]cutter{
		"arr_monthly.csv":     func(r map[string]string) bool { return !month(r["month"]) },
		"cs_costs.csv":        func(r map[string]string) bool { return !month(r["month"]) },
		"revenue_monthly.csv": func(r map[string]string) bool { return !month(r["month"]) },
		"assessments.csv":     func(r map[string]string) bool { return !date(r["date"]) },
		"initiatives.csv":     func(r map[string]string) bool { return !date(r["launched"]) },
		"nps.csv":             func(r map[string]string) bool { return !date(r["date"]) },
		"usage_weekly.csv":    func(r map[string]string) bool { return !week(r["week"]) },
		"tickets.csv": func(r map[string]string) bool {
			for _, c := range []string{"first_response_at", "resolved_at"} {
				if stamp(r[c]) {
					r[c] = ""
				}
			}
			return !stamp(r["opened_at"])
		},
		"contacts.csv": func(r map[string]string) bool {
			if r["left_on"] != "" && date(r["left_on"]) {
				r["left_on"], r["active"] = "", "true"
			}
			return true
		},
		"renewals.csv": func(r map[string]string) bool { return !date(r["renewal_date"]) || r["outcome"] == "open" },
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if keep, ok := cutters[e.Name()]; ok {
			data = cutRows(t, data, keep)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cutRows rewrites a CSV file through keep, which may change a row and
// returns whether to keep it.
func cutRows(t *testing.T, data []byte, keep func(map[string]string) bool) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := recs[0]
	w.Write(head)
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, c := range head {
			row[c] = rec[i]
		}
		if !keep(row) {
			continue
		}
		for i, c := range head {
			rec[i] = row[c]
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// lastDay returns the last day of month m (YYYY-MM) as YYYY-MM-DD.
func lastDay(t *testing.T, m string) string {
	first, err := time.Parse("2006-01", m)
	if err != nil {
		t.Fatal(err)
	}
	return first.AddDate(0, 1, -1).Format(time.DateOnly)
}

// sunday returns the last day of ISO week w (YYYY-Www) as YYYY-MM-DD.
func sunday(t *testing.T, w string) string {
	var year, week int
	if _, err := fmt.Sscanf(w, "%d-W%d", &year, &week); err != nil {
		t.Fatalf("week %q: %v", w, err)
	}
	// 4 January is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	return monday.AddDate(0, 0, 6).Format(time.DateOnly)
}
