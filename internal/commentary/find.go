package commentary

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/boardpack/boardpack/internal/period"
)

// Source is the commentary file of a report period.
type Source struct {
	Path   string // the file: the folder joined with its name; "" when there is none
	Period string // the period it speaks for, as readers see it: "W43 (19–25 Oct 2026)" or "Oct 2026"
}

// Find returns the commentary file of the report's week w, as of month m,
// in folder dir: 2026-W43.md, or 2026-W43/index.md for a folder that keeps
// the update with its notes; without either, the month's 2026-10.md or
// 2026-10/index.md, for teams that write monthly. Without any it returns
// a Source with no Path: a week without commentary shows none. Two files
// for one period are an error, because which one the report shows must not
// depend on a rule the writer may not know.
func Find(dir string, w period.Week, m period.Month) (Source, error) {
	for _, p := range []struct{ name, label string }{{w.String(), w.Label()}, {m.String(), m.Label()}} {
		var found []string
		for _, name := range []string{p.name + ".md", filepath.Join(p.name, "index.md")} {
			path := filepath.Join(dir, name)
			fi, err := os.Stat(path)
			switch {
			case err == nil:
				if fi.Mode().IsRegular() {
					found = append(found, path)
				}
			case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
			default:
				return Source{}, err
			}
		}
		switch len(found) {
		case 1:
			return Source{Path: found[0], Period: p.label}, nil
		case 2:
			return Source{}, fmt.Errorf("two commentary files for %s: %s and %s: keep one", p.name, found[0], found[1])
		}
	}
	return Source{}, nil
}
