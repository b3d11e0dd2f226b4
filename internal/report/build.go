package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/commentary"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// Config is the report's section of the configuration.
type Config struct {
	Company  string `toml:"company"`
	Currency string `toml:"currency"`
	// FiscalYearStart is the month (1-12) the fiscal year starts in; it
	// names quarters that close a fiscal quarter, such as "FY27 Q1".
	FiscalYearStart int     `toml:"fiscal_year_start"`
	Logo            string  `toml:"logo"` // an image file in the project, copied into the site
	Targets         Targets `toml:"targets"`
}

// Targets are the company's targets for the headline ratios, as fractions.
// A nil target is not set.
type Targets struct {
	NRR           *float64 `toml:"nrr"`
	GRR           *float64 `toml:"grr"`
	LogoRetention *float64 `toml:"logo_retention"`
	CostToRetain  *float64 `toml:"cost_to_retain"` // a ceiling: at or below is on track
}

// DefaultConfig returns the report configuration used when none is given.
func DefaultConfig() Config {
	return Config{Company: "Our company", Currency: "USD", FiscalYearStart: 1}
}

// Input is what a report is made from.
type Input struct {
	Config Config
	// Result is the figures, with the accounts they are of; Lineage says
	// where they come from.
	Result     *metrics.Result
	Lineage    Lineage
	Frameworks []metrics.Framework // the maturity rubrics
	Indicators metrics.IndicatorConfig
	// Commentary is the weekly update, parsed with the figures of Result
	// (see MetricResolver); nil when the period has none.
	Commentary *commentary.Update

	// Week is the report's period: the last complete ISO week at or
	// before the as-of date.
	Week period.Week
	// History is set when the output keeps a folder per period; Previous
	// is the period published before Week, or nil.
	History  bool
	Previous *archive.Entry
	// Published counts the periods compared with this build's figures,
	// and Restatements lists the figures they published that have
	// changed since.
	Published    int
	Restatements []metrics.Restatement

	// Version is the build's version, on the packs' covers and in their
	// PDF metadata.
	Version string
}

// Build returns the report model of in.
func Build(in Input) *Site {
	b := newBuilder(in)
	s := &Site{
		Company:   in.Config.Company,
		Currency:  b.cur,
		AsOf:      b.r.AsOf.Label(),
		AsOfMonth: b.r.AsOf.String(),
		Nav: []NavItem{
			{"summary", "Summary", "index.html"},
			{"retention", "Retention", "retention.html"},
			{"csm", "CSM books", "csm/index.html"},
			{"cost", "Cost and ROI", "cost.html"},
			{"maturity", "Maturity", "maturity.html"},
			{"indicators", "Indicators", "indicators.html"},
			{"quality", "Data quality", "data-quality.html"},
			{"definitions", "Definitions", "definitions.html"},
		},
	}
	if in.Week != 0 {
		s.Period, s.PeriodLabel = archive.Name(in.Week), in.Week.Label()
	}
	s.History = in.History
	if p := in.Previous; p != nil {
		s.Previous, s.PreviousLabel, s.PreviousPages = p.Period, weekShort(p.Week), p.Pages
	}
	for _, r := range s.Company {
		s.Initial = strings.ToUpper(string(r))
		break
	}
	if in.Config.Logo != "" {
		s.Logo = "assets/logo" + extOf(in.Config.Logo)
	}
	index, books := b.csmPages() // first: the other pages link to the books
	s.Pages = append(s.Pages,
		&Page{Path: "index.html", Template: "summary.html", Title: "Executive summary", Nav: "summary", Data: b.summary()},
		&Page{Path: "retention.html", Template: "retention.html", Title: "Retention", Nav: "retention", Data: b.retention()},
		&Page{Path: "cost.html", Template: "cost.html", Title: "Cost to retain and CS Ops ROI", Nav: "cost", Data: b.costPage()},
		&Page{Path: "maturity.html", Template: "maturity.html", Title: "Maturity scorecards", Nav: "maturity", Data: b.maturityPage()},
	)
	s.Pages = append(s.Pages, b.indicatorPages()...)
	s.Pages = append(s.Pages,
		&Page{Path: "data-quality.html", Template: "quality.html", Title: "Data quality and lineage", Nav: "quality", Data: b.quality()},
		&Page{Path: "definitions.html", Template: "definitions.html", Title: "Definitions", Nav: "definitions", Data: nil},
	)
	s.Pages = append(s.Pages, &Page{Path: "csm/index.html", Template: "csm-index.html", Title: "CSM books of business", Nav: "csm", Data: index})
	s.Pages = append(s.Pages, books...)
	for _, p := range s.Pages {
		nameTables(p)
	}
	return s
}

func extOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 && !strings.ContainsRune(p[i:], '/') {
		return strings.ToLower(p[i:])
	}
	return ""
}

type builder struct {
	in      Input
	cur     string
	h       *metrics.History
	r       *metrics.Result
	targets targetsInForce
	// slugs maps CSM book keys to their page names, set by csmPages.
	slugs map[string]string
	// flagged holds each CSM book's flagged accounts; see flaggedByBook.
	flagged map[string][]metrics.AccountSignals
}

func newBuilder(in Input) *builder {
	return &builder{
		in: in, cur: in.Config.Currency, h: in.Result.History, r: in.Result,
		targets: resolveTargets(in.Config.Targets, in.Lineage.Targets, in.Result.AsOf),
	}
}

func (b *builder) money(a money.Amount) string      { return format.Money(a, b.cur) }
func (b *builder) moneyShort(a money.Amount) string { return format.MoneyShort(a, b.cur) }

// SummaryPage is the executive summary.
type SummaryPage struct {
	Tiles      []Tile
	Commentary *commentary.Update // nil when there is nothing to show
	Bridge     Chart
	Trend      Chart
	Segments   Table
}

func (b *builder) summary() SummaryPage {
	ret := b.r.Retention
	prev := ret.Trend[len(ret.Trend)-2] // T12M as of the month before
	t := b.targets
	prevMonth := b.r.AsOf.Add(-1).Label()
	end := b.r.Bridge.T12M.End
	tiles := []Tile{
		ratioTile("Net revenue retention", "trailing 12 months", ret.T12M.NRR, prev.NRR, prevMonth, t.NRR),
		ratioTile("Gross revenue retention", "trailing 12 months", ret.T12M.GRR, prev.GRR, prevMonth, t.GRR),
		ratioTile("Logo retention", "trailing 12 months", ret.T12M.LogoRetention, prev.LogoRetention, prevMonth, t.LogoRetention),
		{
			Label: "Ending ARR, all accounts", Value: b.moneyShort(end),
			Delta: format.Change(b.r.Bridge.Month.Start, end), DeltaNote: "vs " + prevMonth,
			Trend: direction(float64(end - b.r.Bridge.Month.Start)),
			Note:  format.Count(activeAccounts(b.h, b.r.AsOf)) + " active accounts",
		},
	}
	b.compare(tiles)
	var last *archive.Headline
	if p := b.in.Previous; p != nil {
		last = &p.Headline
		note := "vs " + weekShort(p.Week)
		weekPoints(&tiles[0], last.Retention.T12M.NRR, ret.T12M.NRR, note, +1)
		weekPoints(&tiles[1], last.Retention.T12M.GRR, ret.T12M.GRR, note, +1)
		weekPoints(&tiles[2], last.Retention.T12M.LogoRetention, ret.T12M.LogoRetention, note, +1)
		weekMoney(&tiles[3], last.Bridge.T12M.End, end, note, +1)
	}
	if tile, ok := b.costTile(); ok {
		if last != nil {
			if prev, ok := last.CostToRetain(); ok {
				weekPoints(&tile, prev, b.r.Cost.T12M.CostToRetain, "vs "+weekShort(b.in.Previous.Week), -1)
			}
		}
		tiles = append(tiles, tile)
	}
	if tile, ok := b.atRiskTile(); ok {
		if last != nil {
			if prev, ok := last.AtRiskARR(); ok {
				weekMoney(&tile, prev, b.r.Indicators.Renewals.AtRiskARR90d, "vs "+weekShort(b.in.Previous.Week), -1)
			}
		}
		tiles = append(tiles, tile)
	}
	return SummaryPage{
		Tiles:      tiles,
		Commentary: b.commentary(),
		Bridge:     b.bridgeChart("summary_bridge", "ARR bridge, trailing 12 months", b.r.Bridge.T12M),
		Trend:      b.trendChart("summary_trend"),
		Segments:   b.withCompany(b.breakdownTable("Retention by segment, trailing-12-month cohort", "Segment", ret.Segment, ret.T12M, nil)),
	}
}

// withCompany adds the company's ARR of all accounts under a cohort
// breakdown's total, where a reader compares the cohort's ARR now with the
// ending ARR of the tiles and the bridge.
func (b *builder) withCompany(t Table) Table {
	row := make([]Cell, len(t.Head))
	row[0] = Cell{Text: "All accounts, " + b.r.AsOf.Label() + " (cohort and accounts won since)"}
	for i := 1; i < len(row); i++ {
		row[i] = num("")
	}
	row[1] = countCell(activeAccounts(b.h, b.r.AsOf))
	row[6] = b.moneyCell(b.r.Bridge.T12M.End)
	t.Foot = append(t.Foot, row)
	return t
}

// compare sets the quarter-on-quarter and year-on-year changes of the
// retention and ARR tiles (the first four): trailing-12-month retention as
// of three and twelve months before, and total ARR then.
func (b *builder) compare(tiles []Tile) {
	m, h, ret := b.r.AsOf, b.h, b.r.Retention
	past := func(k int) (metrics.Retention, bool) {
		if n := len(ret.Trend); k < n {
			p := ret.Trend[n-1-k]
			return metrics.Retention{NRR: p.NRR, GRR: p.GRR, LogoRetention: p.LogoRetention}, true
		}
		if m.Add(-k-12) < h.First {
			return metrics.Retention{}, false
		}
		return metrics.CohortRetention(h, m.Add(-k-12), m.Add(-k)), true
	}
	for _, k := range []struct {
		name   string
		months int
	}{{"QoQ", 3}, {"YoY", 12}} {
		r, ok := past(k.months)
		if !ok {
			continue
		}
		parts := []string{
			format.Points(r.NRR, ret.T12M.NRR), format.Points(r.GRR, ret.T12M.GRR), format.Points(r.LogoRetention, ret.T12M.LogoRetention), "",
		}
		if then := m.Add(-k.months); then >= h.First {
			parts[3] = format.Change(h.Total(then), b.r.Bridge.T12M.End)
		}
		for i, d := range parts {
			if d == "" {
				continue
			}
			if tiles[i].Compare != "" {
				tiles[i].Compare += " · "
			}
			tiles[i].Compare += k.name + " " + d
		}
	}
}

// commentary returns the weekly update, or nil when it has nothing to
// show: a missing update shows no heading either.
func (b *builder) commentary() *commentary.Update {
	if b.in.Commentary.Empty() {
		return nil
	}
	return b.in.Commentary
}

func activeAccounts(h *metrics.History, m period.Month) int {
	n := 0
	for i := range h.Accounts {
		if h.ARR(i, m) > 0 {
			n++
		}
	}
	return n
}

func direction(d float64) string {
	switch {
	case d > 0:
		return "good"
	case d < 0:
		return "bad"
	}
	return "flat"
}

func ratioTile(label, note string, cur, prev metrics.Ratio, prevLabel string, target *float64) Tile {
	t := Tile{Label: label, Value: format.Percent(cur), Note: note}
	if d, trend := pointsChange(prev, cur, +1); d != "" {
		t.Delta, t.DeltaNote, t.Trend = d, "vs "+prevLabel, trend
	}
	withTarget(&t, cur, target, false)
	return t
}

// pointsChange returns the change from prev to cur in points, as
// format.Points writes it, and whether that is "good", "bad" or "flat"
// news; good is +1 when a rise is good news, -1 when it is bad. The
// direction follows the change as shown: "0.0 pts" is flat.
func pointsChange(prev, cur metrics.Ratio, good float64) (string, string) {
	d := format.Points(prev, cur)
	if d == "" {
		return "", ""
	}
	return d, direction(good * math.Round((cur.Value-prev.Value)*1000))
}

// RetentionPage is the retention section.
type RetentionPage struct {
	Lookbacks  Table
	Bridge     Chart // its table has the month, quarter and trailing year
	Trend      Chart
	Breakdowns []Table
	CSMs       Table
	Cohorts    Table
	HeatLegend []Cell // the key of the cohort heat map's shades
	ARR        Chart
}

func (b *builder) retention() RetentionPage {
	ret := b.r.Retention
	bridge := b.bridgeChart("bridge_t12m", "ARR bridge, trailing 12 months", b.r.Bridge.T12M)
	bridge.Table = b.bridgeTable()
	return RetentionPage{
		Lookbacks: b.lookbackTable(),
		Bridge:    bridge,
		Trend:     b.trendChart("trend_t12m"),
		Breakdowns: []Table{
			b.withCompany(b.breakdownTable("By segment", "Segment", ret.Segment, ret.T12M, nil)),
			b.breakdownTable("By engagement model", "Engagement model", ret.EngagementModel, ret.T12M, nil),
			b.breakdownTable("By tenure", "Tenure", ret.Tenure, ret.T12M, nil),
			b.breakdownTable("By region", "Region", ret.Region, ret.T12M, nil),
		},
		CSMs:       b.breakdownTable("By CSM book of business", "CSM", ret.CSM, ret.T12M, b.csmLink("")),
		Cohorts:    b.cohortTable(),
		HeatLegend: heatLegend(),
		ARR:        b.arrChart(),
	}
}

func (b *builder) lookbackTable() Table {
	ret := b.r.Retention
	t := Table{
		Caption: "Retention by lookback",
		Head:    heads("Lookback", "Cohort", "Cohort accounts", "Cohort ARR at start", "Cohort ARR now", "NRR", "GRR", "Logo retention"),
		Note:    "Each cohort is the accounts with ARR at its start; accounts won since are outside it, so cohort ARR now is not the company's ending ARR.",
	}
	t.Head[1].Num = false
	for _, l := range []struct {
		name string
		r    metrics.Retention
	}{{"Trailing 12 months", ret.T12M}, {"Quarterly (3 months)", ret.Quarterly}, {"Monthly", ret.Monthly}} {
		t.Rows = append(t.Rows, []Cell{
			{Text: l.name},
			{Text: l.r.From.Label() + " → " + l.r.To.Label()},
			countCell(l.r.CohortAccounts),
			b.moneyCell(l.r.StartingARR),
			b.moneyCell(l.r.EndingARR),
			ratioCell(l.r.NRR),
			ratioCell(l.r.GRR),
			ratioCell(l.r.LogoRetention),
		})
	}
	return t
}

func heads(names ...string) []Cell {
	cells := make([]Cell, len(names))
	for i, n := range names {
		cells[i] = Cell{Text: n, Num: i > 0}
	}
	return cells
}

func num(s string) Cell { return Cell{Text: s, Num: true} }

// The cells of figures carry, beside the text the page shows, the figure
// itself at full precision, which the table's CSV holds.

func (b *builder) moneyCell(a money.Amount) Cell      { return amountCell(b.money(a), a) }
func (b *builder) moneyShortCell(a money.Amount) Cell { return amountCell(b.moneyShort(a), a) }

// amountCell shows text and keeps the amount a in the reporting currency.
func amountCell(text string, a money.Amount) Cell {
	return Cell{Text: text, Num: true, Value: a.String(), Unit: Currency}
}

// ratioCell shows r as a percentage and keeps it as a fraction; an
// undefined ratio has no figure.
func ratioCell(r metrics.Ratio) Cell {
	c := num(format.Percent(r))
	if r.OK {
		c.Value, c.Unit = plainFloat(r.Value), Fraction
	}
	return c
}

func countCell[N int | int64](n N) Cell {
	return Cell{Text: format.Count(int(n)), Num: true, Value: strconv.FormatInt(int64(n), 10), Unit: Number}
}

// numberCell shows n as text and keeps it whole; an undefined n has no
// figure.
func numberCell(text string, n metrics.Number) Cell {
	c := num(text)
	if n.OK {
		c.Value, c.Unit = plainFloat(n.Value), Number
	}
	return c
}

func hoursCell(n metrics.Number) Cell { return numberCell(format.Hours(n), n) }

// plainFloat writes v in full, without an exponent, as a spreadsheet reads
// it.
func plainFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// breakdownTable lists the parts of a cohort, largest starting ARR first,
// with the whole cohort as the total. link, when set, links each part.
func (b *builder) breakdownTable(caption, dim string, parts map[string]*metrics.Retention, total metrics.Retention, link func(string) string) Table {
	t := Table{
		Caption: caption,
		Head:    heads(dim, "Cohort accounts", "Cohort ARR at start", "Expansion", "Contraction", "Churn", "Cohort ARR now", "NRR", "GRR", "Logo retention"),
	}
	keys := metrics.Keys(parts)
	slices.SortStableFunc(keys, func(x, y string) int { return cmp.Compare(parts[y].StartingARR, parts[x].StartingARR) })
	for _, k := range keys {
		row := b.retentionRow(groupLabel(k), parts[k])
		if link != nil {
			row[0].Href = link(k)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Foot = [][]Cell{b.retentionRow("Cohort total", &total)}
	if len(keys) == 0 {
		t.Note = "No account had ARR at the start of the window, so there is no cohort to break down."
	}
	return t
}

// groupLabel returns how readers see a breakdown key.
func groupLabel(k string) string {
	switch k {
	case metrics.FirstYear:
		return "First year (first renewal in window)"
	case metrics.Tenured:
		return "Tenured (renewed before)"
	case metrics.Pooled:
		return "Pooled (no named CSM)"
	case metrics.Unspecified:
		return "Unspecified"
	}
	return k
}

func (b *builder) retentionRow(label string, r *metrics.Retention) []Cell {
	return []Cell{
		{Text: label},
		countCell(r.CohortAccounts),
		b.moneyCell(r.StartingARR),
		b.moneyCell(r.Expansion),
		b.moneyCell(-r.Contraction), // losses read negative, as in the bridge
		b.moneyCell(-r.Churn),
		b.moneyCell(r.EndingARR),
		ratioCell(r.NRR),
		ratioCell(r.GRR),
		ratioCell(r.LogoRetention),
	}
}

// bridgeSteps are a bridge's movements in waterfall order, with their
// signs.
func bridgeSteps(br metrics.Bridge) []struct {
	name string
	v    money.Amount
} {
	return []struct {
		name string
		v    money.Amount
	}{
		{"Starting ARR, all accounts", br.Start},
		{"New", br.New},
		{"Expansion", br.Expansion},
		{"Reactivation", br.Reactivation},
		{"Contraction", -br.Contraction},
		{"Churn", -br.Churn},
		{"Ending ARR, all accounts", br.End},
	}
}

func (b *builder) bridgeChart(id, title string, br metrics.Bridge) Chart {
	c := Chart{ID: id, Title: title, Kind: Waterfall, Unit: Currency, Height: 320}
	s := Series{Name: "ARR"}
	t := Table{Caption: title + " (" + br.From.Label() + " – " + br.To.Label() + ")", Head: heads("Movement", "ARR")}
	for i, st := range bridgeSteps(br) {
		// The bars are named short, so that every name fits under its bar;
		// the title and the table say the ends are all accounts' ARR.
		c.Categories = append(c.Categories, [...]string{"Start", "New", "Expansion", "Reactivation", "Contraction", "Churn", "End"}[i])
		v := st.v.Float()
		s.Values = append(s.Values, &v)
		s.Labels = append(s.Labels, b.moneyShort(st.v))
		t.Rows = append(t.Rows, []Cell{{Text: st.name}, b.moneyCell(st.v)})
	}
	c.Series = []Series{s}
	c.Table = t
	return c
}

func (b *builder) bridgeTable() Table {
	br := b.r.Bridge
	t := Table{
		Caption: "ARR bridge",
		Head: []Cell{
			{Text: "Movement"},
			{Text: "Month (" + br.Month.To.Label() + ")", Num: true},
			{Text: b.quarterLabel(br.Quarter), Num: true},
			{Text: "Trailing 12 months (" + br.T12M.From.Label() + " – " + br.T12M.To.Label() + ")", Num: true},
		},
	}
	m, q, y := bridgeSteps(br.Month), bridgeSteps(br.Quarter), bridgeSteps(br.T12M)
	for i := range m {
		row := []Cell{{Text: m[i].name}, b.moneyCell(m[i].v), b.moneyCell(q[i].v), b.moneyCell(y[i].v)}
		if i == 0 || i == len(m)-1 {
			t.Foot = append(t.Foot, row)
			continue
		}
		t.Rows = append(t.Rows, row)
	}
	// Starting ARR reads first, ending ARR last.
	t.Rows = append([][]Cell{t.Foot[0]}, t.Rows...)
	t.Foot = t.Foot[1:]
	logos := []Cell{{Text: "New / reactivated / churned logos"}}
	for _, w := range []metrics.Bridge{br.Month, br.Quarter, br.T12M} {
		logos = append(logos, num(fmt.Sprintf("%s / %s / %s", format.Count(w.NewLogos), format.Count(w.ReactivatedLogos), format.Count(w.ChurnedLogos))))
	}
	t.Foot = append(t.Foot, logos)
	return t
}

// quarterLabel names the three-month bridge, as a fiscal quarter when it
// is one, such as "FY27 Q3 (Aug – Oct 2026)".
func (b *builder) quarterLabel(q metrics.Bridge) string {
	span := format.Span(q.From.First(), q.To.First())
	if fq, ok := FiscalQuarter(q.From, q.To, b.in.Config.FiscalYearStart); ok {
		return fq + " (" + span + ")"
	}
	return "Quarter (" + span + ")"
}

// FiscalQuarter returns the name of the fiscal quarter from-to, such as
// "FY27 Q3" for Aug-Oct 2026 with a fiscal year starting in February, and
// false when the months are not a fiscal quarter. A fiscal year is named
// by the calendar year it ends in.
func FiscalQuarter(from, to period.Month, fiscalStart int) (string, bool) {
	if fiscalStart < 1 || fiscalStart > 12 || to != from.Add(2) {
		return "", false
	}
	k := (int(from.Month()) - fiscalStart + 12) % 12 // months into the fiscal year
	if k%3 != 0 {
		return "", false
	}
	end := from.Add(11 - k) // the fiscal year's last month
	return fmt.Sprintf("FY%02d Q%d", end.Year()%100, k/3+1), true
}

func ratioValue(r metrics.Ratio) *float64 {
	if !r.OK {
		return nil
	}
	v := r.Value
	return &v
}

func (b *builder) trendChart(id string) Chart {
	c := Chart{ID: id, Title: "Trailing-12-month retention, by month", Kind: Lines, Unit: Fraction, Height: 300,
		Bands: benchmarkBands}
	c.Targets = append(c.Targets, targetLines(b.targets.NRR, "NRR target")...)
	c.Targets = append(c.Targets, targetLines(b.targets.GRR, "GRR target")...)
	c.Targets = append(c.Targets, targetLines(b.targets.LogoRetention, "Logo target")...)
	nrr, grr, logo := Series{Name: "NRR"}, Series{Name: "GRR"}, Series{Name: "Logo retention"}
	t := Table{Caption: c.Title, Head: heads("Month", "NRR", "GRR", "Logo retention")}
	for _, p := range b.r.Retention.Trend {
		c.Categories = append(c.Categories, p.Month.Label())
		for _, x := range []struct {
			s *Series
			r metrics.Ratio
		}{{&nrr, p.NRR}, {&grr, p.GRR}, {&logo, p.LogoRetention}} {
			x.s.Values = append(x.s.Values, ratioValue(x.r))
			x.s.Labels = append(x.s.Labels, format.Percent(x.r))
		}
		t.Rows = append(t.Rows, []Cell{{Text: p.Month.Label()}, ratioCell(p.NRR), ratioCell(p.GRR), ratioCell(p.LogoRetention)})
	}
	c.Series = []Series{nrr, grr, logo}
	c.Table = t
	return c
}

// benchmarkBands are the public benchmarks of median private B2B SaaS
// retention that the definitions cite: NRR about 100-105%, GRR about
// 90-92%.
var benchmarkBands = []Band{
	{From: 1.00, To: 1.05, Label: "median NRR 100–105%"},
	{From: 0.90, To: 0.92, Label: "median GRR 90–92%"},
}

// targetLines returns the target line of a ratio's target, labelled with
// its value, or none when no target is set.
func targetLines(target *float64, label string) []Target {
	if target == nil {
		return nil
	}
	return []Target{{Value: *target, Label: label + " " + format.Percent(metrics.Ratio{Value: *target, OK: true})}}
}

func (b *builder) arrChart() Chart {
	c := Chart{ID: "arr_by_month", Title: "Total ARR at month end", Kind: Bars, Unit: Currency, Height: 280}
	s := Series{Name: "ARR"}
	t := Table{Caption: c.Title, Head: heads("Month", "ARR", "Change")}
	from := max(b.h.First, b.r.AsOf.Add(-23))
	var prev money.Amount
	for m := from; m <= b.r.AsOf; m++ {
		v := b.h.Total(m)
		c.Categories = append(c.Categories, m.Label())
		f := v.Float()
		s.Values = append(s.Values, &f)
		s.Labels = append(s.Labels, b.moneyShort(v))
		change := num("")
		if m > from {
			change = amountCell(format.Change(prev, v), v-prev)
		}
		t.Rows = append(t.Rows, []Cell{{Text: m.Label()}, b.moneyCell(v), change})
		prev = v
	}
	c.Series = []Series{s}
	c.Table = t
	return c
}

// cohortTable is the cohort heat map: a table whose cells are shaded by
// their value, which prints crisp and reads as the triangle finance knows.
func (b *builder) cohortTable() Table {
	cohorts := b.r.Retention.Cohorts
	t := Table{Caption: "Net ARR retention by acquisition quarter: each cohort's ARR at the end of later quarters over its ARR at the end of its own"}
	width := 0
	for _, co := range cohorts {
		width = max(width, len(co.NetRetention))
	}
	t.Head = []Cell{{Text: "Cohort"}, {Text: "Accounts", Num: true}, {Text: "Base ARR", Num: true}}
	for k := range width {
		t.Head = append(t.Head, Cell{Text: fmt.Sprintf("Q+%d", k), Num: true})
	}
	for _, co := range cohorts {
		row := []Cell{{Text: cohortName(co.Quarter)}, countCell(co.Accounts), b.moneyCell(co.BaseARR)}
		for k := range width {
			c := num("")
			if k < len(co.NetRetention) {
				r := co.NetRetention[k]
				c = ratioCell(r)
				c.Class = heat(r)
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(cohorts) == 0 {
		t.Note = "No acquisition quarter lies wholly inside the history yet."
	}
	return t
}

// cohortName names an acquisition cohort by its months, such as "Jan–Mar
// 2024": cohorts are calendar quarters, and a name such as "2024-Q1" would
// read as a fiscal quarter beside the fiscal names of the bridge.
func cohortName(quarter string) string {
	var y, q int
	if _, err := fmt.Sscanf(quarter, "%d-Q%d", &y, &q); err != nil || q < 1 || q > 4 {
		return quarter
	}
	first := period.New(y, time.Month(3*q-2))
	return format.Span(first.First(), first.Add(2).First())
}

// heat returns the shading class of a net retention cell: red below 100%,
// green above, in steps of five points up to fifteen.
func heat(r metrics.Ratio) string {
	if !r.OK {
		return ""
	}
	step := int(math.Round((r.Value - 1) * 20)) // five points a step
	switch {
	case step == 0:
		return "heat-0"
	case step > 0:
		return fmt.Sprintf("heat-up%d", min(step, 3))
	default:
		return fmt.Sprintf("heat-down%d", min(-step, 3))
	}
}

// QualityPage is the data quality and lineage page.
type QualityPage struct {
	Sources      Table
	Pull         *Table // the queries that pulled the extracts; nil when none did
	Targets      Table  // the targets in force and what set them
	Controls     *Table
	Restated     RestatementPage
	Bridge       string
	Warnings     []string
	WarningCount int
	Ignored      []string
}

func (b *builder) quality() QualityPage {
	t := Table{Caption: "Source files", Head: heads("File", "Rows", "Months covered", "Bytes", "SHA-256")}
	t.Head[4].Num = false
	var ignored []string
	for _, s := range b.in.Lineage.Sources {
		months := "—"
		if s.First != 0 {
			months = format.Span(s.First.First(), s.Last.First())
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: s.File}, countCell(s.Rows), num(months), countCell(int(s.Bytes)),
			{Text: s.SHA256, Class: "hash"},
		})
		// A folder of parts lists each part under it, so that each ties
		// to the file the warehouse unloaded.
		for _, p := range s.Parts {
			months := "—"
			if p.First != 0 {
				months = p.First.String() + " to " + p.Last.String()
			}
			t.Rows = append(t.Rows, []Cell{
				{Text: p.File, Class: "part"}, num(format.Count(p.Rows)), num(months), num(format.Count(int(p.Bytes))),
				{Text: p.SHA256, Class: "hash"},
			})
		}
		for _, c := range s.Ignored {
			ignored = append(ignored, s.File+": "+c)
		}
	}
	q := QualityPage{Sources: t, Targets: b.targetsTable(), Controls: b.controlsTable(), Restated: b.restatements(), WarningCount: b.in.Lineage.WarningCount, Ignored: ignored}
	q.Pull = b.pullTable()
	if n := len(b.r.Monthly); n > 0 {
		q.Bridge = fmt.Sprintf("The ARR bridge balances to the cent in each of the %d months from %s to %s: "+
			"start + new + reactivation + expansion − contraction − churn = end.",
			n, b.r.Monthly[0].To.Label(), b.r.Monthly[n-1].To.Label())
	}
	for _, w := range b.in.Lineage.Warnings {
		q.Warnings = append(q.Warnings, w.String())
	}
	return q
}

// pullTable lists the queries that wrote the extracts, from the pull's
// manifest, so that each extract ties to the query and the server it came
// from.
func (b *builder) pullTable() *Table {
	pulled := b.in.Lineage.Pull
	if pulled == nil {
		return nil
	}
	t := &Table{Caption: "Pulled from the warehouse", Head: heads("Extract", "Query", "Query SHA-256", "Rows", "Columns", "Started", "Finished", "Server")}
	t.Head[2].Num, t.Head[4].Num, t.Head[5].Num, t.Head[6].Num, t.Head[7].Num = false, false, false, false, false
	for _, e := range pulled {
		t.Rows = append(t.Rows, []Cell{
			{Text: e.Extract}, {Text: e.Query}, {Text: e.QuerySHA256, Class: "hash"}, num(format.Count(int(e.Rows))),
			{Text: strings.Join(e.Columns, ", ")}, {Text: e.Started}, {Text: e.Finished}, {Text: e.Server},
		})
	}
	t.Note = "The extracts' own SHA-256 are in the table above; boardpack pull wrote them, and its manifest pull-manifest.json, in the data folder."
	return t
}
