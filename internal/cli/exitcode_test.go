package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/cli"
)

// writeFiles writes files, named by slash-separated paths, under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExitCodes checks the exit codes scripts and CI rely on: 0 when all
// went well, 1 for bad data or configuration, 2 for a command line that
// cannot be understood.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		// An empty configuration is the defaults; naming it keeps the
		// test from picking up a boardpack.toml of the working directory.
		"empty.toml": "",
		"typo.toml":  "compnay = \"Acme\"\n",
		"good/accounts.csv": "account_id,segment\n" +
			"a,SMB\n" +
			"b,SMB\n",
		"good/arr_monthly.csv": "account_id,month,arr\n" +
			"a,2025-06,100\n" +
			"b,2025-06,100\n" +
			"a,2026-06,120\n",
		"bad/accounts.csv": "account_id\n" +
			"a\n" +
			"a\n",
		"bad/arr_monthly.csv": "account_id,month,arr\n" +
			"a,2025-06,-1\n",
	})
	path := func(name string) string { return filepath.Join(dir, name) }
	cfg := []string{"--config", path("empty.toml"), "--no-pdf"}
	good := append([]string{"--data", path("good")}, cfg...)
	bad := append([]string{"--data", path("bad")}, cfg...)
	cat := func(args ...[]string) []string {
		var out []string
		for _, a := range args {
			out = append(out, a...)
		}
		return out
	}

	tests := []struct {
		name string
		args []string
		want int
		out  string // the output folder the run names, if any
	}{
		{"build", cat([]string{"build", "--out", path("out-good")}, good), cli.ExitOK, "out-good"},
		{"build as of a date", cat([]string{"build", "--as-of", "2026-06-30", "--out", path("out-date")}, good), cli.ExitOK, "out-date"},
		{"validate", cat([]string{"validate"}, good), cli.ExitOK, ""},
		{"version", []string{"version"}, cli.ExitOK, ""},
		{"help", []string{"help"}, cli.ExitOK, ""},
		{"init", []string{"init", path("new")}, cli.ExitOK, ""},

		{"build bad data", cat([]string{"build", "--out", path("out-bad")}, bad), cli.ExitError, "out-bad"},
		{"validate bad data", cat([]string{"validate"}, bad), cli.ExitError, ""},
		{"no data folder", cat([]string{"build", "--data", path("none"), "--out", path("out-none")}, cfg), cli.ExitError, "out-none"},
		{"as of after the data", cat([]string{"build", "--as-of", "2026-07", "--out", path("out-late")}, good), cli.ExitError, "out-late"},
		{"unknown config key", []string{"build", "--config", path("typo.toml"), "--data", path("good"), "--out", path("out-typo")}, cli.ExitError, "out-typo"},
		{"missing config", []string{"build", "--config", path("none.toml"), "--data", path("good"), "--out", path("out-nocfg")}, cli.ExitError, "out-nocfg"},
		{"init a folder in use", []string{"init", path("good")}, cli.ExitError, ""},

		{"no arguments", nil, cli.ExitUsage, ""},
		{"unknown command", []string{"frobnicate"}, cli.ExitUsage, ""},
		{"unknown flag", cat([]string{"build", "--nope", "--out", path("out-flag")}, good), cli.ExitUsage, "out-flag"},
		{"unknown validate flag", []string{"validate", "--nope"}, cli.ExitUsage, ""},
		{"stray argument", cat([]string{"build", "--out", path("out-arg")}, good, []string{"extra"}), cli.ExitUsage, "out-arg"},
		{"bad --as-of", cat([]string{"build", "--as-of", "2026-13", "--out", path("out-asof")}, good), cli.ExitUsage, "out-asof"},
		{"init without a folder", []string{"init"}, cli.ExitUsage, ""},
		{"init two folders", []string{"init", path("x"), path("y")}, cli.ExitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := cli.Run(tt.args, &stdout, &stderr)
			if got != tt.want {
				t.Fatalf("boardpack %s: exit %d, want %d\nstderr:\n%s", strings.Join(tt.args, " "), got, tt.want, stderr.String())
			}
			if got != cli.ExitOK && !strings.HasPrefix(stderr.String(), "boardpack") {
				t.Errorf("a failure should say why on stderr, prefixed by the tool's name; stderr:\n%s", stderr.String())
			}
			if tt.out == "" {
				return
			}
			// A build writes its whole output or, when it fails, nothing.
			_, err := os.Stat(filepath.Join(path(tt.out), "metrics.json"))
			switch {
			case got == cli.ExitOK && err != nil:
				t.Errorf("the build wrote no metrics.json: %v", err)
			case got != cli.ExitOK:
				if _, err := os.Stat(path(tt.out)); !os.IsNotExist(err) {
					t.Errorf("the failed build left %s behind (stat: %v)", tt.out, err)
				}
			}
		})
	}
}
