package render

import (
	"encoding/json"
	"fmt"
	"math"
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
		Bands:      []report.Band{{From: 0.05, To: 0.15, Label: "typical"}},
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
	// The axis holds the band (5-15%) and the data (50%) in round steps.
	if ax := opt["yAxis"].([]any)[0].(map[string]any); ax["min"] != 0.0 || ax["max"] != 0.5 || ax["interval"] != 0.1 {
		t.Errorf("the band and data must be on the axis: %v", ax)
	}
	if _, err := chartOption(report.Chart{ID: "bad-id", Kind: report.Lines}, "USD"); err == nil {
		t.Error("a chart id with a dash was accepted")
	}
}

// TestFractionAxis checks the bounds and steps of percentage axes: whole
// points, at most six steps, holding the data, bands and targets, so
// that no two ticks read the same and no bound sits a point from a tick.
func TestFractionAxis(t *testing.T) {
	f := func(vs ...float64) []*float64 {
		out := make([]*float64, len(vs))
		for i := range vs {
			out[i] = &vs[i]
		}
		return out
	}
	tests := []struct {
		name           string
		c              report.Chart
		min, max, step float64
	}{
		// Cost to retain near 9-10% from zero, the 5-15% band and a 10%
		// target: 0-15% in steps of 5, not 0-16% in steps of 3.
		{"cost", report.Chart{Series: []report.Series{{Values: f(0.088, 0.103)}}, FromZero: true,
			Bands: []report.Band{{From: 0.05, To: 0.15}}, Targets: []report.Target{{Value: 0.10}}}, 0, 0.15, 0.05},
		// Champion coverage moving within 75.4-77.1%: whole points, so
		// the ticks read 75%, 76%, 77%, 78% and never 76% twice.
		{"narrow", report.Chart{Series: []report.Series{{Values: f(0.754, 0.771)}}}, 0.75, 0.78, 0.01},
		// The retention trend with the benchmark bands and targets.
		{"trend", report.Chart{Series: []report.Series{{Values: f(1.059, 1.023)}, {Values: f(0.851, 0.88)}},
			Bands: benchmark(), Targets: []report.Target{{Value: 1.05}, {Value: 0.92}}}, 0.85, 1.10, 0.05},
		// A fall below zero.
		{"negative", report.Chart{Series: []report.Series{{Values: f(-0.042, 0.02)}}}, -0.06, 0.02, 0.02},
	}
	for _, tt := range tests {
		ax := map[string]any{}
		fractionAxis(ax, tt.c)
		near := func(a any, b float64) bool { return math.Abs(a.(float64)-b) < 1e-9 }
		if !near(ax["min"], tt.min) || !near(ax["max"], tt.max) || !near(ax["interval"], tt.step) {
			t.Errorf("%s: axis %v, want %g to %g by %g", tt.name, ax, tt.min, tt.max, tt.step)
		}
		if n := (ax["max"].(float64) - ax["min"].(float64)) / ax["interval"].(float64); n > 6+1e-9 || math.Abs(n-math.Round(n)) > 1e-9 {
			t.Errorf("%s: %g steps, want a whole number up to 6", tt.name, n)
		}
	}
}

func benchmark() []report.Band {
	return []report.Band{{From: 1.00, To: 1.05}, {From: 0.90, To: 0.92}}
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

// TestPaletteContrast checks the series colours against the white page:
// each at least 3:1, as WCAG asks of a chart's parts, and each pair at
// least 30° apart in hue, so that no two series read as one.
func TestPaletteContrast(t *testing.T) {
	lum := func(hex string) float64 {
		var r, g, b int
		fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
		ch := func(c int) float64 {
			v := float64(c) / 255
			if v <= 0.03928 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	for i, c := range palette {
		if ratio := 1.05 / (lum(c) + 0.05); ratio < 3 {
			t.Errorf("series colour %s is %.1f:1 against white, want at least 3:1", c, ratio)
		}
		for _, d := range palette[i+1:] {
			if diff := math.Abs(hue(c) - hue(d)); min(diff, 360-diff) < 30 {
				t.Errorf("series colours %s and %s are one hue (%.0f° and %.0f°): two blues read as one series", c, d, hue(c), hue(d))
			}
		}
	}
}

// hue returns a colour's hue in degrees.
func hue(hex string) float64 {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	x, y := math.Sqrt(3)*float64(g-b), float64(2*r-g-b)
	h := math.Atan2(x, y) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	return h
}
