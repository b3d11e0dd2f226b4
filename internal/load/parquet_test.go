package load

import (
	"encoding/binary"
	"github.com/boardpack/boardpack/internal/diag"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
)

// col returns a test column of node whose values are made by value from
// the CSV text.
func col(name string, node parquet.Node, value func(s string) parquet.Value) pqCol {
	return pqCol{name: name, node: parquet.Optional(node), value: func(_ testing.TB, s string) *parquet.Value {
		v := value(s)
		return &v
	}}
}

func str(name string) pqCol {
	return col(name, parquet.String(), func(s string) parquet.Value { return parquet.ByteArrayValue([]byte(s)) })
}

func atoi(s string) int64 {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return n.Int64()
}

// be128 returns n as a 16-byte big-endian two's complement integer.
func be128(s string) []byte {
	n, _ := new(big.Int).SetString(s, 10)
	if n.Sign() < 0 {
		n.Add(n, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	b := n.FillBytes(make([]byte, 16))
	return b
}

func day(s string) int32 {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(s)
	}
	return int32(d.Unix() / 86400)
}

// readText writes out every row of a Parquet file as readers see it.
func readText(t *testing.T, extract, path string) [][]string {
	t.Helper()
	st, _ := os.Stat(path)
	var issues diag.List
	q, ok, err := openParquet(extract, &part{name: filepath.Base(path), path: path, kind: parquetPart, size: st.Size()}, &issues)
	if err != nil || !ok {
		t.Fatalf("openParquet: %v %v", err, issues.Issues)
	}
	defer q.close()
	var out [][]string
	var cols pqColumns
	for g := range q.pf.RowGroups() {
		n, err := cols.read(q, g)
		if err != nil {
			t.Fatal(err)
		}
		for r := range n {
			var rec []string
			for j, f := range cols.fields(r, nil) {
				rec = append(rec, q.names[j]+"="+string(f))
			}
			out = append(out, rec)
		}
	}
	return out
}

func TestParquetValues(t *testing.T) {
	cols := []pqCol{
		col("a_id", parquet.Encoded(parquet.String(), &parquet.RLEDictionary), func(s string) parquet.Value { return parquet.ByteArrayValue([]byte(s)) }),
		col("b_dec64", parquet.Decimal(2, 18, parquet.Int64Type), func(s string) parquet.Value { return parquet.Int64Value(atoi(s)) }),
		col("c_dec32", parquet.Decimal(3, 9, parquet.Int32Type), func(s string) parquet.Value { return parquet.Int32Value(int32(atoi(s))) }),
		col("d_dec128", parquet.Decimal(2, 38, parquet.FixedLenByteArrayType(16)), func(s string) parquet.Value { return parquet.FixedLenByteArrayValue(be128(s)) }),
		col("e_date", parquet.Encoded(parquet.Date(), &parquet.RLEDictionary), func(s string) parquet.Value { return parquet.Int32Value(day(s)) }),
		col("f_ts_micros", parquet.Timestamp(parquet.Microsecond), func(s string) parquet.Value { return parquet.Int64Value(atoi(s)) }),
		col("g_ts_millis_local", parquet.TimestampAdjusted(parquet.Millisecond, false), func(s string) parquet.Value { return parquet.Int64Value(atoi(s)) }),
		col("h_int", parquet.Leaf(parquet.Int64Type), func(s string) parquet.Value { return parquet.Int64Value(atoi(s)) }),
		col("i_bool", parquet.Leaf(parquet.BooleanType), func(s string) parquet.Value { return parquet.BooleanValue(s == "1") }),
		col("j_double", parquet.Leaf(parquet.DoubleType), func(s string) parquet.Value { return parquet.DoubleValue(float64(atoi(s)) / 4) }),
		col("k_uint", parquet.Uint(32), func(s string) parquet.Value { return parquet.Int32Value(int32(uint32(atoi(s)))) }),
	}
	rows := [][]string{
		{"A1", "1234567", "-5", "-12345678901234567890123", "2026-10-31", "1793196300000000", "1793196300123", "-7", "1", "3", "4294967295"},
		{"A2", "-1", "12000", "5", "1970-01-01", "1793196300000001", "0", "0", "0", "-1", "0"},
		{"", "", "", "", "", "", "", "", "", "", ""},
		{"A4", "0", "0", "-99", "1900-03-01", "-1", "1", "9223372036854775807", "1", "2", "1"},
	}
	want := [][]string{
		{"a_id=A1", "b_dec64=12345.67", "c_dec32=-0.005", "d_dec128=-123456789012345678901.23", "e_date=2026-10-31",
			"f_ts_micros=2026-10-28T14:05:00Z", "g_ts_millis_local=2026-10-28T14:05:00.123", "h_int=-7", "i_bool=true", "j_double=0.75", "k_uint=4294967295"},
		{"a_id=A2", "b_dec64=-0.01", "c_dec32=12.000", "d_dec128=0.05", "e_date=1970-01-01",
			"f_ts_micros=2026-10-28T14:05:00.000001Z", "g_ts_millis_local=1970-01-01T00:00:00", "h_int=0", "i_bool=false", "j_double=-0.25", "k_uint=0"},
		{"a_id=", "b_dec64=", "c_dec32=", "d_dec128=", "e_date=", "f_ts_micros=", "g_ts_millis_local=", "h_int=", "i_bool=", "j_double=", "k_uint="},
		{"a_id=A4", "b_dec64=0.00", "c_dec32=0.000", "d_dec128=-0.99", "e_date=1900-03-01",
			"f_ts_micros=1969-12-31T23:59:59.999999Z", "g_ts_millis_local=1970-01-01T00:00:00.001", "h_int=9223372036854775807", "i_bool=true", "j_double=0.5", "k_uint=1"},
	}
	for name, codec := range codecs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.parquet")
			// Two rows a row group: several row groups.
			writeParquet(t, path, cols, rows, parquet.Compression(codec), parquet.MaxRowsPerRowGroup(2))
			got := readText(t, "x.csv", path)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("got\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestAppendDecimal(t *testing.T) {
	for _, c := range []struct {
		u     int64
		scale int
		want  string
	}{
		{0, 2, "0.00"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {100, 2, "1.00"}, {-9223372036854775808, 2, "-92233720368547758.08"},
		{7, 0, "7"}, {7, -2, "700"}, {123, 5, "0.00123"},
	} {
		if got := string(appendDecimal(nil, c.u, c.scale)); got != c.want {
			t.Errorf("appendDecimal(%d, %d) = %s, want %s", c.u, c.scale, got, c.want)
		}
	}
	// Every length of a big-endian integer, fast path or not.
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{[]byte{0xff}, "-0.01"}, {[]byte{0x01, 0x00}, "2.56"}, {[]byte{0x80, 0, 0, 0, 0, 0, 0, 0}, "-92233720368547758.08"},
		{[]byte{0, 0x80, 0, 0, 0, 0, 0, 0, 0}, "92233720368547758.08"}, {be128("-1"), "-0.01"},
	} {
		if got := string(appendBigDecimal(nil, c.b, 2)); got != c.want {
			t.Errorf("appendBigDecimal(%x) = %s, want %s", c.b, got, c.want)
		}
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], 1)
	if got := string(appendBigDecimal(nil, b[:], 2)); got != "0.01" {
		t.Errorf("appendBigDecimal(1) = %s", got)
	}
}

func TestCivil(t *testing.T) {
	for d := int64(-719162); d < 2932897; d += 37 { // 0001-01-01 to 9999-12-31
		want := time.Unix(d*86400, 0).UTC().Format(time.DateOnly)
		if got := string(appendDay(nil, d, false)); got != want {
			t.Fatalf("day %d: %s, want %s", d, got, want)
		}
	}
}

// shapeCase is a data folder with a problem in the shape or the parts of
// an extract, and the problems it must give.
func TestShapeErrors(t *testing.T) {
	accounts := "account_id\nA1\nA2\nA3\n"
	arrCols := []pqCol{str("account_id"), str("month"),
		col("arr", parquet.Decimal(3, 18, parquet.Int64Type), func(s string) parquet.Value { return parquet.Int64Value(atoi(s)) })}
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // the problems, or the error's text
	}{
		{"two shapes", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			os.WriteFile(filepath.Join(dir, "arr_monthly", "a.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
		}, []string{"arr_monthly.csv: found as arr_monthly.csv and arr_monthly/: keep one shape of the extract, so that no row is read twice"}},
		{"csv and parquet", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
			writeParquet(t, filepath.Join(dir, "arr_monthly.parquet"), arrCols, [][]string{{"A1", "2026-01", "1000"}})
		}, []string{"arr_monthly.csv: found as arr_monthly.csv and arr_monthly.parquet: keep one shape of the extract, so that no row is read twice"}},
		{"mixed parts", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			os.WriteFile(filepath.Join(dir, "arr_monthly", "a.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
			writeParquet(t, filepath.Join(dir, "arr_monthly", "b.parquet"), arrCols, [][]string{{"A1", "2026-01", "1000"}})
		}, []string{"arr_monthly/: the folder mixes parts of different kinds, CSV (arr_monthly/a.csv) and Parquet (arr_monthly/b.parquet): unload every part in one format"}},
		{"csv part with other columns", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			os.WriteFile(filepath.Join(dir, "arr_monthly", "a.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "arr_monthly", "b.csv"), []byte("account_id,arr,month\nA1,1,2026-02\n"), 0o644)
		}, []string{"arr_monthly/b.csv:1: the header differs from the first part's: it has account_id, arr, month, the first part account_id, month, arr: unload every part with the same columns"}},
		{"parquet part with other columns", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			writeParquet(t, filepath.Join(dir, "arr_monthly", "0.parquet"), arrCols, [][]string{{"A1", "2026-01", "1000"}})
			writeParquet(t, filepath.Join(dir, "arr_monthly", "1.parquet"), append(arrCols, str("currency")), [][]string{{"A1", "2026-02", "1000", "USD"}})
		}, []string{"arr_monthly/1.parquet: the columns differ from the first part's: it has account_id, arr, currency, month, the first part account_id, arr, month: unload every part with the same columns"}},
		{"double money", func(t *testing.T, dir string) {
			writeParquet(t, filepath.Join(dir, "arr_monthly.parquet"), []pqCol{str("account_id"), str("month"),
				col("arr", parquet.Leaf(parquet.DoubleType), func(s string) parquet.Value { return parquet.DoubleValue(1.5) })}, [][]string{{"A1", "2026-01", "1"}})
		}, []string{"arr_monthly.parquet:arr: a DOUBLE column cannot hold money exactly: cast it to DECIMAL(18,2) in the unload"}},
		{"int96", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
			writeParquet(t, filepath.Join(dir, "tickets.parquet"), []pqCol{str("ticket_id"), str("account_id"),
				col("opened_at", parquet.Leaf(parquet.Int96Type), func(s string) parquet.Value { return parquet.Int96Value(deprecated.Int96{1, 2, 3}) }),
				str("first_response_at"), str("resolved_at"), str("priority"), str("category")}, [][]string{{"T1", "A1", "x", "", "", "P1", "bug"}})
		}, []string{"tickets.parquet:opened_at: INT96 timestamps are not supported: write TIMESTAMP (microseconds) in the unload, or cast the column to a string"}},
		{"not parquet", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "arr_monthly.parquet"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
		}, []string{"arr_monthly.parquet: not a readable Parquet file"}},
		{"rows of parts", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			writeParquet(t, filepath.Join(dir, "arr_monthly", "0.parquet"), arrCols, [][]string{{"A1", "2026-01", "1000"}, {"A2", "2026-01", "1000"}})
			writeParquet(t, filepath.Join(dir, "arr_monthly", "1.parquet"), arrCols, [][]string{{"A1", "2026-02", "1000"}, {"A9", "2026-02", "1000"}, {"A2", "2026-02", "-10"}, {"A3", "2026-02", "1005"}},
				parquet.MaxRowsPerRowGroup(2))
		}, []string{
			`arr_monthly/1.parquet:2:account_id: account "A9" is not in accounts.csv`,
			`arr_monthly/1.parquet:3:arr: ARR must not be negative, got -0.010`,
			`arr_monthly/1.parquet:4:arr: cannot use "1.005": more than two decimal places (round to cents in the extract)`,
		}},
		{"lines of csv parts", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "arr_monthly"), 0o755)
			os.WriteFile(filepath.Join(dir, "arr_monthly", "a.csv.gz"), nil, 0o644)
			gzipFile(t, filepath.Join(dir, "arr_monthly", "a.csv.gz"), []byte("account_id,month,arr\nA1,2026-01,1\nA2,2026-01,x\n"))
			gzipFile(t, filepath.Join(dir, "arr_monthly", "b.csv.gz"), []byte("A1,2026-02,1\n\nA9,2026-02,1"))
			gzipFile(t, filepath.Join(dir, "arr_monthly", "c.csv.gz"), []byte("account_id,month,arr\nA1,\"2026-03\",1\nA1,2026-13,1\n"))
		}, []string{
			`arr_monthly/a.csv.gz:3:arr: cannot parse "x" as a number (write a plain decimal such as 12000.50: no thousands separators or currency symbols)`,
			`arr_monthly/b.csv.gz:3:account_id: account "A9" is not in accounts.csv`,
			`arr_monthly/c.csv.gz:3:month: cannot parse "2026-13" as a month (YYYY-MM)`,
		}},
		{"duplicates across parts", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "accounts.csv"))
			os.Mkdir(filepath.Join(dir, "accounts"), 0o755)
			os.WriteFile(filepath.Join(dir, "accounts", "a.csv"), []byte("account_id\nA1\nA2\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "accounts", "b.csv"), []byte("account_id\nA3\nA1\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv"), []byte("account_id,month,arr\nA1,2026-01,1\n"), 0o644)
		}, []string{`accounts/b.csv:3:account_id: duplicate account "A1" (first on accounts/a.csv:2)`}},
		{"truncated gzip", func(t *testing.T, dir string) {
			gzipFile(t, filepath.Join(dir, "arr_monthly.csv.gz"), []byte(strings.Repeat("account_id,month,arr\nA1,2026-01,1\n", 1000)))
			data, _ := os.ReadFile(filepath.Join(dir, "arr_monthly.csv.gz"))
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv.gz"), data[:len(data)/2], 0o644)
		}, []string{"arr_monthly.csv.gz: the gzip file is truncated: unload it again"}},
		{"not gzip", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "arr_monthly.csv.gz"), []byte("account_id,month,arr\n"), 0o644)
		}, []string{"arr_monthly.csv.gz: cannot decompress the gzip file (gzip: invalid header): unload it again"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"accounts.csv": accounts})
			c.setup(t, dir)
			_, err := Load(dir, Options{Currency: "USD"})
			if err == nil {
				t.Fatal("Load succeeded")
			}
			var got []string
			if le, ok := err.(*diag.List); ok {
				got = issueLines(le.Issues)
			} else {
				got = []string{err.Error()}
			}
			if len(got) != len(c.want) {
				t.Fatalf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], c.want[i]) {
					t.Errorf("got\n\t%s\nwant\n\t%s", got[i], c.want[i])
				}
			}
		})
	}
}

// TestParquetDuckDB reads a file that DuckDB wrote (scripts/duckdb-fixture.sh):
// DECIMAL(18,2) as INT64 and DECIMAL(38,2) as a 16-byte array, DATE,
// TIMESTAMP WITH TIME ZONE, NULLs, zstd pages, three row groups.
func TestParquetDuckDB(t *testing.T) {
	rows := readText(t, ARRMonthlyFile, "testdata/duckdb/mixed.parquet")
	if len(rows) != 2500 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, c := range []struct {
		row  int
		want string
	}{
		{1, "account_id=A00001 month=2024-02 arr=123.45 big=-0.01 day=2026-10-30 at=2026-10-31T14:05:01Z n=1"},
		{7, "account_id=A00007 month=2024-08 arr=864.15 big= day=2026-10-24 at=2026-10-31T14:05:07Z n=2"},
		{2500, "account_id=A02500 month=2024-05 arr=308625.00 big=-25.00 day=2019-12-27 at=2026-10-31T14:46:40Z n=0"},
	} {
		if got := strings.Join(rows[c.row-1], " "); got != c.want {
			t.Errorf("row %d:\n\t%s\nwant\n\t%s", c.row, got, c.want)
		}
	}
	// The money sums exactly: 123.45 × (1 + 2 + ... + 2500).
	var sum money.Amount
	for _, r := range rows {
		a, err := money.Parse(strings.TrimPrefix(r[2], "arr="))
		if err != nil {
			t.Fatal(err)
		}
		sum += a
	}
	if sum.String() != "385935562.50" {
		t.Errorf("the arr column sums to %s", sum)
	}
}
