package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The server's own paths. They start with an underscore, which no page of
// a built site does.
const (
	scriptPath = "/_boardpack/reload.js"
	eventsPath = "/_boardpack/events"
)

//go:embed reload.js
var reloadJS []byte

// heartbeat is how often an idle event stream is written to, so that a
// closed page is noticed and its stream ended.
const heartbeat = 30 * time.Second

// ServeHTTP serves the last good build, the live-reload script and the
// event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Every build replaces the files: a cached page would hide the change
	// the reload was for.
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(reloadJS)
	case eventsPath:
		s.serveEvents(w, r)
	default:
		s.serveSite(w, r)
	}
}

func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	rt := s.acquire()
	if rt == nil {
		s.serveFailure(w)
		return
	}
	defer rt.release()
	name := r.URL.Path
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if isHTML(name) {
		// http.Dir refuses names that climb out of the folder.
		if f, err := http.Dir(rt.dir).Open(name); err == nil {
			defer f.Close()
			if st, err := f.Stat(); err == nil && !st.IsDir() {
				page, err := io.ReadAll(f)
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				page = inject(page, rt.id, w.Header())
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(page))
				return
			}
		}
	}
	if name == "/favicon.ico" {
		// Browsers ask a server, unlike a folder, for an icon the site
		// does not have; a 404 would be an error in every page's console.
		if _, err := os.Stat(filepath.Join(rt.dir, "favicon.ico")); err != nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	// Everything else, and the redirects and not-found answers, as a
	// static file server gives them.
	http.FileServer(http.Dir(rt.dir)).ServeHTTP(w, r)
}

func isHTML(name string) bool {
	return strings.HasPrefix(mime.TypeByExtension(path.Ext(name)), "text/html")
}

// serveFailure answers every path with the error of the first build while
// no build has succeeded: the page reloads itself once one does.
func (s *Server) serveFailure(w http.ResponseWriter) {
	_, failure := s.state()
	msg := "The site is being built."
	if failure != nil {
		msg = failure.Error()
	}
	page := inject([]byte(fmt.Sprintf(failurePage, html.EscapeString(msg))), "", w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(page)
}

// failurePage is the page of a failed first build. The reload script finds
// the error by its id, and reloads the page for a new error rather than lay
// that over it.
const failurePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'unsafe-inline'">
<title>Build failed · boardpack</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}pre{white-space:pre-wrap;background:#fff4f4;border-left:4px solid #b42318;padding:1rem}</style>
</head>
<body>
<h1>The build failed</h1>
<p>boardpack serve keeps watching the files: this page reloads when the build succeeds.</p>
<pre id="boardpack-error">%s</pre>
</body>
</html>
`

var (
	cspMeta    = regexp.MustCompile(`(?is)<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>`)
	cspContent = regexp.MustCompile(`(?is)(\scontent\s*=\s*)(?:"([^"]*)"|'([^']*)')`)
	bodyEnd    = regexp.MustCompile(`(?i)</body\s*>`)
)

// inject prepares a page of the site for serving: it adds the live-reload
// script before </body> and lets each Content-Security-Policy meta tag
// allow connections to the page's own origin, which the script's event
// stream needs. It adds the policies it amended to h as headers. build is
// the id of the build the page comes from, so that a page that missed a
// reload catches up when its event stream connects.
//
// A header alone could not open the way: a browser enforces every policy
// of a page, so the meta tag's default-src 'none' would still block the
// stream. Only served pages are changed; the built files keep their policy.
func inject(page []byte, build string, h http.Header) []byte {
	page = cspMeta.ReplaceAllFunc(page, func(tag []byte) []byte {
		m := cspContent.FindSubmatchIndex(tag)
		if m == nil {
			return tag
		}
		var value []byte
		if m[4] >= 0 {
			value = tag[m[4]:m[5]] // double-quoted
		} else {
			value = tag[m[6]:m[7]] // single-quoted
		}
		policy := allowConnect(html.UnescapeString(string(value)))
		h.Add("Content-Security-Policy", policy)
		var b bytes.Buffer
		b.Write(tag[:m[0]])
		b.Write(tag[m[2]:m[3]])
		b.WriteString(`"` + strings.ReplaceAll(strings.ReplaceAll(policy, "&", "&amp;"), `"`, "&quot;") + `"`)
		b.Write(tag[m[1]:])
		return b.Bytes()
	})
	script := []byte(`<script src="` + scriptPath + `?build=` + url.QueryEscape(build) + `"></script>`)
	locs := bodyEnd.FindAllIndex(page, -1)
	if len(locs) == 0 {
		return append(page, script...)
	}
	at := locs[len(locs)-1][0]
	out := make([]byte, 0, len(page)+len(script)+1)
	out = append(out, page[:at]...)
	out = append(out, script...)
	out = append(out, '\n')
	return append(out, page[at:]...)
}

// allowConnect returns policy with 'self' among the sources of connect-src.
func allowConnect(policy string) string {
	var out []string
	found := false
	for _, d := range strings.Split(policy, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		if strings.EqualFold(fields[0], "connect-src") {
			found = true
			switch srcs := fields[1:]; {
			case len(srcs) == 0 || strings.EqualFold(srcs[0], "'none'"):
				fields = []string{fields[0], "'self'"}
			case !hasSelf(srcs):
				fields = append(fields, "'self'")
			}
		}
		out = append(out, strings.Join(fields, " "))
	}
	if !found {
		out = append(out, "connect-src 'self'")
	}
	return strings.Join(out, "; ")
}

func hasSelf(srcs []string) bool {
	for _, s := range srcs {
		if strings.EqualFold(s, "'self'") {
			return true
		}
	}
	return false
}

// serveEvents streams the server's events to a page (server-sent events).
// On connecting, a page hears at once what it missed: the last build's
// error, or a reload when a newer build than its own is served.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	// Subscribing before reading the state: an event published in between
	// arrives twice rather than never.
	events, cancel := s.events.subscribe()
	defer cancel()
	// A second between reconnections: the browser's default is a few
	// seconds, which is long when serve was only restarted.
	if _, err := io.WriteString(w, "retry: 1000\n\n"); err != nil {
		return
	}
	id, failure := s.state()
	switch {
	case failure != nil:
		writeEvent(w, event{name: "error", data: failure.Error()})
	case id != "" && r.URL.Query().Get("build") != id:
		writeEvent(w, event{name: "reload", data: id})
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.events.done:
			return
		case e := <-events:
			err = writeEvent(w, e)
		case <-tick.C:
			_, err = io.WriteString(w, ": ping\n\n")
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// writeEvent writes e in the event-stream format, one data line for each
// line of its text.
func writeEvent(w io.Writer, e event) error {
	var b strings.Builder
	b.WriteString("event: " + e.name + "\n")
	for _, line := range strings.Split(strings.ReplaceAll(e.data, "\r\n", "\n"), "\n") {
		b.WriteString("data: " + strings.ReplaceAll(line, "\r", "") + "\n")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
