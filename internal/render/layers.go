package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/boardpack/boardpack/templates"
	"github.com/boardpack/boardpack/themes"
)

// Project holds the folders of a project's own templates and themes, as Hugo
// has them: a file in them replaces the built-in file of the same name, and
// a folder of themes/ that is not a built-in theme adds one. An empty path,
// or a folder that does not exist, is none.
type Project struct {
	Templates string // page templates and partials, such as summary.html
	Themes    string // one folder a theme, such as themes/default/style.css
}

// baseTheme is the theme every other theme falls back on for the files it
// does not have, so that a theme can be a single style.css.
const baseTheme = "default"

// layer is a source of files: a project's folder or files built into the
// binary. where is how messages name the folder.
type layer struct {
	fsys  fs.FS
	where string
}

// layers are sources of files looked up in order: the first that has a
// file serves it.
type layers []layer

// dirLayer returns the layer of the folder dir, or false when dir is empty
// or not a folder.
func dirLayer(dir string) (layer, bool) {
	if dir == "" {
		return layer{}, false
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return layer{}, false
	}
	return layer{fsys: os.DirFS(dir), where: filepath.ToSlash(dir)}, true
}

// subLayer returns the folder dir of l as a layer of its own.
func subLayer(l layer, dir string) layer {
	sub, err := fs.Sub(l.fsys, dir)
	if err != nil {
		panic(err) // dir is a valid path: a theme's name
	}
	return layer{fsys: sub, where: path.Join(l.where, dir)}
}

// templateLayers are the project's templates over the built-in ones.
func templateLayers(p Project) layers {
	var ls layers
	if l, ok := dirLayer(p.Templates); ok {
		ls = append(ls, l)
	}
	return append(ls, layer{fsys: templates.FS, where: "templates"})
}

// themeLayers are the folders a theme's files are looked up in: the
// project's themes/NAME, the built-in one, then the same two of the base
// theme.
func themeLayers(p Project, name string) layers {
	builtin := layer{fsys: themes.FS, where: "themes"}
	project, hasProject := dirLayer(p.Themes)
	var ls layers
	for _, n := range slices.Compact([]string{name, baseTheme}) {
		if hasProject {
			ls = append(ls, subLayer(project, n))
		}
		ls = append(ls, subLayer(builtin, n))
	}
	return ls
}

// read returns the bytes of the first file called name and where it was
// found, such as "site/templates/summary.html".
func (ls layers) read(name string) ([]byte, string, error) {
	for _, l := range ls {
		data, err := fs.ReadFile(l.fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path.Join(l.where, name), err)
		}
		return data, path.Join(l.where, name), nil
	}
	return nil, "", fmt.Errorf("%s: %w", name, fs.ErrNotExist)
}

// glob returns the names matching pattern in any layer, sorted, each once.
func (ls layers) glob(pattern string) ([]string, error) {
	var names []string
	for _, l := range ls {
		m, err := fs.Glob(l.fsys, pattern)
		if err != nil {
			return nil, err
		}
		names = append(names, m...)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// files returns the paths of the regular files of every layer, sorted,
// each once. A layer's folder that does not exist holds none.
func (ls layers) files() ([]string, error) {
	var names []string
	for _, l := range ls {
		err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == "." {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			// Editors and file managers leave hidden files beside the
			// ones a theme ships; none of them belongs in a site.
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				names = append(names, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Themes returns the names of the themes a project can use, sorted: the
// built-in ones and the folders of its themes folder.
func Themes(p Project) ([]string, error) {
	entries, err := fs.ReadDir(themes.FS, ".")
	if err != nil {
		return nil, err
	}
	if l, ok := dirLayer(p.Themes); ok {
		own, err := fs.ReadDir(l.fsys, ".")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.where, err)
		}
		entries = append(entries, own...)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}
