// Package scaffold writes a new report project that builds as it is: a
// commented configuration, this week's update to fill in, the sample data
// of the demo company, a CI workflow, a .gitignore and a README. The files
// are templates embedded in the binary, under project/.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/boardpack/boardpack/internal/demo"
	"github.com/boardpack/boardpack/internal/period"
)

//go:embed project
var project embed.FS

// Options say what a new project is made with.
type Options struct {
	// Now is the current time: the weekly update is that of its ISO week.
	Now time.Time
	// Version is the boardpack release the workflow and README install,
	// such as v1.4.0; a build that is not a release ("dev") gives
	// "latest".
	Version string
}

// files maps each template of project/ to the file it writes. The names
// that start with a dot are stored without it, so that the repository's
// own git and CI do not take them for theirs.
var files = []struct{ from, to string }{
	{"boardpack.toml.tmpl", "boardpack.toml"},
	{"README.md.tmpl", "README.md"},
	{"gitignore.tmpl", ".gitignore"},
	{"github/workflows/boardpack.yml.tmpl", ".github/workflows/boardpack.yml"},
	{"week.md.tmpl", "content/{week}.md"},
}

// DataDir is the project's folder of extracts, where the sample data goes.
const DataDir = "data"

// Write creates the project in dir, which must not exist or be empty, and
// returns the files it wrote, relative to dir and sorted. When it fails it
// removes what it wrote, so that a second try starts clean.
func Write(dir string, o Options) (written []string, err error) {
	created, err := prepare(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cleanUp(dir, created)
			written = nil
		}
	}()
	week := period.WeekOf(period.DayOf(o.Now)).String()
	sample := demo.DefaultOptions()
	end, err := period.ParseMonth(sample.End)
	if err != nil {
		return nil, err
	}
	version := o.Version
	if !strings.HasPrefix(version, "v") {
		version = "latest"
	}
	data := map[string]string{
		"Week":           week,
		"Version":        version,
		"SampleEnd":      end.String(),
		"SampleEndLabel": end.First().Format("January 2006"),
	}
	for _, f := range files {
		to := strings.ReplaceAll(f.to, "{week}", week)
		if err := writeTemplate(filepath.Join(dir, filepath.FromSlash(to)), f.from, data); err != nil {
			return nil, err
		}
		written = append(written, to)
	}
	dataDir := filepath.Join(dir, DataDir)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	if err := demo.Write(dataDir, sample); err != nil {
		return nil, fmt.Errorf("sample data: %w", err)
	}
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		written = append(written, DataDir+"/"+e.Name())
	}
	slices.Sort(written)
	return written, nil
}

// prepare makes sure dir can take a new project and creates it when it does
// not exist; created says whether it did.
func prepare(dir string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, os.MkdirAll(dir, 0o755)
	case err != nil:
		return false, err
	case len(entries) > 0:
		return false, fmt.Errorf("%s exists and is not empty: a new project needs a new or empty folder, so that none of its files is overwritten", dir)
	}
	return false, nil
}

// cleanUp removes what a failed Write left in dir: dir itself when Write
// created it, else everything in it, which was empty before.
func cleanUp(dir string, created bool) {
	if created {
		os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// writeTemplate executes the template name of project/ with data into the
// file path. The templates use [[ ]] as delimiters, since the workflow's
// own ${{ }} expressions must come out as they are.
func writeTemplate(path, name string, data any) error {
	text, err := project.ReadFile("project/" + name)
	if err != nil {
		return err
	}
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
