// Package themes holds the site's themes: styles and fonts, one folder a
// theme.
package themes

import "embed"

// FS holds the themes.
//
//go:embed default
var FS embed.FS
