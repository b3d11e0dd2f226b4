// Package commentary reads the weekly update that people write in markdown
// next to the data: its front matter, the sections leaders look for
// (highlights, lowlights, blockers, asks, next week, OKR status) and any
// other text. Figures are named, not typed: a metric reference is replaced
// with the figure as the report shows it, so the narrative cannot disagree
// with the numbers beside it.
package commentary

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/gomarkdown/markdown/ast"
	"github.com/gomarkdown/markdown/html"
	"github.com/gomarkdown/markdown/parser"

	"github.com/boardpack/boardpack/internal/diag"
)

// Update is a parsed weekly update, ready to place in a page. Its HTML is
// sanitised: raw HTML is dropped and links keep only trusted schemes.
type Update struct {
	Title  string // from the front matter; "" for the page's own heading
	Author string
	Date   string // as readers see it, such as "23 Oct 2026"; "" when not given
	// Period is the period the file speaks for, such as
	// "W43 (19–25 Oct 2026)". Parse leaves it empty: whoever found the
	// file knows which period it is for (see Source).
	Period string
	// Sections are the known sections the text has, each once, in the
	// fixed order of Sections' keys whatever the order written. The OKR
	// status section is there when the text has one or the front matter
	// lists OKRs.
	Sections []Section
	OKRs     []OKR // from the front matter, in the order written
	// Other is the text outside the known sections, in the order written,
	// followed by the footnotes of the whole update.
	Other template.HTML
}

// Empty reports whether u has nothing to show, as a file of front matter
// alone does: the report then shows no update at all.
func (u *Update) Empty() bool {
	return u == nil || len(u.Sections) == 0 && len(u.OKRs) == 0 && u.Other == ""
}

// Section is one known section of an update.
type Section struct {
	Key   string // one of "highlights", "lowlights", "blockers", "asks", "next_week", "okr_status"
	Title string // as the report heads it: "Highlights", "Next week", ...
	HTML  template.HTML
}

// sections are the known sections in the order the report shows them.
var sections = []struct{ key, title string }{
	{"highlights", "Highlights"},
	{"lowlights", "Lowlights"},
	{"blockers", "Blockers"},
	{"asks", "Asks"},
	{"next_week", "Next week"},
	{"okr_status", "OKR status"},
}

// OKRStatus is the key of the OKR status section.
const OKRStatus = "okr_status"

// sectionKey returns the key of the section a heading starts, matched on
// its text whatever the case, or "" for a heading of free text.
func sectionKey(title string) string {
	t := strings.ToLower(strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(title), ":")), " "))
	for _, s := range sections {
		if strings.ToLower(s.title) == t {
			return s.key
		}
	}
	return ""
}

// OKR is the status of one key result, as the front matter gives it.
type OKR struct {
	Objective string
	KeyResult string
	Status    Status
	Note      string // why, in a few words; optional
}

// Status is how an OKR is going.
type Status string

// The OKR statuses.
const (
	OnTrack  Status = "on_track"
	AtRisk   Status = "at_risk"
	OffTrack Status = "off_track"
	Done     Status = "done"
)

var statusLabels = map[Status]string{OnTrack: "On track", AtRisk: "At risk", OffTrack: "Off track", Done: "Done"}

// Label returns s as readers see it, such as "On track".
func (s Status) Label() string { return statusLabels[s] }

// Resolver returns the figure a metric reference names, such as "107.1%"
// for "retention.t12m.nrr", formatted as the report shows it, or an error
// that says what is wrong with the name.
type Resolver func(key string) (string, error)

// Parse reads an update: front matter, then markdown. name is the file's
// path as users know it, for messages; resolve gives the figures that the
// text references. The errors name the file, line and column of every
// problem found, in line order.
func Parse(name string, src []byte, resolve Resolver) (*Update, error) {
	errs := &fileProblems{file: name}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	u := &Update{}
	body, bodyLine := src, 1
	if m, ok := splitMatter(src, errs); ok {
		body, bodyLine = m.body, m.bodyLine
		m.apply(u, resolve, errs)
	}
	body = expandBody(body, bodyLine, resolve, errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	render(u, body)
	return u, nil
}

// fileProblems collects the problems of one commentary file, at their
// line and character, so that a writer fixes them all in one go.
type fileProblems struct {
	file string
	diag.List
}

// add adds a problem at line and column col (from 1; 0 when not known).
func (p *fileProblems) add(line, col int, format string, args ...any) {
	column := ""
	if col > 0 {
		column = strconv.Itoa(col)
	}
	p.Addf(p.file, line, column, format, args...)
}

// render splits body into the known sections and the other text, and
// renders them. The markdown is parsed once as a whole, so that footnotes
// and reference links work across sections and heading ids are unique in
// the page.
func render(u *Update, body []byte) {
	// MathJax is part of CommonExtensions: without clearing it, "$1.2M to
	// $1.5M" would become a formula.
	p := parser.NewWithExtensions((parser.CommonExtensions | parser.Footnotes) &^ parser.MathJax)
	doc := p.Parse(body)

	parts := map[string][]ast.Node{}
	key, level := "", 0
	for _, n := range doc.GetChildren() {
		switch n := n.(type) {
		case *ast.Heading:
			if k := sectionKey(plainText(n)); k != "" {
				key, level = k, n.Level
				parts[k] = append(parts[k], nil) // the section is there, even if empty
				continue
			}
			// A sub-heading belongs to its section; a heading as high as
			// the section's ends it.
			if key != "" && n.Level <= level {
				key = ""
			}
		case *ast.Footnotes:
			key = "" // the footnotes of every section close the update
		}
		parts[key] = append(parts[key], n)
	}

	r := newRenderer()
	for _, s := range sections {
		nodes, ok := parts[s.key]
		if !ok && (s.key != OKRStatus || len(u.OKRs) == 0) {
			continue
		}
		h := r.nodes(nodes)
		if h == "" && (s.key != OKRStatus || len(u.OKRs) == 0) {
			continue // a heading with nothing under it
		}
		u.Sections = append(u.Sections, Section{Key: s.key, Title: s.title, HTML: h})
	}
	u.Other = r.nodes(parts[""])
}

// renderer renders parts of one markdown document.
type renderer struct{ html *html.Renderer }

func newRenderer() renderer {
	r := html.NewRenderer(html.RendererOptions{
		// SkipHTML drops raw HTML, Safelink links of untrusted schemes:
		// the text is written by people but read in a board member's
		// browser.
		Flags: html.CommonFlags | html.SkipHTML | html.Safelink,
		// Safelink would also drop footnote references, whose
		// destination is the note's name rather than a URL.
		RenderNodeHook: footnoteRef,
	})
	// A link within the page cannot run script; Safelink alone would drop
	// it as it would a javascript: link.
	r.IsSafeURLOverride = func(dest []byte) bool {
		return parser.IsSafeURL(dest) || bytes.HasPrefix(dest, []byte("#"))
	}
	return renderer{r}
}

// footnoteRef writes a footnote reference as the renderer would without
// Safelink.
func footnoteRef(w io.Writer, n ast.Node, entering bool) (ast.WalkStatus, bool) {
	l, ok := n.(*ast.Link)
	if !ok || l.NoteID == 0 {
		return ast.GoToNext, false
	}
	if entering {
		io.WriteString(w, html.FootnoteRef("", l))
	}
	return ast.GoToNext, true
}

// nodes renders top-level nodes of the document; nil entries, which mark a
// section's heading, are skipped.
func (r renderer) nodes(nodes []ast.Node) template.HTML {
	var buf bytes.Buffer
	for _, n := range nodes {
		if n == nil {
			continue
		}
		ast.WalkFunc(n, func(n ast.Node, entering bool) ast.WalkStatus {
			return r.html.RenderNode(&buf, n, entering)
		})
	}
	return template.HTML(bytes.TrimSpace(buf.Bytes())) // sanitised by SkipHTML and Safelink
}

// plainText returns the text of a heading without its markup.
func plainText(n ast.Node) string {
	var b strings.Builder
	ast.WalkFunc(n, func(n ast.Node, entering bool) ast.WalkStatus {
		if l := n.AsLeaf(); entering && l != nil {
			b.Write(l.Literal)
		}
		return ast.GoToNext
	})
	return b.String()
}
