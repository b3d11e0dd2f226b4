package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const strictCSP = `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'`

const page = `<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="` + strictCSP + `">
<title>t</title></head>
<body><p>%s</p></body></html>
`

// site returns a build function that writes a page saying *text, or fails
// with *fail when it is set.
func site(text *atomic.Value, fail *atomic.Value) func(string) error {
	return func(dir string) error {
		if msg, _ := fail.Load().(string); msg != "" {
			return errors.New(msg)
		}
		files := map[string]string{
			"index.html":       strings.Replace(page, "%s", text.Load().(string), 1),
			"csm/index.html":   strings.Replace(page, "%s", "books", 1),
			"assets/style.css": "body{}</body>",
			"metrics.json":     `{"note":"</body>"}`,
		}
		for name, data := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
}

func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(s.tmp); !os.IsNotExist(err) {
			t.Errorf("the builds' folder %s is still there after Close", s.tmp)
		}
	})
	return s
}

func get(t *testing.T, h http.Handler, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServeInjectsIntoHTMLOnly(t *testing.T) {
	var text, fail atomic.Value
	text.Store("hello")
	s := newServer(t, Options{Build: site(&text, &fail)})
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/index.html", "/csm/"} {
		res := get(t, s, path)
		b := body(t, res)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(b, `<script src="/_boardpack/reload.js?build=`) {
			t.Errorf("%s: no reload script in\n%s", path, b)
		}
		if i, j := strings.Index(b, "reload.js"), strings.Index(b, "</body>"); i < 0 || i > j || strings.Count(b, "reload.js") != 1 {
			t.Errorf("%s: the script is not once, before </body>:\n%s", path, b)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: the CSP header %q does not allow connect-src 'self' on top of the page's policy", path, csp)
		}
		if !strings.Contains(b, `content="`+strictCSP+`; connect-src 'self'"`) {
			t.Errorf("%s: the meta policy does not allow connect-src 'self':\n%s", path, b)
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, res.Header.Get("Cache-Control"))
		}
	}
	for _, path := range []string{"/assets/style.css", "/metrics.json"} {
		res := get(t, s, path)
		if b := body(t, res); res.StatusCode != 200 || strings.Contains(b, "reload.js") || res.Header.Get("Content-Security-Policy") != "" {
			t.Errorf("%s: %d, CSP %q, body %q: want the file as built", path, res.StatusCode, res.Header.Get("Content-Security-Policy"), b)
		}
	}
	// The built files keep their own policy: only responses change.
	s.mu.RLock()
	dir := s.cur.dir
	s.mu.RUnlock()
	built, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(built), "connect-src") || strings.Contains(string(built), "reload.js") {
		t.Errorf("the built file was changed:\n%s", built)
	}
	if res := get(t, s, "/nope.html"); res.StatusCode != 404 {
		t.Errorf("/nope.html: %d, want 404", res.StatusCode)
	}
	if res := get(t, s, "/_boardpack/reload.js"); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(body(t, res), "EventSource") {
		t.Errorf("reload.js: %s", res.Header.Get("Content-Type"))
	}
}

func TestServeInject(t *testing.T) {
	for _, tc := range []struct{ name, in, want, header string }{
		{"no policy, no body", `<p>x`, `<p>x<script src="/_boardpack/reload.js?build=b"></script>`, ""},
		{"last body, any case",
			`<body><pre></body></pre></BODY >`,
			`<body><pre></body></pre><script src="/_boardpack/reload.js?build=b"></script>` + "\n</BODY >", ""},
		{"connect-src none",
			`<META HTTP-EQUIV='content-security-policy' CONTENT='default-src &#39;none&#39;; connect-src &#39;none&#39;'></body>`,
			`<META HTTP-EQUIV='content-security-policy' CONTENT="default-src 'none'; connect-src 'self'"><script src="/_boardpack/reload.js?build=b"></script>` + "\n</body>",
			"default-src 'none'; connect-src 'self'"},
		{"connect-src elsewhere",
			`<meta http-equiv="Content-Security-Policy" content="connect-src https://example.com;">`,
			`<meta http-equiv="Content-Security-Policy" content="connect-src https://example.com 'self'"><script src="/_boardpack/reload.js?build=b"></script>`,
			"connect-src https://example.com 'self'"},
		{"already allowed",
			`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'">`,
			`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'"><script src="/_boardpack/reload.js?build=b"></script>`,
			"default-src 'self'; connect-src 'self'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if got := string(inject([]byte(tc.in), "b", h)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if got := h.Get("Content-Security-Policy"); got != tc.header {
				t.Errorf("header %q, want %q", got, tc.header)
			}
		})
	}
}

// stream reads server-sent events from url.
type stream struct {
	res    *http.Response
	events chan event
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	st := &stream{res: res, events: make(chan event, 16)}
	t.Cleanup(func() { res.Body.Close() })
	go func() {
		defer close(st.events)
		sc := bufio.NewScanner(res.Body)
		var e event
		var data []string
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "":
				if e.name != "" {
					e.data = strings.Join(data, "\n")
					st.events <- e
				}
				e, data = event{}, nil
			case strings.HasPrefix(line, "event: "):
				e.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			}
		}
	}()
	return st
}

func (st *stream) next(t *testing.T) event {
	t.Helper()
	select {
	case e, ok := <-st.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event in 5 s")
	}
	return event{}
}

func TestServeEventsAndFailedBuild(t *testing.T) {
	var text, fail atomic.Value
	text.Store("first")
	s := newServer(t, Options{Build: site(&text, &fail)})
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.events.close() // before ts.Close, which waits for the streams
	first, _ := s.state()

	st := openStream(t, ts.URL+"/_boardpack/events?build="+first)
	text.Store("second")
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	second, _ := s.state()
	if e := st.next(t); e.name != "reload" || e.data != second {
		t.Errorf("got %+v, want a reload to %s", e, second)
	}

	fail.Store("accounts.csv:3:arr: cannot parse \"12k\" as a number\n<script>alert(1)</script>")
	if err := s.Rebuild(); err == nil {
		t.Fatal("the build did not fail")
	}
	if e := st.next(t); e.name != "error" || !strings.Contains(e.data, "accounts.csv:3:arr") || !strings.Contains(e.data, "\n<script>") {
		t.Errorf("got %+v, want the build's error, lines kept", e)
	}
	if b := body(t, get(t, s, "/")); !strings.Contains(b, "<p>second</p>") {
		t.Errorf("after a failed build / is not the last good build:\n%s", b)
	}
	// A page opened during the failure hears of it when it connects.
	late := openStream(t, ts.URL+"/_boardpack/events?build="+second)
	if e := late.next(t); e.name != "error" {
		t.Errorf("a new page got %+v, want the error", e)
	}
	// A page from an older build catches up with a reload.
	fail.Store("")
	text.Store("third")
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if e := st.next(t); e.name != "reload" {
		t.Errorf("got %+v after the fix, want a reload", e)
	}
	old := openStream(t, ts.URL+"/_boardpack/events?build="+first)
	if e := old.next(t); e.name != "reload" {
		t.Errorf("a page of an older build got %+v, want a reload", e)
	}
	if b := body(t, get(t, s, "/")); !strings.Contains(b, "<p>third</p>") {
		t.Errorf("after the fix:\n%s", b)
	}
	// Only the served build is kept.
	s.retired.Wait()
	if entries, _ := os.ReadDir(s.tmp); len(entries) != 1 {
		t.Errorf("the builds' folder holds %d entries, want the served build only", len(entries))
	}
}

func TestServeFirstBuildFails(t *testing.T) {
	var text, fail atomic.Value
	text.Store("ok")
	fail.Store(`arr_monthly.csv:2:month: "2026-13" is not a month <b>`)
	s := newServer(t, Options{Build: site(&text, &fail)})
	if err := s.Rebuild(); err == nil {
		t.Fatal("the build did not fail")
	}
	res := get(t, s, "/")
	b := body(t, res)
	if res.StatusCode != 500 || !strings.Contains(b, `&#34;2026-13&#34; is not a month &lt;b&gt;`) || !strings.Contains(b, "reload.js") {
		t.Errorf("/: %d\n%s", res.StatusCode, b)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("the error page's CSP header %q does not allow its event stream", csp)
	}
	fail.Store("")
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if b := body(t, get(t, s, "/")); !strings.Contains(b, "<p>ok</p>") {
		t.Errorf("after the fix:\n%s", b)
	}
}

func TestServeBrokerKeepsTheLatestEvent(t *testing.T) {
	b := newBroker()
	a, cancelA := b.subscribe()
	c, cancelC := b.subscribe()
	defer cancelC()
	b.publish(event{name: "error", data: "x"})
	b.publish(event{name: "reload", data: "2"})
	for _, ch := range []<-chan event{a, c} {
		if e := <-ch; e.name != "reload" || e.data != "2" {
			t.Errorf("got %+v, want the latest event", e)
		}
	}
	cancelA()
	b.publish(event{name: "reload", data: "3"})
	select {
	case e := <-a:
		t.Errorf("an ended subscription got %+v", e)
	default:
	}
	if e := <-c; e.data != "3" {
		t.Errorf("got %+v", e)
	}
}

func TestServeWatchDebouncesABurst(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(filepath.Join(data, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "boardpack.toml")
	if err := os.WriteFile(config, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher([]string{data, config, filepath.Join(dir, "content")}, t.Errorf)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	builds := make(chan []string, 16)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx, 200*time.Millisecond, func(c []string) { builds <- c }) })
	defer wg.Wait()
	defer cancel()

	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	quiet := func() {
		t.Helper()
		select {
		case got := <-builds:
			t.Errorf("another rebuild, for %q", got)
		case <-time.After(600 * time.Millisecond):
		}
	}
	expect := func(want ...string) {
		t.Helper()
		select {
		case got := <-builds:
			for _, name := range want {
				if !strings.Contains(strings.Join(got, "\n"), name) {
					t.Errorf("changed %q, want %s among them", got, name)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no rebuild for %v", want)
		}
	}

	// An editor's save: a swap file, a temporary file renamed over the
	// original, and several writes, in one burst.
	write(filepath.Join(data, ".accounts.csv.swp"), "x")
	for i := range 5 {
		write(filepath.Join(data, "accounts.csv"), strings.Repeat("x", i))
	}
	tmp := filepath.Join(data, "arr_monthly.csv.tmp~")
	write(tmp, "y")
	if err := os.Rename(tmp, filepath.Join(data, "arr_monthly.csv")); err != nil {
		t.Fatal(err)
	}
	expect("accounts.csv", "arr_monthly.csv")
	quiet() // the burst made one rebuild

	// A file in a subfolder, and in one made after the watch started.
	write(filepath.Join(data, "old", "a.csv"), "z")
	expect("a.csv")
	if err := os.Mkdir(filepath.Join(data, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	expect("new")
	write(filepath.Join(data, "new", "b.csv"), "z")
	expect("b.csv")

	// The configuration, saved by a rename; and a folder that did not
	// exist when the watch started.
	write(config+".new", "x = 1")
	if err := os.Rename(config+".new", config); err != nil {
		t.Fatal(err)
	}
	expect("boardpack.toml")
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	expect("content")
	write(filepath.Join(dir, "content", "2026-10.md"), "x")
	expect("2026-10.md")

	// Files next to the configuration, and hidden ones, are not watched.
	write(filepath.Join(dir, "other.txt"), "x")
	write(filepath.Join(data, ".hidden"), "x")
	quiet()
}

// TestServeRebuildsOnChange runs the whole loop: a change to a watched file
// reaches an open page as a reload, and Serve stops with its context.
func TestServeRebuildsOnChange(t *testing.T) {
	data := t.TempDir()
	note := filepath.Join(data, "note.txt")
	if err := os.WriteFile(note, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, Options{
		Watch:    []string{data},
		Debounce: 50 * time.Millisecond,
		Build: func(dir string) error {
			b, err := os.ReadFile(note)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "index.html"), []byte(strings.Replace(page, "%s", string(b), 1)), 0o644)
		},
	})
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	id, _ := s.state()
	st := openStream(t, url+"/_boardpack/events?build="+id)
	if err := os.WriteFile(note, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := st.next(t); e.name != "reload" {
		t.Errorf("got %+v, want a reload", e)
	}
	res, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, res); !strings.Contains(b, "<p>two</p>") {
		t.Errorf("after the change:\n%s", b)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop with its context")
	}
}
