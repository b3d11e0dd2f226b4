package cli_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGzip compresses a file as a warehouse unloads it, FILE to FILE.gz,
// and removes FILE; -truncate keeps the first half of the compressed
// bytes, as an interrupted download does.
//
//	gzip [-truncate] FILE
func cmdGzip(ts *testscript.TestScript, neg bool, args []string) {
	truncate := len(args) > 0 && args[0] == "-truncate"
	if truncate {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gzip [-truncate] FILE")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	ts.Check(zw.Close())
	out := b.Bytes()
	if truncate {
		out = out[:len(out)/2]
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]+".gz"), out, 0o644))
	ts.Check(os.Remove(ts.MkAbs(args[0])))
}

// cmdParquet writes a CSV file as Parquet: every column a string but
// those named, which are DECIMAL(18,2), DOUBLE or INT96 (from the value as
// a number of days).
//
//	parquet [-decimal COL] [-double COL] [-int96 COL] CSV PARQUET
func cmdParquet(ts *testscript.TestScript, neg bool, args []string) {
	kinds := map[string]string{}
	for len(args) > 2 && args[0][0] == '-' {
		kinds[args[1]] = args[0][1:]
		args = args[2:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: parquet [-decimal COL] [-double COL] [-int96 COL] CSV PARQUET")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	ts.Check(err)
	group := parquet.Group{}
	for _, h := range recs[0] {
		switch kinds[h] {
		case "decimal":
			group[h] = parquet.Optional(parquet.Decimal(2, 18, parquet.Int64Type))
		case "double":
			group[h] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		case "int96":
			group[h] = parquet.Optional(parquet.Leaf(parquet.Int96Type))
		default:
			group[h] = parquet.Optional(parquet.String())
		}
	}
	schema := parquet.NewSchema("extract", group)
	f, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	w := parquet.NewWriter(f, schema)
	for _, rec := range recs[1:] {
		var row parquet.Row
		for i, fld := range schema.Fields() {
			j := 0
			for k, h := range recs[0] {
				if h == fld.Name() {
					j = k
				}
			}
			s := rec[j]
			if s == "" {
				row = append(row, parquet.NullValue().Level(0, 0, i))
				continue
			}
			var v parquet.Value
			switch kinds[fld.Name()] {
			case "decimal", "double":
				x, err := strconv.ParseFloat(s, 64)
				ts.Check(err)
				if kinds[fld.Name()] == "double" {
					v = parquet.DoubleValue(x)
				} else {
					// The test data's amounts are exact in a float.
					v = parquet.Int64Value(int64(x*100 + 0.5))
				}
			case "int96":
				v = parquet.Int96Value(deprecated.Int96{0, 0, 2460000})
			default:
				v = parquet.ByteArrayValue([]byte(s))
			}
			row = append(row, v.Level(0, 1, i))
		}
		_, err := w.WriteRows([]parquet.Row{row})
		ts.Check(err)
	}
	ts.Check(w.Close())
	ts.Check(f.Close())
}
