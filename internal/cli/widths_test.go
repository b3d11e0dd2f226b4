package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// widths are the screens the site is laid out for: desktops, a laptop, a
// tablet upright and a phone.
var widths = []int64{1440, 1280, 1024, 768, 390}

// TestSiteWidths opens every page of the sample site at each width in
// Chromium, with scrollbars that take room as on a desktop, and fails when
// the page scrolls sideways, when an element is wider than its container
// with no scroll container around it, when content is cut by a container
// that hides its overflow, or when a table that scrolls does not keep its
// row headers in view. With BOARDPACK_ARTIFACTS set it saves a picture of
// every page at 1440 and 390 px there, for people to look at.
func TestSiteWidths(t *testing.T) {
	needBrowser(t)
	out := buildSample(t, "--no-pdf")
	var pages []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(out, p)
		if err == nil && strings.HasSuffix(p, ".html") && !strings.HasPrefix(rel, "packs/") && !strings.HasPrefix(rel, "2026-W") {
			pages = append(pages, p)
		}
		return err
	})
	if len(pages) < 20 {
		t.Fatalf("only %d pages built", len(pages))
	}
	shots := os.Getenv("BOARDPACK_ARTIFACTS")

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.Flag("hide-scrollbars", false),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("disable-component-update", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	for _, w := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
			t.Fatal(err)
		}
		for _, page := range pages {
			rel, _ := filepath.Rel(out, page)
			pctx, stop := context.WithTimeout(ctx, 30*time.Second)
			problems, err := overflows(pctx, page)
			if err == nil && shots != "" && (w == 1440 || w == 390) {
				err = shoot(pctx, filepath.Join(shots, fmt.Sprintf("widths-%d", w), strings.ReplaceAll(strings.TrimSuffix(rel, ".html"), "/", "-")+".png"))
			}
			stop()
			if err != nil {
				t.Fatalf("%s at %d px: %v", rel, w, err)
			}
			for _, p := range problems {
				t.Errorf("%s at %d px: %s", rel, w, p)
			}
		}
	}
	if shots != "" {
		t.Logf("pictures in %s/widths-*", shots)
	}
}

// overflows opens page, waits for its charts and fonts, and returns what
// overflowJS finds.
func overflows(ctx context.Context, page string) ([]string, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
		return nil, err
	}
	ready := `document.readyState === 'complete' && !!window.boardpack && window.boardpack.pending === 0 && document.fonts.status === 'loaded'`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		return nil, fmt.Errorf("not ready: %w", err)
	}
	// A chart fitted to its container redraws a moment later: let it
	// settle. (A timer, not a frame: frames are not promised to a headless
	// tab.)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(true), 50))`,
		chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](overflowJS))
}

// shoot saves a picture of the whole page.
func shoot(ctx context.Context, png string) error {
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(png), 0o755); err != nil {
		return err
	}
	return os.WriteFile(png, img, 0o644)
}

// overflowJS lists the layout problems of the page as it is drawn. An
// element overflows when its box or its content reaches past the content
// box of its parent, unless a scroll container holds it; a scroll container
// that scrolls must be a table's wrap, whose row headers stick to its left
// edge. Content cut by an ancestor that hides its overflow is a problem too.
const overflowJS = `(() => {
	const problems = [];
	const doc = document.documentElement;
	if (doc.scrollWidth > doc.clientWidth + 1) problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' px of content in ' + doc.clientWidth + ' px');
	const name = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
		const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
		return text ? s + ' "' + text + '"' : s;
	};
	const scrolls = st => st.overflowX === 'auto' || st.overflowX === 'scroll';
	const clips = st => st.overflowX === 'hidden' || st.overflowX === 'clip';
	const seen = new Set();
	const report = (el, msg) => {
		if (seen.size > 40 || seen.has(el)) return;
		seen.add(el);
		problems.push(name(el) + ': ' + msg);
	};
	for (const el of document.body.querySelectorAll('*')) {
		if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue; // a chart's drawing: the svg itself is checked
		const st = getComputedStyle(el);
		if (st.display === 'none' || st.position === 'fixed' || el.classList.contains('skip')) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		// The nearest scroll container and the clipping ancestors on the way.
		let scroller = null, clipper = null;
		for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
			const ast = getComputedStyle(a);
			if (scrolls(ast)) { scroller = a; break; }
			if (clips(ast) && !clipper) clipper = a;
		}
		if (scroller) continue; // it scrolls into view
		const p = el.parentElement;
		if (p && p !== document.body && st.position !== 'absolute') {
			const pr = p.getBoundingClientRect(), pst = getComputedStyle(p);
			const right = pr.right - parseFloat(pst.borderRightWidth), left = pr.left + parseFloat(pst.borderLeftWidth);
			if (r.right > right + 1 || r.left < left - 1) {
				report(el, Math.round(r.width) + ' px wide, reaching ' + Math.round(Math.max(r.right - right, left - r.left)) + ' px past ' + name(p));
			}
		}
		if (clipper) {
			const cr = clipper.getBoundingClientRect();
			if (r.right > cr.right + 1 || r.left < cr.left - 1) report(el, 'cut by ' + name(clipper));
		}
		if (scrolls(st)) {
			if (el.scrollWidth > el.clientWidth + 1) {
				if (!el.classList.contains('table-wrap')) report(el, 'scrolls sideways but is not a table\'s scroll container');
				for (const th of el.querySelectorAll('tbody th, tfoot th')) {
					if (getComputedStyle(th).position !== 'sticky') { report(th, 'a row header that scrolls out of view'); break; }
				}
			}
		} else if (st.display !== 'inline' && !clips(st) && el.tagName.toLowerCase() !== 'svg' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
			report(el, 'its content is ' + el.scrollWidth + ' px wide in ' + el.clientWidth + ' px');
		}
	}
	return problems;
})()`
