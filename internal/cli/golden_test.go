package cli_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/cli"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output, and the cmp targets of testdata/script")

// goldenFiles are the outputs of the sample build kept as golden files:
// every figure (metrics.json) and the two pages that show most of them.
var goldenFiles = []string{"metrics.json", "index.html", "retention.html"}

// TestGolden builds the committed sample as the repository's configuration
// does and compares the outputs with testdata/golden. Output is
// deterministic, so any difference is a change in a figure or a page that a
// reviewer should see as a diff: run with -update to accept it.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	var stderr bytes.Buffer
	args := []string{"build", "--config", "../../boardpack.toml", "--as-of", "2026-10", "--no-pdf", "--pack-html", "--quiet", "--out", out}
	if code := cli.Run(args, new(bytes.Buffer), &stderr); code != cli.ExitOK {
		t.Fatalf("boardpack %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	abs, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range goldenFiles {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			// These hold whether or not the golden file is being rewritten,
			// so that -update cannot accept a broken page.
			for _, bad := range []string{"NaN", "+Inf", "-Inf", "<no value>", "%!", out, abs} {
				if i := bytes.Index(got, []byte(bad)); i >= 0 {
					t.Errorf("%s contains %q at line %d", name, bad, bytes.Count(got[:i], []byte("\n"))+1)
				}
			}
			golden := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/cli -run TestGolden -update to create it)", err)
			}
			if d := firstDiff(got, want); d != "" {
				t.Errorf("%s differs from %s:\n%s\nIf the change is intended, run go test ./internal/cli -run TestGolden -update and review the diff.", name, golden, d)
			}
		})
	}
}

// firstDiff describes the first line where got and want differ, or returns
// "" when they are equal. Pages carry charts on single lines of many
// kilobytes, so it shows the part of the line around the first differing
// byte rather than whole lines.
func firstDiff(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	lines := func(b []byte) []string { return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") }
	g, w := lines(got), lines(want)
	for i := 0; ; i++ {
		switch {
		case i >= len(g) && i >= len(w):
			return "the files differ only in the line end at the end of the file"
		case i >= len(g):
			return fmt.Sprintf("line %d: got end of file, want %s", i+1, excerpt(w[i], 0))
		case i >= len(w):
			return fmt.Sprintf("line %d: got %s, want end of file", i+1, excerpt(g[i], 0))
		case g[i] != w[i]:
			col := 0
			for col < len(g[i]) && col < len(w[i]) && g[i][col] == w[i][col] {
				col++
			}
			return fmt.Sprintf("line %d, byte %d:\n got: %s\nwant: %s", i+1, col+1, excerpt(g[i], col), excerpt(w[i], col))
		}
	}
}

// excerpt quotes up to 80 bytes of line either side of byte col.
func excerpt(line string, col int) string {
	const width = 80
	from, to := max(col-width, 0), min(col+width, len(line))
	s := fmt.Sprintf("%q", line[from:to])
	if from > 0 {
		s = "…" + s
	}
	if to < len(line) {
		s += "…"
	}
	return s
}
