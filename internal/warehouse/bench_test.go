package warehouse_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/demo"
	. "github.com/boardpack/boardpack/internal/warehouse"
)

// BenchmarkPull100k pulls the 100,000-account demo company's extracts
// (7.8M rows, each a view of a table) from a local PostgreSQL server,
// beside psql's \copy of the same queries to /dev/null:
// the budget is the pull within 2x of psql. It reports the peak heap the
// pull held, sampled, for the budget of 100 MB above the build's.
func BenchmarkPull100k(b *testing.B) {
	srv := startBench(b)
	data := b.TempDir()
	opt := demo.DefaultOptions()
	opt.Accounts = 100_000
	if err := demo.Write(data, opt); err != nil {
		b.Fatal(err)
	}
	names := srv.LoadExtracts(b, data)
	dir := b.TempDir()
	q := filepath.Join(dir, "sources", "warehouse")
	os.MkdirAll(q, 0o755)
	var psql []string
	for _, name := range names {
		sql := "SELECT * FROM " + name
		os.WriteFile(filepath.Join(q, name+".sql"), []byte(sql), 0o644)
		psql = append(psql, "-c", `\copy (`+sql+`) to /dev/null with (format csv, header)`)
	}
	o := Options{
		Sources: map[string]Source{"warehouse": {Driver: "postgres", DSNEnv: "BP_BENCH_DSN"}},
		Dir:     dir, Data: filepath.Join(dir, "data"), Getenv: env(srv.DSN),
	}
	o.Getenv = func(k string) string { return srv.DSN }
	b.Run("psql", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.Command("psql", append([]string{"-X", "-q", srv.DSN}, psql...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("psql: %v\n%s", err, out)
			}
		}
	})
	b.Run("pull", func(b *testing.B) {
		peak := sampleHeap()
		for b.Loop() {
			if _, err := Pull(context.Background(), o); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	})
}

// sampleHeap samples the heap in use until the returned function is
// called, which returns the largest seen.
func sampleHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
