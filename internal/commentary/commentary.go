// Package commentary renders the markdown that people write next to the
// data: the weekly narrative placed beside the numbers.
package commentary

import (
	"errors"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gomarkdown/markdown"
	"github.com/gomarkdown/markdown/html"
	"github.com/gomarkdown/markdown/parser"

	"github.com/boardpack/boardpack/internal/period"
)

// Render turns markdown into HTML that is safe to place in a page: raw HTML
// is dropped, links keep only trusted schemes, and "$" is plain text (the
// MathJax extension would turn "$1.2M to $1.5M" into a formula).
func Render(src []byte) template.HTML {
	// A parser and a renderer are single use: a renderer remembers the
	// heading ids it gave out.
	p := parser.NewWithExtensions((parser.CommonExtensions | parser.Footnotes) &^ parser.MathJax)
	r := html.NewRenderer(html.RendererOptions{Flags: html.CommonFlags | html.SkipHTML | html.Safelink})
	return template.HTML(markdown.ToHTML(src, p, r)) // sanitised by SkipHTML and Safelink
}

// ForMonth reads dir/YYYY-MM.md, the commentary of month m, and renders it.
// A month without commentary shows none: it returns "" and no error.
func ForMonth(dir string, m period.Month) (template.HTML, error) {
	src, err := os.ReadFile(filepath.Join(dir, m.String()+".md"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return Render(src), nil
}
