package report

import (
	"cmp"
	"fmt"
	"html/template"
	"strings"

	"github.com/boardpack/boardpack/internal/commentary"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// PackConfig is the board packs' section of the configuration.
type PackConfig struct {
	// Paper is "a4" or "letter", always landscape.
	Paper string `toml:"paper"`
	// Confidential is the line on the cover and in every footer.
	Confidential string `toml:"confidential"`
	// PreparedBy names who prepared the pack, on its cover; empty: the
	// weekly update's author, else "Customer Success".
	PreparedBy string `toml:"prepared_by"`
	// Segments and CSMs list the extra packs to print, one per segment or
	// CSM book; "all" alone selects every one.
	Segments Selection `toml:"segments"`
	CSMs     Selection `toml:"csms"`
	// CSMBooks puts the table of every CSM's book of business in the
	// company's pack. Off by default: it is per-person data, which a
	// board pack should carry only when asked to.
	CSMBooks bool `toml:"csm_books"`
	// Tagged prints tagged (accessible) PDFs, whose structure screen
	// readers follow; on by default, at about 40 ms a pack.
	Tagged bool `toml:"tagged"`
}

// DefaultPackConfig returns the pack configuration used when none is given.
func DefaultPackConfig() PackConfig {
	return PackConfig{Paper: "a4", Confidential: "Confidential: prepared for the board of directors", Tagged: true}
}

// Validate reports a setting that cannot be printed.
func (c PackConfig) Validate() error {
	if _, ok := paperSizes[c.Paper]; !ok {
		return fmt.Errorf("packs.paper: %q is not a4 or letter", c.Paper)
	}
	return nil
}

var paperSizes = map[string]template.CSS{"a4": "A4 landscape", "letter": "letter landscape"}

// Selection is a list of names in the configuration, or every name when it
// is the string "all".
type Selection []string

// UnmarshalTOML accepts a list of names or the string "all".
func (s *Selection) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		if v != "all" {
			return fmt.Errorf("%q: give a list of names or \"all\"", v)
		}
		*s = Selection{"all"}
	case []any:
		for _, e := range v {
			name, ok := e.(string)
			if !ok {
				return fmt.Errorf("%v is not a name", e)
			}
			*s = append(*s, name)
		}
	default:
		return fmt.Errorf("give a list of names or \"all\"")
	}
	return nil
}

// Pick returns the names of available that s selects, in the order of
// available, and the names s lists that are not available.
func (s Selection) Pick(available []string) (picked, unknown []string) {
	if len(s) == 1 && s[0] == "all" {
		return available, nil
	}
	have := map[string]bool{}
	for _, a := range available {
		have[a] = true
	}
	want := map[string]bool{}
	for _, n := range s {
		if have[n] {
			want[n] = true
		} else {
			unknown = append(unknown, n)
		}
	}
	for _, a := range available {
		if want[a] {
			picked = append(picked, a)
		}
	}
	return picked, unknown
}

// Pack is a board pack: a document of fixed-size landscape sheets printed
// to PDF, in the order of a board deck: the cover, the contents, a one-page
// executive summary that leads with the message, then retention, cost and
// ROI, the leading indicators, maturity and the appendix. Sheets are laid
// out here; in the browser, pack.js flows long text and tables onto as
// many sheets as they need, moves a sheet marked Merge onto the one before
// when it fits there, numbers the pages and fills in the contents.
type Pack struct {
	File         string // base name of the .html and .pdf, such as "boardpack-2026-10"
	Title        string
	Scope        string // such as "Segment: Enterprise"; "" for the company
	Company      string
	Period       string // such as "Oct 2026"
	PeriodNote   string // such as "Closes fiscal quarter FY27 Q3"
	DataAsOf     string // the as-of date, such as "31 Oct 2026"
	PreparedBy   string
	Version      string // the build's version, such as "boardpack v1.4.0"
	Confidential string
	PageSize     template.CSS
	Paper        string
	Sheets       []Sheet
}

// DocumentTitle is the title of the pack's page and PDF, such as
// "Customer Success board pack · Northwind Cloud · Oct 2026 · Segment: SMB".
func (p *Pack) DocumentTitle() string {
	s := p.Title + " · " + p.Company + " · " + p.Period
	if p.Scope != "" {
		s += " · " + p.Scope
	}
	return s
}

// Subject is the PDF's subject: what the pack covers and its period.
func (p *Pack) Subject() string {
	s := p.Title + ", " + p.Period
	if p.Scope != "" {
		s += " (" + p.Scope + ")"
	}
	return s
}

// Sheet is one page of a pack, or the first of a flowing run of pages.
type Sheet struct {
	ID         string // unique in the pack; the contents link to it
	Title      string
	Kind       string // "cover", "contents", "summary", "chart", "tables", "flow"
	InContents bool
	// Merge lets the sheet's content move onto the sheet before when it
	// fits there, so that no sheet is left half empty.
	Merge   bool
	Lede    string
	Tiles   []Tile
	Note    string               // under the tiles, such as what QoQ and YoY compare
	Message []commentary.Section // the update's highlights and asks, on the summary
	Chart   *Chart
	Tables  []Table
	Legend  []Cell             // a heat map's shades, under its table
	Update  *commentary.Update // the weekly update, in the appendix
}

// BuildPack returns the board pack of in. For a scoped pack, in holds the
// figures of that scope only, computed from its accounts alone, so the pack
// shows none of the company's other numbers.
func BuildPack(in Input, cfg PackConfig, scope metrics.Scope) *Pack {
	b := newBuilder(in)
	b.books()
	asOf := b.r.AsOf
	p := &Pack{
		File:         PackFile(asOf),
		Title:        "Customer Success board pack",
		Company:      in.Config.Company,
		Period:       asOf.Label(),
		DataAsOf:     format.Date(asOf.LastDay().Time()),
		PreparedBy:   cfg.PreparedBy,
		Version:      "boardpack " + cmp.Or(in.Version, "dev"),
		Confidential: cfg.Confidential,
		PageSize:     paperSizes[cfg.Paper],
		Paper:        cfg.Paper,
	}
	if ind := b.r.Indicators; ind != nil {
		p.DataAsOf = format.Date(ind.AsOf.Time())
	}
	u := b.commentary()
	if p.PreparedBy == "" {
		p.PreparedBy = "Customer Success"
		if u != nil && u.Author != "" {
			p.PreparedBy = u.Author
		}
	}
	if fq, ok := FiscalQuarter(asOf.Add(-2), asOf, in.Config.FiscalYearStart); ok {
		p.PeriodNote = "Closes fiscal quarter " + fq
	}
	switch scope.Kind {
	case "segment":
		p.Scope = "Segment: " + scope.Name
		p.File += "-segment-" + slug(scope.Name)
	case "csm":
		p.Scope = "CSM book: " + groupLabel(scope.Name)
		p.File += "-csm-" + slug(groupLabel(scope.Name))
	}

	add := func(s Sheet) { p.Sheets = append(p.Sheets, s) }
	add(Sheet{ID: "cover", Kind: "cover"})
	add(Sheet{ID: "contents", Title: "Contents", Kind: "contents"})
	add(b.summarySheet(u))
	b.addRetentionSheets(p, cfg, scope)
	// Cost, ROI and maturity are the company's: a scoped pack has none.
	if scope.Kind == "" {
		b.addCostSheets(p)
	}
	b.addIndicatorSheets(p)
	if scope.Kind == "" {
		b.addMaturitySheets(p)
		b.addMissingSheet(p)
	}
	if u != nil {
		add(Sheet{ID: "commentary", Title: "Appendix: the weekly update", Kind: "flow", InContents: true, Update: u})
	}
	add(Sheet{ID: "definitions", Title: "Appendix: definitions", Kind: "flow", InContents: true}) // the template holds the text
	q := b.quality()
	q.Sources.Note = q.Bridge
	lineage := []Table{q.Sources}
	if q.Controls != nil {
		lineage = append(lineage, *q.Controls)
	}
	add(Sheet{ID: "lineage", Title: "Appendix: data lineage", Kind: "tables", InContents: true, Merge: true,
		Lede:   "Every figure in this pack comes from these files. Compare their SHA-256 with the extract to tie the pack to it.",
		Tables: lineage})
	return p
}

// summarySheet is the one-page executive summary: the headline tiles with
// their changes on the month, the quarter and the year, the week's
// highlights and asks, and the ARR bridge, whose bars carry their figures.
func (b *builder) summarySheet(u *commentary.Update) Sheet {
	summary := b.summary()
	bridge := summary.Bridge
	bridge.ID = "pack_summary_bridge"
	bridge.Height = 0
	s := Sheet{ID: "summary", Title: "Executive summary", Kind: "summary", InContents: true,
		Tiles: summary.Tiles, Chart: &bridge, Note: b.compareNote()}
	if u != nil {
		for _, sec := range u.Sections {
			if sec.Key == "highlights" || sec.Key == "lowlights" || sec.Key == "asks" {
				s.Message = append(s.Message, sec)
			}
		}
	}
	if len(s.Message) == 0 {
		// Without an update (a scoped pack has none), retention over
		// each lookback is the message, narrow enough for its column.
		s.Tables = []Table{b.retentionAtAGlance()}
	}
	return s
}

// retentionAtAGlance is the cohort's retention over each lookback, in four
// columns.
func (b *builder) retentionAtAGlance() Table {
	ret := b.r.Retention
	t := Table{Caption: "Retention by lookback", Head: heads("Cohort", "NRR", "GRR", "Logo retention"),
		Note: "Each cohort is the accounts with ARR at its start."}
	for _, l := range []struct {
		name string
		r    metrics.Retention
	}{{"Trailing 12 months", ret.T12M}, {"Quarterly (3 months)", ret.Quarterly}, {"Monthly", ret.Monthly}} {
		t.Rows = append(t.Rows, []Cell{{Text: l.name + ", " + format.Span(l.r.From.First(), l.r.To.First())},
			ratioCell(l.r.NRR), ratioCell(l.r.GRR), ratioCell(l.r.LogoRetention)})
	}
	return t
}

// addRetentionSheets adds the ARR bridge, the retention trend, the
// breakdowns, the CSM books (in the company's pack only when the
// configuration asks) and the cohorts.
func (b *builder) addRetentionSheets(p *Pack, cfg PackConfig, scope metrics.Scope) {
	ret := b.r.Retention
	bridge := b.bridgeChart("pack_bridge", "ARR bridge, trailing 12 months", b.r.Bridge.T12M)
	bridge.Table = b.bridgeTable()
	p.Sheets = append(p.Sheets, Sheet{ID: "bridge", Title: "ARR bridge", Kind: "chart", InContents: true, Chart: &bridge,
		Lede: "Starting ARR of all accounts plus new, expansion and reactivation, less contraction and churn, is ending ARR of all accounts: checked to the cent for every month."})
	trend := b.trendChart("pack_trend")
	p.Sheets = append(p.Sheets, Sheet{ID: "trend", Title: "Retention trend", Kind: "chart", InContents: true, Chart: &trend,
		Lede: "The shaded bands are the medians of private B2B SaaS companies (NRR about 100–105%, GRR about 90–92%); the dashed lines are the targets."})
	p.Sheets = append(p.Sheets, Sheet{
		ID: "breakdowns", Title: "Retention breakdowns", Kind: "tables", InContents: true,
		Lede: "Each breakdown splits the same trailing-12-month cohort, the accounts with ARR in " + ret.T12M.From.Label() + ", so its rows add up to the cohort's total; accounts won since are in the company's ending ARR only.",
		Tables: []Table{
			b.withCompany(b.breakdownTable("By segment", "Segment", ret.Segment, ret.T12M, nil)),
			b.breakdownTable("By engagement model", "Engagement model", ret.EngagementModel, ret.T12M, nil),
			b.breakdownTable("By tenure", "Tenure", ret.Tenure, ret.T12M, nil),
		},
	})
	switch {
	case scope.Kind == "csm":
		// The scoped history holds this book's accounts only.
		book := b.csmPage(scope.Name, &ret.T12M, b.r.Accounts)
		p.Sheets = append(p.Sheets, Sheet{ID: "accounts", Title: "Accounts in the book", Kind: "flow", InContents: true, Merge: true,
			Tables: []Table{book.Accounts}})
	case cfg.CSMBooks:
		p.Sheets = append(p.Sheets, Sheet{ID: "csms", Title: "CSM books of business", Kind: "flow", InContents: true, Merge: true,
			Tables: []Table{b.breakdownTable("By CSM book of business, trailing-12-month cohort", "CSM", ret.CSM, ret.T12M, nil)}})
	}
	p.Sheets = append(p.Sheets, Sheet{ID: "cohorts", Title: "Cohorts", Kind: "tables", InContents: true, Merge: true,
		Tables: []Table{b.cohortTable()}, Legend: heatLegend()})
}

// addCostSheets adds the cost to retain with its monthly figures, the
// cost mix and the CS Ops ROI.
func (b *builder) addCostSheets(p *Pack) {
	cost := b.costPage()
	if cost.Costs == nil {
		chart := cost.Trend
		chart.ID = "pack_cost"
		p.Sheets = append(p.Sheets,
			Sheet{ID: "cost", Title: "Cost to retain", Kind: "chart", InContents: true, Tiles: cost.Tiles[:4], Chart: &chart,
				Lede: "CS cost over revenue, by month, against the 5–15% typical of established companies and the target."},
			Sheet{ID: "cost-mix", Title: "Cost mix", Kind: "tables", Merge: true, Tables: []Table{cost.Mix}})
	}
	if cost.ROI == nil {
		t := cost.ROITable
		t.Note = strings.TrimSpace("Savings are hours saved times the loaded CSM hourly cost; cost is one-time plus monthly cost from launch. An ROI above 1,000% reads as a multiple. " + t.Note)
		p.Sheets = append(p.Sheets, Sheet{ID: "roi", Title: "CS Ops ROI", Kind: "tables", InContents: true, Merge: true, Tables: []Table{t}})
	}
}

// addMaturitySheets adds a sheet per maturity scorecard; those that fit
// share a sheet, or move up onto the end of the sheet before.
func (b *builder) addMaturitySheets(p *Pack) {
	for _, sc := range b.maturityPage().Scorecards {
		t := sc.Table
		t.Caption = "Score " + sc.Score + ", previously " + sc.Previous + ". " + sc.Dates
		p.Sheets = append(p.Sheets, Sheet{ID: "maturity-" + sc.ID, Title: sc.Title, Kind: "tables", InContents: true, Merge: true,
			Lede: sc.Intro, Tables: []Table{t}})
	}
}

// addMissingSheet adds a sheet saying which extracts would unlock the
// company's sections that have no data.
func (b *builder) addMissingSheet(p *Pack) {
	var missing []string
	for _, m := range []*Missing{b.costPage().Costs, b.costPage().ROI, b.maturityPage().Missing} {
		if m != nil {
			missing = append(missing, m.File+" would add "+m.Unlocks+".")
		}
	}
	if len(missing) > 0 {
		t := Table{Head: []Cell{{Text: "Not in this pack"}}}
		for _, m := range missing {
			t.Rows = append(t.Rows, []Cell{{Text: m}})
		}
		p.Sheets = append(p.Sheets, Sheet{ID: "missing", Title: "Sections without data", Kind: "tables", Merge: true, Tables: []Table{t}})
	}
}

// compareNote says what the tiles' quarter and year comparisons compare
// with.
func (b *builder) compareNote() string {
	m := b.r.AsOf
	return "QoQ compares with " + m.Add(-3).Label() + ", YoY with " + m.Add(-12).Label() + "; retention figures are trailing 12 months as of each month."
}

// heatLegend is the key of the cohort heat map's shades, as heat assigns
// them.
func heatLegend() []Cell {
	return []Cell{
		{Text: "below 87.5%", Class: "heat-down3"}, {Text: "87.5–92.5%", Class: "heat-down2"},
		{Text: "92.5–97.5%", Class: "heat-down1"}, {Text: "97.5–102.5%", Class: "heat-0"},
		{Text: "102.5–107.5%", Class: "heat-up1"}, {Text: "107.5–112.5%", Class: "heat-up2"},
		{Text: "112.5% and above", Class: "heat-up3"},
	}
}

// PackFile returns the base name of the company's pack as of a month;
// scoped packs add their scope to it.
func PackFile(asOf period.Month) string { return "boardpack-" + asOf.String() }

// PackName returns how a pack's scope reads in progress lines.
func PackName(scope metrics.Scope) string {
	if scope.Kind == "" {
		return "company"
	}
	return strings.ToLower(scope.Kind) + " " + groupLabel(scope.Name)
}
