package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestServeInBrowser checks live reload where it can break unseen: in a
// browser, under the pages' Content-Security-Policy. The page must reload
// by itself after a change, and show a failed build's error as text.
func TestServeInBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is missing: scripts/test.sh installs it")
		}
		t.Skip("chromium is missing: run scripts/deps.sh --test")
	}
	dir := serveProject(t)
	url, _, _ := startServe(t, "--config", filepath.Join(dir, "boardpack.toml"), "--quiet")

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium))...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	// Every message of the browser about the page: a policy that blocked
	// the event stream would show here.
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy") {
				problems = append(problems, ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	// until evaluates js until it is true, for up to 5 s. chromedp.Poll
	// would not do: it ends with an error when the page reloads.
	until := func(what, js string) {
		t.Helper()
		for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("%s: not within 5 s", what)
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	until("the first page", `document.body.innerText.includes("The first note of October.")`)

	writeFile(t, filepath.Join(dir, "content", "2026-10.md"), "The second note of October.\n")
	until("the page reloads itself", `document.body.innerText.includes("The second note of October.")`)

	arr, err := os.ReadFile(filepath.Join(dir, "data", "arr_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "data", "arr_monthly.csv"), strings.Replace(string(arr), "a,2026-10,100", "a,2026-10,<b>12k</b>", 1))
	until("the error overlay", `(document.querySelector("[role=alert] pre")?.textContent ?? "").includes("<b>12k</b>")`)
	until("the error is text", `document.querySelectorAll("[role=alert] b").length === 0`)
	until("the last good page stays", `document.body.innerText.includes("The second note of October.")`)

	writeFile(t, filepath.Join(dir, "data", "arr_monthly.csv"), string(arr))
	until("the overlay goes after the fix", `document.readyState === "complete" && document.querySelector("[role=alert]") === null`)
	mu.Lock()
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
	problems = nil
	mu.Unlock()

	// A first build that fails: the error page shows the error, stays put
	// (its stream repeats that error on connecting), follows a new error
	// and gives way to the site once the data is fixed.
	broken := serveProject(t)
	writeFile(t, filepath.Join(broken, "data", "accounts.csv"), "account_id,account_name\n")
	url, _, _ = startServe(t, "--config", filepath.Join(broken, "boardpack.toml"), "--quiet")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	until("the error page", `document.getElementById("boardpack-error")?.textContent.includes("accounts.csv") ?? false`)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.stayed = true`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	until("the error page stays", `window.stayed === true`)
	writeFile(t, filepath.Join(broken, "data", "arr_monthly.csv"), strings.Replace(string(arr), "a,2026-10,100", "a,2026-10,12k", 1))
	writeFile(t, filepath.Join(broken, "data", "accounts.csv"), serveAccounts)
	until("the error page follows a new error", `document.getElementById("boardpack-error")?.textContent.includes("12k") ?? false`)
	writeFile(t, filepath.Join(broken, "data", "arr_monthly.csv"), string(arr))
	until("the site after the fix", `document.body.innerText.includes("The first note of October.")`)
	// Its messages are the error page's own status, 500, alone.
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		if !strings.Contains(p, "status of 500") {
			t.Errorf("browser: %s", p)
		}
	}
}
