package cli

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/boardpack/boardpack/internal/demo"
)

// BenchmarkBuildSample builds the committed sample without packs.
func BenchmarkBuildSample(b *testing.B) {
	benchmarkBuild(b, "../../sample-data")
}

// BenchmarkBuild100k builds a generated company of 100,000 accounts x 36
// months (about 2.2M rows of ARR) without packs: the foundation's budget.
func BenchmarkBuild100k(b *testing.B) {
	dir := b.TempDir()
	opt := demo.DefaultOptions()
	opt.Accounts = 100_000
	if err := demo.Write(dir, opt); err != nil {
		b.Fatal(err)
	}
	benchmarkBuild(b, dir)
}

func benchmarkBuild(b *testing.B, data string) {
	out := filepath.Join(b.TempDir(), "out")
	args := []string{"build", "--data", data, "--out", out, "--no-pdf", "--quiet"}
	for b.Loop() {
		if code := Run(args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("build exited %d", code)
		}
	}
}
