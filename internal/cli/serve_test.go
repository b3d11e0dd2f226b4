package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/period"
)

// lockedBuffer is a buffer that serve may write while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const serveAccounts = "account_id,account_name,segment,csm,engagement_model\na,Alder,Enterprise,Ana Lopez,dedicated\nb,Birch,SMB,Ana Lopez,low-touch\nc,Cedar,SMB,Ben Okafor,tech-touch\n"

// serveProject writes a small project: three accounts over thirteen months
// to 2026-10, and that month's commentary.
func serveProject(t *testing.T) (dir string) {
	dir = t.TempDir()
	var arr strings.Builder
	arr.WriteString("account_id,month,arr\n")
	for m := period.New(2025, time.October); m <= period.New(2026, time.October); m = m.Add(1) {
		fmt.Fprintf(&arr, "a,%s,100\nb,%s,200\nc,%s,50\n", m, m, m)
	}
	files := map[string]string{
		"boardpack.toml":       "company = \"Serve Test\"\n",
		"data/accounts.csv":    serveAccounts,
		"data/arr_monthly.csv": arr.String(),
		"content/2026-10.md":   "The first note of October.\n",
		"content/2026-09.md":   "Last month's note.\n",
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	return dir
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	// Written beside and renamed into place, as editors save.
	tmp := name + ".tmp~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// startServe runs serve on a free port with args and returns its URL, its
// stderr and a function that stops it and returns its exit code. It stops
// at the end of the test if it is still running.
func startServe(t *testing.T, args ...string) (url string, stderr *lockedBuffer, stop func() int) {
	t.Helper()
	var stdout lockedBuffer
	stderr = new(lockedBuffer)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, append(args, "--port", "0"), &stdout, stderr) }()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(5 * time.Second):
				t.Error("serve did not stop when its context was cancelled")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	urlLine := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/)`)
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if m := urlLine.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stderr, stop
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("serve printed no URL; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}
}

// sse is an open event stream, as a browser's EventSource keeps one.
type sse struct {
	events chan [2]string // name and data
}

func openEvents(t *testing.T, url string) *sse {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	s := &sse{events: make(chan [2]string, 16)}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(res.Body)
		var name string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && name != "":
				s.events <- [2]string{name, strings.Join(data, "\n")}
				name, data = "", nil
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	return s
}

// next waits up to 5 s for an event named name, and returns its data.
func (s *sse) next(t *testing.T, name string) string {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatalf("the event stream ended before a %q event", name)
			}
			if e[0] == name {
				return e[1]
			}
			t.Logf("event %s: %s", e[0], e[1])
		case <-deadline:
			t.Fatalf("no %q event in 5 s", name)
		}
	}
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// waitFor polls url until its page contains want, for up to 5 s.
func waitFor(t *testing.T, url, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, page := fetch(t, url)
		if code == 200 && strings.Contains(page, want) {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not show %q within 5 s; it is (%d):\n%s", url, want, code, page)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var buildParam = regexp.MustCompile(`<script src="/_boardpack/reload\.js\?build=([^"]*)"></script>\s*</body>`)

func TestServe(t *testing.T) {
	dir := serveProject(t)
	url, stderr, stop := startServe(t, "--config", filepath.Join(dir, "boardpack.toml"))
	page := waitFor(t, url, "The first note of October.")
	m := buildParam.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no reload script before </body>:\n%s", page)
	}
	events := openEvents(t, url+"_boardpack/events?build="+m[1])

	// A change of the commentary reaches the page, and open pages reload.
	start := time.Now()
	writeFile(t, filepath.Join(dir, "content", "2026-10.md"), "The second note of October.\n")
	events.next(t, "reload")
	t.Logf("from the write to the reload event: %s", time.Since(start).Round(time.Millisecond))
	waitFor(t, url, "The second note of October.")
	if code, _ := fetch(t, url+"retention.html"); code != 200 {
		t.Errorf("retention.html: %d", code)
	}

	// Broken data: the error goes to the open pages and the last good site
	// stays served.
	arr, err := os.ReadFile(filepath.Join(dir, "data", "arr_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "data", "arr_monthly.csv"), strings.Replace(string(arr), "a,2026-10,100", "a,2026-10,12k", 1))
	if msg := events.next(t, "error"); !strings.Contains(msg, "arr_monthly.csv:") || !strings.Contains(msg, "12k") {
		t.Errorf("the error event says %q, want the data error", msg)
	}
	if code, page := fetch(t, url); code != 200 || !strings.Contains(page, "The second note of October.") {
		t.Errorf("after a failed build / is (%d):\n%s", code, page)
	}
	if !strings.Contains(stderr.String(), "arr_monthly.csv:") {
		t.Errorf("stderr does not show the error:\n%s", stderr.String())
	}

	// A page opened while the data is broken shows the error at once.
	late := openEvents(t, url+"_boardpack/events?build="+m[1])
	if msg := late.next(t, "error"); !strings.Contains(msg, "12k") {
		t.Errorf("a page opened later got the error %q", msg)
	}

	// Fixed: the site follows, and so does a later change in a folder
	// made after serve started.
	writeFile(t, filepath.Join(dir, "data", "arr_monthly.csv"), string(arr))
	events.next(t, "reload")
	writeFile(t, filepath.Join(dir, "content", "drafts", "ideas.md"), "not read by the build")
	events.next(t, "reload")
	writeFile(t, filepath.Join(dir, "content", "drafts", "ideas.md"), "still not read")
	events.next(t, "reload")
	writeFile(t, filepath.Join(dir, "content", "2026-10.md"), "The third note of October.\n")
	events.next(t, "reload")
	waitFor(t, url, "The third note of October.")

	if code := stop(); code != ExitOK {
		t.Errorf("serve exited with %d; stderr:\n%s", code, stderr.String())
	}
	// The preview never touched the configured output folder.
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote the output folder public: %v", err)
	}
}

func TestServeFirstBuildFails(t *testing.T) {
	dir := serveProject(t)
	writeFile(t, filepath.Join(dir, "data", "accounts.csv"), "account_id,account_name\n")
	url, stderr, _ := startServe(t, "--config", filepath.Join(dir, "boardpack.toml"), "--quiet")
	code, page := fetch(t, url)
	if code != 500 || !strings.Contains(page, "accounts.csv") || !strings.Contains(page, "reload.js") {
		t.Errorf("/ before a good build is (%d):\n%s", code, page)
	}
	if !strings.Contains(stderr.String(), "accounts.csv") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	events := openEvents(t, url+"_boardpack/events")
	events.next(t, "error")
	writeFile(t, filepath.Join(dir, "data", "accounts.csv"), serveAccounts)
	events.next(t, "reload")
	waitFor(t, url, "The first note of October.")
}

func TestServePortTaken(t *testing.T) {
	dir := serveProject(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	var stdout, stderr lockedBuffer
	code := runServe(context.Background(), []string{"--config", filepath.Join(dir, "boardpack.toml"), "--port", fmt.Sprint(port)}, &stdout, &stderr)
	if code != ExitError || !strings.Contains(stderr.String(), fmt.Sprintf("cannot serve on 127.0.0.1:%d", port)) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if code := runServe(context.Background(), []string{"--port", "http"}, &stdout, &stderr); code != ExitUsage {
		t.Errorf("--port http: exit %d, want %d", code, ExitUsage)
	}
}
