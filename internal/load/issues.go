package load

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Issue is one problem found in an input file, at a line and column of it.
// Line 0 means the whole file (or, with a Column, the whole column, as a
// Parquet part's schema gives it); an empty Column means the whole line.
type Issue struct {
	File   string
	Line   int
	Column string
	Msg    string
}

// String formats the issue as FILE:LINE:COLUMN: message, the form editors
// and CI logs link to.
func (i Issue) String() string {
	var b strings.Builder
	b.WriteString(i.File)
	if i.Line > 0 {
		fmt.Fprintf(&b, ":%d", i.Line)
	}
	// A column of the whole file is one of a Parquet part's schema.
	if i.Column != "" && (i.Line > 0 || i.File != "") {
		b.WriteString(":" + i.Column)
	}
	b.WriteString(": " + i.Msg)
	return b.String()
}

func compareIssues(a, b Issue) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

// MaxShown is how many issues an error or a warning list shows; the rest
// are counted.
const MaxShown = 50

// Errors is the error of a load that found problems in its inputs: the
// first issues in file and line order, and how many there were in all.
type Errors struct {
	Issues []Issue // at most MaxShown, sorted
	Total  int
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(is.String())
	}
	if more := e.Total - len(e.Issues); more > 0 {
		fmt.Fprintf(&b, "\n... and %d more (%d problems in all)", more, e.Total)
	}
	return b.String()
}

// issueList collects issues, keeping only as many as can be shown so that
// a file of a million bad rows costs no memory.
type issueList struct {
	issues []Issue
	total  int
}

func (l *issueList) add(is Issue) {
	l.total++
	if len(l.issues) < MaxShown {
		l.issues = append(l.issues, is)
	}
}

func (l *issueList) addf(file string, line int, column, format string, args ...any) {
	l.add(Issue{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)})
}

// merge adds o's issues to l. Since every list keeps its first MaxShown,
// the first MaxShown of the merged, sorted list are among those kept.
func (l *issueList) merge(o issueList) {
	l.issues = append(l.issues, o.issues...)
	l.total += o.total
}

// sorted returns the list in file and line order, cut to MaxShown.
func (l *issueList) sorted() []Issue {
	slices.SortStableFunc(l.issues, compareIssues)
	if len(l.issues) > MaxShown {
		l.issues = l.issues[:MaxShown]
	}
	return l.issues
}

// err returns the list as an *Errors, or nil when it is empty.
func (l *issueList) err() error {
	if l.total == 0 {
		return nil
	}
	return &Errors{Issues: l.sorted(), Total: l.total}
}

// quote quotes a value for a message, escaping what would not print.
func quote[T string | []byte](s T) string { return strconv.Quote(string(s)) }
