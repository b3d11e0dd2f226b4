package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/boardpack/boardpack/internal/diag"
)

// file is an input file read whole: finance ties the report to the extract
// by its SHA-256, so every byte is read anyway. The hash is computed in the
// background while the file is parsed.
type file struct {
	name string // as reported, such as "accounts.csv"
	data []byte // without a UTF-8 byte order mark
	size int64
	sum  chan string
	x    *extract // where it was read from
}

var bom = []byte("\xef\xbb\xbf")

// readFile reads the extract name of dir, or returns (nil, nil) when it
// does not exist; a problem with its shape is reported in issues.
func readFile(dir, name string, issues *diag.List) (*file, error) {
	x, err := findExtract(dir, name, issues)
	if x == nil || err != nil {
		return nil, err
	}
	if !x.plain() {
		return readParts(x, issues)
	}
	data, err := os.ReadFile(x.parts[0].path)
	if err != nil {
		return nil, err
	}
	f := &file{name: name, data: bytes.TrimPrefix(data, bom), size: int64(len(data)), sum: make(chan string, 1), x: x}
	go func() {
		s := sha256.Sum256(data)
		f.sum <- hex.EncodeToString(s[:])
	}()
	return f, nil
}

// hash returns the SHA-256 of the file's bytes, as read.
func (f *file) hash() string {
	s := <-f.sum
	f.sum <- s
	return s
}

// normalize trims and lower-cases header names, as the data contract
// matches them.
func normalize(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = strings.ToLower(strings.TrimSpace(h))
	}
	return out
}

// columns maps normalized header names to their positions.
type columns struct {
	names []string
	index map[string]int
}

func newColumns(header []string) columns {
	c := columns{names: normalize(header), index: map[string]int{}}
	for i, n := range c.names {
		if _, dup := c.index[n]; !dup {
			c.index[n] = i
		}
	}
	return c
}

// pos returns the position of column name, or -1.
func (c columns) pos(name string) int {
	if i, ok := c.index[name]; ok {
		return i
	}
	return -1
}

// require reports each of the required columns the header lacks, and any
// column it names twice: which of the two to read would be a guess.
func (c columns) require(f string, issues *diag.List, required ...string) bool {
	ok := true
	seen := map[string]bool{}
	for _, n := range c.names {
		if n != "" && seen[n] {
			issues.Addf(f, 1, n, "the header names this column twice: keep one")
			ok = false
		}
		seen[n] = true
	}
	for _, r := range required {
		if c.pos(r) < 0 {
			issues.Addf(f, 1, r, "missing required column (the header has: %s)", strings.Join(c.names, ", "))
			ok = false
		}
	}
	return ok
}

// unknown returns the header's columns that are not in known, for
// --verbose.
func (c columns) unknown(known []string) []string {
	var out []string
	for _, n := range c.names {
		if n != "" && !slices.Contains(known, n) {
			out = append(out, n)
		}
	}
	return out
}

const msgFieldCount = "wrong number of fields: the header has a different count"

// syntaxIssue turns an encoding/csv error into an issue at its line.
func syntaxIssue(f string, err error) diag.Issue {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = msgFieldCount
		}
		return diag.Issue{File: f, Line: pe.Line, Msg: msg}
	}
	return diag.Issue{File: f, Msg: err.Error()}
}

// row is a record of a small table with the line it starts on.
type row[T any] struct {
	line int
	rec  T
}

// readTable reads f into records of T, a struct of string fields tagged
// with the normalized column names. gocsv maps the columns; the fields stay
// strings so that each value is parsed where its line and column are known.
// It returns false when the file cannot be read further.
func readTable[T any](f *file, issues *diag.List, required ...string) ([]row[T], columns, bool) {
	r := csv.NewReader(bytes.NewReader(f.data))
	um, err := gocsv.NewUnmarshaller(r, *new(T))
	if errors.Is(err, io.EOF) {
		issues.Addf(f.name, 0, "", "file is empty: it needs a header row and at least one data row")
		return nil, columns{}, false
	}
	if err != nil {
		issues.Add(syntaxIssue(f.name, err))
		return nil, columns{}, false
	}
	cols := newColumns(um.Headers)
	if err := um.RenormalizeHeaders(normalize); err != nil {
		issues.Addf(f.name, 1, "", "cannot read the header: %v", err)
		return nil, cols, false
	}
	if !cols.require(f.name, issues, required...) {
		return nil, cols, false
	}
	var rows []row[T]
	ok := true
	for {
		v, err := um.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			issues.Add(syntaxIssue(f.name, err))
			// A row of the wrong length leaves the reader in step, so
			// the rest is read and every such row reported, as in
			// arr_monthly.csv; any other syntax error stops the file.
			if errors.Is(err, csv.ErrFieldCount) {
				ok = false
				continue
			}
			return rows, cols, false
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, row[T]{line: line, rec: v.(T)})
	}
	if !ok {
		return rows, cols, false
	}
	if len(rows) == 0 {
		issues.Addf(f.name, 0, "", "file has a header but no data rows")
		return nil, cols, false
	}
	return rows, cols, true
}

// quote quotes a value for a message, escaping what would not print.
func quote[T string | []byte](s T) string { return strconv.Quote(string(s)) }
