// Package rubrics holds the built-in maturity rubrics, one TOML file per framework.
package rubrics

import "embed"

// FS holds the rubric files.
//
//go:embed *.toml
var FS embed.FS
