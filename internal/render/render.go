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
	"slices"
	"strings"
	"sync"

	"github.com/boardpack/boardpack/internal/report"
)

// Config is the site's section of the configuration.
type Config struct {
	Theme      string `toml:"theme"`
	BrandColor string `toml:"brand_color"` // a #rgb or #rrggbb colour
}

// DefaultConfig returns the site configuration used when none is given.
func DefaultConfig() Config { return Config{Theme: "default", BrandColor: "#1f3a5f"} }

var brandColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// Validate reports a configuration that cannot be rendered with the
// project's folders p.
func (c Config) Validate(p Project) error {
	names, err := Themes(p)
	if err != nil {
		return err
	}
	if !slices.Contains(names, c.Theme) {
		return fmt.Errorf("site.theme: no theme %q (the themes are: %s)", c.Theme, strings.Join(names, ", "))
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
	site    *report.Site
	cfg     Config
	set     map[string]*template.Template
	project Project
}

// New returns a renderer of s with cfg. The templates and theme files of
// the project p replace the built-in ones of the same name.
func New(s *report.Site, cfg Config, p Project) (*Renderer, error) {
	if err := cfg.Validate(p); err != nil {
		return nil, err
	}
	set, err := parse(templateLayers(p), s.Currency)
	if err != nil {
		return nil, err
	}
	return &Renderer{site: s, cfg: cfg, set: set, project: p}, nil
}

// topMarker stands for pageData.Top in a page rendered once for several
// copies of the site: letters and digits, which html/template escapes in
// no context, so that each copy is the page with the marker replaced.
const topMarker = "boardpackTop7c9e41d2"

// Site renders every page of the site, with the assets, once for each
// folder of dirs of the output: "" for the output's root, or a period's
// folder name, which prefixes every path. logo is the logo image's bytes,
// or nil. Each file is handed to emit as soon as it is rendered, from
// several goroutines at once, so that a large site is never held whole.
//
// The copies differ only in the path from a page to the output's root,
// Top, so each page is rendered once, with a marker for Top, and each copy
// made by replacing the marker, which the built-in templates print only in
// links. A project's own templates might print Top where html/template
// escapes it, so with them each copy is rendered in full.
func (r *Renderer) Site(logo []byte, dirs []string, emit func(File)) error {
	s := r.site
	tops := make([][]byte, len(dirs))
	for i, dir := range dirs {
		if dir != "" {
			tops[i] = []byte("../")
		}
	}
	_, custom := dirLayer(r.project.Templates)
	once := len(dirs) > 1 && !custom
	errs := make([]error, len(s.Pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			marker := []byte(topMarker)
			for i := range next {
				p := s.Pages[i]
				// The CSV files of the page's tables, the same in every
				// copy.
				csvs := csvFiles(p, "", s.Currency)
				for k, dir := range dirs {
					for _, f := range csvs {
						emit(File{Path: path.Join(dir, f.Path), Data: f.Data})
					}
					if !once {
						buf.Reset()
						if errs[i] = r.execute(&buf, p, pageData{Top: string(tops[k])}); errs[i] != nil {
							break
						}
						emit(File{Path: path.Join(dir, p.Path), Data: bytes.Clone(buf.Bytes())})
					}
				}
				if once {
					buf.Reset()
					if errs[i] = r.execute(&buf, p, pageData{Top: topMarker}); errs[i] != nil {
						continue
					}
					parts := bytes.Split(buf.Bytes(), marker)
					for k, dir := range dirs {
						emit(File{Path: path.Join(dir, p.Path), Data: bytes.Join(parts, tops[k])})
					}
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
			return err
		}
	}
	assets, err := assetFiles(themeLayers(r.project, r.cfg.Theme))
	if err != nil {
		return err
	}
	if logo != nil && s.Logo != "" {
		assets = append(assets, File{Path: s.Logo, Data: logo})
	}
	for _, dir := range dirs {
		for _, a := range assets {
			emit(File{Path: path.Join(dir, a.Path), Data: a.Data})
		}
	}
	return nil
}

// Page renders one page that belongs to the output's root alone, such as
// the history of the periods, with the CSV files of its tables.
func (r *Renderer) Page(p *report.Page) ([]File, error) {
	var buf bytes.Buffer
	if err := r.execute(&buf, p, pageData{Alone: true}); err != nil {
		return nil, err
	}
	return append([]File{{Path: p.Path, Data: buf.Bytes()}}, csvFiles(p, "", r.site.Currency)...), nil
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
// clone of them, since every page defines its own "content". Each file is
// looked up in ls, so a project's file replaces the built-in one, and a
// problem in it is reported at its path in the project.
func parse(ls layers, currency string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"option":    func(c report.Chart) (string, error) { return chartOption(c, currency) },
		"tableHTML": tableHTML,
	}
	add := func(t *template.Template, name string) error {
		text, where, err := ls.read(name)
		if err != nil {
			return err
		}
		if _, err := t.New(name).Parse(string(text)); err != nil {
			return parseError(where, name, err)
		}
		return nil
	}
	base := template.New("").Funcs(funcs)
	partials, err := ls.glob("_*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		if err := add(base, p); err != nil {
			return nil, err
		}
	}
	pages, err := ls.glob("[a-z]*.html")
	if err != nil {
		return nil, err
	}
	set := map[string]*template.Template{}
	for _, p := range pages {
		t := template.Must(base.Clone())
		if err := add(t, p); err != nil {
			return nil, err
		}
		set[p] = t
	}
	return set, nil
}

// parseError names the file where a template that failed to parse was
// found, at the line the parser gives: "site/templates/summary.html:3:
// unexpected ...", the form editors jump to.
func parseError(where, name string, err error) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "template: "+name+":"); ok {
		return fmt.Errorf("%s:%s", where, rest)
	}
	return fmt.Errorf("%s: %w", where, err)
}

// assetFiles returns the scripts, styles, fonts and licences the pages
// load, under assets/: the theme's files are those of the first of ls to
// have each.
func assetFiles(ls layers) ([]File, error) {
	var files []File
	for _, a := range [][2]string{
		{"vendor/echarts/echarts.min.js", "assets/echarts.min.js"},
		{"vendor/echarts/LICENSE", "assets/licenses/echarts-LICENSE.txt"},
		{"vendor/echarts/NOTICE", "assets/licenses/echarts-NOTICE.txt"},
		{"static/boardpack.js", "assets/boardpack.js"},
		{"static/pack.js", "assets/pack.js"},
	} {
		data, err := fs.ReadFile(static, a[0])
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: a[1], Data: data})
	}
	names, err := ls.files()
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		data, _, err := ls.read(n)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: path.Join("assets", n), Data: data})
	}
	return files, nil
}
