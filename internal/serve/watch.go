package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watcher reports changes to a set of files and folder trees.
//
// The file system tells of changes in the folders it is asked to watch, not
// in their subfolders, so each folder of a tree is watched, and a folder
// created later is added when it appears. A single file is watched through
// its folder: editors save by writing a new file and renaming it over the
// old one, which would end a watch on the file itself.
type watcher struct {
	fs     *fsnotify.Watcher
	paths  []string // absolute; a change at or below one of them counts
	errorf func(format string, args ...any)
}

func newWatcher(paths []string, errorf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, errorf: errorf}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			fw.Close()
			return nil, err
		}
		w.paths = append(w.paths, abs)
		if st, err := os.Stat(abs); err == nil && st.IsDir() {
			w.addTree(abs)
			continue
		}
		// A file, or a path not there yet: its folder tells when it is
		// written or created. Without a folder there is nothing to watch.
		if err := fw.Add(filepath.Dir(abs)); err != nil && !os.IsNotExist(err) {
			errorf("watch %s: %v", filepath.Dir(abs), err)
		}
	}
	return w, nil
}

// addTree watches dir and the folders below it, leaving out hidden ones
// (.git and the like), which no build reads.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && hidden(p) {
			return filepath.SkipDir
		}
		if err := w.fs.Add(p); err != nil {
			w.errorf("watch %s: %v", p, err)
		}
		return nil
	})
}

// relevant reports whether a change of name should cause a rebuild.
func (w *watcher) relevant(name string) bool {
	for _, p := range w.paths {
		if name == p {
			return true
		}
		if strings.HasPrefix(name, p+string(filepath.Separator)) {
			rel := name[len(p)+1:]
			for _, part := range strings.Split(rel, string(filepath.Separator)) {
				if hidden(part) {
					return false
				}
			}
			return !scratch(filepath.Base(name))
		}
	}
	return false
}

// hidden reports whether the last element of a path is hidden.
func hidden(p string) bool { return strings.HasPrefix(filepath.Base(p), ".") }

// scratch reports whether name is an editor's backup or swap file, which
// an editor writes beside the file it saves.
func scratch(name string) bool {
	return strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || name == "4913"
}

// run calls rebuild with the names that changed once changes have stopped
// for the quiet period, until ctx is done. rebuild runs on run's goroutine:
// changes made during a build are gathered for the next one.
func (w *watcher) run(ctx context.Context, quiet time.Duration, rebuild func(changed []string)) {
	timer := time.NewTimer(quiet)
	timer.Stop()
	defer timer.Stop()
	var changed []string
	seen := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			// A change of mode alone changes no content (on Linux one also
			// comes with every removal, which is reported besides).
			if ev.Op == fsnotify.Chmod || !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
				}
			}
			if !seen[ev.Name] {
				seen[ev.Name] = true
				changed = append(changed, ev.Name)
			}
			timer.Reset(quiet)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			w.errorf("watch: %v", err)
		case <-timer.C:
			rebuild(changed)
			changed, seen = nil, map[string]bool{}
		}
	}
}

func (w *watcher) close() error { return w.fs.Close() }
