package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/boardpack/boardpack/internal/pdf"
	"github.com/boardpack/boardpack/internal/render"
	"github.com/boardpack/boardpack/internal/report"
)

// printPacks prints the staged packs to PDF with one browser, reusing its
// tab from pack to pack. Any page that fails to load cleanly fails the
// build, naming the pack.
//
// The packs' pages are those of the copy in folder sub of dir ("" for
// dir itself); the PDFs' paths are relative to that copy.
func printPacks(dir, sub string, packs []pack, tagged bool, log *logger) ([]render.File, error) {
	ctx := context.Background()
	log.step("starting Chromium")
	b, err := pdf.Start(ctx, pdf.Options{})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	out := make([]render.File, 0, len(packs))
	for i, p := range packs {
		log.step("printing board pack %d of %d (%s)", i+1, len(packs), report.PackName(p.scope))
		file := filepath.Join(root, sub, filepath.FromSlash(p.html.Path))
		data, err := b.Print(ctx, file, pdf.PrintOptions{Root: root, Tagged: tagged})
		if err != nil {
			return nil, fmt.Errorf("board pack %s: %w", p.html.Path, err)
		}
		if data, err = pdf.SetInfo(data, p.info); err != nil {
			return nil, fmt.Errorf("board pack %s: %w", p.html.Path, err)
		}
		out = append(out, render.File{Path: strings.TrimSuffix(p.html.Path, ".html") + ".pdf", Data: data})
	}
	return out, nil
}
