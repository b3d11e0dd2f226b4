// Package load reads the CSV extracts of a report's data folder into typed,
// validated records.
//
// Every problem is reported at its FILE:LINE:COLUMN, all of them in one
// pass, so that whoever fixes the extract sees everything at once.
package load

import (
	"errors"
	"sync"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// Options says how to read a data folder.
type Options struct {
	// Currency is the reporting currency (ISO 4217). Rows in another
	// currency are converted with fx_rates.csv.
	Currency string
	// AsOf, when set, extends open subscriptions up to that month.
	AsOf period.Month
	// Frameworks are the rubrics that assessments.csv is checked against,
	// as Rubrics returns them for the project's rubrics folder. Nil means
	// the built-in rubrics alone.
	Frameworks []metrics.Framework
}

// Dataset is everything read from a data folder.
type Dataset struct {
	History  *metrics.History
	Sources  []Source     // in the order the files were read
	Warnings []diag.Issue // the first diag.MaxShown, sorted
	// WarningCount counts all warnings, including those not kept.
	WarningCount int
	// AccountLines holds each account's line in accounts.csv.
	AccountLines []int

	// The optional files' records; each is nil when its file is missing.
	Costs       []metrics.Cost       // cs_costs.csv, by month then category order
	Revenue     []metrics.Revenue    // revenue_monthly.csv, by month
	Initiatives []metrics.Initiative // initiatives.csv, in file order
	Ratings     []metrics.Rating     // assessments.csv, by framework, date and question order
	Targets     []metrics.Target     // targets.csv, in file order
	Controls    []metrics.Control    // control_totals.csv, in file order

	// Pull is the manifest of the pull that wrote the extracts, nil when
	// they were not pulled.
	Pull *PullManifest

	// Signals holds the leading-indicator extracts: nil when the folder
	// has none of them, and otherwise each of its slices is nil exactly
	// when its file is missing.
	Signals *metrics.Signals
}

// Source describes an input file so that finance can tie the report to
// the extract: its size, rows, the months it covers and its SHA-256.
type Source struct {
	File string // as found: "arr_monthly.csv", "arr_monthly.csv.gz", "arr_monthly/"
	// Extract is the data contract's name of the file, such as
	// "arr_monthly.csv", whatever its shape.
	Extract string
	Bytes   int64
	Rows    int
	First   period.Month // first month covered; 0 when the file has no months
	Last    period.Month
	SHA256  string
	// Ignored lists columns the data contract does not know.
	Ignored []string
	// Parts lists the files of an extract given as a folder of parts,
	// in the order they were read; nil otherwise. Each part's months are
	// given for the streamed extracts (arr_monthly.csv and the leading
	// indicators' files).
	Parts []Part
	// months counts rows by month, for warnings about rows after the
	// as-of month.
	months map[period.Month]int
}

// Part is one file of an extract given as a folder of parts.
type Part struct {
	File   string // such as "arr_monthly/data_0_0_0.csv.gz"
	Bytes  int64
	Rows   int
	First  period.Month // 0 when not known
	Last   period.Month
	SHA256 string
}

// RowsAfter returns how many of the file's rows fall after month m.
func (s Source) RowsAfter(m period.Month) int {
	n := 0
	for k, c := range s.months {
		if k > m {
			n += c
		}
	}
	return n
}

// Load reads dir. When the inputs have problems it returns a *diag.List
// listing them; other errors are I/O errors.
func Load(dir string, opt Options) (*Dataset, error) {
	var issues diag.List
	files, err := readFiles(dir, &issues, SubscriptionsFile, FXRatesFile,
		CostsFile, RevenueMonthlyFile, InitiativesFile, AssessmentsFile, PipelineFile, TargetsFile, ControlsFile)
	if err != nil {
		return nil, err
	}
	// The large files are streamed as they are parsed, not read whole.
	streams, err := openStreams(dir, &issues, AccountsFile, ARRMonthlyFile, UsageFile, TicketsFile, ContactsFile, RenewalsFile, NPSFile)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range streams {
			s.close()
		}
	}()
	if issues.Total > 0 {
		// An extract in two shapes, or a folder of mixed parts.
		return nil, issues.Err()
	}
	// Issues are found at the lines of each extract read as one file,
	// and moved to the parts they are in.
	extracts := map[string]*extract{}
	for name, f := range files {
		if f != nil {
			extracts[name] = f.x
		}
	}
	for name, s := range streams {
		if s != nil {
			extracts[name] = s.x
		}
	}
	pull, err := readPullManifest(dir)
	if err != nil {
		return nil, err
	}
	ds, err := load(dir, opt, files, streams)
	var le *diag.List
	if errors.As(err, &le) {
		le.Issues = remap(le.Issues, extracts)
	}
	if ds != nil {
		ds.Warnings = remap(ds.Warnings, extracts)
		ds.Pull = pull
	}
	return ds, err
}

func load(dir string, opt Options, files map[string]*file, streams map[string]*stream) (*Dataset, error) {
	var issues diag.List
	accountsFile := streams[AccountsFile]
	if accountsFile == nil {
		issues.Addf(AccountsFile, 0, "", "required file not found in the data folder %s", dir)
	}
	arrFile, subsFile := streams[ARRMonthlyFile], files[SubscriptionsFile]
	switch {
	case arrFile == nil && subsFile == nil:
		issues.Addf(ARRMonthlyFile, 0, "", "no revenue file in the data folder %s: add %s or %s", dir, ARRMonthlyFile, SubscriptionsFile)
	case arrFile != nil && subsFile != nil:
		issues.Addf(SubscriptionsFile, 0, "", "both %s and %s are in the data folder: keep one, so no revenue is counted twice", ARRMonthlyFile, SubscriptionsFile)
	}
	if issues.Total > 0 {
		return nil, issues.Err()
	}

	ds := &Dataset{}
	accounts, accountsSource, err := readAccounts(accountsFile, &issues)
	if err != nil {
		return nil, err
	}
	// The optional files depend on no other, so their problems are
	// reported even when accounts.csv cannot be read, in a list of their
	// own for the reason fx_rates.csv's are.
	var optIssues diag.List
	optional, err := readOptional(files, opt.Frameworks, &optIssues)
	if err != nil {
		return nil, err
	}
	var targetIssues diag.List
	targets, targetSource := readTargets(files[TargetsFile], &targetIssues)
	optIssues.Merge(targetIssues)
	var controlIssues diag.List
	controls, controlSource := readControls(files[ControlsFile], &controlIssues)
	optIssues.Merge(controlIssues)
	if accounts == nil {
		issues.Merge(optIssues)
		return nil, issues.Err()
	}
	ds.AccountLines = accounts.lines
	ds.Sources = append(ds.Sources, *accountsSource)
	// fx_rates.csv is read before the revenue file but sorts after it, and
	// a list keeps only its first diag.MaxShown: its problems go to a list of
	// their own, merged once the revenue file's are in, so that they never
	// push out problems that sort before them.
	var fxIssues diag.List
	fx := readFX(files[FXRatesFile], opt.Currency, &fxIssues)

	var src Source
	if arrFile != nil {
		h, s, ok, err := parseARR(arrFile, accounts, fx, opt.AsOf, &issues)
		if err != nil {
			return nil, err
		}
		if ok {
			ds.History, src = h, s
		}
	} else {
		subs, cols, ok := readSubscriptions(subsFile, accounts.index, fx, &issues)
		if ok {
			src = source(subsFile, len(subs), cols.unknown(subscriptionColumns))
			ds.History = subscriptionHistory(accounts.list, subs, opt.AsOf, &src)
		}
	}
	// The leading indicators are read after the revenue file, whose rows
	// are garbage by then, rather than beside it, to keep the peak of
	// memory down.
	var sigIssues, sigWarnings diag.List
	signals, sigSources, err := readSignals(files, streams, accounts, &sigIssues, &sigWarnings)
	if err != nil {
		return nil, err
	}
	issues.Merge(fxIssues)
	issues.Merge(optIssues)
	issues.Merge(sigIssues)
	if err := issues.Err(); err != nil {
		return nil, err
	}
	ds.Sources = append(ds.Sources, src)
	if f := files[FXRatesFile]; f != nil {
		ds.Sources = append(ds.Sources, source(f, fx.rows, nil))
	}
	ds.Sources = append(ds.Sources, optional.sources...)
	ds.Sources = append(ds.Sources, sigSources...)
	ds.Costs, ds.Revenue, ds.Initiatives, ds.Ratings = optional.costs, optional.revenue, optional.initiatives, optional.ratings
	if targetSource != nil {
		ds.Sources, ds.Targets = append(ds.Sources, *targetSource), targets
	}
	if controlSource != nil {
		ds.Sources, ds.Controls = append(ds.Sources, *controlSource), controls
	}
	ds.Signals = signals

	var warnings diag.List
	for i := range ds.History.Accounts {
		if !hasRevenue(ds.History, i) {
			warnings.Addf(AccountsFile, accounts.lines[i], "account_id", "account %q has no revenue in %s", ds.History.Accounts[i].ID, src.File)
		}
	}
	// Costs and revenue after the history's last month are harmless, but
	// an initiative's savings count from its launch, which the report
	// cannot show.
	for i, in := range ds.Initiatives {
		if in.Launched > ds.History.Last() {
			warnings.Addf(InitiativesFile, optional.initiativeLines[i], "launched", "launched after the data ends: it counts from %s", in.Launched)
		}
	}
	warnings.Merge(sigWarnings)
	ds.Warnings, ds.WarningCount = warnings.Sorted(), warnings.Total
	return ds, nil
}

// optionalFiles holds what the optional files of a data folder hold.
type optionalFiles struct {
	costs           []metrics.Cost
	revenue         []metrics.Revenue
	initiatives     []metrics.Initiative
	initiativeLines []int
	ratings         []metrics.Rating
	sources         []Source // in the data contract's order
}

// readOptional parses the optional files of files; a missing one stays
// nil. Each file's problems go to a list of their own, merged into issues:
// every list keeps its first diag.MaxShown, and the files are not parsed in the
// order their problems sort in. The error is that of reading the built-in
// rubrics, when frameworks is nil and they are needed.
func readOptional(files map[string]*file, frameworks []metrics.Framework, issues *diag.List) (optionalFiles, error) {
	var o optionalFiles
	if frameworks == nil && files[AssessmentsFile] != nil {
		var err error
		if frameworks, err = Rubrics(""); err != nil {
			return o, err
		}
	}
	var lists [4]diag.List
	var sources [4]*Source
	o.costs, sources[0] = readCosts(files[CostsFile], &lists[0])
	o.revenue, sources[1] = readRevenue(files[RevenueMonthlyFile], &lists[1])
	o.initiatives, o.initiativeLines, sources[2] = readInitiatives(files[InitiativesFile], &lists[2])
	o.ratings, sources[3] = readAssessments(files[AssessmentsFile], frameworks, &lists[3])
	for i, src := range sources {
		issues.Merge(lists[i])
		if src != nil {
			o.sources = append(o.sources, *src)
		}
	}
	return o, nil
}

func source(f *file, rows int, ignored []string) Source {
	src := Source{File: f.name, Extract: f.name, Bytes: f.size, Rows: rows, SHA256: f.hash(), Ignored: ignored}
	f.x.describe(&src)
	return src
}

// readFiles reads the named files of dir concurrently; a file that does
// not exist is nil.
func readFiles(dir string, issues *diag.List, names ...string) (map[string]*file, error) {
	files := make([]*file, len(names))
	errs := make([]error, len(names))
	lists := make([]diag.List, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { files[i], errs[i] = readFile(dir, name, &lists[i]) })
	}
	wg.Wait()
	m := make(map[string]*file, len(names))
	for i, name := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
		issues.Merge(lists[i])
		m[name] = files[i]
	}
	return m, nil
}

// openStreams opens the named files of dir; a file that does not exist is
// nil.
func openStreams(dir string, issues *diag.List, names ...string) (map[string]*stream, error) {
	m := make(map[string]*stream, len(names))
	for _, name := range names {
		s, err := openStream(dir, name, issues)
		if err != nil {
			for _, s := range m {
				s.close()
			}
			return nil, err
		}
		m[name] = s
	}
	return m, nil
}

func hasRevenue(h *metrics.History, i int) bool {
	for m := h.First; m <= h.Last(); m++ {
		if h.ARR(i, m) > 0 {
			return true
		}
	}
	return false
}

// subscriptionHistory sums the subscriptions counting in each month. The
// months held run from the first any subscription counts in to the last
// month any date of the file falls in, or to asOf when that is later; open
// subscriptions count up to the end.
func subscriptionHistory(accounts []metrics.Account, subs []subscription, asOf period.Month, src *Source) *metrics.History {
	first, last := subs[0].first, subs[0].startMonth
	for _, s := range subs {
		first = min(first, s.first)
		last = max(last, s.startMonth)
		if !s.open {
			last = max(last, s.last)
		}
	}
	src.First, src.Last = first, last
	src.months = map[period.Month]int{}
	for _, s := range subs {
		src.months[s.startMonth]++
	}
	end := max(last, asOf, first)
	h := metrics.NewHistory(accounts, first, int(end-first)+1)
	for _, s := range subs {
		to := end
		if !s.open {
			to = s.last
		}
		for m := s.first; m <= to; m++ {
			h.Add(int(s.account), m, s.arr)
		}
	}
	return h
}
