// Package themes holds the site's built-in themes: styles and fonts, one
// folder a theme. default holds base.css, which every theme imports, and
// the files a theme that lacks them falls back on; boardroom is a dark
// theme for a meeting-room display.
package themes

import "embed"

// FS holds the themes.
//
//go:embed default boardroom
var FS embed.FS
