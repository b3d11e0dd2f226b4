package render

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/report"
)

// Palette is the series colours, chosen to stay apart in grey print.
var palette = []string{"#1f3a5f", "#3b82c4", "#9aa9bd", "#c98a2b", "#5b8c5a"}

// The colours of a chart's parts, light for print. A screen theme replaces
// them from its --chart-* properties: the option names each colour it uses
// by role in its hints, so the page script knows which to swap.
const (
	colorUp    = "#2f7d4f"
	colorDown  = "#b8483e"
	colorTotal = "#1f3a5f"
	colorBand  = "rgba(47,125,79,0.10)"
	colorMuted = "#4a5566"
	fontFamily = "Inter, 'Helvetica Neue', Arial, sans-serif"
)

var chartID = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// chartOption returns the ECharts option of c as JSON. go-echarts builds the
// option; encoding/json writes it, escaping <, > and & so that no label
// from the data can close an element. Functions (formatters) are not part
// of it: the page script adds them from the "bp" hints, so the option is
// pure data.
func chartOption(c report.Chart, currency string) (string, error) {
	if !chartID.MatchString(c.ID) {
		return "", fmt.Errorf("chart id %q: use only letters, digits and _", c.ID)
	}
	var option map[string]any
	colors := map[string]string{}
	switch c.Kind {
	case report.Waterfall:
		option = waterfall(c)
		colors["total"], colors["up"], colors["down"] = colorTotal, colorUp, colorDown
	case report.Lines:
		option = lines(c)
	case report.Bars:
		option = bars(c)
	default:
		return "", fmt.Errorf("chart %s: unknown kind %q", c.ID, c.Kind)
	}
	if c.Band != nil || c.Target != nil {
		var err error
		if option, err = withReference(option, c); err != nil {
			return "", fmt.Errorf("chart %s: %w", c.ID, err)
		}
		if c.Band != nil {
			colors["band"], colors["muted"] = colorBand, colorMuted
		}
		if c.Target != nil {
			colors["down"] = colorDown
		}
	}
	option["animation"] = false // pages are printed; an animation caught mid-way prints wrong
	option["color"] = palette
	option["textStyle"] = map[string]any{"fontFamily": fontFamily}
	hints := map[string]any{"unit": c.Unit, "symbol": format.Symbol(currency)}
	labels := make([][]string, len(c.Series))
	for i, s := range c.Series {
		labels[i] = s.Labels
	}
	hints["labels"] = labels
	if len(colors) > 0 {
		hints["colors"] = colors
	}
	option["bp"] = hints
	js, err := json.Marshal(option)
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return string(js), nil
}

func base(c report.Chart) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: c.ID, Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(c.Series) > 1), Top: "0", Left: "0", Icon: "roundRect"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: c.Categories, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(c.Unit == report.Fraction)}),
	}
}

// value returns an ECharts data value: "-" marks a missing point.
func value(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

func lines(c report.Chart) map[string]any {
	l := charts.NewLine()
	l.SetGlobalOptions(base(c)...)
	l.SetXAxis(c.Categories)
	for _, s := range c.Series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.LineData{Value: value(v)}
		}
		l.AddSeries(s.Name, data, charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 5}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
	}
	l.Validate()
	return l.JSON()
}

func bars(c report.Chart) map[string]any {
	b := charts.NewBar()
	b.SetGlobalOptions(base(c)...)
	b.SetXAxis(c.Categories)
	for _, s := range c.Series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: value(v)}
		}
		b.AddSeries(s.Name, data, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "30%"}))
	}
	b.Validate()
	return b.JSON()
}

// waterfall draws the first series as a bridge: the first and last values
// are totals standing on the axis, the others float on an invisible base
// that carries the running total.
func waterfall(c report.Chart) map[string]any {
	b := charts.NewBar()
	b.SetGlobalOptions(base(c)...)
	b.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		// Every step is named: a bridge with an unlabelled bar reads wrong.
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: c.Categories, AxisLabel: &opts.AxisLabel{Interval: "0", FontSize: 10}}))
	b.SetXAxis(c.Categories)
	steps := c.Series[0].Values
	baseData := make([]opts.BarData, len(steps))
	stepData := make([]opts.BarData, len(steps))
	running := 0.0
	for i, p := range steps {
		v := 0.0
		if p != nil {
			v = *p
		}
		switch {
		case i == 0 || i == len(steps)-1:
			baseData[i] = opts.BarData{Value: 0}
			stepData[i] = opts.BarData{Value: v, ItemStyle: &opts.ItemStyle{Color: colorTotal}}
			running = v
		case v >= 0:
			baseData[i] = opts.BarData{Value: running}
			stepData[i] = opts.BarData{Value: v, ItemStyle: &opts.ItemStyle{Color: colorUp}}
			running += v
		default:
			running += v
			baseData[i] = opts.BarData{Value: running}
			stepData[i] = opts.BarData{Value: -v, ItemStyle: &opts.ItemStyle{Color: colorDown}}
		}
	}
	b.AddSeries("base", baseData,
		charts.WithBarChartOpts(opts.BarChart{Stack: "bridge"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "transparent"}))
	b.AddSeries(c.Series[0].Name, stepData,
		charts.WithBarChartOpts(opts.BarChart{Stack: "bridge", BarCategoryGap: "35%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", FontSize: 11}))
	b.Validate()
	return b.JSON()
}

// withReference adds a shaded reference band and a target line to the
// first series of a line chart. go-echarts' typed series are turned into
// plain maps first, as ECharts reads them.
func withReference(option map[string]any, c report.Chart) (map[string]any, error) {
	js, err := json.Marshal(option)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(js, &out); err != nil {
		return nil, err
	}
	series, _ := out["series"].([]any)
	if len(series) == 0 {
		return out, nil
	}
	first := series[0].(map[string]any)
	if b := c.Band; b != nil {
		first["markArea"] = map[string]any{
			"silent":    true,
			"itemStyle": map[string]any{"color": colorBand},
			"label":     map[string]any{"position": "insideTopLeft", "color": colorMuted, "fontSize": 10},
			"data":      []any{[]any{map[string]any{"yAxis": b.From, "name": b.Label}, map[string]any{"yAxis": b.To}}},
		}
		// The band must be on the axis for a reader to see where the line
		// sits in it.
		if axes, ok := out["yAxis"].([]any); ok && len(axes) > 0 {
			ax := axes[0].(map[string]any)
			ax["min"], ax["scale"] = 0, false
			top := b.To
			for _, s := range c.Series {
				for _, v := range s.Values {
					if v != nil {
						top = max(top, *v)
					}
				}
			}
			ax["max"] = math.Ceil(top*100+1) / 100 // a point above the band or the data
		}
	}
	if t := c.Target; t != nil {
		first["markLine"] = map[string]any{
			"silent": true, "symbol": "none",
			"lineStyle": map[string]any{"type": "dashed", "color": colorDown},
			"label":     map[string]any{"formatter": "target", "position": "insideEndTop", "fontSize": 10},
			"data":      []any{map[string]any{"yAxis": *t}},
		}
	}
	return out, nil
}
