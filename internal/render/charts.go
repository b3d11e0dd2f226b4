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

// palette is the series colours: apart in hue and in lightness, so that
// they stay apart in grey print, and each at least 4.5:1 against the white
// page (navy 11.7:1, amber 5.0:1, teal 5.5:1, violet 5.7:1, rose 6.0:1).
var palette = []string{"#1f3a5f", "#b45309", "#0f766e", "#7c3aed", "#be185d"}

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
	if c.Kind == report.Lines || c.Kind == report.Bars {
		var err error
		if option, err = withReference(option, c); err != nil {
			return "", fmt.Errorf("chart %s: %w", c.ID, err)
		}
		if len(c.Bands) > 0 {
			colors["band"], colors["muted"] = colorBand, colorMuted
		}
		if len(c.Targets) > 0 {
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
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(c.Unit == report.Fraction && !c.FromZero), MinInterval: minInterval[c.Unit]}),
	}
}

// minInterval keeps a value axis' ticks at least as far apart as its
// labels' precision, so that no two ticks read the same ("76%, 76%").
var minInterval = map[report.Unit]float64{report.Fraction: 0.01, report.Number: 0.1, report.Currency: 1}

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

// withReference lays out the value axis of a line or bar chart and adds
// its reference bands and target lines to the first series. The axis is
// given round bounds and a round interval that hold the data, the bands and
// the targets, so that every band and line is in view and no tick label
// falls beside a bound it would collide with. go-echarts' typed series are
// turned into plain maps first, as ECharts reads them.
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
	if c.Unit == report.Fraction {
		if axes, ok := out["yAxis"].([]any); ok && len(axes) > 0 {
			fractionAxis(axes[0].(map[string]any), c)
		}
	}
	first := series[0].(map[string]any)
	if len(c.Bands) > 0 {
		var data []any
		for _, b := range c.Bands {
			data = append(data, []any{map[string]any{"yAxis": b.From, "name": b.Label}, map[string]any{"yAxis": b.To}})
		}
		first["markArea"] = map[string]any{
			"silent":    true,
			"itemStyle": map[string]any{"color": colorBand},
			"label":     map[string]any{"position": "insideTopLeft", "color": colorMuted, "fontSize": 10},
			"data":      data,
		}
	}
	if len(c.Targets) > 0 {
		var data []any
		for _, t := range c.Targets {
			data = append(data, map[string]any{"yAxis": t.Value, "label": map[string]any{"formatter": t.Label}})
		}
		first["markLine"] = map[string]any{
			"silent": true, "symbol": "none",
			"lineStyle": map[string]any{"type": "dashed", "color": colorDown},
			"label":     map[string]any{"position": "insideEndTop", "fontSize": 10, "color": colorDown},
			"data":      data,
		}
	}
	return out, nil
}

// fractionAxis sets round bounds and interval on a percentage axis: whole
// steps of 1, 2, 5, 10 points or more, at most six of them, from the lowest to
// the highest of the data, bands and targets (and zero when the chart
// starts there).
func fractionAxis(ax map[string]any, c report.Chart) {
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(v float64) { lo, hi = min(lo, v), max(hi, v) }
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				see(*v)
			}
		}
	}
	for _, b := range c.Bands {
		see(b.From)
		see(b.To)
	}
	for _, t := range c.Targets {
		see(t.Value)
	}
	if c.FromZero {
		see(0)
	}
	if math.IsInf(lo, 0) {
		return
	}
	// Work in whole points, so that the bounds are exact.
	loP, hiP := math.Floor(lo*100+1e-9), math.Ceil(hi*100-1e-9)
	if hiP <= loP {
		hiP = loP + 1
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50} {
		step = s
		if math.Ceil(hiP/s)-math.Floor(loP/s) <= 6 {
			break
		}
	}
	minP, maxP := math.Floor(loP/step)*step, math.Ceil(hiP/step)*step
	ax["min"], ax["max"], ax["interval"], ax["scale"] = minP/100, maxP/100, step/100, false
	delete(ax, "minInterval")
}
