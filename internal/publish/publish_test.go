package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/render"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// write publishes files as the whole of out.
func write(out string, files []render.File) error {
	s, err := Stage(out, files)
	if err != nil {
		return err
	}
	return s.CommitKeeping(func(string) bool { return false })
}

// TestCommitKeeping keeps the entries it is asked to keep, lets the staged
// files win over the previous ones, drops the rest and leaves nothing
// beside the output.
func TestCommitKeeping(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if err := write(out, []render.File{
		{Path: "index.html", Data: []byte("old root")},
		{Path: "2026-W41/index.html", Data: []byte("W41")},
		{Path: "2026-W42/index.html", Data: []byte("old W42")},
	}); err != nil {
		t.Fatal(err)
	}
	s, err := Stage(out, []render.File{{Path: "2026-W42/index.html", Data: []byte("new W42")}})
	if err != nil {
		t.Fatal(err)
	}
	keep := func(name string) bool { return name != "index.html" }
	if err := s.CommitKeeping(keep); err != nil {
		t.Fatal(err)
	}
	if got, want := names(t, out), []string{"2026-W41", "2026-W42"}; !slices.Equal(got, want) {
		t.Errorf("out holds %v, want %v", got, want)
	}
	if got := read(t, filepath.Join(out, "2026-W41", "index.html")); got != "W41" {
		t.Errorf("kept W41 = %q", got)
	}
	if got := read(t, filepath.Join(out, "2026-W42", "index.html")); got != "new W42" {
		t.Errorf("rebuilt W42 = %q, want the staged one", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the output: %v, want only out", got)
	}
}

// TestCommitKeepingFirstBuild needs no previous output.
func TestCommitKeepingFirstBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	s, err := Stage(out, []render.File{{Path: "index.html", Data: []byte("first")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CommitKeeping(func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "first" {
		t.Errorf("index.html = %q", got)
	}
}

// TestAbortLeavesOutput: an aborted stage leaves the output as it was.
func TestAbortLeavesOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if err := write(out, []render.File{{Path: "index.html", Data: []byte("v1")}}); err != nil {
		t.Fatal(err)
	}
	s, err := Stage(out, []render.File{{Path: "index.html", Data: []byte("v2")}})
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "v1" {
		t.Errorf("index.html = %q, want v1", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the output: %v", got)
	}
}
