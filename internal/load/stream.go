package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/boardpack/boardpack/internal/diag"
)

// The large inputs (arr_monthly.csv, usage_weekly.csv, tickets.csv: a row
// per account and month or week, or per ticket, so millions of rows) are
// streamed rather than read whole, and parsed by hand rather than through
// gocsv's reflection. A reader cuts the file at line ends into blocks,
// hashing the bytes as they pass, and workers parse the blocks
// concurrently; their results are put back in file order.
//
// The common extract has no quotes at all, and its blocks are cut at their
// last line end and split at commas. A block that holds a quote is cut at
// its last line end outside quotes instead (a quoted field may span
// lines) and parsed through encoding/csv, by its worker like any other.
// Counting quotes finds the line ends outside quotes of any valid file; at
// the first syntax error that stops encoding/csv, the parse stops, so a
// block cut wrongly after it is never used. Both paths hand each record
// to the same row function, so they agree on every value and every
// message. Only a file whose header holds a quote goes through
// encoding/csv whole, in one goroutine.

// blockSize is the size of the blocks a stream is cut into. Tests make it
// small to put many block boundaries in a small file.
var blockSize = 1 << 20

// stream is an input file read in blocks as it is parsed. An extract of
// several parts is read part after part (source.go): the blocks are cut at
// the end of each part, so that each block's rows are of one part.
type stream struct {
	name string // as the contract names it, such as "usage_weekly.csv"
	x    *extract
	size int64 // from the file system, to size the output

	cur   int       // the part being read
	op    *openPart // the part open, nil for Parquet
	lines int       // line ends read from the current part
	open  bool      // the current part's last byte read is not a line end
	names []string  // the first part's header, normalized
	pq    *pqStream // the parts, for a Parquet extract
	// taking is the part of the rows parseBodyInto hands to its take.
	taking int
	// partIssues holds the problems of parts after the first, such as
	// a header that differs.
	partIssues diag.List

	// After the header: the bytes read but not parsed yet, and the line
	// they start on; or, for a file with a quote in its first block, the
	// encoding/csv reader that read the header.
	head []byte
	line int
	eof  bool // the header's read reached the end
	csv  *csv.Reader
}

// openStream opens the extract name of dir, or returns (nil, nil) when it
// does not exist; a problem with its shape is reported in issues.
func openStream(dir, name string, issues *diag.List) (*stream, error) {
	x, err := findExtract(dir, name, issues)
	if x == nil || err != nil {
		return nil, err
	}
	s := &stream{name: name, x: x}
	for _, p := range x.parts {
		s.size += p.size
		if p.kind == gzipPart {
			// The text is several times the compressed size.
			s.size += 5 * p.size
		}
	}
	if x.parquet() {
		return s, nil
	}
	x.parts[0].start = 1
	if s.op, err = openCSVPart(x.parts[0]); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *stream) close() {
	if s == nil {
		return
	}
	if s.op != nil {
		s.op.f.Close()
	}
	s.pq.close()
}

// Read reads the text of the current part; the part's bytes are hashed as
// they are read from disk, so that the SHA-256 is of the bytes as they are
// on disk, BOM included.
func (s *stream) Read(p []byte) (int, error) {
	if s.op == nil {
		return 0, io.EOF
	}
	n, err := s.op.text.Read(p)
	if n > 0 && len(s.x.parts) > 1 {
		// Where the next part starts.
		s.lines += bytes.Count(p[:n], []byte("\n"))
		s.open = p[n-1] != '\n'
	}
	return n, err
}

// source describes s, whose rows fall in the months of span, when span is
// not nil. It reads what the parse left unread of the part, for its hash,
// which is nothing unless the parse stopped at a syntax error.
func (s *stream) source(rows int, ignored []string, span *monthSpan) (Source, error) {
	if s.pq != nil {
		if err := s.pq.hash(); err != nil {
			return Source{}, err
		}
	} else if s.op != nil {
		if err := s.op.finish(); err != nil {
			return Source{}, err
		}
		s.op = nil
	}
	p := s.x.parts[0]
	src := Source{File: s.name, Extract: s.name, Bytes: p.size, Rows: rows, SHA256: p.sum, Ignored: ignored}
	if span != nil {
		span.describe(&src)
	}
	s.x.describe(&src)
	return src, nil
}

// nextPart opens the part after the current one and reads the start of it,
// as header does for the first: the lines from which to parse, with its
// header, when it repeats the first part's, taken out. It returns false
// when there is no further part, or the part cannot be read on.
func (s *stream) nextPart() (bool, error) {
	prev := s.x.parts[s.cur]
	if err := s.op.finish(); err != nil {
		return false, err
	}
	s.op = nil
	if s.cur+1 == len(s.x.parts) {
		return false, nil
	}
	s.cur++
	p := s.x.parts[s.cur]
	p.start = prev.start + s.lines
	if s.open {
		p.start++
	}
	s.lines, s.open = 0, false
	var err error
	if s.op, err = openCSVPart(p); err != nil {
		return false, err
	}
	buf, eof, err := s.firstLine()
	if err != nil {
		return false, err
	}
	buf = bytes.TrimPrefix(buf, bom)
	first, rest, _ := bytes.Cut(buf, []byte("\n"))
	line := p.start
	isHeader, problem := headerLine(first, s.names)
	if problem != "" {
		s.partIssues.Addf(s.name, p.start, "", "%s", problem)
		return false, nil
	}
	if !isHeader {
		rest = buf
	} else {
		line++
	}
	// Quotes in the rest are found as the blocks are cut.
	s.csv, s.head, s.line, s.eof = nil, rest, line, eof
	return true, nil
}

// firstLine reads at least the first line of a part, and a block.
func (s *stream) firstLine() ([]byte, bool, error) {
	buf := make([]byte, 0, blockSize)
	for {
		var eof bool
		var err error
		if buf, eof, err = s.fill(buf); err != nil || eof || bytes.IndexByte(buf, '\n') >= 0 {
			return buf, eof, err
		}
		buf = append(buf, 0)[:len(buf)] // a line longer than a block
	}
}

// fill reads into buf until it is full or the file ends.
func (s *stream) fill(buf []byte) ([]byte, bool, error) {
	for len(buf) < cap(buf) {
		n, err := s.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, true, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
	return buf, false, nil
}

// header reads the header row. It returns false when the file has none,
// with the problem in issues; the error is an I/O error.
func (s *stream) header(issues *diag.List) (columns, bool, error) {
	if s.x.parquet() {
		pq, cols, ok, err := openParquetStream(s.x, issues)
		s.pq = pq
		return cols, ok, err
	}
	cols, ok, err := s.csvHeader(issues)
	s.names = cols.names
	return cols, ok, err
}

func (s *stream) csvHeader(issues *diag.List) (columns, bool, error) {
	buf, eof, err := s.firstLine()
	if err != nil {
		return columns{}, false, err
	}
	buf = bytes.TrimPrefix(buf, bom)
	if nl := bytes.IndexByte(buf, '\n'); bytes.IndexByte(buf[:max(nl, 0)], '"') >= 0 || nl < 0 && bytes.IndexByte(buf, '"') >= 0 {
		s.csv = newCSVReader(io.MultiReader(bytes.NewReader(buf), s))
		h, err := s.csv.Read()
		if errors.Is(err, io.EOF) {
			issues.Addf(s.name, 0, "", "file is empty: it needs a header row and at least one data row")
			return columns{}, false, nil
		}
		if err != nil {
			issues.Add(syntaxIssue(s.name, err))
			return columns{}, false, nil
		}
		return newColumns(h), true, nil
	}
	line, rest, _ := bytes.Cut(buf, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.TrimSpace(line)) == 0 {
		issues.Addf(s.name, 0, "", "file is empty: it needs a header row and at least one data row")
		return columns{}, false, nil
	}
	var h []string
	for f := range bytes.SplitSeq(line, []byte(",")) {
		h = append(h, string(f))
	}
	s.head, s.line, s.eof = rest, 2, eof
	return newColumns(h), true, nil
}

func newCSVReader(r io.Reader) *csv.Reader {
	c := csv.NewReader(r)
	c.ReuseRecord = true
	return c
}

// rowFunc parses the fields of the record at line into out.
type rowFunc[R any] func(line int, f [][]byte, out *chunk[R])

// chunk is what the parse of one block gives, in a slot that goes from the
// reader to a worker to the sequencer and back, with the scratch space
// that its row function keeps from block to block.
type chunk[R any] struct {
	rows     []R
	issues   diag.List
	warnings diag.List
	keys     keyList

	// The row function's caches.
	lastID   []byte // the account of the previous row, most often this one's
	lastAcct int32
	texts    map[string]string // interned values of a free-text column

	fields  [][]byte
	scratch []byte // the csv path's copy of a record's fields
	buf     []byte // the block's bytes
	data    []byte // the part of buf to parse
	line    int    // the line data starts on
	seq     int    // the block's place in the file
	quoted  bool   // data holds a quote: it is parsed through encoding/csv
	// stopped is set when a syntax error in the block stops the file.
	stopped bool
	part    int // the part of the extract it is of
	unit    *pqUnit
	err     error // that of reading a Parquet part
}

func (c *chunk[R]) reset() {
	c.rows = c.rows[:0]
	c.issues = diag.List{Issues: c.issues.Issues[:0]}
	c.warnings = diag.List{Issues: c.warnings.Issues[:0]}
	c.keys.reset()
	c.data, c.unit, c.err = nil, nil, nil
	c.quoted, c.stopped = false, false
}

// intern returns b as a string, allocating each distinct value once.
func (c *chunk[R]) intern(b []byte) string {
	if s, ok := c.texts[string(b)]; ok {
		return s
	}
	if c.texts == nil {
		c.texts = map[string]string{}
	}
	s := string(b)
	c.texts[s] = s
	return s
}

// internLower returns b lower-cased as a string, allocating each distinct
// value once.
func (c *chunk[R]) internLower(b []byte) string {
	var buf [64]byte
	lower := buf[:0]
	for _, x := range b {
		if x >= 0x80 {
			return c.intern([]byte(strings.ToLower(string(b))))
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		lower = append(lower, x)
	}
	return c.intern(lower)
}

// body is a parsed body: its rows in file order and its problems.
type body[R any] struct {
	rows     []R
	count    int // the rows parsed, kept or not
	estimate int // of the file's rows, from its first block
	issues   diag.List
	warnings diag.List
	// stopped is set when a syntax error ended the parse early.
	stopped bool
	// partRows counts the rows of each part, which follow each other in
	// rows.
	partRows []int
}

// partSpans gives each part of s the months its rows cover.
func partSpans[R any](s *stream, rows []R, partRows []int, span func([]R) monthSpan) {
	if len(s.x.parts) < 2 {
		return
	}
	at := 0
	for i, n := range partRows {
		if n > 0 {
			s.x.parts[i].span = span(rows[at : at+n])
		}
		at += n
	}
}

// parseBody parses what follows the header of s, each record through row.
// fields is the header's column count, and rowBytes a guess at the bytes
// of a row, to size buffers. When unique is not nil, the keys the rows add
// to their chunk must be unique in the file. The error is an I/O error.
func parseBody[R any](s *stream, fields, rowBytes int, row rowFunc[R], unique *uniqueKeys) (*body[R], error) {
	return parseBodyInto(s, fields, rowBytes, row, unique, nil)
}

// parseBodyInto is parseBody, except that when take is not nil each
// block's rows are handed to it, in file order, with an estimate of the
// file's rows, rather than kept: so that a file of millions of rows need
// not be held whole when what it adds up to is smaller. The body then
// holds no rows, and count counts them.
func parseBodyInto[R any](s *stream, fields, rowBytes int, row rowFunc[R], unique *uniqueKeys, take func(rows []R, estimate int)) (*body[R], error) {
	workers := runtime.GOMAXPROCS(0)
	slots := make(chan *chunk[R], 2*workers+2)
	for range cap(slots) {
		slots <- &chunk[R]{rows: make([]R, 0, blockSize/rowBytes), fields: make([][]byte, 0, fields)}
	}
	todo := make(chan *chunk[R])
	done := make(chan *chunk[R], cap(slots))
	var wg sync.WaitGroup
	var readErr error
	var halt atomic.Bool // a block's syntax error stopped the file
	stopped := false
	wg.Go(func() {
		defer close(todo)
		if s.pq != nil {
			for i := range s.pq.units {
				c := <-slots
				c.unit, c.seq = &s.pq.units[i], i
				todo <- c
			}
			return
		}
		stopped, readErr = split(s, fields, row, slots, todo, done, &halt)
	})
	for range workers {
		wg.Go(func() {
			var cols pqColumns
			for c := range todo {
				if c.unit != nil {
					c.err = parseUnit(s.pq, *c.unit, row, c, &cols)
				} else if c.quoted {
					c.stopped = parseQuoted(s.name, c.data, c.line, fields, row, c)
				} else {
					parseLines(s.name, c.data, c.line, fields, row, c)
				}
				done <- c
			}
		})
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	// The sequencer: chunks are taken in file order, whatever order the
	// workers finish them in.
	b := &body[R]{partRows: make([]int, len(s.x.parts))}
	pending := map[int]*chunk[R]{}
	next := 0
	for c := range done {
		pending[c.seq] = c
		for c := pending[next]; c != nil; c = pending[next] {
			delete(pending, next)
			next++
			if b.stopped {
				// A syntax error before this block stopped the file.
				c.reset()
				slots <- c
				continue
			}
			if c.stopped {
				b.stopped = true
				halt.Store(true)
			}
			if c.err != nil && readErr == nil {
				readErr = c.err
			}
			if b.estimate == 0 && s.pq != nil {
				b.estimate = s.pq.rows()
				if take == nil {
					b.rows = make([]R, 0, b.estimate)
				}
			}
			if b.estimate == 0 && len(c.data) > 0 {
				// Rows are of much the same size through a file: the
				// first block tells how many the file holds, and the
				// rows are laid out once rather than grown and copied.
				est := int64(len(c.rows)) * s.size / int64(len(c.data))
				b.estimate = int(est + est/32 + 1)
				if take == nil {
					b.rows = make([]R, 0, b.estimate)
				}
				if unique != nil {
					unique.grow(b.estimate, len(c.keys.data)*int(s.size)/len(c.data))
				}
			}
			b.partRows[c.part] += len(c.rows)
			if take != nil {
				s.taking = c.part
				take(c.rows, b.estimate)
				b.count += len(c.rows)
			}
			if take == nil {
				b.rows = append(b.rows, c.rows...)
				b.count = len(b.rows)
			}
			b.issues.Merge(c.issues)
			b.warnings.Merge(c.warnings)
			if unique != nil {
				unique.add(&c.keys)
			}
			c.reset()
			slots <- c
		}
	}
	if readErr != nil {
		return nil, readErr
	}
	b.issues.Merge(s.partIssues)
	if s.partIssues.Total > 0 {
		stopped = true
	}
	for i, n := range b.partRows {
		s.x.parts[i].rows = n
	}
	if unique != nil {
		// Duplicates go to a list of their own, in line order like every
		// list, and merged.
		var dups diag.List
		unique.check(&dups)
		b.issues.Merge(dups)
	}
	b.stopped = b.stopped || stopped
	return b, nil
}

// split reads s block by block, each cut after its last line end outside
// quotes, and sends the blocks to the workers, until the file ends or halt
// is set. A file whose header holds a quote it parses itself through
// encoding/csv, and reports whether a syntax error stopped that. The error
// is an I/O error.
func split[R any](s *stream, fields int, row rowFunc[R], slots chan *chunk[R], todo, done chan<- *chunk[R], halt *atomic.Bool) (bool, error) {
	seq := 0
	for {
		stopped, err := splitPart(s, fields, row, slots, todo, done, halt, &seq)
		if stopped || err != nil || halt.Load() {
			return stopped, err
		}
		if more, err := s.nextPart(); !more || err != nil {
			return false, err
		}
	}
}

// splitPart splits the current part of s, as split describes.
func splitPart[R any](s *stream, fields int, row rowFunc[R], slots chan *chunk[R], todo, done chan<- *chunk[R], halt *atomic.Bool, seq *int) (bool, error) {
	if s.csv != nil {
		c := <-slots
		c.part = s.cur
		return parseCSV(s.csv, 0, s.name, fields, row, c, slots, done, seq)
	}
	carry, line, eof := s.head, s.line, s.eof
	var tail []byte // the carry's own copy: the slots' buffers are reused
	for !halt.Load() {
		c := <-slots
		if cap(c.buf) < blockSize {
			c.buf = make([]byte, 0, blockSize)
		}
		buf := append(c.buf[:0], carry...)
		var cut int
		quoted := false
		for {
			if !eof {
				var err error
				if buf, eof, err = s.fill(buf); err != nil {
					return false, err
				}
			}
			quoted = bytes.IndexByte(buf, '"') >= 0
			if eof {
				cut = len(buf)
				break
			}
			if quoted {
				cut = lastLineEndOutsideQuotes(buf) + 1
			} else {
				cut = bytes.LastIndexByte(buf, '\n') + 1
			}
			if cut > 0 {
				break
			}
			buf = slices.Grow(buf, len(buf)) // a record longer than a block
		}
		c.buf = buf
		tail = append(tail[:0], buf[cut:]...)
		carry = tail
		c.data, c.line, c.seq, c.quoted = buf[:cut], line, *seq, quoted && bytes.IndexByte(buf[:cut], '"') >= 0
		c.part = s.cur
		*seq++
		line += bytes.Count(c.data, []byte("\n"))
		todo <- c
		if eof {
			return false, nil
		}
	}
	return false, nil
}

// lastLineEndOutsideQuotes returns the position of the last line end in b
// that is outside quotes, counting from a record's start, or -1. In valid
// CSV a quote opens or closes a quoted field or is one of a doubled pair
// inside one, so a line end after an even number of quotes ends a record.
func lastLineEndOutsideQuotes(b []byte) int {
	last, in := -1, false
	for i := 0; i < len(b); {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			q = len(b) - i
		}
		if !in {
			if nl := bytes.LastIndexByte(b[i:i+q], '\n'); nl >= 0 {
				last = i + nl
			}
		}
		i += q + 1
		if i <= len(b) {
			in = !in
		}
	}
	return last
}

// parseQuoted parses a block that holds a quote: a line without one as
// parseLines does, and each record that has one through encoding/csv, on
// its own. It reports whether a syntax error stopped the file.
func parseQuoted[R any](file string, data []byte, line, fields int, row rowFunc[R], out *chunk[R]) bool {
	for len(data) > 0 {
		l := data
		if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
			l = data[:nl]
		}
		if bytes.IndexByte(l, '"') < 0 {
			data = data[min(len(l)+1, len(data)):]
			parseLine(file, l, line, fields, row, out)
			line++
			continue
		}
		rec := data[:recordEnd(data)]
		data = data[len(rec):]
		if parseCSVRecords(file, rec, line, fields, row, out) {
			return true
		}
		line += bytes.Count(rec, []byte("\n"))
	}
	return false
}

// recordEnd returns the end of the record that b starts with: after its
// first line end outside quotes, or len(b).
func recordEnd(b []byte) int {
	in := false
	for i, c := range b {
		switch {
		case c == '"':
			in = !in
		case c == '\n' && !in:
			return i + 1
		}
	}
	return len(b)
}

// parseCSVRecords parses data, whose first line is line, through
// encoding/csv. It reports whether a syntax error stopped the file.
func parseCSVRecords[R any](file string, data []byte, line, fields int, row rowFunc[R], out *chunk[R]) bool {
	r := newCSVReader(bytes.NewReader(data))
	r.FieldsPerRecord = fields
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				panic(err) // a bytes.Reader does not fail
			}
			is := syntaxIssue(file, err)
			is.Line += line - 1
			out.issues.Add(is)
			// A row of the wrong length leaves the reader in step;
			// any other syntax error stops the file.
			if errors.Is(err, csv.ErrFieldCount) {
				continue
			}
			return true
		}
		l, _ := r.FieldPos(0)
		out.fields, out.scratch = out.fields[:0], out.scratch[:0]
		for _, f := range rec {
			n := len(out.scratch)
			out.scratch = append(out.scratch, f...)
			out.fields = append(out.fields, out.scratch[n:len(out.scratch):len(out.scratch)])
		}
		row(l+line-1, out.fields, out)
	}
}

// parseCSV parses the rest of a file through encoding/csv, whose lines are
// offset lines into the file, filling chunks from c on. It reports whether
// a syntax error stopped it.
func parseCSV[R any](r *csv.Reader, offset int, file string, fields int, row rowFunc[R], c *chunk[R], slots <-chan *chunk[R], done chan<- *chunk[R], seq *int) (bool, error) {
	r.FieldsPerRecord = fields
	send := func() {
		c.seq = *seq
		*seq++
		done <- c
	}
	defer func() { send() }()
	limit := max(cap(c.rows), 1)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return false, err
			}
			is := syntaxIssue(file, err)
			is.Line += offset
			c.issues.Add(is)
			// A row of the wrong length leaves the reader in step, so
			// the rest is read and every such row reported; any other
			// syntax error stops the file.
			if errors.Is(err, csv.ErrFieldCount) {
				continue
			}
			return true, nil
		}
		line, _ := r.FieldPos(0)
		c.fields, c.scratch = c.fields[:0], c.scratch[:0]
		for _, f := range rec {
			n := len(c.scratch)
			c.scratch = append(c.scratch, f...)
			c.fields = append(c.fields, c.scratch[n:len(c.scratch):len(c.scratch)])
		}
		row(line+offset, c.fields, c)
		if len(c.rows) >= limit {
			send()
			part := c.part
			c = <-slots
			c.part = part
		}
	}
}

// parseLines parses the lines of a block without quotes. Empty lines are
// skipped, as encoding/csv skips them.
func parseLines[R any](file string, data []byte, line, fields int, row rowFunc[R], out *chunk[R]) {
	for ; len(data) > 0; line++ {
		var l []byte
		if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
			l, data = data[:nl], data[nl+1:]
		} else {
			l, data = data, nil
		}
		parseLine(file, l, line, fields, row, out)
	}
}

// parseLine parses l, a line without quotes and without its line end.
func parseLine[R any](file string, l []byte, line, fields int, row rowFunc[R], out *chunk[R]) {
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	if len(l) == 0 {
		return
	}
	f := out.fields[:0]
	for {
		c := bytes.IndexByte(l, ',')
		if c < 0 {
			f = append(f, l)
			break
		}
		f = append(f, l[:c])
		l = l[c+1:]
	}
	out.fields = f
	if len(f) != fields {
		out.issues.Add(diag.Issue{File: file, Line: line, Msg: msgFieldCount})
		return
	}
	row(line, f, out)
}

// keyList holds keys of rows, such as ticket ids, end to end, with the
// line and a hash of each.
type keyList struct {
	data   []byte
	ends   []int32
	lines  []int32
	hashes []uint64
}

// keyHash hashes keys, with one seed for every chunk. Tests replace it to
// make keys share a hash.
var keyHash = func() func([]byte) uint64 {
	seed := maphash.MakeSeed()
	return func(b []byte) uint64 { return maphash.Bytes(seed, b) }
}()

// add adds the key of the row at line: its parts, joined by zero bytes.
func (k *keyList) add(line int, parts ...[]byte) {
	start := len(k.data)
	for i, p := range parts {
		if i > 0 {
			k.data = append(k.data, 0)
		}
		k.data = append(k.data, p...)
	}
	k.ends = append(k.ends, int32(len(k.data)))
	k.lines = append(k.lines, int32(line))
	k.hashes = append(k.hashes, keyHash(k.data[start:]))
}

func (k *keyList) key(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = k.ends[i-1]
	}
	return k.data[start:k.ends[i]]
}

func (k *keyList) reset() {
	k.data, k.ends, k.lines, k.hashes = k.data[:0], k.ends[:0], k.lines[:0], k.hashes[:0]
}

// uniqueKeys finds keys given twice in a file. A map of a million keys
// costs a million random writes to a structure larger than the caches,
// slowing every worker; so the keys' hashes are sorted instead, and only
// keys whose hash repeats are compared byte for byte, so that two keys
// that merely share a hash are not taken for one.
type uniqueKeys struct {
	file, column string
	what         func(key []byte) string // words a key for messages: `ticket "T1"`
	keys         keyList
}

func newUniqueKeys(file, column string, what func(key []byte) string) *uniqueKeys {
	return &uniqueKeys{file: file, column: column, what: what}
}

// grow makes room for n keys of size bytes in all.
func (u *uniqueKeys) grow(n, size int) {
	u.keys.data = slices.Grow(u.keys.data, size+size/32)
	u.keys.ends = slices.Grow(u.keys.ends, n)
	u.keys.lines = slices.Grow(u.keys.lines, n)
	u.keys.hashes = slices.Grow(u.keys.hashes, n)
}

// add adds the keys of a chunk, in file order.
func (u *uniqueKeys) add(k *keyList) {
	base := int32(len(u.keys.data))
	u.keys.data = append(u.keys.data, k.data...)
	for _, e := range k.ends {
		u.keys.ends = append(u.keys.ends, base+e)
	}
	u.keys.lines = append(u.keys.lines, k.lines...)
	u.keys.hashes = append(u.keys.hashes, k.hashes...)
}

// check reports every key given before, at its line.
func (u *uniqueKeys) check(issues *diag.List) {
	// The hashes are sorted in place: the rare file whose hashes repeat
	// has them computed again, in file order.
	hashes := u.keys.hashes
	slices.Sort(hashes)
	repeated := map[uint64]bool{}
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			repeated[hashes[i]] = true
		}
	}
	if len(repeated) == 0 {
		return
	}
	first := map[string]int32{}
	for i, line := range u.keys.lines {
		key := u.keys.key(i)
		if !repeated[keyHash(key)] {
			continue
		}
		if l, dup := first[string(key)]; dup {
			issues.Addf(u.file, int(line), u.column, "duplicate %s (first on line %d)", u.what(key), l)
		} else {
			first[string(key)] = line
		}
	}
}

// report adds b's problems to issues and its warnings to warnings, which
// may be nil when the file has none, and tells whether the rows can be
// used: there are some, and no problem.
func (b *body[R]) report(file string, issues, warnings *diag.List) bool {
	if b.count == 0 && b.issues.Total == 0 {
		issues.Addf(file, 0, "", "file has a header but no data rows")
		return false
	}
	issues.Merge(b.issues)
	if warnings != nil {
		warnings.Merge(b.warnings)
	}
	return b.issues.Total == 0
}

// account returns the index of the account that id names, reporting an
// empty or unknown one at line.
func (c *chunk[R]) account(file string, line int, id []byte, accounts *accountTable) (int32, bool) {
	id = trim(id)
	// Extracts list an account's rows together, so most rows name the
	// account the row before named, and a comparison saves a lookup. Most
	// list the accounts in the order of accounts.csv too, so the next
	// account is compared next: a lookup in a map of a million accounts
	// misses the caches.
	if len(id) > 0 && bytes.Equal(id, c.lastID) {
		return c.lastAcct, true
	}
	next := c.lastAcct + 1
	if c.lastID == nil {
		next = 0
	}
	if int(next) < len(accounts.list) && accounts.list[next].ID == string(id) && len(id) > 0 {
		c.lastID, c.lastAcct = append(c.lastID[:0], id...), next
		return next, true
	}
	acct, ok := lookupAccount(file, line, id, accounts.index, &c.issues)
	if ok {
		c.lastID, c.lastAcct = append(c.lastID[:0], id...), acct
	}
	return acct, ok
}

// trim is bytes.TrimSpace with a fast path for the common value that has
// no space to trim.
func trim(b []byte) []byte {
	if n := len(b); n == 0 || b[0] > ' ' && b[n-1] > ' ' && b[0] < 0x80 && b[n-1] < 0x80 {
		return b
	}
	return bytes.TrimSpace(b)
}
