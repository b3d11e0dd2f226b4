// Package build is boardpack's build: from the options of a run to the
// published output, through the pipeline load -> metrics -> report ->
// render -> publish.
package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/boardpack/boardpack/internal/commentary"
	"github.com/boardpack/boardpack/internal/config"
	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/internal/warehouse"
	"github.com/boardpack/boardpack/metrics"
)

// Options are a build's settings, after the flags and the configuration.
type Options struct {
	Config  config.Config
	Data    string // the data folder
	Out     string // the output folder
	Content string // the commentary folder
	// AsOf is the as-of date asked for; the zero AsOf is the last month
	// in the data, as of its last day.
	AsOf period.AsOf
	PDF  bool // print the board packs
	// Strict fails the build when a figure an earlier period published
	// has changed.
	Strict bool
	// PackHTML writes the packs' layouts, packs/*.html, even when they
	// are not printed. Without it or PDF no pack is made at all: neither
	// the scoped packs' figures nor their layouts.
	PackHTML bool
	// Validate stops the build once the figures are computed and the
	// commentary is checked against them: nothing is rendered or written.
	// It checks the columns of the warehouse queries too, fetching no row.
	Validate bool
	// Pull runs the warehouse queries into the data folder first.
	Pull bool
	// Context ends a pull early (Ctrl-C); nil is the background context.
	Context context.Context
	// Version is the program's version, on the packs' covers and in their
	// PDF metadata.
	Version string
}

// Log receives a build's progress and warnings.
type Log interface {
	// Step says that a stage of the build begins.
	Step(format string, args ...any)
	// Verbosef tells a detail that only a verbose run shows.
	Verbosef(format string, args ...any)
	// Warn tells a warning, which does not stop the build.
	Warn(msg string)
}

// Result is what a build made.
type Result struct {
	AsOf     period.AsOf // the as-of date, month and week the build used
	Metrics  *metrics.Result
	Out      string // the output folder
	Files    int    // the files written
	Warnings int    // all warnings, including those not listed
	Written  bool   // false for a validation
}

// Figures returns the headline retention figures, for a closing line.
func (r *Result) Figures() string {
	t := r.Metrics.Retention.T12M
	return fmt.Sprintf("NRR %s, GRR %s, logo retention %s", format.Percent(t.NRR), format.Percent(t.GRR), format.Percent(t.LogoRetention))
}

// Run runs the build o asks for.
func Run(o Options, log Log) (*Result, error) {
	if !o.Validate {
		if err := checkOut(o); err != nil {
			return nil, err
		}
	}
	if o.Pull {
		if err := Pull(o.context(), o, log); err != nil {
			return nil, err
		}
	} else if o.Validate && o.HasSources() {
		log.Step("checking the warehouse queries")
		if err := warehouse.Check(o.context(), o.warehouse(log)); err != nil {
			return nil, err
		}
	}
	log.Step("reading %s", o.Data)
	frameworks, err := load.Rubrics(o.Config.Path(o.Config.Rubrics))
	if err != nil {
		return nil, err
	}
	ds, err := load.Load(o.Data, load.Options{Currency: o.Config.Currency, AsOf: o.AsOf.Month, Frameworks: frameworks})
	if err != nil {
		return nil, err
	}
	for _, s := range ds.Sources {
		if len(s.Ignored) > 0 {
			log.Verbosef("%s: columns not used: %v", s.File, s.Ignored)
		}
	}
	asOf, warnings, err := resolveAsOf(ds, o.AsOf)
	if err != nil {
		return nil, err
	}
	log.Step("computing as of %s", asOf.Month)
	inputs := metrics.Inputs{
		History: ds.History, Currency: o.Config.Currency,
		Costs: ds.Costs, Revenue: ds.Revenue, Initiatives: ds.Initiatives, ROI: o.Config.Ops,
		Frameworks: frameworks, Ratings: ds.Ratings,
		Signals: ds.Signals, Indicators: o.Config.Indicators, Controls: ds.Controls,
	}
	ds.Signals = nil // inputs holds them, until the scoped packs' figures are computed
	res, err := metrics.Compute(inputs, asOf)
	if err != nil {
		return nil, err
	}
	if err := report.ControlProblems(res.Controls, o.Config.Currency); err != nil {
		return nil, err
	}
	if c := res.Cost; c != nil && len(c.RevenueFromARR) > 0 {
		log.Warn(fmt.Sprintf("%s has no row for %d months of the trailing year (from %s): their revenue is their ARR / 12",
			load.RevenueMonthlyFile, len(c.RevenueFromARR), c.RevenueFromARR[0]))
	}
	warnings = append(warnings, ds.Warnings...)
	warningCount := len(warnings) - len(ds.Warnings) + ds.WarningCount
	for _, w := range warnings {
		log.Warn(w.String())
	}
	if more := warningCount - len(warnings); more > 0 {
		log.Warn(fmt.Sprintf("... and %d more warnings (see the data-quality page)", more))
	}
	b := &Result{AsOf: asOf, Metrics: res, Out: o.Out, Warnings: warningCount}
	in := report.Input{
		Config: o.Config.Config, Result: res, Lineage: lineage(ds, warnings, warningCount),
		Frameworks: frameworks, Indicators: o.Config.Indicators, Version: o.Version,
	}
	// The commentary references the computed figures, so it is read now,
	// and by validate too: a mistyped figure fails before anything is
	// rendered.
	if in.Commentary, err = readCommentary(o.Content, asOf, report.MetricResolver(in), log); err != nil {
		return nil, err
	}
	if o.Validate {
		return b, nil
	}
	if b.Files, err = write(o, in, &inputs, asOf, log); err != nil {
		return nil, err
	}
	b.Written = true
	return b, nil
}

// readCommentary reads the weekly update of the as-of week (else of the
// as-of month) from the content folder, or returns nil when there is none.
func readCommentary(dir string, asOf period.AsOf, resolve commentary.Resolver, log Log) (*commentary.Update, error) {
	src, err := commentary.Find(dir, asOf.Week, asOf.Month)
	if err != nil || src.Path == "" {
		return nil, err
	}
	log.Verbosef("commentary: %s", src.Path)
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

// lineage returns where the figures of ds come from, with the build's
// warnings, for the report.
func lineage(ds *load.Dataset, warnings []diag.Issue, count int) report.Lineage {
	l := report.Lineage{Warnings: warnings, WarningCount: count, Targets: ds.Targets}
	for _, s := range ds.Sources {
		src := report.Source{
			File: s.File, Bytes: s.Bytes, Rows: s.Rows, First: s.First, Last: s.Last, SHA256: s.SHA256, Ignored: s.Ignored,
		}
		for _, p := range s.Parts {
			src.Parts = append(src.Parts, report.Source{File: p.File, Bytes: p.Bytes, Rows: p.Rows, First: p.First, Last: p.Last, SHA256: p.SHA256})
		}
		l.Sources = append(l.Sources, src)
	}
	if ds.Pull != nil {
		for _, e := range ds.Pull.Extracts {
			l.Pull = append(l.Pull, report.Pulled{Extract: e.Extract, Query: e.Query, QuerySHA256: e.QuerySHA256, Server: e.Server,
				Columns: e.Columns, Rows: e.Rows, Started: e.Started, Finished: e.Finished})
		}
	}
	return l
}

// Describe returns the lines that report err, a failed build: each problem
// of the inputs on a line of its own and, after a list of them, how many
// there were and that nothing was written.
func Describe(err error, validate bool) []string {
	le, ok := errors.AsType[*diag.List](err)
	if !ok {
		// An error may list several problems, one a line, as those of
		// the commentary do.
		return strings.Split(err.Error(), "\n")
	}
	lines := strings.Split(le.Error(), "\n")
	if validate {
		return append(lines, plural(le.Total, "problem"))
	}
	return append(lines, plural(le.Total, "problem")+": nothing was written")
}
