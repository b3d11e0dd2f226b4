package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/pdf"
	"github.com/boardpack/boardpack/metrics"
)

// needBrowser skips a test that needs Chromium and poppler when they are
// missing on a developer's machine, and fails it in CI, where
// scripts/test.sh installs them.
func needBrowser(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing: scripts/test.sh installs poppler-utils", tool)
			}
			t.Skipf("%s is missing: run scripts/deps.sh --test", tool)
		}
	}
	b, err := pdf.Start(context.Background(), pdf.Options{})
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	b.Close()
}

// buildSample builds the sample with its board packs into a new folder and
// returns it.
func buildSample(t *testing.T, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	args := append([]string{"build", "--config", "../../boardpack.toml", "--out", out, "--quiet"}, extra...)
	var stderr bytes.Buffer
	if code := Run(args, io.Discard, &stderr); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr.String())
	}
	return out
}

// artifacts returns the folder where the tests leave screenshots for
// people to look at: $BOARDPACK_ARTIFACTS, else a folder in the temp dir.
func artifacts(t *testing.T) string {
	dir := os.Getenv("BOARDPACK_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "boardpack-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seriesOf is how many ECharts series each chart draws: a waterfall is a
// bar series on an invisible base series.
var seriesOf = map[string]int{
	"summary_bridge": 2, "summary_trend": 3,
	"bridge_t12m": 2, "trend_t12m": 3, "arr_by_month": 1,
	"cost_trend": 1, "roi_1": 2, "roi_2": 2, "roi_3": 2, "roi_4": 2,
	"pack_bridge": 2, "pack_trend": 3, "pack_cost": 1,
	"usage_weekly": 2, "support_volume": 1, "support_times": 3, "champion_coverage": 1, "nps_weekly": 1,
}

// TestSiteInBrowser opens every page of the built site and packs from the
// file system in Chromium: no console error, no failed request, every chart
// drawn as SVG with its series, and every link leading to a file. The
// boardroom theme's pages are opened too: its charts are recoloured by the
// page script from the theme's CSS.
func TestSiteInBrowser(t *testing.T) {
	needBrowser(t)
	out := buildSample(t)
	ctx := context.Background()
	b, err := pdf.Start(ctx, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	checkPages(t, ctx, b, out)
	room := buildSample(t, "--config", boardroomConfig(t), "--no-pdf")
	checkPages(t, ctx, b, room)

	// Screenshots for people to look at: the summary in both themes and
	// the pack's first pages.
	dir := artifacts(t)
	screenshot(t, filepath.Join(out, "index.html"), filepath.Join(dir, "summary.png"))
	screenshot(t, filepath.Join(room, "index.html"), filepath.Join(dir, "summary-boardroom.png"))
	pack := filepath.Join(out, "packs", "boardpack-2026-10.pdf")
	if msg, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", pack, filepath.Join(dir, "pack")).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, msg)
	}
	t.Logf("screenshots in %s", dir)
}

// boardroomConfig writes the repository's configuration with the boardroom
// theme into a temporary folder, its data and content folders made
// absolute, and returns its path.
func boardroomConfig(t *testing.T) string {
	t.Helper()
	text, err := os.ReadFile("../../boardpack.toml")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	for _, r := range [][2]string{
		{`theme = "default"`, `theme = "boardroom"`},
		{`data = "sample-data"`, fmt.Sprintf("data = %q", filepath.Join(root, "sample-data"))},
		{`content = "content"`, fmt.Sprintf("content = %q", filepath.Join(root, "content"))},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("boardpack.toml has no %s", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	name := filepath.Join(t.TempDir(), "boardpack.toml")
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// checkPages opens every page under out in b.
func checkPages(t *testing.T, ctx context.Context, b *pdf.Browser, out string) {
	t.Helper()
	var pages []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if len(pages) < 10 {
		t.Fatalf("only %d pages built", len(pages))
	}
	charts := 0
	for _, page := range pages {
		rel, _ := filepath.Rel(out, page)
		r, err := b.Check(ctx, page, pdf.PrintOptions{Root: out})
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if len(r.ConsoleErrors) > 0 {
			t.Errorf("%s: console errors: %v", rel, r.ConsoleErrors)
		}
		if len(r.FailedRequests) > 0 {
			t.Errorf("%s: failed requests: %v", rel, r.FailedRequests)
		}
		for _, c := range r.Charts {
			charts++
			want, ok := seriesOf[c.ID]
			if !ok {
				t.Errorf("%s: chart %s is not known to this test", rel, c.ID)
			}
			if !c.Rendered || !c.SVG || c.Series != want || c.Width < 100 || c.Height < 100 {
				t.Errorf("%s: chart %s: rendered %v, svg %v, %d series (want %d), %.0fx%.0f",
					rel, c.ID, c.Rendered, c.SVG, c.Series, want, c.Width, c.Height)
			}
		}
		for _, l := range r.Links {
			u, err := url.Parse(l)
			if err != nil || u.Scheme != "file" {
				t.Errorf("%s: link %q leaves the site", rel, l)
				continue
			}
			if _, err := os.Stat(u.Path); err != nil {
				t.Errorf("%s: link %q leads nowhere", rel, l)
			}
		}
	}
	if charts < 10 {
		t.Errorf("only %d charts seen", charts)
	}
}

// screenshot saves a picture of page for people to look at.
func screenshot(t *testing.T, page, png string) {
	t.Helper()
	shot := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--window-size=1400,1800", "--virtual-time-budget=5000",
		"--screenshot="+png, "file://"+page)
	if msg, err := shot.CombinedOutput(); err != nil {
		t.Errorf("screenshot: %v\n%s", err, msg)
	}
}

// TestPackPDF checks the printed packs with poppler: page count and size,
// the headline figures exactly as metrics.json has them, formatted as on
// the page, the same text from a second build, and a segment pack that
// holds only its segment's figures.
func TestPackPDF(t *testing.T) {
	needBrowser(t)
	out := buildSample(t)
	pack := filepath.Join(out, "packs", "boardpack-2026-10.pdf")

	info := run(t, "pdfinfo", pack)
	// 24 sheets: cover, contents, summary, bridge, trend, breakdowns, two
	// of CSM books (23 rows at 16 a sheet), cohorts, cost, ROI, four
	// maturity scorecards, leading indicators, the renewal book and watch
	// list, the lift, commentary, four of definitions and lineage.
	if !regexp.MustCompile(`(?m)^Pages:\s+24$`).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	if !regexp.MustCompile(`(?m)^Page size:\s+841\.[89]\d* x 59[45]\.\d+ pts \(A4\)`).MatchString(info) {
		t.Errorf("not A4 landscape:\n%s", info)
	}

	// The headline figures as the history page reads them, and the few
	// others the pack shows.
	var head archive.Headline
	readJSON(t, filepath.Join(out, "metrics.json"), &head)
	var doc struct {
		Retention struct {
			BySegment map[string]struct {
				NRR metrics.Ratio `json:"nrr"`
				GRR metrics.Ratio `json:"grr"`
			} `json:"by_segment"`
		} `json:"retention"`
		Indicators struct {
			Renewals struct {
				ARR90d      money.Amount  `json:"arr_90d"`
				AtRiskShare metrics.Ratio `json:"at_risk_share_90d"`
			} `json:"renewals"`
		} `json:"indicators"`
	}
	readJSON(t, filepath.Join(out, "metrics.json"), &doc)
	renew := doc.Indicators.Renewals
	atRisk, ok := head.AtRiskARR()
	if !ok {
		t.Fatal("metrics.json has no renewal book")
	}
	text := run(t, "pdftotext", "-layout", pack, "-")
	t12m := head.Retention.T12M
	for _, want := range []string{
		"Page 1 of 24", "Contents", "Executive summary", "ARR bridge", "Appendix: data lineage",
		"Cost to retain", "CS Ops ROI", "Does the company really value Customer Success?", "Not assessed this time",
		format.Percent(t12m.NRR), format.Percent(t12m.GRR), format.Percent(t12m.LogoRetention),
		format.MoneyShort(head.Bridge.T12M.End, "USD"), format.Money(head.Bridge.T12M.End, "USD"),
		"Leading indicators", "Renewal book and watch list", "Which indicators preceded churn",
		format.MoneyShort(atRisk, "USD"), format.Percent(renew.AtRiskShare) + " of " + format.MoneyShort(renew.ARR90d, "USD"),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}

	again := run(t, "pdftotext", "-layout", filepath.Join(buildSample(t), "packs", "boardpack-2026-10.pdf"), "-")
	if again != text {
		t.Error("two builds of the same data print different text")
	}

	ent := run(t, "pdftotext", "-layout", filepath.Join(out, "packs", "boardpack-2026-10-segment-enterprise.pdf"), "-")
	seg := doc.Retention.BySegment["Enterprise"]
	for _, want := range []string{"Segment: Enterprise", format.Percent(seg.NRR), format.Percent(seg.GRR)} {
		if !strings.Contains(ent, want) {
			t.Errorf("the Enterprise pack lacks %q", want)
		}
	}
	for _, other := range []string{"Mid-Market", "SMB", format.Percent(t12m.NRR)} {
		if strings.Contains(ent, other) {
			t.Errorf("the Enterprise pack shows %q, which is not its own", other)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(b)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
