// Package templates holds the HTML templates of the site. Files whose names
// start with "_" hold the layout and the partials every page shares; each
// other file is a page kind that defines "content".
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.html
var FS embed.FS
