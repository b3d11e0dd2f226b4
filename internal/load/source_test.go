package load

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

const sampleDir = "../../sample-data"

// sampleFiles lists the sample company's extracts.
func sampleFiles(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(sampleDir, "*.csv"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no sample data: %v", err)
	}
	return names
}

// splitCSV cuts a CSV text into n parts at line ends, each with the
// header when headers is set, else only the first.
func splitCSV(data []byte, n int, headers bool) [][]byte {
	header, body, _ := bytes.Cut(data, []byte("\n"))
	lines := bytes.SplitAfter(body, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	var parts [][]byte
	per := (len(lines) + n - 1) / n
	for i := 0; i < n; i++ {
		var b bytes.Buffer
		if i == 0 || headers {
			b.Write(header)
			b.WriteByte('\n')
		}
		for _, l := range lines[min(i*per, len(lines)):min((i+1)*per, len(lines))] {
			b.Write(l)
		}
		parts = append(parts, b.Bytes())
	}
	return parts
}

// sameDataset fails unless got holds what want holds, whatever the
// files' shapes: the figures of every section and the warnings' count.
func sameDataset(t *testing.T, got, want *Dataset) {
	t.Helper()
	if !reflect.DeepEqual(got.History, want.History) {
		t.Error("the revenue history differs")
	}
	if !reflect.DeepEqual(got.Signals, want.Signals) {
		t.Error("the leading-indicator extracts differ")
	}
	for name, pair := range map[string][2]any{
		"costs": {got.Costs, want.Costs}, "revenue": {got.Revenue, want.Revenue},
		"initiatives": {got.Initiatives, want.Initiatives}, "ratings": {got.Ratings, want.Ratings},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("the %s differ", name)
		}
	}
	if got.WarningCount != want.WarningCount {
		t.Errorf("%d warnings, want %d", got.WarningCount, want.WarningCount)
	}
	if len(got.Sources) != len(want.Sources) {
		t.Fatalf("%d sources, want %d", len(got.Sources), len(want.Sources))
	}
	for i, s := range got.Sources {
		w := want.Sources[i]
		if s.Extract != w.Extract || s.Rows != w.Rows || s.First != w.First || s.Last != w.Last {
			t.Errorf("source %s: %s %d rows %s to %s, want %s %d rows %s to %s", s.File, s.Extract, s.Rows, s.First, s.Last, w.Extract, w.Rows, w.First, w.Last)
		}
		sum := 0
		for _, p := range s.Parts {
			sum += p.Rows
			if len(p.SHA256) != 64 || p.Bytes == 0 {
				t.Errorf("part %s: %d bytes, SHA-256 %q", p.File, p.Bytes, p.SHA256)
			}
		}
		if s.Parts != nil && sum != s.Rows {
			t.Errorf("the parts of %s hold %d rows, the extract %d", s.File, sum, s.Rows)
		}
	}
}

func TestShapesGzip(t *testing.T) {
	want := mustLoad(t, sampleDir, Options{Currency: "USD"})
	dir := t.TempDir()
	for _, src := range sampleFiles(t) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		gzipFile(t, filepath.Join(dir, filepath.Base(src)+".gz"), data)
	}
	got := mustLoad(t, dir, Options{Currency: "USD"})
	sameDataset(t, got, want)
	for _, s := range got.Sources {
		if !strings.HasSuffix(s.File, ".csv.gz") || s.Parts != nil {
			t.Errorf("source %s: want a .csv.gz file without parts", s.File)
		}
		raw, _ := os.ReadFile(filepath.Join(dir, s.File))
		if s.SHA256 != sha(string(raw)) || s.Bytes != int64(len(raw)) {
			t.Errorf("%s: SHA-256 %s of %d bytes, want that of the file on disk", s.File, s.SHA256, s.Bytes)
		}
	}
}

func TestShapesCSVParts(t *testing.T) {
	want := mustLoad(t, sampleDir, Options{Currency: "USD"})
	defer func(n int) { blockSize = n }(blockSize)
	blockSize = 4096 // blocks and parts cut at many places
	dir := t.TempDir()
	// Headers in every part (Snowflake, BigQuery) for some, in the first
	// only for others; gzip and plain.
	split := map[string]struct {
		n       int
		headers bool
		ext     string
	}{
		"arr_monthly.csv": {4, true, ".csv.gz"}, "usage_weekly.csv": {3, false, ".csv"},
		"tickets.csv": {5, true, ".csv"}, "accounts.csv": {2, false, ".csv.gz"}, "contacts.csv": {3, true, ".csv"},
	}
	for _, src := range sampleFiles(t) {
		data, _ := os.ReadFile(src)
		name := filepath.Base(src)
		sp, ok := split[name]
		if !ok {
			os.WriteFile(filepath.Join(dir, name), data, 0o644)
			continue
		}
		base := filepath.Join(dir, strings.TrimSuffix(name, ".csv"))
		os.Mkdir(base, 0o755)
		for i, p := range splitCSV(data, sp.n, sp.headers) {
			path := filepath.Join(base, "data_0_0_"+string(rune('0'+i))+sp.ext)
			if sp.ext == ".csv.gz" {
				gzipFile(t, path, p)
			} else {
				os.WriteFile(path, p, 0o644)
			}
		}
		// A warehouse's marker beside the parts is no part.
		os.WriteFile(filepath.Join(base, "_SUCCESS"), nil, 0o644)
	}
	got := mustLoad(t, dir, Options{Currency: "USD"})
	sameDataset(t, got, want)
	for _, s := range got.Sources {
		sp, ok := split[s.Extract]
		if !ok {
			continue
		}
		if len(s.Parts) != sp.n || s.File != strings.TrimSuffix(s.Extract, ".csv")+"/" {
			t.Errorf("%s: %d parts, want %d", s.File, len(s.Parts), sp.n)
		}
		if s.Extract == ARRMonthlyFile && (s.Parts[0].First != s.First || s.Parts[len(s.Parts)-1].Last != s.Last) {
			t.Errorf("%s: parts cover %s to %s, the extract %s to %s", s.File, s.Parts[0].First, s.Parts[len(s.Parts)-1].Last, s.First, s.Last)
		}
	}
}

func TestShapesParquet(t *testing.T) {
	want := mustLoad(t, sampleDir, Options{Currency: "USD"})
	dir := t.TempDir()
	for _, src := range sampleFiles(t) {
		switch filepath.Base(src) {
		case ARRMonthlyFile:
			// Parts of several row groups each.
			csvToParquet(t, src, dir, 10000, parquet.MaxRowsPerRowGroup(3000), parquet.Compression(&parquet.Zstd))
		case UsageFile, TicketsFile:
			csvToParquet(t, src, dir, 40000, parquet.Compression(&parquet.Gzip))
		default:
			csvToParquet(t, src, dir, 0, parquet.Compression(&parquet.Snappy))
		}
	}
	got := mustLoad(t, dir, Options{Currency: "USD"})
	sameDataset(t, got, want)
}
