package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/boardpack/boardpack/internal/commentary"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// PackConfig is the board packs' section of the configuration.
type PackConfig struct {
	// Paper is "a4" or "letter", always landscape.
	Paper string `toml:"paper"`
	// Confidential is the line on the cover and in every footer.
	Confidential string `toml:"confidential"`
	// Segments and CSMs list the extra packs to print, one per segment or
	// CSM book; "all" alone selects every one.
	Segments Selection `toml:"segments"`
	CSMs     Selection `toml:"csms"`
	// Tagged prints tagged (accessible) PDFs, for screen readers; off by
	// default because it adds about 40 ms to every pack.
	Tagged bool `toml:"tagged"`
}

// DefaultPackConfig returns the pack configuration used when none is given.
func DefaultPackConfig() PackConfig {
	return PackConfig{Paper: "a4", Confidential: "Confidential: prepared for the board of directors"}
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
// to PDF. Sheets that hold a chart or a table are laid out here, so that
// nothing is cut across pages; commentary and definitions flow onto as many
// sheets as they need in the browser, which then numbers the pages and
// fills in the contents.
type Pack struct {
	File         string // base name of the .html and .pdf, such as "boardpack-2026-10"
	Title        string
	Scope        string // such as "Segment: Enterprise"; "" for the company
	Company      string
	Period       string // such as "October 2026"
	PeriodNote   string // such as "Fiscal quarter FY27 Q3 closes with this month"
	Confidential string
	PageSize     template.CSS
	Paper        string
	Sheets       []Sheet
}

// Sheet is one page of a pack, or the first of a flowing run of pages.
type Sheet struct {
	ID         string // unique in the pack; the contents link to it
	Title      string
	Kind       string // "cover", "contents", "summary", "chart", "tables", "flow"
	InContents bool
	Lede       string
	Tiles      []Tile
	Chart      *Chart
	Tables     []Table
	Update     *commentary.Update // the weekly update, on the commentary sheet
}

// rowsPerSheet keeps a paginated table inside one sheet: a landscape page
// holds about twenty rows of 9-point type under its title.
const rowsPerSheet = 16

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
		Period:       asOf.First().Format("January 2006"),
		Confidential: cfg.Confidential,
		PageSize:     paperSizes[cfg.Paper],
		Paper:        cfg.Paper,
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

	summary := b.summary()
	ret := b.r.Retention
	add := func(s Sheet) { p.Sheets = append(p.Sheets, s) }
	add(Sheet{ID: "cover", Kind: "cover"})
	add(Sheet{ID: "contents", Title: "Contents", Kind: "contents"})
	add(Sheet{
		ID: "summary", Title: "Executive summary", Kind: "summary", InContents: true,
		Tiles: summary.Tiles, Tables: []Table{b.lookbackTable(), summary.Segments},
	})
	bridge := b.bridgeChart("pack_bridge", "ARR bridge, trailing 12 months", b.r.Bridge.T12M)
	bridge.Table = b.bridgeTable()
	add(Sheet{ID: "bridge", Title: "ARR bridge", Kind: "chart", InContents: true, Chart: &bridge,
		Lede: "Starting ARR plus new, expansion and reactivation, less contraction and churn, is ending ARR: checked to the cent for every month."})
	trend := b.trendChart("pack_trend")
	add(Sheet{ID: "trend", Title: "Retention trend", Kind: "chart", InContents: true, Chart: &trend})
	add(Sheet{
		ID: "breakdowns", Title: "Retention breakdowns", Kind: "tables", InContents: true,
		Lede: "Each breakdown splits the same trailing-12-month cohort, so its rows add up to the total.",
		Tables: []Table{
			b.breakdownTable("By segment", "Segment", ret.Segment, ret.T12M, nil),
			b.breakdownTable("By engagement model", "Engagement model", ret.EngagementModel, ret.T12M, nil),
			b.breakdownTable("By tenure", "Tenure", ret.Tenure, ret.T12M, nil),
		},
	})
	if scope.Kind == "csm" {
		// The scoped history holds this book's accounts only.
		book := b.csmPage(scope.Name, &ret.T12M, b.r.Accounts)
		addPaginated(p, "accounts", "Accounts in the book", book.Accounts)
	} else {
		addPaginated(p, "csms", "CSM books of business", b.breakdownTable("By CSM book of business, trailing 12 months", "CSM", ret.CSM, ret.T12M, nil))
	}
	add(Sheet{ID: "cohorts", Title: "Cohorts", Kind: "tables", InContents: true, Tables: []Table{b.cohortTable()}})
	// Cost, ROI and maturity are the company's: a scoped pack has none.
	if scope.Kind == "" {
		b.addOpsSheets(p)
	}
	b.addIndicatorSheets(p)
	if u := b.commentary(); u != nil {
		add(Sheet{ID: "commentary", Title: "Commentary", Kind: "flow", InContents: true, Update: u})
	}
	add(Sheet{ID: "definitions", Title: "Appendix: definitions", Kind: "flow", InContents: true}) // the template holds the text
	q := b.quality()
	q.Sources.Note = q.Bridge
	lineage := []Table{q.Sources}
	if q.Controls != nil {
		lineage = append(lineage, *q.Controls)
	}
	add(Sheet{ID: "lineage", Title: "Appendix: data lineage", Kind: "tables", InContents: true,
		Lede:   "Every figure in this pack comes from these files. Compare their SHA-256 with the extract to tie the pack to it.",
		Tables: lineage})
	return p
}

// PackFile returns the base name of the company's pack as of a month;
// scoped packs add their scope to it.
func PackFile(asOf period.Month) string { return "boardpack-" + asOf.String() }

// addOpsSheets adds the cost to retain, CS Ops ROI and maturity sheets, or
// one sheet saying which extracts would unlock them.
func (b *builder) addOpsSheets(p *Pack) {
	cost := b.costPage()
	if cost.Costs == nil {
		chart := cost.Trend
		chart.ID = "pack_cost"
		chart.Table = cost.Mix
		p.Sheets = append(p.Sheets,
			Sheet{ID: "cost", Title: "Cost to retain", Kind: "chart", InContents: true, Tiles: cost.Tiles[:4], Chart: &chart,
				Lede: "CS cost over revenue, by month, against the 5–15% typical of established companies."})
	}
	if cost.ROI == nil {
		p.Sheets = append(p.Sheets, Sheet{ID: "roi", Title: "CS Ops ROI", Kind: "tables", InContents: true,
			Lede:   "Savings are hours saved times the loaded CSM hourly cost; cost is one-time plus monthly cost, from launch to date.",
			Tables: []Table{cost.ROITable}})
	}
	mat := b.maturityPage()
	for _, sc := range mat.Scorecards {
		t := sc.Table
		t.Caption = "Score " + sc.Score + ", previously " + sc.Previous + ". " + sc.Dates
		p.Sheets = append(p.Sheets, Sheet{ID: "maturity-" + sc.ID, Title: sc.Title, Kind: "tables", InContents: true, Lede: sc.Intro, Tables: []Table{t}})
	}
	var missing []string
	for _, m := range []*Missing{cost.Costs, cost.ROI, mat.Missing} {
		if m != nil {
			missing = append(missing, m.File+" would add "+m.Unlocks+".")
		}
	}
	if len(missing) > 0 {
		t := Table{Head: []Cell{{Text: "Not in this pack"}}}
		for _, m := range missing {
			t.Rows = append(t.Rows, []Cell{{Text: m}})
		}
		p.Sheets = append(p.Sheets, Sheet{ID: "missing", Title: "Sections without data", Kind: "tables", Tables: []Table{t}})
	}
}

// addPaginated adds t on as many sheets as its rows need, repeating its
// header and, on the last sheet, its totals.
func addPaginated(p *Pack, id, title string, t Table) {
	n := max(1, (len(t.Rows)+rowsPerSheet-1)/rowsPerSheet)
	for k := range n {
		part := t
		part.Rows = t.Rows[k*rowsPerSheet : min(len(t.Rows), (k+1)*rowsPerSheet)]
		if k < n-1 {
			part.Foot = nil
			part.Note = ""
		}
		s := Sheet{ID: fmt.Sprintf("%s-%d", id, k+1), Title: title, Kind: "tables", InContents: k == 0, Tables: []Table{part}}
		if k > 0 {
			s.Title += " (continued)"
		}
		p.Sheets = append(p.Sheets, s)
	}
}

// PackName returns how a pack's scope reads in progress lines.
func PackName(scope metrics.Scope) string {
	if scope.Kind == "" {
		return "company"
	}
	return strings.ToLower(scope.Kind) + " " + groupLabel(scope.Name)
}
