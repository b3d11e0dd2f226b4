package commentary

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// maxErrors caps the problems reported of one file: past it they are
// counted, not listed.
const maxErrors = 50

// Error is a problem at a place in a commentary file.
type Error struct {
	File   string
	Line   int // from 1
	Column int // from 1, in characters; 0 when not known
	Msg    string
}

func (e *Error) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// errorList collects the problems of one file, so that a writer fixes them
// all in one go.
type errorList struct {
	file string
	errs []*Error
}

func (l *errorList) add(line, col int, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: l.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems in line order, one a line, or nil.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	if len(l.errs) == 1 {
		return l.errs[0]
	}
	var all []error
	for _, e := range l.errs[:min(len(l.errs), maxErrors)] {
		all = append(all, e)
	}
	if more := len(l.errs) - maxErrors; more > 0 {
		all = append(all, fmt.Errorf("%s: ... and %d more (%d problems in all)", l.file, more, len(l.errs)))
	}
	return errors.Join(all...)
}
