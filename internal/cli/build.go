package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/internal/commentary"
	"github.com/boardpack/boardpack/internal/config"
	"github.com/boardpack/boardpack/internal/history"
	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/internal/publish"
	"github.com/boardpack/boardpack/internal/render"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/metrics"
)

// built is what a build made, for its closing line.
type built struct {
	asOf     period.Month // retention, cost and ROI are as of this month
	day      period.Day   // the as-of date
	week     period.Week  // the report's period: the last complete ISO week at or before day
	result   *metrics.Result
	out      string
	files    int
	warnings int
	written  bool
}

// build runs the pipeline. With write false it stops after the figures
// are computed, which is all validate needs.
func build(o options, log *logger, write bool) (*built, error) {
	if write {
		if err := checkOut(o); err != nil {
			return nil, err
		}
	}
	log.step("reading %s", o.data)
	frameworks, err := load.Rubrics(o.cfg.Path(o.cfg.Rubrics))
	if err != nil {
		return nil, err
	}
	ds, err := load.Load(o.data, load.Options{Currency: o.cfg.Currency, AsOf: o.asOf, Frameworks: frameworks})
	if err != nil {
		return nil, err
	}
	for _, s := range ds.Sources {
		if len(s.Ignored) > 0 {
			log.verbosef("%s: columns not used: %v", s.File, s.Ignored)
		}
	}
	asOf, warnings, err := resolveAsOf(ds, o.asOf)
	if err != nil {
		return nil, err
	}
	log.step("computing as of %s", asOf)
	res, err := metrics.Compute(ds.History, asOf)
	if err != nil {
		return nil, err
	}
	// The as-of date: the leading indicators are as of its week, the
	// rest as of its month.
	day := o.asOfDay
	if day == period.NoDay {
		day = asOf.LastDay()
	}
	addSections(res, ds, frameworks, o.cfg, day)
	if c := res.Cost; c != nil && len(c.RevenueFromARR) > 0 {
		log.warn(fmt.Sprintf("%s has no row for %d months of the trailing year (from %s): their revenue is their ARR / 12",
			load.RevenueMonthlyFile, len(c.RevenueFromARR), c.RevenueFromARR[0]))
	}
	warnings = append(warnings, ds.Warnings...)
	warningCount := len(warnings) - len(ds.Warnings) + ds.WarningCount
	for _, w := range warnings {
		log.warn(w.String())
	}
	if more := warningCount - len(warnings); more > 0 {
		log.warn(fmt.Sprintf("... and %d more warnings (see the data-quality page)", more))
	}
	b := &built{asOf: asOf, day: day, week: period.LastCompleteWeek(day), result: res, out: o.out, warnings: warningCount}
	in := report.Input{
		Config: o.cfg.Config, Data: ds, Result: res, Frameworks: frameworks, Indicators: o.cfg.Indicators,
		Warnings: warnings, WarningCount: warningCount,
	}
	// The commentary references the computed figures, so it is read now,
	// and by validate too: a mistyped figure fails before anything is
	// rendered.
	if in.Commentary, err = readCommentary(o.content, b.week, asOf, report.MetricResolver(in), log); err != nil {
		return nil, err
	}
	if !write {
		return b, nil
	}

	log.step("rendering")
	// The periods already published: this build keeps them, lists them
	// and compares itself with the one before.
	var periods []history.Entry
	in.Week, in.History = b.week, o.cfg.Output.History
	if in.History {
		if periods, err = history.Scan(o.out); err != nil {
			return nil, err
		}
		if in.Previous = history.Before(periods, b.week); in.Previous != nil {
			if err := history.ReadPages(o.out, in.Previous); err != nil {
				return nil, err
			}
		}
	}
	// The scoped packs' figures are computed now, while the rows of the
	// leading-indicator extracts are at hand; then the rows are let go,
	// since nothing after the figures reads them and they are most of a
	// large build's memory.
	scoped, err := scopePacks(o, in)
	if err != nil {
		return nil, err
	}
	ds.Signals = nil
	site := report.Build(in)
	site.Pack = "packs/" + report.PackFile(asOf) + ".html"
	if o.pdf {
		site.Pack = "packs/" + report.PackFile(asOf) + ".pdf"
	}
	js, err := report.MetricsJSON(in)
	if err != nil {
		return nil, err
	}
	var logo []byte
	if o.cfg.Logo != "" {
		if logo, err = os.ReadFile(o.cfg.Path(o.cfg.Logo)); err != nil {
			return nil, fmt.Errorf("logo: %w", err)
		}
	}
	r, err := render.New(site, o.cfg.Site, o.cfg.Project())
	if err != nil {
		return nil, err
	}
	packs, err := renderPacks(o, scoped, r)
	if err != nil {
		return nil, err
	}
	// Without history the site goes at the root alone. With it, the site
	// goes in the period's folder, and at the root too when the period is
	// the latest: rebuilding an earlier week replaces that week only.
	name := history.Name(b.week)
	latest := len(periods) == 0 || b.week >= periods[len(periods)-1].Week
	var dirs []string
	switch {
	case !in.History:
		dirs = []string{""}
	case latest:
		dirs = []string{name, ""}
	default:
		dirs = []string{name}
	}
	log.step("writing %s", o.out)
	staged, err := publish.Stage(o.out, nil)
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			staged.Abort()
		}
	}()
	// Each copy is written as soon as it is rendered, so that a large
	// site is held in memory one copy at a time.
	files := 0
	for _, dir := range dirs {
		pages, err := r.Site(logo, dir)
		if err != nil {
			return nil, err
		}
		pages = append(pages, render.File{Path: path.Join(dir, "metrics.json"), Data: js})
		for _, p := range packs {
			pages = append(pages, render.File{Path: path.Join(dir, p.html.Path), Data: p.html.Data})
		}
		if err := staged.Add(pages...); err != nil {
			return nil, err
		}
		files += len(pages)
	}
	if in.History {
		var h history.Headline
		if err := json.Unmarshal(js, &h); err != nil {
			return nil, err
		}
		listed := slices.DeleteFunc(periods, func(e history.Entry) bool { return e.Week == b.week })
		listed = append(listed, history.Entry{Period: name, Week: b.week, Headline: h})
		slices.SortFunc(listed, func(x, y history.Entry) int { return int(x.Week - y.Week) })
		f, err := r.Page(report.History(site, listed))
		if err != nil {
			return nil, err
		}
		if err := staged.Add(f); err != nil {
			return nil, err
		}
		files++
	}
	if o.pdf {
		// The packs are printed once, from the first copy, and their PDFs
		// written into every copy.
		pdfs, err := printPacks(staged.Dir, dirs[0], packs, o.cfg.Packs.Tagged, log)
		if err != nil {
			return nil, err
		}
		for _, dir := range dirs {
			placed := make([]render.File, len(pdfs))
			for i, f := range pdfs {
				placed[i] = render.File{Path: path.Join(dir, f.Path), Data: f.Data}
			}
			if err := staged.Add(placed...); err != nil {
				return nil, err
			}
			files += len(placed)
		}
	}
	// Earlier periods are kept; so is the root, the latest period's site,
	// when this build is of an earlier week.
	keep := func(entry string) bool {
		if history.IsPeriod(entry) {
			return in.History && entry != name
		}
		return in.History && !latest
	}
	committed = true // a failed commit restores the previous output itself
	if err := staged.CommitKeeping(keep); err != nil {
		return nil, err
	}
	b.files, b.written = files, true
	return b, nil
}

// pack is a board pack's rendered document and what it covers.
type pack struct {
	scope report.PackScope
	html  render.File
}

// scopedInput is what a board pack is made from.
type scopedInput struct {
	scope report.PackScope
	in    report.Input
}

// scopePacks lists the company's pack and those of the segments and CSM
// books the configuration asks for, with their figures. A scoped pack is
// computed from its own accounts only, so it shows none of the company's
// other figures.
func scopePacks(o options, in report.Input) ([]scopedInput, error) {
	h := in.Data.History
	scopes := []report.PackScope{{}}
	for _, sel := range []struct {
		kind      string
		selection report.Selection
		available []string
	}{
		{"segment", o.cfg.Packs.Segments, report.Segments(h)},
		{"csm", o.cfg.Packs.CSMs, report.Books(h)},
	} {
		picked, unknown := sel.selection.Pick(sel.available)
		if len(unknown) > 0 {
			return nil, fmt.Errorf("packs: no %s %q in the data (there are: %s)", sel.kind, unknown[0], strings.Join(sel.available, ", "))
		}
		for _, name := range picked {
			scopes = append(scopes, report.PackScope{Kind: sel.kind, Name: name})
		}
	}
	var split *metrics.Splitter
	if len(scopes) > 1 && in.Result.Indicators != nil {
		split = in.Data.Signals.Splitter(h)
	}
	out := make([]scopedInput, len(scopes))
	for i, scope := range scopes {
		scoped := in
		if scope.Kind != "" {
			keep := func(a metrics.Account) bool { return report.InScope(scope, a) }
			sub := h.Subset(keep)
			res, err := metrics.Compute(sub, in.Result.AsOf)
			if err != nil {
				return nil, err
			}
			if ind := in.Result.Indicators; ind != nil {
				res.Indicators = metrics.Indicators(sub, split.Subset(keep), o.cfg.Indicators, ind.AsOf)
			}
			data := *in.Data
			data.History, data.Signals = sub, nil
			scoped.Data, scoped.Result = &data, res
			// The commentary and last week's published figures speak of
			// the whole company: a scoped pack shows its own figures only.
			scoped.Commentary, scoped.Previous = nil, nil
		}
		out[i] = scopedInput{scope: scope, in: scoped}
	}
	return out, nil
}

// renderPacks renders the packs' documents.
func renderPacks(o options, scoped []scopedInput, r *render.Renderer) ([]pack, error) {
	out := make([]pack, len(scoped))
	for i, s := range scoped {
		f, err := r.Pack(report.BuildPack(s.in, o.cfg.Packs, s.scope))
		if err != nil {
			return nil, err
		}
		out[i] = pack{scope: s.scope, html: f}
	}
	return out, nil
}

// readCommentary reads the weekly update of week w, as of month m, from
// the content folder, or returns nil when there is none.
func readCommentary(dir string, w period.Week, m period.Month, resolve commentary.Resolver, log *logger) (*commentary.Update, error) {
	src, err := commentary.Find(dir, w, m)
	if err != nil || src.Path == "" {
		return nil, err
	}
	log.verbosef("commentary: %s", src.Path)
	data, err := os.ReadFile(src.Path)
	if err != nil {
		return nil, err
	}
	u, err := commentary.Parse(src.Path, data, resolve)
	if err != nil {
		return nil, err
	}
	u.Period = src.Period
	return u, nil
}

// resolveAsOf returns the as-of month: the one asked for, or the last month
// of the data. It refuses a month the data cannot speak for, and warns of
// rows after it, which the report ignores.
func resolveAsOf(ds *load.Dataset, asked period.Month) (period.Month, []load.Issue, error) {
	h := ds.History
	rev := ds.Sources[len(ds.Sources)-1]
	for _, s := range ds.Sources {
		if s.Extract == load.ARRMonthlyFile || s.Extract == load.SubscriptionsFile {
			rev = s
		}
	}
	if asked == 0 {
		asked = rev.Last
	}
	if asked < h.First {
		return 0, nil, fmt.Errorf("--as-of %s is before the first month of %s (%s)", asked, rev.File, h.First)
	}
	if rev.Extract == load.ARRMonthlyFile && asked > rev.Last {
		return 0, nil, fmt.Errorf("--as-of %s is after the last month of %s (%s): every account would look churned", asked, rev.File, rev.Last)
	}
	var warnings []load.Issue
	if start := asked.Add(-12); start < h.First {
		warnings = append(warnings, load.Issue{File: rev.File,
			Msg: fmt.Sprintf("the trailing-12-month window starts at %s, before the first month of the data (%s): its retention has no cohort and shows n/a", start, h.First)})
	}
	if n := rev.RowsAfter(asked); n > 0 {
		warnings = append(warnings, load.Issue{File: rev.File,
			Msg: fmt.Sprintf("%s after the as-of month %s (up to %s) are ignored", plural(n, "row"), asked, rev.Last)})
	}
	return asked, warnings, nil
}

// checkOut refuses an output folder whose replacement would destroy
// something that is not a previous build: the data, the commentary, the
// configuration's folder, or a folder of other files.
func checkOut(o options) error {
	out, err := filepath.Abs(o.out)
	if err != nil {
		return err
	}
	for _, p := range []struct{ what, dir string }{{"data", o.data}, {"content", o.content}, {"configuration", o.cfg.Dir}} {
		d, err := filepath.Abs(p.dir)
		if err != nil {
			return err
		}
		if d == out || strings.HasPrefix(d+string(filepath.Separator), out+string(filepath.Separator)) {
			return fmt.Errorf("--out %s holds the %s folder %s: a build replaces its output folder whole; choose another", o.out, p.what, p.dir)
		}
	}
	entries, err := os.ReadDir(o.out)
	if err != nil || len(entries) == 0 {
		return nil // absent or empty: nothing to lose
	}
	if _, err := os.Stat(filepath.Join(o.out, "metrics.json")); err != nil {
		return fmt.Errorf("--out %s is a folder of other files (it has no metrics.json, so it is not a boardpack output): a build replaces its output folder whole; remove it or choose another", o.out)
	}
	return nil
}

// addSections computes the sections whose extracts are optional: cost to
// retain (cs_costs.csv), CS Ops ROI (initiatives.csv), maturity
// (assessments.csv) and the leading indicators as of day (the weekly
// extracts). A section whose extract is absent stays nil.
func addSections(res *metrics.Result, ds *load.Dataset, frameworks []metrics.Framework, cfg config.Config, day period.Day) {
	if ds.Costs != nil {
		c := metrics.Costs(ds.History, ds.Costs, ds.Revenue, res.Retention.T12M, res.AsOf)
		res.Cost = &c
		prev := res.AsOf.Add(-1)
		p := metrics.Costs(ds.History, ds.Costs, ds.Revenue, metrics.CohortRetention(ds.History, prev.Add(-12), prev), prev)
		res.CostPrev = &p
	}
	if ds.Initiatives != nil {
		r := metrics.InitiativeROI(ds.Initiatives, res.AsOf, cfg.Ops)
		res.OpsROI = &r
	}
	if ds.Ratings != nil {
		res.Maturity = metrics.Maturity(frameworks, ds.Ratings)
	}
	res.Indicators = metrics.Indicators(ds.History, ds.Signals, cfg.Indicators, day)
}
