package load

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/diag"
)

// record is a parsed record as the property test keeps it.
type record struct {
	line   int
	fields string
}

// recordRow keeps every record, and reports a field "bad" as a problem,
// so that problems travel the paths that rows do.
func recordRow(line int, f [][]byte, out *chunk[record]) {
	if i := slices.IndexFunc(f, func(b []byte) bool { return string(b) == "bad" }); i >= 0 {
		out.issues.Addf("t.csv", line, fmt.Sprint(i), "bad")
		return
	}
	out.rows = append(out.rows, record{line, string(bytes.Join(f, []byte("|")))})
}

// referenceParse reads data whole through encoding/csv, the simple way.
func referenceParse(data []byte) ([]record, diag.List) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	var c chunk[record]
	if _, err := r.Read(); err != nil {
		return nil, diag.List{}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.issues.Add(syntaxIssue("t.csv", err))
			if errors.Is(err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := r.FieldPos(0)
		f := make([][]byte, len(rec))
		for i, s := range rec {
			f[i] = []byte(s)
		}
		recordRow(line, f, &c)
	}
	return c.rows, c.issues
}

// openTestStream writes data to a file called name and opens it as a
// stream, its header read.
func openTestStream(t *testing.T, name string, data []byte) (*stream, columns) {
	t.Helper()
	s, err := openStream(writeFiles(t, map[string]string{name: string(data)}), name, &diag.List{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	var issues diag.List
	cols, ok, err := s.header(&issues)
	if err != nil || !ok {
		t.Fatalf("header: %v %v", err, issues.Issues)
	}
	return s, cols
}

// streamParse parses data through the stream.
func streamParse(t *testing.T, data []byte) ([]record, diag.List) {
	t.Helper()
	s, cols := openTestStream(t, "t.csv", data)
	b, err := parseBody(s, len(cols.names), 8, recordRow, nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.source(len(b.rows), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if src.SHA256 != sha(string(data)) || src.Bytes != int64(len(data)) {
		t.Errorf("the stream read %d bytes hashing to %s, want %d hashing to %s", src.Bytes, src.SHA256, len(data), sha(string(data)))
	}
	return b.rows, b.issues
}

// randomCSV returns a CSV file of three columns: plain or quoted fields,
// quoted line ends and quotes, blank lines, rows of the wrong length, CRLF
// and LF, and now and then a syntax error. Quotes may start at any line,
// so the switch to encoding/csv falls anywhere.
func randomCSV(r *rand.Rand, lines int) []byte {
	var b bytes.Buffer
	if r.IntN(4) == 0 {
		b.WriteString(bomMark)
	}
	b.WriteString("a,b,c\n")
	quoteFrom := lines + 1
	if r.IntN(3) > 0 {
		quoteFrom = r.IntN(lines + 1)
	}
	field := func(i int) string {
		switch r.IntN(12) {
		case 0:
			return ""
		case 1:
			return "bad"
		case 2:
			return " padded "
		case 3, 4:
			if i >= quoteFrom {
				return `"` + []string{"x,y", "two\nlines", `say ""hi""`, "a\r\nb", ""}[r.IntN(5)] + `"`
			}
		}
		return strings.Repeat("v", r.IntN(30))
	}
	for i := range lines {
		switch r.IntN(30) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			b.WriteString(field(i) + "," + field(i) + "\n") // two fields
			continue
		case 2:
			if i >= quoteFrom && r.IntN(4) == 0 {
				b.WriteString("x\"y,1,2\n") // a bare quote stops encoding/csv
				continue
			}
		}
		b.WriteString(field(i) + "," + field(i) + "," + field(i))
		if i < lines-1 || r.IntN(2) == 0 {
			b.WriteString([]string{"\n", "\r\n"}[r.IntN(2)])
		}
	}
	return b.Bytes()
}

// TestStreamAgreesWithEncodingCSV is a property test: however a file is
// cut into blocks and however many workers parse them, the stream gives
// the records and the problems, at their lines, that encoding/csv gives
// reading the file whole.
func TestStreamAgreesWithEncodingCSV(t *testing.T) {
	iterations := 300
	if testing.Short() {
		iterations = 40
	}
	for seed := range uint64(iterations) {
		r := rand.New(rand.NewPCG(seed, 0xb10c))
		data := randomCSV(r, 1+r.IntN(400))
		size := []int{1, 7, 64, 333, 4096, 1 << 20}[seed%6]
		procs := 1 + int(seed%3)
		t.Run(fmt.Sprintf("seed%d/blocks of %d/procs %d", seed, size, procs), func(t *testing.T) {
			withBlockSize(t, size)
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			wantRows, wantIssues := referenceParse(data)
			rows, issues := streamParse(t, data)
			if !slices.Equal(rows, wantRows) {
				t.Fatalf("records differ from encoding/csv's\ngot  %v\nwant %v\nfile:\n%q", rows, wantRows, data)
			}
			// The stream keeps more than the first diag.MaxShown, which its
			// caller cuts: the first ones and the count must agree.
			got, want := issueLines(issues.Sorted()), issueLines(wantIssues.Sorted())
			if !slices.Equal(got, want) || issues.Total != wantIssues.Total {
				t.Fatalf("problems differ from encoding/csv's\ngot  %d: %q\nwant %d: %q\nfile:\n%q", issues.Total, got, wantIssues.Total, want, data)
			}
		})
	}
}

func TestSortByAccount(t *testing.T) {
	type row struct {
		account int32
		key     int
		order   int // the file's order, which ties must keep
	}
	byKey := func(a, b row) int { return cmp.Compare(a.key, b.key) }
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 5))
		accounts := 1 + r.IntN(20)
		rows := make([]row, r.IntN(300))
		for i := range rows {
			rows[i] = row{int32(r.IntN(accounts)), r.IntN(5), i}
		}
		switch seed % 3 {
		case 0: // already in order, as most extracts are
			slices.SortStableFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(a.account, b.account), byKey(a, b)) })
		case 1: // in account order only
			slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.account, b.account) })
		}
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(a, b row) int { return cmp.Or(cmp.Compare(a.account, b.account), byKey(a, b)) })
		sortByAccount(rows, accounts, func(r *row) int32 { return r.account }, byKey)
		if !slices.Equal(rows, want) {
			t.Fatalf("seed %d: got\n%v\nwant\n%v", seed, rows, want)
		}
	}
}

// TestUniqueKeysSharedHash checks that keys are compared, not only their
// hashes: with every key hashing alike, only the true duplicate counts.
func TestUniqueKeysSharedHash(t *testing.T) {
	defer func(h func([]byte) uint64) { keyHash = h }(keyHash)
	keyHash = func([]byte) uint64 { return 7 }
	u := newUniqueKeys("t.csv", "ticket_id", ticketKey)
	var first, second keyList
	first.add(2, []byte("T1"))
	first.add(3, []byte("T2"))
	second.add(4, []byte("T1"))
	second.add(5, []byte("T3"))
	u.add(&first)
	u.add(&second)
	var issues diag.List
	u.check(&issues)
	checkIssues(t, issues.Issues, []string{`t.csv:4:ticket_id: duplicate ticket "T1" (first on line 2)`})
}
