package pdf

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// tab is one browser tab that visits page after page. Its event listener and
// its request filter live as long as the tab and report to the log of the
// page being visited.
type tab struct {
	ctx context.Context // chromedp context of the tab

	mu  sync.Mutex
	cur *pageLog // nil between visits
}

// newTab attaches the tab of ctx (starting the browser if needed), listens to
// its events and makes it pause every request for the filter.
func newTab(ctx context.Context) (*tab, error) {
	t := &tab{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		return nil, err
	}
	// Listen, not Events: the listener sees the events of all types in the
	// order the browser sent them and before the command that follows them
	// returns, so a page's log is complete when its last command returns.
	if err := chromedp.Listen(ctx, t.onEvent); err != nil {
		return nil, err
	}
	// Subscribe before enabling, so that no paused request is missed.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, blockAll); err != nil {
		return nil, fmt.Errorf("enable request filter: %w", err)
	}
	go t.filter(paused)
	return t, nil
}

// begin directs the tab's events to pl, for one visit.
func (t *tab) begin(pl *pageLog) {
	t.mu.Lock()
	t.cur = pl
	t.mu.Unlock()
}

// end stops the reports to the page log of the visit.
func (t *tab) end() {
	t.mu.Lock()
	t.cur = nil
	t.mu.Unlock()
}

// filter answers every paused request: requests for the site's own files go
// on, every other one fails as blocked before it leaves the browser. It runs
// until the tab ends. It cannot be the listener, because a listener must not
// send commands.
func (t *tab) filter(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		t.mu.Lock()
		allowed := t.cur != nil && t.cur.allowed(ev.Request.URL)
		t.mu.Unlock()
		// The error is ignored: it means the request is gone (the page
		// navigated away or the tab closed), and then nothing waits for it.
		if allowed {
			_, _ = chromedp.Call(t.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		} else {
			_, _ = chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{
				RequestID:   ev.RequestID,
				ErrorReason: network.ErrorReasonBlockedByClient,
			})
		}
	}
}

// onEvent records the events that matter to the page being visited. It runs
// in the tab's message loop, so it only files what it sees.
func (t *tab) onEvent(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	pl := t.cur
	if pl == nil {
		return
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()

	if ev, ok := ev.(*page.EventFrameNavigated); ok {
		if ev.Frame.ParentID == "" {
			pl.committed = true
		}
		return
	}
	// Before the page is committed, the events still come from the page
	// visited before; they are not this page's problems. The new page's own
	// document request comes before its commit, and Navigate reports its
	// failure.
	if !pl.committed {
		return
	}
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError:
			pl.consoleError(consoleText(ev.Args) + pl.where(ev.StackTrace))
		case runtime.ConsoleAPICalledTypeAssert:
			pl.consoleError("Assertion failed: " + consoleText(ev.Args) + pl.where(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + firstLine(valueText(d.Exception))
		}
		loc := pl.where(d.StackTrace)
		if loc == "" && d.URL != "" {
			loc = fmt.Sprintf(" (at %s:%d)", pl.short(d.URL), d.LineNumber+1)
		}
		pl.consoleError(msg + loc)
	case *log.EventEntryAdded:
		// Network entries repeat what loadingFailed says; the others are the
		// browser's own errors about the page (security, rendering...).
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			pl.consoleError(e.Text)
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		pl.urls[ev.RequestID] = u
		if strings.HasPrefix(u, "file:") && !pl.allowed(u) {
			// The request filter blocks it too; reporting it here as well
			// keeps a local file outside the site from slipping through
			// should a browser version not pause file:// requests.
			pl.fail(u, blockedReason)
		}
	case *network.EventLoadingFailed:
		u, ok := pl.urls[ev.RequestID]
		if !ok || (ev.Canceled && ev.BlockedReason == "") {
			return // not this page's request, or cancelled by the page itself
		}
		reason := ev.ErrorText
		// The filter's FailRequest shows as net::ERR_BLOCKED_BY_CLIENT,
		// with a suffix such as ".Inspector" in recent versions.
		if strings.HasPrefix(reason, "net::ERR_BLOCKED_BY_CLIENT") {
			reason = blockedReason
		}
		pl.fail(u, reason)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			pl.fail(ev.Response.URL, fmt.Sprintf("status %d %s", ev.Response.Status, ev.Response.StatusText))
		}
	case *network.EventWebSocketCreated:
		// WebSockets bypass the request filter: report them all.
		pl.fail(ev.URL, "web socket")
	}
}

// pageLog is what one visit saw: the console errors and the failed requests
// of the page. The tab's listener fills it; the visit reads it.
type pageLog struct {
	name string // the page's path relative to root, for messages
	url  string // the page's file:// URL
	root string // the clean absolute root folder

	problem     chan struct{} // closed at the first problem
	problemOnce sync.Once

	mu        sync.Mutex
	committed bool                         // the main frame shows this page
	urls      map[network.RequestID]string // request URLs, to name failed requests
	console   []string
	failed    []failure
	seen      map[string]bool // failed URLs already reported
}

// blockedReason is the reason given for a request outside the site.
const blockedReason = "blocked: outside the site folder"

// failure is a request that failed, and why.
type failure struct{ url, reason string }

// consoleError records a console error; pl.mu is held.
func (pl *pageLog) consoleError(msg string) {
	pl.console = append(pl.console, msg)
	pl.problemOnce.Do(func() { close(pl.problem) })
}

// fail records a failed request once per URL; pl.mu is held.
func (pl *pageLog) fail(u, reason string) {
	if pl.seen[u] {
		return
	}
	pl.seen[u] = true
	pl.failed = append(pl.failed, failure{u, reason})
	pl.problemOnce.Do(func() { close(pl.problem) })
}

// err returns the page's problems as a *PageError, or nil.
func (pl *pageLog) err() error {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if len(pl.console) == 0 && len(pl.failed) == 0 {
		return nil
	}
	e := &PageError{Page: pl.name}
	for _, c := range pl.console {
		e.Problems = append(e.Problems, "console error: "+c)
	}
	for _, f := range pl.failed {
		e.Problems = append(e.Problems, fmt.Sprintf("failed to load %s (%s)", f.url, f.reason))
	}
	return e
}

// allowed reports whether the page may load u: a file under the root, or
// data that is in the page already.
func (pl *pageLog) allowed(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "data", "blob":
		return true
	case "file":
		if p.Host != "" && p.Host != "localhost" {
			return false
		}
		f := filepath.FromSlash(path.Clean(p.Path))
		return f == pl.root || strings.HasPrefix(f, pl.root+string(filepath.Separator))
	}
	return false
}

// short shortens a URL under the root to its path relative to the root.
func (pl *pageLog) short(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "file" {
		return u
	}
	if rel, err := filepath.Rel(pl.root, filepath.FromSlash(p.Path)); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return u
}

// where names the place of the top stack frame as " (at file:line)".
func (pl *pageLog) where(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 || st.CallFrames[0].URL == "" {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (at %s:%d)", pl.short(f.URL), f.LineNumber+1)
}

// consoleText renders the arguments of a console call as the DevTools console
// shows them, without the %s substitutions: strings as they are, other values
// by their description.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = valueText(a)
	}
	return strings.Join(parts, " ")
}

// valueText renders one value of the page.
func valueText(v *runtime.RemoteObject) string {
	if v.Type == runtime.RemoteObjectTypeString {
		var s string
		if json.Unmarshal(v.Value, &s) == nil {
			return s
		}
	}
	switch {
	case v.Description != "":
		return v.Description
	case len(v.Value) > 0:
		return string(v.Value)
	case v.UnserializableValue != "":
		return string(v.UnserializableValue)
	}
	return string(v.Type)
}

// firstLine drops the stack that follows an error's message.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
