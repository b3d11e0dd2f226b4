// Package cli is boardpack's command line: it parses arguments and runs the
// pipeline load -> metrics -> report -> render -> publish.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/boardpack/boardpack/internal/config"
	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/period"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // bad data or a failed build
	ExitUsage = 2
)

// Version is set at link time (-ldflags "-X .../cli.Version=v1.2.3").
var Version = "dev"

const usage = `boardpack turns Customer Success extracts into a metrics site and board packs.

Usage:
  boardpack build     [flags]   read the data, compute, write the site and metrics.json
  boardpack serve     [flags]   build the site, serve it on 127.0.0.1 and rebuild it,
                                reloading the browser, when its files change
  boardpack validate  [flags]   check the inputs only
  boardpack init DIR            create a report project in DIR (new or empty)
                                that builds as it is, with sample data
  boardpack version             print the version

Flags:
  --config FILE   configuration file (default boardpack.toml, optional)
  --data DIR      data folder (default: the config's data, else ./data)
  --out DIR       output folder (default: the config's output.dir, else ./public)
  --as-of DATE    YYYY-MM, or a date: the last complete month at or before it
                  (default: the last month in the data)
  --no-pdf        do not print the board packs
  --quiet         print nothing but errors
  --verbose       also list unknown columns and timings
  --cpuprofile F  write a CPU profile to F

Serve flags (serve builds no board packs unless asked, for speed):
  --port N        the port (default 1313, or a free one when 1313 is taken)
  --pdf           also print the board packs
`

// Run runs boardpack with args (without the program name) and returns its
// exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build", "validate":
		return runPipeline(cmd, rest, stdout, stderr)
	case "serve":
		return serveCommand(rest, stdout, stderr)
	case "init":
		return runInit(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "boardpack: unknown command %q\n\n%s", cmd, usage)
		return ExitUsage
	}
}

func versionString() string {
	commit, goVersion := "unknown", runtime.Version()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
		}
	}
	return fmt.Sprintf("boardpack %s (commit %s, %s)", Version, commit, goVersion)
}

// options are a build's settings after flags and configuration.
type options struct {
	cfg        config.Config
	data, out  string
	content    string
	asOf       period.Month // 0: the last month in the data
	asOfDay    period.Day   // the --as-of date (a month's last day for YYYY-MM), or NoDay
	pdf        bool
	quiet      bool
	verbose    bool
	cpuprofile string
}

// parseFlags reads the flags and the configuration. A command's own flags
// are defined by extra.
func parseFlags(cmd string, args []string, stderr io.Writer, extra ...func(*flag.FlagSet)) (options, error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, define := range extra {
		define(fs)
	}
	cfgFile := fs.String("config", config.DefaultFile, "")
	data := fs.String("data", "", "")
	out := fs.String("out", "", "")
	asOf := fs.String("as-of", "", "")
	noPDF := fs.Bool("no-pdf", false, "")
	quiet := fs.Bool("quiet", false, "")
	verbose := fs.Bool("verbose", false, "")
	cpuprofile := fs.String("cpuprofile", "", "")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	cfg, err := config.Load(*cfgFile, explicit)
	if err != nil {
		return options{}, &configError{err}
	}
	o := options{
		cfg: cfg, data: cfg.Path(cfg.Data), out: cfg.Path(cfg.Output.Dir), content: cfg.Path(cfg.Content),
		pdf: cfg.Output.PDF && !*noPDF, quiet: *quiet, verbose: *verbose, cpuprofile: *cpuprofile,
	}
	if *data != "" {
		o.data = *data
	}
	if *out != "" {
		o.out = *out
	}
	o.asOfDay = period.NoDay
	if *asOf != "" {
		if o.asOf, err = period.AsOf(*asOf); err != nil {
			return options{}, fmt.Errorf("--as-of: %w", err)
		}
		o.asOfDay = o.asOf.LastDay()
		if d, err := period.ParseDay(*asOf); err == nil {
			o.asOfDay = d
		}
	}
	return o, nil
}

// configError is a configuration that cannot be used: a data error (exit
// 1), not a usage error.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }

// flagsFailed reports an error of parseFlags and returns the exit code:
// a request for help is not a failure.
func flagsFailed(cmd string, err error, stdout, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "boardpack %s: %v\n", cmd, err)
	var ce *configError
	if errors.As(err, &ce) {
		return ExitError
	}
	fmt.Fprintf(stderr, "Run 'boardpack help' for the flags.\n")
	return ExitUsage
}

func runPipeline(cmd string, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(cmd, args, stderr)
	if err != nil {
		return flagsFailed(cmd, err, stdout, stderr)
	}
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "boardpack: %v\n", err)
			return ExitError
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "boardpack: %v\n", err)
			return ExitError
		}
		defer pprof.StopCPUProfile()
	}
	limitMemory()
	log := newLogger(stderr, o.quiet, o.verbose)
	b, err := build(o, log, cmd == "build")
	if err != nil {
		log.clear()
		msg := err.Error()
		var le *load.Errors
		if errors.As(err, &le) {
			msg = le.Error()
		}
		// An error may list several problems, one a line, as those of the
		// data and of the commentary do: each line gets the prefix.
		for _, line := range strings.Split(msg, "\n") {
			fmt.Fprintf(stderr, "boardpack: %s\n", line)
		}
		if le != nil {
			if cmd == "build" {
				fmt.Fprintf(stderr, "boardpack: %s: nothing was written\n", plural(le.Total, "problem"))
			} else {
				fmt.Fprintf(stderr, "boardpack: %s\n", plural(le.Total, "problem"))
			}
		}
		return ExitError
	}
	log.done(b, cmd)
	return ExitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// softMemoryLimit is the heap size above which the garbage collector works
// harder rather than let the heap double. A build's garbage comes in
// bursts (the parsed blocks of a large extract), and without a limit the
// heap of a 100,000-account build grows to twice what it holds live: 500
// to 800 MB peak where 400 MB suffices, at no measurable cost in time.
const softMemoryLimit = 400 << 20

// limitMemory sets softMemoryLimit unless GOMEMLIMIT says otherwise. A
// soft limit never fails a build: above it the collector runs more often,
// and the runtime caps the time it spends doing so.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
