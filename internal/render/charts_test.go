package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/report"
)

func TestChartOptionIsDataOnly(t *testing.T) {
	v := 0.5
	hostile := `</script><script>alert(1)</script>`
	c := report.Chart{
		ID: "t", Kind: report.Lines, Unit: report.Fraction,
		Categories: []string{hostile},
		Series:     []report.Series{{Name: hostile, Values: []*float64{&v}, Labels: []string{hostile}}},
		Band:       &report.Band{From: 0.05, To: 0.15, Label: "typical"},
	}
	js, err := chartOption(c, "USD")
	if err != nil {
		t.Fatal(err)
	}
	// encoding/json writes < and > as \u003c and \u003e: nothing in the
	// option can close an element, whatever the data holds.
	if strings.ContainsAny(js, "<>") {
		t.Errorf("option has raw angle brackets: %s", js)
	}
	var opt map[string]any
	if err := json.Unmarshal([]byte(js), &opt); err != nil {
		t.Fatal(err)
	}
	if opt["animation"] != false {
		t.Error("charts are printed: animation must be off")
	}
	series := opt["series"].([]any)[0].(map[string]any)
	if series["name"] != hostile || series["markArea"] == nil {
		t.Errorf("series = %v", series)
	}
	// The axis runs from 0 to a point above the higher of the band (15%)
	// and the data (50%).
	if ax := opt["yAxis"].([]any)[0].(map[string]any); ax["min"] != 0.0 || ax["max"] != 0.51 {
		t.Errorf("the band and data must be on the axis: %v", ax)
	}
	if _, err := chartOption(report.Chart{ID: "bad-id", Kind: report.Lines}, "USD"); err == nil {
		t.Error("a chart id with a dash was accepted")
	}
}

func TestTableHTMLEscapes(t *testing.T) {
	got := string(tableHTML(report.Table{
		Caption: "<b>x</b>",
		Head:    []report.Cell{{Text: "A"}},
		Rows: [][]report.Cell{
			{{Text: `<img src=x onerror=alert(1)>`, Href: "javascript:alert(1)"}},
			{{Text: "Ana", Href: "csm/ana.html"}},
		},
	}))
	for _, bad := range []string{"<img", "<b>", "javascript:"} {
		if strings.Contains(got, bad) {
			t.Errorf("table has %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `<a href="csm/ana.html">Ana</a>`) || !strings.Contains(got, "&lt;img") {
		t.Errorf("table:\n%s", got)
	}
}
