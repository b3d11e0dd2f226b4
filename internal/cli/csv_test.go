package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notInMetrics lists the CSVs whose figures metrics.json does not hold,
// each with the reason: per-account rows, month-end totals and running
// sums the pages show beside the published figures.
var notInMetrics = map[string]string{
	"retention-total-arr-at-month-end.csv":            "ARR of every month, not a published figure",
	"cost-qbr-deck-automation.csv":                    "cumulative savings by month",
	"cost-renewal-risk-alerts.csv":                    "cumulative savings by month",
	"cost-account-data-hub.csv":                       "cumulative savings by month",
	"cost-onboarding-playbook-in-the-cs-platform.csv": "cumulative savings by month",
	"cost-productivity-by-csm.csv":                    "book ARR of today's books",
	"data-quality-targets.csv":                        "targets are inputs",
}

// perAccount matches the CSVs of a CSM book's accounts: figures of single
// accounts, which metrics.json does not list.
var perAccount = regexp.MustCompile(`^csm/[a-z0-9-]+-(accounts|at-risk-accounts)\.csv$`)

// accountsTotal matches the label of the watch list's total row, a sum
// that metrics.json leaves to its readers.
var accountsTotal = regexp.MustCompile(`^[0-9,]+ accounts$`)

// TestCSVMatchesMetrics builds the sample and reads every CSV the site
// links: each is linked from its page, every amount and fraction in it is
// a figure of metrics.json to the last digit (amounts to the cent), and
// the bridge, segment and trend tables hold exactly metrics.json's rows.
func TestCSVMatchesMetrics(t *testing.T) {
	out := buildSample(t, "--no-pdf")
	js, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	figures := map[string]bool{} // exact decimal values, as big.Rat strings
	var doc any
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case json.Number:
			figures[exact(t, v.String())] = true
		}
	}
	walk(doc)

	tables := map[string][][]string{}
	var checked, figuresSeen int
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".csv") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "2026-W") {
			return nil // the period's copy of the root's files
		}
		rows := readCSV(t, p)
		tables[rel] = rows
		if notInMetrics[rel] != "" || perAccount.MatchString(rel) {
			return nil
		}
		checked++
		for c, h := range rows[0] {
			if !strings.HasSuffix(h, " (USD)") && !strings.HasSuffix(h, " (fraction)") {
				continue
			}
			for _, r := range rows[1:] {
				if r[c] == "" || r[0] == "New / reactivated / churned logos" || accountsTotal.MatchString(r[0]) {
					continue // counts of logos in a column of amounts; the watch list's sum
				}
				figuresSeen++
				// Contraction and churn are negative in tables, as on the
				// page, and positive in metrics.json.
				if !figures[exact(t, strings.TrimPrefix(r[c], "-"))] && !figures[exact(t, r[c])] {
					t.Errorf("%s: %s %q of row %q is not a figure of metrics.json", rel, h, r[c], r[0])
				}
			}
		}
		return nil
	})
	if checked < 25 || figuresSeen < 500 {
		t.Errorf("only %d CSVs and %d figures checked", checked, figuresSeen)
	}

	// Every CSV is linked from a page.
	links := map[string]bool{}
	href := regexp.MustCompile(`class="download" href="([^"]+)"`)
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			html, _ := os.ReadFile(p)
			for _, m := range href.FindAllSubmatch(html, -1) {
				l, _ := filepath.Rel(out, filepath.Join(filepath.Dir(p), string(m[1])))
				links[filepath.ToSlash(l)] = true
			}
		}
		return err
	})
	for rel := range tables {
		if !links[rel] {
			t.Errorf("%s is linked from no page", rel)
		}
	}

	// The tables that are metrics.json's own rows, row by row.
	var m struct {
		Bridge struct {
			T12M map[string]any `json:"t12m"`
		} `json:"bridge"`
		Retention struct {
			BySegment map[string]map[string]any `json:"by_segment"`
			Trend     []map[string]any          `json:"trend"`
		} `json:"retention"`
	}
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	bridge := tables["index-arr-bridge.csv"]
	want := [][]string{{"Movement", "ARR (USD)"}}
	for _, k := range [][2]string{{"Starting ARR, all accounts", "start"}, {"New", "new"}, {"Expansion", "expansion"}, {"Reactivation", "reactivation"},
		{"Contraction", "contraction"}, {"Churn", "churn"}, {"Ending ARR, all accounts", "end"}} {
		v := m.Bridge.T12M[k[1]].(json.Number).String()
		if k[1] == "contraction" || k[1] == "churn" {
			v = "-" + v
		}
		want = append(want, []string{k[0], v})
	}
	sameRows(t, "index-arr-bridge.csv", bridge, want)

	seg := tables["index-retention-by-segment.csv"]
	if len(seg) != len(m.Retention.BySegment)+3 { // the header, the cohort's total and all accounts
		t.Errorf("index-retention-by-segment.csv has %d rows for %d segments", len(seg)-3, len(m.Retention.BySegment))
	}
	cols := []string{"cohort_accounts", "starting_arr", "expansion", "contraction", "churn", "ending_arr", "nrr", "grr", "logo_retention"}
	for _, r := range seg[1 : len(seg)-2] {
		s := m.Retention.BySegment[r[0]]
		for i, k := range cols {
			if exact(t, strings.TrimPrefix(r[i+1], "-")) != exact(t, s[k].(json.Number).String()) {
				t.Errorf("segment %s: %s is %s in the CSV, %s in metrics.json", r[0], k, r[i+1], s[k])
			}
		}
	}
	trend := tables["retention-trailing-12-month-retention.csv"]
	if len(trend) != len(m.Retention.Trend)+1 {
		t.Fatalf("the trend CSV has %d rows for %d months", len(trend)-1, len(m.Retention.Trend))
	}
	for i, p := range m.Retention.Trend {
		for j, k := range []string{"nrr", "grr", "logo_retention"} {
			if got := trend[i+1][j+1]; exact(t, got) != exact(t, p[k].(json.Number).String()) {
				t.Errorf("trend %v: %s is %s in the CSV, %v in metrics.json", p["month"], k, got, p[k])
			}
		}
	}
}

// exact returns the decimal s as an exact rational's string, so that
// 1200.50 and 1200.5 are the same figure.
func exact(t *testing.T, s string) string {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Errorf("%q is not a plain number", s)
		return s
	}
	return r.RatString()
}

// readCSV reads a CSV the site wrote: UTF-8 with a byte-order mark, the
// same number of fields on every row.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Errorf("%s: no byte-order mark", path)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil && err != io.EOF {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) < 2 {
		t.Errorf("%s: %d rows", path, len(rows))
	}
	return rows
}

func sameRows(t *testing.T, name string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d:\n%v", name, len(got), len(want), got)
		return
	}
	for i := range want {
		for j := range want[i] {
			g, w := got[i][j], want[i][j]
			if i > 0 && j > 0 {
				g, w = exact(t, g), exact(t, w)
			}
			if g != w {
				t.Errorf("%s row %d column %d: %s, want %s", name, i, j, got[i][j], want[i][j])
			}
		}
	}
}
