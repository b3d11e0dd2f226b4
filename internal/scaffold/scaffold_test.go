package scaffold

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/config"
)

var now = time.Date(2026, time.December, 1, 9, 30, 0, 0, time.UTC)

func TestInitProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "metrics", "cs")
	files, err := Write(dir, Options{Now: now, Version: "v1.4.0"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".github/workflows/boardpack.yml", ".gitignore", "README.md", "boardpack.toml", "content/2026-W49.md",
		"data/accounts.csv", "data/arr_monthly.csv",
	}
	for _, w := range want {
		if !slices.Contains(files, w) {
			t.Errorf("%s not written (wrote %q)", w, files)
		}
		if _, err := os.Stat(filepath.Join(dir, w)); err != nil {
			t.Error(err)
		}
	}
	if !slices.IsSorted(files) {
		t.Errorf("files not sorted: %q", files)
	}

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// The configuration loads, and every key it sets but the company and
	// the targets is the default: the file documents the defaults.
	cfg, err := config.Load(filepath.Join(dir, "boardpack.toml"), true)
	if err != nil {
		t.Fatalf("the generated configuration does not load: %v", err)
	}
	if cfg.Company != "Northwind Cloud" || cfg.Targets.NRR == nil || *cfg.Targets.NRR != 1.05 || cfg.Dir != dir {
		t.Errorf("company %q, NRR target %v, dir %q", cfg.Company, cfg.Targets.NRR, cfg.Dir)
	}
	def := config.Default()
	cfg.Company, cfg.Targets, cfg.Dir = def.Company, def.Targets, def.Dir
	if !reflect.DeepEqual(cfg, def) {
		t.Errorf("the generated configuration's values are not the defaults:\n%+v\nwant\n%+v", cfg, def)
	}
	// Every key has a comment that says what it is.
	key := regexp.MustCompile(`^#?\s*[a-z_]+ = `)
	for i, line := range strings.Split(read("boardpack.toml"), "\n") {
		if key.MatchString(line) && !strings.Contains(strings.TrimPrefix(line, "#"), "#") {
			t.Errorf("boardpack.toml:%d: no comment: %s", i+1, line)
		}
	}

	week := read("content/2026-W49.md")
	for _, h := range []string{"Highlights", "Lowlights", "Blockers", "Asks", "Next week", "OKR status"} {
		if !strings.Contains(week, "### "+h+"\n") {
			t.Errorf("the weekly update has no heading %s", h)
		}
	}
	if strings.ContainsAny(week, "%$") || strings.Contains(week, "{{") {
		t.Errorf("the weekly update refers to figures:\n%s", week)
	}
	workflow := read(".github/workflows/boardpack.yml")
	for _, w := range []string{"workflow_dispatch:", "schedule:", `"data/**"`, "BOARDPACK_VERSION: v1.4.0",
		"apt-get install", "chromium", "actions/setup-go", "cmd/boardpack@${BOARDPACK_VERSION} build",
		"actions/upload-pages-artifact", "path: public", "${{ steps.deploy.outputs.page_url }}"} {
		if !strings.Contains(workflow, w) {
			t.Errorf("the workflow has no %q", w)
		}
	}
	if got := read(".gitignore"); !strings.Contains(got, "\n/public/\n") {
		t.Errorf(".gitignore = %q, want the output folder", got)
	}
	readme := read("README.md")
	for _, w := range []string{"content/2026-W49.md", "as of 2026-10", "October 2026", "@v1.4.0", "targets.csv"} {
		if !strings.Contains(readme, w) {
			t.Errorf("README.md has no %q", w)
		}
	}
	for _, name := range files {
		if text := read(name); strings.Contains(text, "[[") || strings.Contains(text, "<no value>") {
			t.Errorf("%s has an unexpanded placeholder", name)
		}
	}
}

func TestInitVersion(t *testing.T) {
	dir := t.TempDir() // exists and is empty: that is fine
	if _, err := Write(dir, Options{Now: now, Version: "dev"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "boardpack.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "BOARDPACK_VERSION: latest") {
		t.Error("a build that is not a release does not install latest")
	}
}

func TestInitRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, Options{Now: now})
	if want := dir + " exists and is not empty: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Write = %v, want %s...", err, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only notes.txt", len(entries))
	}

	// A file where the folder should be.
	if _, err := Write(keep, Options{Now: now}); err == nil {
		t.Error("Write into a file succeeded")
	}
}

func TestInitWeekOfTheUpdate(t *testing.T) {
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2027, time.January, 1, 12, 0, 0, 0, time.UTC), "2026-W53"}, // a Friday of 2026's last ISO week
		{time.Date(2026, time.January, 1, 12, 0, 0, 0, time.UTC), "2026-W01"},
		{time.Date(2026, time.November, 29, 23, 0, 0, 0, time.UTC), "2026-W48"}, // a Sunday
	} {
		dir := filepath.Join(t.TempDir(), "p")
		files, err := Write(dir, Options{Now: tt.now})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(files, "content/"+tt.want+".md") {
			t.Errorf("%s: wrote %q, want content/%s.md", tt.now.Format(time.DateOnly), files, tt.want)
		}
	}
}
