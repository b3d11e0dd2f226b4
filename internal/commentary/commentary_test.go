package commentary

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
)

// figures stands in for the report's resolver.
func figures(key string) (string, error) {
	switch key {
	case "retention.t12m.nrr":
		return "107.1%", nil
	case "bridge.t12m.churn":
		return "$5.3M", nil
	case "retention.by_segment.Mid-Market.grr":
		return "88.3%", nil
	case "odd":
		return "*[x](javascript:alert(1))* <b>", nil
	}
	return "", fmt.Errorf("unknown metric %q", key)
}

func parse(t *testing.T, src string) *Update {
	t.Helper()
	u, err := Parse("content/2026-W43.md", []byte(src), figures)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return u
}

// parseErr parses src and returns its error, which it requires.
func parseErr(t *testing.T, src string) string {
	t.Helper()
	_, err := Parse("content/2026-W43.md", []byte(src), figures)
	if err == nil {
		t.Fatalf("Parse of %q: no error", src)
	}
	return err.Error()
}

func section(u *Update, key string) string {
	for _, s := range u.Sections {
		if s.Key == key {
			return string(s.HTML)
		}
	}
	return ""
}

func keys(u *Update) string {
	var k []string
	for _, s := range u.Sections {
		k = append(k, s.Key)
	}
	return strings.Join(k, " ")
}

func TestSections(t *testing.T) {
	u := parse(t, "Intro text.\n\n"+
		"## Next Week\n\n- QBRs.\n\n"+
		"# HIGHLIGHTS:\n\n- NRR up.\n\n### Enterprise\n\nA sub-heading stays in its section.\n\n"+
		"# Hiring\n\nFree text under another heading.\n\n"+
		"Lowlights\n---------\n\n- SMB churn.\n\n"+
		"## Blockers\n\n"+ // a heading with nothing under it
		"## OKR status\n\n| Objective | Status |\n|---|---|\n| Retain | Off track |\n")
	if got, want := keys(u), "highlights lowlights next_week okr_status"; got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
	if s := section(u, "highlights"); !strings.Contains(s, "NRR up") || !strings.Contains(s, "<h3") || !strings.Contains(s, "sub-heading") {
		t.Errorf("highlights: %s", s)
	}
	if s := section(u, "highlights"); strings.Contains(s, "Hiring") {
		t.Errorf("a heading as high as the section's did not end it: %s", s)
	}
	if s := section(u, "okr_status"); !strings.Contains(s, "<table>") {
		t.Errorf("okr status: %s", s)
	}
	other := string(u.Other)
	for _, want := range []string{"Intro text.", "<h1", "Hiring", "Free text"} {
		if !strings.Contains(other, want) {
			t.Errorf("other text lacks %q: %s", want, other)
		}
	}
	if u.Sections[0].Title != "Highlights" || u.Sections[2].Title != "Next week" {
		t.Errorf("titles: %+v", u.Sections)
	}
}

func TestRenderIsSafe(t *testing.T) {
	u := parse(t, "## Highlights\n\n- ARR grew from $1.2M to $1.5M.\n\n<script>alert(1)</script>\n\n"+
		"<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) [upper](JavaScript:alert(4)) ![i](javascript:alert(5))\n\n"+
		"[in page](#fn:1) [site](https://example.com)\n\n"+
		"| a | b |\n|---|---|\n| 1 | 2 |\n\nNote.[^1]\n\n[^1]: A footnote.\n")
	got := section(u, "highlights") + string(u.Other)
	for _, bad := range []string{"<script", "alert(1)", "onerror", "<img", "javascript:", "JavaScript:", "<math", `\(`} {
		if strings.Contains(got, bad) {
			t.Errorf("output contains %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{"$1.2M to $1.5M", "<table>", `<sup class="footnote-ref" id="fnref:1"><a href="#fn:1">1</a></sup>`,
		`<li id="fn:1">A footnote.`, `href="https://example.com"`, `<a href="#fn:1">in page</a>`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// The footnotes close the update, after every section.
	if !strings.Contains(string(u.Other), "footnotes") || strings.Contains(section(u, "highlights"), `class="footnotes"`) {
		t.Errorf("footnotes misplaced:\nhighlights: %s\nother: %s", section(u, "highlights"), u.Other)
	}
}

func TestTOMLFrontMatter(t *testing.T) {
	u := parse(t, `+++
title = "Week 43: renewals season"
author = "Dana Reyes"
date = 2026-10-23

[[okr]]
objective = "Grow the base"
key_result = "NRR at or above 105% (now {{ metric 'retention.t12m.nrr' }})"
status = "at_risk"
note = "Enterprise expansion slipped to Q1"

[[okr]]
objective = "Retain what we have"
status = "On track"
+++
## Highlights

- Renewals on plan.
`)
	if u.Title != "Week 43: renewals season" || u.Author != "Dana Reyes" || u.Date != "23 Oct 2026" {
		t.Errorf("front matter: %+v", u)
	}
	want := []OKR{
		{Objective: "Grow the base", KeyResult: "NRR at or above 105% (now 107.1%)", Status: AtRisk, Note: "Enterprise expansion slipped to Q1"},
		{Objective: "Retain what we have", Status: OnTrack},
	}
	if fmt.Sprint(u.OKRs) != fmt.Sprint(want) {
		t.Errorf("OKRs\n got %+v\nwant %+v", u.OKRs, want)
	}
	// Front-matter OKRs make an OKR status section, shown as their table.
	if got := keys(u); got != "highlights okr_status" {
		t.Errorf("sections %q", got)
	}
	if !strings.Contains(section(u, "highlights"), "Renewals on plan") {
		t.Errorf("body: %+v", u.Sections)
	}
}

func TestYAMLFrontMatter(t *testing.T) {
	u := parse(t, `---
title: "Weekly update: W43"
author: Dana Reyes   # CS Ops
date: '2026-10-23'
okr:
  - objective: Grow the base
    key_result: NRR {{ metric "retention.t12m.nrr" }}
    status: off-track
  -
    objective: 'Retain what we''have'
    status: done
---
Text.
`)
	if u.Title != "Weekly update: W43" || u.Author != "Dana Reyes" || u.Date != "23 Oct 2026" {
		t.Errorf("front matter: %+v", u)
	}
	want := []OKR{{Objective: "Grow the base", KeyResult: "NRR 107.1%", Status: OffTrack}, {Objective: "Retain what we'have", Status: Done}}
	if fmt.Sprint(u.OKRs) != fmt.Sprint(want) {
		t.Errorf("OKRs\n got %+v\nwant %+v", u.OKRs, want)
	}
	if !strings.Contains(string(u.Other), "Text.") {
		t.Errorf("body: %q", u.Other)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"toml unknown key", "+++\ntitle = \"x\"\n\nowner = \"y\"\n+++\nText\n",
			`content/2026-W43.md:4: unknown front-matter key "owner" (the keys are: title, author, date, okr)`},
		{"toml unknown okr key", "+++\n[[okr]]\nobjective = \"a\"\nstatus = \"done\"\n\n[[okr]]\nobjective = \"b\"\nstatus = \"done\"\nowner = \"me\"\n+++\n",
			`content/2026-W43.md:9: unknown front-matter key "owner" in an OKR entry`},
		{"toml unknown table", "+++\n[extra]\nx = 1\n+++\n", `content/2026-W43.md:2: unknown front-matter key "extra"`},
		{"toml syntax", "+++\ntitle = \"x\n+++\n", `content/2026-W43.md:2:`},
		{"toml not text", "+++\ntitle = 3\n+++\n", `content/2026-W43.md:2: front matter: title: write text`},
		{"yaml unknown key", "---\ntitle: x\nweek: 43\n---\n", `content/2026-W43.md:3: unknown front-matter key "week"`},
		{"yaml unknown okr key", "---\nokr:\n  - objective: a\n    owner: me\n    status: done\n---\n", `content/2026-W43.md:4: unknown front-matter key "owner" in an OKR entry`},
		{"yaml list", "---\ntags: [a, b]\n---\n", `content/2026-W43.md:2: front matter: tags: only plain values`},
		{"yaml twice", "---\ntitle: a\ntitle: b\n---\n", `content/2026-W43.md:3: front matter: title is given twice (first on line 2)`},
		{"yaml indented", "---\ntitle: a\n  more: b\n---\n", `content/2026-W43.md:3: front matter: only okr has indented lines`},
		{"bad status", "---\nokr:\n  - objective: a\n    status: late\n---\n", `content/2026-W43.md:4: front matter: status "late" is not on_track, at_risk, off_track or done`},
		{"no status", "---\nokr:\n  - objective: a\n---\n", `content/2026-W43.md:3: front matter: an OKR entry needs a status`},
		{"bad date", "---\ndate: 23/10/2026\n---\n", `content/2026-W43.md:2: front matter: date 23/10/2026 is not a date`},
		{"not closed", "+++\ntitle = \"x\"\n", `content/2026-W43.md:1: the front matter opened with +++ has no closing +++ line`},
		{"reference in okr", "---\nokr:\n  - objective: a\n    key_result: 'NRR {{ metric \"retention.t12m.nrx\" }}'\n    status: done\n---\n",
			`content/2026-W43.md:4: unknown metric "retention.t12m.nrx"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := parseErr(t, c.src); !strings.Contains(got, c.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", got, c.want)
			}
		})
	}
}

func TestMetricReferences(t *testing.T) {
	u := parse(t, "---\ntitle: W43\n---\n## Highlights\n\n"+
		"- NRR is {{ metric \"retention.t12m.nrr\" }}; churn {{metric 'bridge.t12m.churn'}}, Mid-Market GRR {{   metric   \"retention.by_segment.Mid-Market.grr\"   }}.\n"+
		"- Odd: {{ metric \"odd\" }}\n\n"+
		"Write `{{ metric \"retention.t12m.nrr\" }}` for NRR, or ``{{ metric \"x\" }} with ` inside``; \\{{ metric \"y\" }} escapes it.\n\n"+
		"```\n{{ metric \"in.a.fence\" }}\n```\n\n"+
		"~~~~ text\n{{ metric \"in.another\" }}\n~~~\n~~~~\n")
	got := section(u, "highlights")
	for _, want := range []string{"NRR is 107.1%; churn $5.3M, Mid-Market GRR 88.3%.",
		"<code>{{ metric &#34;retention.t12m.nrr&#34; }}</code>", "<code>{{ metric &#34;x&#34; }} with ` inside</code>",
		"; {{ metric &ldquo;y&rdquo; }} escapes it", "{{ metric &#34;in.a.fence&#34; }}", "{{ metric &#34;in.another&#34; }}",
		// A figure is text: its markdown is escaped, its HTML by the renderer.
		"Odd: *[x](javascript:alert(1))* &lt;b&gt;"} {
		if !strings.Contains(strings.ReplaceAll(got, "&quot;", "&#34;"), want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<em>") || strings.Contains(got, "<a ") {
		t.Errorf("a figure became markup:\n%s", got)
	}
}

func TestMetricReferenceErrors(t *testing.T) {
	src := "---\ntitle: x\n---\nText.\n\n- NRR {{ metric \"retention.t12m.nrx\" }} and\n  é {{ metric retention }}\n`{{ metric \"in.code\" }}` {{ metric 'bridge.nope' }}\n{{ metrics \"retention.t12m.nrr\" }} {{ .Title }}\n"
	got := parseErr(t, src)
	want := strings.Join([]string{
		`content/2026-W43.md:6:7: unknown metric "retention.t12m.nrx"`,
		`content/2026-W43.md:7:5: malformed metric reference: write {{ metric "retention.t12m.nrr" }}`,
		`content/2026-W43.md:8:26: unknown metric "bridge.nope"`,
		`content/2026-W43.md:9:1: malformed metric reference: write {{ metric "retention.t12m.nrr" }}`,
	}, "\n")
	if got != want {
		t.Errorf("errors\n%s\nwant\n%s", got, want)
	}
	var e *diag.List
	if !errors.As(func() error { _, err := Parse("f.md", []byte("{{ metric 'x' }}"), figures); return err }(), &e) ||
		e.Total != 1 || e.Issues[0].Line != 1 || e.Issues[0].Column != "1" {
		t.Errorf("a single problem is a *diag.List of it: %+v", e)
	}
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "+++\ntitle = \"x\"\n+++\n", "## Highlights\n\n## Asks\n"} {
		if u := parse(t, src); !u.Empty() {
			t.Errorf("%q: not empty: %+v", src, u)
		}
	}
	if u := parse(t, "---\nokr:\n  - objective: a\n    status: done\n---\n"); u.Empty() {
		t.Error("OKRs alone are an update")
	}
}

// TestSample keeps the commentary committed with the sample data parsing
// into the six sections.
func TestSample(t *testing.T) {
	src, err := os.ReadFile("../../content/2026-10.md")
	if err != nil {
		t.Fatal(err)
	}
	u, err := Parse("content/2026-10.md", src, figures)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(u); got != "highlights lowlights blockers asks next_week okr_status" {
		t.Errorf("sections %q", got)
	}
}

func TestFind(t *testing.T) {
	week, err := period.ParseWeek("2026-W43")
	if err != nil {
		t.Fatal(err)
	}
	month := period.Month(0).Add(2026*12 + 9) // 2026-10
	if month.String() != "2026-10" {
		t.Fatalf("month %s", month)
	}
	for _, c := range []struct {
		name   string
		files  []string
		want   string // the file found, or the error
		period string
	}{
		{"week file", []string{"2026-W43.md", "2026-10.md"}, "2026-W43.md", "W43 (19–25 Oct 2026)"},
		{"week folder", []string{"2026-W43/index.md", "2026-10.md"}, "2026-W43/index.md", "W43 (19–25 Oct 2026)"},
		{"month fallback", []string{"2026-W42.md", "2026-W43/notes.md", "2026-10.md"}, "2026-10.md", "Oct 2026"},
		{"month folder", []string{"2026-10/index.md"}, "2026-10/index.md", "Oct 2026"},
		{"none", []string{"2026-09.md", "2026-W44.md"}, "", ""},
		{"two for the week", []string{"2026-W43.md", "2026-W43/index.md", "2026-10.md"},
			"error: two commentary files for 2026-W43: DIR/2026-W43.md and DIR/2026-W43/index.md: keep one", ""},
		{"two for the month", []string{"2026-10.md", "2026-10/index.md"},
			"error: two commentary files for 2026-10: DIR/2026-10.md and DIR/2026-10/index.md: keep one", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("Text.\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Find(dir, week, month)
			got := ""
			switch {
			case err != nil:
				got = "error: " + strings.ReplaceAll(filepath.ToSlash(err.Error()), filepath.ToSlash(dir), "DIR")
			case s.Path != "":
				got, _ = filepath.Rel(dir, s.Path)
				got = filepath.ToSlash(got)
			}
			if got != c.want || s.Period != c.period {
				t.Errorf("Find = %q (%q), want %q (%q)", got, s.Period, c.want, c.period)
			}
		})
	}
	if s, err := Find(filepath.Join(t.TempDir(), "absent"), week, month); err != nil || s.Path != "" {
		t.Errorf("a missing folder: %+v, %v", s, err)
	}
}
