package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// needBrowser skips the test when no Chromium is installed, except on CI,
// where a missing browser must not turn the PDF tests into silent passes.
func needBrowser(tb testing.TB) {
	tb.Helper()
	if _, err := findBrowser(""); err != nil {
		if os.Getenv("CI") == "" {
			tb.Skip("no Chromium installed (set CI to make this a failure):", err)
		}
		tb.Fatal(err)
	}
}

// startBrowser starts a Browser for a test and closes it at the end.
func startBrowser(tb testing.TB, opt Options) *Browser {
	tb.Helper()
	needBrowser(tb)
	start := time.Now()
	b, err := Start(context.Background(), opt)
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	tb.Logf("browser start: %v", time.Since(start).Round(time.Millisecond))
	tb.Cleanup(func() {
		if err := b.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return b
}

// needTool returns the path of a poppler tool, skipping like startBrowser
// when it is missing.
func needTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			tb.Skipf("%s not installed (apt-get install poppler-utils)", name)
		}
		tb.Fatalf("%s not installed: %v", name, err)
	}
	return p
}

// site is a folder of fixture pages with the real chart scripts.
type site struct {
	tb  testing.TB
	dir string
}

// newSite makes a site folder in a temporary directory, with echarts and
// boardpack.js copied from the render package.
func newSite(tb testing.TB) *site {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, src := range []string{"../render/vendor/echarts/echarts.min.js", "../render/static/boardpack.js"} {
		data, err := os.ReadFile(src)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return &site{tb: tb, dir: dir}
}

// page writes a fixture page with the given head and body and returns its
// absolute path. The chart scripts close the body, as on the real pages.
func (s *site) page(name, head, body string) string {
	s.tb.Helper()
	doc := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>` + strings.TrimSuffix(name, ".html") + `</title>
<style>body { font-family: "DejaVu Sans", sans-serif; }</style>
` + head + `</head>
<body>
` + body + `
<script src="echarts.min.js"></script>
<script src="boardpack.js"></script>
</body></html>
`
	p := filepath.Join(s.dir, name)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		s.tb.Fatal(err)
	}
	return p
}

// chartDiv returns a chart container as the render package writes it: a
// data-option with a pure-data ECharts option and the "bp" hints that
// boardpack.js turns into formatters.
func chartDiv(id, typ string, series int, style string) string {
	months := []string{"Jan", "Feb", "Mar", "Apr"}
	var ss []map[string]any
	var labels [][]string
	for i := range series {
		data := make([]float64, len(months))
		lab := make([]string, len(months))
		for j := range months {
			data[j] = 0.9 + 0.05*float64(i) + 0.02*float64(j)
			lab[j] = fmt.Sprintf("%.0f%%", data[j]*100)
		}
		ss = append(ss, map[string]any{"name": fmt.Sprintf("Series %d", i+1), "type": typ, "data": data})
		labels = append(labels, lab)
	}
	opt := map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis"},
		"xAxis":     []any{map[string]any{"type": "category", "data": months}},
		"yAxis":     []any{map[string]any{"type": "value"}},
		"series":    ss,
		"bp":        map[string]any{"unit": "fraction", "symbol": "$", "labels": labels},
	}
	js, err := json.Marshal(opt)
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf(`<div id="%s" data-chart style="%s" data-option="%s"></div>`, id, style, html.EscapeString(string(js)))
}

// onePage writes the one-page A4 landscape fixture with a chart.
func (s *site) onePage(name, text string) string {
	return s.page(name,
		`<style>@page { size: A4 landscape; margin: 10mm } h1 { font-size: 20pt }</style>`,
		`<h1>`+text+`</h1>
<p>Net revenue retention over the last four months.</p>
`+chartDiv("nrr", "line", 1, "width: 240mm; height: 110mm"))
}

// pdfInfo runs pdfinfo on a PDF and returns its number of pages and the size
// of its first page in points.
func pdfInfo(t *testing.T, pdf []byte) (pages int, width, height float64) {
	t.Helper()
	bin := needTool(t, "pdfinfo")
	f := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(out)
	n := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(out)
	if m == nil || n == nil {
		t.Fatalf("pdfinfo output without pages or page size:\n%s", out)
	}
	pages, _ = strconv.Atoi(string(m[1]))
	width, _ = strconv.ParseFloat(string(n[1]), 64)
	height, _ = strconv.ParseFloat(string(n[2]), 64)
	return pages, width, height
}

// pdfText returns the text of a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := needTool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

func TestPrintOnePage(t *testing.T) {
	s := newSite(t)
	file := s.onePage("summary.html", "Executive summary")
	b := startBrowser(t, Options{})

	pdf, err := b.Print(context.Background(), file, PrintOptions{Root: s.dir})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	// Chromium rounds the CSS page box to its device units: A4 landscape
	// (841.89 x 595.28 pts) comes out as 841.92 x 594.96, which is within
	// 0.12 mm. A Letter page or a portrait one would be far off.
	pages, w, h := pdfInfo(t, pdf)
	if pages != 1 || math.Abs(w-841.89) > 1 || math.Abs(h-595.28) > 1 {
		t.Errorf("pdfinfo: %d pages of %.2f x %.2f pts, want 1 page of A4 landscape (841.89 x 595.28)", pages, w, h)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Executive summary", "Net revenue retention over the last four months"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	// The SVG renderer draws the axis labels as text, which boardpack.js
	// formats as percentages: they prove the chart was drawn before printing.
	if !strings.Contains(text, "Feb") || !strings.Contains(text, "%") {
		t.Errorf("PDF text lacks the chart's axis labels:\n%s", text)
	}
}

func TestPrintFailsOnPageProblems(t *testing.T) {
	s := newSite(t)
	// A file next to the site but outside its root: readable, yet the PDF
	// must not depend on it.
	outside := filepath.Join(filepath.Dir(s.dir), "outside.png")
	if err := os.WriteFile(outside, []byte("not really a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A server on this machine proves that a blocked request never leaves
	// the browser: it must see no request at all.
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer srv.Close()
	b := startBrowser(t, Options{})
	root := PrintOptions{Root: s.dir}

	tests := []struct {
		name, body string
		wantErr    []string // substrings of the error
		wantFailed string   // URL that the report lists as failed
	}{
		{
			name:       "remote.html",
			body:       `<img src="https://example.com/x.png" alt="">`,
			wantErr:    []string{"remote.html: failed to load https://example.com/x.png"},
			wantFailed: "https://example.com/x.png",
		},
		{
			name:       "local.html",
			body:       `<link rel="stylesheet" href="` + srv.URL + `/style.css">`,
			wantErr:    []string{"local.html: failed to load " + srv.URL + "/style.css"},
			wantFailed: srv.URL + "/style.css",
		},
		{
			name:    "console.html",
			body:    `<script>console.error('boom')</script>`,
			wantErr: []string{"console.html: console error: boom"},
		},
		{
			name:    "throws.html",
			body:    `<script>throw new Error('kaboom')</script>`,
			wantErr: []string{"throws.html: console error: ", "kaboom"},
		},
		{
			name:       "missing.html",
			body:       `<img src="missing.png" alt="">`,
			wantErr:    []string{"missing.html: failed to load " + fileURL(filepath.Join(s.dir, "missing.png"))},
			wantFailed: fileURL(filepath.Join(s.dir, "missing.png")),
		},
		{
			name:       "outside.html",
			body:       `<img src="../outside.png" alt="">`,
			wantErr:    []string{"outside.html: failed to load " + fileURL(outside)},
			wantFailed: fileURL(outside),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := s.page(tt.name, "", `<p>page with a problem</p>`+tt.body)
			start := time.Now()
			pdf, err := b.Print(context.Background(), file, root)
			t.Logf("failed in %v: %v", time.Since(start).Round(time.Millisecond), err)
			if err == nil {
				t.Fatalf("Print succeeded (%d bytes), want an error", len(pdf))
			}
			var pe *PageError
			if !errors.As(err, &pe) {
				t.Errorf("error is a %T, want a *PageError", err)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}

			rep, err := b.Check(context.Background(), file, root)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if tt.wantFailed != "" && !slices.Contains(rep.FailedRequests, tt.wantFailed) {
				t.Errorf("FailedRequests = %q, want it to hold %q", rep.FailedRequests, tt.wantFailed)
			}
			if tt.wantFailed == "" && len(rep.ConsoleErrors) == 0 {
				t.Errorf("ConsoleErrors is empty, want the page's error")
			}
		})
	}

	if n := hits.Load(); n != 0 {
		t.Errorf("the local server got %d requests, want 0", n)
	}
	// The tab is still good after the failures.
	if _, err := b.Print(context.Background(), s.onePage("ok.html", "Still works"), root); err != nil {
		t.Errorf("Print after failures: %v", err)
	}
}

func TestCheckChartsAndLinks(t *testing.T) {
	s := newSite(t)
	file := s.page("check.html", "", `<h1 id="top">Retention</h1>
<nav><a href="other.html">Other page</a> <a href="#top">Top</a> <a href="sub/csm.html?id=7">CSM</a> <a>no href</a></nav>
`+chartDiv("trend", "line", 2, "width: 600px; height: 300px")+`
`+chartDiv("by_segment", "bar", 1, "width: 400px; height: 250px"))
	b := startBrowser(t, Options{})

	rep, err := b.Check(context.Background(), file, PrintOptions{Root: s.dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Title != "check" {
		t.Errorf("Title = %q, want %q", rep.Title, "check")
	}
	if len(rep.ConsoleErrors) != 0 || len(rep.FailedRequests) != 0 {
		t.Errorf("problems on a clean page: console %q, failed %q", rep.ConsoleErrors, rep.FailedRequests)
	}
	want := []Chart{
		{ID: "trend", Rendered: true, SVG: true, Series: 2, Width: 600, Height: 300},
		{ID: "by_segment", Rendered: true, SVG: true, Series: 1, Width: 400, Height: 250},
	}
	var got []Chart
	for _, c := range rep.Charts {
		// The tick labels as drawn: the months under the plot, and
		// percentages beside it.
		var xs []string
		for _, l := range c.XLabels {
			xs = append(xs, l.Text)
		}
		if !slices.Equal(xs, []string{"Jan", "Feb", "Mar", "Apr"}) {
			t.Errorf("chart %s: x labels %q, want the months", c.ID, xs)
		}
		if len(c.YLabels) < 2 || !strings.HasSuffix(c.YLabels[0].Text, "%") {
			t.Errorf("chart %s: y labels %+v, want percentages", c.ID, c.YLabels)
		}
		c.XLabels, c.YLabels = nil, nil
		got = append(got, c)
	}
	if !slices.EqualFunc(got, want, func(a, b Chart) bool {
		return a.ID == b.ID && a.Rendered == b.Rendered && a.SVG == b.SVG && a.Series == b.Series && a.Width == b.Width && a.Height == b.Height
	}) {
		t.Errorf("Charts =\n%+v\nwant\n%+v", got, want)
	}
	wantLinks := []string{
		fileURL(filepath.Join(s.dir, "other.html")),
		fileURL(file) + "#top",
		fileURL(filepath.Join(s.dir, "sub", "csm.html")) + "?id=7",
	}
	if !slices.Equal(rep.Links, wantLinks) {
		t.Errorf("Links =\n%q\nwant\n%q", rep.Links, wantLinks)
	}
}

func TestPrintWaitsForLayout(t *testing.T) {
	// A pack layout script holds ready at false while it paginates; the PDF
	// must show its result, not the page before it.
	s := newSite(t)
	file := s.page("layout.html", `<style>@page { size: A4 landscape; margin: 10mm }</style>`,
		`<p id="status">laying out</p>
<script>
// Like pack.js, after boardpack.js has set window.boardpack up.
document.addEventListener('DOMContentLoaded', () => {
	window.boardpack.ready = false;
	setTimeout(() => {
		document.getElementById('status').textContent = 'layout done';
		window.boardpack.ready = true;
	}, 300);
});
</script>`)
	b := startBrowser(t, Options{})
	pdf, err := b.Print(context.Background(), file, PrintOptions{Root: s.dir})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "layout done") {
		t.Errorf("PDF printed before the layout was done:\n%s", text)
	}
}

func TestPrintTimeout(t *testing.T) {
	s := newSite(t)
	// No boardpack.js: it would replace window.boardpack, and this page
	// must say forever that a chart is pending.
	stuck := filepath.Join(s.dir, "stuck.html")
	if err := os.WriteFile(stuck, []byte(`<!doctype html><title>stuck</title><p>never ready</p>
<script>window.boardpack = {pending: 1, charts: []}</script>`), 0o644); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, Options{Timeout: 2 * time.Second})

	start := time.Now()
	_, err := b.Print(context.Background(), stuck, PrintOptions{Root: s.dir})
	if err == nil || !strings.Contains(err.Error(), "stuck.html: not ready after 2s") || !strings.Contains(err.Error(), "pending=1") {
		t.Errorf("Print of a page that never gets ready: %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Print took %v with a 2s timeout", d)
	}

	// The caller's context ends the wait too.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := b.Print(ctx, stuck, PrintOptions{Root: s.dir}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Print with an ending context: %v, want context.DeadlineExceeded", err)
	}

	// The browser is still usable after a timeout.
	if _, err := b.Print(context.Background(), s.onePage("ok.html", "After the timeout"), PrintOptions{Root: s.dir}); err != nil {
		t.Errorf("Print after a timeout: %v", err)
	}
}

func TestPrintReusesTab(t *testing.T) {
	s := newSite(t)
	var files []string
	for i := range 5 {
		files = append(files, s.onePage(fmt.Sprintf("page%d.html", i), fmt.Sprintf("Board page number %d", i)))
	}
	b := startBrowser(t, Options{})

	for i, f := range files {
		start := time.Now()
		pdf, err := b.Print(context.Background(), f, PrintOptions{Root: s.dir})
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		t.Logf("print %d: %v (%d bytes)", i, time.Since(start).Round(time.Millisecond), len(pdf))
		// Each PDF shows its own page: the reused tab never prints the page
		// before.
		if text := pdfText(t, pdf); !strings.Contains(text, fmt.Sprintf("Board page number %d", i)) {
			t.Errorf("page %d: PDF text lacks its title:\n%s", i, text)
		}
	}
	// The same page twice in a row is a real new visit as well.
	if _, err := b.Print(context.Background(), files[4], PrintOptions{Root: s.dir}); err != nil {
		t.Errorf("same page again: %v", err)
	}
}

func TestStartErrors(t *testing.T) {
	_, err := Start(context.Background(), Options{ExecPath: filepath.Join(t.TempDir(), "no-such-chromium")})
	if err == nil {
		t.Error("Start with a missing ExecPath succeeded")
	}

	t.Setenv("PATH", "")
	saved := fallbackPaths
	fallbackPaths = []string{filepath.Join(t.TempDir(), "chromium")}
	t.Cleanup(func() { fallbackPaths = saved })
	_, err = Start(context.Background(), Options{})
	if !errors.Is(err, ErrNoBrowser) {
		t.Errorf("Start with no browser: %v, want ErrNoBrowser", err)
	}
	if err != nil && !strings.Contains(err.Error(), "apt-get install chromium fonts-dejavu-core fonts-liberation") {
		t.Errorf("ErrNoBrowser does not say how to install Chromium: %v", err)
	}
}

func TestStartCanceled(t *testing.T) {
	needBrowser(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if b, err := Start(ctx, Options{}); !errors.Is(err, context.Canceled) {
		if b != nil {
			b.Close()
		}
		t.Errorf("Start with a canceled context: %v, want context.Canceled", err)
	}
}

func TestBrowserFlagsAndClose(t *testing.T) {
	needBrowser(t)
	b, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() }) // in case the test stops early; Close is idempotent
	args := b.commandLine(t)
	want := []string{"--headless", "--no-proxy-server", "--disable-component-update",
		"--disable-background-networking", "--disable-quic", "--no-first-run"}
	if os.Getuid() == 0 {
		// Chromium refuses to run as root with its sandbox.
		want = append(want, "--no-sandbox")
	}
	for _, w := range want {
		if !slices.Contains(args, w) {
			t.Errorf("browser runs without %s: %q", w, args)
		}
	}
	var profile string
	for _, a := range args {
		if dir, ok := strings.CutPrefix(a, "--user-data-dir="); ok {
			profile = dir
		}
	}
	if _, err := os.Stat(profile); profile == "" || err != nil {
		t.Fatalf("no fresh profile folder (--user-data-dir=%q): %v", profile, err)
	}

	if err := b.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := os.Stat(profile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile folder %s still there after Close: %v", profile, err)
	}
	if _, err := b.Print(context.Background(), "/x.html", PrintOptions{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Print after Close: %v, want ErrClosed", err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestPrintBadPage(t *testing.T) {
	s := newSite(t)
	b := startBrowser(t, Options{})
	root := PrintOptions{Root: s.dir}
	tests := []struct {
		file, want string
	}{
		{filepath.Join(s.dir, "nope.html"), "nope.html: open: page load error net::ERR_FILE_NOT_FOUND"},
		{filepath.Join(filepath.Dir(s.dir), "elsewhere.html"), "is outside the root"},
		{"relative.html", "not an absolute path"},
	}
	for _, tt := range tests {
		if _, err := b.Print(context.Background(), tt.file, root); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Print(%s) = %v, want an error with %q", tt.file, err, tt.want)
		}
	}
}

// commandLine returns the arguments of the running browser, read from /proc;
// the test is skipped where there is no /proc.
func (b *Browser) commandLine(t *testing.T) []string {
	t.Helper()
	proc := chromedp.FromContext(b.browserCtx).Browser.Process()
	if proc == nil {
		t.Fatal("no browser process")
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", proc.Pid))
	if err != nil {
		t.Skip("cannot read the browser's command line:", err)
	}
	return strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
}

func BenchmarkPrint(b *testing.B) {
	s := newSite(b)
	file := s.onePage("bench.html", "Benchmark page")
	br := startBrowser(b, Options{})
	opt := PrintOptions{Root: s.dir}
	// The first print warms the tab and the caches, as in a build.
	if _, err := br.Print(context.Background(), file, opt); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := br.Print(context.Background(), file, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPrintTagged checks that Tagged asks for a tagged PDF, whose structure
// tree screen readers follow, and that the default prints none.
func TestPrintTagged(t *testing.T) {
	s := newSite(t)
	file := s.onePage("tagged.html", "Executive summary")
	b := startBrowser(t, Options{})
	for _, tagged := range []bool{false, true} {
		pdf, err := b.Print(context.Background(), file, PrintOptions{Root: s.dir, Tagged: tagged})
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), "out.pdf")
		if err := os.WriteFile(f, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(needTool(t, "pdfinfo"), f).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, out)
		}
		info := string(out)
		if got := regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info); got != tagged {
			t.Errorf("Tagged %v: pdfinfo says\n%s", tagged, info)
		}
	}
}

// TestSetInfo checks the document information SetInfo writes, as pdfinfo
// reads it, on a tagged PDF Chromium printed: the title, author, subject
// and creator given, Chromium's producer kept, and the pages, text and tags
// untouched.
func TestSetInfo(t *testing.T) {
	s := newSite(t)
	file := s.onePage("info.html", "Executive summary")
	b := startBrowser(t, Options{})
	printed, err := b.Print(context.Background(), file, PrintOptions{Root: s.dir, Tagged: true})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := SetInfo(printed, Info{
		Title: "Customer Success board pack · Nörthwind · Oct 2026", Author: "Nörthwind (Cloud)",
		Subject: "Customer Success board pack, Oct 2026", Creator: "boardpack v1.2.3",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, printed) {
		t.Error("SetInfo changed the printed bytes instead of appending an update")
	}
	f := filepath.Join(t.TempDir(), "info.pdf")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "pdfinfo"), f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	info := string(out)
	for _, want := range []string{
		`(?m)^Title:\s+Customer Success board pack · Nörthwind · Oct 2026$`,
		`(?m)^Author:\s+Nörthwind \(Cloud\)$`,
		`(?m)^Subject:\s+Customer Success board pack, Oct 2026$`,
		`(?m)^Creator:\s+boardpack v1\.2\.3$`,
		`(?m)^Producer:\s+Skia`,
		`(?m)^CreationDate:\s+\S`,
		`(?m)^Tagged:\s+yes$`,
		`(?m)^Pages:\s+1$`,
	} {
		if !regexp.MustCompile(want).MatchString(info) {
			t.Errorf("pdfinfo lacks %s:\n%s", want, info)
		}
	}
	if !strings.Contains(pdfText(t, doc), "Executive summary") {
		t.Error("the text is lost")
	}
	if _, err := SetInfo([]byte("%PDF-1.4\nno trailer"), Info{Title: "x"}); err == nil {
		t.Error("a document without a trailer was accepted")
	}
}
