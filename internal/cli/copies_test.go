package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/cli"
	"github.com/boardpack/boardpack/templates"
)

// TestCopiesRenderedOnce checks the site's two copies, in the period's
// folder and at the root, which are rendered once and told apart by their
// links: a project whose templates folder holds the built-in templates
// unchanged has each copy rendered in full, and must get the same bytes.
func TestCopiesRenderedOnce(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	project := t.TempDir()
	if err := os.CopyFS(filepath.Join(project, "templates"), templates.FS); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(repo, "boardpack.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// The same project, its paths made absolute, but for its templates.
	cfg = regexp.MustCompile(`(?m)^(data|content) = "([^"]*)"`).ReplaceAll(cfg, []byte(`$1 = "`+filepath.ToSlash(repo)+`/$2"`))
	if err := os.WriteFile(filepath.Join(project, "boardpack.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(config string) string {
		out := filepath.Join(t.TempDir(), "site")
		var stderr bytes.Buffer
		args := []string{"build", "--config", config, "--as-of", "2026-10", "--no-pdf", "--quiet", "--out", out}
		if code := cli.Run(args, new(bytes.Buffer), &stderr); code != cli.ExitOK {
			t.Fatalf("boardpack %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return out
	}
	once, full := build(filepath.Join(repo, "boardpack.toml")), build(filepath.Join(project, "boardpack.toml"))
	files := 0
	err = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(full, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(once, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the page rendered for its copy alone", rel)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The copies must differ where their links do, or the test shows
	// nothing.
	root, _ := os.ReadFile(filepath.Join(once, "csm", "index.html"))
	week, _ := os.ReadFile(filepath.Join(once, "2026-W43", "csm", "index.html"))
	if len(root) == 0 || bytes.Equal(root, week) || !bytes.Contains(week, []byte(`href="../../history.html"`)) {
		t.Errorf("the copies of csm/index.html do not differ by their link to the history")
	}
	t.Logf("%d files compared", files)
}
