package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/report"
)

// tableHTML writes a table directly rather than through html/template:
// a site of a thousand CSM books holds a hundred thousand rows, and
// evaluating a template per cell was most of the build's time. Every text
// goes through template.HTMLEscapeString, so the result is as safe as the
// template's own escaping.
func tableHTML(t report.Table) template.HTML {
	var b strings.Builder
	if len(t.Head) == 0 && len(t.Rows) == 0 {
		// A note alone, such as which extract would fill the table.
		return template.HTML(`<p class="table-note">` + template.HTMLEscapeString(t.Note) + "</p>")
	}
	b.Grow(256 + 64*len(t.Head)*(len(t.Rows)+1))
	b.WriteString(`<div class="table-wrap">` + "\n<table>\n")
	// The link to the table's figures as CSV sits in its caption, beside
	// its title, where a reader looking for the numbers looks.
	link := ""
	if t.CSV != "" && safeHref(t.CSV) {
		name := t.Caption
		if name == "" {
			name = "this table"
		}
		link = `<a class="download" href="` + template.HTMLEscapeString(t.CSV) + `" download aria-label="` +
			template.HTMLEscapeString("Download "+name+" as CSV") + `">CSV</a>`
	}
	if t.Caption != "" || link != "" {
		b.WriteString("<caption>")
		b.WriteString(template.HTMLEscapeString(t.Caption))
		b.WriteString(link)
		b.WriteString("</caption>\n")
	}
	b.WriteString("<thead><tr>")
	for _, h := range t.Head {
		if h.Num {
			b.WriteString(`<th scope="col" class="num">`)
		} else {
			b.WriteString(`<th scope="col">`)
		}
		b.WriteString(template.HTMLEscapeString(h.Text))
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	rows(&b, t.Rows)
	b.WriteString("</tbody>\n")
	if len(t.Foot) > 0 {
		b.WriteString("<tfoot>\n")
		rows(&b, t.Foot)
		b.WriteString("</tfoot>\n")
	}
	b.WriteString("</table>\n")
	if t.Note != "" {
		b.WriteString(`<p class="table-note">`)
		b.WriteString(template.HTMLEscapeString(t.Note))
		b.WriteString("</p>\n")
	}
	b.WriteString("</div>")
	return template.HTML(b.String())
}

// rows writes rows of cells. The first cell of each row names the row, so
// it is a row header, which screen readers announce with every other cell
// of the row and the page keeps in view while a wide table scrolls.
func rows(b *strings.Builder, rows [][]report.Cell) {
	for _, r := range rows {
		b.WriteString("<tr>")
		for i, c := range r {
			tag := "td"
			if i == 0 {
				tag = "th"
				b.WriteString(`<th scope="row"`)
			} else {
				b.WriteString("<td")
			}
			switch {
			case c.Num && c.Class != "":
				b.WriteString(` class="num `)
				b.WriteString(template.HTMLEscapeString(c.Class))
				b.WriteString(`">`)
			case c.Num:
				b.WriteString(` class="num">`)
			case c.Class != "":
				b.WriteString(` class="`)
				b.WriteString(template.HTMLEscapeString(c.Class))
				b.WriteString(`">`)
			default:
				b.WriteString(">")
			}
			text := template.HTMLEscapeString(c.Text)
			if c.Href != "" && safeHref(c.Href) {
				b.WriteString(`<a href="`)
				b.WriteString(template.HTMLEscapeString(c.Href))
				b.WriteString(`">`)
				b.WriteString(text)
				b.WriteString("</a>")
			} else {
				b.WriteString(text)
			}
			if c.Spark != nil {
				sparkline(b, c.Spark)
			}
			b.WriteString("</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
}

// safeHref accepts only the relative links the report makes (page paths of
// letters, digits, "-", "_", "." and "/"), never a scheme such as
// javascript:.
func safeHref(h string) bool {
	for _, r := range h {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./#", r)
		if !ok {
			return false
		}
	}
	return true
}

// Sparkline geometry, in SVG user units; the CSS sets the drawn size.
const sparkW, sparkH, sparkPad = 120.0, 28.0, 3.0

// sparkline draws values as an inline SVG line scaled to its own range,
// written in Go rather than by the charting library: a dozen small charts
// print crisp, need no script and cost nothing to draw. NaN values break
// the line. The figures themselves are in the row's other cells.
func sparkline(b *strings.Builder, values []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	b.WriteString(`<svg class="spark" viewBox="0 0 120 28" preserveAspectRatio="none" aria-hidden="true">`)
	if lo > hi { // no value at all
		b.WriteString("</svg>")
		return
	}
	step := (sparkW - 2*sparkPad) / float64(max(1, len(values)-1))
	y := func(v float64) float64 {
		if hi == lo {
			return sparkH / 2
		}
		return sparkPad + (hi-v)/(hi-lo)*(sparkH-2*sparkPad)
	}
	xy := func(i int, v float64) string {
		return strconv.FormatFloat(sparkPad+float64(i)*step, 'f', 1, 64) + "," + strconv.FormatFloat(y(v), 'f', 1, 64)
	}
	var run []string
	flush := func() {
		if len(run) > 1 {
			b.WriteString(`<polyline points="` + strings.Join(run, " ") + `"/>`)
		}
		run = run[:0]
	}
	for i, v := range values {
		if math.IsNaN(v) {
			flush()
			continue
		}
		run = append(run, xy(i, v))
	}
	flush()
	if last := len(values) - 1; last >= 0 && !math.IsNaN(values[last]) {
		p := strings.Split(xy(last, values[last]), ",")
		b.WriteString(`<circle cx="` + p[0] + `" cy="` + p[1] + `" r="2.2"/>`)
	}
	b.WriteString("</svg>")
}
