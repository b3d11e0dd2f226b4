package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// The weekly extracts, each unlocking a family of indicators.
var (
	missingUsage    = missing(contract.UsageFile)
	missingTickets  = missing(contract.TicketsFile)
	missingContacts = missing(contract.ContactsFile)
	missingNPS      = missing(contract.NPSFile)
	missingRenewals = missing(contract.RenewalsFile)
	missingPipeline = missing(contract.PipelineFile)
	missingSignals  = Missing{
		strings.Join(contract.IndicatorFiles[:len(contract.IndicatorFiles)-1], ", ") + " or " + contract.IndicatorFiles[len(contract.IndicatorFiles)-1],
		"each file its columns in the data contract", "the leading indicators, the renewal watch list and which indicators preceded churn"}
)

// IndicatorsPage is the leading-indicators overview.
type IndicatorsPage struct {
	Missing  *Missing // set when no weekly extract is present
	Week     string   // the headline week as readers see it
	Lede     string
	Overview Table // each indicator's week, change and 13-week sparkline
	Renewals []Tile
	Lift     Table
	Absent   []Missing // the families whose extract is absent
	Families []NavItem // the family pages
}

// FamilyPage is the page of one family of indicators.
type FamilyPage struct {
	Missing *Missing
	Lede    string
	Tiles   []Tile
	Charts  []Chart
	Tables  []Table
}

// indicatorPages returns the indicator pages, or just the overview saying
// which extracts would unlock them.
func (b *builder) indicatorPages() []*Page {
	ind := b.r.Indicators
	page := func(path, tmpl, title string, data any) *Page {
		return &Page{Path: path, Template: tmpl, Title: title, Nav: "indicators", Data: data}
	}
	if ind == nil {
		return []*Page{page("indicators.html", "indicators.html", "Leading indicators", IndicatorsPage{Missing: &missingSignals})}
	}
	families := []NavItem{
		{"usage", "Product usage", "indicators/usage.html"},
		{"support", "Support load", "indicators/support.html"},
		{"relationships", "Relationships and sentiment", "indicators/relationships.html"},
		{"renewals", "Renewal book and inflow", "indicators/renewals.html"},
		{"watch", "Watch list", "indicators/watch-list.html"},
	}
	overview := b.indicatorOverview()
	overview.Families = families
	return []*Page{
		page("indicators.html", "indicators.html", "Leading indicators", overview),
		page(families[0].Path, "family.html", families[0].Title, b.usagePage()),
		page(families[1].Path, "family.html", families[1].Title, b.supportPage()),
		page(families[2].Path, "family.html", families[2].Title, b.relationshipsPage()),
		page(families[3].Path, "family.html", families[3].Title, b.renewalsPage()),
		page(families[4].Path, "family.html", families[4].Title, b.watchPage()),
	}
}

// weekLede says which week the figures are of.
func (b *builder) weekLede() string {
	ind := b.r.Indicators
	return fmt.Sprintf("Week %s, the last complete ISO week at or before %s. Trends cover the %d weeks to it.",
		ind.AsOfWeek.Label(), format.Date(ind.AsOf.Time()), metrics.WeeklyWeeks)
}

// series is one weekly indicator as the overview shows it.
type series struct {
	name   string
	values []float64 // NaN where undefined
	format func(float64) string
	delta  func(from, to float64) string
	good   int // +1 when a rise is good news, -1 when it is bad, 0 neither
	href   string
}

func ratios(rs []metrics.Ratio) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = math.NaN()
		if r.OK {
			out[i] = r.Value
		}
	}
	return out
}

func numbers(ns []metrics.Number) []float64 { return ratios(asRatios(ns)) }

func asRatios(ns []metrics.Number) []metrics.Ratio {
	out := make([]metrics.Ratio, len(ns))
	for i, n := range ns {
		out[i] = metrics.Ratio(n)
	}
	return out
}

func counts(ns []int) []float64 {
	out := make([]float64, len(ns))
	for i, n := range ns {
		out[i] = float64(n)
	}
	return out
}

func pct(v float64) string { return format.Percent(metrics.Ratio{Value: v, OK: true}) }

// change writes a ratio that is itself a change, such as the usage trend,
// with its sign.
func change(v float64) string { return format.PercentChange(metrics.Ratio{Value: v, OK: true}) }
func pts(a, z float64) string {
	return format.Points(metrics.Ratio{Value: a, OK: true}, metrics.Ratio{Value: z, OK: true})
}

func fixed(places int, unit string) func(float64) string {
	return func(v float64) string { return format.Number(metrics.Number{Value: v, OK: true}, places) + unit }
}

func fixedDelta(places int, unit string) func(a, z float64) string {
	return func(a, z float64) string {
		return format.Delta(metrics.Number{Value: a, OK: true}, metrics.Number{Value: z, OK: true}, places, unit)
	}
}

// weeklySeries lists the weekly indicators whose extract is present.
func (b *builder) weeklySeries() []series {
	w := b.r.Indicators.Weekly
	var out []series
	if w.SeatUtilisation != nil {
		out = append(out,
			series{"Seat utilisation", ratios(w.SeatUtilisation), pct, pts, +1, "indicators/usage.html"},
			series{"Usage trend, 4 weeks on 4", ratios(w.UsageTrend), change, pts, +1, "indicators/usage.html"})
	}
	if w.Tickets != nil {
		out = append(out,
			series{"Tickets per 100 accounts", numbers(w.TicketsPer100Accounts), fixed(1, ""), fixedDelta(1, ""), -1, "indicators/support.html"},
			series{"Median first response", numbers(w.MedianFirstResponseHours), fixed(1, " h"), fixedDelta(1, " h"), -1, "indicators/support.html"},
			series{"90th percentile first response", numbers(w.P90FirstResponseHours), fixed(1, " h"), fixedDelta(1, " h"), -1, "indicators/support.html"},
			series{"Median resolution time", numbers(w.MedianResolutionHours), fixed(1, " h"), fixedDelta(1, " h"), -1, "indicators/support.html"},
			series{"Open P0 tickets", counts(w.OpenP0), fixed(0, ""), fixedDelta(0, ""), -1, "indicators/support.html"})
	}
	if w.ChampionCoverage != nil {
		out = append(out, series{"Champion coverage", ratios(w.ChampionCoverage), pct, pts, +1, "indicators/relationships.html"})
	}
	if w.NPS != nil {
		out = append(out, series{"NPS, trailing 90 days", numbers(w.NPS), fixed(0, ""), fixedDelta(0, ""), +1, "indicators/relationships.html"})
	}
	if w.AtRiskAccounts != nil {
		out = append(out, series{"At-risk accounts", counts(w.AtRiskAccounts), fixed(0, ""), fixedDelta(0, ""), -1, "indicators/watch-list.html"})
	}
	return out
}

func (b *builder) indicatorOverview() IndicatorsPage {
	ind := b.r.Indicators
	p := IndicatorsPage{Week: ind.AsOfWeek.Label(), Lede: b.weekLede()}
	weeks := ind.Weekly.Weeks
	prevLabel := "vs prior week"
	if len(weeks) >= 2 {
		_, n := weeks[len(weeks)-2].ISO()
		prevLabel = fmt.Sprintf("vs W%02d", n)
	}
	t := Table{
		Caption: fmt.Sprintf("Leading indicators, week %s", ind.AsOfWeek),
		Head:    []Cell{{Text: "Indicator"}, {Text: "This week", Num: true}, {Text: prevLabel, Num: true}, {Text: fmt.Sprintf("%d weeks", len(weeks))}},
		Note:    "The sparkline runs from the oldest week on the left to this week on the right; its scale is each row's own.",
	}
	for _, s := range b.weeklySeries() {
		n := len(s.values)
		row := []Cell{{Text: s.name, Href: s.href}, num(format.NA), num(""), {Spark: s.values}}
		if n > 0 && !math.IsNaN(s.values[n-1]) {
			row[1].Text, row[1].Value = s.format(s.values[n-1]), plainFloat(s.values[n-1])
			if n > 1 && !math.IsNaN(s.values[n-2]) {
				row[2].Text, row[2].Value = s.delta(s.values[n-2], s.values[n-1]), plainFloat(s.values[n-1]-s.values[n-2])
				// The colour follows the change as shown: "0.0 pts" is no news.
				if strings.ContainsAny(row[2].Text, "123456789") {
					row[2].Class = trendClass(float64(s.good) * (s.values[n-1] - s.values[n-2]))
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	p.Overview = t
	if ind.Renewals != nil {
		p.Renewals = b.renewalTiles()
	}
	p.Lift = b.liftTable()
	for _, m := range []struct {
		absent bool
		m      Missing
	}{
		{ind.Usage == nil, missingUsage}, {ind.Support == nil, missingTickets}, {ind.Relationships == nil, missingContacts},
		{ind.NPS == nil, missingNPS}, {ind.Renewals == nil, missingRenewals}, {ind.Pipeline == nil, missingPipeline},
	} {
		if m.absent {
			p.Absent = append(p.Absent, m.m)
		}
	}
	return p
}

// trendClass styles a change: good news green, bad news red.
func trendClass(goodness float64) string {
	switch {
	case goodness > 0:
		return "good"
	case goodness < 0:
		return "bad"
	}
	return ""
}

// liftTable says how well each rule preceded churn here.
func (b *builder) liftTable() Table {
	ind := b.r.Indicators
	t := Table{
		Caption: "Which indicators preceded churn here: churn of accounts flagged 90 days before a month, against the base rate",
		Head:    []Cell{{Text: "Rule"}, {Text: "Lift", Num: true}, {Text: "Churn when flagged", Num: true}, {Text: "Base churn", Num: true}, {Text: "Accounts flagged", Num: true}, {Text: "Months", Num: true}},
		Note: fmt.Sprintf("Lift 3.0× means accounts the rule flagged churned at three times the rate of all accounts. Monthly churn rates over the months the data covers; under %d flagged accounts the lift is not shown.",
			metrics.MinLiftAccounts),
	}
	for _, l := range ind.Lift {
		lift := format.Multiple(metrics.Ratio(l.Lift))
		class := ""
		switch {
		case l.Months == 0:
			lift = "no month covered" // the extracts start too late to test the rule 90 days before a month
		case l.TooFew:
			lift = "too few accounts"
		case !l.Lift.OK:
			lift = format.NA
		case l.Lift.Value >= 2:
			class = "bad" // a strong predictor: its flags deserve attention
		}
		liftCell := Cell{Text: lift, Num: true, Class: class}
		if l.Months > 0 && !l.TooFew && l.Lift.OK {
			liftCell.Value, liftCell.Unit = plainFloat(l.Lift.Value), Number
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: b.ruleLabel(l.Rule)}, liftCell,
			ratioCell(l.FlaggedRate), ratioCell(l.BaseRate), countCell(l.Accounts), countCell(l.Months),
		})
	}
	if len(t.Rows) == 0 {
		t.Note = "No rule has the extracts it needs."
	}
	return t
}

func (b *builder) rule(name string) (metrics.RiskRule, bool) {
	for _, r := range b.r.Indicators.Rules {
		if r.Name == name {
			return r, true
		}
	}
	return metrics.RiskRule{}, false
}

func (b *builder) ruleLabel(name string) string {
	if r, ok := b.rule(name); ok && r.Label != "" {
		return r.Label
	}
	if name == metrics.ForecastAtRiskFlag {
		return "Renewal forecast at risk"
	}
	return name
}

// flagReason words a flag with the figure behind it: "Usage down 30% or
// more (−42.0%)".
func (b *builder) flagReason(f metrics.Flag) string {
	r, ok := b.rule(f.Rule)
	if !ok {
		return b.ruleLabel(f.Rule)
	}
	var v string
	switch r.Signal {
	case metrics.SignalUsageTrend:
		v = format.Delta(metrics.Number{OK: true}, metrics.Number{Value: f.Value * 100, OK: true}, 1, "%")
	case metrics.SignalSeatUtilisation:
		v = pct(f.Value)
	case metrics.SignalNPS90d:
		v = "NPS " + format.Number(metrics.Number{Value: f.Value, OK: true}, 0)
	default:
		v = format.Number(metrics.Number{Value: f.Value, OK: true}, 0)
	}
	return b.ruleLabel(f.Rule) + " (" + v + ")"
}

func (b *builder) flagText(flags []metrics.Flag) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		parts[i] = b.flagReason(f)
	}
	return strings.Join(parts, "; ")
}

// atRiskTile is the summary's tile of ARR renewing in 90 days at risk.
func (b *builder) atRiskTile() (Tile, bool) {
	ind := b.r.Indicators
	if ind == nil || ind.Renewals == nil {
		return Tile{}, false
	}
	r := ind.Renewals
	return Tile{
		Label: "At-risk ARR renewing in 90 days", Value: b.moneyShort(r.AtRiskARR90d),
		Note: fmt.Sprintf("%s of %s renewing by %s", format.Percent(r.AtRiskShare90d), b.moneyShort(r.ARR90d),
			format.Date((ind.AsOf + 90).Time())),
	}, true
}

func (b *builder) renewalTiles() []Tile {
	ind := b.r.Indicators
	r := ind.Renewals
	until := func(days int) string {
		return "renewing by " + format.Date((ind.AsOf + period.Day(days)).Time())
	}
	risk, _ := b.atRiskTile()
	return []Tile{
		{Label: "ARR renewing in 30 days", Value: b.moneyShort(r.ARR30d), Note: until(30)},
		{Label: "ARR renewing in 60 days", Value: b.moneyShort(r.ARR60d), Note: until(60)},
		{Label: "ARR renewing in 90 days", Value: b.moneyShort(r.ARR90d), Note: until(90)},
		risk,
		{Label: "First-year renewal rate", Value: format.Percent(r.FirstYearRenewalRate), Note: "renewed ARR of first renewals, last 12 months"},
		{Label: "Tenured renewal rate", Value: format.Percent(r.TenuredRenewalRate), Note: "renewed ARR of later renewals, last 12 months"},
	}
}

// weeklyChart draws weekly series with their table.
func (b *builder) weeklyChart(id, title string, kind ChartKind, unit Unit, names []string, values [][]float64, labels func(float64) string) Chart {
	ind := b.r.Indicators
	c := Chart{ID: id, Title: title, Kind: kind, Unit: unit, Height: 260}
	head := []Cell{{Text: "Week"}}
	for _, n := range names {
		head = append(head, Cell{Text: n, Num: true})
	}
	t := Table{Caption: title, Head: head}
	for _, w := range ind.Weekly.Weeks {
		c.Categories = append(c.Categories, w.String())
	}
	for k, n := range names {
		s := Series{Name: n}
		for _, v := range values[k] {
			if math.IsNaN(v) {
				s.Values, s.Labels = append(s.Values, nil), append(s.Labels, format.NA)
				continue
			}
			s.Values, s.Labels = append(s.Values, &v), append(s.Labels, labels(v))
		}
		c.Series = append(c.Series, s)
	}
	for i, w := range ind.Weekly.Weeks {
		row := []Cell{{Text: w.Label()}}
		for k := range names {
			cell := num(c.Series[k].Labels[i])
			if v := c.Series[k].Values[i]; v != nil {
				cell.Value, cell.Unit = plainFloat(*v), c.Unit
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	c.Table = t
	return c
}

// segmentTable is a table of per-segment figures, one row per segment in
// name order, the company's total in the footer.
func segmentTable[T any](caption string, head []string, by map[string]T, total T, cells func(T) []Cell) Table {
	t := Table{Caption: caption, Head: append([]Cell{{Text: "Segment"}}, numHeads(head)...)}
	for _, name := range metrics.Keys(by) {
		t.Rows = append(t.Rows, append([]Cell{{Text: name}}, cells(by[name])...))
	}
	t.Foot = [][]Cell{append([]Cell{{Text: "All accounts"}}, cells(total)...)}
	return t
}

func numHeads(names []string) []Cell {
	out := make([]Cell, len(names))
	for i, n := range names {
		out[i] = Cell{Text: n, Num: true}
	}
	return out
}

func (b *builder) usagePage() FamilyPage {
	ind := b.r.Indicators
	if ind.Usage == nil {
		return FamilyPage{Missing: &missingUsage}
	}
	u := ind.Usage
	w := ind.Weekly
	return FamilyPage{
		Lede: b.weekLede() + " Utilisation is active users over licensed seats; company and segment figures weight each account by its ARR.",
		Tiles: []Tile{
			{Label: "Seat utilisation", Value: format.Percent(u.SeatUtilisation), Note: "ARR-weighted, week " + ind.AsOfWeek.String()},
			{Label: "Usage trend", Value: format.PercentChange(u.Trend), Note: "last 4 weeks against the 4 before"},
			{Label: "Accounts with usage", Value: format.Count(u.Accounts), Note: "rows in week " + ind.AsOfWeek.String()},
		},
		Charts: []Chart{
			// Two charts, not one: utilisation near 60% and a trend near 2%
			// on one axis would flatten the trend into a line at zero.
			b.weeklyChart("usage_weekly", "Seat utilisation, by week", Lines, Fraction,
				[]string{"Seat utilisation"}, [][]float64{ratios(w.SeatUtilisation)}, pct),
			b.weeklyChart("usage_trend", "Usage trend, 4 weeks on the 4 before, by week", Lines, Fraction,
				[]string{"Usage trend"}, [][]float64{ratios(w.UsageTrend)}, change),
		},
		Tables: []Table{segmentTable("Usage by segment, week "+ind.AsOfWeek.String(), []string{"Seat utilisation", "Usage trend", "Accounts"},
			u.BySegment, u.UsageFigures, func(f metrics.UsageFigures) []Cell {
				trend := ratioCell(f.Trend)
				trend.Text = format.PercentChange(f.Trend)
				return []Cell{ratioCell(f.SeatUtilisation), trend, countCell(f.Accounts)}
			})},
	}
}

func (b *builder) supportPage() FamilyPage {
	ind := b.r.Indicators
	if ind.Support == nil {
		return FamilyPage{Missing: &missingTickets}
	}
	s := ind.Support
	w := ind.Weekly
	hours := fixed(1, " h")
	return FamilyPage{
		Lede: b.weekLede() + " Figures of a week are over the tickets opened in it; tickets with no first response are left out of the response times and counted apart.",
		Tiles: []Tile{
			{Label: "Tickets per 100 accounts", Value: format.Number(s.TicketsPer100Accounts, 1), Note: format.Count(s.Tickets) + " tickets opened"},
			{Label: "Median first response", Value: format.Hours(s.MedianFirstResponseHours), Note: "90th percentile " + format.Hours(s.P90FirstResponseHours)},
			{Label: "Median resolution", Value: format.Hours(s.MedianResolutionHours), Note: "tickets resolved"},
			{Label: "Open P0 tickets", Value: format.Count(s.OpenP0), Note: "open at the end of the week"},
		},
		Charts: []Chart{
			b.weeklyChart("support_volume", "Tickets per 100 accounts, by week", Bars, Number,
				[]string{"Tickets per 100 accounts"}, [][]float64{numbers(w.TicketsPer100Accounts)}, fixed(1, "")),
			b.weeklyChart("support_times", "Response and resolution hours, by week", Lines, Number,
				[]string{"Median first response", "90th percentile first response", "Median resolution"},
				[][]float64{numbers(w.MedianFirstResponseHours), numbers(w.P90FirstResponseHours), numbers(w.MedianResolutionHours)}, hours),
		},
		Tables: []Table{segmentTable("Support by segment, week "+ind.AsOfWeek.String(),
			[]string{"Tickets", "Per 100 accounts", "Median first response", "P90 first response", "Median resolution", "No first response", "Open P0"},
			s.BySegment, s.SupportFigures, func(f metrics.SupportFigures) []Cell {
				return []Cell{countCell(f.Tickets), numberCell(format.Number(f.TicketsPer100Accounts, 1), f.TicketsPer100Accounts), hoursCell(f.MedianFirstResponseHours),
					hoursCell(f.P90FirstResponseHours), hoursCell(f.MedianResolutionHours), countCell(f.NoFirstResponse), countCell(f.OpenP0)}
			})},
	}
}

func (b *builder) relationshipsPage() FamilyPage {
	ind := b.r.Indicators
	if ind.Relationships == nil && ind.NPS == nil {
		return FamilyPage{Missing: &missingContacts}
	}
	p := FamilyPage{Lede: b.weekLede()}
	w := ind.Weekly
	if r := ind.Relationships; r != nil {
		p.Tiles = append(p.Tiles,
			Tile{Label: "Champion coverage", Value: format.Percent(r.ChampionCoverage), Note: "accounts with the contacts their segment needs"},
			Tile{Label: "Champions lost", Value: format.Count(r.ChampionsLost90d), Note: "left in the last 90 days"})
		p.Charts = append(p.Charts, b.weeklyChart("champion_coverage", "Champion coverage, by week", Lines, Fraction,
			[]string{"Champion coverage"}, [][]float64{ratios(w.ChampionCoverage)}, pct))
		p.Tables = append(p.Tables, segmentTable("Relationships by segment", []string{"Champion coverage", "Champions lost, 90 days", "Accounts"},
			r.BySegment, r.RelationshipFigures, func(f metrics.RelationshipFigures) []Cell {
				return []Cell{ratioCell(f.ChampionCoverage), countCell(f.ChampionsLost90d), countCell(f.Accounts)}
			}))
		p.Tables = append(p.Tables, b.coverageTable())
	} else {
		p.Tables = append(p.Tables, Table{Note: missingContacts.File + " would add " + missingContacts.Unlocks + "."})
	}
	if n := ind.NPS; n != nil {
		p.Tiles = append(p.Tiles, Tile{Label: "NPS", Value: format.Number(n.Score, 0),
			Note: fmt.Sprintf("%s responses in 90 days: %s promoters, %s detractors", format.Count(n.Responses), format.Count(n.Promoters), format.Count(n.Detractors))})
		p.Charts = append(p.Charts, b.weeklyChart("nps_weekly", "NPS over the trailing 90 days, by week", Lines, Number,
			[]string{"NPS"}, [][]float64{numbers(w.NPS)}, fixed(0, "")))
	}
	return p
}

// coverageTable lists the contacts each segment needs.
func (b *builder) coverageTable() Table {
	t := Table{Caption: "Contacts an account needs to count as covered", Head: []Cell{{Text: "Segment"}, {Text: "Buyers", Num: true}, {Text: "Champions", Num: true}, {Text: "Power users", Num: true}}}
	cov := b.in.Indicators.Coverage
	for _, name := range metrics.Keys(cov) {
		c := cov[name]
		label := name
		if name == "default" {
			label = "Other segments"
		}
		t.Rows = append(t.Rows, []Cell{{Text: label}, countCell(c.Buyers), countCell(c.Champions), countCell(c.PowerUsers)})
	}
	t.Note = "Set in the configuration under [indicators.coverage]."
	return t
}

func (b *builder) renewalsPage() FamilyPage {
	ind := b.r.Indicators
	if ind.Renewals == nil && ind.Pipeline == nil {
		return FamilyPage{Missing: &missingRenewals}
	}
	p := FamilyPage{Lede: "The renewal book counts the ARR up for renewal of renewals dated after " + format.Date(ind.AsOf.Time()) +
		"; an account is at risk when a rule flags it or its renewal forecast says at risk."}
	if ind.Renewals != nil {
		p.Tiles = b.renewalTiles()
	} else {
		p.Tables = append(p.Tables, Table{Note: missingRenewals.File + " would add " + missingRenewals.Unlocks + "."})
	}
	if pl := ind.Pipeline; pl != nil {
		t := Table{
			Caption: fmt.Sprintf("Inflow of new customers, %s to %s, against CS capacity", pl.From.Label(), pl.To.Label()),
			Head:    append([]Cell{{Text: "Segment"}}, numHeads([]string{"New accounts", "New ARR", "Active accounts", "CSMs", "Capacity", "Load"})...),
			Note:    "Capacity is CSMs times the accounts a CSM carries ([indicators.accounts_per_csm]); load is active plus new accounts over capacity. Above 100% the segment needs CSMs or a lighter-touch model.",
		}
		for _, s := range pl.BySegment {
			load := ratioCell(s.Load)
			if s.Load.OK && s.Load.Value > 1 {
				load.Class = "bad"
			}
			t.Rows = append(t.Rows, []Cell{{Text: s.Segment}, countCell(s.NewAccounts), b.moneyShortCell(s.ARR),
				countCell(s.Accounts), countCell(s.CSMs), countCell(s.Capacity), load})
		}
		p.Tables = append(p.Tables, t)
	} else {
		p.Tables = append(p.Tables, Table{Note: missingPipeline.File + " would add " + missingPipeline.Unlocks + "."})
	}
	return p
}

func (b *builder) watchPage() FamilyPage {
	ind := b.r.Indicators
	if ind.Renewals == nil {
		return FamilyPage{Missing: &missingRenewals}
	}
	return FamilyPage{
		Lede:   fmt.Sprintf("At-risk accounts renewing within %d days of %s, largest first. The flags say which rules the account meets, with its figure.", b.in.Indicators.WatchDays, format.Date(ind.AsOf.Time())),
		Tables: []Table{b.watchTable(ind.WatchList, b.csmLink("indicators/"))},
	}
}

// watchTable lists watch-list items, linking each to its CSM's page when
// link is set (a pack has no pages to link to).
func (b *builder) watchTable(items []metrics.WatchItem, link func(string) string) Table {
	if link == nil {
		link = func(string) string { return "" }
	}
	t := Table{
		Caption: "Watch list: at-risk accounts renewing soon",
		Head:    []Cell{{Text: "Account"}, {Text: "Segment"}, {Text: "CSM"}, {Text: "ARR up", Num: true}, {Text: "Renewal", Num: true}, {Text: "Days", Num: true}, {Text: "Forecast"}, {Text: "Flags"}},
	}
	var total money.Amount
	for _, w := range items {
		a := b.h.Accounts[w.Account]
		t.Rows = append(t.Rows, []Cell{
			{Text: a.Name + " (" + a.ID + ")"}, {Text: a.Segment}, {Text: groupLabel(metrics.BookKey(a)), Href: link(metrics.BookKey(a))},
			b.moneyCell(w.ARR), {Text: format.Date(w.RenewalDate.Time()), Num: true, Value: w.RenewalDate.String()}, countCell(int(w.RenewalDate - b.r.Indicators.AsOf)),
			{Text: strings.ReplaceAll(w.Forecast, "_", " ")}, {Text: b.flagText(w.Flags)},
		})
		total += w.ARR
	}
	t.Foot = [][]Cell{{{Text: format.Count(len(items)) + " accounts"}, {}, {}, b.moneyCell(total), {}, {}, {}, {}}}
	if len(items) == 0 {
		t.Note = "No at-risk account renews in the window."
	}
	return t
}

// bookIndicators returns a CSM book's indicator tiles and its at-risk
// accounts, largest first.
func (b *builder) bookIndicators(key string) ([]Tile, *Table) {
	ind := b.r.Indicators
	if ind == nil {
		return nil, nil
	}
	bk, ok := ind.ByCSM[key]
	if !ok {
		return nil, nil
	}
	var tiles []Tile
	if ind.Usage != nil {
		tiles = append(tiles, Tile{Label: "Seat utilisation", Value: format.Percent(bk.SeatUtilisation), Note: "usage trend " + format.PercentChange(bk.UsageTrend)})
	}
	if ind.Support != nil {
		tiles = append(tiles, Tile{Label: "Tickets, 90 days", Value: format.Count(bk.Tickets90d), Note: format.Count(bk.OpenP0) + " open P0"})
	}
	if ind.Relationships != nil {
		tiles = append(tiles, Tile{Label: "Champion coverage", Value: format.Percent(bk.ChampionCoverage)})
	}
	if ind.NPS != nil {
		t := Tile{Label: "NPS, 90 days", Value: format.Number(bk.NPS, 0), Note: "from " + format.Count(bk.NPSResponses) + " responses"}
		if bk.NPSResponses == 0 {
			t.Value, t.Note = format.NA, "no responses in the 90 days" // not a score of zero
		}
		tiles = append(tiles, t)
	}
	if ind.Renewals != nil {
		tiles = append(tiles, Tile{Label: "At-risk ARR renewing in 90 days", Value: b.moneyShort(bk.AtRiskARR90d), Note: "of " + b.moneyShort(bk.ARR90d) + " renewing"})
	}
	rows := b.flaggedByBook()[key]
	arr := func(s metrics.AccountSignals) money.Amount { return b.h.ARR(int(s.Account), b.r.AsOf) }
	t := Table{
		Caption: fmt.Sprintf("At-risk accounts (%s)", format.Count(bk.AtRiskAccounts)),
		Head:    []Cell{{Text: "Account"}, {Text: "Segment"}, {Text: "ARR", Num: true}, {Text: "Next renewal", Num: true}, {Text: "Flags"}},
	}
	for i, s := range rows {
		if i == MaxBookRows {
			t.Note = "Showing the " + format.Count(MaxBookRows) + " largest of " + format.Count(len(rows)) + " flagged accounts."
			break
		}
		a := b.h.Accounts[s.Account]
		renewal := ""
		if s.NextRenewal != nil {
			renewal = format.Date(s.NextRenewal.Date.Time())
		}
		t.Rows = append(t.Rows, []Cell{{Text: a.Name + " (" + a.ID + ")"}, {Text: a.Segment}, b.moneyCell(arr(s)), num(renewal), {Text: b.flagText(s.Flags)}})
	}
	if len(rows) == 0 {
		t.Note = "No account of this book is flagged."
	}
	return tiles, &t
}

// flaggedByBook returns the flagged accounts of each CSM book, largest
// ARR first, grouped once for all the book pages: a company of a thousand
// books would otherwise scan every account once per book.
func (b *builder) flaggedByBook() map[string][]metrics.AccountSignals {
	if b.flagged != nil {
		return b.flagged
	}
	b.flagged = map[string][]metrics.AccountSignals{}
	for _, s := range b.r.Indicators.Accounts {
		if len(s.Flags) > 0 {
			k := metrics.BookKey(b.h.Accounts[s.Account])
			b.flagged[k] = append(b.flagged[k], s)
		}
	}
	arr := func(s metrics.AccountSignals) money.Amount { return b.h.ARR(int(s.Account), b.r.AsOf) }
	for _, rows := range b.flagged {
		slices.SortStableFunc(rows, func(x, y metrics.AccountSignals) int {
			return cmp.Or(cmp.Compare(arr(y), arr(x)), cmp.Compare(b.h.Accounts[x.Account].ID, b.h.Accounts[y.Account].ID))
		})
	}
	return b.flagged
}

// addIndicatorSheets adds the leading indicators with their 13 weeks in
// figures, the lift, and the renewal book with the whole watch list, over
// as many sheets as it needs.
func (b *builder) addIndicatorSheets(p *Pack) {
	ind := b.r.Indicators
	if ind == nil {
		return
	}
	o := b.indicatorOverview()
	p.Sheets = append(p.Sheets, Sheet{ID: "indicators", Title: "Leading indicators", Kind: "tables", InContents: true, Merge: true,
		Lede: o.Lede, Tables: []Table{unlinked(o.Overview)}},
		Sheet{ID: "indicator-weeks", Title: "Leading indicators by week", Kind: "tables", Merge: true, Tables: []Table{b.weeklyFigures()}})
	if len(ind.Lift) > 0 {
		p.Sheets = append(p.Sheets, Sheet{ID: "lift", Title: "Which indicators preceded churn", Kind: "tables", InContents: true, Merge: true,
			Lede: "Each rule's churn rate for accounts it flagged 90 days before a month, against the base rate: the indicators worth acting on here.", Tables: []Table{o.Lift}})
	}
	if ind.Renewals != nil {
		p.Sheets = append(p.Sheets, Sheet{ID: "watch", Title: "Renewal book and watch list", Kind: "flow", InContents: true,
			Tiles: o.Renewals[:4], Tables: []Table{b.watchTable(ind.WatchList, nil)}})
	}
}

// weeklyFigures is the overview's sparklines in figures: each indicator's
// value in each of the 13 weeks, for a printed page, where a sparkline
// cannot be read off.
func (b *builder) weeklyFigures() Table {
	weeks := b.r.Indicators.Weekly.Weeks
	t := Table{Caption: fmt.Sprintf("The %d weeks in figures", len(weeks)), Head: []Cell{{Text: "Indicator"}}}
	for _, w := range weeks {
		_, n := w.ISO()
		t.Head = append(t.Head, Cell{Text: fmt.Sprintf("W%02d", n), Num: true})
	}
	for _, s := range b.weeklySeries() {
		row := []Cell{{Text: s.name}}
		for _, v := range s.values {
			text := format.NA
			if !math.IsNaN(v) {
				text = s.format(v)
			}
			row = append(row, num(text))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// unlinked returns a copy of t without its links: a pack has no pages to
// link to.
func unlinked(t Table) Table {
	rows := make([][]Cell, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = slices.Clone(r)
		for j := range rows[i] {
			rows[i][j].Href = ""
		}
	}
	t.Rows = rows
	return t
}
