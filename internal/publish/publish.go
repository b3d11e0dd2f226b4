// Package publish writes a built site to its output folder all at once.
//
// The site is written into a new folder beside the target and swapped in
// only when every file is written, so a failed build leaves the previous
// output exactly as it was and a reader never sees half a site.
package publish

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/boardpack/boardpack/internal/render"
)

// Write replaces the folder out with one holding files.
func Write(out string, files []render.File) (err error) {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	dirs := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			dirs[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return swap(tmp, out)
}

// swap moves dir to out, moving any previous out aside first and deleting
// it last, and restores it if the move fails.
func swap(dir, out string) error {
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = dir + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("cannot replace %s: %w", out, err)
		}
	}
	if err := os.Rename(dir, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
