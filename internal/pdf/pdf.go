// Package pdf prints HTML pages of the built site to PDF with one headless Chromium.
//
// A build starts one [Browser], prints every page of its board packs with
// [Browser.Print], and closes it. The browser may read the build's own files
// and nothing else: every other request is blocked before it leaves the
// browser, and any console error, uncaught exception or failed request makes
// Print fail, so a broken page never becomes a quietly broken PDF.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser is returned by Start when no Chromium is installed. Its message
// tells the user how to install one, or how to build without PDFs.
var ErrNoBrowser = errors.New("board packs need Chromium: install it with `apt-get install chromium fonts-dejavu-core fonts-liberation` (or run scripts/deps.sh), or build with --no-pdf")

// ErrClosed is returned by Print and Check after Close.
var ErrClosed = errors.New("pdf: browser is closed")

// DefaultTimeout is the time that one page may take to load, draw its charts
// and print when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// browserNames are the programs that Start looks for on PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome"}

// fallbackPaths are tried after PATH, because a build can run with a PATH that
// lacks /usr/bin (a minimal CI shell, a systemd unit). Tests replace it to
// simulate a machine without a browser.
var fallbackPaths = []string{"/usr/bin/chromium"}

// Options configure Start.
type Options struct {
	// ExecPath is the Chromium binary, as a path or a name on PATH. Empty
	// means: look up chromium, chromium-browser and google-chrome on PATH,
	// then /usr/bin/chromium.
	ExecPath string

	// Timeout bounds the work on one page: load, charts, fonts and print.
	// Zero means DefaultTimeout.
	Timeout time.Duration
}

// Browser is one Chromium for a whole build; pages are printed in one reused
// tab, because a fresh tab costs about three times as much as a navigation in
// a tab that exists. A Browser is safe for use by several goroutines, which
// take turns on the tab.
type Browser struct {
	timeout time.Duration

	// idle holds the tab while no page is visited. Taking the tab from the
	// channel is the lock that serialises Print and Check; unlike a mutex,
	// it lets a waiting caller give up when its context ends. One tab is
	// enough: on two cores, two tabs printing in parallel were no faster.
	idle chan *tab

	allocCancel   context.CancelFunc
	browserCtx    context.Context // owns the browser process and the tab
	browserCancel context.CancelFunc

	closeOnce sync.Once
	closeErr  error
	done      chan struct{} // closed by Close
}

// Start launches a headless Chromium with a fresh profile in a temporary
// folder, which Close removes. It returns ErrNoBrowser when opt.ExecPath is
// empty and no Chromium is installed. The browser outlives ctx: ctx only
// bounds the start itself.
func Start(ctx context.Context, opt Options) (*Browser, error) {
	path, err := findBrowser(opt.ExecPath)
	if err != nil {
		return nil, err
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}

	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		// The pages are local files: a proxy, a component or safe-browsing
		// update, or a QUIC probe could only reach the network. Two of these
		// are chromedp defaults already; they are repeated so that this
		// list states the whole policy.
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		// No --no-sandbox: chromedp adds it by itself when it runs as root
		// (a container), where Chromium cannot start otherwise, and as any
		// other user the sandbox stays on.
	)
	// The browser must live until Close, not until ctx ends: chromedp ties
	// the browser to the context of its first use, so that context derives
	// from a context that only Close cancels.
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), flags...)
	browserCtx, browserCancel := chromedp.NewContext(allocCtx)
	b := &Browser{
		timeout:       timeout,
		idle:          make(chan *tab, 1),
		allocCancel:   allocCancel,
		browserCtx:    browserCtx,
		browserCancel: browserCancel,
		done:          make(chan struct{}),
	}

	type started struct {
		t   *tab
		err error
	}
	ch := make(chan started, 1)
	go func() {
		// The browser context's own tab becomes the reused tab.
		t, err := newTab(browserCtx)
		ch <- started{t, err}
	}()
	var s started
	select {
	case s = <-ch:
	case <-ctx.Done():
		s.err = ctx.Err()
	}
	if s.err != nil {
		browserCancel()
		allocCancel()
		return nil, fmt.Errorf("start %s: %w", path, s.err)
	}
	b.idle <- s.t
	return b, nil
}

// Close stops the browser, waits for its processes to exit and removes its
// profile folder. A Print or Check that runs at the same time fails.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		close(b.done)
		// A graceful close lets Chromium flush and exit on its own; a short
		// deadline keeps a hung browser from hanging the build, after which
		// the cancels below kill it.
		ctx, cancel := context.WithTimeout(b.browserCtx, 5*time.Second)
		err := chromedp.Cancel(ctx)
		cancel()
		b.browserCancel()
		// Cancelling the allocator waits for the process to exit and for the
		// temporary profile folder to be removed.
		b.allocCancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			b.closeErr = fmt.Errorf("close browser: %w", err)
		}
	})
	return b.closeErr
}

// findBrowser returns the Chromium to run: execPath when it is set, else the
// first of browserNames on PATH, else the first of fallbackPaths that exists.
func findBrowser(execPath string) (string, error) {
	if execPath != "" {
		path, err := exec.LookPath(execPath)
		if err != nil {
			return "", fmt.Errorf("browser %s: %w", execPath, err)
		}
		return path, nil
	}
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	for _, path := range fallbackPaths {
		if path, err := exec.LookPath(path); err == nil {
			return path, nil
		}
	}
	return "", ErrNoBrowser
}

// acquire waits for the idle tab; the caller must release it.
func (b *Browser) acquire(ctx context.Context) (*tab, error) {
	select {
	case <-b.done:
		return nil, ErrClosed
	default:
	}
	select {
	case t := <-b.idle:
		return t, nil
	case <-b.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (b *Browser) release(t *tab) { b.idle <- t }

// blockAll is the Fetch pattern that pauses every request of the tab, so that
// each one is allowed or blocked by the tab's handler.
var blockAll = fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}
