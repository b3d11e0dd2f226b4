package load

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// assessmentRecord is a row of assessments.csv as text.
type assessmentRecord struct {
	Date      string `csv:"date"`
	Framework string `csv:"framework"`
	Question  string `csv:"question"`
	Rating    string `csv:"rating"`
	Evidence  string `csv:"evidence"`
	Owner     string `csv:"owner"`
}

// rubric indexes a framework's questions for the rows rating them.
type rubric struct {
	fw        *metrics.Framework
	questions map[string]int // position in the rubric by question id
	ids       string         // the question ids, for messages
}

// ratingKey is what a rating rates: a second rating of it is an error.
type ratingKey struct {
	date      time.Time
	framework string
	question  string
}

// readAssessments reads assessments.csv, checking each row against the
// rubric of its framework. It returns the ratings sorted by framework, date
// and question order in the rubric, or nil when f is nil (the file is
// missing) or has problems.
func readAssessments(f *file, frameworks []metrics.Framework, issues *diag.List) ([]metrics.Rating, *Source) {
	if f == nil {
		return nil, nil
	}
	rows, cols, ok := readTable[assessmentRecord](f, issues, required(AssessmentsFile)...)
	if !ok {
		return nil, nil
	}
	byID := make(map[string]*rubric, len(frameworks))
	for i := range frameworks {
		fw := &frameworks[i]
		r := &rubric{fw: fw, questions: make(map[string]int, len(fw.Questions))}
		ids := make([]string, len(fw.Questions))
		for j, q := range fw.Questions {
			r.questions[q.ID] = j
			ids[j] = q.ID
		}
		r.ids = strings.Join(ids, ", ")
		byID[fw.ID] = r
	}
	known := "no rubrics are loaded"
	if len(byID) > 0 {
		known = "the rubrics define: " + strings.Join(slices.Sorted(maps.Keys(byID)), ", ")
	}

	before := issues.Total
	type ranked struct {
		metrics.Rating
		question int // position in the rubric
	}
	ratings := make([]ranked, 0, len(rows))
	lines := make(map[ratingKey]int, len(rows))
	var months monthSpan
	for _, r := range rows {
		rec, line := r.rec, r.line
		// The columns are checked in the order issues of a line sort in,
		// so that every problem of the row is reported and a capped list
		// keeps the first ones. The question and rating can only be
		// checked against a known framework.
		date, err := period.ParseDate(strings.TrimSpace(rec.Date))
		dateOK := err == nil
		if !dateOK {
			issues.Addf(f.name, line, "date", "cannot parse %q as a date (YYYY-MM-DD)", rec.Date)
		}
		fwID := strings.TrimSpace(rec.Framework)
		rb := byID[fwID]
		if rb == nil {
			if fwID == "" {
				issues.Addf(f.name, line, "framework", "empty (%s)", known)
			} else {
				issues.Addf(f.name, line, "framework", "unknown framework %q (%s)", fwID, known)
			}
			continue
		}
		qid := strings.TrimSpace(rec.Question)
		q, questionOK := rb.questions[qid]
		switch {
		case qid == "":
			issues.Addf(f.name, line, "question", "empty (the questions of %s are: %s)", fwID, rb.ids)
		case !questionOK:
			issues.Addf(f.name, line, "question", "unknown question %q in framework %s (its questions are: %s): fix the id, or add the question to %s.toml in the rubrics folder", qid, fwID, rb.ids, fwID)
		case dateOK:
			k := ratingKey{date, fwID, qid}
			if first, dup := lines[k]; dup {
				issues.Addf(f.name, line, "question", "a second rating of %s question %q on %s (first on line %d): keep one", fwID, qid, date.Format(time.DateOnly), first)
				questionOK = false
			} else {
				lines[k] = line
			}
		}
		value, ratingOK := parseRating(rb.fw.Scale, rec.Rating)
		if !ratingOK {
			issues.Addf(f.name, line, "rating", "cannot use %q as a rating of %s: %s", strings.TrimSpace(rec.Rating), fwID, scaleTakes(rb.fw.Scale))
		}
		if !dateOK || !questionOK || !ratingOK {
			continue
		}
		months.add(period.Of(date))
		ratings = append(ratings, ranked{
			Rating: metrics.Rating{
				Date:      date,
				Framework: fwID,
				Question:  qid,
				Value:     value,
				Evidence:  strings.TrimSpace(rec.Evidence),
				Owner:     strings.TrimSpace(rec.Owner),
			},
			question: q,
		})
	}
	if issues.Total > before {
		return nil, nil
	}
	slices.SortFunc(ratings, func(a, b ranked) int {
		return cmp.Or(strings.Compare(a.Framework, b.Framework), a.Date.Compare(b.Date), cmp.Compare(a.question, b.question))
	})
	out := make([]metrics.Rating, len(ratings))
	for i, r := range ratings {
		out[i] = r.Rating
	}
	src := months.source(f, len(rows), cols.unknown(assessmentColumns))
	return out, &src
}

var qualityRatings = []string{"poor", "average", "excellent"}

// parseRating reads a rating on scale: the words of the quality scale, in
// any case, or a level or stage from 1 to 3, written alone or as "level 2"
// or "stage 2" (the rubrics name their levels either way).
func parseRating(scale, s string) (int, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch scale {
	case metrics.ScaleQuality:
		if i := slices.Index(qualityRatings, v); i >= 0 {
			return i + 1, true
		}
	case metrics.ScaleLevel:
		for _, word := range []string{"level", "stage"} {
			if rest, ok := strings.CutPrefix(v, word); ok {
				v = strings.TrimSpace(rest)
				break
			}
		}
		if len(v) == 1 && v[0] >= '1' && v[0] <= '3' {
			return int(v[0] - '0'), true
		}
	}
	return 0, false
}

// scaleTakes says what ratings a scale takes.
func scaleTakes(scale string) string {
	if scale == metrics.ScaleQuality {
		return "its scale takes poor, average or excellent"
	}
	return `its scale takes 1, 2 or 3 (also written "level 2" or "stage 2")`
}
