package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func week(t *testing.T, s string) period.Week {
	t.Helper()
	w, err := period.ParseWeek(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestScan lists period folders with a metrics.json, oldest first across
// a year boundary, and reads their headline figures.
func TestScan(t *testing.T) {
	out := t.TempDir()
	write(t, filepath.Join(out, "2027-W01", "metrics.json"), `{"as_of":"2026-12","retention":{"t12m":{"nrr":1.05,"grr":null}},"bridge":{"t12m":{"end":1200.5}},"indicators":{"renewals":{"at_risk_arr_90d":300}}}`)
	write(t, filepath.Join(out, "2026-W53", "metrics.json"), `{"as_of":"2026-11","cost":{"t12m":{"cost_to_retain":0.08}}}`)
	write(t, filepath.Join(out, "2026-W52", "index.html"), "no metrics.json: not a published period")
	write(t, filepath.Join(out, "assets", "metrics.json"), "{}")
	write(t, filepath.Join(out, "index.html"), "")
	got, err := Scan(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Period != "2026-W53" || got[1].Period != "2027-W01" {
		t.Fatalf("periods = %+v, want 2026-W53 then 2027-W01", got)
	}
	if got[1].Week != week(t, "2027-W01") || got[1].Week != got[0].Week+1 {
		t.Errorf("weeks %d, %d are not consecutive", got[0].Week, got[1].Week)
	}
	h := got[1].Headline
	if h.Retention.T12M.NRR.Value != 1.05 || !h.Retention.T12M.NRR.OK || h.Retention.T12M.GRR.OK {
		t.Errorf("retention = %+v", h.Retention.T12M)
	}
	if h.Bridge.T12M.End != money.Amount(120050) {
		t.Errorf("ending ARR = %d cents, want 120050", h.Bridge.T12M.End)
	}
	if a, ok := h.AtRiskARR(); !ok || a != 30000 {
		t.Errorf("at-risk ARR = %d, %v", a, ok)
	}
	if _, ok := h.CostToRetain(); ok {
		t.Errorf("cost to retain of a period without costs")
	}
	if c, ok := got[0].Headline.CostToRetain(); !ok || c.Value != 0.08 {
		t.Errorf("cost to retain = %+v, %v", c, ok)
	}
	if b := Before(got, week(t, "2027-W01")); b == nil || b.Period != "2026-W53" {
		t.Errorf("before 2027-W01 = %+v", b)
	}
	if b := Before(got, week(t, "2026-W53")); b != nil {
		t.Errorf("before the first = %+v", b)
	}
	if b := Before(got, week(t, "2027-W05")); b == nil || b.Period != "2027-W01" {
		t.Errorf("before a later week = %+v", b)
	}
	if err := ReadPages(out, &got[0]); err != nil || !got[0].Pages["metrics.json"] || len(got[0].Pages) != 1 {
		t.Errorf("pages = %v, %v", got[0].Pages, err)
	}
}

func TestScanAbsentAndBroken(t *testing.T) {
	got, err := Scan(filepath.Join(t.TempDir(), "none"))
	if err != nil || got != nil {
		t.Errorf("absent folder: %v, %v", got, err)
	}
	out := t.TempDir()
	write(t, filepath.Join(out, "2026-W40", "metrics.json"), "{not json")
	_, err = Scan(out)
	if err == nil || !strings.Contains(err.Error(), filepath.Join("2026-W40", "metrics.json")) {
		t.Errorf("broken metrics.json: %v", err)
	}
}
