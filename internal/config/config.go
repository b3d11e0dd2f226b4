// Package config reads boardpack.toml. Each subsystem owns its section and
// its defaults; this package only wires them together and rejects keys it
// does not know, naming them, so that a typo never passes silently.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/render"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/internal/warehouse"
	"github.com/boardpack/boardpack/metrics"
)

// DefaultFile is the configuration read when --config is not given.
const DefaultFile = "boardpack.toml"

// Config is the whole configuration.
type Config struct {
	report.Config
	Data    string            `toml:"data"`    // the data folder
	Content string            `toml:"content"` // the commentary folder
	Output  Output            `toml:"output"`
	Site    render.Config     `toml:"site"`
	Packs   report.PackConfig `toml:"packs"`
	Ops     metrics.ROIConfig `toml:"ops"`
	// Indicators holds the at-risk rules, the contacts each segment needs
	// and the CS capacity.
	Indicators metrics.IndicatorConfig `toml:"indicators"`
	Rubrics    string                  `toml:"rubrics"` // the project's rubrics folder, overriding built-in ones
	// Templates and Themes are the project's folders of templates and
	// themes, whose files override the built-in ones of the same name.
	Templates string `toml:"templates"`
	Themes    string `toml:"themes"`
	// Sources are the warehouse connections that boardpack pull runs the
	// queries of sources/NAME/*.sql against.
	Sources map[string]warehouse.Source `toml:"sources"`

	// Dir is the folder of the configuration file: relative paths in it
	// are relative to this folder.
	Dir string `toml:"-"`
}

// Output is the output section.
type Output struct {
	Dir string `toml:"dir"`
	PDF bool   `toml:"pdf"`
	// History keeps each period's site in a folder of its own beside the
	// latest at the root, and lists the periods; false writes the latest
	// alone, replacing the output whole.
	History bool `toml:"history"`
	// Strict fails the build when a figure an earlier period published
	// has changed, for teams that want a person to sign a restatement off.
	Strict bool `toml:"strict"`
}

// Default returns the configuration used when there is no file.
func Default() Config {
	return Config{
		Config:     report.DefaultConfig(),
		Data:       "data",
		Content:    "content",
		Output:     Output{Dir: "public", PDF: true, History: true},
		Site:       render.DefaultConfig(),
		Packs:      report.DefaultPackConfig(),
		Ops:        metrics.DefaultROIConfig(),
		Indicators: metrics.DefaultIndicatorConfig(),
		Rubrics:    "rubrics",
		Templates:  "templates",
		Themes:     "themes",
		Dir:        ".",
	}
}

// Load reads the configuration file name. When name is DefaultFile and it
// does not exist, Load returns the defaults: a report needs no
// configuration to build.
func Load(name string, explicit bool) (Config, error) {
	c := Default()
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	// The TOML decoder fills a slice's existing elements in place, so a
	// project's own rules would inherit the default rules' labels: the
	// defaults are applied after decoding, when the file gives none.
	c.Indicators.Risk = nil
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return c, diag.Errorf(name, 0, "", "%v", err)
	}
	if c.Indicators.Risk == nil {
		c.Indicators.Risk = metrics.DefaultIndicatorConfig().Risk
	}
	for i, r := range c.Indicators.Risk {
		if r.Label == "" {
			c.Indicators.Risk[i].Label = r.Name
		}
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		return c, diag.Errorf(name, 0, "", "unknown key %s (the keys are: %s)", strings.Join(names, ", "), known)
	}
	c.Dir = filepath.Dir(name)
	if err := c.Validate(); err != nil {
		return c, diag.Errorf(name, 0, "", "%v", err)
	}
	return c, nil
}

const known = "company, currency, fiscal_year_start, logo, data, content, rubrics, templates, themes, [targets] nrr grr logo_retention cost_to_retain, [output] dir pdf history strict, [site] theme brand_color, [packs] paper confidential segments csms tagged, [ops] productive_hours_per_csm_month csm_hours_per_account_month, [indicators] watch_days accounts_per_csm.SEGMENT coverage.SEGMENT.{buyers champions power_users} [[indicators.risk]] name label signal op value, [sources.NAME] driver dsn_env timeout"

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	if len(c.Currency) != 3 || strings.ToUpper(c.Currency) != c.Currency {
		return fmt.Errorf("currency: %q is not an ISO 4217 code such as USD", c.Currency)
	}
	if c.FiscalYearStart < 1 || c.FiscalYearStart > 12 {
		return fmt.Errorf("fiscal_year_start: %d is not a month number from 1 to 12", c.FiscalYearStart)
	}
	if c.Ops.ProductiveHours <= 0 || c.Ops.HoursPerAccount <= 0 {
		return fmt.Errorf("ops: productive_hours_per_csm_month and csm_hours_per_account_month must be above zero")
	}
	for name, t := range map[string]*float64{"nrr": c.Targets.NRR, "grr": c.Targets.GRR, "logo_retention": c.Targets.LogoRetention, "cost_to_retain": c.Targets.CostToRetain} {
		if t != nil && (*t <= 0 || *t > 3) {
			return fmt.Errorf("targets.%s: %v is not a fraction such as 0.92 (92%%)", name, *t)
		}
	}
	for name, src := range c.Sources {
		if err := src.Validate(name); err != nil {
			return err
		}
	}
	if err := c.Packs.Validate(); err != nil {
		return err
	}
	return c.Site.Validate(c.Project())
}

// Project returns the project's own templates and themes folders, resolved
// against the configuration's folder.
func (c Config) Project() render.Project {
	return render.Project{Templates: c.Path(c.Templates), Themes: c.Path(c.Themes)}
}

// Path resolves p against the configuration's folder.
func (c Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}
