// Package diag holds the problems a build finds in its inputs (the data,
// the commentary, the configuration): each at its place, as
// FILE:LINE:COLUMN: message, collected into a list that is sorted, capped
// and counted, so that a writer fixes them all in one go.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Issue is one problem found in an input file, at a line and column of it.
// Line 0 means the whole file (or, with a Column, the whole column, as a
// Parquet part's schema gives it); an empty Column means the whole line. A
// column is a column's name in a table, or a character's position, from
// 1, in a text.
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
	// A column of no line is one of a whole file: a Parquet part's schema.
	if i.Column != "" && (i.Line > 0 || i.File != "") {
		b.WriteString(":" + i.Column)
	}
	b.WriteString(": " + i.Msg)
	return b.String()
}

// Compare orders issues by file, line and column: positions by number,
// names alphabetically.
func Compare(a, b Issue) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), compareColumns(a.Column, b.Column))
}

func compareColumns(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a, b)
}

// MaxShown is how many issues an error or a warning list shows; the rest
// are counted.
const MaxShown = 50

// List collects issues, keeping only the first MaxShown so that a file of
// a million bad rows costs no memory, and counting them all. A non-empty
// List is the error of the inputs that have its problems (see Err).
type List struct {
	Issues []Issue // at most MaxShown; sorted once Sorted or Err is called
	Total  int     // all the issues added, kept or not
}

// Add adds an issue.
func (l *List) Add(is Issue) {
	l.Total++
	if len(l.Issues) < MaxShown {
		l.Issues = append(l.Issues, is)
	}
}

// Addf adds an issue at a line and column of file, its message formatted
// as by fmt.Sprintf.
func (l *List) Addf(file string, line int, column, format string, args ...any) {
	l.Add(Issue{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)})
}

// Merge adds o's issues to l. Since every list keeps its first MaxShown,
// the first MaxShown of the merged, sorted list are among those kept.
func (l *List) Merge(o List) {
	l.Issues = append(l.Issues, o.Issues...)
	l.Total += o.Total
}

// Sorted returns the list in file and line order, cut to MaxShown.
func (l *List) Sorted() []Issue {
	slices.SortStableFunc(l.Issues, Compare)
	if len(l.Issues) > MaxShown {
		l.Issues = l.Issues[:MaxShown]
	}
	return l.Issues
}

// Err returns the list, sorted, as an error, or nil when it is empty.
func (l *List) Err() error {
	if l.Total == 0 {
		return nil
	}
	return &List{Issues: l.Sorted(), Total: l.Total}
}

// Error lists the issues one a line and, past the first MaxShown, how many
// more there are.
func (l *List) Error() string {
	var b strings.Builder
	for i, is := range l.Issues {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(is.String())
	}
	if more := l.Total - len(l.Issues); more > 0 {
		fmt.Fprintf(&b, "\n... and %d more (%d problems in all)", more, l.Total)
	}
	return b.String()
}

// Errorf returns the error of one problem at a line and column of file,
// its message formatted as by fmt.Sprintf.
func Errorf(file string, line int, column, format string, args ...any) error {
	var l List
	l.Addf(file, line, column, format, args...)
	return l.Err()
}
