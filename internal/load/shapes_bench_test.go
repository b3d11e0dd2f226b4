package load

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/boardpack/boardpack/internal/demo"
	"github.com/parquet-go/parquet-go"
)

// BenchmarkARRShapes loads the 100,000-account demo company's accounts and
// its 2.2M rows of ARR given as plain CSV, as gzip CSV and as eight
// Parquet parts (snappy, DECIMAL(18,2) money, DATE months), side by side:
// the budget is Parquet no slower than CSV and gzip within 1.5x.
func BenchmarkARRShapes(b *testing.B) {
	src := b.TempDir()
	opt := demo.DefaultOptions()
	opt.Accounts = 100_000
	if err := demo.Write(src, opt); err != nil {
		b.Fatal(err)
	}
	accounts, err := os.ReadFile(filepath.Join(src, AccountsFile))
	if err != nil {
		b.Fatal(err)
	}
	arr, err := os.ReadFile(filepath.Join(src, ARRMonthlyFile))
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	folder := func(name string, fill func(dir string)) {
		dir := filepath.Join(src, name)
		os.Mkdir(dir, 0o755)
		os.WriteFile(filepath.Join(dir, AccountsFile), accounts, 0o644)
		fill(dir)
		names = append(names, name)
	}
	folder("csv", func(dir string) { os.WriteFile(filepath.Join(dir, ARRMonthlyFile), arr, 0o644) })
	folder("csv.gz", func(dir string) { gzipFile(b, filepath.Join(dir, ARRMonthlyFile+".gz"), arr) })
	folder("parquet", func(dir string) {
		csvToParquet(b, filepath.Join(src, ARRMonthlyFile), dir, 280_000, parquet.Compression(&parquet.Snappy))
	})
	accounts, arr = nil, nil
	for _, name := range names {
		dir := filepath.Join(src, name)
		runtime.GC()
		b.Run(name, func(b *testing.B) {
			// CPU time is reported beside the wall time: on a machine
			// shared with other work it is the steadier of the two.
			cpu := cpuTime()
			defer func() { b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op") }()
			for b.Loop() {
				ds, err := Load(dir, Options{Currency: "USD"})
				if err != nil {
					b.Fatal(err)
				}
				if ds.Sources[1].Rows < 2_000_000 {
					b.Fatalf("%d rows", ds.Sources[1].Rows)
				}
			}
		})
	}
}
