package render

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/themes"
)

// writeTree writes files (by slash-separated path) under a new folder and
// returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTemplateLayers(t *testing.T) {
	// A project's page replaces the built-in one and may use a partial of
	// its own; the other pages are the built-in ones.
	dir := writeTree(t, map[string]string{
		"summary.html":  `{{template "layout" .}}{{define "content"}}<p>OWN SUMMARY</p>{{template "own-note"}}{{end}}`,
		"_own.html":     `{{define "own-note"}}<p>OWN NOTE</p>{{end}}`,
		"notes.txt":     "not a template",
		"retention.htm": "{{ not parsed",
	})
	set, err := parse(templateLayers(Project{Templates: dir}), "USD")
	if err != nil {
		t.Fatal(err)
	}
	content := func(page string) string {
		tt := set[page]
		if tt == nil {
			t.Fatalf("no template %s", page)
		}
		return tt.Lookup("content").Tree.Root.String()
	}
	if got := content("summary.html"); !strings.Contains(got, "OWN SUMMARY") {
		t.Errorf("summary.html is not the project's: %s", got)
	}
	if set["summary.html"].Lookup("own-note") == nil || set["retention.html"].Lookup("own-note") == nil {
		t.Error("the project's partial is not shared by every page")
	}
	if got := content("retention.html"); strings.Contains(got, "OWN") {
		t.Errorf("retention.html is not the built-in one: %s", got)
	}
	builtin, err := parse(templateLayers(Project{}), "USD")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slices.Sorted(maps.Keys(set)), slices.Sorted(maps.Keys(builtin)); !slices.Equal(got, want) {
		t.Errorf("pages = %q, want the built-in %q", got, want)
	}

	// A folder that does not exist, or a file where a folder should be,
	// is no project folder.
	for _, p := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "notes.txt")} {
		if _, err := parse(templateLayers(Project{Templates: p}), "USD"); err != nil {
			t.Errorf("Templates %s: %v", p, err)
		}
	}
}

func TestTemplateParseErrors(t *testing.T) {
	tests := []struct {
		file, text, want string
	}{
		{"summary.html", "{{define \"content\"}}\n<p>{{.Title}</p>{{end}}", "/summary.html:2: bad character U+007D '}'"},
		{"_partials.html", "{{define \"tiles\"}}{{range .}}", "/_partials.html:1: unexpected EOF"},
		{"summary.html", "{{define \"content\"}}{{nosuch .}}{{end}}", "/summary.html:1: function \"nosuch\" not defined"},
	}
	for _, tt := range tests {
		dir := writeTree(t, map[string]string{tt.file: tt.text})
		_, err := parse(templateLayers(Project{Templates: dir}), "USD")
		if want := filepath.ToSlash(dir) + tt.want; err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", tt.file, err, want)
		}
	}
}

// assetMap renders the assets of theme in project p by path.
func assetMap(t *testing.T, p Project, theme string) map[string][]byte {
	t.Helper()
	files, err := assetFiles(themeLayers(p, theme))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		if _, dup := m[f.Path]; dup {
			t.Errorf("%s written twice", f.Path)
		}
		m[f.Path] = f.Data
	}
	return m
}

func TestThemeLayers(t *testing.T) {
	builtin := func(name string) []byte {
		b, err := themes.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The built-in default theme, and boardroom, which has only its own
	// style.css and takes the rest from the default theme.
	def := assetMap(t, Project{}, "default")
	for _, p := range []string{"assets/style.css", "assets/base.css", "assets/pack.css", "assets/fonts/inter-latin-400-normal.woff2", "assets/boardpack.js", "assets/echarts.min.js"} {
		if def[p] == nil {
			t.Errorf("default theme: no %s", p)
		}
	}
	room := assetMap(t, Project{}, "boardroom")
	if !bytes.Equal(room["assets/style.css"], builtin("boardroom/style.css")) {
		t.Error("boardroom: style.css is not its own")
	}
	if !bytes.Equal(room["assets/pack.css"], builtin("default/pack.css")) || !bytes.Equal(room["assets/base.css"], builtin("default/base.css")) {
		t.Error("boardroom: pack.css and base.css are not the default theme's")
	}
	if len(room) != len(def) {
		t.Errorf("boardroom has %d assets, the default theme %d: they have the same files", len(room), len(def))
	}

	// A project overrides a file of a theme, and of the base theme that
	// others fall back on; its own theme needs only the files it changes.
	// Hidden files are left out.
	dir := writeTree(t, map[string]string{
		"default/style.css":    "/* own default */",
		"default/pack.css":     "/* own pack */",
		"default/.DS_Store":    "junk",
		"acme/style.css":       "/* acme */",
		"acme/img/texture.svg": "<svg/>",
		"acme/.git/HEAD":       "junk",
	})
	p := Project{Themes: dir}
	own := assetMap(t, p, "default")
	if string(own["assets/style.css"]) != "/* own default */" || string(own["assets/pack.css"]) != "/* own pack */" {
		t.Errorf("default theme: the project's files are not used")
	}
	if !bytes.Equal(own["assets/base.css"], builtin("default/base.css")) {
		t.Error("default theme: base.css is not the built-in one")
	}
	if own["assets/.DS_Store"] != nil {
		t.Error("a hidden file was copied")
	}
	acme := assetMap(t, p, "acme")
	if string(acme["assets/style.css"]) != "/* acme */" || string(acme["assets/img/texture.svg"]) != "<svg/>" {
		t.Error("acme: its own files are not used")
	}
	if string(acme["assets/pack.css"]) != "/* own pack */" || acme["assets/fonts/inter-latin-700-normal.woff2"] == nil {
		t.Error("acme: the files it lacks do not come from the project's, then the built-in, default theme")
	}
	for path := range acme {
		if strings.Contains(path, ".git") {
			t.Errorf("acme: hidden %s was copied", path)
		}
	}
	if string(assetMap(t, p, "boardroom")["assets/pack.css"]) != "/* own pack */" {
		t.Error("boardroom: the project's default pack.css is not used")
	}
}

func TestThemeValidation(t *testing.T) {
	dir := writeTree(t, map[string]string{"acme/style.css": "", "notes.txt": "", ".hidden/style.css": ""})
	for _, tt := range []struct {
		p     Project
		theme string
		want  string
	}{
		{Project{}, "default", ""},
		{Project{}, "boardroom", ""},
		{Project{Themes: dir}, "acme", ""},
		{Project{}, "acme", `site.theme: no theme "acme" (the themes are: boardroom, default)`},
		{Project{Themes: dir}, "dark", `site.theme: no theme "dark" (the themes are: acme, boardroom, default)`},
		{Project{Themes: dir}, "notes.txt", `site.theme: no theme "notes.txt" (the themes are: acme, boardroom, default)`},
		{Project{Themes: filepath.Join(dir, "missing")}, "x", `site.theme: no theme "x" (the themes are: boardroom, default)`},
	} {
		err := Config{Theme: tt.theme, BrandColor: "#123456"}.Validate(tt.p)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("theme %q with %+v: %q, want %q", tt.theme, tt.p, got, tt.want)
		}
	}
}
