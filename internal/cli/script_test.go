package cli_test

import (
	"errors"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/boardpack/boardpack/internal/cli"
)

// TestMain lets the test binary stand in for boardpack: testscript copies
// it onto the scripts' PATH under that name, so the scripts run the real
// command line (flags, exit codes, stdout and stderr) in a process of its
// own, as a user would.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"boardpack": func() { os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts of testdata/script. With -update,
// a failing cmp against a file of the archive rewrites that file.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                "testdata/script",
		RequireUniqueNames: true,
		UpdateScripts:      *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"onlyfiles": cmdOnlyfiles,
			"greptree":  cmdGreptree,
			"links":     cmdLinks,
			"gzip":      cmdGzip,
			"parquet":   cmdParquet,
		},
	})
}

// cmdExitcode runs a program and checks its exit status, which `! exec`
// cannot: it only knows zero from non-zero, and boardpack promises 1 for
// bad data and 2 for bad usage. The program's stdout and stderr are kept
// for the stdout and stderr commands that follow.
//
//	exitcode N program [args...]
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode (give the expected code instead)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdOnlyfiles checks that a folder holds exactly the named entries, hidden
// ones included. A build publishes through a temporary folder beside its
// output, and exists cannot say that no such folder was left behind.
//
//	onlyfiles DIR [name...]
func cmdOnlyfiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! onlyfiles")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: onlyfiles DIR [name...]")
	}
	entries, err := os.ReadDir(ts.MkAbs(args[0]))
	ts.Check(err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(args[1:]))
	if !slices.Equal(got, want) {
		ts.Fatalf("%s holds %q, want %q", args[0], got, want)
	}
}

// cmdGreptree looks for a regular expression in every HTML page under a
// folder. Negated, it fails on any page that matches, which is how a script
// says that no page of the site contains something, including pages that
// are added later.
//
//	greptree PATTERN DIR
func cmdGreptree(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: greptree PATTERN DIR")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	root := ts.MkAbs(args[1])
	var matched []string
	pages := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pages++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if re.Match(data) {
			rel, _ := filepath.Rel(root, path)
			matched = append(matched, filepath.ToSlash(rel))
		}
		return nil
	})
	ts.Check(err)
	if pages == 0 {
		ts.Fatalf("no HTML pages under %s", args[1])
	}
	switch {
	case neg && len(matched) > 0:
		ts.Fatalf("%q found in %s", args[0], strings.Join(matched, ", "))
	case !neg && len(matched) == 0:
		ts.Fatalf("%q found in none of the %d pages under %s", args[0], pages, args[1])
	}
}

// linkAttr matches the targets of href and src attributes.
var linkAttr = regexp.MustCompile(`\b(?:href|src)="([^"]*)"`)

// cmdLinks checks that every relative link and script or image source of
// every HTML page under a folder names a file of the site: the site is
// opened from the file system, where a broken link has no server to fall
// back on. Links with a scheme (https:, mailto:) are not followed.
//
//	links DIR
func cmdLinks(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! links")
	}
	if len(args) != 1 {
		ts.Fatalf("usage: links DIR")
	}
	root := ts.MkAbs(args[0])
	var broken []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		page, _ := filepath.Rel(root, path)
		for _, m := range linkAttr.FindAllSubmatch(data, -1) {
			target := html.UnescapeString(string(m[1]))
			target, _, _ = strings.Cut(target, "#")
			target, _, _ = strings.Cut(target, "?")
			if target == "" || strings.Contains(target, ":") || strings.HasPrefix(target, "//") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(target))); err != nil {
				broken = append(broken, filepath.ToSlash(page)+": "+string(m[1]))
			}
		}
		return nil
	})
	ts.Check(err)
	if len(broken) > 0 {
		ts.Fatalf("broken links:\n%s", strings.Join(slices.Compact(broken), "\n"))
	}
}
