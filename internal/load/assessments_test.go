package load

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/boardpack/boardpack/metrics"
)

// ratingString renders a rating on one line, so that a failure shows it
// whole.
func ratingString(r metrics.Rating) string {
	return fmt.Sprintf("%s %s %s=%d evidence=%q owner=%q", r.Framework, r.Date.Format(time.DateOnly), r.Question, r.Value, r.Evidence, r.Owner)
}

func TestAssessments(t *testing.T) {
	assessments := "Date,Framework,Question,Rating,Evidence,Owner,Extra\n" +
		"2026-04-15,cs-value,renewal-owner,Excellent,\"Sales hands over, at 90 days\",Helen,x\n" + // 2
		"2026-04-15, cs-ops-stage ,tooling,Stage 2,,Dana,\n" + // 3
		"2026-04-15,cs-value, reports-to , poor ,,Helen,\n" + // 4
		"2026-01-10,cs-value,reports-to,AVERAGE,,,\n" + // 5
		"2026-04-15,cs-ops-stage,reporting,level 3,,,\n" + // 6
		"2026-01-10,cs-ops-stage,reporting,1,,,\n" + // 7
		"2026-01-10,cs-ops-stage,tooling,Level2,,,\n" // 8
	files := withBase(map[string]string{AssessmentsFile: assessments})
	ds := mustLoad(t, writeFiles(t, files), Options{Frameworks: testFrameworks(t)})
	// By framework, then date, then the question's place in its rubric.
	want := []string{
		`cs-ops-stage 2026-01-10 tooling=2 evidence="" owner=""`,
		`cs-ops-stage 2026-01-10 reporting=1 evidence="" owner=""`,
		`cs-ops-stage 2026-04-15 tooling=2 evidence="" owner="Dana"`,
		`cs-ops-stage 2026-04-15 reporting=3 evidence="" owner=""`,
		`cs-value 2026-01-10 reports-to=2 evidence="" owner=""`,
		`cs-value 2026-04-15 reports-to=1 evidence="" owner="Helen"`,
		`cs-value 2026-04-15 renewal-owner=3 evidence="Sales hands over, at 90 days" owner="Helen"`,
	}
	got := make([]string, len(ds.Ratings))
	for i, r := range ds.Ratings {
		got[i] = ratingString(r)
		if r.Date.Location() != time.UTC || r.Date.Hour() != 0 {
			t.Errorf("rating %d: Date = %v, want midnight UTC", i, r.Date)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Ratings:\n\t%q\nwant\n\t%q", got, want)
	}
	if got, want := sourceNames(ds.Sources), []string{AccountsFile, ARRMonthlyFile, AssessmentsFile}; !slices.Equal(got, want) {
		t.Fatalf("Sources = %q, want %q", got, want)
	}
	checkSource(t, ds.Sources[2], AssessmentsFile, assessments, 7, "2026-01", "2026-04", []string{"extra"})
	// Assessments after the revenue history are no concern.
	if len(ds.Warnings) != 0 {
		t.Errorf("warnings: %q", issueLines(ds.Warnings))
	}
}

func TestAssessmentsErrors(t *testing.T) {
	const (
		header      = "date,framework,question,rating\n"
		qualityOnly = "its scale takes poor, average or excellent"
		levelOnly   = `its scale takes 1, 2 or 3 (also written "level 2" or "stage 2")`
	)
	frameworks := testFrameworks(t)
	runLoadErrors(t, []loadErrorTest{
		{
			name:  "missing column",
			files: withBase(map[string]string{AssessmentsFile: "date,framework,question,score\n2026-04-15,cs-value,reports-to,poor\n"}),
			opt:   Options{Frameworks: frameworks},
			want:  []string{"assessments.csv:1:rating: missing required column (the header has: date, framework, question, score)"},
		},
		{
			name:  "empty",
			files: withBase(map[string]string{AssessmentsFile: ""}),
			opt:   Options{Frameworks: frameworks},
			want:  []string{"assessments.csv: file is empty: it needs a header row and at least one data row"},
		},
		{
			name:  "header only",
			files: withBase(map[string]string{AssessmentsFile: header}),
			opt:   Options{Frameworks: frameworks},
			want:  []string{"assessments.csv: file has a header but no data rows"},
		},
		{
			name: "rows",
			files: withBase(map[string]string{AssessmentsFile: header +
				"2026-04-15,cs-value,reports-to,poor\n" + // 2
				"2026-04-15,cs-value,reports-to,excellent\n" + // 3
				"2026-04-15,cs-valu,reports-to,poor\n" + // 4
				"2026-04-15,,reports-to,poor\n" + // 5
				"2026-04-15,cs-value,health,poor\n" + // 6
				"2026-04-15,cs-value,,poor\n" + // 7
				"2026-04-15,cs-value,renewal-owner,3\n" + // 8
				"2026-04-16,cs-value,renewal-owner,good\n" + // 9
				"2026-04-15,cs-ops-stage,tooling,poor\n" + // 10
				"2026-04-16,cs-ops-stage,tooling,4\n" + // 11
				"2026-04-17,cs-ops-stage,tooling,level 4\n" + // 12
				"2026-04-18,cs-ops-stage,tooling,\n" + // 13
				"15/04/2026,cs-ops-stage,reporting,2\n" + // 14
				"x,cs-value,nope,meh\n" + // 15
				"2026-04-15,CS-VALUE,reports-to,poor\n"}), // 16: ids are case-sensitive
			opt: Options{Frameworks: frameworks},
			want: []string{
				`assessments.csv:3:question: a second rating of cs-value question "reports-to" on 2026-04-15 (first on line 2): keep one`,
				`assessments.csv:4:framework: unknown framework "cs-valu" (the rubrics define: cs-ops-stage, cs-value)`,
				`assessments.csv:5:framework: empty (the rubrics define: cs-ops-stage, cs-value)`,
				`assessments.csv:6:question: unknown question "health" in framework cs-value (its questions are: reports-to, renewal-owner): fix the id, or add the question to cs-value.toml in the rubrics folder`,
				`assessments.csv:7:question: empty (the questions of cs-value are: reports-to, renewal-owner)`,
				`assessments.csv:8:rating: cannot use "3" as a rating of cs-value: ` + qualityOnly,
				`assessments.csv:9:rating: cannot use "good" as a rating of cs-value: ` + qualityOnly,
				`assessments.csv:10:rating: cannot use "poor" as a rating of cs-ops-stage: ` + levelOnly,
				`assessments.csv:11:rating: cannot use "4" as a rating of cs-ops-stage: ` + levelOnly,
				`assessments.csv:12:rating: cannot use "level 4" as a rating of cs-ops-stage: ` + levelOnly,
				`assessments.csv:13:rating: cannot use "" as a rating of cs-ops-stage: ` + levelOnly,
				`assessments.csv:14:date: cannot parse "15/04/2026" as a date (YYYY-MM-DD)`,
				`assessments.csv:15:date: cannot parse "x" as a date (YYYY-MM-DD)`,
				`assessments.csv:15:question: unknown question "nope" in framework cs-value (its questions are: reports-to, renewal-owner): fix the id, or add the question to cs-value.toml in the rubrics folder`,
				`assessments.csv:15:rating: cannot use "meh" as a rating of cs-value: ` + qualityOnly,
				`assessments.csv:16:framework: unknown framework "CS-VALUE" (the rubrics define: cs-ops-stage, cs-value)`,
			},
		},
		{
			name:  "no rubrics",
			files: withBase(map[string]string{AssessmentsFile: header + "2026-04-15,cs-value,reports-to,poor\n"}),
			opt:   Options{Frameworks: []metrics.Framework{}},
			want:  []string{`assessments.csv:2:framework: unknown framework "cs-value" (no rubrics are loaded)`},
		},
		{
			// Without frameworks, the built-in rubrics are used.
			name:  "built-in rubrics",
			files: withBase(map[string]string{AssessmentsFile: header + "2026-04-15,cs-value,reports-to,poor\n2026-04-15,our-own,q,1\n"}),
			want:  []string{`assessments.csv:3:framework: unknown framework "our-own" (the rubrics define: cs-ops-stage, cs-value, low-touch-level, role-rubric)`},
		},
	})
}

func TestAssessmentsBuiltinRubrics(t *testing.T) {
	files := withBase(map[string]string{AssessmentsFile: "date,framework,question,rating\n2026-04-15,cs-value,reports-to,Excellent\n"})
	ds := mustLoad(t, writeFiles(t, files), Options{})
	want := []string{`cs-value 2026-04-15 reports-to=3 evidence="" owner=""`}
	got := make([]string, len(ds.Ratings))
	for i, r := range ds.Ratings {
		got[i] = ratingString(r)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Ratings = %q, want %q", got, want)
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		scale, in string
		want      int // 0: refused
	}{
		{metrics.ScaleQuality, "poor", 1},
		{metrics.ScaleQuality, " Average ", 2},
		{metrics.ScaleQuality, "EXCELLENT", 3},
		{metrics.ScaleQuality, "1", 0},
		{metrics.ScaleQuality, "good", 0},
		{metrics.ScaleLevel, "1", 1},
		{metrics.ScaleLevel, " 3 ", 3},
		{metrics.ScaleLevel, "Level 2", 2},
		{metrics.ScaleLevel, "stage  3", 3},
		{metrics.ScaleLevel, "STAGE1", 1},
		{metrics.ScaleLevel, "0", 0},
		{metrics.ScaleLevel, "4", 0},
		{metrics.ScaleLevel, "2.0", 0},
		{metrics.ScaleLevel, "level", 0},
		{metrics.ScaleLevel, "step 2", 0},
		{metrics.ScaleLevel, "average", 0},
		{"stars", "1", 0},
	}
	for _, tt := range tests {
		got, ok := parseRating(tt.scale, tt.in)
		if got != tt.want || ok != (tt.want > 0) {
			t.Errorf("parseRating(%q, %q) = %d, %v; want %d", tt.scale, tt.in, got, ok, tt.want)
		}
	}
}
