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
