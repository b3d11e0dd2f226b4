// Package report turns computed figures into the report model: pages of
// KPI tiles, tables and chart specifications with every number already
// formatted. The site, the board packs and metrics.json are rendered from
// one model, so they cannot disagree.
package report

// Site is the whole report as of one month.
type Site struct {
	Company   string
	Currency  string
	AsOf      string // as readers see it: "Oct 2026"
	AsOfMonth string // as in paths and metrics.json: "2026-10"
	Initial   string // the company's initial, shown when there is no logo
	Logo      string // path of the logo image in the output, or ""
	Pack      string // path of the company's board pack, or ""
	Nav       []NavItem
	Pages     []*Page

	// Period is the report's period, the ISO week its build is as of, as
	// in paths ("2026-W43"); PeriodLabel as readers see it.
	Period, PeriodLabel string
	// History is set when the output keeps a folder per period and a
	// history page at its root.
	History bool
	// Previous is the period published before this one, or "", with its
	// label and the paths of its files.
	Previous, PreviousLabel string
	PreviousPages           map[string]bool
}

// NavItem is an entry of the site's navigation.
type NavItem struct {
	Key   string // matches Page.Nav
	Title string
	Path  string
}

// Page is one HTML page of the site.
type Page struct {
	Path     string // relative to the site root, such as "csm/ana-lopez.html"
	Template string // the template that renders Data
	Title    string
	Nav      string // the NavItem.Key to highlight
	Data     any
	// Tables holds the tables of Data, each with the name of its CSV,
	// which the site writes next to the page.
	Tables []Table
}

// Root returns the relative path from the page to the site root, such as
// "../" for a page one folder down, so that the site opens from the file
// system.
func (p *Page) Root() string {
	root := ""
	for _, c := range p.Path {
		if c == '/' {
			root += "../"
		}
	}
	return root
}

// Tile is a KPI tile: a headline figure with its change and target.
type Tile struct {
	Label string
	Value string
	// Delta is the change against the previous period, such as "+1.2 pts",
	// and Trend says whether that is "good", "bad" or "flat" for the reader.
	Delta, Trend, DeltaNote string
	// Target is the target as shown, Gap the distance to it (such as
	// "2.4 pts below") and Status "on" or "off" track; all empty when no
	// target is set.
	Target, Gap, Status string
	Note                string
	// Week is the change against the period published before, such as
	// "+0.4 pts", and WeekNote names that period; empty when there is none.
	Week, WeekTrend, WeekNote string
	// Compare is the change on the quarter and on the year, such as
	// "QoQ +0.5 pts · YoY −3.6 pts"; empty when the history is too short.
	Compare string
}

// Table is a table of formatted figures.
type Table struct {
	Caption string
	// CSV is the file name of the table's figures as CSV, written next to
	// its page, or "" for a table that has none (those of the packs).
	CSV string
	// Name names the CSV of a table without a caption, such as a
	// scorecard's, whose title is the heading above it.
	Name string
	Head []Cell
	Rows [][]Cell
	Foot [][]Cell // totals
	Note string
}

// Cell is a table cell. Num right-aligns it in tabular figures.
type Cell struct {
	Text  string
	Num   bool
	Href  string // relative to the page
	Class string // "good", "bad", a heat-* shade, or "": for styling only
	// Spark, when set, draws the values as a sparkline after the text;
	// NaN is a gap.
	Spark []float64
	// Value is the cell's figure as the table's CSV holds it: a plain
	// number at full precision (an amount "84149889.12", a fraction
	// "1.0712", a count "1198"), and Unit what it measures. A cell without
	// Value is written as its Text, or left empty when that is "n/a".
	Value string
	Unit  Unit
}

// Chart is a chart specification, independent of the charting library.
// Its numbers are also in Table, for readers, print and accessibility.
type Chart struct {
	ID         string // stable and unique on its page: [A-Za-z0-9_]
	Title      string
	Kind       ChartKind
	Unit       Unit
	Categories []string
	Series     []Series
	Table      Table
	Height     int // pixels
	// Bands shade reference ranges of the value axis, such as a public
	// benchmark, and Targets draw a dashed line at each of the company's
	// targets, labelled with its value; both optional.
	Bands   []Band
	Targets []Target
	// FromZero starts the value axis at zero, where a reader judges the
	// size of a figure rather than its movement.
	FromZero bool
}

// Band is a shaded range of a chart's value axis.
type Band struct {
	From, To float64
	Label    string // such as "typical 5–15%"
}

// Target is a target line on a chart's value axis.
type Target struct {
	Value float64
	Label string // such as "NRR target 105.0%"
}

// ChartKind is the kind of a chart.
type ChartKind string

// The chart kinds.
const (
	Waterfall ChartKind = "waterfall" // one series of signed steps; first and last are totals
	Lines     ChartKind = "lines"
	Bars      ChartKind = "bars"
)

// Unit is what a chart's values measure.
type Unit string

// The units.
const (
	Currency Unit = "currency" // values in currency units
	Fraction Unit = "fraction" // values as fractions, shown as percentages
	Number   Unit = "number"   // plain numbers: hours, counts, scores
)

// Series is a named series of values. Missing values are nil.
type Series struct {
	Name   string
	Values []*float64
	Labels []string // formatted values, for tooltips; same length as Values
}
