package load

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/boardpack/boardpack/internal/diag"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// An extract of the data contract, named NAME.csv there, comes in one of
// the shapes a warehouse unloads: NAME.csv, NAME.csv.gz, NAME.parquet, or
// a folder NAME/ of parts (Snowflake's data_0_0_0.csv.gz, BigQuery's
// 000000000000.parquet), read in lexical order. Whatever the shape, the
// parts are read as one file: issues are found at a line of that whole,
// its logical lines, and moved to the part and the line (or, for Parquet,
// the data row) they come from when the load is done.

// partKind is the format of a part.
type partKind int

const (
	csvPart partKind = iota
	gzipPart
	parquetPart
)

// kindOf returns the kind of a file by its name, or false when it is not
// a part boardpack reads.
func kindOf(name string) (partKind, bool) {
	switch {
	case strings.HasSuffix(name, ".csv.gz"):
		return gzipPart, true
	case strings.HasSuffix(name, ".csv"):
		return csvPart, true
	case strings.HasSuffix(name, ".parquet"):
		return parquetPart, true
	}
	return 0, false
}

func (k partKind) String() string {
	return [...]string{"CSV", "gzip CSV", "Parquet"}[k]
}

// part is one file of an extract.
type part struct {
	name string // as reported: "arr_monthly.csv.gz", "arr_monthly/data_0_0_0.csv.gz"
	path string
	kind partKind
	size int64 // on disk

	// Filled as the part is read.
	start int    // the logical line of the part's first line (a Parquet part's header, which it may not have)
	sum   string // SHA-256 of the bytes on disk
	rows  int
	span  monthSpan
}

// extract is an input of the data contract as found in a data folder.
type extract struct {
	name   string // the contract's name, such as "arr_monthly.csv"
	shown  string // as the data-quality page shows it: "arr_monthly.csv.gz", "arr_monthly/"
	folder bool
	parts  []*part
}

// findExtract finds the extract of the data contract's name in dir. It
// returns nil when there is none; a problem with the shapes found, such
// as two of them, is reported in issues, and the extract taken as absent.
// The error is an I/O error.
func findExtract(dir, name string, issues *diag.List) (*extract, error) {
	base := strings.TrimSuffix(name, ".csv")
	var found []string
	var x *extract
	for _, shape := range []string{base + ".csv", base + ".csv.gz", base + ".parquet"} {
		st, err := os.Stat(filepath.Join(dir, shape))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			continue
		}
		kind, _ := kindOf(shape)
		found = append(found, shape)
		x = &extract{name: name, shown: shape, parts: []*part{{name: shape, path: filepath.Join(dir, shape), kind: kind, size: st.Size()}}}
	}
	if st, err := os.Stat(filepath.Join(dir, base)); err == nil && st.IsDir() {
		found = append(found, base+"/")
		var err error
		if x, err = findParts(dir, name, base, issues); err != nil {
			return nil, err
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if len(found) > 1 {
		issues.Addf(name, 0, "", "found as %s: keep one shape of the extract, so that no row is read twice", joinAnd(found))
		return nil, nil
	}
	return x, nil
}

// findParts lists the parts in the folder dir/base.
func findParts(dir, name, base string, issues *diag.List) (*extract, error) {
	entries, err := os.ReadDir(filepath.Join(dir, base))
	if err != nil {
		return nil, err
	}
	x := &extract{name: name, shown: base + "/", folder: true}
	kinds := map[partKind]string{}
	for _, e := range entries {
		n := e.Name()
		kind, ok := kindOf(n)
		// Warehouses leave markers beside the parts (_SUCCESS,
		// manifest.json): only the parts are read.
		if !ok || e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		if _, seen := kinds[kind]; !seen {
			kinds[kind] = base + "/" + n
		}
		x.parts = append(x.parts, &part{name: base + "/" + n, path: filepath.Join(dir, base, n), kind: kind, size: info.Size()})
	}
	if len(kinds) > 1 {
		var of []string
		for k, first := range kinds {
			of = append(of, fmt.Sprintf("%s (%s)", k, first))
		}
		slices.Sort(of)
		issues.Addf(x.shown, 0, "", "the folder mixes parts of different kinds, %s: unload every part in one format", joinAnd(of))
		return nil, nil
	}
	if len(x.parts) == 0 {
		issues.Addf(x.shown, 0, "", "the folder holds no part (*.csv, *.csv.gz or *.parquet)")
		return nil, nil
	}
	sort.Slice(x.parts, func(i, j int) bool { return x.parts[i].name < x.parts[j].name })
	return x, nil
}

func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// plain reports whether x is a single plain CSV file, read as it always
// was.
func (x *extract) plain() bool {
	return !x.folder && x.parts[0].kind == csvPart
}

// parquet reports whether x is read from Parquet.
func (x *extract) parquet() bool { return x.parts[0].kind == parquetPart }

// locate returns the part and its line (for a Parquet part, its data row)
// of logical line l; line 0 stays the whole file.
func (x *extract) locate(l int) (string, int) {
	if l <= 0 || x.plain() {
		return x.shown, l
	}
	i := sort.Search(len(x.parts), func(i int) bool { return x.parts[i].start > l }) - 1
	p := x.parts[max(i, 0)]
	local := l - p.start + 1
	if p.kind == parquetPart {
		// A Parquet part's row r is on logical line start + r; its
		// header, real or not, is the schema: the whole file.
		local--
	}
	return p.name, max(local, 0)
}

// remap moves issues found in the extracts' logical lines to their parts.
func remap(issues []diag.Issue, extracts map[string]*extract) []diag.Issue {
	for i, is := range issues {
		x := extracts[is.File]
		if x == nil || x.plain() {
			continue
		}
		file, line := x.locate(is.Line)
		issues[i].File, issues[i].Line = file, line
		// A duplicate names the line of the first: in its part.
		if at := strings.LastIndex(is.Msg, "(first on line "); at >= 0 && x.folder {
			var first int
			if _, err := fmt.Sscanf(is.Msg[at:], "(first on line %d)", &first); err == nil {
				pf, pl := x.locate(first)
				where := fmt.Sprintf("line %d", pl)
				if pf != file {
					where = fmt.Sprintf("%s:%d", pf, pl)
				}
				issues[i].Msg = is.Msg[:at] + "(first on " + where + ")"
			}
		}
	}
	slices.SortStableFunc(issues, diag.Compare)
	return issues
}

// describe adds the parts of x to src.
func (x *extract) describe(src *Source) {
	if x == nil {
		return
	}
	src.File = x.shown
	if x.plain() {
		return
	}
	if !x.folder {
		// One compressed or Parquet file is described as a file.
		src.SHA256, src.Bytes = x.parts[0].sum, x.parts[0].size
		return
	}
	// The folder's SHA-256 is that of its parts' list as sha256sum
	// writes it, so that one figure ties the report to every part.
	h := sha256.New()
	src.Bytes = 0
	for _, p := range x.parts {
		fmt.Fprintf(h, "%s  %s\n", p.sum, p.name)
		src.Bytes += p.size
		pt := Part{File: p.name, Bytes: p.size, Rows: p.rows, SHA256: p.sum}
		var s Source
		p.span.describe(&s)
		pt.First, pt.Last = s.First, s.Last
		src.Parts = append(src.Parts, pt)
	}
	src.SHA256 = hex.EncodeToString(h.Sum(nil))
}

// hashingReader hashes and counts the bytes of a part as they are read.
type hashingReader struct {
	r   io.Reader
	sum hash.Hash
	n   int64
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.sum.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// openPart is an open CSV or gzip CSV part: its text and what it hashes.
type openPart struct {
	f    *os.File
	raw  *hashingReader
	text io.Reader // the CSV text: raw, or decompressed
	p    *part
}

// openCSVPart opens a CSV or gzip CSV part.
func openCSVPart(p *part) (*openPart, error) {
	f, err := os.Open(p.path)
	if err != nil {
		return nil, err
	}
	o := &openPart{f: f, raw: &hashingReader{r: f, sum: sha256.New()}, p: p}
	o.text = o.raw
	if p.kind == gzipPart {
		zr, err := gzip.NewReader(bufio.NewReaderSize(o.raw, 1<<16))
		if err != nil {
			f.Close()
			return nil, gzipError(p, err)
		}
		o.text = &gzipText{zr: zr, p: p}
	}
	return o, nil
}

// finish reads what is left of the part on disk, for its hash, and closes
// it.
func (o *openPart) finish() error {
	defer o.f.Close()
	if _, err := io.Copy(io.Discard, o.raw); err != nil {
		return err
	}
	o.p.sum = hex.EncodeToString(o.raw.sum.Sum(nil))
	return nil
}

// gzipText decompresses a part, wording its errors.
type gzipText struct {
	zr *gzip.Reader
	p  *part
}

func (g *gzipText) Read(b []byte) (int, error) {
	n, err := g.zr.Read(b)
	if err != nil && !errors.Is(err, io.EOF) {
		err = gzipError(g.p, err)
	}
	return n, err
}

func gzipError(p *part, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: the gzip file is truncated: unload it again", p.name)
	}
	return fmt.Errorf("%s: cannot decompress the gzip file (%v): unload it again", p.name, err)
}

// headerLine reads the first line of a later part and tells whether it is
// the header of the first part, which Snowflake and BigQuery repeat in
// every part, or a first data row, as when only the first part has the
// header. A line that names any column of the header but is not the
// header is a part with other columns: a data row whose value is a column
// name would be no valid row, so it is never taken for data.
func headerLine(line []byte, header []string) (isHeader bool, problem string) {
	fields := splitFields(line)
	names := normalize(fields)
	if slices.Equal(names, header) {
		return true, ""
	}
	for _, n := range names {
		if n != "" && slices.Contains(header, n) {
			return false, fmt.Sprintf("the header differs from the first part's: it has %s, the first part %s: unload every part with the same columns",
				strings.Join(names, ", "), strings.Join(header, ", "))
		}
	}
	return false, ""
}

// splitFields splits a CSV line into its fields, unquoting them.
func splitFields(line []byte) []string {
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	var out []string
	for len(line) > 0 || out == nil {
		if len(line) > 0 && line[0] == '"' {
			var b strings.Builder
			i := 1
			for i < len(line) {
				if line[i] == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(line[i])
				i++
			}
			out = append(out, b.String())
			line = line[min(i, len(line)):]
		} else {
			c := bytes.IndexByte(line, ',')
			if c < 0 {
				out = append(out, string(line))
				break
			}
			out = append(out, string(line[:c]))
			line = line[c:]
		}
		if len(line) == 0 {
			break
		}
		line = line[1:] // the comma
		if len(line) == 0 {
			out = append(out, "")
		}
	}
	return out
}

// readParts reads the parts of x, which is not a plain CSV file, into one
// CSV text for the small tables read whole: gzip parts decompressed,
// Parquet parts written out as CSV, a header repeated by later parts
// blanked (a blank line is skipped), so that each part's lines keep their
// numbers within the whole.
func readParts(x *extract, issues *diag.List) (*file, error) {
	var buf bytes.Buffer
	line := 1
	var names []string
	var size int64
	for i, p := range x.parts {
		p.start = line
		size += p.size
		if p.kind == parquetPart {
			ok, err := transcodeParquet(x, p, &names, &buf, issues)
			if !ok || err != nil {
				return nil, err
			}
			line += 1 + p.rows
			continue
		}
		o, err := openCSVPart(p)
		if err != nil {
			return nil, err
		}
		text, err := io.ReadAll(o.text)
		if err == nil {
			err = o.finish()
		}
		if err != nil {
			o.f.Close()
			return nil, err
		}
		text = bytes.TrimPrefix(text, bom)
		first, rest, _ := bytes.Cut(text, []byte("\n"))
		headed := true
		if i == 0 {
			names = normalize(splitFields(first))
		} else {
			isHeader, problem := headerLine(first, names)
			if problem != "" {
				issues.Addf(x.name, p.start, "", "%s", problem)
				return nil, nil
			}
			if headed = isHeader; headed {
				text = append([]byte("\n"), rest...)
			}
		}
		if n := len(text); n > 0 && text[n-1] != '\n' {
			text = append(text, '\n')
		}
		lines := bytes.Count(text, []byte("\n"))
		p.rows = lines - bytes.Count(text, []byte("\n\n")) - bytes.Count(text, []byte("\n\r\n"))
		if headed && i == 0 {
			p.rows--
		}
		if len(text) > 0 && (text[0] == '\n' || text[0] == '\r') {
			p.rows--
		}
		line += lines
		buf.Write(text)
	}
	f := &file{name: x.name, data: buf.Bytes(), size: size, sum: make(chan string, 1), x: x}
	f.sum <- ""
	return f, nil
}

// transcodeParquet writes Parquet part p of x out as CSV: with its header
// when it is the first part, else with a blank line in its place.
func transcodeParquet(x *extract, p *part, names *[]string, out *bytes.Buffer, issues *diag.List) (bool, error) {
	q, ok, err := openParquet(x.name, p, issues)
	if !ok || err != nil {
		return false, err
	}
	defer q.close()
	o, err := openCSVPart(&part{name: p.name, path: p.path})
	if err == nil {
		err = o.finish()
	}
	if err != nil {
		return false, err
	}
	p.sum = o.p.sum
	w := csv.NewWriter(out)
	if *names == nil {
		*names = normalize(q.names)
		if err := w.Write(q.names); err != nil {
			return false, err
		}
	} else {
		if got := normalize(q.names); !slices.Equal(got, *names) {
			issues.Addf(x.name, p.start, "", "the columns differ from the first part's: it has %s, the first part %s: unload every part with the same columns",
				strings.Join(got, ", "), strings.Join(*names, ", "))
			return false, nil
		}
		w.Flush()
		out.WriteByte('\n')
	}
	var cols pqColumns
	var fields [][]byte
	rec := make([]string, len(q.names))
	for g := range q.pf.RowGroups() {
		rows, err := cols.read(q, g)
		if err != nil {
			return false, err
		}
		for r := range rows {
			fields = cols.fields(r, fields)
			for j, f := range fields {
				rec[j] = string(f)
			}
			if err := w.Write(rec); err != nil {
				return false, err
			}
		}
	}
	w.Flush()
	return true, w.Error()
}

// merge adds the rows of o to s.
func (s *monthSpan) merge(o monthSpan) {
	for m, n := range o.counts {
		s.addN(m, n)
	}
}
