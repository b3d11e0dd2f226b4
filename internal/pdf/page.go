package pdf

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// PrintOptions say how to print one page. The page size and the margins come
// from the page's CSS @page rule, so they are not options.
type PrintOptions struct {
	// Root is the absolute folder of the built site. The page may load files
	// under Root (and data: URLs); every other request is blocked and
	// reported. Empty means the folder of the page.
	Root string
	// Tagged asks for a tagged (accessible) PDF, whose structure screen
	// readers follow. It costs about 40 ms a pack of twenty pages.
	Tagged bool
}

// Report is what a real browser saw on a page: Check returns it for tests and
// for the build's own checks.
type Report struct {
	// ConsoleErrors holds the console.error and console.assert messages and
	// the uncaught exceptions, with their text.
	ConsoleErrors []string
	// FailedRequests holds the URLs that failed to load: network errors,
	// missing files, and requests blocked because they are outside Root.
	FailedRequests []string
	// Charts describes every [data-chart] element, in document order.
	Charts []Chart
	// Links holds the resolved href of every <a href>, in document order.
	Links []string
	// Title is the document title.
	Title string
}

// Chart describes one [data-chart] element of a page.
type Chart struct {
	ID       string  // the element's id
	Rendered bool    // the chart fired 'finished' (data-rendered="true")
	SVG      bool    // the element holds an <svg>, as the SVG renderer draws
	Series   int     // number of series in the ECharts instance's option
	Width    float64 // laid-out size in CSS pixels
	Height   float64
	// YLabels and XLabels are the tick labels of the value and category
	// axes as drawn: the <text> elements of the chart's SVG left of its
	// plot area and under it, in the order drawn.
	YLabels, XLabels []Label
}

// Label is a text drawn in a chart's SVG, with its box in CSS pixels.
type Label struct {
	Text       string
	X, Y, W, H float64
}

// Overlaps reports whether the boxes of a and b intersect.
func (a Label) Overlaps(b Label) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// PageError is the error of Print when the page reported problems while it
// loaded or printed. Each problem is one line, prefixed with the page.
type PageError struct {
	Page     string   // the page's path relative to Root
	Problems []string // e.g. "console error: boom", "failed to load https://example.com/x.png (...)"
}

func (e *PageError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.Page + ": " + p
	}
	return strings.Join(lines, "\n")
}

// Print opens file (an absolute path to an .html file inside opt.Root), waits
// until it is ready, and returns the PDF bytes. Ready means: the load event
// fired, window.boardpack exists with pending === 0 and ready !== false, and
// the fonts are loaded. The page is laid out for print media from the start,
// because charts take their size when they are drawn and do not resize.
//
// Any console error, uncaught exception or failed request makes Print return
// a *PageError that names the page and each problem.
func (b *Browser) Print(ctx context.Context, file string, opt PrintOptions) ([]byte, error) {
	var pdf []byte
	err := b.visit(ctx, file, opt, "print", 0, func(ctx context.Context, pl *pageLog) error {
		if err := pl.err(); err != nil {
			return err
		}
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
			PreferCSSPageSize:   new(true),
			PrintBackground:     new(true),
			DisplayHeaderFooter: new(false), // the pack draws its own footers
			GenerateTaggedPDF:   new(opt.Tagged),
		})
		if err != nil {
			return fmt.Errorf("%s: print: %w", pl.name, err)
		}
		pdf = res.Data
		// Printing runs the page's beforeprint handlers, which can fail too.
		return pl.err()
	})
	if err != nil {
		return nil, err
	}
	return pdf, nil
}

// problemGrace is how long Check keeps waiting for a page to become ready
// after the page reported its first problem: a page with a console error may
// still finish, and its report is more useful when it does, but a page whose
// script died never will.
const problemGrace = time.Second

// Check opens file like Print, with screen media, and instead of printing
// returns what the browser saw. Page problems are in the report, not in the
// error; the error is for a page that cannot be opened or never becomes ready.
func (b *Browser) Check(ctx context.Context, file string, opt PrintOptions) (*Report, error) {
	var rep *Report
	err := b.visit(ctx, file, opt, "", problemGrace, func(ctx context.Context, pl *pageLog) error {
		seen, err := chromedp.Run(ctx, chromedp.Evaluate[pageSummary](summaryJS))
		if err != nil {
			return fmt.Errorf("%s: read page: %w", pl.name, err)
		}
		rep = &Report{Title: seen.Title, Links: seen.Links, Charts: make([]Chart, len(seen.Charts))}
		for i, c := range seen.Charts {
			rep.Charts[i] = Chart{ID: c.ID, Rendered: c.Rendered, SVG: c.SVG, Series: c.Series, Width: c.Width, Height: c.Height,
				YLabels: labels(c.YLabels), XLabels: labels(c.XLabels)}
		}
		pl.mu.Lock()
		rep.ConsoleErrors = append(rep.ConsoleErrors, pl.console...)
		for _, f := range pl.failed {
			rep.FailedRequests = append(rep.FailedRequests, f.url)
		}
		pl.mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// visit loads file in the tab with the given emulated media ("" for screen),
// waits until it is ready, and runs fn with the page still open. grace is how
// long to keep waiting for the page to become ready after its first problem;
// Print uses 0, since the problem fails it anyway.
func (b *Browser) visit(ctx context.Context, file string, opt PrintOptions, media string, grace time.Duration, fn func(context.Context, *pageLog) error) error {
	pl, err := newPageLog(file, opt.Root)
	if err != nil {
		return err
	}
	t, err := b.acquire(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", pl.name, err)
	}
	defer b.release(t)

	// The tab's context carries the browser; the caller's context and the
	// per-page timeout only bound this visit, so that a timeout leaves the
	// tab and the browser usable for the next page.
	runCtx, cancel := context.WithTimeout(t.ctx, b.timeout)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()

	t.begin(pl)
	defer t.end()

	err = b.load(runCtx, pl, media, grace)
	if err == nil {
		err = fn(runCtx, pl)
	}
	if err != nil && runCtx.Err() != nil {
		// Report why the context ended in the page's terms, not as
		// "context canceled" from deep inside chromedp.
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", pl.name, ctx.Err())
		case errors.Is(runCtx.Err(), context.DeadlineExceeded):
			return fmt.Errorf("%s: not ready after %s: %w", pl.name, b.timeout, context.DeadlineExceeded)
		}
	}
	return err
}

// load navigates to the page and waits until it is ready. A page problem
// does not make load fail: the caller decides what problems mean.
func (b *Browser) load(ctx context.Context, pl *pageLog, media string, grace time.Duration) error {
	// Media emulation stays on the tab across navigations, so it is set for
	// every visit: print for Print, back to screen for Check.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		return fmt.Errorf("%s: emulate media: %w", pl.name, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(pl.url)); err != nil {
		return fmt.Errorf("%s: open: %w", pl.name, err)
	}

	// Stop waiting once the page has reported a problem (after the grace):
	// a page whose script failed may never become ready, and waiting for
	// the timeout would only delay the error.
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	go func() {
		select {
		case <-pl.problem:
			select {
			case <-time.After(grace):
				stopPoll()
			case <-pollCtx.Done():
			}
		case <-pollCtx.Done():
		}
	}()

	// The page-side poll gives up a little before the context does, so that
	// there is time left to ask the page why it is not ready.
	deadline, _ := ctx.Deadline()
	limit := max(time.Until(deadline)-500*time.Millisecond, 10*time.Millisecond)
	_, err := chromedp.Run(pollCtx, chromedp.Poll[bool](readyJS,
		// An interval, not requestAnimationFrame: frames are not guaranteed
		// to a headless tab, and 10 ms is well below the chart draw time.
		chromedp.WithPollingInterval(10*time.Millisecond),
		chromedp.WithPollingTimeout(limit)))
	switch {
	case err == nil:
		return nil
	case pollCtx.Err() != nil && ctx.Err() == nil:
		return nil // stopped because of a problem; the caller reports it
	case errors.Is(err, chromedp.ErrPollingTimeout):
		state, serr := chromedp.Run(ctx, chromedp.Evaluate[string](stateJS))
		if serr != nil {
			state = "state unknown: " + serr.Error()
		}
		return fmt.Errorf("%s: not ready after %s (%s)", pl.name, b.timeout, state)
	default:
		return fmt.Errorf("%s: wait for charts: %w", pl.name, err)
	}
}

// readyJS is true when the page is done: loaded, every chart drawn, any
// layout script finished and every font loaded.
const readyJS = `document.readyState === 'complete' && !!window.boardpack &&
	window.boardpack.pending === 0 && window.boardpack.ready !== false &&
	document.fonts.status === 'loaded'`

// stateJS describes why a page is not ready, for the timeout error.
const stateJS = `(() => {
	const bp = window.boardpack;
	return 'document ' + document.readyState + ', fonts ' + document.fonts.status + ', ' +
		(bp ? 'boardpack.pending=' + bp.pending + ', boardpack.ready=' + bp.ready : 'no window.boardpack');
})()`

// summaryJS collects what Check reports, in one round trip.
const summaryJS = `(() => {
	const charts = Array.from(document.querySelectorAll('[data-chart]'), el => {
		const r = el.getBoundingClientRect();
		let series = 0;
		try {
			const inst = window.echarts && echarts.getInstanceByDom(el);
			const o = inst && inst.getOption();
			series = o && o.series ? o.series.length : 0;
		} catch (e) {}
		// The tick labels as drawn: texts of the SVG left of the plot area
		// (the value axis) and under it (the category axis).
		const ylabels = [], xlabels = [];
		try {
			const inst = echarts.getInstanceByDom(el);
			const grid = inst.getModel().getComponent('grid');
			const g = grid && grid.coordinateSystem && grid.coordinateSystem.getRect();
			if (g) {
				el.querySelectorAll('svg text').forEach(t => {
					const b = t.getBoundingClientRect();
					const x = b.left - r.left, y = b.top - r.top, cy = y + b.height / 2, cx = x + b.width / 2;
					const label = {text: t.textContent, x: x, y: y, w: b.width, h: b.height};
					if (x + b.width <= g.x + 2 && cy >= g.y - 8 && cy <= g.y + g.height + 8) ylabels.push(label);
					else if (y >= g.y + g.height - 2 && cx >= g.x - 20 && cx <= g.x + g.width + 20) xlabels.push(label);
				});
			}
		} catch (e) {}
		return {id: el.id, rendered: el.getAttribute('data-rendered') === 'true',
			svg: !!el.querySelector('svg'), series: series, width: r.width, height: r.height,
			ylabels: ylabels, xlabels: xlabels};
	});
	const links = Array.from(document.querySelectorAll('a[href]'), a => a.href);
	return {title: document.title, charts: charts, links: links};
})()`

// pageSummary is the result of summaryJS.
type pageSummary struct {
	Title  string         `json:"title"`
	Charts []chartSummary `json:"charts"`
	Links  []string       `json:"links"`
}

// chartSummary has the fields of Chart, with JSON names.
type chartSummary struct {
	ID       string         `json:"id"`
	Rendered bool           `json:"rendered"`
	SVG      bool           `json:"svg"`
	Series   int            `json:"series"`
	Width    float64        `json:"width"`
	Height   float64        `json:"height"`
	YLabels  []labelSummary `json:"ylabels"`
	XLabels  []labelSummary `json:"xlabels"`
}

// labelSummary has the fields of Label, with JSON names.
type labelSummary struct {
	Text string  `json:"text"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
}

func labels(in []labelSummary) []Label {
	out := make([]Label, len(in))
	for i, l := range in {
		out[i] = Label(l)
	}
	return out
}

// newPageLog checks file and root and prepares the log of one visit.
func newPageLog(file, root string) (*pageLog, error) {
	if !filepath.IsAbs(file) {
		return nil, fmt.Errorf("pdf: page %s: not an absolute path", file)
	}
	file = filepath.Clean(file)
	if root == "" {
		root = filepath.Dir(file)
	}
	if !filepath.IsAbs(root) {
		return nil, fmt.Errorf("pdf: root %s: not an absolute path", root)
	}
	root = filepath.Clean(root)
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("pdf: page %s is outside the root %s", file, root)
	}
	return &pageLog{
		name:    filepath.ToSlash(rel),
		url:     fileURL(file),
		root:    root,
		problem: make(chan struct{}),
		seen:    make(map[string]bool),
		urls:    make(map[network.RequestID]string),
	}, nil
}

// fileURL returns the file:// URL of an absolute path, escaped as a browser
// expects.
func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
