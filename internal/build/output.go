package build

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/pdf"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/internal/publish"
	"github.com/boardpack/boardpack/internal/render"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/metrics"
)

// write renders the report of in, whose figures were computed from inputs,
// and publishes it in the output folder, with its packs, and returns how
// many files it wrote.
func write(o Options, in report.Input, inputs *metrics.Inputs, asOf period.AsOf, log Log) (int, error) {
	log.Step("rendering")
	// The periods already published: this build keeps them, lists them
	// and compares itself with the one before.
	var periods []archive.Entry
	var err error
	in.Week, in.History = asOf.Week, o.Config.Output.History
	if in.History {
		if periods, err = archive.Scan(o.Out); err != nil {
			return 0, err
		}
		if in.Previous = archive.Before(periods, asOf.Week); in.Previous != nil {
			if err := archive.ReadPages(o.Out, in.Previous); err != nil {
				return 0, err
			}
		}
	}
	// The scoped packs' figures are computed now, while the rows of the
	// leading-indicator extracts are at hand; then the rows are let go,
	// since nothing after the figures reads them and they are most of a
	// large build's memory.
	// The packs asked for are checked against the data whether or not
	// they are made; without PDF or PackHTML none is.
	scopes, err := packScopes(o, inputs.History)
	if err != nil {
		return 0, err
	}
	var scoped []scopedInput
	if o.PDF || o.PackHTML {
		if scoped, err = scopePacks(in, *inputs, scopes); err != nil {
			return 0, err
		}
	}
	inputs.Signals = nil
	site := report.Build(in)
	switch {
	case o.PDF:
		site.Pack = "packs/" + report.PackFile(asOf.Month) + ".pdf"
	case o.PackHTML:
		site.Pack = "packs/" + report.PackFile(asOf.Month) + ".html"
	}
	js, err := in.Result.JSON()
	if err != nil {
		return 0, err
	}
	var logo []byte
	if o.Config.Logo != "" {
		if logo, err = os.ReadFile(o.Config.Path(o.Config.Logo)); err != nil {
			return 0, fmt.Errorf("logo: %w", err)
		}
	}
	r, err := render.New(site, o.Config.Site, o.Config.Project())
	if err != nil {
		return 0, err
	}
	packs, err := renderPacks(o, scoped, r)
	if err != nil {
		return 0, err
	}
	// From here on the site and the packs' documents hold all that is
	// written: the data and the figures are let go, the largest part of
	// a large build's memory.
	withHistory := in.History
	in, inputs, scoped = report.Input{}, nil, nil
	// Without history the site goes at the root alone. With it, the site
	// goes in the period's folder, and at the root too when the period is
	// the latest: rebuilding an earlier week replaces that week only.
	name := archive.Name(asOf.Week)
	latest := len(periods) == 0 || asOf.Week >= periods[len(periods)-1].Week
	var dirs []string
	switch {
	case !withHistory:
		dirs = []string{""}
	case latest:
		dirs = []string{name, ""}
	default:
		dirs = []string{name}
	}
	log.Step("writing %s", o.Out)
	staged, err := publish.Stage(o.Out, nil)
	if err != nil {
		return 0, err
	}
	committed := false
	defer func() {
		if !committed {
			staged.Abort()
		}
	}()
	// Each page is written as soon as it is rendered, so that a large
	// site is never held in memory whole.
	w := staged.Writer()
	err = r.Site(logo, dirs, w.Write)
	for _, dir := range dirs {
		w.Write(render.File{Path: path.Join(dir, "metrics.json"), Data: js})
		for _, p := range packs {
			w.Write(render.File{Path: path.Join(dir, p.html.Path), Data: p.html.Data})
		}
	}
	if err := cmp.Or(err, w.Close()); err != nil {
		return 0, err
	}
	files := w.Files()
	if withHistory {
		var h archive.Headline
		if err := json.Unmarshal(js, &h); err != nil {
			return 0, err
		}
		listed := slices.DeleteFunc(periods, func(e archive.Entry) bool { return e.Week == asOf.Week })
		listed = append(listed, archive.Entry{Period: name, Week: asOf.Week, Headline: h})
		slices.SortFunc(listed, func(x, y archive.Entry) int { return int(x.Week - y.Week) })
		fs, err := r.Page(report.History(site, listed))
		if err != nil {
			return 0, err
		}
		if err := staged.Add(fs...); err != nil {
			return 0, err
		}
		files += len(fs)
	}
	if o.PDF {
		// The packs are printed once, from the first copy, and their PDFs
		// written into every copy.
		pdfs, err := printPacks(staged.Dir, dirs[0], packs, o.Config.Packs.Tagged, log)
		if err != nil {
			return 0, err
		}
		for _, dir := range dirs {
			placed := make([]render.File, len(pdfs))
			for i, f := range pdfs {
				placed[i] = render.File{Path: path.Join(dir, f.Path), Data: f.Data}
			}
			if err := staged.Add(placed...); err != nil {
				return 0, err
			}
			files += len(placed)
		}
	}
	// Earlier periods are kept; so is the root, the latest period's site,
	// when this build is of an earlier week.
	keep := func(entry string) bool {
		if archive.IsPeriod(entry) {
			return withHistory && entry != name
		}
		return withHistory && !latest
	}
	committed = true // a failed commit restores the previous output itself
	if err := staged.CommitKeeping(keep); err != nil {
		return 0, err
	}
	return files, nil
}

// checkOut refuses an output folder whose replacement would destroy
// something that is not a previous build: the data, the commentary, the
// configuration's folder, or a folder of other files.
func checkOut(o Options) error {
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return err
	}
	for _, p := range []struct{ what, dir string }{{"data", o.Data}, {"content", o.Content}, {"configuration", o.Config.Dir}} {
		d, err := filepath.Abs(p.dir)
		if err != nil {
			return err
		}
		if d == out || strings.HasPrefix(d+string(filepath.Separator), out+string(filepath.Separator)) {
			return fmt.Errorf("--out %s holds the %s folder %s: a build replaces its output folder whole; choose another", o.Out, p.what, p.dir)
		}
	}
	entries, err := os.ReadDir(o.Out)
	if err != nil || len(entries) == 0 {
		return nil // absent or empty: nothing to lose
	}
	if _, err := os.Stat(filepath.Join(o.Out, "metrics.json")); err != nil {
		return fmt.Errorf("--out %s is a folder of other files (it has no metrics.json, so it is not a boardpack output): a build replaces its output folder whole; remove it or choose another", o.Out)
	}
	return nil
}

// pack is a board pack's rendered document and what it covers.
type pack struct {
	scope metrics.Scope
	html  render.File
	info  pdf.Info // the PDF's title, author, subject and creator
}

// scopedInput is what a board pack is made from.
type scopedInput struct {
	scope metrics.Scope
	in    report.Input
}

// packScopes lists the company's pack and those of the segments and CSM
// books the configuration asks for.
func packScopes(o Options, h *metrics.History) ([]metrics.Scope, error) {
	scopes := []metrics.Scope{{}}
	for _, sel := range []struct {
		kind      string
		selection report.Selection
		available []string
	}{
		{"segment", o.Config.Packs.Segments, metrics.Segments(h)},
		{"csm", o.Config.Packs.CSMs, metrics.Books(h)},
	} {
		picked, unknown := sel.selection.Pick(sel.available)
		if len(unknown) > 0 {
			return nil, fmt.Errorf("packs: no %s %q in the data (there are: %s)", sel.kind, unknown[0], strings.Join(sel.available, ", "))
		}
		for _, name := range picked {
			scopes = append(scopes, metrics.Scope{Kind: sel.kind, Name: name})
		}
	}
	return scopes, nil
}

// scopePacks returns the packs of scopes with their figures (see
// metrics.ComputeScopes).
func scopePacks(in report.Input, inputs metrics.Inputs, scopes []metrics.Scope) ([]scopedInput, error) {
	results, err := metrics.ComputeScopes(inputs, in.Result, scopes)
	if err != nil {
		return nil, err
	}
	out := make([]scopedInput, len(scopes))
	for i, scope := range scopes {
		scoped := in
		if scope.Kind != "" {
			scoped.Result = results[i]
			// The commentary and last week's published figures speak of
			// the whole company: a scoped pack shows its own figures only.
			scoped.Commentary, scoped.Previous = nil, nil
		}
		out[i] = scopedInput{scope: scope, in: scoped}
	}
	return out, nil
}

// renderPacks renders the packs' documents.
func renderPacks(o Options, scoped []scopedInput, r *render.Renderer) ([]pack, error) {
	out := make([]pack, len(scoped))
	for i, s := range scoped {
		p := report.BuildPack(s.in, o.Config.Packs, s.scope)
		f, err := r.Pack(p)
		if err != nil {
			return nil, err
		}
		out[i] = pack{scope: s.scope, html: f,
			info: pdf.Info{Title: p.DocumentTitle(), Author: p.Company, Subject: p.Subject(), Creator: p.Version}}
	}
	return out, nil
}

// printPacks prints the staged packs to PDF with one browser, reusing its
// tab from pack to pack. Any page that fails to load cleanly fails the
// build, naming the pack.
//
// The packs' pages are those of the copy in folder sub of dir ("" for
// dir itself); the PDFs' paths are relative to that copy.
func printPacks(dir, sub string, packs []pack, tagged bool, log Log) ([]render.File, error) {
	ctx := context.Background()
	log.Step("starting Chromium")
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
		log.Step("printing board pack %d of %d (%s)", i+1, len(packs), report.PackName(p.scope))
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
