package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
	"pack_bridge": 2, "pack_trend": 3, "pack_cost": 1, "pack_summary_bridge": 2,
	"usage_weekly": 1, "usage_trend": 1, "support_volume": 1, "support_times": 3, "champion_coverage": 1, "nps_weekly": 1,
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
			checkTicks(t, rel, c)
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

// checkTicks checks a chart's tick labels as drawn in its SVG: the value
// axis has labels, none reads the same as another ("76%, 76%"), none
// touches another (a 16% above a 15%), and none uses a hyphen for a minus.
func checkTicks(t *testing.T, page string, c pdf.Chart) {
	t.Helper()
	if len(c.YLabels) < 2 {
		t.Errorf("%s: chart %s: %d value-axis labels drawn, want at least 2", page, c.ID, len(c.YLabels))
	}
	for _, axis := range []struct {
		name   string
		labels []pdf.Label
	}{{"value", c.YLabels}, {"category", c.XLabels}} {
		seen := map[string]bool{}
		for i, l := range axis.labels {
			if seen[l.Text] {
				t.Errorf("%s: chart %s: the %s axis shows %q twice: %q", page, c.ID, axis.name, l.Text, texts(axis.labels))
			}
			seen[l.Text] = true
			if hyphenMinus.MatchString(l.Text) {
				t.Errorf("%s: chart %s: tick %q has a hyphen for a minus", page, c.ID, l.Text)
			}
			for _, m := range axis.labels[i+1:] {
				if l.Overlaps(m) {
					t.Errorf("%s: chart %s: the %s axis labels %q and %q collide", page, c.ID, axis.name, l.Text, m.Text)
				}
			}
		}
	}
}

func texts(ls []pdf.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Text
	}
	return out
}

// hyphenMinus matches a number written with an ASCII hyphen as its minus
// sign: "-$844K", "-41.3%", "(-3", but not a range or a date ("2025-11",
// "Q+0", "W43-W44").
var hyphenMinus = regexp.MustCompile(`(^|[\s(:=])-[$€£¥]?\d`)

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
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo:\n%s", info)
	}
	pages := m[1]
	if !regexp.MustCompile(`(?m)^Page size:\s+841\.[89]\d* x 59[45]\.\d+ pts \(A4\)`).MatchString(info) {
		t.Errorf("not A4 landscape:\n%s", info)
	}
	// The document information a reader's file properties show, and the
	// tags a screen reader follows.
	for _, want := range []string{
		`(?m)^Title:\s+Customer Success board pack · Northwind Cloud · Oct 2026$`,
		`(?m)^Author:\s+Northwind Cloud$`,
		`(?m)^Subject:\s+Customer Success board pack, Oct 2026$`,
		`(?m)^Creator:\s+boardpack \S+$`,
		`(?m)^Tagged:\s+yes$`,
	} {
		if !regexp.MustCompile(want).MatchString(info) {
			t.Errorf("pdfinfo lacks %s:\n%s", want, info)
		}
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
		Bridge struct {
			T12M struct {
				Expansion money.Amount `json:"expansion"`
			} `json:"t12m"`
		} `json:"bridge"`
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
	flat := strings.Join(strings.Fields(run(t, "pdftotext", pack, "-")), " ")
	t12m := head.Retention.T12M
	for _, want := range []string{
		"Page 1 of " + pages, "Contents", "Executive summary", "ARR bridge", "Appendix: data lineage",
		"Cost to retain", "CS Ops ROI", "Does the company really value Customer Success?", "Not assessed this time",
		format.Percent(t12m.NRR), format.Percent(t12m.GRR), format.Percent(t12m.LogoRetention),
		format.MoneyShort(head.Bridge.T12M.End, "USD"), format.Money(head.Bridge.T12M.End, "USD"),
		"Leading indicators", "Renewal book and watch list", "Which indicators preceded churn",
		format.MoneyShort(atRisk, "USD"), format.Percent(renew.AtRiskShare) + " of " + format.MoneyShort(renew.ARR90d, "USD"),
		// The cover, and labels that say what they cover.
		"Data as of", "31 Oct 2026", "Prepared by", "boardpack ",
		"Ending ARR, all accounts", "Cohort ARR at start", "Cohort ARR now", "All accounts, Oct 2026",
		// The comparisons a board expects, the targets and the benchmark
		// with its source.
		"QoQ ", "YoY ", "NRR target 105.0%", "GRR target 92.0%", "median NRR 100–105%", "median GRR 90–92%",
		"Private SaaS Company Survey", "Shading:", "The 13 weeks in figures", "Cost to retain by month",
	} {
		// A label can wrap in its tile or column, and a table's head is
		// set in capitals: look for it in the reading-order text too, its
		// lines joined, in any case.
		if !strings.Contains(text, want) && !strings.Contains(strings.ToLower(flat), strings.ToLower(want)) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	// Per-person books are in the company's pack only when asked for.
	if strings.Contains(text, "CSM books of business") {
		t.Error("the company's pack lists the CSM books, which the configuration does not ask for")
	}
	checkReaderText(t, "the pack", text)
	sheets := strings.Split(text, "\f")
	// The bridge's labels are drawn once: the text layer holds each bar's
	// figure once, not "$7.8M $7.8M".
	for _, sheet := range sheets {
		if strings.HasPrefix(strings.TrimSpace(sheet), "ARR bridge") {
			exp := format.MoneyShort(doc.Bridge.T12M.Expansion, "USD")
			if n := strings.Count(sheet, exp); n != 1 {
				t.Errorf("the bridge sheet has %q %d times, want once", exp, n)
			}
		}
	}
	checkFill(t, pack)

	// The watch list lists every account on it, over as many sheets as it
	// needs; a scoped pack lists its own.
	var watch struct {
		Indicators struct {
			WatchList []struct {
				Account string `json:"account_id"`
			} `json:"watch_list"`
		} `json:"indicators"`
	}
	readJSON(t, filepath.Join(out, "metrics.json"), &watch)
	if got, want := watchListed(sheets), len(watch.Indicators.WatchList); got != want || want < 20 {
		t.Errorf("the pack's watch list has %d accounts, metrics.json %d", got, want)
	}
	segmentOf := accountSegments(t, "../../sample-data/accounts.csv")
	enterprise := 0
	for _, w := range watch.Indicators.WatchList {
		if segmentOf[w.Account] == "Enterprise" {
			enterprise++
		}
	}

	again := run(t, "pdftotext", "-layout", filepath.Join(buildSample(t), "packs", "boardpack-2026-10.pdf"), "-")
	if again != text {
		t.Error("two builds of the same data print different text")
	}

	ent := run(t, "pdftotext", "-layout", filepath.Join(out, "packs", "boardpack-2026-10-segment-enterprise.pdf"), "-")
	if got := watchListed(strings.Split(ent, "\f")); got != enterprise || got == 0 {
		t.Errorf("the Enterprise pack's watch list has %d accounts, want its %d", got, enterprise)
	}
	checkReaderText(t, "the Enterprise pack", ent)
	checkFill(t, filepath.Join(out, "packs", "boardpack-2026-10-segment-enterprise.pdf"))
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

// checkReaderText checks text that readers see: no number with a hyphen
// for its minus sign, no raw column name, and no ROI over 1,000% written
// as a percentage.
func checkReaderText(t *testing.T, what, text string) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if hyphenMinus.MatchString(line) {
			t.Errorf("%s: a hyphen for a minus: %q", what, strings.TrimSpace(line))
		}
		for _, name := range rawName.FindAllString(line, -1) {
			if !strings.HasSuffix(name, ".csv") {
				t.Errorf("%s: a raw column name %q in %q", what, name, strings.TrimSpace(line))
			}
		}
		if bigPercent.MatchString(line) {
			t.Errorf("%s: a percentage over 1,000%%, which reads as a multiple: %q", what, strings.TrimSpace(line))
		}
	}
}

var (
	rawName    = regexp.MustCompile(`\b[a-z]+_[a-z0-9_]+(\.csv)?\b`)
	bigPercent = regexp.MustCompile(`\b\d{4,}(\.\d)?%`)
)

// watchListed counts the accounts on the watch-list sheets of a pack's
// text, by their ids.
func watchListed(sheets []string) int {
	ids := map[string]bool{}
	for _, s := range sheets {
		if !strings.HasPrefix(strings.TrimSpace(s), "Renewal book and watch list") {
			continue
		}
		for _, m := range regexp.MustCompile(`\((A\d+)\)`).FindAllStringSubmatch(s, -1) {
			ids[m[1]] = true
		}
	}
	return len(ids)
}

func accountSegments(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	id, seg := slices.Index(rows[0], "account_id"), slices.Index(rows[0], "segment")
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[id]] = r[seg]
	}
	return out
}

// checkFill checks that no sheet of a pack is more than half empty while
// the next sheet's content would fit in its empty part, measuring each
// sheet's text with poppler: from its title to its last line above the
// footer.
func checkFill(t *testing.T, pack string) {
	t.Helper()
	bbox := run(t, "pdftotext", "-bbox", pack, "-")
	type sheet struct{ top, bottom, foot float64 }
	var sheets []sheet
	word := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">`)
	for _, page := range strings.Split(bbox, "<page ")[1:] {
		h, _ := strconv.ParseFloat(regexp.MustCompile(`height="([\d.]+)"`).FindStringSubmatch(page)[1], 64)
		s := sheet{top: h, foot: h}
		for _, m := range word.FindAllStringSubmatch(page, -1) {
			y0, _ := strconv.ParseFloat(m[1], 64)
			y1, _ := strconv.ParseFloat(m[2], 64)
			if y0 > h*0.9 { // the footer
				s.foot = min(s.foot, y0)
				continue
			}
			s.top, s.bottom = min(s.top, y0), max(s.bottom, y1)
		}
		sheets = append(sheets, s)
	}
	const gap = 12                       // points between a sheet's last line and a section moved up
	for i := 2; i+1 < len(sheets); i++ { // after the cover and the contents
		s, next := sheets[i], sheets[i+1]
		room, used := s.foot-s.top, s.bottom-s.top
		if used < room/2 && next.bottom-next.top+gap < room-used {
			t.Errorf("sheet %d is %.0f%% full, and sheet %d (%.0f pt) would fit in its %.0f pt left",
				i+1, 100*used/room, i+2, next.bottom-next.top, room-used)
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

// TestSiteReaderText reads the text of every page of the sample's site, its
// tags stripped, and checks that no number uses a hyphen for its minus
// sign, in tables as in prose.
func TestSiteReaderText(t *testing.T) {
	out := buildSample(t, "--no-pdf")
	tag := regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)
	n := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		rel, _ := filepath.Rel(out, p)
		for _, line := range strings.Split(html.UnescapeString(tag.ReplaceAllString(string(b), " ")), "\n") {
			if hyphenMinus.MatchString(line) {
				t.Errorf("%s: a hyphen for a minus: %q", rel, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if n < 10 {
		t.Fatalf("only %d pages read", n)
	}
}
