package report

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// Missing says which extract would unlock a section, and what it holds,
// instead of a blank chart.
type Missing struct {
	File    string
	Columns string
	Unlocks string
}

var (
	missingCosts       = missing(contract.CostsFile)
	missingInitiatives = missing(contract.InitiativesFile)
	missingAssessments = missing(contract.AssessmentsFile)
)

// missing returns the text that asks for the contract's file called name.
func missing(name string) Missing {
	f := contract.Of(name)
	return Missing{File: f.Name, Columns: f.ColumnList(), Unlocks: f.Unlocks}
}

// CostPage is the cost to retain and CS Ops ROI page.
type CostPage struct {
	Costs        *Missing // set when cs_costs.csv is absent
	Tiles        []Tile
	Trend        Chart
	Mix          Table
	Productivity Table
	RevenueNote  string

	ROI       *Missing // set when initiatives.csv is absent
	ROITable  Table
	ROICharts []Chart
}

// MaturityPage is the maturity scorecards page.
type MaturityPage struct {
	Missing    *Missing
	Scorecards []Scorecard
}

// Scorecard is one framework's latest assessment laid out as a rubric.
type Scorecard struct {
	ID, Title, Intro string
	Score, Previous  string // such as "2.1 of 3"
	Dates            string
	Table            Table
}

// costTile is the headline tile of the cost to retain, for the summary.
func (b *builder) costTile() (Tile, bool) {
	c := b.r.Cost
	if c == nil {
		return Tile{}, false
	}
	t := Tile{Label: "Cost to retain", Value: format.Percent(c.T12M.CostToRetain), Note: "CS cost over revenue, trailing 12 months"}
	if p := b.r.CostPrev; p != nil {
		// Lower is better: a falling cost to retain is good news.
		if d, trend := pointsChange(p.T12M.CostToRetain, c.T12M.CostToRetain, -1); d != "" {
			t.Delta, t.DeltaNote, t.Trend = d, "vs "+b.r.AsOf.Add(-1).Label(), trend
		}
	}
	withTarget(&t, c.T12M.CostToRetain, b.targets.CostToRetain, true)
	return t, true
}

func (b *builder) costPage() CostPage {
	var p CostPage
	if c := b.r.Cost; c == nil {
		p.Costs = &missingCosts
	} else {
		tile, _ := b.costTile()
		p.Tiles = []Tile{
			tile,
			{Label: "CS cost", Value: b.moneyShort(c.T12M.CSCost), Note: "trailing 12 months, all categories"},
			{Label: "Cost per retained ARR dollar", Value: format.PerUnit(c.T12M.CostPerRetainedARR, b.cur), Note: "CS cost over the cohort's retained ARR"},
			{Label: "CS magic number", Value: format.Multiple(c.T12M.MagicNumber), Note: "renewed + expansion ARR over CS cost"},
			{Label: "ARR per CSM", Value: b.moneyShort(c.ARRPerCSM), Note: strconv.FormatFloat(c.CSMHeadcount, 'f', -1, 64) + " CSMs (" + c.HeadcountBasis + ")"},
			{Label: "Accounts per CSM", Value: format.Number(metrics.Number{Value: c.AccountsPerCSM, OK: true}, 0), Note: "active accounts at " + b.r.AsOf.Label()},
		}
		p.Trend = b.costChart("cost_trend")
		p.Mix = b.costMix()
		p.Productivity = b.productivity()
		switch {
		case c.RevenueSource == "arr":
			p.RevenueNote = "No " + contract.RevenueMonthlyFile + ": revenue is recurring revenue, the month's total ARR / 12."
		case len(c.RevenueFromARR) > 0:
			p.RevenueNote = fmt.Sprintf("%s has no row for %d of the 12 months (from %s): their revenue is their ARR / 12.",
				contract.RevenueMonthlyFile, len(c.RevenueFromARR), c.RevenueFromARR[0].Label())
		}
	}
	if b.r.OpsROI == nil {
		p.ROI = &missingInitiatives
	} else {
		p.ROITable = b.roiTable()
		for i, x := range b.r.OpsROI.Initiatives {
			if len(x.Months) > 0 {
				p.ROICharts = append(p.ROICharts, b.roiChart(fmt.Sprintf("roi_%d", i+1), x))
			}
		}
	}
	return p
}

// costChart is the cost to retain by month against the 5-15% reference
// band of established companies and the company's target.
func (b *builder) costChart(id string) Chart {
	c := b.r.Cost
	ch := Chart{ID: id, Title: "Cost to retain by month", Kind: Lines, Unit: Fraction, Height: 300, FromZero: true,
		Bands: []Band{{From: 0.05, To: 0.15, Label: "typical 5–15%"}}, Targets: targetLines(b.targets.CostToRetain, "Target")}
	s := Series{Name: "Cost to retain"}
	t := Table{Caption: ch.Title, Head: heads("Month", "CS cost", "Revenue", "Cost to retain")}
	for _, m := range c.Monthly {
		ch.Categories = append(ch.Categories, m.Month.Label())
		s.Values = append(s.Values, ratioValue(m.CostToRetain))
		s.Labels = append(s.Labels, format.Percent(m.CostToRetain))
		t.Rows = append(t.Rows, []Cell{{Text: m.Month.Label()}, b.moneyCell(m.CSCost), b.moneyCell(m.Revenue), ratioCell(m.CostToRetain)})
	}
	t.Foot = [][]Cell{{{Text: "Trailing 12 months"}, b.moneyCell(c.T12M.CSCost), b.moneyCell(c.T12M.Revenue), ratioCell(c.T12M.CostToRetain)}}
	ch.Series = []Series{s}
	ch.Table = t
	return ch
}

var categoryNames = map[string]string{
	"csm": "CSMs", "support": "Support", "onboarding": "Onboarding", "cs_ops": "CS Ops",
	"customer_marketing": "Customer marketing", "tooling": "CS tooling", "other": "Other",
}

func (b *builder) costMix() Table {
	c := b.r.Cost
	t := Table{Caption: "Cost mix, trailing 12 months", Head: heads("Category", "Cost", "Share of CS cost", "Cost to retain")}
	for _, cat := range metrics.CostCategories {
		x, ok := c.ByCategory[cat]
		if !ok {
			continue
		}
		t.Rows = append(t.Rows, []Cell{{Text: categoryNames[cat]}, b.moneyCell(x.Cost), ratioCell(x.Share), ratioCell(x.CostToRetain)})
	}
	t.Foot = [][]Cell{{{Text: "Total"}, b.moneyCell(c.T12M.CSCost), ratioCell(metrics.Ratio{Value: 1, OK: true}), ratioCell(c.T12M.CostToRetain)}}
	return t
}

// productivity lists each named CSM's book now: accounts, ARR and the
// book's net retention.
func (b *builder) productivity() Table {
	type book struct {
		accounts int
		arr      money.Amount
	}
	books := map[string]*book{}
	for _, c := range b.r.Accounts {
		a := b.h.Accounts[c.Account]
		if a.CSM == "" || c.End == 0 {
			continue
		}
		if books[a.CSM] == nil {
			books[a.CSM] = &book{}
		}
		books[a.CSM].accounts++
		books[a.CSM].arr += c.End
	}
	t := Table{Caption: "Productivity by CSM, " + b.r.AsOf.Label(), Head: heads("CSM", "Accounts", "Book ARR", "NRR", "GRR")}
	for _, name := range metrics.Keys(books) {
		bk := books[name]
		nrr, grr := num(format.NA), num(format.NA)
		if r := b.r.Retention.CSM[name]; r != nil {
			nrr, grr = ratioCell(r.NRR), ratioCell(r.GRR)
		}
		row := []Cell{{Text: name, Href: b.csmLink("")(name)}, countCell(bk.accounts), b.moneyCell(bk.arr), nrr, grr}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// rounded shows v with the given decimals and keeps it whole.
func rounded(v float64, places int) Cell {
	n := metrics.Number{Value: v, OK: true}
	return numberCell(format.Number(n, places), n)
}

// roiCell shows an ROI as format.ROI writes it and keeps the fraction.
func roiCell(r metrics.Ratio) Cell {
	c := ratioCell(r)
	c.Text = format.ROI(r)
	return c
}

func (b *builder) roiTable() Table {
	r := b.r.OpsROI
	t := Table{
		Caption: "CS Ops initiatives, from launch to " + b.r.AsOf.Label(),
		Head:    heads("Initiative", "Launched", "Months live", "Hours saved a month", "Savings", "Cost", "ROI", "ROI, last 12 months", "Payback", "Headcount avoided", "Accounts of capacity"),
	}
	row := func(x metrics.ROI, name, launched, payback string) []Cell {
		live := num("")
		if x.MonthsLive != nil {
			live = countCell(*x.MonthsLive)
		}
		return []Cell{
			{Text: name}, num(launched), live,
			rounded(x.HoursSavedPerMonth, 0),
			b.moneyCell(x.Savings), b.moneyCell(x.Cost), roiCell(x.ROI), roiCell(x.T12M.ROI), num(payback),
			rounded(x.HeadcountAvoided, 1), rounded(x.AccountsUnlocked, 0),
		}
	}
	for _, x := range r.Initiatives {
		payback := "not yet"
		if x.PaybackMonth != nil {
			payback = x.PaybackMonth.Label()
		}
		name := x.Name
		if x.Owner != "" {
			name += " (" + x.Owner + ")"
		}
		cells := row(x, name, x.Launched.Label(), payback)
		if x.PaybackMonth == nil {
			cells[8].Class = "bad" // the payback column
		}
		t.Rows = append(t.Rows, cells)
	}
	total := row(r.Total, "Total", "", "")
	t.Foot = [][]Cell{total}
	// Each row is rounded on its own: say so where the rounded rows do not
	// add up to the rounded total.
	var hours, headcount, accounts float64
	for _, x := range r.Initiatives {
		hours += math.Round(x.HoursSavedPerMonth)
		headcount += math.Round(x.HeadcountAvoided*10) / 10
		accounts += math.Round(x.AccountsUnlocked)
	}
	if hours != math.Round(r.Total.HoursSavedPerMonth) || math.Abs(headcount-math.Round(r.Total.HeadcountAvoided*10)/10) > 1e-9 ||
		accounts != math.Round(r.Total.AccountsUnlocked) {
		t.Note = "Hours, headcount and accounts are rounded row by row, so the rows may not add up to the total, which rounds the exact sum."
	}
	return t
}

// roiChart is an initiative's cumulative savings against its cumulative
// cost, month by month: where the lines cross, it has paid back.
func (b *builder) roiChart(id string, x metrics.ROI) Chart {
	c := Chart{ID: id, Title: x.Name + ": cumulative savings and cost", Kind: Lines, Unit: Currency, Height: 240}
	save, cost := Series{Name: "Savings"}, Series{Name: "Cost"}
	t := Table{Caption: c.Title, Head: heads("Month", "Savings to date", "Cost to date")}
	for i, m := range x.Months {
		c.Categories = append(c.Categories, m.Label())
		for _, p := range []struct {
			s *Series
			v money.Amount
		}{{&save, x.CumulativeSaving[i]}, {&cost, x.CumulativeCost[i]}} {
			f := p.v.Float()
			p.s.Values = append(p.s.Values, &f)
			p.s.Labels = append(p.s.Labels, b.moneyShort(p.v))
		}
		t.Rows = append(t.Rows, []Cell{{Text: m.Label()}, b.moneyCell(x.CumulativeSaving[i]), b.moneyCell(x.CumulativeCost[i])})
	}
	c.Series = []Series{save, cost}
	c.Table = t
	return c
}

var qualityNames = [4]string{"not assessed", "Poor", "Average", "Excellent"}

// ratingName returns how a rating reads on its scale.
func ratingName(scale string, v int) string {
	if v == 0 {
		return "not assessed"
	}
	if scale == metrics.ScaleLevel {
		return "Level " + strconv.Itoa(v)
	}
	return qualityNames[v]
}

var arrows = map[string]string{"up": "▲ up", "down": "▼ down", "same": "= same", "new": "new"}

func (b *builder) maturityPage() MaturityPage {
	if b.r.Maturity == nil {
		return MaturityPage{Missing: &missingAssessments}
	}
	var p MaturityPage
	for _, m := range inDomainOrder(b.r.Maturity) {
		sc := Scorecard{ID: m.Framework, Title: m.Title, Score: format.Score(m.Score), Previous: format.Score(m.PreviousScore)}
		for _, f := range b.in.Frameworks {
			if f.ID == m.Framework {
				sc.Intro = f.Intro
			}
		}
		switch {
		case m.Date == "":
			sc.Dates = "Not assessed yet."
		case m.PreviousDate == "":
			sc.Dates = "Assessed " + format.DateISO(m.Date) + "; no earlier assessment."
		default:
			sc.Dates = "Assessed " + format.DateISO(m.Date) + ", against " + format.DateISO(m.PreviousDate) + "."
		}
		t := Table{Name: m.Framework, Head: []Cell{{Text: "Question"}, {Text: "Rating"}, {Text: "Previous"}, {Text: "Change"}, {Text: "What the next level means"}, {Text: "Evidence"}}}
		for _, q := range m.Questions {
			next := "Top of the scale."
			if q.Rating < 3 {
				next = q.Levels[q.Rating]
				if q.Rating == 0 {
					next = "Not assessed this time: rate it at the next assessment."
				}
			}
			class := map[string]string{"up": "good", "down": "bad"}[q.Direction]
			rating := Cell{Text: ratingName(m.Scale, q.Rating), Class: "rating-" + strconv.Itoa(q.Rating)}
			evidence := q.Evidence
			if q.Owner != "" {
				evidence = strings.TrimSpace(evidence + " (" + q.Owner + ")")
			}
			t.Rows = append(t.Rows, []Cell{
				{Text: q.Text}, rating, {Text: ratingName(m.Scale, q.Previous), Class: "muted"},
				{Text: arrows[q.Direction], Class: class}, {Text: next}, {Text: evidence},
			})
		}
		sc.Table = t
		p.Scorecards = append(p.Scorecards, sc)
	}
	return p
}

// frameworkOrder is the order the domain brief gives the frameworks in:
// the board's question first. Others follow by id.
var frameworkOrder = map[string]int{"cs-value": 1, "cs-ops-stage": 2, "low-touch-level": 3, "role-rubric": 4}

func inDomainOrder(scores map[string]metrics.MaturityScore) []metrics.MaturityScore {
	out := slices.Collect(maps.Values(scores))
	slices.SortStableFunc(out, func(a, b metrics.MaturityScore) int {
		oa, ob := frameworkOrder[a.Framework], frameworkOrder[b.Framework]
		if oa == 0 {
			oa = 99
		}
		if ob == 0 {
			ob = 99
		}
		return cmp.Or(cmp.Compare(oa, ob), cmp.Compare(a.Framework, b.Framework))
	})
	return out
}
