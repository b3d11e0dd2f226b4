package load

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// pqCol is a column of a Parquet file written by a test: its type, and
// how a CSV value becomes a value of it (nil: NULL).
type pqCol struct {
	name  string
	node  parquet.Node
	value func(t testing.TB, s string) *parquet.Value
}

// typedColumns gives each column of a CSV extract the type a warehouse
// would unload it as: money as DECIMAL(18,2), months and dates as DATE,
// times as TIMESTAMP, the rest as strings. A column whose values are not
// all of its kind (weeks given as 2026-W43) stays a string.
func typedColumns(t testing.TB, extract string, header []string, rows [][]string) []pqCol {
	kinds := columnKinds[extract]
	var cols []pqCol
	for j, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		all := func(ok func(string) bool) bool {
			for _, r := range rows {
				if r[j] != "" && !ok(r[j]) {
					return false
				}
			}
			return true
		}
		isDay := func(s string) bool { _, err := time.Parse(time.DateOnly, s); return err == nil }
		isMonth := func(s string) bool { _, err := time.Parse("2006-01", s); return err == nil }
		isTime := func(s string) bool { _, err := parseTestTime(s); return err == nil }
		c := pqCol{name: h, node: parquet.Optional(parquet.Encoded(parquet.String(), &parquet.RLEDictionary)), value: func(_ testing.TB, s string) *parquet.Value {
			v := parquet.ByteArrayValue([]byte(s))
			return &v
		}}
		switch k := kinds[name]; {
		case k == moneyCol:
			c.node = parquet.Optional(parquet.Decimal(2, 18, parquet.Int64Type))
			c.value = func(t testing.TB, s string) *parquet.Value {
				a, err := money.Parse(s)
				if err != nil {
					t.Fatalf("%s: %v", s, err)
				}
				v := parquet.Int64Value(int64(a))
				return &v
			}
		case k == monthCol && all(isMonth):
			c.node = parquet.Optional(parquet.Encoded(parquet.Date(), &parquet.RLEDictionary))
			c.value = func(t testing.TB, s string) *parquet.Value {
				d, _ := time.Parse("2006-01", s)
				v := parquet.Int32Value(int32(d.Unix() / 86400))
				return &v
			}
		case k == dayCol && all(isDay):
			c.node = parquet.Optional(parquet.Date())
			c.value = func(t testing.TB, s string) *parquet.Value {
				d, _ := time.Parse(time.DateOnly, s)
				v := parquet.Int32Value(int32(d.Unix() / 86400))
				return &v
			}
		case k == timeCol && all(isTime):
			c.node = parquet.Optional(parquet.Timestamp(parquet.Microsecond))
			c.value = func(t testing.TB, s string) *parquet.Value {
				d, _ := parseTestTime(s)
				v := parquet.Int64Value(d.UnixMicro())
				return &v
			}
		}
		cols = append(cols, c)
	}
	return cols
}

func parseTestTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", time.DateOnly, "2006-01-02 15:04:05Z07:00"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Parse(time.RFC3339, s)
}

// writeParquet writes rows as a Parquet file of cols.
func writeParquet(t testing.TB, path string, cols []pqCol, rows [][]string, opts ...parquet.WriterOption) {
	t.Helper()
	group := parquet.Group{}
	for _, c := range cols {
		group[c.name] = c.node
	}
	schema := parquet.NewSchema("extract", group)
	// A Group orders its fields by name: the rows are laid out so.
	order := make([]int, len(cols))
	for i, f := range schema.Fields() {
		order[i] = slices.IndexFunc(cols, func(c pqCol) bool { return c.name == f.Name() })
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(f, append([]parquet.WriterOption{schema}, opts...)...)
	batch := make([]parquet.Row, 0, 1024)
	flush := func() {
		if _, err := w.WriteRows(batch); err != nil {
			t.Fatal(err)
		}
		batch = batch[:0]
	}
	for _, r := range rows {
		row := make(parquet.Row, len(cols))
		for i, j := range order {
			if r[j] == "" {
				row[i] = parquet.NullValue().Level(0, 0, i)
				continue
			}
			v := cols[j].value(t, r[j])
			if v == nil {
				row[i] = parquet.NullValue().Level(0, 0, i)
			} else {
				row[i] = v.Level(0, 1, i)
			}
		}
		batch = append(batch, row)
		if len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// readTestCSV reads a CSV extract.
func readTestCSV(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, bom))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// csvToParquet writes the CSV extract at src as Parquet parts of at most
// rowsPerPart rows each (one file when rowsPerPart is 0), into the folder
// dst/NAME/ (or the file dst/NAME.parquet).
func csvToParquet(t testing.TB, src, dst string, rowsPerPart int, opts ...parquet.WriterOption) {
	t.Helper()
	extract := filepath.Base(src)
	header, rows := readTestCSV(t, src)
	cols := typedColumns(t, extract, header, rows)
	base := strings.TrimSuffix(extract, ".csv")
	if rowsPerPart == 0 {
		writeParquet(t, filepath.Join(dst, base+".parquet"), cols, rows, opts...)
		return
	}
	if err := os.MkdirAll(filepath.Join(dst, base), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i*rowsPerPart < len(rows); i++ {
		part := rows[i*rowsPerPart : min((i+1)*rowsPerPart, len(rows))]
		writeParquet(t, filepath.Join(dst, base, partName(i)+".parquet"), cols, part, opts...)
	}
}

// partName names the i-th part as BigQuery does.
func partName(i int) string {
	s := "00000000000" + string(rune('0'+i/10)) + string(rune('0'+i%10))
	return s[len(s)-12:]
}

// gzipFile writes data gzip-compressed to path.
func gzipFile(t testing.TB, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var codecs = map[string]compress.Codec{"snappy": &parquet.Snappy, "zstd": &parquet.Zstd, "gzip": &parquet.Gzip}
