package render

import (
	"html/template"
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
	b.Grow(256 + 64*len(t.Head)*(len(t.Rows)+1))
	b.WriteString(`<div class="table-wrap">` + "\n<table>\n")
	if t.Caption != "" {
		b.WriteString("<caption>")
		b.WriteString(template.HTMLEscapeString(t.Caption))
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

func rows(b *strings.Builder, rows [][]report.Cell) {
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			switch {
			case c.Num && c.Class != "":
				b.WriteString(`<td class="num `)
				b.WriteString(template.HTMLEscapeString(c.Class))
				b.WriteString(`">`)
			case c.Num:
				b.WriteString(`<td class="num">`)
			case c.Class != "":
				b.WriteString(`<td class="`)
				b.WriteString(template.HTMLEscapeString(c.Class))
				b.WriteString(`">`)
			default:
				b.WriteString("<td>")
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
			b.WriteString("</td>")
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
