package warehouse_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/cli"
	"github.com/boardpack/boardpack/internal/warehouse/pgtest"
)

// TestPullBuild pulls the sample company from a real PostgreSQL server,
// the revenue and the usage reduced from raw tables by the reference
// queries of sources/examples, builds it, and compares the output with
// the build of the CSV extracts: the same bytes, but for the data-quality
// page and the pack's lineage sheet, which list the pull.
func TestPullBuild(t *testing.T) {
	srv, names := startServer(t)
	dir := t.TempDir()
	queries := filepath.Join(dir, "sources", "warehouse")
	os.MkdirAll(queries, 0o755)
	for _, name := range names {
		sql := "SELECT * FROM " + name
		if ref, err := os.ReadFile(filepath.Join("../../sources/examples", name+".sql")); err == nil {
			sql = string(ref)
		}
		os.WriteFile(filepath.Join(queries, name+".sql"), []byte(sql), 0o644)
	}
	config := filepath.Join(dir, "boardpack.toml")
	os.WriteFile(config, []byte(`company = "Northwind Cloud"
[sources.warehouse]
driver = "postgres"
dsn_env = "BOARDPACK_TEST_DSN"
timeout = "5m"
`), 0o644)
	t.Setenv("BOARDPACK_TEST_DSN", srv.DSN)
	csvOut, pullOut := filepath.Join(dir, "csv"), filepath.Join(dir, "pulled")
	var stderr bytes.Buffer
	if code := cli.Run([]string{"validate", "--config", config, "--data", sampleDir}, &stderr, &stderr); code != 0 {
		t.Fatalf("validate exited %d: %s", code, stderr.String())
	}
	if code := cli.Run([]string{"build", "--config", config, "--data", sampleDir, "--out", csvOut, "--no-pdf", "--quiet"}, &stderr, &stderr); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr.String())
	}
	if code := cli.Run([]string{"build", "--pull", "--config", config, "--out", pullOut, "--no-pdf", "--quiet"}, &stderr, &stderr); code != 0 {
		t.Fatalf("build --pull exited %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), pgtest.Password) {
		t.Errorf("the output shows the password: %s", stderr.String())
	}
	want, got := files(t, csvOut), files(t, pullOut)
	// The data-quality page (and its tables' downloads) and the pack's
	// lineage sheet list the files and the pull.
	lineage := func(name string) bool {
		b := filepath.Base(name)
		return strings.HasPrefix(b, "data-quality") || strings.HasPrefix(b, "boardpack-")
	}
	for _, name := range keys(got) {
		if _, ok := want[name]; !ok && !lineage(name) {
			t.Errorf("%s is only in the pulled build", name)
		}
	}
	quality := 0
	for name, data := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s is missing from the pulled build", name)
			continue
		}
		if filepath.Base(name) == "data-quality.html" {
			quality++
			if !bytes.Contains(got[name], []byte("sources/warehouse/arr_monthly.sql")) || !bytes.Contains(got[name], []byte("Pulled from the warehouse")) {
				t.Errorf("%s does not list the pull", name)
			}
		}
		if lineage(name) {
			continue
		}
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s differs between the CSV and the pulled build", name)
		}
	}
	if quality == 0 || len(want) < 20 {
		t.Errorf("%d files, %d data-quality pages", len(want), quality)
	}
	for name, data := range got {
		if bytes.Contains(data, []byte(pgtest.Password)) || bytes.Contains(data, []byte(srv.DSN)) {
			t.Errorf("%s shows the connection string", name)
		}
	}
}

func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[strings.TrimPrefix(p, dir)] = data
		return err
	})
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
