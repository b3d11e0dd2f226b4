// Package render writes the report model as HTML pages and the assets they
// need. Everything a page loads ships inside the binary and is written next
// to the pages, so the site opens from the file system with no network.
package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sync"

	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/templates"
	"github.com/boardpack/boardpack/themes"
)

// Config is the site's section of the configuration.
type Config struct {
	Theme      string `toml:"theme"`
	BrandColor string `toml:"brand_color"` // a #rgb or #rrggbb colour
}

// DefaultConfig returns the site configuration used when none is given.
func DefaultConfig() Config { return Config{Theme: "default", BrandColor: "#1f3a5f"} }

var brandColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// Validate reports a configuration that cannot be rendered.
func (c Config) Validate() error {
	if _, err := fs.Stat(themes.FS, c.Theme); err != nil {
		return fmt.Errorf("site.theme: no theme %q (the themes are: default)", c.Theme)
	}
	if !brandColor.MatchString(c.BrandColor) {
		return fmt.Errorf("site.brand_color: %q is not a colour like #1f3a5f", c.BrandColor)
	}
	return nil
}

//go:embed static vendor
var static embed.FS

// File is an output file, its path relative to the site root.
type File struct {
	Path string
	Data []byte
}

// pageData is what a page template sees.
type pageData struct {
	Site  *report.Site
	Page  *report.Page
	Root  string // relative path to the site root
	Brand template.CSS
	Data  any
	// Top is the relative path from the site root to the output folder's
	// root, where the history page and the other periods' folders are: ""
	// for the copy at the root, "../" for the copy in a period's folder.
	Top string
	// Alone is set for a page of the output's root alone, which has no
	// earlier version to link to.
	Alone bool
}

// PrevHref returns the link to the same page one period earlier, or to
// that period's summary when the page did not exist then; "" when there is
// no earlier period.
func (d pageData) PrevHref() string {
	s := d.Site
	if s.Previous == "" || d.Alone {
		return ""
	}
	p := d.Page.Path
	if !s.PreviousPages[p] {
		p = "index.html"
	}
	return d.Root + d.Top + s.Previous + "/" + p
}

// Renderer renders the pages of one site: its templates are parsed once
// and serve the site and every pack.
type Renderer struct {
	site *report.Site
	cfg  Config
	set  map[string]*template.Template
}

// New returns a renderer of s with cfg.
func New(s *report.Site, cfg Config) (*Renderer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	set, err := parse(s.Currency)
	if err != nil {
		return nil, err
	}
	return &Renderer{site: s, cfg: cfg, set: set}, nil
}

// Site renders every page of the site and returns them with the assets, in
// a fixed order. logo is the logo image's bytes, or nil. dir is the folder
// of the output the copy goes in: "" for the output's root, or a period's
// folder name, which prefixes every path.
func (r *Renderer) Site(logo []byte, dir string) ([]File, error) {
	s := r.site
	top := ""
	if dir != "" {
		top = "../"
	}
	files := make([]File, len(s.Pages))
	errs := make([]error, len(s.Pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				p := s.Pages[i]
				buf.Reset()
				if errs[i] = r.execute(&buf, p, pageData{Top: top}); errs[i] == nil {
					files[i] = File{Path: path.Join(dir, p.Path), Data: bytes.Clone(buf.Bytes())}
				}
			}
		})
	}
	for i := range s.Pages {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	assets, err := assetFiles(r.cfg.Theme)
	if err != nil {
		return nil, err
	}
	if logo != nil && s.Logo != "" {
		assets = append(assets, File{Path: s.Logo, Data: logo})
	}
	for _, a := range assets {
		files = append(files, File{Path: path.Join(dir, a.Path), Data: a.Data})
	}
	return files, nil
}

// Page renders one page that belongs to the output's root alone, such as
// the history of the periods.
func (r *Renderer) Page(p *report.Page) (File, error) {
	var buf bytes.Buffer
	if err := r.execute(&buf, p, pageData{Alone: true}); err != nil {
		return File{}, err
	}
	return File{Path: p.Path, Data: buf.Bytes()}, nil
}

// execute renders page p into buf; d holds Top and Alone; the rest is
// filled in here.
func (r *Renderer) execute(buf *bytes.Buffer, p *report.Page, d pageData) error {
	t := r.set[p.Template]
	if t == nil {
		return fmt.Errorf("%s: no template %s", p.Path, p.Template)
	}
	d.Site, d.Page, d.Root, d.Brand, d.Data = r.site, p, p.Root(), template.CSS(r.cfg.BrandColor), p.Data
	if err := t.ExecuteTemplate(buf, p.Template, d); err != nil {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	return nil
}

// packData is what the pack template sees.
type packData struct {
	Pack    *report.Pack
	Root    string
	Brand   template.CSS
	Logo    string
	Initial string
}

// Pack renders a board pack's document, packs/FILE.html, which the pdf
// package prints.
func (r *Renderer) Pack(p *report.Pack) (File, error) {
	s, cfg, set := r.site, r.cfg, r.set
	var buf bytes.Buffer
	d := packData{Pack: p, Root: "../", Brand: template.CSS(cfg.BrandColor), Logo: s.Logo, Initial: s.Initial}
	if err := set["pack.html"].ExecuteTemplate(&buf, "pack.html", d); err != nil {
		return File{}, fmt.Errorf("pack %s: %w", p.File, err)
	}
	return File{Path: "packs/" + p.File + ".html", Data: buf.Bytes()}, nil
}

// parse parses the layout and partials once and each page template on a
// clone of them, since every page defines its own "content".
func parse(currency string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"option":    func(c report.Chart) (string, error) { return chartOption(c, currency) },
		"tableHTML": tableHTML,
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templates.FS, "_*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templates.FS, "[a-z]*.html")
	if err != nil {
		return nil, err
	}
	set := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, p)
		if err != nil {
			return nil, err
		}
		set[p] = t
	}
	return set, nil
}

// assetFiles returns the scripts, styles, fonts and licences the pages
// load, under assets/.
func assetFiles(theme string) ([]File, error) {
	var files []File
	add := func(fsys fs.FS, from, to string) error {
		data, err := fs.ReadFile(fsys, from)
		if err != nil {
			return err
		}
		files = append(files, File{Path: to, Data: data})
		return nil
	}
	for _, a := range [][2]string{
		{"vendor/echarts/echarts.min.js", "assets/echarts.min.js"},
		{"vendor/echarts/LICENSE", "assets/licenses/echarts-LICENSE.txt"},
		{"vendor/echarts/NOTICE", "assets/licenses/echarts-NOTICE.txt"},
		{"static/boardpack.js", "assets/boardpack.js"},
		{"static/pack.js", "assets/pack.js"},
	} {
		if err := add(static, a[0], a[1]); err != nil {
			return nil, err
		}
	}
	err := fs.WalkDir(themes.FS, theme, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return add(themes.FS, p, path.Join("assets", p[len(theme)+1:]))
	})
	return files, err
}
