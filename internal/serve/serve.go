// Package serve previews a site while it is being edited: it builds the site
// into a private folder, serves it on a local port, rebuilds it when the
// files it is made from change, and reloads the browser's open pages.
//
// A rebuild is written to a folder of its own and served only once it has
// succeeded, so a failed build leaves the last good site on screen, with
// the error shown over it.
package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultDebounce is how long the watched files must stay quiet before a
// rebuild. Editors save in bursts (a temporary file, a rename, a change of
// mode), and a rebuild for each event would serve a half-saved file.
const DefaultDebounce = 200 * time.Millisecond

// Options configure a Server.
type Options struct {
	// Build writes the site into dir, an empty folder that the server
	// owns. A build that fails returns the error people should read.
	Build func(dir string) error
	// Watch lists the folders, watched with all their subfolders, and the
	// files whose changes cause a rebuild. A path that does not exist yet
	// is watched for its creation when its parent folder exists.
	Watch []string
	// Debounce replaces DefaultDebounce when above zero.
	Debounce time.Duration
	// Logf prints progress lines; nil discards them.
	Logf func(format string, args ...any)
	// Errorf prints failed builds and watch problems; nil discards them.
	// Build, Logf and Errorf are called by one goroutine at a time.
	Errorf func(format string, args ...any)
}

// Server serves the last good build of a site. It is an http.Handler.
type Server struct {
	opts    Options
	tmp     string // the private folder that holds the builds
	run     string // tells this run's builds from a previous run's
	watch   *watcher
	events  *broker
	buildMu sync.Mutex // one build at a time

	mu      sync.RWMutex
	cur     *root // the last good build; nil until one succeeds
	failure error // the last build's error; nil when it succeeded
	builds  int

	retired sync.WaitGroup // removals of replaced builds
}

// root is one build's folder. Requests hold it while they read from it, so
// that a newer build can replace it without removing files being served.
type root struct {
	dir  string
	id   string
	refs sync.WaitGroup
}

// New makes a server and starts watching opts.Watch; Rebuild builds the
// site and Serve serves it. Close removes the builds.
func New(opts Options) (*Server, error) {
	if opts.Build == nil {
		return nil, errors.New("serve: no build function")
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.Errorf == nil {
		opts.Errorf = func(string, ...any) {}
	}
	tmp, err := os.MkdirTemp("", "boardpack-serve-")
	if err != nil {
		return nil, err
	}
	w, err := newWatcher(opts.Watch, opts.Errorf)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Server{
		opts:   opts,
		tmp:    tmp,
		run:    strconv.FormatInt(time.Now().UnixNano(), 36),
		watch:  w,
		events: newBroker(),
	}, nil
}

// Rebuild builds the site into a new folder and, when the build succeeds,
// serves it and tells the open pages to reload. When it fails, the previous
// build stays served and the open pages are shown the error.
func (s *Server) Rebuild() error { return s.rebuild(nil) }

func (s *Server) rebuild(changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	s.mu.Lock()
	s.builds++
	n := s.builds
	s.mu.Unlock()
	dir := filepath.Join(s.tmp, fmt.Sprintf("build-%d", n))
	err := os.Mkdir(dir, 0o755)
	if err == nil {
		err = s.opts.Build(dir)
	}
	took := time.Since(start)
	if err != nil {
		os.RemoveAll(dir)
		s.mu.Lock()
		s.failure = err
		good := s.cur != nil
		s.mu.Unlock()
		s.events.publish(event{name: "error", data: err.Error()})
		if good {
			s.opts.Errorf("the build failed; the last good build is still served:\n%v", err)
		} else {
			s.opts.Errorf("the build failed; the site shows the error until it is fixed:\n%v", err)
		}
		return err
	}
	r := &root{dir: dir, id: s.run + "-" + strconv.Itoa(n)}
	s.mu.Lock()
	old := s.cur
	s.cur, s.failure = r, nil
	s.mu.Unlock()
	if old != nil {
		s.retired.Go(func() {
			old.refs.Wait()
			os.RemoveAll(old.dir)
		})
	}
	s.events.publish(event{name: "reload", data: r.id})
	if changed == nil {
		s.opts.Logf("built in %s", round(took))
	} else {
		s.opts.Logf("rebuilt in %s (%s)", round(took), describe(changed))
	}
	return nil
}

// acquire returns the served build, held until release, or nil when no
// build has succeeded yet.
func (s *Server) acquire() *root {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.cur != nil {
		// Under the read lock: a rebuild cannot retire the build, and so
		// start waiting on it, between the load and the Add.
		s.cur.refs.Add(1)
	}
	return s.cur
}

func (r *root) release() { r.refs.Done() }

// state returns the served build's id ("" before the first good build) and
// the last build's error.
func (s *Server) state() (id string, failure error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.cur != nil {
		id = s.cur.id
	}
	return id, s.failure
}

// Serve serves the site on ln, rebuilding it as the watched files change,
// until ctx is done; then it lets the requests in progress finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	watchCtx, stopWatching := context.WithCancel(ctx)
	var watching sync.WaitGroup
	watching.Go(func() {
		s.watch.run(watchCtx, s.opts.Debounce, func(changed []string) { s.rebuild(changed) })
	})
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stopWatching()
	watching.Wait() // a build in progress finishes first
	// The event streams never end by themselves: Shutdown would wait for
	// them until its deadline.
	s.events.close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := hs.Shutdown(shutdownCtx); err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close stops watching and removes the builds. The server must not be
// serving.
func (s *Server) Close() error {
	s.events.close()
	err := s.watch.close()
	s.retired.Wait()
	if rerr := os.RemoveAll(s.tmp); err == nil {
		err = rerr
	}
	return err
}

func round(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// describe names the changed files for a progress line, relative to the
// working folder when they are below it.
func describe(changed []string) string {
	wd, _ := os.Getwd()
	names := make([]string, 0, 3)
	for _, c := range changed[:min(len(changed), 3)] {
		if rel, err := filepath.Rel(wd, c); err == nil && !strings.HasPrefix(rel, "..") {
			c = rel
		}
		names = append(names, c)
	}
	s := strings.Join(names, ", ")
	if more := len(changed) - len(names); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s + " changed"
}
