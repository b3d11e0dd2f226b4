package cli

import (
	"github.com/boardpack/boardpack/internal/render"
)

// printPacks prints the staged packs to PDF.
func printPacks(dir string, packs []pack, log *logger) ([]render.File, error) {
	return nil, nil
}
