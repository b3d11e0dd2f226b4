package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/boardpack/boardpack/metrics"
)

func write(t *testing.T, text string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "boardpack.toml")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestIndicatorRules(t *testing.T) {
	// A project's rules replace the defaults whole: none of the default
	// rules' labels may leak into them.
	c, err := Load(write(t, `
[indicators]
watch_days = 90
[[indicators.risk]]
name = "p0"
signal = "open_p0"
op = ">="
value = 1
[indicators.coverage.Enterprise]
champions = 2
`), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []metrics.RiskRule{{Name: "p0", Label: "p0", Signal: "open_p0", Op: ">=", Value: 1}}
	if len(c.Indicators.Risk) != 1 || c.Indicators.Risk[0] != want[0] {
		t.Errorf("rules = %+v, want %+v", c.Indicators.Risk, want)
	}
	if got := c.Indicators.Coverage["Enterprise"]; got != (metrics.Coverage{Champions: 2}) {
		t.Errorf("Enterprise coverage = %+v, want 2 champions only", got)
	}
	if got := c.Indicators.Coverage["default"]; got != (metrics.Coverage{Buyers: 1, Champions: 1}) {
		t.Errorf("default coverage = %+v, want the built-in default kept", got)
	}
	if c.Indicators.WatchDays != 90 {
		t.Errorf("watch_days = %d, want 90", c.Indicators.WatchDays)
	}

	// Without a [[indicators.risk]], the defaults of metrics.md apply.
	c, err = Load(write(t, "company = \"X\"\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c.Indicators.Risk), len(metrics.DefaultIndicatorConfig().Risk); got != want || c.Indicators.Risk[0].Name != "usage_drop" {
		t.Errorf("default rules = %+v", c.Indicators.Risk)
	}
}

func TestThemeAndTemplateFolders(t *testing.T) {
	// The folders default to templates and themes beside the file; a
	// theme of the project's themes folder may be chosen, and an unknown
	// one is refused with the list of those there are.
	name := write(t, "[site]\ntheme = \"acme\"\n")
	dir := filepath.Dir(name)
	if err := os.MkdirAll(filepath.Join(dir, "themes", "acme"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := Load(name, true)
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Project(); p.Templates != filepath.Join(dir, "templates") || p.Themes != filepath.Join(dir, "themes") {
		t.Errorf("Project() = %+v, want the folders beside %s", p, name)
	}

	name = write(t, "themes = \"look\"\ntemplates = \"layouts\"\n[site]\ntheme = \"acme\"\n")
	_, err = Load(name, true)
	want := name + `: site.theme: no theme "acme" (the themes are: boardroom, default)`
	if err == nil || err.Error() != want {
		t.Errorf("Load = %v, want %s", err, want)
	}
}
