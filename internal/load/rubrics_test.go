package load

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/metrics"
)

// testRubrics stands in for the built-in rubrics: two small frameworks
// whose texts do not change when the shipped ones are edited.
var testRubrics = os.DirFS(filepath.Join("testdata", "rubrics"))

// testFrameworks returns the frameworks of testRubrics.
func testFrameworks(t testing.TB) []metrics.Framework {
	t.Helper()
	fws, err := readRubrics(testRubrics, "")
	if err != nil {
		t.Fatal(err)
	}
	return fws
}

var (
	testCSOpsStage = metrics.Framework{
		ID:    "cs-ops-stage",
		Title: "CS Ops maturity",
		Intro: "Where CS Ops stands, from an answer to an acute need to a strategic advisor.",
		Scale: metrics.ScaleLevel,
		Questions: []metrics.Question{
			{ID: "tooling", Text: "Tooling", Levels: [3]string{"Tools bought for one acute need.", "Integrated tools run by the team.", "Tools chosen for cross-functional bets."}},
			{ID: "reporting", Text: "Reporting", Levels: [3]string{"By hand.", "Weekly, automated.", "Drives decisions."}},
		},
	}
	testCSValue = metrics.Framework{
		ID:    "cs-value",
		Title: "Does the company really value Customer Success?",
		Intro: "How a company organises Customer Success shows whether retention is a priority.",
		Scale: metrics.ScaleQuality,
		Questions: []metrics.Question{
			{ID: "reports-to", Text: "Who does the Customer Success leader report to?", Levels: [3]string{"Sales or Support.", "A revenue executive.", "The CEO."}},
			{ID: "renewal-owner", Text: "Who owns renewals?", Levels: [3]string{"Sales.", "Shared.", "Customer Success."}},
		},
	}
)

func checkFrameworks(t *testing.T, got, want []metrics.Framework) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("frameworks:\n\t%+v\nwant\n\t%+v", got, want)
	}
}

func TestRubricsBuiltinOnly(t *testing.T) {
	want := []metrics.Framework{testCSOpsStage, testCSValue}
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "rubrics")} {
		got, err := readRubrics(testRubrics, dir)
		if err != nil {
			t.Fatalf("readRubrics(%q): %v", dir, err)
		}
		checkFrameworks(t, got, want)
	}
}

func TestRubricsOverride(t *testing.T) {
	// The project's cs-value.toml replaces the built-in one whole, and
	// onboarding.toml adds a framework; the other files are not rubrics.
	dir := writeFiles(t, map[string]string{
		"cs-value.toml": `id = "cs-value"
title = "Our own title"
scale = "quality"
intro = """
Rewritten for the company.
"""

[[question]]
id = "exec-review"
text = "How often do executives review customer feedback?"
levels = [
  "Never.",
  "Yearly.",
  "Monthly.",
]
`,
		"onboarding.toml": `id = "onboarding"
title = "Onboarding maturity"
scale = "level"

[[question]]
id = "handoff"
text = "How does a new customer pass from Sales to CS?"
levels = ["By email.", "In a kickoff call.", "By a documented plan."]
`,
		"README.md":           "# Our rubrics\n",
		".#cs-ops-stage.toml": "not a rubric",
		"cs-ops-stage.toml~":  "not a rubric either",
	})
	if err := os.Mkdir(filepath.Join(dir, "old.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := readRubrics(testRubrics, dir)
	if err != nil {
		t.Fatal(err)
	}
	checkFrameworks(t, got, []metrics.Framework{
		testCSOpsStage,
		{
			ID: "cs-value", Title: "Our own title", Intro: "Rewritten for the company.", Scale: metrics.ScaleQuality,
			Questions: []metrics.Question{{ID: "exec-review", Text: "How often do executives review customer feedback?", Levels: [3]string{"Never.", "Yearly.", "Monthly."}}},
		},
		{
			ID: "onboarding", Title: "Onboarding maturity", Scale: metrics.ScaleLevel,
			Questions: []metrics.Question{{ID: "handoff", Text: "How does a new customer pass from Sales to CS?", Levels: [3]string{"By email.", "In a kickoff call.", "By a documented plan."}}},
		},
	})
}

func TestRubricsErrors(t *testing.T) {
	const (
		keys   = ` (a rubric has id, title, scale, intro and [[question]] tables of id, text and levels)`
		levels = `a list of 3 strings, such as ["poor text", "average text", "excellent text"]`
		head   = "scale = \"level\"\n"
		q      = "[[question]]\nid = \"q\"\ntext = \"Q?\"\nlevels = [\"a\", \"b\", \"c\"]\n"
	)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // {dir} stands for the project's rubrics folder
	}{
		{
			name:  "bad scale",
			files: map[string]string{"a.toml": "id = \"a\"\nscale = \"stars\"\n" + q},
			want:  []string{`{dir}/a.toml: scale "stars" is neither "quality" (poor, average, excellent) nor "level" (1, 2, 3)`},
		},
		{
			name:  "no scale",
			files: map[string]string{"a.toml": "id = \"a\"\n" + q},
			want:  []string{`{dir}/a.toml: scale "" is neither "quality" (poor, average, excellent) nor "level" (1, 2, 3)`},
		},
		{
			name:  "two levels",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + "[[question]]\nid = \"q\"\ntext = \"Q?\"\nlevels = [\"a\", \"b\"]\n"},
			want:  []string{`{dir}/a.toml: question 1 ("q") has 2 levels: give exactly 3, what ratings 1, 2 and 3 mean`},
		},
		{
			name:  "duplicate question id",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + q + "[[question]]\nid = \"r\"\ntext = \"R?\"\nlevels = [\"a\", \"b\", \"c\"]\n" + q},
			want:  []string{`{dir}/a.toml: duplicate question id "q" (questions 1 and 3)`},
		},
		{
			name:  "question without id or text",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + "[[question]]\nid = \" \"\nlevels = [\"a\", \"b\", \"c\", \"d\"]\n"},
			want: []string{
				`{dir}/a.toml: question 1 has no id`,
				`{dir}/a.toml: question 1 ("") has no text`,
				`{dir}/a.toml: question 1 ("") has 4 levels: give exactly 3, what ratings 1, 2 and 3 mean`,
			},
		},
		{
			name:  "no questions",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head},
			want:  []string{`{dir}/a.toml: no questions: add at least one [[question]] with id, text and levels`},
		},
		{
			// A key is reported once, and a table's keys with the table.
			name: "unknown keys",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + "note = \"x\"\n" +
				q + "hint = \"h\"\n" +
				"[[question]]\nid = \"r\"\ntext = \"R?\"\nhint = \"h\"\nlevels = [\"a\", \"b\", \"c\"]\n" +
				"[meta]\nauthor = \"me\"\nsub.key = 1\n"},
			want: []string{
				`{dir}/a.toml: unknown key "note"` + keys,
				`{dir}/a.toml: unknown key "question.hint"` + keys,
				`{dir}/a.toml: unknown key "meta"` + keys,
			},
		},
		{
			name:  "id not the file name",
			files: map[string]string{"a.toml": "id = \"a2\"\n" + head + q},
			want:  []string{`{dir}/a.toml: id "a2" does not match the file name: write id = "a"`},
		},
		{
			name:  "no id",
			files: map[string]string{"a.toml": head + q},
			want:  []string{`{dir}/a.toml: id "" does not match the file name: write id = "a"`},
		},
		{
			name:  "syntax",
			files: map[string]string{"a.toml": "id = \"a\"\nscale =\n" + q},
			want:  []string{`{dir}/a.toml:2: expected value but found '\n' instead`},
		},
		{
			name:  "levels of the wrong type",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + "[[question]]\nid = \"q\"\nlevels = \"a, b, c\"\n"},
			want:  []string{`{dir}/a.toml:5: question.levels must be ` + levels},
		},
		{
			name:  "id of the wrong type",
			files: map[string]string{"a.toml": "id = 1\n" + head + q},
			want:  []string{`{dir}/a.toml:1: id must be a string in quotes`},
		},
		{
			name:  "question of the wrong type",
			files: map[string]string{"a.toml": "id = \"a\"\n" + head + "question = \"q\"\n"},
			want:  []string{`{dir}/a.toml:3: question must be [[question]] tables of id, text and levels`},
		},
		{
			// Every file's problems are reported, in file order; a bad
			// override is named by its path in the project.
			name: "several files",
			files: map[string]string{
				"z.toml":        "id = \"z\"\nscale = \"quality\"\n",
				"cs-value.toml": "id = \"cs-value\"\nscale = \"quality\"\ntitel = \"x\"\n" + q,
				"b.toml":        "id = \"b\"\n" + head + q,
			},
			want: []string{
				`{dir}/cs-value.toml: unknown key "titel"` + keys,
				`{dir}/z.toml: no questions: add at least one [[question]] with id, text and levels`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			fws, err := readRubrics(testRubrics, dir)
			var e *diag.List
			if !errors.As(err, &e) {
				t.Fatalf("readRubrics = %v, %v; want a *diag.List", fws, err)
			}
			if fws != nil {
				t.Errorf("readRubrics returned frameworks along with its errors")
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = strings.ReplaceAll(w, "{dir}", dir)
			}
			checkIssues(t, e.Issues, want)
		})
	}
}

func TestRubricsNotAFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"rubrics": "a file"})
	_, err := readRubrics(testRubrics, filepath.Join(dir, "rubrics"))
	var e *diag.List
	if err == nil || errors.As(err, &e) {
		t.Errorf("readRubrics of a file = %v; want an I/O error", err)
	}
}

// TestBuiltinRubrics checks the rubrics that ship with boardpack: they
// must pass the checks a project's rubrics do, and define the frameworks
// of the data contract.
func TestBuiltinRubrics(t *testing.T) {
	fws, err := Rubrics("")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cs-ops-stage":    metrics.ScaleLevel,
		"cs-value":        metrics.ScaleQuality,
		"low-touch-level": metrics.ScaleLevel,
		"role-rubric":     metrics.ScaleQuality,
	}
	got := map[string]string{}
	for _, fw := range fws {
		got[fw.ID] = fw.Scale
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("built-in frameworks and scales = %v, want %v", got, want)
	}

	// A project's rubric replaces the built-in one of the same name.
	dir := writeFiles(t, map[string]string{"cs-value.toml": "id = \"cs-value\"\nscale = \"level\"\n" +
		"[[question]]\nid = \"q\"\ntext = \"Q?\"\nlevels = [\"a\", \"b\", \"c\"]\n"})
	fws, err = Rubrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(fws) != len(want) || fws[1].ID != "cs-value" || fws[1].Scale != metrics.ScaleLevel || len(fws[1].Questions) != 1 {
		t.Errorf("Rubrics(%q) = %+v, want the built-ins with cs-value replaced", dir, fws)
	}
}
